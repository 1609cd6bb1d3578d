//! The built-in software implementation: the last resort of dispatch for local keys.
//!
//! Each family sits behind its own cargo feature (`builtin-ecc`, `builtin-hash`,
//! `builtin-mac`, `builtin-cipher`, `builtin-aead`, `builtin-kdf`); with a family's feature
//! off, its functions return `NOT_SUPPORTED`, so a driver-only build compiles the code out.
//! Functions take the same argument bundles as driver entry points
//! ([`entry`](crate::entry)), so generated dispatch hands them the bundle it gave the drivers.

use crate::entry::{self, ImportedKey};
use crate::{Error, Result};

/// Built-in multi-part hash context.
pub enum HashContext {}
/// Built-in multi-part MAC context.
pub enum MacContext {}
/// Built-in multi-part cipher context.
pub enum CipherContext {}
/// Built-in multi-part AEAD context: multi-part AEAD is served by drivers only.
pub enum AeadContext {}
/// Built-in key derivation context.
pub enum KeyDerivationContext {}

macro_rules! not_supported_plain {
    ($($name:ident),*) => {$(
        #[doc = concat!("Built-in `", stringify!($name), "`.")]
        ///
        /// # Errors
        /// `NOT_SUPPORTED` where the built-in does not serve the request.
        pub fn $name(_args: &mut entry::$name::Args<'_>) -> entry::$name::Output {
            Err(Error::NotSupported)
        }
    )*};
}

not_supported_plain!(
    export_public_key, generate_key, hash_compute, mac_compute, cipher_encrypt, cipher_decrypt,
    aead_encrypt, aead_decrypt, sign_hash, verify_hash, sign_message, verify_message,
    asymmetric_encrypt, asymmetric_decrypt, key_agreement, get_random, export_key, copy_key,
    get_builtin_key, allocate_key, destroy_key
);

/// Built-in `import_key`.
///
/// # Errors
/// `NOT_SUPPORTED` where the built-in does not serve the request.
pub fn import_key(_args: &mut entry::import_key::Args<'_>) -> Result<ImportedKey> {
    Err(Error::NotSupported)
}

macro_rules! not_supported_multipart {
    ($ctx:ident: setup [$($s:ident),*], step [$($t:ident),*], abort $a:ident $(, clone $c:ident)?) => {
        $(
            #[doc = concat!("Built-in `", stringify!($s), "`.")]
            ///
            /// # Errors
            /// `NOT_SUPPORTED` where the built-in does not serve the request.
            pub fn $s(_args: &mut entry::$s::Args<'_>) -> Result<$ctx> {
                Err(Error::NotSupported)
            }
        )*
        $(
            #[doc = concat!("Built-in `", stringify!($t), "`.")]
            ///
            /// # Errors
            /// Per the entry point.
            pub fn $t(ctx: &mut $ctx, _args: &mut entry::$t::Args<'_>) -> entry::$t::Output {
                match *ctx {}
            }
        )*
        #[doc = concat!("Built-in `", stringify!($a), "`.")]
        ///
        /// # Errors
        /// None in practice.
        pub fn $a(ctx: $ctx) -> Result<()> {
            match ctx {}
        }
        $(
            #[doc = concat!("Built-in `", stringify!($c), "`.")]
            ///
            /// # Errors
            /// None in practice.
            pub fn $c(ctx: &$ctx) -> Result<$ctx> {
                match *ctx {}
            }
        )?
    };
}

not_supported_multipart!(HashContext: setup [hash_setup], step [hash_update, hash_finish], abort hash_abort, clone hash_clone);
not_supported_multipart!(MacContext: setup [mac_sign_setup, mac_verify_setup], step [mac_update, mac_sign_finish, mac_verify_finish], abort mac_abort);
not_supported_multipart!(CipherContext: setup [cipher_encrypt_setup, cipher_decrypt_setup], step [cipher_set_iv, cipher_update, cipher_finish], abort cipher_abort);
not_supported_multipart!(AeadContext: setup [aead_encrypt_setup, aead_decrypt_setup], step [aead_set_nonce, aead_set_lengths, aead_update_ad, aead_update, aead_finish, aead_verify], abort aead_abort);
not_supported_multipart!(KeyDerivationContext: setup [key_derivation_setup], step [key_derivation_input_bytes, key_derivation_output_bytes], abort key_derivation_abort);
