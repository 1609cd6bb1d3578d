//! The entry-point catalogue as the macros see it: `psa_catalogue::entry_points!` expanded
//! at this crate's compile time, the same table psa-core expands into `EntryPoint`,
//! `entry::<ep>`, the `Driver` consts and `Dispatch` (both crates pin the catalogue with `=`).

use proc_macro2::{Ident, Span};

/// Which kind of driver may implement an entry point (`psa_core::entry::Implementers`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Implementers {
    Both,
    TransparentOnly,
    OpaqueOnly,
}

/// How an entry point is routed (`psa_core::entry::Shape`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Keyed,
    Keyless,
    KeyedSetup,
    KeylessSetup,
    Step,
    Clone,
    Abort,
}

impl Shape {
    /// Whether the entry point belongs to a multi-part operation (and so uses a context).
    pub(crate) fn is_multi_part(self) -> bool {
        !matches!(self, Shape::Keyed | Shape::Keyless)
    }
    /// Whether it starts a multi-part operation.
    pub(crate) fn is_setup(self) -> bool {
        matches!(self, Shape::KeyedSetup | Shape::KeylessSetup)
    }
}

/// How a multi-part family's entry points must be declared together (the catalogue's rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    /// Not part of a multi-part operation.
    Single,
    /// Every driver of the family declares it.
    Required,
    /// May be left out.
    Optional,
    /// One of the family's setups; a driver declares at least one. With a partner, the setup
    /// and its partner are declared together.
    Setup(Option<&'static str>),
    /// The partner of a `Setup(Some(_))`.
    Paired,
}

/// One entry point of the catalogue.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EntryPoint {
    /// The spec's name, which is also the driver method's name and `psa_core::entry`'s module.
    pub(crate) name: &'static str,
    /// The `psa_core::EntryPoint` variant, e.g. `SignHash`.
    pub(crate) variant: &'static str,
    /// The `Driver` const holding the method, e.g. `SIGN_HASH`.
    pub(crate) konst: &'static str,
    pub(crate) family: Family,
    pub(crate) implementers: Implementers,
    pub(crate) shape: Shape,
    pub(crate) rule: Rule,
    /// Which fields of a request a capability can describe (the catalogue's `request(kind)`).
    pub(crate) request: &'static str,
    /// Whether `psa_core::entry::<name>::Args` has a lifetime (some parameter borrows).
    pub(crate) borrows: bool,
    /// The parameters after the driver (and the context), `(name, type)`, with the types as
    /// psa-core names them (`psa_core::__private::catalogue_types`).
    pub(crate) params: &'static [(&'static str, &'static str)],
    /// What the driver method returns, as the catalogue writes it (`Result<()>` for setups
    /// and clones, whose methods return the context).
    pub(crate) output: &'static str,
    /// How `c_driver!` calls a C implementation (the catalogue's `c glue(…)`), if it can.
    pub(crate) c: Option<CGlue>,
}

/// The catalogue's `c glue(…)`: the `psa_c_driver` function that calls a C driver's entry
/// point, and the C function's parameters.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CGlue {
    /// In `psa_c_driver`, or `psa_c_driver::multipart` for a multi-part entry point.
    pub(crate) function: &'static str,
    /// `(name, C type)`, the types as `psa_c_driver::c_types` names them.
    pub(crate) params: &'static [(&'static str, &'static str)],
}

impl EntryPoint {
    /// The `psa_core::EntryPoint` variant, e.g. `SignHash`.
    pub(crate) fn variant(&self, span: Span) -> Ident {
        Ident::new(self.variant, span)
    }
    /// The `Driver` const holding the method, e.g. `SIGN_HASH`.
    pub(crate) fn const_name(&self, span: Span) -> Ident {
        Ident::new(self.konst, span)
    }
    /// The `psa_core::entry` module and driver method name, e.g. `sign_hash`.
    pub(crate) fn ident(&self, span: Span) -> Ident {
        Ident::new(self.name, span)
    }
    /// `psa_core::entry::<name>::Args`, with an elided lifetime where it has one (`__psa` is
    /// the generated code's path to psa-core).
    pub(crate) fn args_type(&self) -> proc_macro2::TokenStream {
        let module = self.ident(Span::call_site());
        if self.borrows {
            quote::quote!(__psa::entry::#module::Args<'_>)
        } else {
            quote::quote!(__psa::entry::#module::Args)
        }
    }
    /// Whether its requests carry an algorithm a capability's `algorithms` can match.
    pub(crate) fn describes_algorithm(&self) -> bool {
        matches!(
            self.request,
            "keyed_attrs_alg" | "keyed_attrs" | "keyless_alg"
        )
    }
    /// Whether its requests carry a key type and size a capability's `key_types` and
    /// `key_sizes` can match.
    pub(crate) fn describes_key(&self) -> bool {
        matches!(self.request, "keyed_attrs_alg" | "keyed_attrs")
    }
    /// The multi-part operation it belongs to, if any.
    pub(crate) fn multi_part(&self) -> Option<&'static MultiPart> {
        if self.shape.is_multi_part() {
            MultiPart::of(self.family)
        } else {
            None
        }
    }
}

/// A multi-part operation family: its context type on `Driver` and operation type on
/// `Dispatch`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct MultiPart {
    pub(crate) family: Family,
    /// Short name used in messages and generated names, e.g. `hash`.
    pub(crate) name: &'static str,
    /// `Driver`'s associated context type, e.g. `HashContext`.
    pub(crate) context: &'static str,
    /// `Dispatch`'s associated operation type, e.g. `HashOperation`.
    pub(crate) operation: &'static str,
    /// Camel-case name for generated types, e.g. `Hash` in `AppDispatchHashOperation`.
    pub(crate) camel: &'static str,
    /// Whether opaque drivers may own operations of this family.
    pub(crate) opaque: bool,
}

