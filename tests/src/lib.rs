//! Test support: instrumented drivers (facts §7) for dispatch tests.
//!
//! Each instrumented driver counts hits per entry point, can be told to return a forced
//! status (before doing any work) or a forced output (copied into the entry point's output
//! buffer), and otherwise does the real work through the built-in implementation, so results
//! can be checked against published vectors.

use core::sync::atomic::{AtomicU32, Ordering};

use psa_core::{EntryPoint, Error, Result};

/// Forced behaviour and hit counters of one instrumented driver.
pub struct Hooks {
    hits: [AtomicU32; EntryPoint::COUNT],
    forced_status: spin::Mutex<[Option<Error>; EntryPoint::COUNT]>,
    forced_output: spin::Mutex<Option<Vec<u8>>>,
    aborts: AtomicU32,
    live_contexts: core::sync::atomic::AtomicI32,
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
        match self.forced_status.lock()[ep.index()] {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
    /// If an output is forced, write it to `out` and return its length.
    ///
    /// # Errors
    /// `BUFFER_TOO_SMALL` if the forced output does not fit.
    pub fn output(&self, out: &mut [u8]) -> Result<Option<usize>> {
        match &*self.forced_output.lock() {
            Some(v) => {
                let dst = out.get_mut(..v.len()).ok_or(Error::BufferTooSmall)?;
                dst.copy_from_slice(v);
                Ok(Some(v.len()))
            }
            None => Ok(None),
        }
    }
    /// Record a context created.
    pub fn context_created(&self) {
        self.live_contexts.fetch_add(1, Ordering::SeqCst);
    }
    /// Record a context released.
    pub fn context_released(&self) {
        self.live_contexts.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A multi-part context of an instrumented driver: the built-in's context plus a note in
/// the driver's hooks while it lives, so tests can check every context is released once.
pub struct Ctx<C> {
    /// The built-in context doing the work.
    pub inner: C,
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
                sign_hash, verify_hash, sign_message, verify_message,
                asymmetric_encrypt, asymmetric_decrypt, key_agreement,
                key_derivation_setup, key_derivation_input_bytes, key_derivation_output_bytes, key_derivation_abort,
                get_random,
            ],
        )]
        #[allow(clippy::too_many_arguments, missing_docs)]
        impl $name {
            pub fn import_key(&self, attributes: &::psa_core::KeyAttributes, data: &[u8], key_buffer: &mut [u8]) -> ::psa_core::Result<::psa_core::ImportedKey> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::ImportKey)?;
                builtin::import_key(&mut entry::import_key::Args { attributes, data, key_buffer })
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
                let inner = builtin::hash_setup(&mut entry::hash_setup::Args { alg, _lt: Default::default() })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn hash_update(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::HashContext>, input: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::HashUpdate)?;
                builtin::hash_update(&mut ctx.inner, &mut entry::hash_update::Args { input, _lt: Default::default() })
            }
            pub fn hash_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::HashContext>, hash: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::HashFinish)?;
                if let Some(n) = $hooks.output(hash)? { return Ok(n); }
                builtin::hash_finish(&mut ctx.inner, &mut entry::hash_finish::Args { hash, _lt: Default::default() })
            }
            pub fn hash_clone(&self, ctx: &$crate::Ctx<::psa_core::builtin::HashContext>) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::HashContext>> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.enter(E::HashClone)?;
                let inner = builtin::hash_clone(&ctx.inner)?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn hash_abort(&self, ctx: $crate::Ctx<::psa_core::builtin::HashContext>) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.context_released();
                let r = builtin::hash_abort(ctx.inner);
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
                let inner = builtin::mac_sign_setup(&mut entry::mac_sign_setup::Args { attributes, key_buffer, alg, _lt: Default::default() })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn mac_verify_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::MacContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacVerifySetup)?;
                let inner = builtin::mac_verify_setup(&mut entry::mac_verify_setup::Args { attributes, key_buffer, alg, _lt: Default::default() })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn mac_update(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>, input: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacUpdate)?;
                builtin::mac_update(&mut ctx.inner, &mut entry::mac_update::Args { input, _lt: Default::default() })
            }
            pub fn mac_sign_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>, mac: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacSignFinish)?;
                if let Some(n) = $hooks.output(mac)? { return Ok(n); }
                builtin::mac_sign_finish(&mut ctx.inner, &mut entry::mac_sign_finish::Args { mac, _lt: Default::default() })
            }
            pub fn mac_verify_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::MacContext>, mac: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::MacVerifyFinish)?;
                builtin::mac_verify_finish(&mut ctx.inner, &mut entry::mac_verify_finish::Args { mac, _lt: Default::default() })
            }
            pub fn mac_abort(&self, ctx: $crate::Ctx<::psa_core::builtin::MacContext>) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.context_released();
                let r = builtin::mac_abort(ctx.inner);
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
                let inner = builtin::cipher_encrypt_setup(&mut entry::cipher_encrypt_setup::Args { attributes, key_buffer, alg, _lt: Default::default() })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn cipher_decrypt_setup(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm) -> ::psa_core::Result<$crate::Ctx<::psa_core::builtin::CipherContext>> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherDecryptSetup)?;
                let inner = builtin::cipher_decrypt_setup(&mut entry::cipher_decrypt_setup::Args { attributes, key_buffer, alg, _lt: Default::default() })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn cipher_set_iv(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::CipherContext>, iv: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherSetIv)?;
                builtin::cipher_set_iv(&mut ctx.inner, &mut entry::cipher_set_iv::Args { iv, _lt: Default::default() })
            }
            pub fn cipher_update(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::CipherContext>, input: &[u8], output: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherUpdate)?;
                if let Some(n) = $hooks.output(output)? { return Ok(n); }
                builtin::cipher_update(&mut ctx.inner, &mut entry::cipher_update::Args { input, output, _lt: Default::default() })
            }
            pub fn cipher_finish(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::CipherContext>, output: &mut [u8]) -> ::psa_core::Result<usize> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::CipherFinish)?;
                builtin::cipher_finish(&mut ctx.inner, &mut entry::cipher_finish::Args { output, _lt: Default::default() })
            }
            pub fn cipher_abort(&self, ctx: $crate::Ctx<::psa_core::builtin::CipherContext>) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.context_released();
                let r = builtin::cipher_abort(ctx.inner);
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
                builtin::sign_message(&mut entry::sign_message::Args { attributes, key_buffer, alg, input, signature, rng })
            }
            pub fn verify_message(&self, attributes: &::psa_core::KeyAttributes, key_buffer: &[u8], alg: ::psa_core::Algorithm, input: &[u8], signature: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::VerifyMessage)?;
                builtin::verify_message(&mut entry::verify_message::Args { attributes, key_buffer, alg, input, signature })
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
                let inner = builtin::key_derivation_setup(&mut entry::key_derivation_setup::Args { alg, _lt: Default::default() })?;
                $hooks.context_created();
                Ok($crate::Ctx { inner })
            }
            pub fn key_derivation_input_bytes(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::KeyDerivationContext>, step: ::psa_core::DerivationStep, data: &[u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::KeyDerivationInputBytes)?;
                builtin::key_derivation_input_bytes(&mut ctx.inner, &mut entry::key_derivation_input_bytes::Args { step, data, _lt: Default::default() })
            }
            pub fn key_derivation_output_bytes(&self, ctx: &mut $crate::Ctx<::psa_core::builtin::KeyDerivationContext>, output: &mut [u8]) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, entry, builtin};
                $hooks.enter(E::KeyDerivationOutputBytes)?;
                if $hooks.output(output)?.is_some() { return Ok(()); }
                builtin::key_derivation_output_bytes(&mut ctx.inner, &mut entry::key_derivation_output_bytes::Args { output, _lt: Default::default() })
            }
            pub fn key_derivation_abort(&self, ctx: $crate::Ctx<::psa_core::builtin::KeyDerivationContext>) -> ::psa_core::Result<()> {
                use ::psa_core::{EntryPoint as E, builtin};
                $hooks.context_released();
                let r = builtin::key_derivation_abort(ctx.inner);
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
