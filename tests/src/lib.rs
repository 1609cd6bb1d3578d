//! Test support: instrumented drivers (facts §7) for dispatch tests.
//!
//! Each instrumented driver counts hits per entry point, can be told to return a forced
//! status (before doing any work) or a forced output (copied into the entry point's output
//! buffer), and otherwise does the real work through the built-in implementation, so results
//! can be checked against published vectors.
//!
//! - [`instrumented_transparent!`]: a transparent driver with every entry point a transparent
//!   driver may implement (multi-part AEAD through [`AeadBuffer`], a buffering
//!   implementation distinct from the built-in's streaming one; `sign_message` / `verify_message` hash and sign themselves, like Mbed TLS's test
//!   driver);
//! - [`instrumented_opaque!`]: an opaque driver whose key buffer is [`OPAQUE_PREFIX`] and the
//!   key XOR 0xFF, like Mbed TLS's test opaque driver; its `destroy_key` records what it is
//!   given ([`Hooks::recorded`]);
//! - [`paths`]: the registrations the conformance suites run vectors through;
//! - [`harness`]: the fuzz harnesses, shared by `fuzz/` (cargo-fuzz) and the proptest suite;
//! - [`support`]: hex, receipts, canary buffers, a serialization lock, a time-out.

use core::sync::atomic::{AtomicU32, Ordering};

use psa_core::{Algorithm, EntryPoint, Error, KeyAttributes, Result, builtin, entry};
use zeroize::Zeroize;

/// Forced behaviour and hit counters of one instrumented driver.
pub struct Hooks {
    hits: [AtomicU32; EntryPoint::COUNT],
    forced_status: spin::Mutex<[Option<Error>; EntryPoint::COUNT]>,
    forced_output: spin::Mutex<Option<Vec<u8>>>,
    aborts: AtomicU32,
    live_contexts: core::sync::atomic::AtomicI32,
    recorded: spin::Mutex<Vec<Vec<u8>>>,
    lie: spin::Mutex<Option<(EntryPoint, Lie)>>,
    entered: AtomicU32,
}

/// A length an instrumented driver reports instead of the truth (see [`Hooks::lie`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lie {
    /// Report 0 bytes written.
    Zero,
    /// Report one byte more than the buffer the core gave.
    PastBuffer,
    /// Report exactly this many bytes.
    Exactly(usize),
}

impl Lie {
    /// The length reported for a buffer of `capacity` bytes.
    pub fn length(self, capacity: usize) -> usize {
        match self {
            Lie::Zero => 0,
            Lie::PastBuffer => capacity.saturating_add(1),
            Lie::Exactly(n) => n,
        }
    }
}

impl Default for Hooks {
    fn default() -> Self {
        Self::new()
    }
}

