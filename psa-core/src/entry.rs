//! The driver-interface entry points: the one definition of every signature.
//!
//! Each entry point has a module here (`entry::sign_hash`, …) holding:
//! - `DriverFn<D>` (or `DriverFn<D, C>` for multi-part steps on a context `C`): the type a
//!   driver's method must coerce to. `#[psa_driver]` checks each listed method against it,
//!   so a mismatch is reported at the driver author's method;
//! - `Args`: the call's arguments as one value, which generated dispatch hands from driver
//!   to driver without restating the parameter list;
//! - `ENTRY_POINT`: its [`EntryPoint`] id.
//!
//! Conventions, following the PSA driver interface: operations on a key take
//! `(attributes, key_buffer)`; outputs are `&mut [u8]` whose written length is returned;
//! multi-part setups return the driver's context, steps take it by `&mut`, and `*_abort`
//! releases it in place (the core calls abort exactly once per successful setup, then drops
//! the context where it lies, so a context that wipes itself on drop leaves no copy behind).

use crate::{Algorithm, KeyAttributes, KeyType, Location, Result, Rng, SlotNumber};

/// Which kind of driver may implement an entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Implementers {
    /// Transparent and opaque drivers.
    Both,
    /// Transparent drivers only (no key, or no location: hash, random, key derivation).
    TransparentOnly,
    /// Opaque drivers only (key storage concerns of a location).
    OpaqueOnly,
}

/// How an entry point is shaped, which decides how dispatch routes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A single-part call on a key: routed by the key's location.
    Keyed,
    /// A single-part call without a key: transparent drivers, then the built-in.
    Keyless,
    /// A multi-part setup on a key: routed by location; the accepting driver owns the operation.
    KeyedSetup,
    /// A multi-part setup without a key.
    KeylessSetup,
    /// A later step of a multi-part operation: goes to the owning driver only.
    Step,
    /// Duplicates a multi-part context on its owning driver.
    Clone,
    /// Releases a multi-part context.
    Abort,
}

/// The operation family an entry point belongs to (and, for multi-part ones, which
/// context type of the driver it uses).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Key management.
    KeyManagement,
    /// Hash (`HashContext`).
    Hash,
    /// MAC (`MacContext`).
    Mac,
    /// Unauthenticated cipher (`CipherContext`).
    Cipher,
    /// AEAD (`AeadContext`).
    Aead,
    /// Asymmetric signature.
    Signature,
    /// Asymmetric encryption.
    AsymmetricEncryption,
    /// Key agreement.
    KeyAgreement,
    /// Key derivation (`KeyDerivationContext`).
    KeyDerivation,
    /// Random generation.
    Random,
}

/// What a driver's guard sees of a request: enough to match capabilities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    /// The entry point being dispatched.
    pub entry_point: EntryPoint,
    /// The key's location (`LOCAL_STORAGE` for key-less requests).
    pub location: Location,
    /// The key's type (`NONE` for key-less requests).
    pub key_type: KeyType,
    /// The key's size in bits (0 for key-less requests, or not yet known on import).
    pub bits: usize,
    /// The requested algorithm (`NONE` where the entry point has none).
    pub alg: Algorithm,
}

/// What `import_key` reports about the key it stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportedKey {
    /// Bytes written to the key buffer.
    pub length: usize,
    /// The key's size in bits.
    pub bits: usize,
}

/// A key-derivation input step (`psa_key_derivation_step_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DerivationStep {
    /// `PSA_KEY_DERIVATION_INPUT_SECRET`.
    Secret,
    /// `PSA_KEY_DERIVATION_INPUT_SALT`.
    Salt,
    /// `PSA_KEY_DERIVATION_INPUT_INFO`.
    Info,
    /// `PSA_KEY_DERIVATION_INPUT_LABEL`.
    Label,
    /// `PSA_KEY_DERIVATION_INPUT_SEED`.
    Seed,
}

/// Moves one argument out of an `Args` bundle for a call, reborrowing `&mut` outputs so the
/// bundle can be handed to the next driver when this one declines.
#[doc(hidden)]
pub trait Pass {
    type Out<'s>
    where
        Self: 's;
    fn pass(&mut self) -> Self::Out<'_>;
}

