//! Key derivation (`psa_key_derivation_*`).
//!
//! The core keeps what the spec puts in the operation object next to the driver's context:
//! the capacity (checked before any output reaches the driver, so a driver never produces
//! more than the application allowed), whether a secret came from a key (which `output_key`
//! needs) and whether an input key's policy forbids outputs or verification. Derived keys
//! (`output_key`) are built from the output stream by the spec's rules and imported; the
//! comparisons of `verify_bytes` / `verify_key` are constant-time.
//!
//! An opaque key as the secret (or password) moves the operation to its driver: the inputs
//! given before it (salt, cost, seed, …) are held by the core in a small buffer
//! ([`KEY_DERIVATION_PENDING_BYTES`] bytes, [`KEY_DERIVATION_PENDING_INPUTS`] inputs) and replayed, in order, to the driver
//! once its `key_derivation_input_key` has accepted the key; every later step goes to that
//! driver. The buffer is kept only while a registered opaque driver declares
//! `key_derivation_input_key`, and is wiped with the operation's state (abort, drop, error)
//! and as soon as a secret arrives.

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use super::{Family, Machine};
use crate::dispatch::Dispatch;
use crate::drbg::EntropySource;
use crate::entry::{self, EntryPoint};
use crate::psa::Psa;
use crate::storage::{KeyStorage, NoStorage};
use crate::store::DEFAULT_KEY_BYTES;
use crate::{
    Algorithm, DerivationStep, EccFamily, Error, KeyAttributes, KeyId, KeyType, Result, UsageFlags,
};

/// The key-derivation family: the mode is what the core tracks beside the driver's context.
pub(crate) struct Kdf;

/// The core's bookkeeping of a key derivation.
pub(crate) struct KdfMode {
    /// The algorithm as set up (a key agreement included), against which input keys'
    /// policies are checked.
    alg: Algorithm,
    /// Bytes that may still be output.
    capacity: usize,
    /// The secret (or password) came from a key or a key agreement: `output_key` allowed.
    can_output_key: bool,
    /// An input key lacks `DERIVE`: only verification is allowed.
    output_denied: bool,
    /// A secret or password key lacks `VERIFY_DERIVATION`: verification is not allowed.
    verify_denied: bool,
    /// The inputs before the secret, for an opaque driver that may take over.
    pending: Pending,
}

impl<D: Dispatch> Family<D> for Kdf {
    /// `None` while no driver has the operation yet: no transparent driver or built-in
    /// serves the KDF, and an opaque secret key's driver may (`key_derivation_input_key`).
    type Context = Option<D::KeyDerivationOperation>;
    type Mode = KdfMode;
    const NAME: &'static str = "KeyDerivationOperation";
    fn abort(dispatch: &D, context: &mut Self::Context) -> Result<()> {
        match context {
            Some(context) => dispatch.key_derivation_abort(context),
            None => Ok(()),
        }
    }
}

/// How many bytes of input given before an opaque secret the core holds for replay (the
/// salts, seeds and labels of HKDF, PBKDF2 and the TLS PRFs; a longer one is taken by a
/// transparent driver or the built-in as usual, and is `INSUFFICIENT_MEMORY` only if an
/// opaque secret follows it).
pub const KEY_DERIVATION_PENDING_BYTES: usize = 128;

/// How many inputs given before an opaque secret the core holds for replay (bytes and
/// integers together, e.g. PBKDF2's cost and salt).
pub const KEY_DERIVATION_PENDING_INPUTS: usize = 4;

/// One held input: a step and its bytes (the next `len` bytes of the buffer) or its value.
#[derive(Clone, Copy)]
enum Held {
    Bytes(DerivationStep, usize),
    Integer(DerivationStep, u64),
}

/// One input step as the core passes it on.
#[derive(Clone, Copy)]
enum Input<'a> {
    Bytes(DerivationStep, &'a [u8]),
    Integer(DerivationStep, u64),
}

impl Input<'_> {
    fn step(self) -> DerivationStep {
        match self {
            Input::Bytes(step, _) | Input::Integer(step, _) => step,
        }
    }
}

/// The inputs given before the secret, in order, while an opaque driver may still take the
/// operation over (see the module docs).
struct Pending {
    bytes: [u8; KEY_DERIVATION_PENDING_BYTES],
    /// Bytes of `bytes` in use.
    used: usize,
    held: [Option<Held>; KEY_DERIVATION_PENDING_INPUTS],
    /// Entries of `held` in use.
    count: usize,
    /// More came before the secret than the buffer holds: an opaque secret is refused.
    overflow: bool,
    /// Nothing (more) is held: a secret was input, the operation moved to an opaque driver,
    /// or no registered driver declares `key_derivation_input_key`.
    closed: bool,
}