impl Hooks {
    /// Fresh hooks: no forced behaviour, all counters 0.
    pub const fn new() -> Self {
        Hooks {
            hits: [const { AtomicU32::new(0) }; EntryPoint::COUNT],
            forced_status: spin::Mutex::new([None; EntryPoint::COUNT]),
            forced_output: spin::Mutex::new(None),
            aborts: AtomicU32::new(0),
            live_contexts: core::sync::atomic::AtomicI32::new(0),
            recorded: spin::Mutex::new(Vec::new()),
            lie: spin::Mutex::new(None),
            entered: AtomicU32::new(u32::MAX),
        }
    }
    /// Reset counters and forced behaviour.
    pub fn reset(&self) {
        for h in &self.hits {
            h.store(0, Ordering::SeqCst);
        }
        *self.forced_status.lock() = [None; EntryPoint::COUNT];
        *self.forced_output.lock() = None;
        self.aborts.store(0, Ordering::SeqCst);
        self.live_contexts.store(0, Ordering::SeqCst);
        self.recorded.lock().clear();
        *self.lie.lock() = None;
    }
    /// Make `ep` report `lie` as its output length (after doing its work, or instead of
    /// writing anything where the entry point has a plain output buffer), so tests can see
    /// the core refuse lengths it cannot trust.
    pub fn lie(&self, ep: EntryPoint, lie: Lie) {
        *self.lie.lock() = Some((ep, lie));
    }
    /// The length `ep` reports: the lie if one is set for it, else `real`.
    pub fn report(&self, ep: EntryPoint, real: usize, capacity: usize) -> usize {
        match *self.lie.lock() {
            Some((target, lie)) if target == ep => lie.length(capacity),
            _ => real,
        }
    }
    /// Make `ep` return `status` (before doing any work).
    pub fn force_status(&self, ep: EntryPoint, status: Error) {
        self.forced_status.lock()[ep.index()] = Some(status);
    }
    /// Make every entry point return `status`.
    pub fn force_all(&self, status: Error) {
        *self.forced_status.lock() = [Some(status); EntryPoint::COUNT];
    }
    /// Make entry points with an output buffer write `output` and succeed.
    pub fn force_output(&self, output: &[u8]) {
        *self.forced_output.lock() = Some(output.to_vec());
    }
    /// Stop forcing an output.
    pub fn clear_output(&self) {
        *self.forced_output.lock() = None;
    }
    /// Stop forcing a status on `ep`.
    pub fn clear_status(&self, ep: EntryPoint) {
        self.forced_status.lock()[ep.index()] = None;
    }
    /// Hits on `ep`.
    pub fn hits(&self, ep: EntryPoint) -> u32 {
        self.hits[ep.index()].load(Ordering::SeqCst)
    }
    /// Hits on every entry point.
    pub fn total_hits(&self) -> u32 {
        self.hits.iter().map(|h| h.load(Ordering::SeqCst)).sum()
    }
    /// Multi-part contexts created by a successful setup or clone and not yet aborted.
    pub fn live_contexts(&self) -> i32 {
        self.live_contexts.load(Ordering::SeqCst)
    }
    /// Count a call; return the forced status if any.
    ///
    /// # Errors
    /// The forced status.
    pub fn enter(&self, ep: EntryPoint) -> Result<()> {
        self.hits[ep.index()].fetch_add(1, Ordering::SeqCst);
        self.entered.store(ep.index() as u32, Ordering::SeqCst);
        match self.forced_status.lock()[ep.index()] {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
    /// If an output is forced with [`Hooks::force_output`] (lies aside), write it to `out`
    /// and return its length.
    ///
    /// # Errors
    /// `BUFFER_TOO_SMALL` if the forced output does not fit.
    pub fn forced_output(&self, out: &mut [u8]) -> Result<Option<usize>> {
        match &*self.forced_output.lock() {
            Some(v) => {
                let dst = out.get_mut(..v.len()).ok_or(Error::BufferTooSmall)?;
                dst.copy_from_slice(v);
                Ok(Some(v.len()))
            }
            None => Ok(None),
        }
    }
    /// If a lie is set for the entry point last entered, its length (nothing is written);
    /// else if an output is forced, write it to `out` and return its length.
    ///
    /// # Errors
    /// `BUFFER_TOO_SMALL` if the forced output does not fit.
    pub fn output(&self, out: &mut [u8]) -> Result<Option<usize>> {
        let entered = self.entered.load(Ordering::SeqCst) as usize;
        if let Some((target, lie)) = *self.lie.lock()
            && target.index() == entered
        {
            return Ok(Some(lie.length(out.len())));
        }
        self.forced_output(out)
    }
    /// Record a context created.
    pub fn context_created(&self) {
        self.live_contexts.fetch_add(1, Ordering::SeqCst);
    }
    /// Record a context released.
    pub fn context_released(&self) {
        self.live_contexts.fetch_sub(1, Ordering::SeqCst);
    }
    /// Keep a copy of bytes a driver was given (the opaque driver records the key buffers
    /// `destroy_key` receives), for tests to inspect.
    pub fn record(&self, bytes: &[u8]) {
        self.recorded.lock().push(bytes.to_vec());
    }
    /// What [`Hooks::record`] kept since the last reset, oldest first.
    pub fn recorded(&self) -> Vec<Vec<u8>> {
        self.recorded.lock().clone()
    }
}

/// A multi-part context of an instrumented driver: the built-in's context plus a note in
/// the driver's hooks while it lives, so tests can check every context is released once.
pub struct Ctx<C> {
    /// The built-in context doing the work.
    pub inner: C,
}

/// The multi-part AEAD context of the instrumented drivers.
///
/// A second multi-part implementation beside the built-in's streaming one: this context
/// buffers the operation (key,
/// nonce, additional data, input) and runs the built-in's one-shot `aead_encrypt` /
/// `aead_decrypt` at `aead_finish` / `aead_verify`; `aead_update` outputs nothing. Key and
/// data are wiped when the context is dropped.
pub struct AeadBuffer {
    attributes: KeyAttributes,
    key: Vec<u8>,
    alg: Algorithm,
    nonce: Vec<u8>,
    ad: Vec<u8>,
    data: Vec<u8>,
}

impl core::fmt::Debug for AeadBuffer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never the key or the data.
        f.debug_struct("AeadBuffer")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl Drop for AeadBuffer {
    fn drop(&mut self) {
        self.key.zeroize();
        self.ad.zeroize();
        self.data.zeroize();
    }
}

impl AeadBuffer {
    /// Start an operation; the key and algorithm are checked now with a one-shot encryption
    /// of nothing, so setup fails exactly where the one-shot call would.
    ///
    /// # Errors
    /// What the built-in's `aead_encrypt` reports for this key and algorithm.
    pub fn new(attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm) -> Result<Self> {
        let mut probe = [0u8; 32];
        builtin::aead_encrypt(&mut entry::aead_encrypt::Args {
            attributes,
            key_buffer,
            alg,
            nonce: &[0u8; 12],
            additional_data: &[],
            plaintext: &[],
            ciphertext: &mut probe,
        })?;
        Ok(AeadBuffer {
            attributes: *attributes,
            key: key_buffer.to_vec(),
            alg,
            nonce: Vec::new(),
            ad: Vec::new(),
            data: Vec::new(),
        })
    }
    /// `aead_set_nonce`.
    ///
    /// # Errors
    /// None: the nonce is checked at finish.
    pub fn set_nonce(&mut self, nonce: &[u8]) -> Result<()> {
        self.nonce = nonce.to_vec();
        Ok(())
    }
    /// `aead_update_ad`.
    ///
    /// # Errors
    /// None.
    pub fn update_ad(&mut self, input: &[u8]) -> Result<()> {
        self.ad.extend_from_slice(input);
        Ok(())
    }
    /// `aead_update`: buffers the input, writes nothing.
    ///
    /// # Errors
    /// None.
    pub fn update(&mut self, input: &[u8]) -> Result<usize> {
        self.data.extend_from_slice(input);
        Ok(0)
    }
    fn tag_length(&self) -> usize {
        match self.alg.aead_tag_length() {
            0 => 16,
            n => n,
        }
    }
    /// `aead_finish`: the whole ciphertext and the tag.
    ///
    /// # Errors
    /// The built-in's errors; `BUFFER_TOO_SMALL` (nothing written).
    pub fn finish(&mut self, ciphertext: &mut [u8], tag: &mut [u8]) -> Result<(usize, usize)> {
        let mut out = vec![0u8; self.data.len() + 16];
        let r = builtin::aead_encrypt(&mut entry::aead_encrypt::Args {
            attributes: &self.attributes,
            key_buffer: &self.key,
            alg: self.alg,
            nonce: &self.nonce,
            additional_data: &self.ad,
            plaintext: &self.data,
            ciphertext: &mut out,
        })
        .and_then(|n| {
            let tag_len = self.tag_length().min(n);
            let ct_len = n - tag_len;
            if ciphertext.len() < ct_len || tag.len() < tag_len {
                return Err(Error::BufferTooSmall);
            }
            ciphertext[..ct_len].copy_from_slice(&out[..ct_len]);
            tag[..tag_len].copy_from_slice(&out[ct_len..n]);
            Ok((ct_len, tag_len))
        });
        out.zeroize();
        r
    }
    /// `aead_verify`: check the tag and write the whole plaintext.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` for a wrong tag; the built-in's errors; `BUFFER_TOO_SMALL`.
    pub fn verify(&mut self, plaintext: &mut [u8], tag: &[u8]) -> Result<usize> {
        let mut input = self.data.clone();
        input.extend_from_slice(tag);
        let mut out = vec![0u8; input.len()];
        let r = builtin::aead_decrypt(&mut entry::aead_decrypt::Args {
            attributes: &self.attributes,
            key_buffer: &self.key,
            alg: self.alg,
            nonce: &self.nonce,
            additional_data: &self.ad,
            ciphertext: &input,
            plaintext: &mut out,
        })
        .and_then(|n| {
            let dst = plaintext.get_mut(..n).ok_or(Error::BufferTooSmall)?;
            dst.copy_from_slice(&out[..n]);
            Ok(n)
        });
        input.zeroize();
        out.zeroize();
        r
    }
}

/// The first bytes of every key buffer of the instrumented opaque driver:
/// `PSA_CRYPTO_TEST_DRIVER_OPAQUE_PAD_PREFIX` (`0xBEEFED00`) as Mbed TLS's test opaque driver
/// stores it on a little-endian machine.
pub const OPAQUE_PREFIX: [u8; 4] = 0xBEEF_ED00u32.to_le_bytes();

/// The slot number of the instrumented opaque driver's one built-in key.
pub const OPAQUE_BUILTIN_SLOT: psa_core::SlotNumber = 7;

/// The instrumented opaque driver's built-in key: the RFC 6979 A.2.5 P-256 private key.
pub const OPAQUE_BUILTIN_KEY: [u8; 32] = [
    0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
    0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
];

/// Wrap key material in export format into the opaque driver's key buffer format:
/// [`OPAQUE_PREFIX`] followed by the key XOR 0xFF (Mbed TLS's test opaque driver).
///
/// # Errors
/// `BUFFER_TOO_SMALL` if `out` cannot hold it.
pub fn opaque_wrap(key: &[u8], out: &mut [u8]) -> Result<usize> {
    let len = OPAQUE_PREFIX.len() + key.len();
    let out = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    out[..OPAQUE_PREFIX.len()].copy_from_slice(&OPAQUE_PREFIX);
    for (o, k) in out[OPAQUE_PREFIX.len()..].iter_mut().zip(key) {
        *o = k ^ 0xff;
    }
    Ok(len)
}

/// Key material unwrapped from an opaque key buffer (of any size the store holds); wiped on
/// drop.
pub struct Unwrapped {
    bytes: Vec<u8>,
}

impl Unwrapped {
    /// The key in export format.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes
    }
}

impl Drop for Unwrapped {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

/// Undo [`opaque_wrap`].
///
/// # Errors
/// `CORRUPTION_DETECTED` if the buffer does not start with [`OPAQUE_PREFIX`].
pub fn opaque_unwrap(key_buffer: &[u8]) -> Result<Unwrapped> {
    let body = key_buffer
        .strip_prefix(&OPAQUE_PREFIX[..])
        .ok_or(Error::CorruptionDetected)?;
    Ok(Unwrapped {
        bytes: body.iter().map(|k| k ^ 0xff).collect(),
    })
}

/// Run a built-in key-creation function into a stack buffer and wrap its output into
/// `key_buffer` (the opaque driver's import and generate).
///
/// # Errors
/// What `create` reports; `BUFFER_TOO_SMALL`.
pub fn opaque_create(
    key_buffer: &mut [u8],
    create: impl FnOnce(&mut [u8]) -> Result<usize>,
) -> Result<usize> {
    let mut plain = vec![0u8; key_buffer.len().saturating_sub(OPAQUE_PREFIX.len())];
    let r = create(&mut plain).and_then(|n| opaque_wrap(&plain[..n], key_buffer));
    plain.zeroize();
    r
}

/// Define an instrumented transparent driver type with its own prefix and static hooks.
#[macro_export]
macro_rules! instrumented_transparent {
    ($(#[$m:meta])* $vis:vis $name:ident, $prefix:literal, $hooks:ident) => {
        $(#[$m])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        /// This driver's hooks.
        $vis static $hooks: $crate::Hooks = $crate::Hooks::new();

        #[::psa_core::psa_driver(
            prefix = $prefix,
            kind = "transparent",
            entry_points = [
                import_key, export_public_key, generate_key,
                hash_compute, hash_setup, hash_update, hash_finish, hash_clone, hash_abort,
                mac_compute, mac_sign_setup, mac_verify_setup, mac_update, mac_sign_finish, mac_verify_finish, mac_abort,
                cipher_encrypt, cipher_decrypt, cipher_encrypt_setup, cipher_decrypt_setup, cipher_set_iv, cipher_update, cipher_finish, cipher_abort,
                aead_encrypt, aead_decrypt,
                aead_encrypt_setup, aead_decrypt_setup, aead_set_nonce, aead_set_lengths, aead_update_ad, aead_update, aead_finish, aead_verify, aead_abort,
                sign_hash, verify_hash, sign_message, verify_message,
                asymmetric_encrypt, asymmetric_decrypt, key_agreement,
                key_derivation_setup, key_derivation_input_bytes, key_derivation_input_integer, key_derivation_output_bytes, key_derivation_abort,
                get_random,
            ],
        )]
        #[allow(clippy::too_many_arguments, missing_docs)]
        impl $name {
            pub fn import_key(&self, attributes: &::psa_core::KeyAttributes, data: &[u8], key_buffer: &mut [u8]) -> ::psa_core::Result<::psa_core::ImportedKey> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::ImportKey)?;
                let capacity = key_buffer.len();
                let i = builtin::import_key(&mut entry::import_key::Args { attributes, data, key_buffer })?;
                Ok(::psa_core::ImportedKey { length: $hooks.report(E::ImportKey, i.length, capacity), bits: i.bits })
            }
            pub fn export_public_key(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], data: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::ExportPublicKey)?;
                if let Some(n) = $hooks.output(data)? { return Ok(n); }
                builtin::export_public_key(&mut entry::export_public_key::Args { attributes, key_buffer, data })
            }
            pub fn generate_key(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &mut [u8], rng: ::psa_core::Rng<'_>) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::GenerateKey)?;
                if let Some(n) = $hooks.output(key_buffer)? { return Ok(n); }
                builtin::generate_key(&mut entry::generate_key::Args { attributes, key_buffer, rng })
            }
            pub fn hash_compute(&self, alg: ::psa_core::Algorithm, input: &[u8], hash: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::HashCompute)?;
                if let Some(n) = $hooks.output(hash)? { return Ok(n); }
                builtin::hash_compute(&mut entry::hash_compute::Args { alg, input, hash })
            }
            pub fn hash_setup(&self, alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::HashContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::HashSetup)?;
                let inner = builtin::hash_setup(&mut entry::hash_setup::Args { alg })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn hash_update(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::HashContext>, input: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::HashUpdate)?;
                builtin::hash_update(&mut ctx.inner, &mut entry::hash_update::Args { input })
            }
            pub fn hash_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::HashContext>, hash: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::HashFinish)?;
                if let Some(n) = $hooks.output(hash)? { return Ok(n); }
                builtin::hash_finish(&mut ctx.inner, &mut entry::hash_finish::Args { hash })
            }
            pub fn hash_clone(&self, ctx: &$crate::Ctx<::psa_core::builtin::HashContext>) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::HashContext>> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.enter(E::HashClone)?;
                let inner = builtin::hash_clone(&ctx.inner)?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn hash_abort(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::HashContext>) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.context_released();
                let r = builtin::hash_abort(&mut ctx.inner);
                $hooks.enter(E::HashAbort)?;
                r
            }
            pub fn mac_compute(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], mac: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacCompute)?;
                if let Some(n) = $hooks.output(mac)? { return Ok(n); }
                builtin::mac_compute(&mut entry::mac_compute::Args { attributes, key_buffer, alg, input, mac })
            }
            pub fn mac_sign_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::MacContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacSignSetup)?;
                let inner = builtin::mac_sign_setup(&mut entry::mac_sign_setup::Args { attributes, key_buffer, alg })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn mac_verify_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::MacContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacVerifySetup)?;
                let inner = builtin::mac_verify_setup(&mut entry::mac_verify_setup::Args { attributes, key_buffer, alg })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn mac_update(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>, input: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacUpdate)?;
                builtin::mac_update(&mut ctx.inner, &mut entry::mac_update::Args { input })
            }
            pub fn mac_sign_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>, mac: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacSignFinish)?;
                if let Some(n) = $hooks.output(mac)? { return Ok(n); }
                builtin::mac_sign_finish(&mut ctx.inner, &mut entry::mac_sign_finish::Args { mac })
            }
            pub fn mac_verify_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>, mac: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacVerifyFinish)?;
                builtin::mac_verify_finish(&mut ctx.inner, &mut entry::mac_verify_finish::Args { mac })
            }
            pub fn mac_abort(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.context_released();
                let r = builtin::mac_abort(&mut ctx.inner);
                $hooks.enter(E::MacAbort)?;
                r
            }
            pub fn cipher_encrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, iv: &[u8], input: &[u8], output: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherEncrypt)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                builtin::cipher_encrypt(&mut entry::cipher_encrypt::Args { attributes, key_buffer, alg, iv, input, output })
            }
            pub fn cipher_decrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], output: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherDecrypt)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                builtin::cipher_decrypt(&mut entry::cipher_decrypt::Args { attributes, key_buffer, alg, input, output })
            }
            pub fn cipher_encrypt_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::CipherContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherEncryptSetup)?;
                let inner = builtin::cipher_encrypt_setup(&mut entry::cipher_encrypt_setup::Args { attributes, key_buffer, alg })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn cipher_decrypt_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::CipherContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherDecryptSetup)?;
                let inner = builtin::cipher_decrypt_setup(&mut entry::cipher_decrypt_setup::Args { attributes, key_buffer, alg })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn cipher_set_iv(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::CipherContext>, iv: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherSetIv)?;
                builtin::cipher_set_iv(&mut ctx.inner, &mut entry::cipher_set_iv::Args { iv })
            }
            pub fn cipher_update(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::CipherContext>, input: &[u8], output: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherUpdate)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                builtin::cipher_update(&mut ctx.inner, &mut entry::cipher_update::Args { input, output })
            }
            pub fn cipher_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::CipherContext>, output: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherFinish)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                builtin::cipher_finish(&mut ctx.inner, &mut entry::cipher_finish::Args { output })
            }
            pub fn cipher_abort(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::CipherContext>) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.context_released();
                let r = builtin::cipher_abort(&mut ctx.inner);
                $hooks.enter(E::CipherAbort)?;
                r
            }
            pub fn aead_encrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, nonce: &[u8], additional_data: &[u8], plaintext: &[u8], ciphertext: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::AeadEncrypt)?;
                if let Some(n) = $hooks.output(ciphertext)? { return Ok(n); }
                builtin::aead_encrypt(&mut entry::aead_encrypt::Args { attributes, key_buffer, alg, nonce, additional_data, plaintext, ciphertext })
            }
            pub fn aead_decrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, nonce: &[u8], additional_data: &[u8], ciphertext: &[u8], plaintext: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::AeadDecrypt)?;
                if let Some(n) = $hooks.output(plaintext)? { return Ok(n); }
                builtin::aead_decrypt(&mut entry::aead_decrypt::Args { attributes, key_buffer, alg, nonce, additional_data, ciphertext, plaintext })
            }
            pub fn aead_encrypt_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<$crate::AeadBuffer>> {
                use ::psa_core::EntryPoint as E;
                $hooks.enter(E::AeadEncryptSetup)?;
                let inner = $crate::AeadBuffer::new(attributes, key_buffer, alg)?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn aead_decrypt_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<$crate::AeadBuffer>> {
                use ::psa_core::EntryPoint as E;
                $hooks.enter(E::AeadDecryptSetup)?;
                let inner = $crate::AeadBuffer::new(attributes, key_buffer, alg)?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn aead_set_nonce(&self, ctx: &mut $crate::Ctx<$crate::AeadBuffer>, nonce: &[u8]) -> ::psa_core::Result<()> {
                $hooks.enter(::psa_core::EntryPoint::AeadSetNonce)?;
                ctx.inner.set_nonce(nonce)
            }
            pub fn aead_set_lengths(&self, _ctx: &mut $crate::Ctx<$crate::AeadBuffer>, _ad_length: usize, _plaintext_length: usize) -> ::psa_core::Result<()> {
                $hooks.enter(::psa_core::EntryPoint::AeadSetLengths)
            }
            pub fn aead_update_ad(&self, ctx: &mut $crate::Ctx<$crate::AeadBuffer>, input: &[u8]) -> ::psa_core::Result<()> {
                $hooks.enter(::psa_core::EntryPoint::AeadUpdateAd)?;
                ctx.inner.update_ad(input)
            }
            pub fn aead_update(&self, ctx: &mut $crate::Ctx<$crate::AeadBuffer>, input: &[u8], output: &mut [u8]) -> ::psa_core::Result<usize> {
                $hooks.enter(::psa_core::EntryPoint::AeadUpdate)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                ctx.inner.update(input)
            }
            pub fn aead_finish(&self, ctx: &mut $crate::Ctx<$crate::AeadBuffer>, ciphertext: &mut [u8], tag: &mut [u8]) -> ::psa_core::Result<(usize, usize)> {
                $hooks.enter(::psa_core::EntryPoint::AeadFinish)?;
                // The ciphertext is real (its length is fixed by the input); a forced output
                // or a lie applies to the tag (and a lie to the ciphertext length too).
                let (c, t) = ctx.inner.finish(ciphertext, tag)?;
                match $hooks.output(tag)? {
                    Some(n) => Ok(($hooks.report(::psa_core::EntryPoint::AeadFinish, c, ciphertext.len()), n)),
                    None => Ok((c, t)),
                }
            }
            pub fn aead_verify(&self, ctx: &mut $crate::Ctx<$crate::AeadBuffer>, plaintext: &mut [u8], tag: &[u8]) -> ::psa_core::Result<usize> {
                $hooks.enter(::psa_core::EntryPoint::AeadVerify)?;
                if let Some(n) = $hooks.output(plaintext)? { return Ok(n); }
                ctx.inner.verify(plaintext, tag)
            }
            pub fn aead_abort(&self, _ctx: &mut $crate::Ctx<$crate::AeadBuffer>) -> ::psa_core::Result<()> {
                // The core drops the context in place after this call.
                $hooks.context_released();
                $hooks.enter(::psa_core::EntryPoint::AeadAbort)
            }
            pub fn sign_hash(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, hash: &[u8], signature: &mut [u8], rng: ::psa_core::Rng<'_>) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::SignHash)?;
                if let Some(n) = $hooks.output(signature)? { return Ok(n); }
                builtin::sign_hash(&mut entry::sign_hash::Args { attributes, key_buffer, alg, hash, signature, rng })
            }
            pub fn verify_hash(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, hash: &[u8], signature: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::VerifyHash)?;
                builtin::verify_hash(&mut entry::verify_hash::Args { attributes, key_buffer, alg, hash, signature })
            }
            pub fn sign_message(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], signature: &mut [u8], rng: ::psa_core::Rng<'_>) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::SignMessage)?;
                if let Some(n) = $hooks.output(signature)? { return Ok(n); }
                if alg == ::psa_core::Algorithm::PURE_EDDSA {
                    // PureEdDSA signs the message itself.
                    return builtin::sign_message(&mut entry::sign_message::Args { attributes, key_buffer, alg, input, signature, rng });
                }
                // Hash, then sign the digest, as Mbed TLS's test driver does.
                let mut digest = [0u8; 64];
                let n = builtin::hash_compute(&mut entry::hash_compute::Args { alg: alg.hash(), input, hash: &mut digest })?;
                builtin::sign_hash(&mut entry::sign_hash::Args { attributes, key_buffer, alg, hash: &digest[..n], signature, rng })
            }
            pub fn verify_message(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], signature: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::VerifyMessage)?;
                if alg == ::psa_core::Algorithm::PURE_EDDSA {
                    return builtin::verify_message(&mut entry::verify_message::Args { attributes, key_buffer, alg, input, signature });
                }
                let mut digest = [0u8; 64];
                let n = builtin::hash_compute(&mut entry::hash_compute::Args { alg: alg.hash(), input, hash: &mut digest })?;
                builtin::verify_hash(&mut entry::verify_hash::Args { attributes, key_buffer, alg, hash: &digest[..n], signature })
            }
            pub fn asymmetric_encrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], salt: &[u8], output: &mut [u8], rng: ::psa_core::Rng<'_>) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::AsymmetricEncrypt)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                builtin::asymmetric_encrypt(&mut entry::asymmetric_encrypt::Args { attributes, key_buffer, alg, input, salt, output, rng })
            }
            pub fn asymmetric_decrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], salt: &[u8], output: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::AsymmetricDecrypt)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                builtin::asymmetric_decrypt(&mut entry::asymmetric_decrypt::Args { attributes, key_buffer, alg, input, salt, output })
            }
            pub fn key_agreement(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, peer_key: &[u8], shared_secret: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::KeyAgreement)?;
                if let Some(n) = $hooks.output(shared_secret)? { return Ok(n); }
                builtin::key_agreement(&mut entry::key_agreement::Args { attributes, key_buffer, alg, peer_key, shared_secret })
            }
            pub fn key_derivation_setup(&self, alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::KeyDerivationContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::KeyDerivationSetup)?;
                let inner = builtin::key_derivation_setup(&mut entry::key_derivation_setup::Args { alg })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn key_derivation_input_bytes(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::KeyDerivationContext>, step: ::psa_core::DerivationStep, data: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::KeyDerivationInputBytes)?;
                builtin::key_derivation_input_bytes(&mut ctx.inner, &mut entry::key_derivation_input_bytes::Args { step, data })
            }
            pub fn key_derivation_input_integer(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::KeyDerivationContext>, step: ::psa_core::DerivationStep, value: u64) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::KeyDerivationInputInteger)?;
                builtin::key_derivation_input_integer(&mut ctx.inner, &mut entry::key_derivation_input_integer::Args { step, value })
            }
            pub fn key_derivation_output_bytes(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::KeyDerivationContext>, output: &mut [u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::KeyDerivationOutputBytes)?;
                if $hooks.output(output)?.is_some() { return Ok(()); }
                builtin::key_derivation_output_bytes(&mut ctx.inner, &mut entry::key_derivation_output_bytes::Args { output })
            }
            pub fn key_derivation_abort(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::KeyDerivationContext>) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.context_released();
                let r = builtin::key_derivation_abort(&mut ctx.inner);
                $hooks.enter(E::KeyDerivationAbort)?;
                r
            }
            pub fn get_random(&self, output: &mut [u8]) -> ::psa_core::Result<()> {
                use ::psa_core::EntryPoint as E;
                $hooks.enter(E::GetRandom)?;
                match $hooks.output(output)? {
                    Some(_) => Ok(()),
                    // Without a forced output there is no randomness here: decline, so the
                    // core's DRBG serves (randomized signing and key generation stay real).
                    None => Err(::psa_core::Error::NotSupported),
                }
            }
        }
    };
}

