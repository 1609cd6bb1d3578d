//! Procedural macros of the PSA driver framework: [`psa_driver`] turns a driver's impl block
//! into a `psa_core::Driver`, and [`register_drivers!`] generates the dispatcher over a set of
//! drivers. Use them through `psa_core`, which re-exports both.
//!
//! Each macro parses, validates (accumulating every error, each at the user's token) and
//! expands; on error the input is still emitted with the errors, so that one mistake gives
//! one error.

mod args;
mod ast;
mod c_driver;
mod description;
mod diag;
mod entry_point;
mod expand;
mod register;
mod require;
#[cfg(test)]
mod robustness;
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
/// with `false`, the driver's answer is final.
///
/// What each field matches follows the PSA driver interface: on operations, `algorithms`
/// match the requested algorithm; on key-management entry points (`import_key`,
/// `generate_key`, `export_public_key`, …) they match the key's permitted algorithm from its
/// policy, so Mbed TLS's p256-m shape (`entry_points = [import_key, export_public_key]`,
/// `algorithms = [Algorithm::ECDH, Algorithm::ecdsa(Algorithm::ANY_HASH)]`) routes P-256
/// ECDSA and ECDH keys to the driver. A capability without `entry_points` covers only the
/// declared entry points whose requests its fields can describe: `key_types`/`key_sizes`
/// say nothing about `hash_compute`, `get_random` or `get_builtin_key` (the key is not known
/// before the driver loads it), `algorithms` nothing about `get_random` or `get_builtin_key`,
/// so it never disables those. MAC algorithms match exactly: `Algorithm::hmac(Algorithm::SHA_256)`
/// is the full-length MAC only; "HMAC-SHA-256 at any truncation" is
/// `Algorithm::at_least_this_length_mac(Algorithm::hmac(Algorithm::SHA_256), 4)` (full
/// length, or truncated to 4 bytes or more).
///
/// Capabilities are checked at compile time. At the offending element: a field that can never
/// match an entry point the capability names (`key_types`/`key_sizes` on a key-less entry
/// point, `algorithms` on `get_random`, an algorithm of another family such as ECDSA on
/// `hash_compute`, where the algorithm is written as a plain `Algorithm::…` name or call),
/// and a key size that no curve of the named family has. Where the elements are arbitrary
/// const expressions (`const P256: KeyType = …`), a const assertion reports, again at the
/// offending element and naming it and the key type: an algorithm that cannot use a listed
/// key type, and a size that no curve of a listed ECC key type has.
///
/// # Entry points
///
/// Each listed entry point is a method of the same name whose signature must coerce to
/// `psa_core::entry::<name>::DriverFn` (the one definition of each signature); a mismatch
/// is a type error at the method. Multi-part setups return the driver's context type `C`,
/// steps and abort take `&mut C` (the core drops the context in place after abort), clone
/// takes `&C`.
///
/// The entry points, which kinds of driver may implement each, and every signature are listed
/// once, in [`psa_core::entry`](https://docs.rs/psa-core/latest/psa_core/entry/index.html):
/// `psa_core::entry::<name>::DriverFn` is the signature of entry point `<name>` (generated, like
/// this crate's own table, from the one catalogue in `psa-catalogue`), and
/// `psa_core::EntryPoint::implementers` says which kinds may declare it.
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
///
/// # Entry points behind `#[cfg]`
///
/// An entry point whose method carries `#[cfg(...)]` is declared only when the predicate
/// holds: compiled out, it is absent from the driver's `ENTRY_POINTS` and its `Driver` const,
/// so dispatch goes on to the next driver (and the built-in), and dispatch trees leave the
/// driver out there. List it in `entry_points` either way. A multi-part family is compiled in
/// or out as a whole: its required methods carry the same `#[cfg]` (its context type is then
/// the uninhabited `NoContext` when it is out), and an optional one (`hash_clone`,
/// `aead_set_lengths`, `key_derivation_input_integer`) keeps those and may add its own;
/// anything else is an error at the method. Only plain `#[cfg]` is read: a `cfg` applied
/// through `#[cfg_attr(condition, cfg(...))]` is an error at that `cfg` (write
/// `#[cfg(all(condition, ...))]`); a `#[cfg_attr]` applying anything else is left alone.
///
/// ```
/// use psa_core::{psa_driver, Algorithm, Result};
///
/// pub struct Accel;
///
/// #[psa_driver(prefix = "accel", kind = "transparent", entry_points = [hash_compute, get_random])]
/// impl Accel {
///     fn hash_compute(&self, alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
///         Ok(0)
///     }
///     /// Only on parts with a TRNG.
///     #[cfg(target_os = "none")]
///     fn get_random(&self, output: &mut [u8]) -> Result<()> {
///         Ok(())
///     }
/// }
/// ```
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
///         lock: Type,                                      // optional: the core's lock
///     }
/// }
/// ```
///
/// `lock` names the `psa_core::lock::RawMutex` the core uses for its bookkeeping (default
/// `psa_core::lock::DefaultMutex`); see `psa_core::lock` for which lock suits interrupt
/// handlers, RTOS tasks and hosts.
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
///   `UpperCamelCase`) holding that driver's context, and `Builtin` holding the built-in's;
/// - `impl psa_core::Dispatch for Name`. Calls on a key in local storage go to the
///   transparent drivers in order (skipping those whose capabilities or guard do not admit the
///   request), going on after a `NOT_SUPPORTED` where the capability allows fallback, and then
///   to the built-in, `psa_core::builtin::Builtin`, an ordinary driver registered last, for
///   the entry points it declares with the enabled `builtin-*` features (otherwise, and with
///   `builtin: false`, `NOT_SUPPORTED`; without the built-in the core still stores
///   unstructured keys, such as AES, HMAC and raw data, itself); calls on a key at an opaque
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

/// Registers a C driver described by a PSA driver description (JSON): the struct, the
/// `extern "C"` declarations of its entry points and a `#[psa_driver]` impl calling them.
/// Use it through `psa_c_driver::c_driver!`.
///
/// ```text
/// c_driver! {
///     /// The vendor's hash accelerator (C).
///     pub struct AcmeC = "drivers/acme.json";
/// }
/// ```
///
/// The path is relative to the crate's `Cargo.toml`. Entry points are the C functions
/// `<prefix>_<transparent|opaque>_<entry_point>`, or the names the capability's `names` give,
/// with the driver interface's C signatures (see `psa_c_driver`'s C header). Callable:
/// `hash_compute`, `mac_compute`, `import_key`, `export_key`, `export_public_key`,
/// `destroy_key`; any other entry point in the description is a compile error naming it
/// (multi-part families need a context whose size the macro cannot learn).
#[proc_macro]
pub fn c_driver(input: TokenStream) -> TokenStream {
    c_driver::c_driver(input.into()).into()
}