impl Drop for Pending {
    /// Held inputs may be key material (a key input as a salt or info): wiped where they lie
    /// however the operation ends.
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl Pending {
    const fn new(open: bool) -> Self {
        Pending {
            bytes: [0; KEY_DERIVATION_PENDING_BYTES],
            used: 0,
            held: [None; KEY_DERIVATION_PENDING_INPUTS],
            count: 0,
            overflow: false,
            closed: !open,
        }
    }

    /// Keep `input` (a copy), or note that it did not fit.
    fn hold(&mut self, input: Input<'_>) {
        if self.closed || self.overflow {
            return;
        }
        let Some(slot) = self.held.get_mut(self.count) else {
            self.overflow = true;
            return;
        };
        *slot = Some(match input {
            Input::Integer(step, value) => Held::Integer(step, value),
            Input::Bytes(step, data) => {
                let Some(out) = self
                    .bytes
                    .get_mut(self.used..)
                    .and_then(|b| b.get_mut(..data.len()))
                else {
                    self.overflow = true;
                    return;
                };
                out.copy_from_slice(data);
                self.used += data.len();
                Held::Bytes(step, data.len())
            }
        });
        self.count += 1;
    }

    /// Forget (and wipe) what is held; nothing more will be.
    fn close(&mut self) {
        self.bytes.zeroize();
        self.held = [None; KEY_DERIVATION_PENDING_INPUTS];
        self.used = 0;
        self.count = 0;
        self.overflow = false;
        self.closed = true;
    }

    /// The held inputs, in the order they were given.
    fn inputs(&self) -> impl Iterator<Item = Input<'_>> {
        let mut at = 0;
        self.held.iter().flatten().map(move |held| match *held {
            Held::Integer(step, value) => Input::Integer(step, value),
            Held::Bytes(step, len) => {
                let data = &self.bytes[at..at + len];
                at += len;
                Input::Bytes(step, data)
            }
        })
    }
}

/// `PSA_KEY_DERIVATION_UNLIMITED_CAPACITY`: the capacity of a derivation without a limit.
pub(crate) const UNLIMITED_CAPACITY: usize = usize::MAX;

/// The largest shared secret a key agreement step takes (FFDH-4096's 512 bytes; ECDH on
/// P-521 gives 66, X448 56).
const SHARED_SECRET_MAX: usize = 512;

/// The largest key `output_key` derives (ECC private keys and symmetric keys alike).
const DERIVED_KEY_MAX: usize = 256;

/// The capacity a key derivation starts with (the spec's, as Mbed TLS sets it): HKDF and
/// HKDF-Expand 255 × the hash length, HKDF-Extract one hash length, PBKDF2 (2^32 − 1) × the
/// PRF's output length (saturating), others unlimited.
pub(crate) const fn default_capacity(alg: Algorithm) -> usize {
    let kdf = if alg.is_key_agreement() {
        alg.key_agreement_kdf()
    } else {
        alg
    };
    let hash_length = kdf.hash().hash_length();
    // PSA_ALG_HKDF_EXTRACT / PSA_ALG_HKDF_EXPAND.
    let base = kdf.0 & !0xff;
    if kdf.is_hkdf() || base == 0x0800_0500 {
        if hash_length == 0 {
            return UNLIMITED_CAPACITY;
        }
        return 255 * hash_length;
    }
    if base == 0x0800_0400 && hash_length != 0 {
        return hash_length;
    }
    if kdf.is_pbkdf2_hmac() && hash_length != 0 {
        return (u32::MAX as usize).saturating_mul(hash_length);
    }
    if kdf.0 == Algorithm::PBKDF2_AES_CMAC_PRF_128.0 {
        return (u32::MAX as usize).saturating_mul(16);
    }
    UNLIMITED_CAPACITY
}

/// A key derivation (`psa_key_derivation_operation_t`), e.g. HKDF or PBKDF2.
pub struct KeyDerivationOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
    const B: usize = DEFAULT_KEY_BYTES,