/// Define an instrumented opaque driver type owning `$location`, with its own prefix and
/// static hooks: the Rust counterpart of Mbed TLS's test opaque driver ("SE without
/// storage").
///
/// Its key buffer is [`OPAQUE_PREFIX`] followed by the key XOR 0xFF ([`opaque_wrap`]); each
/// entry point counts its hit, returns the forced status if one is set, writes the forced
/// output if one is set, and otherwise unwraps the key into a stack buffer and does the real
/// work through the built-in. `destroy_key` records the key buffer it is given
/// ([`Hooks::recorded`]); `allocate_key` reserves nothing (returns 0 bytes). Slot
/// [`OPAQUE_BUILTIN_SLOT`] holds a built-in P-256 key ([`OPAQUE_BUILTIN_KEY`]).
///
/// Not declared, so routed nowhere for its keys: cipher and AEAD multi-part, asymmetric
/// encryption (dispatch answers `NOT_SUPPORTED` for them).
#[macro_export]
macro_rules! instrumented_opaque {
    ($(#[$m:meta])* $vis:vis $name:ident, $prefix:literal, $location:expr, $hooks:ident) => {
        $(#[$m])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        /// This driver's hooks.
        $vis static $hooks: $crate::Hooks = $crate::Hooks::new();

        #[::psa_core::psa_driver(
            prefix = $prefix,
            kind = "opaque",
            location = $location,
            entry_points = [
                import_key, generate_key, export_key, export_public_key, copy_key, destroy_key,
                allocate_key, get_builtin_key,
                mac_compute, mac_sign_setup, mac_verify_setup, mac_update, mac_sign_finish, mac_verify_finish, mac_abort,
                cipher_encrypt, cipher_decrypt, aead_encrypt, aead_decrypt,
                sign_hash, verify_hash, sign_message, verify_message, key_agreement,
            ],
        )]
        #[allow(clippy::too_many_arguments, missing_docs)]
        impl $name {
            pub fn import_key(&self, attributes: &::psa_core::KeyAttributes, data: &[u8], key_buffer: &mut [u8]) -> ::psa_core::Result<::psa_core::ImportedKey> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::ImportKey)?;
                let mut bits = 0;
                let length = $crate::opaque_create(key_buffer, |plain| {
                    let i = builtin::import_key(&mut entry::import_key::Args { attributes, data, key_buffer: plain })?;
                    bits = i.bits;
                    Ok(i.length)
                })?;
                Ok(::psa_core::ImportedKey { length: $hooks.report(E::ImportKey, length, key_buffer.len()), bits })
            }
            pub fn generate_key(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &mut [u8], rng: ::psa_core::Rng<'_>) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::GenerateKey)?;
                let capacity = key_buffer.len();
                let n = $crate::opaque_create(key_buffer, |plain| match $hooks.forced_output(plain)? {
                    Some(n) => Ok(n),
                    None => builtin::generate_key(&mut entry::generate_key::Args { attributes, key_buffer: plain, rng }),
                })?;
                Ok($hooks.report(E::GenerateKey, n, capacity))
            }
            pub fn export_key(&self, _attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], data: &mut [u8]) -> ::psa_core::Result<usize> {
                $hooks.enter(::psa_core::EntryPoint::ExportKey)?;
                if let Some(n) = $hooks.output(data)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                let out = data.get_mut(..key.as_slice().len()).ok_or(::psa_core::Error::BufferTooSmall)?;
                out.copy_from_slice(key.as_slice());
                Ok(out.len())
            }
            pub fn export_public_key(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], data: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::ExportPublicKey)?;
                if let Some(n) = $hooks.output(data)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                if attributes.key_type().is_public_key() {
                    let out = data.get_mut(..key.as_slice().len()).ok_or(::psa_core::Error::BufferTooSmall)?;
                    out.copy_from_slice(key.as_slice());
                    return Ok(out.len());
                }
                builtin::export_public_key(&mut entry::export_public_key::Args { attributes, key_buffer: key.as_slice(), data })
            }
            pub fn copy_key(&self, _attributes: &::psa_core::KeyAttributes, source_key: &[u8], target_key_buffer: &mut [u8]) -> ::psa_core::Result<usize> {
                $hooks.enter(::psa_core::EntryPoint::CopyKey)?;
                let capacity = target_key_buffer.len();
                let out = target_key_buffer.get_mut(..source_key.len()).ok_or(::psa_core::Error::BufferTooSmall)?;
                out.copy_from_slice(source_key);
                Ok($hooks.report(::psa_core::EntryPoint::CopyKey, out.len(), capacity))
            }
            pub fn destroy_key(&self, _attributes: &::psa_core::KeyAttributes, key_buffer: &[u8]) -> ::psa_core::Result<()> {
                $hooks.enter(::psa_core::EntryPoint::DestroyKey)?;
                $hooks.record(key_buffer);
                Ok(())
            }
            pub fn allocate_key(&self, _attributes: &::psa_core::KeyAttributes, _key_buffer: &mut [u8]) -> ::psa_core::Result<usize> {
                $hooks.enter(::psa_core::EntryPoint::AllocateKey)?;
                Ok($hooks.report(::psa_core::EntryPoint::AllocateKey, 0, _key_buffer.len()))
            }
            pub fn get_builtin_key(&self, slot_number: ::psa_core::SlotNumber, attributes: &mut ::psa_core::KeyAttributes, key_buffer: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{Algorithm, EccFamily, KeyType, Lifetime, Persistence, UsageFlags};
                $hooks.enter(::psa_core::EntryPoint::GetBuiltinKey)?;
                if slot_number != $crate::OPAQUE_BUILTIN_SLOT {
                    return Err(::psa_core::Error::DoesNotExist);
                }
                attributes.set_type(KeyType::ecc_key_pair(EccFamily::SECP_R1));
                attributes.set_bits(256);
                attributes.set_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH | UsageFlags::EXPORT);
                attributes.set_algorithm(Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH));
                attributes.set_lifetime(Lifetime::new(Persistence::READ_ONLY, attributes.location()));
                let capacity = key_buffer.len();
                let n = $crate::opaque_wrap(&$crate::OPAQUE_BUILTIN_KEY, key_buffer)?;
                Ok($hooks.report(::psa_core::EntryPoint::GetBuiltinKey, n, capacity))
            }
            pub fn mac_compute(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], mac: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacCompute)?;
                if let Some(n) = $hooks.output(mac)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                builtin::mac_compute(&mut entry::mac_compute::Args { attributes, key_buffer: key.as_slice(), alg, input, mac })
            }
            pub fn mac_sign_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::MacContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacSignSetup)?;
                let key = $crate::opaque_unwrap(key_buffer)?;
                let inner = builtin::mac_sign_setup(&mut entry::mac_sign_setup::Args { attributes, key_buffer: key.as_slice(), alg })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn mac_verify_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::MacContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacVerifySetup)?;
                let key = $crate::opaque_unwrap(key_buffer)?;
                let inner = builtin::mac_verify_setup(&mut entry::mac_verify_setup::Args { attributes, key_buffer: key.as_slice(), alg })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn mac_update(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>, input: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacUpdate)?;
                builtin::mac_update(&mut ctx.inner, &mut entry::mac_update::Args { input })
            }
            pub fn mac_sign_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>, mac: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacSignFinish)?;
                if let Some(n) = $hooks.output(mac)? { return Ok(n); }
                builtin::mac_sign_finish(&mut ctx.inner, &mut entry::mac_sign_finish::Args { mac })
            }
            pub fn mac_verify_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>, mac: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacVerifyFinish)?;
                builtin::mac_verify_finish(&mut ctx.inner, &mut entry::mac_verify_finish::Args { mac })
            }
            pub fn mac_abort(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.context_released();
                let r = builtin::mac_abort(&mut ctx.inner);
                $hooks.enter(E::MacAbort)?;
                r
            }
            pub fn cipher_encrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, iv: &[u8], input: &[u8], output: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherEncrypt)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                builtin::cipher_encrypt(&mut entry::cipher_encrypt::Args { attributes, key_buffer: key.as_slice(), alg, iv, input, output })
            }
            pub fn cipher_decrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], output: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherDecrypt)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                builtin::cipher_decrypt(&mut entry::cipher_decrypt::Args { attributes, key_buffer: key.as_slice(), alg, input, output })
            }
            pub fn aead_encrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, nonce: &[u8], additional_data: &[u8], plaintext: &[u8], ciphertext: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::AeadEncrypt)?;
                if let Some(n) = $hooks.output(ciphertext)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                builtin::aead_encrypt(&mut entry::aead_encrypt::Args { attributes, key_buffer: key.as_slice(), alg, nonce, additional_data, plaintext, ciphertext })
            }
            pub fn aead_decrypt(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, nonce: &[u8], additional_data: &[u8], ciphertext: &[u8], plaintext: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::AeadDecrypt)?;
                if let Some(n) = $hooks.output(plaintext)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                builtin::aead_decrypt(&mut entry::aead_decrypt::Args { attributes, key_buffer: key.as_slice(), alg, nonce, additional_data, ciphertext, plaintext })
            }
            pub fn sign_hash(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, hash: &[u8], signature: &mut [u8], rng: ::psa_core::Rng<'_>) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::SignHash)?;
                if let Some(n) = $hooks.output(signature)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                builtin::sign_hash(&mut entry::sign_hash::Args { attributes, key_buffer: key.as_slice(), alg, hash, signature, rng })
            }
            pub fn verify_hash(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, hash: &[u8], signature: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::VerifyHash)?;
                let key = $crate::opaque_unwrap(key_buffer)?;
                builtin::verify_hash(&mut entry::verify_hash::Args { attributes, key_buffer: key.as_slice(), alg, hash, signature })
            }
            pub fn sign_message(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], signature: &mut [u8], rng: ::psa_core::Rng<'_>) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::SignMessage)?;
                if let Some(n) = $hooks.output(signature)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                if alg == ::psa_core::Algorithm::PURE_EDDSA {
                    return builtin::sign_message(&mut entry::sign_message::Args { attributes, key_buffer: key.as_slice(), alg, input, signature, rng });
                }
                let mut digest = [0u8; 64];
                let n = builtin::hash_compute(&mut entry::hash_compute::Args { alg: alg.hash(), input, hash: &mut digest })?;
                builtin::sign_hash(&mut entry::sign_hash::Args { attributes, key_buffer: key.as_slice(), alg, hash: &digest[..n], signature, rng })
            }
            pub fn verify_message(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], signature: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::VerifyMessage)?;
                let key = $crate::opaque_unwrap(key_buffer)?;
                if alg == ::psa_core::Algorithm::PURE_EDDSA {
                    return builtin::verify_message(&mut entry::verify_message::Args { attributes, key_buffer: key.as_slice(), alg, input, signature });
                }
                let mut digest = [0u8; 64];
                let n = builtin::hash_compute(&mut entry::hash_compute::Args { alg: alg.hash(), input, hash: &mut digest })?;
                builtin::verify_hash(&mut entry::verify_hash::Args { attributes, key_buffer: key.as_slice(), alg, hash: &digest[..n], signature })
            }
            pub fn key_agreement(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, peer_key: &[u8], shared_secret: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::KeyAgreement)?;
                if let Some(n) = $hooks.output(shared_secret)? { return Ok(n); }
                let key = $crate::opaque_unwrap(key_buffer)?;
                builtin::key_agreement(&mut entry::key_agreement::Args { attributes, key_buffer: key.as_slice(), alg, peer_key, shared_secret })
            }
        }
    };
}