impl<'a, T: ?Sized> Pass for &'a T {
    type Out<'s>
        = &'a T
    where
        Self: 's;
    #[inline(always)]
    fn pass(&mut self) -> &'a T {
        self
    }
}

impl<T: ?Sized> Pass for &mut T {
    type Out<'s>
        = &'s mut T
    where
        Self: 's;
    #[inline(always)]
    fn pass(&mut self) -> &mut T {
        self
    }
}

macro_rules! pass_by_copy {
    ($($t:ty),*) => {$(
        impl Pass for $t {
            type Out<'s> = $t where Self: 's;
            #[inline(always)]
            fn pass(&mut self) -> $t { *self }
        }
    )*};
}
pass_by_copy!(Algorithm, usize, SlotNumber, DerivationStep);

impl<'r> Pass for Rng<'r> {
    type Out<'s>
        = Rng<'r>
    where
        Self: 's;
    #[inline(always)]
    fn pass(&mut self) -> Rng<'r> {
        *self
    }
}

/// Builds the `Request` of an `Args` bundle from the fields it has.
macro_rules! request {
    ($ep:ident, $s:ident, keyed_attrs_alg) => {
        Request {
            entry_point: EntryPoint::$ep,
            location: $s.attributes.location(),
            key_type: $s.attributes.key_type(),
            bits: $s.attributes.bits(),
            alg: $s.alg,
        }
    };
    ($ep:ident, $s:ident, keyed_attrs) => {
        Request {
            entry_point: EntryPoint::$ep,
            location: $s.attributes.location(),
            key_type: $s.attributes.key_type(),
            bits: $s.attributes.bits(),
            alg: Algorithm::NONE,
        }
    };
    ($ep:ident, $s:ident, keyless_alg) => {
        Request {
            entry_point: EntryPoint::$ep,
            location: Location::LOCAL_STORAGE,
            key_type: KeyType::NONE,
            bits: 0,
            alg: $s.alg,
        }
    };
    ($ep:ident, $s:ident, none) => {
        Request {
            entry_point: EntryPoint::$ep,
            location: Location::LOCAL_STORAGE,
            key_type: KeyType::NONE,
            bits: 0,
            alg: Algorithm::NONE,
        }
    };
}