> {
    m: Machine<'p, D, E, N, S, B, Kdf>,
}
public_lifecycle!(KeyDerivationOperation);

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    KeyDerivationOperation<'_, D, E, N, S, B>
{
    /// `psa_key_derivation_setup`: a KDF, or a key agreement followed by a KDF
    /// (`Algorithm::key_agreement(ECDH, HKDF(..))`), whose KDF part is what drivers set up.
    /// The capacity starts at the spec's default for the KDF (HKDF: 255 hash lengths; PBKDF2:
    /// (2^32 − 1) PRF output lengths; others unlimited).
    ///
    /// When no transparent driver or built-in serves the KDF but a registered opaque driver
    /// declares `key_derivation_input_key`, setup succeeds with no driver yet: the operation
    /// waits for an opaque secret key ([`input_key`](Self::input_key)), whose driver takes it
    /// over, and a secret from bytes or a local key is then `NOT_SUPPORTED`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_ARGUMENT` for a non-KDF or wildcard algorithm
    /// (a raw key agreement included); `NOT_SUPPORTED` when nobody serves it, e.g. an unknown
    /// KDF inside a key agreement.
    pub fn setup(&mut self, alg: Algorithm) -> Result<()> {
        self.m.step(|m| {
            m.start()?;
            let kdf = crate::policy::derivation_kdf(alg)?;
            let dispatch = m.psa().dispatch();
            let opaque = dispatch.info().declares(EntryPoint::KeyDerivationInputKey);
            let op = match dispatch
                .key_derivation_setup(entry::key_derivation_setup::Args { alg: kdf })
            {
                Ok(op) => Some(op),
                Err(Error::NotSupported) if opaque => None,
                Err(e) => return Err(e),
            };
            m.begin(
                op,
                KdfMode {
                    alg,
                    capacity: default_capacity(alg),
                    can_output_key: false,
                    output_denied: false,
                    verify_denied: false,
                    pending: Pending::new(opaque),
                },
            );
            Ok(())
        })
    }

    /// `psa_key_derivation_get_capacity`: how many bytes may still be output.
    ///
    /// # Errors
    /// `BAD_STATE` unless active.
    pub fn get_capacity(&self) -> Result<usize> {
        self.m.mode().map(|mode| mode.capacity)
    }

    /// `psa_key_derivation_set_capacity`: lower the capacity.
    ///
    /// # Errors
    /// `BAD_STATE` unless active; `INVALID_ARGUMENT` above the current capacity (the
    /// operation stays active with its capacity unchanged, as in Mbed TLS and as
    /// psa-arch-tests c023 checks).
    pub fn set_capacity(&mut self, capacity: usize) -> Result<()> {
        let (_, mode) = self.m.active()?;
        if capacity > mode.capacity {
            return Err(Error::InvalidArgument);
        }
        mode.capacity = capacity;
        Ok(())
    }

    /// `psa_key_derivation_input_bytes`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active or for an input out of order; `INVALID_ARGUMENT` for `Cost`
    /// (an integer).
    pub fn input_bytes(&mut self, step: DerivationStep, data: &[u8]) -> Result<()> {
        self.m.step(|m| {
            m.mode()?;
            if step == DerivationStep::Cost {
                return Err(Error::InvalidArgument);
            }
            input(m, Input::Bytes(step, data))
        })
    }

    /// `psa_key_derivation_input_integer`: a numeric input, e.g. PBKDF2's iteration count
    /// (`DerivationStep::Cost`).
    ///
    /// # Errors
    /// `BAD_STATE` unless active, for an input out of order, or when the operation's driver
    /// takes no integer inputs; `INVALID_ARGUMENT` for a step that is not numeric.
    pub fn input_integer(&mut self, step: DerivationStep, value: u64) -> Result<()> {
        self.m.step(|m| {
            m.mode()?;
            if step != DerivationStep::Cost {
                return Err(Error::InvalidArgument);
            }
            input(m, Input::Integer(step, value))
        })
    }

    /// `psa_key_derivation_input_key`: a key as an input: a `DERIVE` key as the secret, a
    /// `PASSWORD` or `DERIVE` key as the password, a `RAW_DATA` key as a salt (or a
    /// `PEPPER`), label, info or seed. A key with `VERIFY_DERIVATION` and not `DERIVE`
    /// allows only [`verify_bytes`](Self::verify_bytes) / [`verify_key`](Self::verify_key).
    /// A secret or password input this way allows [`output_key`](Self::output_key).
    ///
    /// A secret or password key in an opaque driver's location moves the operation to that
    /// driver: after the policy and type checks, the driver's `key_derivation_input_key` is
    /// called with the key, the KDF (the KDF part of a key agreement) and `step`; the context
    /// the operation had (a transparent driver's or the built-in's) is released; the inputs
    /// given before the secret are replayed to the driver in order
    /// (`key_derivation_input_bytes` / `_input_integer`); and every later step goes to it.
    /// The capacity stays with the core. The driver's status is final (no fallback: the key
    /// exists nowhere else).
    ///
    /// # Errors
    /// `NOT_PERMITTED` without `DERIVE` or `VERIFY_DERIVATION`, or outside the key's
    /// algorithm (checked before any driver runs); `INVALID_ARGUMENT` for a key type the step
    /// does not take; `NOT_SUPPORTED` for an opaque key as another input than the secret or
    /// password, and when the opaque key's driver does not serve the derivation;
    /// `BAD_STATE` for an opaque secret after a secret; `INSUFFICIENT_MEMORY` for an opaque
    /// secret after more input than the core holds ([`KEY_DERIVATION_PENDING_BYTES`] bytes,
    /// [`KEY_DERIVATION_PENDING_INPUTS`] inputs).
    pub fn input_key(&mut self, step: DerivationStep, id: KeyId) -> Result<()> {
        self.m.step(|m| {
            let mode = m.mode()?;
            let alg = mode.alg;
            let (secret_given, overflow) = (mode.pending.closed, mode.pending.overflow);
            let secret = matches!(step, DerivationStep::Secret | DerivationStep::Password);
            let mut local = crate::store::LocalKey::new();
            let mut material = local.buffer();
            let mut usage = UsageFlags::NONE;
            let psa = m.psa();
            let opaque = psa.with_key(id, |attributes, key| {
                usage = attributes.usage();
                let derive = crate::policy::check_policy(attributes, UsageFlags::DERIVE, alg);
                if derive.is_err() {
                    crate::policy::check_policy(attributes, UsageFlags::VERIFY_DERIVATION, alg)?;
                }
                if !crate::policy::derivation_input_type_ok(step, attributes.key_type()) {
                    return Err(Error::InvalidArgument);
                }
                if attributes.location().is_external() {
                    if !secret {
                        return Err(Error::NotSupported);
                    }
                    let dispatch = psa.dispatch();
                    if !dispatch.info().declares(EntryPoint::KeyDerivationInputKey) {
                        return Err(Error::NotSupported);
                    }
                    if secret_given {
                        return Err(Error::BadState);
                    }
                    if overflow {
                        return Err(Error::InsufficientMemory);
                    }
                    let op = dispatch.key_derivation_input_key(
                        entry::key_derivation_input_key::Args {
                            attributes,
                            key_buffer: key,
                            alg: crate::policy::derivation_kdf(alg)?,
                            step,
                        },
                    )?;
                    return Ok(Some(op));
                }
                let out = material
                    .bytes
                    .get_mut(..key.len())
                    .ok_or(Error::InsufficientMemory)?;
                out.copy_from_slice(key);
                material.len = key.len();
                Ok(None)
            })?;
            let r = match opaque {
                Some(op) => rebind(m, op),
                None => input(m, Input::Bytes(step, material.as_slice())),
            };
            // Wiped now rather than when `local` drops: the key is no longer needed.
            material.wipe();
            r?;
            let (_, mode) = m.active()?;
            if !usage.contains(UsageFlags::DERIVE) {
                mode.output_denied = true;
            }
            if secret {
                mode.can_output_key = true;
                if !usage.contains(UsageFlags::VERIFY_DERIVATION) {
                    mode.verify_denied = true;
                }
            }
            Ok(())
        })
    }

    /// `psa_key_derivation_key_agreement`: run the operation's key agreement with our key
    /// pair and a peer public key in export format, and feed the shared secret to the KDF as
    /// `step` (the secret). The shared secret never leaves the core and is wiped after use.
    /// The key agreement is routed by the private key's location, like
    /// `raw_key_agreement`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active or for an input out of order; `INVALID_ARGUMENT` unless the
    /// operation is a key agreement followed by a KDF and `step` is the secret, for an
    /// unsuitable key or a malformed peer key; `NOT_PERMITTED` without `DERIVE` or outside
    /// the key's algorithm.
    pub fn key_agreement(
        &mut self,
        step: DerivationStep,
        private_key: KeyId,
        peer_key: &[u8],
    ) -> Result<()> {
        self.m.step(|m| {
            let alg = m.mode()?.alg;
            if !alg.is_key_agreement() || step != DerivationStep::Secret {
                return Err(Error::InvalidArgument);
            }
            let mut secret = [0u8; SHARED_SECRET_MAX];
            let r = m
                .psa()
                .agree(alg, private_key, peer_key, &mut secret)
                .map_err(|e| match e {
                    // A shared secret longer than the core takes.
                    Error::BufferTooSmall => Error::NotSupported,
                    e => e,
                })
                .and_then(|n| {
                    let shared = secret.get(..n).ok_or(Error::CorruptionDetected)?;
                    input(m, Input::Bytes(step, shared))
                });
            secret.zeroize();
            r?;
            m.active()?.1.can_output_key = true;
            Ok(())
        })
    }

    /// `psa_key_derivation_output_bytes`: the next `output.len()` bytes.
    ///
    /// # Errors
    /// `INSUFFICIENT_DATA` past the capacity (the capacity drops to 0, nothing is written and
    /// the operation stays active); `NOT_PERMITTED` if an input key lacks `DERIVE`;
    /// `BAD_STATE` before the inputs are complete.
    pub fn output_bytes(&mut self, output: &mut [u8]) -> Result<()> {
        {
            let (_, mode) = self.m.active()?;
            if !mode.output_denied && output.len() > mode.capacity {
                mode.capacity = 0;
                return Err(Error::InsufficientData);
            }
        }
        self.m.step(|m| {
            if m.mode()?.output_denied {
                return Err(Error::NotPermitted);
            }
            output_bytes(m, output)
        })
    }

    /// `psa_key_derivation_output_key`: derive a key with `attributes` (its size required)
    /// from the next bytes of the output, by the spec's rules:
    /// - unstructured types (AES, ChaCha20, HMAC, `DERIVE`, `RAW_DATA`, `PASSWORD`,
    ///   `PASSWORD_HASH`, `PEPPER`, …): `bits / 8` bytes;
    /// - ECC key pairs on Weierstrass curves (SECP_R1 P-256/P-384/P-521, SECP_K1 secp256k1,
    ///   BRAINPOOL_P_R1 P256r1/P384r1/P512r1): draw `ceil(m / 8)` bytes (the excess top bits of
    ///   the first byte cleared), read `k` big-endian, draw again while `k > n − 2`, the key is
    ///   `k + 1`;
    /// - Montgomery key pairs: 32 bytes (X25519) or 56 bytes (X448), clamped as RFC 7748 §5
    ///   says;
    /// - Twisted Edwards key pairs: 32 bytes (Ed25519) or 57 bytes (Ed448) as they are.
    ///
    /// The key is then imported (local storage or an opaque location) and the operation
    /// stays active. The derived bytes are wiped.
    ///
    /// # Errors
    /// `NOT_PERMITTED` unless the secret (or password) was input with
    /// [`input_key`](Self::input_key) or [`key_agreement`](Self::key_agreement), or if an
    /// input key lacks `DERIVE`; `INVALID_ARGUMENT` for a public-key type, a size of 0 or one
    /// the type does not have; `NOT_SUPPORTED` for other key types (DES, RSA, FFDH, other
    /// curves) and keys above 256 bytes; `INSUFFICIENT_DATA` past the capacity; the import's
    /// errors (`INSUFFICIENT_MEMORY`, …).
    pub fn output_key(&mut self, attributes: &KeyAttributes) -> Result<KeyId> {
        let mode = self.m.mode()?;
        if !mode.can_output_key || mode.output_denied {
            return Err(Error::NotPermitted);
        }
        let key_type = attributes.key_type();
        let bits = attributes.bits();
        if bits == 0 || key_type.is_public_key() {
            return Err(Error::InvalidArgument);
        }
        let mut key = [0u8; DERIVED_KEY_MAX];
        let r = self
            .derive_key(key_type, bits, &mut key)
            .and_then(|n| self.m.psa().import_key(attributes, &key[..n]));
        key.zeroize();
        r
    }

    /// The key material `output_key` imports, in `key`; its length.
    fn derive_key(&mut self, key_type: KeyType, bits: usize, key: &mut [u8]) -> Result<usize> {
        if let Some(family) = key_type.ecc_family() {
            if !key_type.is_key_pair() {
                return Err(Error::InvalidArgument);
            }
            if !family.has_curve_size(bits) {
                return Err(Error::InvalidArgument);
            }
            if family == EccFamily::MONTGOMERY || family == EccFamily::TWISTED_EDWARDS {
                let n = match (family == EccFamily::MONTGOMERY, bits) {
                    (_, 255) => 32,
                    (true, 448) => 56,
                    (false, 448) => 57,
                    _ => return Err(Error::NotSupported),
                };
                let k = key.get_mut(..n).ok_or(Error::NotSupported)?;
                self.output_bytes(k)?;
                if family == EccFamily::MONTGOMERY {
                    if n == 32 {
                        k[0] &= 248;
                        k[31] &= 127;
                        k[31] |= 64;
                    } else {
                        k[0] &= 252;
                        k[55] |= 128;
                    }
                }
                return Ok(n);
            }
            let order = curve_order(family, bits).ok_or(Error::NotSupported)?;
            let n = order.len();
            let k = key.get_mut(..n).ok_or(Error::NotSupported)?;
            let excess = 8 * n - bits;
            loop {
                self.output_bytes(k)?;
                k[0] &= 0xff >> excess;
                // Accept k <= n − 2 (constant-time in the bytes; the loop ends with
                // overwhelming probability and reveals only that a draw was rejected).
                if !less_than_order_minus_one(k, order) {
                    continue;
                }
                add_one(k);
                return Ok(n);
            }
        }
        if key_type.is_unstructured() && key_type != KeyType::DES {
            if !bits.is_multiple_of(8) {
                return Err(Error::InvalidArgument);
            }
            let k = key.get_mut(..bits / 8).ok_or(Error::NotSupported)?;
            self.output_bytes(k)?;
            return Ok(k.len());
        }
        Err(Error::NotSupported)
    }

    /// `psa_key_derivation_verify_bytes`: whether the next `expected.len()` bytes of the output
    /// equal `expected`, compared in constant time. The output is consumed either way.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` on a mismatch; `NOT_PERMITTED` if the secret or password key lacks
    /// `VERIFY_DERIVATION`; `INSUFFICIENT_DATA` past the capacity; `BAD_STATE` unless active.
    pub fn verify_bytes(&mut self, expected: &[u8]) -> Result<()> {
        self.verify(expected)
    }

    /// `psa_key_derivation_verify_key`: [`verify_bytes`](Self::verify_bytes) against the
    /// material of a `PASSWORD_HASH` key whose policy has `VERIFY_DERIVATION` and permits the
    /// operation's algorithm.
    ///
    /// # Errors
    /// As `verify_bytes`; `NOT_PERMITTED` for the key's policy; `INVALID_ARGUMENT` for
    /// another key type; `NOT_SUPPORTED` for an opaque key; `INVALID_HANDLE`.
    pub fn verify_key(&mut self, expected: KeyId) -> Result<()> {
        let alg = self.m.mode()?.alg;
        let mut local = crate::store::LocalKey::new();
        let mut material = local.buffer();
        let r = self
            .m
            .psa()
            .with_key(expected, |attributes, key| {
                crate::policy::check_policy(attributes, UsageFlags::VERIFY_DERIVATION, alg)?;
                if attributes.key_type() != KeyType::PASSWORD_HASH {
                    return Err(Error::InvalidArgument);
                }
                if attributes.location().is_external() {
                    return Err(Error::NotSupported);
                }
                material
                    .bytes
                    .get_mut(..key.len())
                    .ok_or(Error::InsufficientMemory)?
                    .copy_from_slice(key);
                material.len = key.len();
                Ok(())
            })
            .and_then(|()| self.verify(material.as_slice()));
        // `local` is wiped as it drops.
        r
    }

    /// Compare the next `expected.len()` output bytes with `expected` in constant time.
    fn verify(&mut self, expected: &[u8]) -> Result<()> {
        {
            let (_, mode) = self.m.active()?;
            if mode.verify_denied {
                return Err(Error::NotPermitted);
            }
            if expected.len() > mode.capacity {
                mode.capacity = 0;
                return Err(Error::InsufficientData);
            }
        }
        self.m.step(|m| {
            let mut equal = subtle::Choice::from(1);
            let mut chunk = [0u8; 64];
            let mut r = Ok(());
            for part in expected.chunks(chunk.len()) {
                let out = &mut chunk[..part.len()];
                r = output_bytes(m, out);
                if r.is_err() {
                    break;
                }
                equal &= out.ct_eq(part);
            }
            chunk.zeroize();
            r?;
            if bool::from(equal) {
                Ok(())
            } else {
                Err(Error::InvalidSignature)
            }
        })
    }
}