/// The dispatch paths the conformance suites run published vectors through: each
/// registration selects who serves a request (check with receipts).
pub mod paths {
    use psa_core::{Psa, register_drivers};
    use psa_drivers::{P256Driver, SecureElement};

    register_drivers! {
        /// The built-in software implementation alone.
        pub struct BuiltinOnly {
            transparent: [],
            opaque: [],
            builtin: true,
        }
    }

    register_drivers! {
        /// The P-256 accelerator first, the built-in for everything else.
        pub struct P256WithBuiltin {
            transparent: [p256: P256Driver],
            opaque: [],
            builtin: true,
        }
    }

    register_drivers! {
        /// The P-256 accelerator alone: a driver-only build.
        pub struct P256Only {
            transparent: [p256: P256Driver],
            opaque: [],
            builtin: false,
        }
    }

    register_drivers! {
        /// The simulated secure element for keys at its location, the built-in for local keys.
        pub struct SecureElementWithBuiltin {
            transparent: [],
            opaque: [se: SecureElement],
            builtin: true,
        }
    }

    /// The secure element's provisioned device key (Mbed TLS's test opaque driver's built-in
    /// ECDSA key).
    pub const DEVICE_KEY: [u8; 32] = [
        0xdc, 0x7d, 0x9d, 0x26, 0xd6, 0x7a, 0x4f, 0x63, 0x2c, 0x34, 0xc2, 0xdc, 0x0b, 0x69, 0x86,
        0x18, 0x38, 0x82, 0xc2, 0x06, 0xdf, 0x04, 0xcd, 0xb7, 0xd6, 0x9a, 0xab, 0xe2, 0x8b, 0xe4,
        0xf8, 0x1a,
    ];

