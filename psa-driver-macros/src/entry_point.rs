//! The one table of driver-interface entry points, as the macros see it.
//!
//! It mirrors `psa_core::EntryPoint` (same names, order, families, implementers and shapes).
//! Two things keep the two in step: every generated reference goes through psa-core's own
//! names (`EntryPoint::SignHash`, `entry::sign_hash::DriverFn`, `Driver::SIGN_HASH`), so a
//! renamed or missing entry point fails to compile; and `tests/ui/tests/catalogue.rs` compares
//! this table, exposed by the hidden `__entry_point_table!` macro, with `EntryPoint::ALL`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The operation family of an entry point (`psa_core::entry::Family`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    KeyManagement,
    Hash,
    Mac,
    Cipher,
    Aead,
    Signature,
    AsymmetricEncryption,
    KeyAgreement,
    KeyDerivation,
    Random,
}

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

/// One entry point of the catalogue.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EntryPoint {
    /// The spec's name, which is also the driver method's name and `psa_core::entry`'s module.
    pub(crate) name: &'static str,
    pub(crate) family: Family,
    pub(crate) implementers: Implementers,
    pub(crate) shape: Shape,
}

impl EntryPoint {
    /// The `psa_core::EntryPoint` variant, e.g. `SignHash`.
    pub(crate) fn variant(&self, span: Span) -> Ident {
        Ident::new(&upper_camel(self.name), span)
    }
    /// The `Driver` const holding the method, e.g. `SIGN_HASH`.
    pub(crate) fn const_name(&self, span: Span) -> Ident {
        Ident::new(&self.name.to_ascii_uppercase(), span)
    }
    /// The `psa_core::entry` module and driver method name, e.g. `sign_hash`.
    pub(crate) fn ident(&self, span: Span) -> Ident {
        Ident::new(self.name, span)
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

/// The multi-part families, in catalogue order.
pub(crate) static MULTI_PART: &[MultiPart] = &[
    MultiPart {
        family: Family::Hash,
        name: "hash",
        context: "HashContext",
        operation: "HashOperation",
        camel: "Hash",
        opaque: false,
    },
    MultiPart {
        family: Family::Mac,
        name: "mac",
        context: "MacContext",
        operation: "MacOperation",
        camel: "Mac",
        opaque: true,
    },
    MultiPart {
        family: Family::Cipher,
        name: "cipher",
        context: "CipherContext",
        operation: "CipherOperation",
        camel: "Cipher",
        opaque: true,
    },
    MultiPart {
        family: Family::Aead,
        name: "aead",
        context: "AeadContext",
        operation: "AeadOperation",
        camel: "Aead",
        opaque: true,
    },
    MultiPart {
        family: Family::KeyDerivation,
        name: "key_derivation",
        context: "KeyDerivationContext",
        operation: "KeyDerivationOperation",
        camel: "KeyDerivation",
        opaque: false,
    },
];

impl MultiPart {
    pub(crate) fn of(family: Family) -> Option<&'static MultiPart> {
        MULTI_PART.iter().find(|m| m.family == family)
    }
}

macro_rules! catalogue {
    ($($name:ident: $family:ident, $who:ident, $shape:ident;)*) => {
        /// Every entry point, in `psa_core::EntryPoint::ALL` order.
        pub(crate) static ALL: &[EntryPoint] = &[$(
            EntryPoint {
                name: stringify!($name),
                family: Family::$family,
                implementers: Implementers::$who,
                shape: Shape::$shape,
            },
        )*];
    };
}

catalogue! {
    import_key: KeyManagement, Both, Keyed;
    export_public_key: KeyManagement, Both, Keyed;
    export_key: KeyManagement, OpaqueOnly, Keyed;
    copy_key: KeyManagement, OpaqueOnly, Keyed;
    get_builtin_key: KeyManagement, OpaqueOnly, Keyed;
    generate_key: KeyManagement, Both, Keyed;
    allocate_key: KeyManagement, OpaqueOnly, Keyed;
    destroy_key: KeyManagement, OpaqueOnly, Keyed;

    hash_compute: Hash, TransparentOnly, Keyless;
    hash_setup: Hash, TransparentOnly, KeylessSetup;
    hash_update: Hash, TransparentOnly, Step;
    hash_finish: Hash, TransparentOnly, Step;
    hash_clone: Hash, TransparentOnly, Clone;
    hash_abort: Hash, TransparentOnly, Abort;

    mac_compute: Mac, Both, Keyed;
    mac_sign_setup: Mac, Both, KeyedSetup;
    mac_verify_setup: Mac, Both, KeyedSetup;
    mac_update: Mac, Both, Step;
    mac_sign_finish: Mac, Both, Step;
    mac_verify_finish: Mac, Both, Step;
    mac_abort: Mac, Both, Abort;

    cipher_encrypt: Cipher, Both, Keyed;
    cipher_decrypt: Cipher, Both, Keyed;
    cipher_encrypt_setup: Cipher, Both, KeyedSetup;
    cipher_decrypt_setup: Cipher, Both, KeyedSetup;
    cipher_set_iv: Cipher, Both, Step;
    cipher_update: Cipher, Both, Step;
    cipher_finish: Cipher, Both, Step;
    cipher_abort: Cipher, Both, Abort;

    aead_encrypt: Aead, Both, Keyed;
    aead_decrypt: Aead, Both, Keyed;
    aead_encrypt_setup: Aead, Both, KeyedSetup;
    aead_decrypt_setup: Aead, Both, KeyedSetup;
    aead_set_nonce: Aead, Both, Step;
    aead_set_lengths: Aead, Both, Step;
    aead_update_ad: Aead, Both, Step;
    aead_update: Aead, Both, Step;
    aead_finish: Aead, Both, Step;
    aead_verify: Aead, Both, Step;
    aead_abort: Aead, Both, Abort;

    sign_hash: Signature, Both, Keyed;
    verify_hash: Signature, Both, Keyed;
    sign_message: Signature, Both, Keyed;
    verify_message: Signature, Both, Keyed;

    asymmetric_encrypt: AsymmetricEncryption, Both, Keyed;
    asymmetric_decrypt: AsymmetricEncryption, Both, Keyed;

    key_agreement: KeyAgreement, Both, Keyed;

    key_derivation_setup: KeyDerivation, TransparentOnly, KeylessSetup;
    key_derivation_input_bytes: KeyDerivation, TransparentOnly, Step;
    key_derivation_output_bytes: KeyDerivation, TransparentOnly, Step;
    key_derivation_abort: KeyDerivation, TransparentOnly, Abort;

    get_random: Random, TransparentOnly, Keyless;
}

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

/// `__entry_point_table!()`: the table as `&[(name, family, implementers, shape)]` string
/// tuples, for the test that compares it with `psa_core::EntryPoint::ALL`.
pub(crate) fn table(input: TokenStream) -> TokenStream {
    if !input.is_empty() {
        return syn::Error::new_spanned(input, "`__entry_point_table!` takes no input")
            .into_compile_error();
    }
    let rows = ALL.iter().map(|e| {
        let name = e.name;
        let family = format!("{:?}", e.family);
        let who = format!("{:?}", e.implementers);
        let shape = format!("{:?}", e.shape);
        quote!((#name, #family, #who, #shape))
    });
    quote!(&[#(#rows),*])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_shape() {
        assert_eq!(ALL.len(), 52);
        assert_eq!(lookup("sign_hash").map(|e| e.shape), Some(Shape::Keyed));
        assert_eq!(upper_camel("aead_update_ad"), "AeadUpdateAd");
        assert_eq!(upper_camel("p256"), "P256");
        assert_eq!(
            ALL[0].const_name(Span::call_site()).to_string(),
            "IMPORT_KEY"
        );
        for m in MULTI_PART {
            let setups = ALL
                .iter()
                .filter(|e| e.multi_part() == Some(m) && e.shape.is_setup());
            assert!(setups.count() >= 1, "{}", m.name);
        }
    }
}
