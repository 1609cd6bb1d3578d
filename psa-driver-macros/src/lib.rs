//! Procedural macros of the PSA driver framework: [`psa_driver`] turns a driver's impl block
//! into a `psa_core::Driver`, and [`register_drivers!`] generates the dispatcher over a set of
//! drivers. Use them through `psa_core`, which re-exports both.
//!
//! Each macro parses, validates (accumulating every error, each at the user's token) and
//! expands; on error the input is still emitted with the errors, so that one mistake gives
//! one error.

mod args;
mod ast;
mod entry_point;
mod expand;
mod register;
#[cfg(test)]
mod tests;
mod validate;

use proc_macro::TokenStream;

/// Implements `psa_core::Driver` for the type of an inherent `impl` block: the Rust form of a
/// PSA driver description.
///
/// ```
/// use psa_core::{psa_driver, Algorithm, EccFamily, Error, KeyAttributes, KeyType, Result, Rng};
///
/// /// A P-256 signature accelerator.
/// pub struct P256Accel;
///
/// #[psa_driver(
///     prefix = "p256",
///     kind = "transparent",
///     entry_points = [sign_hash, verify_hash],
///     capability(
///         algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH)],
///         key_types = [
///             KeyType::ecc_key_pair(EccFamily::SECP_R1),
///             KeyType::ecc_public_key(EccFamily::SECP_R1),
///         ],
///         key_sizes = [256],
///     ),
/// )]
/// impl P256Accel {
///     fn sign_hash(
///         &self,
///         attributes: &KeyAttributes,
///         key_buffer: &[u8],
///         alg: Algorithm,
///         hash: &[u8],
///         signature: &mut [u8],
///         rng: Rng<'_>,
///     ) -> Result<usize> {
///         Err(Error::NotSupported) // the accelerator's work goes here
///     }
///
///     fn verify_hash(
///         &self,
///         attributes: &KeyAttributes,
///         key_buffer: &[u8],
///         alg: Algorithm,
///         hash: &[u8],
///         signature: &[u8],
///     ) -> Result<()> {
///         Err(Error::NotSupported)
///     }
/// }
/// ```
///
/// An opaque driver names the location whose keys it holds, and may not fall back:
///
/// ```
/// use psa_core::{psa_driver, Error, KeyAttributes, Location, Result};
///
/// pub struct SecureElement;
///
/// #[psa_driver(
///     prefix = "se",
///     kind = "opaque",
///     location = Location::vendor(1),
///     entry_points = [export_key, destroy_key],
/// )]
/// impl SecureElement {
///     fn export_key(&self, attributes: &KeyAttributes, key_buffer: &[u8], data: &mut [u8]) -> Result<usize> {
///         Err(Error::NotPermitted)
///     }
///     fn destroy_key(&self, attributes: &KeyAttributes, key_buffer: &[u8]) -> Result<()> {
///         Ok(())
///     }
/// }
/// ```
///
/// # Arguments
///
/// | Argument | | Meaning |
/// |---|---|---|
/// | `prefix = "acme"` | required | The driver's name: an identifier, unique among registered drivers. |
/// | `kind = "transparent"` or `"opaque"` | required | Transparent drivers work on keys in local storage (location 0) and may decline with `NOT_SUPPORTED`; opaque drivers hold their keys at their own location and their status is final. |
/// | `entry_points = [sign_hash, ...]` | required | The entry points the impl block implements, each by a method of the same name. |
/// | `location = <expr>` | opaque only, required | A `psa_core::Location` const expression, e.g. `Location::vendor(1)`. |
/// | `capability(...)` | optional, repeatable | What the driver serves; see below. Without any, every declared entry point is tried for every request. |
/// | `guard = path` | optional | A `fn(&psa_core::Request) -> bool` for what capabilities cannot express; `false` skips the driver. |
/// | `crate = path` | optional | Where `psa_core` is, if the dependency is renamed (default `::psa_core`). |
///
/// `capability(entry_points = [...], algorithms = [...], key_types = [...], key_sizes = [...],
/// fallback = <bool>)`: every list is optional, and an omitted or empty list means "all".
/// `entry_points` must be among the driver's; `algorithms` are `psa_core::Algorithm` const
/// expressions (wildcards such as `Algorithm::ecdsa(Algorithm::ANY_HASH)` match their
/// instances); `key_types` are `psa_core::KeyType` const expressions (`EccFamily::ANY` matches
/// every curve family); `key_sizes` are bits. A request outside every capability that names
/// its entry point skips the driver. `fallback` (transparent drivers only, default `true`)
/// says whether a `NOT_SUPPORTED` from the driver goes on to the next driver and the built-in;
/// with `false`, the driver's answer is final. Capabilities are checked at compile time: a
/// key size that no curve of the named family has, or an algorithm that cannot use the named
/// key types, is an error at the capability.
///
/// # Entry points
///
/// Each listed entry point is a method of the same name whose signature must coerce to
/// `psa_core::entry::<name>::DriverFn` (the one definition of each signature); a mismatch
/// is a type error at the method. Multi-part setups return the driver's context type `C`,
/// steps and abort take `&mut C` (the core drops the context in place after abort), clone
/// takes `&C`. Types below are
/// `psa_core`'s; `Result<T>` is `psa_core::Result<T>`.
///
/// | Entry point | Kinds | Method |
/// |---|---|---|
/// | `import_key` | both | `fn(&self, attributes: &KeyAttributes, data: &[u8], key_buffer: &mut [u8]) -> Result<ImportedKey>` |
/// | `export_public_key` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], data: &mut [u8]) -> Result<usize>` |
/// | `export_key` | opaque | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], data: &mut [u8]) -> Result<usize>` |
/// | `copy_key` | opaque | `fn(&self, attributes: &KeyAttributes, source_key: &[u8], target_key_buffer: &mut [u8]) -> Result<usize>` |
/// | `get_builtin_key` | opaque | `fn(&self, slot_number: SlotNumber, attributes: &mut KeyAttributes, key_buffer: &mut [u8]) -> Result<usize>` |
/// | `generate_key` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &mut [u8], rng: Rng<'_>) -> Result<usize>` |
/// | `allocate_key` | opaque | `fn(&self, attributes: &KeyAttributes, key_buffer: &mut [u8]) -> Result<usize>` |
/// | `destroy_key` | opaque | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8]) -> Result<()>` |
/// | `hash_compute` | transparent | `fn(&self, alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize>` |
/// | `hash_setup` | transparent | `fn(&self, alg: Algorithm) -> Result<C>` |
/// | `hash_update` | transparent | `fn(&self, ctx: &mut C, input: &[u8]) -> Result<()>` |
/// | `hash_finish` | transparent | `fn(&self, ctx: &mut C, hash: &mut [u8]) -> Result<usize>` |
/// | `hash_clone` | transparent | `fn(&self, ctx: &C) -> Result<C>` |
/// | `hash_abort` | transparent | `fn(&self, ctx: &mut C) -> Result<()>` |
/// | `mac_compute` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, input: &[u8], mac: &mut [u8]) -> Result<usize>` |
/// | `mac_sign_setup`, `mac_verify_setup` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm) -> Result<C>` |
/// | `mac_update` | both | `fn(&self, ctx: &mut C, input: &[u8]) -> Result<()>` |
/// | `mac_sign_finish` | both | `fn(&self, ctx: &mut C, mac: &mut [u8]) -> Result<usize>` |
/// | `mac_verify_finish` | both | `fn(&self, ctx: &mut C, mac: &[u8]) -> Result<()>` |
/// | `mac_abort` | both | `fn(&self, ctx: &mut C) -> Result<()>` |
/// | `cipher_encrypt` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, iv: &[u8], input: &[u8], output: &mut [u8]) -> Result<usize>` |
/// | `cipher_decrypt` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, input: &[u8], output: &mut [u8]) -> Result<usize>` |
/// | `cipher_encrypt_setup`, `cipher_decrypt_setup` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm) -> Result<C>` |
/// | `cipher_set_iv` | both | `fn(&self, ctx: &mut C, iv: &[u8]) -> Result<()>` |
/// | `cipher_update` | both | `fn(&self, ctx: &mut C, input: &[u8], output: &mut [u8]) -> Result<usize>` |
/// | `cipher_finish` | both | `fn(&self, ctx: &mut C, output: &mut [u8]) -> Result<usize>` |
/// | `cipher_abort` | both | `fn(&self, ctx: &mut C) -> Result<()>` |
/// | `aead_encrypt` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, nonce: &[u8], additional_data: &[u8], plaintext: &[u8], ciphertext: &mut [u8]) -> Result<usize>` |
/// | `aead_decrypt` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, nonce: &[u8], additional_data: &[u8], ciphertext: &[u8], plaintext: &mut [u8]) -> Result<usize>` |
/// | `aead_encrypt_setup`, `aead_decrypt_setup` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm) -> Result<C>` |
/// | `aead_set_nonce` | both | `fn(&self, ctx: &mut C, nonce: &[u8]) -> Result<()>` |
/// | `aead_set_lengths` | both | `fn(&self, ctx: &mut C, ad_length: usize, plaintext_length: usize) -> Result<()>` |
/// | `aead_update_ad` | both | `fn(&self, ctx: &mut C, input: &[u8]) -> Result<()>` |
/// | `aead_update` | both | `fn(&self, ctx: &mut C, input: &[u8], output: &mut [u8]) -> Result<usize>` |
/// | `aead_finish` | both | `fn(&self, ctx: &mut C, ciphertext: &mut [u8], tag: &mut [u8]) -> Result<(usize, usize)>` |
/// | `aead_verify` | both | `fn(&self, ctx: &mut C, plaintext: &mut [u8], tag: &[u8]) -> Result<usize>` |
/// | `aead_abort` | both | `fn(&self, ctx: &mut C) -> Result<()>` |
/// | `sign_hash` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, hash: &[u8], signature: &mut [u8], rng: Rng<'_>) -> Result<usize>` |
/// | `verify_hash` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, hash: &[u8], signature: &[u8]) -> Result<()>` |
/// | `sign_message` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, input: &[u8], signature: &mut [u8], rng: Rng<'_>) -> Result<usize>` |
/// | `verify_message` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, input: &[u8], signature: &[u8]) -> Result<()>` |
/// | `asymmetric_encrypt` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, input: &[u8], salt: &[u8], output: &mut [u8], rng: Rng<'_>) -> Result<usize>` |
/// | `asymmetric_decrypt` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, input: &[u8], salt: &[u8], output: &mut [u8]) -> Result<usize>` |
/// | `key_agreement` | both | `fn(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, peer_key: &[u8], shared_secret: &mut [u8]) -> Result<usize>` |
/// | `key_derivation_setup` | transparent | `fn(&self, alg: Algorithm) -> Result<C>` |
/// | `key_derivation_input_bytes` | transparent | `fn(&self, ctx: &mut C, step: DerivationStep, data: &[u8]) -> Result<()>` |
/// | `key_derivation_output_bytes` | transparent | `fn(&self, ctx: &mut C, output: &mut [u8]) -> Result<()>` |
/// | `key_derivation_abort` | transparent | `fn(&self, ctx: &mut C) -> Result<()>` |
/// | `get_random` | transparent | `fn(&self, output: &mut [u8]) -> Result<()>` |
///
/// A multi-part family is implemented whole or not at all: hash needs `hash_setup`,
/// `hash_update`, `hash_finish` and `hash_abort` (`hash_clone` is optional); MAC needs
/// `mac_update`, `mac_abort` and at least one of the pairs `mac_sign_setup` + `mac_sign_finish`,
/// `mac_verify_setup` + `mac_verify_finish`; cipher needs a setup, `cipher_set_iv`,
/// `cipher_update`, `cipher_finish` and `cipher_abort`; AEAD needs a setup, `aead_set_nonce`,
/// `aead_update_ad`, `aead_update` and `aead_abort`, with `aead_finish` exactly when
/// `aead_encrypt_setup` is there and `aead_verify` exactly when `aead_decrypt_setup` is
/// (`aead_set_lengths` is optional); key derivation needs all four. The context type is the
/// setup's `Result<C>`, and every step must name the same `C`.
///
/// ```
/// use psa_core::{psa_driver, Algorithm, Error, Result};
///
/// pub struct Sha256Accel;
/// pub struct Sha256State([u8; 32]);
///
/// #[psa_driver(prefix = "sha", kind = "transparent",
///              entry_points = [hash_setup, hash_update, hash_finish, hash_abort])]
/// impl Sha256Accel {
///     fn hash_setup(&self, alg: Algorithm) -> Result<Sha256State> {
///         if alg == Algorithm::SHA_256 { Ok(Sha256State([0; 32])) } else { Err(Error::NotSupported) }
///     }
///     fn hash_update(&self, ctx: &mut Sha256State, input: &[u8]) -> Result<()> { Ok(()) }
///     fn hash_finish(&self, ctx: &mut Sha256State, hash: &mut [u8]) -> Result<usize> { Ok(0) }
///     fn hash_abort(&self, ctx: &mut Sha256State) -> Result<()> { Ok(()) }
/// }
/// ```
///
/// A method named like an entry point must be listed (or renamed), so that no method the
/// author meant as an entry point is silently left out of dispatch.
#[proc_macro_attribute]
pub fn psa_driver(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::psa_driver(args.into(), item.into()).into()
}