    /// A PSA instance over the built-in alone.
    pub fn builtin_only() -> Psa<BuiltinOnly> {
        Psa::new(BuiltinOnly::new())
    }
    /// A PSA instance over the P-256 driver and the built-in.
    pub fn p256_with_builtin() -> Psa<P256WithBuiltin> {
        Psa::new(P256WithBuiltin::new(P256Driver::new()))
    }
    /// A PSA instance over the P-256 driver alone.
    pub fn p256_only() -> Psa<P256Only> {
        Psa::new(P256Only::new(P256Driver::new()))
    }
    /// A PSA instance over the secure element and the built-in.
    ///
    /// # Panics
    /// Never: the device key is a valid scalar.
    pub fn secure_element() -> Psa<SecureElementWithBuiltin> {
        let se = SecureElement::provisioned(&DEVICE_KEY).expect("valid device key");
        Psa::new(SecureElementWithBuiltin::new(se))
    }
}

/// Small helpers shared by the suites.
pub mod support {
    use psa_core::receipt::{Candidate, Receipt};
    use psa_core::{Dispatch, EntryPoint};

    /// Decode hex test data.
    ///
    /// # Panics
    /// On malformed hex (a broken test vector).
    pub fn hex(s: &str) -> Vec<u8> {
        assert!(s.len().is_multiple_of(2), "odd-length hex");
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    /// The receipts for `ep` logged since the last `take`, oldest first.
    pub fn receipts_for<D: Dispatch>(dispatcher: &D, ep: EntryPoint) -> Vec<Receipt> {
        dispatcher
            .recorder()
            .take()
            .filter(|r| r.entry_point == ep)
            .collect()
    }

    /// Who served the last call of `ep` since the last `take` (and clears the log).
    pub fn served_by<D: Dispatch>(dispatcher: &D, ep: EntryPoint) -> Option<Candidate> {
        receipts_for(dispatcher, ep)
            .last()
            .and_then(Receipt::served_by)
    }

    /// A serialization lock for tests that share static driver hooks: take it first.
    pub fn serial() -> std::sync::MutexGuard<'static, ()> {
        static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
        LOCK.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Run `f` on another thread and return its result, or panic if it has not returned
    /// within `seconds` (a deadlock becomes a test failure instead of a hung test run; the
    /// stuck thread is left behind).
    ///
    /// # Panics
    /// On time-out, or if `f` panics.
    pub fn within<T: Send + 'static>(
        seconds: u64,
        what: &str,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        let handle = std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        match rx.recv_timeout(std::time::Duration::from_secs(seconds)) {
            Ok(v) => v,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                panic!("{what}: no answer within {seconds} s (deadlock?)")
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
                Err(panic) => std::panic::resume_unwind(panic),
                Ok(()) => unreachable!("the sender was dropped without sending"),
            },
        }
    }

    /// The byte every output buffer is filled with before a call, so tests can see what
    /// was written.
    pub const CANARY: u8 = 0xC5;

    /// A buffer of `len` canary bytes.
    pub fn canary(len: usize) -> Vec<u8> {
        vec![CANARY; len]
    }

    /// Whether every byte of `buf` from `from` on is still the canary.
    pub fn untouched_from(buf: &[u8], from: usize) -> bool {
        buf.get(from..)
            .is_none_or(|t| t.iter().all(|&b| b == CANARY))
    }
}

/// Harnesses shared by the `cargo fuzz` targets (`fuzz/fuzz_targets/*.rs`) and the proptest
/// suite (`tests/tests/properties.rs`): each takes arbitrary bytes, drives the public API
/// with them, and panics only when an invariant breaks (never because the input is odd).
///
/// The same functions run under libFuzzer (coverage-guided, nightly) and under proptest
/// (random, stable), so CI without a nightly toolchain still runs every harness.
pub mod harness {
    use psa_core::{
        Algorithm, DerivationStep, EccFamily, Error, KeyAttributes, KeyId, KeyType, Lifetime,
        Location, Psa, UsageFlags, register_drivers,
    };
    use psa_drivers::secure_element::SE_LIFETIME;
    use psa_drivers::{P256Driver, SecureElement};

    use crate::support::{CANARY, untouched_from};

    register_drivers! {
        /// Every real driver: the P-256 accelerator, the secure element, the built-in.
        pub struct Everything {
            transparent: [p256: P256Driver],
            opaque: [se: SecureElement],
            builtin: true,
        }
    }