/// The order `n` of a Weierstrass curve's group, big-endian in `ceil(bits / 8)` bytes (SEC 2,
/// RFC 5639). Each was checked when written with Python's `cryptography` (OpenSSL): the key
/// `n − 1` has the generator's x coordinate and the key `n` is refused; the unit test below
/// compares P-256 and P-384 with the curve crates.
fn curve_order(family: EccFamily, bits: usize) -> Option<&'static [u8]> {
    const P256: [u8; 32] =
        hex32(b"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    const P384: [u8; 48] = hex48(
        b"ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    );
    const P521: [u8; 66] = hex66(
        b"01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    );
    const K256: [u8; 32] =
        hex32(b"fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    const BP256: [u8; 32] =
        hex32(b"a9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7");
    const BP384: [u8; 48] = hex48(
        b"8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b31f166e6cac0425a7cf3ab6af6b7fc3103b883202e9046565",
    );
    const BP512: [u8; 64] = hex64(
        b"aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069",
    );
    match (family, bits) {
        (EccFamily::SECP_R1, 256) => Some(&P256),
        (EccFamily::SECP_R1, 384) => Some(&P384),
        (EccFamily::SECP_R1, 521) => Some(&P521),
        (EccFamily::SECP_K1, 256) => Some(&K256),
        (EccFamily::BRAINPOOL_P_R1, 256) => Some(&BP256),
        (EccFamily::BRAINPOOL_P_R1, 384) => Some(&BP384),
        (EccFamily::BRAINPOOL_P_R1, 512) => Some(&BP512),
        _ => None,
    }
}

/// `N` bytes from `2N` hex digits (compile time).
const fn hex<const N: usize>(s: &[u8]) -> [u8; N] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not a lowercase hex digit"),
        }
    }
    assert!(s.len() == 2 * N);
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = digit(s[2 * i]) << 4 | digit(s[2 * i + 1]);
        i += 1;
    }
    out
}
const fn hex32(s: &[u8]) -> [u8; 32] {
    hex(s)
}
const fn hex48(s: &[u8]) -> [u8; 48] {
    hex(s)
}
const fn hex64(s: &[u8]) -> [u8; 64] {
    hex(s)
}
const fn hex66(s: &[u8]) -> [u8; 66] {
    hex(s)
}

