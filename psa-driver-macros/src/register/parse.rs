//! `register_drivers!`'s input: the grammar and the checks that need nothing but the
//! tokens (sections, fields, `#[cfg]`s, kinds). What is generated from it is in the parent
//! module.

use darling::Error;
use proc_macro2::TokenTree;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, LitBool, Path, Token, Type, Visibility, braced, bracketed};

use crate::args::Kind;
use crate::diag::{checked_ident, did_you_mean, error_at, unknown};
use crate::entry_point::upper_camel;

/// The parsed macro input.
pub(crate) struct Registration {
    pub(super) krate: Option<Path>,
    pub(super) attrs: Vec<Attribute>,
    pub(super) vis: Visibility,
    pub(super) ident: Ident,
    /// Transparent drivers in priority order, then opaque ones.
    pub(super) drivers: Vec<Entry>,
    pub(super) builtin: bool,
    /// The core's lock (`lock: path`), if named.
    pub(super) lock: Option<Path>,
    /// `require: [..]`: what the registration must serve (see `require.rs`).
    pub(super) require: Vec<crate::require::RawRequirement>,
    /// `allow_shadowed: [field, ..]`: drivers exempt from the shadowing check.
    pub(super) allow_shadowed: Vec<Ident>,
    /// `self_test: startup | lazy`: power-on known-answer tests of every driver.
    pub(super) self_test: Option<SelfTest>,
    /// `builtin_keys: EXPR`: the built-in key table (`&'static [BuiltinKey]`).
    pub(super) builtin_keys: Option<syn::Expr>,
}

/// `self_test:`'s value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SelfTest {
    /// KATs run when the application calls the dispatcher's `self_test()`.
    Startup,
    /// Each KAT runs on the first request of its entry point to its driver.
    Lazy,
}

const SELF_TEST_MODES: [&str; 2] = ["startup", "lazy"];

/// One `field: Type` entry.
pub(super) struct Entry {
    /// `#[cfg(...)]` attributes, repeated on everything generated for the driver.
    pub(super) cfgs: Vec<Attribute>,
    /// Doc comments, given to the field.
    pub(super) docs: Vec<Attribute>,
    pub(super) field: Ident,
    /// The operation enums' variant, checked to be an identifier (after an error, the field:
    /// nothing is then expanded from it).
    pub(super) variant: Ident,
    pub(super) ty: Type,
    pub(super) kind: Kind,
    /// Position in the registration (receipts and `DriverInfo::index`).
    pub(super) index: u8,
}

const SECTIONS: [&str; 8] = [
    "transparent",
    "opaque",
    "builtin",
    "lock",
    "require",
    "allow_shadowed",
    "self_test",
    "builtin_keys",
];