impl MultiPart {
    pub(crate) fn of(family: Family) -> Option<&'static MultiPart> {
        MULTI_PART.iter().find(|m| m.family == family)
    }
}

/// `Rule` of a catalogue row's rule tokens.
macro_rules! rule {
    (single) => {
        Rule::Single
    };
    (required) => {
        Rule::Required
    };
    (optional) => {
        Rule::Optional
    };
    (setup) => {
        Rule::Setup(None)
    };
    (setup($partner:ident)) => {
        Rule::Setup(Some(stringify!($partner)))
    };
    (paired) => {
        Rule::Paired
    };
}

/// Whether any entry point of `family` may be implemented by opaque drivers.
const fn opaque_family(family: Family) -> bool {
    let mut i = 0;
    while i < ALL.len() {
        if ALL[i].family as u8 == family as u8
            && !matches!(ALL[i].implementers, Implementers::TransparentOnly)
        {
            return true;
        }
        i += 1;
    }
    false
}

/// `Option<CGlue>` of a catalogue row's optional `c glue(…)`.
macro_rules! c_glue {
    () => {
        None
    };
    ($function:ident ($($param:ident : $ty:ty),*)) => {
        Some(CGlue {
            function: stringify!($function),
            params: &[$((stringify!($param), stringify!($ty))),*],
        })
    };
}

macro_rules! table {
    (
        families { $(
            $(#[doc = $fdoc:literal])* $fam:ident / $fsnake:ident $([$fctx:ident, $fop:ident])?;
        )* }
        entry_points { $(
            $(#[doc = $doc:literal])*
            $name:ident / $variant:ident / $konst:ident: $family:ident $([$ctx:ident, $op:ident])?,
            $who:ident, $shape:ident, $rule:ident $(($partner:ident))?, request($req:ident),
            $kind:ident $(<$lt:lifetime>)? ( $($arg:ident : $ty:ty),* ) -> $out:ty $(, c $cfn:ident ( $($cp:ident : $cty:ty),* ))?;
        )* }
    ) => {
        /// The operation family of an entry point (`psa_core::entry::Family`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Family {
            $( $fam, )*
        }

        /// Every entry point, in `psa_core::EntryPoint::ALL` order.
        pub(crate) static ALL: &[EntryPoint] = &[$(
            EntryPoint {
                name: stringify!($name),
                variant: stringify!($variant),
                konst: stringify!($konst),
                family: Family::$family,
                implementers: Implementers::$who,
                shape: Shape::$shape,
                rule: rule!($rule $(($partner))?),
                borrows: !stringify!($($lt)?).is_empty(),
                request: stringify!($req),
                params: &[$((stringify!($arg), stringify!($ty))),*],
                output: stringify!($out),
                c: c_glue!($($cfn ($($cp : $cty),*))?),
            },
        )*];

        /// The multi-part families, in catalogue order.
        pub(crate) static MULTI_PART: &[MultiPart] = &[$($(
            MultiPart {
                family: Family::$fam,
                name: stringify!($fsnake),
                context: stringify!($fctx),
                operation: stringify!($fop),
                camel: stringify!($fam),
                opaque: opaque_family(Family::$fam),
            },
        )?)*];
    };
}

psa_catalogue::entry_points!(table);

/// The entry point named `name`.
pub(crate) fn lookup(name: &str) -> Option<&'static EntryPoint> {
    ALL.iter().find(|e| e.name == name)
}

/// `snake_case` to `UpperCamelCase` (`sign_hash` → `SignHash`, `p256` → `P256`).
pub(crate) fn upper_camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    for part in snake.split('_') {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_shape() {
        assert_eq!(ALL.len(), 59);
        assert_eq!(lookup("sign_hash").map(|e| e.shape), Some(Shape::Keyed));
        assert_eq!(upper_camel("aead_update_ad"), "AeadUpdateAd");
        assert_eq!(upper_camel("p256"), "P256");
        assert_eq!(
            ALL[0].const_name(Span::call_site()).to_string(),
            "IMPORT_KEY"
        );
        assert_eq!(MULTI_PART.len(), 6);
        assert!(MULTI_PART.iter().any(|m| m.name == "pake" && m.opaque));
        assert!(MULTI_PART.iter().any(|m| m.name == "mac" && m.opaque));
        assert!(MULTI_PART.iter().any(|m| m.name == "hash" && !m.opaque));
        assert!(
            MULTI_PART
                .iter()
                .any(|m| m.name == "key_derivation" && m.opaque)
        );
        for m in MULTI_PART {
            let setups = ALL
                .iter()
                .filter(|e| e.multi_part() == Some(m) && e.shape.is_setup());
            assert!(setups.count() >= 1, "{}", m.name);
        }
    }
}