/// Generates a dispatcher over registered drivers: a struct holding them that implements
/// `psa_core::Dispatch`.
///
/// ```
/// # mod drivers {
/// #     use psa_core::{psa_driver, Algorithm, Error, KeyAttributes, Location, Result};
/// #     pub struct Accel;
/// #     #[psa_driver(prefix = "accel", kind = "transparent", entry_points = [verify_hash])]
/// #     impl Accel {
/// #         fn verify_hash(&self, _: &KeyAttributes, _: &[u8], _: Algorithm, _: &[u8], _: &[u8]) -> Result<()> {
/// #             Err(Error::NotSupported)
/// #         }
/// #     }
/// #     pub struct SecureElement;
/// #     #[psa_driver(prefix = "se", kind = "opaque", location = Location::vendor(1), entry_points = [verify_hash])]
/// #     impl SecureElement {
/// #         fn verify_hash(&self, _: &KeyAttributes, _: &[u8], _: Algorithm, _: &[u8], _: &[u8]) -> Result<()> {
/// #             Ok(())
/// #         }
/// #     }
/// # }
/// use psa_core::register_drivers;
/// use drivers::{Accel, SecureElement};
///
/// register_drivers! {
///     /// The application's dispatcher.
///     pub struct AppDispatch {
///         transparent: [accel: Accel],
///         opaque: [se: SecureElement],
///         builtin: true,
///     }
/// }
///
/// static DISPATCH: AppDispatch = AppDispatch::new(Accel, SecureElement);
/// assert_eq!(AppDispatch::INFO.drivers.len(), 2);
/// ```
///
/// # Syntax
///
/// ```text
/// register_drivers! {
///     crate = path;                      // optional: where `psa_core` is (default `::psa_core`)
///     #[attributes] vis struct Name {
///         transparent: [ #[cfg(...)] field: Type, ... ],   // optional; priority order
///         opaque: [ field: Type, ... ],                    // optional
///         builtin: true | false,                           // required
///     }
/// }
/// ```
///
/// Each entry is a field name and a `#[psa_driver]` type; `#[cfg(...)]` on an entry (the Rust
/// form of `DRIVER_PREFIX_ENABLED`) applies to everything generated for that driver, and doc
/// comments go to its field.
///
/// # What it generates
///
/// - `struct Name { pub field: Type, ... }`, with `const fn new(field: Type, ...)` and
///   `const INFO: psa_core::DispatchInfo` (for dispatch trees and receipts);
/// - one enum per multi-part family, `NameHashOperation`, `NameMacOperation`,
///   `NameCipherOperation`, `NameAeadOperation` and `NameKeyDerivationOperation`, with a
///   variant per driver that may own such an operation (named after its field in
///   `UpperCamelCase`) holding that driver's context, and `Builtin`;
/// - `impl psa_core::Dispatch for Name`. Calls on a key in local storage go to the
///   transparent drivers in order (skipping those whose capabilities or guard do not admit the
///   request), going on after a `NOT_SUPPORTED` where the capability allows fallback, and then
///   to the built-in (or `NOT_SUPPORTED` with `builtin: false`); calls on a key at an opaque
///   driver's location go to that driver, whose status is final; any other location is
///   `INVALID_ARGUMENT`. Later steps of a multi-part operation go to the driver that accepted
///   its setup.
///
/// The registration is checked at compile time, each error at the entry: every type must be
/// a `#[psa_driver]` type, listed in the section of its kind; prefixes are unique; no two
/// opaque drivers own the same location.
#[proc_macro]
pub fn register_drivers(input: TokenStream) -> TokenStream {
    register::register_drivers(input.into()).into()
}

/// The macros' entry point table, for the test that compares it with `psa_core::EntryPoint`.
#[doc(hidden)]
#[proc_macro]
pub fn __entry_point_table(input: TokenStream) -> TokenStream {
    entry_point::table(input.into()).into()
}