pub(super) fn parse(input: ParseStream<'_>, errors: &mut Vec<Error>) -> syn::Result<Registration> {
    let krate = if input.peek(Token![crate]) {
        input.parse::<Token![crate]>()?;
        input.parse::<Token![=]>()?;
        let path = input.call(Path::parse_mod_style)?;
        input.parse::<Token![;]>()?;
        Some(path)
    } else {
        None
    };
    let attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    input.parse::<Token![struct]>()?;
    let ident: Ident = input.parse()?;
    if input.peek(Token![<]) {
        return Err(input.error("generic dispatchers are not supported by `register_drivers!`"));
    }
    let body;
    braced!(body in input);
    if !input.is_empty() {
        return Err(input.error("unexpected tokens after the dispatcher struct"));
    }

    let mut seen: Vec<String> = Vec::new();
    let mut misspelt: Vec<&str> = Vec::new();
    let mut sections: [Vec<RawEntry>; 2] = [Vec::new(), Vec::new()];
    let mut builtin = None;
    let mut lock = None;
    let mut require = Vec::new();
    let mut allow_shadowed = Vec::new();
    let mut self_test = None;
    let mut builtin_keys = None;
    while !body.is_empty() {
        let key = body.call(Ident::parse_any)?;
        body.parse::<Token![:]>()?;
        let name = key.to_string();
        let duplicate = seen.contains(&name);
        if duplicate {
            errors.push(error_at(key.span(), format!("duplicate section `{name}`")));
        } else {
            seen.push(name.clone());
        }
        match name.as_str() {
            "transparent" | "opaque" => {
                let list;
                bracketed!(list in body);
                let entries = Punctuated::<RawEntry, Token![,]>::parse_terminated(&list)?;
                if !duplicate {
                    sections[usize::from(name == "opaque")] = entries.into_iter().collect();
                }
            }
            "lock" => {
                let path: Path = body.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "`lock` takes a `RawMutex` type, e.g. `psa_core::lock::CriticalSectionMutex`",
                    )
                })?;
                if !duplicate {
                    lock = Some(path);
                }
            }
            "require" => {
                let list;
                bracketed!(list in body);
                let reqs =
                    Punctuated::<crate::require::RawRequirement, Token![,]>::parse_terminated(
                        &list,
                    )?;
                if !duplicate {
                    require = reqs.into_iter().collect();
                }
            }
            "allow_shadowed" => {
                let list;
                bracketed!(list in body);
                let fields = Punctuated::<Ident, Token![,]>::parse_terminated(&list)?;
                if !duplicate {
                    allow_shadowed = fields.into_iter().collect();
                }
            }
            "builtin_keys" => {
                let expr: syn::Expr = body.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "`builtin_keys` takes the built-in key table, a `&'static [BuiltinKey]` \
                         (e.g. `&BUILTIN_KEYS`)",
                    )
                })?;
                if !duplicate {
                    builtin_keys = Some(expr);
                }
            }
            "self_test" => {
                let what = "`self_test` takes `startup` (KATs run when the application calls \
                            the dispatcher's `self_test()`) or `lazy` (each KAT runs on the first \
                            request of its entry point)";
                let value = body
                    .call(Ident::parse_any)
                    .map_err(|e| syn::Error::new(e.span(), what))?;
                let mode = match value.to_string().as_str() {
                    "startup" => Some(SelfTest::Startup),
                    "lazy" => Some(SelfTest::Lazy),
                    other => {
                        let mut message = format!("unknown self-test mode `{other}`: {what}");
                        if let Some(meant) = did_you_mean(other, SELF_TEST_MODES) {
                            message = format!("{message}; did you mean `{meant}`?");
                        }
                        errors.push(error_at(value.span(), message));
                        None
                    }
                };
                if !duplicate {
                    self_test = mode;
                }
            }
            "builtin" => {
                let lit: LitBool = body
                    .parse()
                    .map_err(|e| syn::Error::new(e.span(), "`builtin` takes `true` or `false`"))?;
                if !duplicate {
                    builtin = Some(lit.value);
                }
            }
            other => {
                errors.push(error_at(key.span(), unknown("section", other, SECTIONS)));
                // "did you mean `builtin`?" says it all; `builtin` is not also "missing".
                if let Some(meant) = did_you_mean(other, SECTIONS) {
                    misspelt.push(meant);
                }
                // Skip the value, so that the other sections are still checked.
                body.step(|cursor| {
                    let mut rest = *cursor;
                    while let Some((tt, next)) = rest.token_tree() {
                        if matches!(&tt, TokenTree::Punct(p) if p.as_char() == ',') {
                            break;
                        }
                        rest = next;
                    }
                    Ok(((), rest))
                })?;
            }
        }
        if body.is_empty() {
            break;
        }
        body.parse::<Token![,]>()?;
    }
    let builtin = builtin.unwrap_or_else(|| {
        if misspelt.contains(&"builtin") {
            return false;
        }
        errors.push(error_at(
            ident.span(),
            format!("`{ident}` is missing `builtin: true` or `builtin: false`"),
        ));
        false
    });

    let [transparent, opaque] = sections;
    let mut drivers = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    for (kind, raw) in transparent
        .into_iter()
        .map(|e| (Kind::Transparent, e))
        .chain(opaque.into_iter().map(|e| (Kind::Opaque, e)))
    {
        let name = raw.field.unraw().to_string();
        let variant = upper_camel(&name);
        // Checked, never `Ident::new` on it: `_` followed by a character that may continue but
        // not start an identifier (U+102D) is a field name whose variant (`\u{102D}`) is not one.
        let variant_ident = checked_ident(&variant, raw.field.span());
        if name.starts_with("__psa") {
            errors.push(error_at(
                raw.field.span(),
                format!("driver field `{name}`: names starting with `__psa` are reserved"),
            ));
        } else if variant_ident.is_none() {
            errors.push(error_at(
                raw.field.span(),
                format!("driver field `{name}` does not make an operation variant name (`{variant}`); rename it"),
            ));
        } else if variant == "Builtin" {
            errors.push(error_at(
                raw.field.span(),
                format!("driver field `{name}` would clash with the built-in's operation variant `Builtin`; rename it"),
            ));
        } else if fields.iter().any(|(f, _)| *f == name) {
            errors.push(error_at(
                raw.field.span(),
                format!("duplicate driver field `{name}`"),
            ));
        } else if let Some((other, _)) = fields.iter().find(|(_, v)| *v == variant) {
            errors.push(error_at(
                raw.field.span(),
                format!(
                    "driver fields `{other}` and `{name}` would both be named `{variant}` in the operation enums; rename one"
                ),
            ));
        }
        fields.push((name, variant));
        let mut cfgs = Vec::new();
        let mut docs = Vec::new();
        for attr in raw.attrs {
            if attr.path().is_ident("cfg") {
                cfgs.push(attr);
            } else if attr.path().is_ident("doc") {
                docs.push(attr);
            } else {
                errors.push(error_at(
                    attr.path().span(),
                    "only `#[cfg(...)]` and doc comments are allowed on a driver entry",
                ));
            }
        }
        // Receipts number the candidates in a byte, the built-in after the drivers.
        let Some(index) = u8::try_from(drivers.len()).ok().filter(|&i| i < u8::MAX) else {
            errors.push(error_at(
                raw.field.span(),
                "`register_drivers!` takes at most 255 drivers",
            ));
            break;
        };
        drivers.push(Entry {
            cfgs,
            docs,
            variant: variant_ident.unwrap_or_else(|| raw.field.clone()),
            field: raw.field,
            ty: raw.ty,
            kind,
            index,
        });
    }

    let registration = Registration {
        krate,
        attrs,
        vis,
        ident,
        drivers,
        builtin,
        lock,
        require,
        allow_shadowed,
        self_test,
        builtin_keys,
    };
    crate::require::validate(
        &registration.require,
        &registration.allow_shadowed,
        &registration.proof_drivers(),
        errors,
    );
    Ok(registration)
}

/// `#[attrs] field: Type` as written.
struct RawEntry {
    attrs: Vec<Attribute>,
    field: Ident,
    ty: Type,
}

impl syn::parse::Parse for RawEntry {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let field: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        // Without `+`: `Type + …` is a bare trait object, which no driver is and which
        // cannot stand in `<Type as Driver>`; the `+` is then the error, at its token.
        let ty = input.call(Type::without_plus)?;
        Ok(RawEntry { attrs, field, ty })
    }
}