/// `k <= n − 2`, i.e. `k + 1 < n`, for big-endian `k` and `n` of one length, in constant time
/// (a borrow chain over every byte of `k − (n − 1)`).
fn less_than_order_minus_one(k: &[u8], n: &[u8]) -> bool {
    // n − 1: n is odd for every supported curve, so only the last byte changes.
    let mut borrow = 0u16;
    for i in (0..k.len()).rev() {
        let m = if i == k.len() - 1 { n[i] - 1 } else { n[i] };
        let d = u16::from(k[i])
            .wrapping_sub(u16::from(m))
            .wrapping_sub(borrow);
        borrow = (d >> 8) & 1;
    }
    // A borrow out of k − (n − 1) means k < n − 1.
    borrow == 1
}

/// `k += 1` for a big-endian `k` known to be below `n − 1`.
fn add_one(k: &mut [u8]) {
    let mut carry = 1u16;
    for b in k.iter_mut().rev() {
        let s = u16::from(*b) + carry;
        *b = s as u8;
        carry = s >> 8;
    }
}

/// The input step `input_bytes`, `input_integer`, `input_key` (local keys) and
/// `key_agreement` share: to the operation's driver, and held for replay while an opaque
/// driver may still take the operation over. A secret or password closes the buffer.
fn input<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>(
    m: &mut Machine<'_, D, E, N, S, B, Kdf>,
    input: Input<'_>,
) -> Result<()> {
    let psa = m.psa();
    let (op, mode) = m.active()?;
    let secret = matches!(
        input.step(),
        DerivationStep::Secret | DerivationStep::Password
    );
    // No driver yet: only an opaque secret key's driver can take the operation.
    let op = match op {
        Some(op) => op,
        None if secret => return Err(Error::NotSupported),
        None => {
            mode.pending.hold(input);
            return Ok(());
        }
    };
    let dispatch = psa.dispatch();
    match input {
        Input::Bytes(step, data) => dispatch
            .key_derivation_input_bytes(op, entry::key_derivation_input_bytes::Args { step, data }),
        Input::Integer(step, value) => dispatch.key_derivation_input_integer(
            op,
            entry::key_derivation_input_integer::Args { step, value },
        ),
    }?;
    if secret {
        mode.pending.close();
    } else {
        mode.pending.hold(input);
    }
    Ok(())
}