    crate::instrumented_transparent!(
        /// The instrumented driver the multi-part harness counts contexts with.
        pub Counted, "counted", COUNTED
    );

    register_drivers! {
        /// The instrumented driver first (it serves multi-part AEAD too), then the built-in.
        pub struct CountedWithBuiltin {
            transparent: [counted: Counted],
            opaque: [],
            builtin: true,
        }
    }

    fn everything() -> Psa<Everything> {
        let se = SecureElement::provisioned(&crate::paths::DEVICE_KEY).expect("valid device key");
        Psa::new(Everything::new(P256Driver::new(), se))
    }

    /// Reads fields from fuzz input; past the end every read is zero or empty.
    #[derive(Debug)]
    pub struct Reader<'a>(&'a [u8]);

    impl<'a> Reader<'a> {
        /// A reader over `data`.
        pub fn new(data: &'a [u8]) -> Self {
            Reader(data)
        }
        /// The next byte (0 past the end).
        pub fn u8(&mut self) -> u8 {
            match self.0.split_first() {
                Some((b, rest)) => {
                    self.0 = rest;
                    *b
                }
                None => 0,
            }
        }
        /// The next two bytes, little-endian.
        pub fn u16(&mut self) -> u16 {
            u16::from_le_bytes([self.u8(), self.u8()])
        }
        /// The next four bytes, little-endian.
        pub fn u32(&mut self) -> u32 {
            u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
        }
        /// Up to `n` bytes.
        pub fn bytes(&mut self, n: usize) -> &'a [u8] {
            let (head, rest) = self.0.split_at(n.min(self.0.len()));
            self.0 = rest;
            head
        }
        /// A length byte, then that many bytes.
        pub fn chunk(&mut self) -> &'a [u8] {
            let n = self.u8() as usize;
            self.bytes(n)
        }
        /// Whatever is left.
        pub fn rest(&mut self) -> &'a [u8] {
            self.bytes(self.0.len())
        }
        /// Whether anything is left.
        pub fn is_empty(&self) -> bool {
            self.0.is_empty()
        }
    }

    const P256_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    const P256_PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
    const SHA2: [Algorithm; 4] = [
        Algorithm::SHA_224,
        Algorithm::SHA_256,
        Algorithm::SHA_384,
        Algorithm::SHA_512,
    ];

    fn assert_error_in(what: &str, e: Error, allowed: &[Error]) {
        assert!(
            allowed.contains(&e),
            "{what}: unexpected {e:?} (allowed: {allowed:?})"
        );
    }

    /// `import_key` with arbitrary type, size, lifetime, policy and material; a key that
    /// imports must keep its type and size, export exactly as imported, and destroy cleanly.
    ///
    /// # Panics
    /// When an invariant breaks.
    pub fn import_key(data: &[u8]) {
        let mut r = Reader::new(data);
        let key_type = match r.u8() % 14 {
            0 => KeyType::AES,
            1 => KeyType::CHACHA20,
            2 => KeyType::HMAC,
            3 => KeyType::RAW_DATA,
            4 => KeyType::DERIVE,
            5 | 6 => P256_PAIR,
            7 | 8 => P256_PUBLIC,
            9 => KeyType::ecc_key_pair(EccFamily::SECP_K1),
            10 => KeyType::ecc_key_pair(EccFamily::MONTGOMERY),
            11 => KeyType::RSA_KEY_PAIR,
            12 => KeyType(0x8001),
            _ => KeyType(r.u16()),
        };
        let bits = match r.u8() % 4 {
            0 | 1 => 0,
            2 => r.u16() as usize,
            _ => 256,
        };
        let lifetime = match r.u8() % 6 {
            0..=2 => Lifetime::VOLATILE,
            3 => SE_LIFETIME,
            4 => Lifetime::volatile_at(Location::vendor(0x42)),
            _ => Lifetime(r.u32()),
        };
        let usage = UsageFlags(r.u32()) | UsageFlags::EXPORT;
        let alg = Algorithm(r.u32());
        let material = r.rest();
        let psa = everything();
        let attributes = KeyAttributes::new()
            .with_type(key_type)
            .with_bits(bits)
            .with_lifetime(lifetime)
            .with_usage(usage)
            .with_algorithm(alg);
        let id = match psa.import_key(&attributes, material) {
            Ok(id) => id,
            Err(e) => {
                let allowed = [
                    Error::InvalidArgument,
                    Error::NotSupported,
                    Error::InsufficientMemory,
                    Error::InsufficientStorage,
                ];
                return assert_error_in("import_key", e, &allowed);
            }
        };
        let stored = psa
            .get_key_attributes(id)
            .expect("attributes of an imported key");
        assert_eq!(stored.key_type(), key_type, "type kept");
        assert!(stored.bits() > 0, "an imported key has a size");
        assert!(bits == 0 || stored.bits() == bits, "declared size kept");
        let mut out = vec![CANARY; material.len() + 64];
        match psa.export_key(id, &mut out) {
            Ok(n) => {
                assert!(untouched_from(&out, n), "export wrote past its length");
                assert_eq!(
                    &out[..n],
                    material,
                    "export returns exactly what was imported"
                );
            }
            // The secure element keeps its own record of the policy.
            Err(e) => assert_error_in("export_key", e, &[Error::NotPermitted, Error::NotSupported]),
        }
        if key_type.is_asymmetric() {
            let mut out = vec![CANARY; psa_core::sizes::EXPORT_PUBLIC_KEY_MAX_SIZE + 64];
            match psa.export_public_key(id, &mut out) {
                Ok(n) => {
                    assert!(untouched_from(&out, n));
                    // Weierstrass curves export `0x04‖X‖Y`; Montgomery and Edwards keys are
                    // their RFC 7748 / RFC 8032 encodings, RSA keys DER.
                    let weierstrass = key_type.ecc_family().is_some_and(|f| {
                        f != EccFamily::MONTGOMERY && f != EccFamily::TWISTED_EDWARDS
                    });
                    if weierstrass {
                        assert_eq!(out[0], 0x04, "an uncompressed point");
                    }
                    if key_type.is_public_key() {
                        assert_eq!(&out[..n], material);
                    }
                }
                Err(e) => assert_error_in("export_public_key", e, &[Error::NotSupported]),
            }
        }
        psa.destroy_key(id).expect("destroy an imported key");
        assert_eq!(psa.get_key_attributes(id), Err(Error::InvalidHandle));
    }

    /// One P-256 / P-384 ECDSA verification, with arbitrary key, hash and signature, through
    /// the built-in, the P-256 driver and the secure element: every path that takes the key
    /// must give the same answer.
    ///
    /// # Panics
    /// When two paths disagree or an unexpected error comes back.
    pub fn verify_hash(data: &[u8]) {
        let mut r = Reader::new(data);
        let p384 = r.u8() & 1 == 1;
        let scalar_len = if p384 { 48 } else { 32 };
        let hash_alg = SHA2[(r.u8() % 4) as usize];
        let alg = if r.u8() & 1 == 1 {
            Algorithm::deterministic_ecdsa(hash_alg)
        } else {
            Algorithm::ecdsa(hash_alg)
        };
        let (key_type, material): (KeyType, Vec<u8>) = match r.u8() % 4 {
            0 => (P256_PAIR, r.bytes(scalar_len).to_vec()),
            1 | 2 => (P256_PUBLIC, [&[0x04][..], r.bytes(2 * scalar_len)].concat()),
            _ => (P256_PUBLIC, r.chunk().to_vec()),
        };
        let hash = if r.u8() & 7 == 0 {
            r.chunk()
        } else {
            r.bytes(hash_alg.hash_length())
        };
        let signature = r.rest();
        let attributes = KeyAttributes::new()
            .with_type(key_type)
            .with_usage(UsageFlags::VERIFY_HASH)
            .with_algorithm(alg);
        let builtin = crate::paths::builtin_only();
        let mut answers = Vec::new();
        let verify =
            |psa_import: psa_core::Result<KeyId>,
             verify: &dyn Fn(KeyId) -> psa_core::Result<()>| { psa_import.map(verify) };
        let b = verify(builtin.import_key(&attributes, &material), &|id| {
            builtin.verify_hash(id, alg, hash, signature)
        });
        answers.push(("built-in", b));
        if !p384 {
            let p256 = crate::paths::p256_only();
            answers.push((
                "p256",
                verify(p256.import_key(&attributes, &material), &|id| {
                    p256.verify_hash(id, alg, hash, signature)
                }),
            ));
            let se = everything();
            let at_se = attributes.with_lifetime(SE_LIFETIME);
            answers.push((
                "se",
                verify(se.import_key(&at_se, &material), &|id| {
                    se.verify_hash(id, alg, hash, signature)
                }),
            ));
        }
        for (path, answer) in &answers {
            match answer {
                Ok(Ok(())) => {}
                Ok(Err(e)) => assert_error_in(
                    &format!("verify_hash on {path}"),
                    *e,
                    &[Error::InvalidSignature, Error::InvalidArgument],
                ),
                Err(e) => assert_error_in(
                    &format!("import on {path}"),
                    *e,
                    &[Error::InvalidArgument, Error::NotSupported],
                ),
            }
        }
        // Paths that imported the key agree on the verification; the built-in and the
        // P-256 driver agree on whether a P-256 key imports.
        let verified: Vec<_> = answers
            .iter()
            .filter_map(|(p, a)| a.as_ref().ok().map(|v| (p, v)))
            .collect();
        for w in verified.windows(2) {
            assert_eq!(
                w[0].1, w[1].1,
                "{} and {} disagree on a verification",
                w[0].0, w[1].0
            );
        }
        // Material of a P-256 key's exact length: every path imports it, or none does (the
        // P-256 driver alone answers NOT_SUPPORTED for other lengths: another curve's).
        let p256_length = if key_type == P256_PAIR { 32 } else { 65 };
        if !p384 && material.len() == p256_length {
            let imported: Vec<bool> = answers.iter().map(|(_, a)| a.is_ok()).collect();
            assert!(
                imported.windows(2).all(|w| w[0] == w[1]),
                "paths disagree on importing {material:02x?}: {answers:?}"
            );
        }
    }

    /// What one [`key_agreement`] run reached: for each path that ran, whether it produced a
    /// shared secret.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Agreement {
        /// `("built-in" | "p256" | "se", produced a secret)`, in that order; the P-256 paths
        /// run for P-256 keys only.
        pub paths: Vec<(&'static str, bool)>,
        /// Whether the peer key was derived from a valid private key, unmodified.
        pub valid_peer: bool,
    }

    /// `(private key, its uncompressed public key)` from fuzz bytes, on the built-in: the
    /// bytes, zero-padded to the curve's length, with the top bit cleared (below the group
    /// order of P-256 and P-384) and never zero, so every input makes a valid key.
    fn derived_key(
        builtin: &Psa<crate::paths::BuiltinOnly>,
        bytes: &[u8],
        len: usize,
    ) -> (KeyId, Vec<u8>) {
        let mut scalar = vec![0u8; len];
        scalar[..bytes.len().min(len)].copy_from_slice(&bytes[..bytes.len().min(len)]);
        scalar[0] &= 0x7f;
        scalar[len - 1] |= u8::from(scalar.iter().all(|&b| b == 0));
        let attributes = KeyAttributes::new()
            .with_type(P256_PAIR)
            .with_usage(UsageFlags::DERIVE)
            .with_algorithm(Algorithm::ECDH);
        let id = builtin
            .import_key(&attributes, &scalar)
            .expect("a scalar below the order imports");
        let mut public = vec![0u8; 2 * len + 1];
        let n = builtin
            .export_public_key(id, &mut public)
            .expect("a key pair exports its public key");
        assert_eq!(n, public.len(), "an uncompressed public key");
        (id, public)
    }

    /// One raw ECDH with an arbitrary private scalar and a peer key, through the built-in, the
    /// P-256 driver and the secure element: all paths must agree. The peer key is most often
    /// the public key of a private key derived from the input (so that the run reaches the
    /// shared secret), sometimes that key with a byte changed or compressed, sometimes
    /// arbitrary bytes. With a derived peer, the built-in's secret must also equal the one the
    /// peer computes from our public key (ECDH is symmetric).
    ///
    /// # Panics
    /// When two paths disagree, the secret is not symmetric, or an unexpected error comes
    /// back.
    pub fn key_agreement(data: &[u8]) -> Agreement {
        let mut r = Reader::new(data);
        let p384 = r.u8() & 1 == 1;
        let scalar_len = if p384 { 48 } else { 32 };
        let mode = r.u8() % 8;
        let alg = if r.u8().is_multiple_of(8) {
            Algorithm(0x0902_0000 | u32::from(r.u16()))
        } else {
            Algorithm::ECDH
        };
        let scalar = r.bytes(scalar_len).to_vec();
        let builtin = crate::paths::builtin_only();
        let mut derived = None;
        let peer: Vec<u8> = match mode {
            // The public key of a valid private key: the shared-secret path.
            0..=5 => {
                let (id, public) = derived_key(&builtin, r.bytes(scalar_len), scalar_len);
                derived = Some(id);
                public
            }
            // That key with one byte changed (most such points are off the curve).
            6 => {
                let (_, mut public) = derived_key(&builtin, r.bytes(scalar_len), scalar_len);
                let i = r.u8() as usize % public.len();
                public[i] ^= r.u8() | 1;
                public
            }
            // Compressed (which raw key agreement does not take), or arbitrary bytes.
            _ => match r.u8() % 3 {
                0 => {
                    let (_, public) = derived_key(&builtin, r.bytes(scalar_len), scalar_len);
                    let odd = public[public.len() - 1] & 1;
                    [&[0x02 | odd][..], &public[1..=scalar_len]].concat()
                }
                1 => [&[0x04][..], r.bytes(2 * scalar_len)].concat(),
                _ => r.rest().to_vec(),
            },
        };
        let attributes = KeyAttributes::new()
            .with_type(P256_PAIR)
            .with_usage(UsageFlags::DERIVE)
            .with_algorithm(alg);
        let mut answers: Vec<(&str, psa_core::Result<psa_core::Result<Vec<u8>>>)> = Vec::new();
        let agree =
            |import: psa_core::Result<KeyId>,
             run: &dyn Fn(KeyId, &mut [u8]) -> psa_core::Result<usize>| {
                import.map(|id| {
                    let mut out = vec![CANARY; 80];
                    let n = run(id, &mut out)?;
                    assert!(
                        untouched_from(&out, n),
                        "key_agreement wrote past its length"
                    );
                    Ok(out[..n].to_vec())
                })
            };
        let ours = builtin.import_key(&attributes, &scalar);
        answers.push((
            "built-in",
            agree(ours, &|id, out| {
                builtin.raw_key_agreement(alg, id, &peer, out)
            }),
        ));
        if !p384 {
            let p256 = crate::paths::p256_only();
            answers.push((
                "p256",
                agree(p256.import_key(&attributes, &scalar), &|id, out| {
                    p256.raw_key_agreement(alg, id, &peer, out)
                }),
            ));
            let se = everything();
            let at_se = attributes.with_lifetime(SE_LIFETIME);
            answers.push((
                "se",
                agree(se.import_key(&at_se, &scalar), &|id, out| {
                    se.raw_key_agreement(alg, id, &peer, out)
                }),
            ));
        }
        for (path, answer) in &answers {
            match answer {
                Ok(Ok(secret)) => assert_eq!(secret.len(), scalar_len),
                Ok(Err(e)) => assert_error_in(
                    &format!("key_agreement on {path}"),
                    *e,
                    &[Error::InvalidArgument, Error::NotSupported],
                ),
                Err(e) => assert_error_in(
                    &format!("import on {path}"),
                    *e,
                    &[Error::InvalidArgument, Error::NotSupported],
                ),
            }
        }
        if scalar.len() == scalar_len {
            let imported: Vec<_> = answers.iter().map(|(_, a)| a.is_ok()).collect();
            assert!(
                imported.windows(2).all(|w| w[0] == w[1]),
                "paths disagree on importing a scalar: {answers:?}"
            );
        }
        if alg == Algorithm::ECDH {
            let agreed: Vec<_> = answers
                .iter()
                .filter_map(|(p, a)| a.as_ref().ok().map(|v| (p, v)))
                .collect();
            for w in agreed.windows(2) {
                assert_eq!(w[0].1, w[1].1, "{} and {} disagree", w[0].0, w[1].0);
            }
            // The peer computes the same secret from our public key.
            if let (Some(theirs), Ok(Ok(secret))) = (derived, &answers[0].1) {
                let ours = ours.expect("our key imported: it agreed");
                let mut our_public = vec![0u8; 2 * scalar_len + 1];
                let n = builtin
                    .export_public_key(ours, &mut our_public)
                    .expect("our key pair exports its public key");
                let mut their_secret = vec![0u8; scalar_len];
                let m = builtin
                    .raw_key_agreement(alg, theirs, &our_public[..n], &mut their_secret)
                    .expect("the peer agrees with our public key");
                assert_eq!(
                    &their_secret[..m],
                    &secret[..],
                    "ECDH is not symmetric: the peer's secret differs"
                );
            }
        }
        Agreement {
            paths: answers
                .iter()
                .map(|(path, a)| (*path, matches!(a, Ok(Ok(_)))))
                .collect(),
            valid_peer: derived.is_some(),
        }
    }

    /// Errors a multi-part call may return for arbitrary input.
    const MULTIPART_ERRORS: &[Error] = &[
        Error::BadState,
        Error::InvalidArgument,
        Error::NotSupported,
        Error::NotPermitted,
        Error::BufferTooSmall,
        Error::InvalidSignature,
        Error::InvalidPadding,
        Error::InsufficientData,
        Error::InvalidHandle,
    ];

    /// A random sequence of calls on hash, MAC, cipher, AEAD and key-derivation operations
    /// (all alive at once, on the instrumented driver and the built-in). Checked: no panic;
    /// only PSA errors that make sense; a call on an inactive operation is `BAD_STATE` (a
    /// setup on an active one too); outputs are not written past their length; and when
    /// everything is dropped, every driver context was released exactly once.
    ///
    /// # Panics
    /// When an invariant breaks.
    pub fn multipart(data: &[u8]) {
        let _serial = crate::support::serial();
        COUNTED.reset();
        {
            let psa = Psa::new(CountedWithBuiltin::new(Counted));
            run_multipart(&psa, data);
        }
        assert_eq!(
            COUNTED.live_contexts(),
            0,
            "a driver context was not released exactly once"
        );
    }

    fn check<T: core::fmt::Debug>(
        what: &str,
        was_active: bool,
        setup: bool,
        r: &psa_core::Result<T>,
    ) {
        if let Err(e) = r {
            assert_error_in(what, *e, MULTIPART_ERRORS);
        }
        if setup && was_active {
            assert_eq!(
                r.as_ref().err(),
                Some(&Error::BadState),
                "{what} on an active operation"
            );
        }
        if !setup && !was_active {
            assert_eq!(
                r.as_ref().err(),
                Some(&Error::BadState),
                "{what} on an inactive operation"
            );
        }
    }

    fn out_call(
        what: &str,
        was_active: bool,
        size: usize,
        f: impl FnOnce(&mut [u8]) -> psa_core::Result<usize>,
    ) {
        let mut out = vec![CANARY; size];
        let r = f(&mut out);
        if let Ok(n) = r {
            assert!(
                n <= size && untouched_from(&out, n),
                "{what} wrote past its length"
            );
        }
        check(what, was_active, false, &r);
    }

    fn run_multipart(psa: &Psa<CountedWithBuiltin>, data: &[u8]) {
        let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
        let mac_usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
        let import = |t: KeyType, usage: UsageFlags, alg: Algorithm, material: &[u8]| {
            psa.import_key(
                &KeyAttributes::new()
                    .with_type(t)
                    .with_usage(usage)
                    .with_algorithm(alg),
                material,
            )
            .expect("harness key")
        };
        let keys: [KeyId; 8] = [
            import(KeyType::AES, crypt, Algorithm::CTR, &[1; 16]),
            import(KeyType::AES, crypt, Algorithm::CBC_NO_PADDING, &[2; 24]),
            import(KeyType::AES, crypt, Algorithm::CBC_PKCS7, &[3; 32]),
            import(
                KeyType::AES,
                crypt,
                Algorithm::aead_with_at_least_this_length_tag(Algorithm::GCM, 4),
                &[4; 16],
            ),
            import(
                KeyType::CHACHA20,
                crypt,
                Algorithm::CHACHA20_POLY1305,
                &[5; 32],
            ),
            import(
                KeyType::HMAC,
                mac_usage,
                Algorithm::at_least_this_length_mac(Algorithm::hmac(Algorithm::ANY_HASH), 1),
                &[6; 20],
            ),
            import(
                KeyType::HMAC,
                mac_usage,
                Algorithm::hmac(Algorithm::SHA_256),
                &[7; 64],
            ),
            import(
                KeyType::DERIVE,
                UsageFlags::DERIVE,
                Algorithm::hkdf(Algorithm::ANY_HASH),
                &[8; 32],
            ),
        ];
        let hash_alg = |b: u8| match b % 8 {
            0..=3 => SHA2[(b % 4) as usize],
            4 => Algorithm::SHA3_256,
            5 => Algorithm::ANY_HASH,
            6 => Algorithm::hmac(Algorithm::SHA_256),
            _ => Algorithm(0x0200_0000 | u32::from(b)),
        };
        let mac_alg = |b: u8| match b % 6 {
            0 => Algorithm::hmac(Algorithm::SHA_256),
            1 => Algorithm::truncated_mac(Algorithm::hmac(Algorithm::SHA_256), b / 6 % 40),
            2 => Algorithm::hmac(SHA2[(b / 6 % 4) as usize]),
            3 => Algorithm::CMAC,
            4 => Algorithm::at_least_this_length_mac(Algorithm::hmac(Algorithm::SHA_256), 8),
            _ => Algorithm(0x0300_0000 | u32::from(b) << 8),
        };
        let cipher_alg = |b: u8| {
            [
                Algorithm::CTR,
                Algorithm::CBC_NO_PADDING,
                Algorithm::CBC_PKCS7,
                Algorithm::ECB_NO_PADDING,
                Algorithm::STREAM_CIPHER,
                Algorithm::GCM,
            ][(b % 6) as usize]
        };
        let aead_alg = |b: u8| match b % 5 {
            0 => Algorithm::GCM,
            1 => Algorithm::CHACHA20_POLY1305,
            2 => Algorithm::aead_with_shortened_tag(Algorithm::GCM, b / 5 % 20),
            3 => Algorithm::CCM,
            _ => Algorithm::aead_with_at_least_this_length_tag(Algorithm::GCM, 12),
        };
        let mut r = Reader::new(data);
        let mut hash = psa.hash_operation();
        let mut clones = Vec::new();
        let mut mac = psa.mac_operation();
        let mut cipher = psa.cipher_operation();
        let mut aead = psa.aead_operation();
        let mut kdf = psa.key_derivation_operation();
        let mut calls = 0;
        while !r.is_empty() && calls < 200 {
            calls += 1;
            let key = keys[(r.u8() % 8) as usize];
            match r.u8() % 30 {
                0 => check(
                    "hash setup",
                    hash.is_active(),
                    true,
                    &hash.setup(hash_alg(r.u8())),
                ),
                1 => check(
                    "hash update",
                    hash.is_active(),
                    false,
                    &hash.update(r.chunk()),
                ),
                2 => out_call("hash finish", hash.is_active(), r.u8() as usize % 80, |o| {
                    hash.finish(o)
                }),
                3 => check(
                    "hash verify",
                    hash.is_active(),
                    false,
                    &hash.verify(r.chunk()),
                ),
                4 => {
                    let was = hash.is_active();
                    let c = hash.clone_operation();
                    check(
                        "hash clone",
                        was,
                        false,
                        &c.as_ref().map(|_| ()).map_err(|e| *e),
                    );
                    if let Ok(c) = c
                        && clones.len() < 3
                    {
                        clones.push(c);
                    }
                }
                5 => {
                    let _ = hash.abort();
                    if let Some(mut c) = clones.pop() {
                        out_call("clone finish", c.is_active(), 64, |o| c.finish(o));
                    }
                }
                6 => check(
                    "mac sign setup",
                    mac.is_active(),
                    true,
                    &mac.sign_setup(key, mac_alg(r.u8())),
                ),
                7 => check(
                    "mac verify setup",
                    mac.is_active(),
                    true,
                    &mac.verify_setup(key, mac_alg(r.u8())),
                ),
                8 => check("mac update", mac.is_active(), false, &mac.update(r.chunk())),
                9 => out_call(
                    "mac sign finish",
                    mac.is_active(),
                    r.u8() as usize % 80,
                    |o| mac.sign_finish(o),
                ),
                10 => check(
                    "mac verify finish",
                    mac.is_active(),
                    false,
                    &mac.verify_finish(r.chunk()),
                ),
                11 => {
                    let _ = mac.abort();
                }
                12 => check(
                    "cipher encrypt setup",
                    cipher.is_active(),
                    true,
                    &cipher.encrypt_setup(key, cipher_alg(r.u8())),
                ),
                13 => check(
                    "cipher decrypt setup",
                    cipher.is_active(),
                    true,
                    &cipher.decrypt_setup(key, cipher_alg(r.u8())),
                ),
                14 => out_call(
                    "cipher generate iv",
                    cipher.is_active(),
                    r.u8() as usize % 24,
                    |o| cipher.generate_iv(o),
                ),
                15 => check(
                    "cipher set iv",
                    cipher.is_active(),
                    false,
                    &cipher.set_iv(r.chunk()),
                ),
                16 => {
                    let input = r.chunk();
                    out_call(
                        "cipher update",
                        cipher.is_active(),
                        r.u8() as usize % 300,
                        |o| cipher.update(input, o),
                    )
                }
                17 => out_call(
                    "cipher finish",
                    cipher.is_active(),
                    r.u8() as usize % 40,
                    |o| cipher.finish(o),
                ),
                18 => {
                    let _ = cipher.abort();
                }
                19 => check(
                    "aead encrypt setup",
                    aead.is_active(),
                    true,
                    &aead.encrypt_setup(key, aead_alg(r.u8())),
                ),
                20 => check(
                    "aead decrypt setup",
                    aead.is_active(),
                    true,
                    &aead.decrypt_setup(key, aead_alg(r.u8())),
                ),
                21 => check(
                    "aead set nonce",
                    aead.is_active(),
                    false,
                    &aead.set_nonce(r.chunk()),
                ),
                22 => {
                    let len = r.u8() as usize % 20;
                    out_call(
                        "aead generate nonce",
                        aead.is_active(),
                        r.u8() as usize % 24,
                        |o| aead.generate_nonce(o, len),
                    )
                }
                23 => check(
                    "aead set lengths",
                    aead.is_active(),
                    false,
                    &aead.set_lengths(r.u8() as usize, r.u8() as usize),
                ),
                24 => check(
                    "aead update ad",
                    aead.is_active(),
                    false,
                    &aead.update_ad(r.chunk()),
                ),
                25 => {
                    let input = r.chunk();
                    out_call(
                        "aead update",
                        aead.is_active(),
                        r.u8() as usize % 300,
                        |o| aead.update(input, o),
                    )
                }
                26 => {
                    let was = aead.is_active();
                    let (mut ct, mut tag) = (
                        vec![CANARY; r.u8() as usize % 300],
                        vec![CANARY; r.u8() as usize % 20],
                    );
                    let f = aead.finish(&mut ct, &mut tag);
                    if let Ok((n, t)) = f {
                        assert!(
                            untouched_from(&ct, n) && untouched_from(&tag, t),
                            "aead finish wrote past its lengths"
                        );
                    }
                    check("aead finish", was, false, &f);
                }
                27 => {
                    let tag = r.chunk();
                    out_call(
                        "aead verify",
                        aead.is_active(),
                        r.u8() as usize % 300,
                        |o| aead.verify(o, tag),
                    )
                }
                28 => {
                    let _ = aead.abort();
                }
                _ => match r.u8() % 5 {
                    0 => check(
                        "kdf setup",
                        kdf.is_active(),
                        true,
                        &kdf.setup(Algorithm::hkdf(hash_alg(r.u8()))),
                    ),
                    1 => {
                        let step = [
                            DerivationStep::Salt,
                            DerivationStep::Secret,
                            DerivationStep::Info,
                            DerivationStep::Label,
                            DerivationStep::Seed,
                        ][(r.u8() % 5) as usize];
                        check(
                            "kdf input",
                            kdf.is_active(),
                            false,
                            &kdf.input_bytes(step, r.chunk()),
                        )
                    }
                    2 => check(
                        "kdf input key",
                        kdf.is_active(),
                        false,
                        &kdf.input_key(DerivationStep::Secret, key),
                    ),
                    3 => {
                        let mut out = vec![0; r.u16() as usize % 9000];
                        check(
                            "kdf output",
                            kdf.is_active(),
                            false,
                            &kdf.output_bytes(&mut out),
                        )
                    }
                    _ => {
                        let _ = kdf.abort();
                    }
                },
            }
        }
    }
}