macro_rules! catalogue {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident / $variant:ident: $family:ident, $who:ident, $shape:ident, request($req:ident),
        $kind:tt ( $($arg:ident : $ty:ty),* ) -> $out:ty;
    )*) => {
        /// Every entry point of the driver interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum EntryPoint {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl EntryPoint {
            /// Every entry point, in catalogue order.
            pub const ALL: &'static [EntryPoint] = &[$(EntryPoint::$variant),*];
            /// The number of entry points.
            pub const COUNT: usize = Self::ALL.len();

            /// The spec's name, e.g. `sign_hash`.
            pub const fn name(self) -> &'static str {
                match self { $(EntryPoint::$variant => stringify!($name),)* }
            }
            /// The operation family.
            pub const fn family(self) -> Family {
                match self { $(EntryPoint::$variant => Family::$family,)* }
            }
            /// Which kind of driver may implement it.
            pub const fn implementers(self) -> Implementers {
                match self { $(EntryPoint::$variant => Implementers::$who,)* }
            }
            /// How it is routed.
            pub const fn shape(self) -> Shape {
                match self { $(EntryPoint::$variant => Shape::$shape,)* }
            }
            /// Its position in [`EntryPoint::ALL`].
            pub const fn index(self) -> usize {
                self as usize
            }
            /// The entry point with this spec name.
            pub fn from_name(name: &str) -> Option<EntryPoint> {
                Self::ALL.iter().copied().find(|e| e.name() == name)
            }
        }

        $(
            catalogue!(@module $(#[doc = $doc])* $name / $variant, $req, $kind ( $($arg : $ty),* ) -> $out);
        )*
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident, $req:ident,
        plain ( $($arg:ident : $ty:ty),* ) -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to: `fn(&self, …)`.
            pub type DriverFn<D> = for<'a> fn(&'a D, $($ty),*) -> $out;

            /// What the call returns.
            pub type Output = $out;

            /// The call's arguments.
            #[allow(missing_docs)]
            pub struct Args<'a> {
                $(pub $arg: $ty,)*
            }

            impl<'a> Args<'a> {
                /// Call a driver's method with these arguments (outputs are reborrowed, so
                /// the bundle can be passed on if the driver declines).
                #[inline(always)]
                pub fn call<D>(&mut self, f: DriverFn<D>, driver: &D) -> $out {
                    f(driver, $(Pass::pass(&mut self.$arg)),*)
                }
                /// What a capability guard sees of this call.
                #[inline(always)]
                pub fn request(&self) -> Request {
                    request!($variant, self, $req)
                }
            }
        }
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident, $req:ident,
        setup ( $($arg:ident : $ty:ty),* ) -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to; `C` is the driver's context type.
            pub type DriverFn<D, C> = for<'a> fn(&'a D, $($ty),*) -> Result<C>;

            /// The call's arguments.
            #[allow(missing_docs)]
            pub struct Args<'a> {
                $(pub $arg: $ty,)*
                #[doc(hidden)]
                pub _lt: core::marker::PhantomData<&'a ()>,
            }

            impl<'a> Args<'a> {
                /// Call a driver's setup with these arguments.
                #[inline(always)]
                pub fn call<D, C>(&mut self, f: DriverFn<D, C>, driver: &D) -> Result<C> {
                    f(driver, $(Pass::pass(&mut self.$arg)),*)
                }
                /// What a capability guard sees of this call.
                #[inline(always)]
                pub fn request(&self) -> Request {
                    request!($variant, self, $req)
                }
            }
        }
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident, $req:ident,
        step ( $($arg:ident : $ty:ty),* ) -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to; `C` is the driver's context type.
            pub type DriverFn<D, C> = for<'a> fn(&'a D, &'a mut C, $($ty),*) -> $out;

            /// What the call returns.
            pub type Output = $out;

            /// The call's arguments (besides the context).
            #[allow(missing_docs)]
            pub struct Args<'a> {
                $(pub $arg: $ty,)*
                #[doc(hidden)]
                pub _lt: core::marker::PhantomData<&'a ()>,
            }

            impl<'a> Args<'a> {
                /// Call the owning driver's step on its context.
                #[inline(always)]
                pub fn call<D, C>(&mut self, f: DriverFn<D, C>, driver: &D, context: &mut C) -> $out {
                    f(driver, context, $(Pass::pass(&mut self.$arg)),*)
                }
            }
        }
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident, $req:ident,
        clone () -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to; `C` is the driver's context type.
            pub type DriverFn<D, C> = for<'a> fn(&'a D, &'a C) -> Result<C>;
        }
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident, $req:ident,
        abort () -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to; `C` is the driver's context type.
            /// The core calls abort exactly once per successful setup, then drops the context
            /// in place (contexts holding secrets should wipe themselves on drop).
            pub type DriverFn<D, C> = for<'a> fn(&'a D, &'a mut C) -> Result<()>;
        }
    };
}