/// Move the operation to the opaque driver whose `key_derivation_input_key` returned `op`:
/// replay the held inputs to it in order, then release the operation's previous context and
/// make `op` the active one (the mode kept, the buffer closed). If a replayed input fails,
/// `op` is aborted and the error returned (the caller's step then releases the previous
/// context).
fn rebind<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>(
    m: &mut Machine<'_, D, E, N, S, B, Kdf>,
    mut op: D::KeyDerivationOperation,
) -> Result<()> {
    let dispatch = m.psa().dispatch();
    let mode = m.mode()?;
    let replayed = mode.pending.inputs().try_for_each(|input| match input {
        Input::Bytes(step, data) => dispatch.key_derivation_input_bytes(
            &mut op,
            entry::key_derivation_input_bytes::Args { step, data },
        ),
        Input::Integer(step, value) => dispatch.key_derivation_input_integer(
            &mut op,
            entry::key_derivation_input_integer::Args { step, value },
        ),
    });
    if let Err(e) = replayed {
        let _ = dispatch.key_derivation_abort(&mut op);
        return Err(e);
    }
    let mode = KdfMode {
        alg: mode.alg,
        capacity: mode.capacity,
        can_output_key: mode.can_output_key,
        output_denied: mode.output_denied,
        verify_denied: mode.verify_denied,
        pending: Pending::new(false),
    };
    m.rebind(Some(op), mode)
}

/// The next output bytes from the driver, within the capacity.
fn output_bytes<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>(
    m: &mut Machine<'_, D, E, N, S, B, Kdf>,
    output: &mut [u8],
) -> Result<()> {
    let psa = m.psa();
    let (op, mode) = m.active()?;
    // No driver yet: the secret is missing.
    let op = op.as_mut().ok_or(Error::BadState)?;
    mode.capacity = mode
        .capacity
        .checked_sub(output.len())
        .ok_or(Error::InsufficientData)?;
    psa.dispatch()
        .key_derivation_output_bytes(op, entry::key_derivation_output_bytes::Args { output })
}

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    Psa<D, E, N, S, B>
{
    /// A new, inactive key derivation operation.
    pub fn key_derivation_operation(&self) -> KeyDerivationOperation<'_, D, E, N, S, B> {
        KeyDerivationOperation {
            m: Machine::new(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_comparison_and_increment() {
        let n = [0x01, 0x00, 0x05];
        assert!(less_than_order_minus_one(&[0x01, 0x00, 0x03], &n));
        assert!(!less_than_order_minus_one(&[0x01, 0x00, 0x04], &n));
        assert!(!less_than_order_minus_one(&[0x01, 0x00, 0x05], &n));
        assert!(less_than_order_minus_one(&[0x00, 0xff, 0xff], &n));
        assert!(!less_than_order_minus_one(&[0x01, 0x01, 0x00], &n));
        let mut k = [0x00, 0xff, 0xff];
        add_one(&mut k);
        assert_eq!(k, [0x01, 0x00, 0x00]);
    }

    #[test]
    fn held_inputs_come_back_in_order_and_overflow_is_noted() {
        extern crate std;
        use std::vec::Vec;
        let mut p = Pending::new(true);
        p.hold(Input::Integer(DerivationStep::Cost, 7));
        p.hold(Input::Bytes(DerivationStep::Salt, b"ab"));
        p.hold(Input::Bytes(DerivationStep::Salt, b""));
        p.hold(Input::Bytes(DerivationStep::Seed, b"cde"));
        let seen: Vec<(DerivationStep, Vec<u8>, u64)> = p
            .inputs()
            .map(|i| match i {
                Input::Bytes(step, data) => (step, data.to_vec(), 0),
                Input::Integer(step, value) => (step, Vec::new(), value),
            })
            .collect();
        assert_eq!(
            seen,
            [
                (DerivationStep::Cost, Vec::new(), 7),
                (DerivationStep::Salt, b"ab".to_vec(), 0),
                (DerivationStep::Salt, Vec::new(), 0),
                (DerivationStep::Seed, b"cde".to_vec(), 0),
            ]
        );
        assert!(!p.overflow);
        // A fifth input does not fit.
        p.hold(Input::Integer(DerivationStep::Cost, 1));
        assert!(p.overflow);
        // Nor do more bytes than the buffer.
        let mut p = Pending::new(true);
        p.hold(Input::Bytes(
            DerivationStep::Salt,
            &[1; KEY_DERIVATION_PENDING_BYTES],
        ));
        assert!(!p.overflow);
        p.hold(Input::Bytes(DerivationStep::Salt, &[2]));
        assert!(p.overflow);
        // Closing wipes the bytes and holds nothing more.
        p.close();
        assert!(p.closed && !p.overflow);
        assert!(p.bytes.iter().all(|&b| b == 0));
        assert_eq!(p.inputs().count(), 0);
        p.hold(Input::Bytes(DerivationStep::Info, b"x"));
        assert_eq!(p.inputs().count(), 0);
        // Never opened (no driver declares `key_derivation_input_key`): holds nothing.
        let mut p = Pending::new(false);
        p.hold(Input::Bytes(DerivationStep::Salt, b"x"));
        assert_eq!((p.inputs().count(), p.used), (0, 0));
    }

    #[test]
    fn default_capacities() {
        assert_eq!(
            default_capacity(Algorithm::hkdf(Algorithm::SHA_256)),
            255 * 32
        );
        assert_eq!(
            default_capacity(Algorithm::key_agreement(
                Algorithm::ECDH,
                Algorithm::hkdf(Algorithm::SHA_384)
            )),
            255 * 48
        );
        assert_eq!(
            default_capacity(Algorithm::pbkdf2_hmac(Algorithm::SHA_256)),
            (u32::MAX as usize).saturating_mul(32)
        );
    }

    #[cfg(feature = "builtin-ecc")]
    #[test]
    fn curve_orders_match_the_curve_crates() {
        use elliptic_curve::Curve;
        let p256 = p256::NistP256::ORDER.to_be_bytes();
        assert_eq!(curve_order(EccFamily::SECP_R1, 256).unwrap(), &p256[..]);
        let p384 = p384::NistP384::ORDER.to_be_bytes();
        assert_eq!(curve_order(EccFamily::SECP_R1, 384).unwrap(), &p384[..]);
    }
}