catalogue! {
    /// `import_key`: check key data in export format and write the key buffer (for local keys, the
    /// same bytes; for opaque keys, the driver's own form). `attributes.bits()` may be 0.
    import_key / ImportKey: KeyManagement, Both, Keyed, request(keyed_attrs),
        plain(attributes: &'a KeyAttributes, data: &'a [u8], key_buffer: &'a mut [u8]) -> Result<ImportedKey>;
    /// `export_public_key`: write the public key in export format (`0x04‖X‖Y` for ECC).
    export_public_key / ExportPublicKey: KeyManagement, Both, Keyed, request(keyed_attrs),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], data: &'a mut [u8]) -> Result<usize>;
    /// `export_key`: write an opaque key's material in export format (policy checked by the core).
    export_key / ExportKey: KeyManagement, OpaqueOnly, Keyed, request(keyed_attrs),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], data: &'a mut [u8]) -> Result<usize>;
    /// `copy_key`: copy an opaque key within its location; `attributes` are the target's.
    copy_key / CopyKey: KeyManagement, OpaqueOnly, Keyed, request(keyed_attrs),
        plain(attributes: &'a KeyAttributes, source_key: &'a [u8], target_key_buffer: &'a mut [u8]) -> Result<usize>;
    /// `get_builtin_key`: load a built-in key by slot: fill all attributes but the id (the
    /// location must not change) and write the key buffer.
    get_builtin_key / GetBuiltinKey: KeyManagement, OpaqueOnly, Keyed, request(keyed_attrs),
        plain(slot_number: SlotNumber, attributes: &'a mut KeyAttributes, key_buffer: &'a mut [u8]) -> Result<usize>;
    /// `generate_key`: generate a key and write the key buffer.
    generate_key / GenerateKey: KeyManagement, Both, Keyed, request(keyed_attrs),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a mut [u8], rng: Rng<'a>) -> Result<usize>;
    /// `allocate_key`: reserve storage in a secure element before import or generation.
    allocate_key / AllocateKey: KeyManagement, OpaqueOnly, Keyed, request(keyed_attrs),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a mut [u8]) -> Result<usize>;
    /// `destroy_key`: release a secure element's storage for a key being destroyed.
    destroy_key / DestroyKey: KeyManagement, OpaqueOnly, Keyed, request(keyed_attrs),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8]) -> Result<()>;

    /// `hash_compute`: one-shot hash.
    hash_compute / HashCompute: Hash, TransparentOnly, Keyless, request(keyless_alg),
        plain(alg: Algorithm, input: &'a [u8], hash: &'a mut [u8]) -> Result<usize>;
    /// `hash_setup`: start a multi-part hash; returns the driver's context.
    hash_setup / HashSetup: Hash, TransparentOnly, KeylessSetup, request(keyless_alg),
        setup(alg: Algorithm) -> Result<()>;
    /// `hash_update`.
    hash_update / HashUpdate: Hash, TransparentOnly, Step, request(none),
        step(input: &'a [u8]) -> Result<()>;
    /// `hash_finish`: write the digest.
    hash_finish / HashFinish: Hash, TransparentOnly, Step, request(none),
        step(hash: &'a mut [u8]) -> Result<usize>;
    /// `hash_clone`: duplicate a context on the same driver.
    hash_clone / HashClone: Hash, TransparentOnly, Clone, request(none),
        clone() -> Result<()>;
    /// `hash_abort`: release a context.
    hash_abort / HashAbort: Hash, TransparentOnly, Abort, request(none),
        abort() -> Result<()>;

    /// `mac_compute`: one-shot MAC.
    mac_compute / MacCompute: Mac, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], mac: &'a mut [u8]) -> Result<usize>;
    /// `mac_sign_setup`.
    mac_sign_setup / MacSignSetup: Mac, Both, KeyedSetup, request(keyed_attrs_alg),
        setup(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>;
    /// `mac_verify_setup`.
    mac_verify_setup / MacVerifySetup: Mac, Both, KeyedSetup, request(keyed_attrs_alg),
        setup(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>;
    /// `mac_update`.
    mac_update / MacUpdate: Mac, Both, Step, request(none),
        step(input: &'a [u8]) -> Result<()>;
    /// `mac_sign_finish`: write the MAC.
    mac_sign_finish / MacSignFinish: Mac, Both, Step, request(none),
        step(mac: &'a mut [u8]) -> Result<usize>;
    /// `mac_verify_finish`: compare with `mac` in constant time.
    mac_verify_finish / MacVerifyFinish: Mac, Both, Step, request(none),
        step(mac: &'a [u8]) -> Result<()>;
    /// `mac_abort`.
    mac_abort / MacAbort: Mac, Both, Abort, request(none),
        abort() -> Result<()>;

    /// `cipher_encrypt`: one-shot encryption with the IV the core chose; writes the
    /// ciphertext only (the core writes the IV before it).
    cipher_encrypt / CipherEncrypt: Cipher, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, iv: &'a [u8], input: &'a [u8], output: &'a mut [u8]) -> Result<usize>;
    /// `cipher_decrypt`: one-shot decryption; `input` starts with the IV.
    cipher_decrypt / CipherDecrypt: Cipher, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], output: &'a mut [u8]) -> Result<usize>;
    /// `cipher_encrypt_setup`.
    cipher_encrypt_setup / CipherEncryptSetup: Cipher, Both, KeyedSetup, request(keyed_attrs_alg),
        setup(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>;
    /// `cipher_decrypt_setup`.
    cipher_decrypt_setup / CipherDecryptSetup: Cipher, Both, KeyedSetup, request(keyed_attrs_alg),
        setup(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>;
    /// `cipher_set_iv` (the core generates random IVs and calls this).
    cipher_set_iv / CipherSetIv: Cipher, Both, Step, request(none),
        step(iv: &'a [u8]) -> Result<()>;
    /// `cipher_update`.
    cipher_update / CipherUpdate: Cipher, Both, Step, request(none),
        step(input: &'a [u8], output: &'a mut [u8]) -> Result<usize>;
    /// `cipher_finish`.
    cipher_finish / CipherFinish: Cipher, Both, Step, request(none),
        step(output: &'a mut [u8]) -> Result<usize>;
    /// `cipher_abort`.
    cipher_abort / CipherAbort: Cipher, Both, Abort, request(none),
        abort() -> Result<()>;

    /// `aead_encrypt`: writes ciphertext followed by the tag.
    aead_encrypt / AeadEncrypt: Aead, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, nonce: &'a [u8], additional_data: &'a [u8], plaintext: &'a [u8], ciphertext: &'a mut [u8]) -> Result<usize>;
    /// `aead_decrypt`: `ciphertext` ends with the tag.
    aead_decrypt / AeadDecrypt: Aead, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, nonce: &'a [u8], additional_data: &'a [u8], ciphertext: &'a [u8], plaintext: &'a mut [u8]) -> Result<usize>;
    /// `aead_encrypt_setup`.
    aead_encrypt_setup / AeadEncryptSetup: Aead, Both, KeyedSetup, request(keyed_attrs_alg),
        setup(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>;
    /// `aead_decrypt_setup`.
    aead_decrypt_setup / AeadDecryptSetup: Aead, Both, KeyedSetup, request(keyed_attrs_alg),
        setup(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm) -> Result<()>;
    /// `aead_set_nonce`.
    aead_set_nonce / AeadSetNonce: Aead, Both, Step, request(none),
        step(nonce: &'a [u8]) -> Result<()>;
    /// `aead_set_lengths`.
    aead_set_lengths / AeadSetLengths: Aead, Both, Step, request(none),
        step(ad_length: usize, plaintext_length: usize) -> Result<()>;
    /// `aead_update_ad`.
    aead_update_ad / AeadUpdateAd: Aead, Both, Step, request(none),
        step(input: &'a [u8]) -> Result<()>;
    /// `aead_update`.
    aead_update / AeadUpdate: Aead, Both, Step, request(none),
        step(input: &'a [u8], output: &'a mut [u8]) -> Result<usize>;
    /// `aead_finish`: returns (ciphertext length, tag length).
    aead_finish / AeadFinish: Aead, Both, Step, request(none),
        step(ciphertext: &'a mut [u8], tag: &'a mut [u8]) -> Result<(usize, usize)>;
    /// `aead_verify`: returns the plaintext length.
    aead_verify / AeadVerify: Aead, Both, Step, request(none),
        step(plaintext: &'a mut [u8], tag: &'a [u8]) -> Result<usize>;
    /// `aead_abort`.
    aead_abort / AeadAbort: Aead, Both, Abort, request(none),
        abort() -> Result<()>;

    /// `sign_hash`: sign a digest (ECDSA signatures are `r‖s`).
    sign_hash / SignHash: Signature, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, hash: &'a [u8], signature: &'a mut [u8], rng: Rng<'a>) -> Result<usize>;
    /// `verify_hash`: `INVALID_SIGNATURE` if the signature does not verify.
    verify_hash / VerifyHash: Signature, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, hash: &'a [u8], signature: &'a [u8]) -> Result<()>;
    /// `sign_message`: hash and sign in one (when no driver serves it, the core hashes and
    /// calls `sign_hash`).
    sign_message / SignMessage: Signature, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], signature: &'a mut [u8], rng: Rng<'a>) -> Result<usize>;
    /// `verify_message`.
    verify_message / VerifyMessage: Signature, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], signature: &'a [u8]) -> Result<()>;

    /// `asymmetric_encrypt`.
    asymmetric_encrypt / AsymmetricEncrypt: AsymmetricEncryption, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], salt: &'a [u8], output: &'a mut [u8], rng: Rng<'a>) -> Result<usize>;
    /// `asymmetric_decrypt`.
    asymmetric_decrypt / AsymmetricDecrypt: AsymmetricEncryption, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, input: &'a [u8], salt: &'a [u8], output: &'a mut [u8]) -> Result<usize>;

    /// `key_agreement`: raw key agreement with a peer public key in export format.
    key_agreement / KeyAgreement: KeyAgreement, Both, Keyed, request(keyed_attrs_alg),
        plain(attributes: &'a KeyAttributes, key_buffer: &'a [u8], alg: Algorithm, peer_key: &'a [u8], shared_secret: &'a mut [u8]) -> Result<usize>;

    /// `key_derivation_setup`.
    key_derivation_setup / KeyDerivationSetup: KeyDerivation, TransparentOnly, KeylessSetup, request(keyless_alg),
        setup(alg: Algorithm) -> Result<()>;
    /// `key_derivation_input_bytes` (also used for secret keys from local storage).
    key_derivation_input_bytes / KeyDerivationInputBytes: KeyDerivation, TransparentOnly, Step, request(none),
        step(step: DerivationStep, data: &'a [u8]) -> Result<()>;
    /// `key_derivation_output_bytes`.
    key_derivation_output_bytes / KeyDerivationOutputBytes: KeyDerivation, TransparentOnly, Step, request(none),
        step(output: &'a mut [u8]) -> Result<()>;
    /// `key_derivation_abort`.
    key_derivation_abort / KeyDerivationAbort: KeyDerivation, TransparentOnly, Abort, request(none),
        abort() -> Result<()>;

    /// `get_random`: fill `output` from a hardware random generator.
    get_random / GetRandom: Random, TransparentOnly, Keyless, request(none),
        plain(output: &'a mut [u8]) -> Result<()>;
}

/// A set of entry points, as a bit set over [`EntryPoint::index`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EntryPointSet(pub u64);

impl EntryPointSet {
    /// The empty set.
    pub const EMPTY: EntryPointSet = EntryPointSet(0);

    /// The set of the given entry points.
    pub const fn of(entry_points: &[EntryPoint]) -> EntryPointSet {
        let mut bits = 0u64;
        let mut i = 0;
        while i < entry_points.len() {
            bits |= 1 << entry_points[i] as u64;
            i += 1;
        }
        EntryPointSet(bits)
    }
    /// Whether `ep` is in the set.
    #[inline(always)]
    pub const fn contains(self, ep: EntryPoint) -> bool {
        self.0 & (1 << ep as u64) != 0
    }
    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The entry points in the set, in catalogue order.
    pub fn iter(self) -> impl Iterator<Item = EntryPoint> {
        EntryPoint::ALL
            .iter()
            .copied()
            .filter(move |e| self.contains(*e))
    }
}

impl core::fmt::Debug for EntryPointSet {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(EntryPoint::name))
            .finish()
    }
}

const _: () = assert!(
    EntryPoint::COUNT <= 64,
    "EntryPointSet holds at most 64 entry points"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_consistent() {
        for (i, ep) in EntryPoint::ALL.iter().enumerate() {
            assert_eq!(ep.index(), i);
            assert_eq!(EntryPoint::from_name(ep.name()), Some(*ep));
            // Multi-part steps never route by key; setups and single-part calls do or don't
            // according to whether the family has a key.
            if matches!(
                ep.family(),
                Family::Hash | Family::Random | Family::KeyDerivation
            ) {
                assert_eq!(
                    ep.implementers(),
                    Implementers::TransparentOnly,
                    "{}",
                    ep.name()
                );
            }
        }
        assert_eq!(EntryPoint::COUNT, 52);
        assert_eq!(EntryPoint::from_name("sign_hsh"), None);
    }

    #[test]
    fn entry_point_sets() {
        let s = EntryPointSet::of(&[EntryPoint::SignHash, EntryPoint::GetRandom]);
        assert!(s.contains(EntryPoint::SignHash) && s.contains(EntryPoint::GetRandom));
        assert!(!s.contains(EntryPoint::VerifyHash));
        assert_eq!(s.iter().count(), 2);
    }
}
