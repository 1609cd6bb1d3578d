//! The built-in software implementation: the last resort of dispatch for local keys.
//!
//! The built-in is an ordinary transparent driver, [`Builtin`], declared with `#[psa_driver]`;
//! `builtin: true` in `register_drivers!` registers it last, after every transparent driver.
//! Each family sits behind its own cargo feature (`builtin-ecc`, `builtin-curve25519`,
//! `builtin-hash`, `builtin-mac`, `builtin-cmac`, `builtin-cipher`, `builtin-aead`, `builtin-ccm`,
//! `builtin-kdf`, `builtin-pbkdf2`); with a family's feature off, its entry points are not
//! declared (absent from `Builtin`'s [`ENTRY_POINTS`](crate::Driver::ENTRY_POINTS), so
//! dispatch never calls the built-in for them and dispatch trees do not show it there), and its
//! code and dependencies are compiled out, so a driver-only build carries none of it.
//!
//! A driver that delegates to the built-in calls [`Builtin`]'s methods, which take the entry
//! point's parameters (`Builtin.hash_compute(alg, input, hash)`), or the functions of this
//! module, which take the argument bundle ([`entry`]) and answer `NOT_SUPPORTED` for what the
//! build does not serve. The context types ([`HashContext`], …) are `Builtin`'s, and
//! [`NoContext`](crate::NoContext) when the family is off.
//!
//! What is served:
//!
//! | family | feature | algorithms and keys |
//! |---|---|---|
//! | key management | — / `builtin-ecc` | import, generation of AES, ChaCha20, HMAC, raw-data and derivation keys (no crypto needed, so always on); import, export of the public key and generation of SECP_R1 P-256, P-384 and P-521 keys |
//! | key management | `builtin-curve25519` | import, export of the public key and generation of X25519 (MONTGOMERY 255) and Ed25519 (TWISTED_EDWARDS 255) keys |
//! | hash | `builtin-hash` | SHA-224, SHA-256, SHA-384, SHA-512, single- and multi-part |
//! | MAC | `builtin-mac` | HMAC with those hashes, full length or truncated to 4 bytes or more |
//! | MAC | `builtin-cmac` | AES-CMAC, full length or truncated to 4 bytes or more |
//! | cipher | `builtin-cipher` | AES-CTR, AES-CBC without padding and with PKCS#7 padding, AES-ECB without padding |
//! | AEAD | `builtin-aead` | AES-GCM (any non-empty nonce; 4-, 8-, 12- to 16-byte tags), ChaCha20-Poly1305 (12-byte nonce); single- and multi-part (streamed) |
//! | AEAD | `builtin-ccm` | AES-CCM (7- to 13-byte nonce; 4- to 16-byte even tags); single- and multi-part (streamed, `set_lengths` first) |
//! | signature | `builtin-ecc` | randomized and deterministic (RFC 6979) ECDSA on P-256, P-384 and P-521, `r‖s` |
//! | key agreement | `builtin-ecc` | raw ECDH on P-256 and P-384 |
//! | signature | `builtin-curve25519` | Ed25519 (`PURE_EDDSA`) `sign_message` / `verify_message`, `R‖S` |
//! | key agreement | `builtin-curve25519` | raw ECDH on X25519 |
//! | key derivation | `builtin-kdf` | HKDF with SHA-224/256/384/512 |
//! | key derivation | `builtin-pbkdf2` | PBKDF2-HMAC with SHA-224/256/384/512, PBKDF2-AES-CMAC-PRF-128 |
//! | PAKE | — | none: drivers only (no well-kept crate provides EC J-PAKE or SPAKE2+) |
//! | RSA | `builtin-rsa` (needs `alloc`) | import and export of RSA public keys (DER `RSAPublicKey`) and key pairs (DER `RSAPrivateKey`), 1024 to 4096 bits; export of the public key; `verify_hash` (and so `verify_message`) with PKCS#1 v1.5 (SHA-2, or raw) and PSS (SHA-2, hash-long or any salt). No signing or decryption: the `rsa` crate's private-key operations are not constant-time (RUSTSEC-2023-0071), so they are left to drivers |
//!
//! Errors follow the PSA Crypto API: `INVALID_ARGUMENT` for requests that cannot be valid
//! (wrong key type for the algorithm, malformed key data, wrong lengths), `NOT_SUPPORTED` for
//! valid requests the built-in does not implement, `BUFFER_TOO_SMALL` before anything is
//! written to a short output buffer. No function panics on any input.
//!
//! Multi-part contexts keep no key material after they are dropped (they zeroize on drop), and
//! none of them prints secrets through `Debug`.

use crate::entry::{self, EntryPoint, EntryPointSet, ImportedKey};
// `Algorithm` and `DerivationStep` appear only in feature-gated methods.
#[allow(unused_imports)]
use crate::{Algorithm, DerivationStep};
use crate::{Driver, Error, KeyAttributes, Result, Rng, psa_driver};

mod keys;

#[cfg(feature = "builtin-aead")]
mod aead;
#[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
mod aead_stream;
#[cfg(feature = "builtin-cipher")]
mod cipher;
#[cfg(feature = "builtin-cmac")]
mod cmac;
#[cfg(feature = "builtin-curve25519")]
mod curve25519;
#[cfg(feature = "builtin-ecc")]
mod ecc;
#[cfg(feature = "builtin-hash")]
mod hash;
#[cfg(feature = "builtin-kdf")]
mod kdf;
#[cfg(feature = "builtin-mac")]
mod mac;
#[cfg(all(feature = "builtin-rsa", target_has_atomic = "ptr"))]
mod rsa;

/// The entry points the built-in serves with the enabled `builtin-*` features (its
/// `#[psa_driver]` declarations): what dispatch trees and tables show under "built-in".
/// Everything else is not dispatched to it: `sign_message`/`verify_message` without
/// `builtin-curve25519` (the front-end then builds them from a hash and `sign_hash`),
/// asymmetric encryption, PAKE, `get_random` (the software side of randomness is the core's
/// DRBG) and opaque-only key management.
pub const SERVES: EntryPointSet = <Builtin as Driver>::ENTRY_POINTS;

/// The first `len` bytes of an output buffer, or `BUFFER_TOO_SMALL`.
#[allow(dead_code)]
fn output(buffer: &mut [u8], len: usize) -> Result<&mut [u8]> {
    buffer.get_mut(..len).ok_or(Error::BufferTooSmall)
}

/// The built-in software implementation, as a transparent driver (prefix `builtin`).
///
/// `register_drivers!` registers it last with `builtin: true`; a driver may also call its
/// methods directly to delegate what it does not accelerate. Each method is declared only
/// with its family's `builtin-*` feature (the table in the [module docs](self)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Builtin;

#[psa_driver(
    crate = crate,
    prefix = "builtin",
    kind = "transparent",
    entry_points = [
        import_key, export_public_key, generate_key,
        hash_compute, hash_setup, hash_update, hash_finish, hash_clone, hash_abort,
        mac_compute, mac_sign_setup, mac_verify_setup, mac_update, mac_sign_finish,
        mac_verify_finish, mac_abort,
        cipher_encrypt, cipher_decrypt, cipher_encrypt_setup, cipher_decrypt_setup,
        cipher_set_iv, cipher_update, cipher_finish, cipher_abort,
        aead_encrypt, aead_decrypt, aead_encrypt_setup, aead_decrypt_setup, aead_set_nonce,
        aead_set_lengths, aead_update_ad, aead_update, aead_finish, aead_verify, aead_abort,
        sign_hash, verify_hash, sign_message, verify_message, key_agreement,
        key_derivation_setup, key_derivation_input_bytes, key_derivation_input_integer,
        key_derivation_output_bytes, key_derivation_abort,
    ],
)]
impl Builtin {
    // -----------------------------------------------------------------------------------------
    // Key management
    // -----------------------------------------------------------------------------------------

    /// `import_key`: check `data` in export format and copy it into the key buffer.
    ///
    /// AES (16, 24 or 32 bytes), ChaCha20 (32 bytes), HMAC, raw-data and derivation keys (one
    /// byte or more) are always served; SECP_R1 P-256, P-384 and P-521 key pairs (the 32-, 48-
    /// or 66-byte big-endian private scalar, `0 < d < n`) and public keys (exactly `0x04‖X‖Y`,
    /// on the curve) need `builtin-ecc`; X25519 key pairs and public keys (any 32 bytes, RFC
    /// 7748) and Ed25519 key pairs (the 32-byte RFC 8032 private key) and public keys (32
    /// bytes that decode to a point) need `builtin-curve25519`; RSA keys (DER) need
    /// `builtin-rsa`. `attributes.bits()` may be 0 (the size is then taken from the data).
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: the data is not a valid key of the type, or its size disagrees
    ///   with a non-zero `attributes.bits()`.
    /// - `NOT_SUPPORTED`: another key type, ECC family or curve size.
    /// - `BUFFER_TOO_SMALL`: the key buffer is shorter than the key.
    pub fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        keys::import(attributes, data, key_buffer)
    }

    /// `export_public_key`: `0x04‖X‖Y` of a P-256, P-384 or P-521 key pair or public key, the
    /// 32 bytes of an X25519 or Ed25519 one, the DER `RSAPublicKey` of an RSA one.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: the key has no public part (symmetric and raw keys), or the key
    ///   buffer is corrupt.
    /// - `NOT_SUPPORTED`: other asymmetric keys, or their family's feature is off.
    /// - `BUFFER_TOO_SMALL`: `data` is too short (nothing is written).
    #[cfg(any(
        feature = "builtin-ecc",
        feature = "builtin-curve25519",
        all(feature = "builtin-rsa", target_has_atomic = "ptr")
    ))]
    pub fn export_public_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        keys::export_public(attributes, key_buffer, data)
    }

    /// `generate_key`: random AES (128/192/256 bits), ChaCha20 (256 bits), HMAC, raw-data and
    /// derivation keys (a positive multiple of 8 bits), with `builtin-ecc` SECP_R1 P-256,
    /// P-384 and P-521 key pairs, and with `builtin-curve25519` X25519 and Ed25519 key pairs.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: a public key type, or a size the key type cannot have.
    /// - `NOT_SUPPORTED`: another key type, ECC family or curve size.
    /// - `BUFFER_TOO_SMALL`: the key buffer is too short.
    /// - whatever the random source reports (`INSUFFICIENT_ENTROPY`, …).
    pub fn generate_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        keys::generate(attributes, key_buffer, rng)
    }

    // -----------------------------------------------------------------------------------------
    // Hash
    // -----------------------------------------------------------------------------------------

    /// `hash_compute`: SHA-224/256/384/512 of `input` (`builtin-hash`).
    ///
    /// # Errors
    /// - `NOT_SUPPORTED`: another hash algorithm (MD5, SHA-1, SHA-3, `ANY_HASH`, …).
    /// - `INVALID_ARGUMENT`: `alg` is not a hash algorithm.
    /// - `BUFFER_TOO_SMALL`: `hash` is shorter than the digest.
    #[cfg(feature = "builtin-hash")]
    pub fn hash_compute(&self, alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
        hash::compute(alg, input, hash)
    }

    /// `hash_setup`.
    ///
    /// # Errors
    /// As [`Builtin::hash_compute`].
    #[cfg(feature = "builtin-hash")]
    pub fn hash_setup(&self, alg: Algorithm) -> Result<hash::HashContext> {
        hash::HashContext::new(alg)
    }

    /// `hash_update`.
    ///
    /// # Errors
    /// `BAD_STATE` after `hash_finish`.
    #[cfg(feature = "builtin-hash")]
    pub fn hash_update(&self, ctx: &mut hash::HashContext, input: &[u8]) -> Result<()> {
        ctx.update(input)
    }

    /// `hash_finish`: write the digest.
    ///
    /// # Errors
    /// - `BUFFER_TOO_SMALL`: `hash` is shorter than the digest.
    /// - `BAD_STATE`: already finished.
    #[cfg(feature = "builtin-hash")]
    pub fn hash_finish(&self, ctx: &mut hash::HashContext, hash: &mut [u8]) -> Result<usize> {
        ctx.finish(hash)
    }

    /// `hash_clone`: an independent copy of the hash state.
    ///
    /// # Errors
    /// None in practice.
    #[cfg(feature = "builtin-hash")]
    pub fn hash_clone(&self, ctx: &hash::HashContext) -> Result<hash::HashContext> {
        Ok(ctx.clone())
    }

    /// `hash_abort`: nothing to release; the core drops the context in place afterwards, and
    /// its drop wipes the state.
    ///
    /// # Errors
    /// None in practice.
    #[cfg(feature = "builtin-hash")]
    pub fn hash_abort(&self, _ctx: &mut hash::HashContext) -> Result<()> {
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // MAC
    // -----------------------------------------------------------------------------------------

    /// `mac_compute`: HMAC-SHA-224/256/384/512 (`builtin-mac`) and AES-CMAC (`builtin-cmac`),
    /// full length or truncated.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: `alg` is not a MAC, is a policy wildcard, the key does not suit
    ///   the MAC, or the truncation length is above the MAC's length.
    /// - `NOT_SUPPORTED`: CBC-MAC, HMAC with another hash, CMAC without `builtin-cmac`, a
    ///   truncation below 4 bytes.
    /// - `BUFFER_TOO_SMALL`: `mac` is shorter than the MAC.
    #[cfg(feature = "builtin-mac")]
    pub fn mac_compute(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        input: &[u8],
        mac: &mut [u8],
    ) -> Result<usize> {
        mac::compute(attributes.key_type(), key_buffer, alg, input, mac)
    }

    /// `mac_sign_setup`.
    ///
    /// # Errors
    /// As [`Builtin::mac_compute`].
    #[cfg(feature = "builtin-mac")]
    pub fn mac_sign_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
    ) -> Result<mac::MacContext> {
        mac::MacContext::new(attributes.key_type(), key_buffer, alg, mac::Purpose::Sign)
    }

    /// `mac_verify_setup`.
    ///
    /// # Errors
    /// As [`Builtin::mac_compute`].
    #[cfg(feature = "builtin-mac")]
    pub fn mac_verify_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
    ) -> Result<mac::MacContext> {
        mac::MacContext::new(attributes.key_type(), key_buffer, alg, mac::Purpose::Verify)
    }

    /// `mac_update`.
    ///
    /// # Errors
    /// `BAD_STATE` after a finish.
    #[cfg(feature = "builtin-mac")]
    pub fn mac_update(&self, ctx: &mut mac::MacContext, input: &[u8]) -> Result<()> {
        ctx.update(input)
    }

    /// `mac_sign_finish`: write the (possibly truncated) MAC.
    ///
    /// # Errors
    /// - `BAD_STATE`: the context was set up for verification, or is finished.
    /// - `BUFFER_TOO_SMALL`: `mac` is shorter than the MAC.
    #[cfg(feature = "builtin-mac")]
    pub fn mac_sign_finish(&self, ctx: &mut mac::MacContext, mac: &mut [u8]) -> Result<usize> {
        ctx.sign_finish(mac)
    }

    /// `mac_verify_finish`: compare with `mac` in constant time.
    ///
    /// # Errors
    /// - `INVALID_SIGNATURE`: the MAC differs, or has the wrong length.
    /// - `BAD_STATE`: the context was set up for signing, or is finished.
    #[cfg(feature = "builtin-mac")]
    pub fn mac_verify_finish(&self, ctx: &mut mac::MacContext, mac: &[u8]) -> Result<()> {
        ctx.verify_finish(mac)
    }

    /// `mac_abort`: nothing to release; the core drops (and so wipes) the context in place
    /// afterwards.
    ///
    /// # Errors
    /// None in practice.
    #[cfg(feature = "builtin-mac")]
    pub fn mac_abort(&self, _ctx: &mut mac::MacContext) -> Result<()> {
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Unauthenticated ciphers
    // -----------------------------------------------------------------------------------------

    /// `cipher_encrypt`: AES-CTR, AES-CBC without padding, AES-CBC with PKCS#7 padding, AES-ECB
    /// without padding (`builtin-cipher`). Writes the ciphertext only (the core writes the IV
    /// before it).
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: the key is not an AES key (or is corrupt), the IV has the wrong
    ///   length, or, without padding, the input is not a whole number of blocks.
    /// - `NOT_SUPPORTED`: another cipher algorithm (CFB, OFB, XTS, stream cipher, …) or block
    ///   cipher (ARIA, Camellia, DES).
    /// - `BUFFER_TOO_SMALL`: `output` is too short (nothing is written).
    #[cfg(feature = "builtin-cipher")]
    pub fn cipher_encrypt(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        iv: &[u8],
        input: &[u8],
        output: &mut [u8],
    ) -> Result<usize> {
        cipher::encrypt(attributes.key_type(), key_buffer, alg, iv, input, output)
    }

    /// `cipher_decrypt`: `input` is the IV followed by the ciphertext.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: as [`Builtin::cipher_encrypt`], or the input is shorter than the
    ///   IV, or a CBC ciphertext is not a whole (and, with padding, non-zero) number of blocks.
    /// - `INVALID_PADDING`: the PKCS#7 padding is malformed.
    /// - `NOT_SUPPORTED`: as [`Builtin::cipher_encrypt`].
    /// - `BUFFER_TOO_SMALL`: `output` is shorter than the plaintext (nothing is written).
    #[cfg(feature = "builtin-cipher")]
    pub fn cipher_decrypt(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<usize> {
        cipher::decrypt(attributes.key_type(), key_buffer, alg, input, output)
    }

    /// `cipher_encrypt_setup`.
    ///
    /// # Errors
    /// As [`Builtin::cipher_encrypt`].
    #[cfg(feature = "builtin-cipher")]
    pub fn cipher_encrypt_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
    ) -> Result<cipher::CipherContext> {
        cipher::CipherContext::new(
            attributes.key_type(),
            key_buffer,
            alg,
            cipher::Direction::Encrypt,
        )
    }

    /// `cipher_decrypt_setup`.
    ///
    /// # Errors
    /// As [`Builtin::cipher_encrypt`].
    #[cfg(feature = "builtin-cipher")]
    pub fn cipher_decrypt_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
    ) -> Result<cipher::CipherContext> {
        cipher::CipherContext::new(
            attributes.key_type(),
            key_buffer,
            alg,
            cipher::Direction::Decrypt,
        )
    }

    /// `cipher_set_iv`: exactly once, before any data.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: the IV has the wrong length.
    /// - `BAD_STATE`: the IV is already set.
    #[cfg(feature = "builtin-cipher")]
    pub fn cipher_set_iv(&self, ctx: &mut cipher::CipherContext, iv: &[u8]) -> Result<()> {
        ctx.set_iv(iv)
    }

    /// `cipher_update`: CTR streams; CBC buffers partial blocks (and, decrypting with PKCS#7
    /// padding, holds back the last block for `cipher_finish`).
    ///
    /// # Errors
    /// - `BAD_STATE`: no IV yet, or finished.
    /// - `BUFFER_TOO_SMALL`: `output` is shorter than what this call writes (nothing is
    ///   written).
    #[cfg(feature = "builtin-cipher")]
    pub fn cipher_update(
        &self,
        ctx: &mut cipher::CipherContext,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<usize> {
        ctx.update(input, output)
    }

    /// `cipher_finish`: pad, or check and strip the padding.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: a partial block is left without padding, or a padded ciphertext
    ///   was not a whole, non-zero number of blocks.
    /// - `INVALID_PADDING`: the PKCS#7 padding is malformed.
    /// - `BAD_STATE`: no IV yet, or finished.
    /// - `BUFFER_TOO_SMALL`: `output` is too short (nothing is written).
    #[cfg(feature = "builtin-cipher")]
    pub fn cipher_finish(
        &self,
        ctx: &mut cipher::CipherContext,
        output: &mut [u8],
    ) -> Result<usize> {
        ctx.finish(output)
    }

    /// `cipher_abort`: nothing to release; the core drops (and so wipes) the context in place
    /// afterwards.
    ///
    /// # Errors
    /// None in practice.
    #[cfg(feature = "builtin-cipher")]
    pub fn cipher_abort(&self, _ctx: &mut cipher::CipherContext) -> Result<()> {
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // AEAD
    // -----------------------------------------------------------------------------------------

    /// `aead_encrypt`: AES-GCM and ChaCha20-Poly1305 (`builtin-aead`), AES-CCM
    /// (`builtin-ccm`); writes the ciphertext followed by the tag.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: wrong key type or size for the algorithm, a tag or nonce length
    ///   the algorithm cannot have, a policy wildcard, or input too long for the algorithm
    ///   (CCM: a plaintext length that does not fit in `15 - nonce length` bytes).
    /// - `NOT_SUPPORTED`: other AEADs, ARIA or Camellia keys, ChaCha20-Poly1305 with an 8-byte
    ///   nonce, or the algorithm's feature is off.
    /// - `BUFFER_TOO_SMALL`: `ciphertext` is shorter than plaintext plus tag (nothing is
    ///   written).
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    #[allow(clippy::too_many_arguments)]
    pub fn aead_encrypt(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        nonce: &[u8],
        additional_data: &[u8],
        plaintext: &[u8],
        ciphertext: &mut [u8],
    ) -> Result<usize> {
        let key_type = attributes.key_type();
        #[cfg(feature = "builtin-aead")]
        if !aead_streamed(alg, nonce) {
            return aead::encrypt(
                key_type,
                key_buffer,
                alg,
                nonce,
                additional_data,
                plaintext,
                ciphertext,
            );
        }
        aead_stream::encrypt(
            key_type,
            key_buffer,
            alg,
            nonce,
            additional_data,
            plaintext,
            ciphertext,
        )
    }

    /// `aead_decrypt`: `ciphertext` ends with the tag.
    ///
    /// # Errors
    /// - `INVALID_SIGNATURE`: the tag does not verify (nothing is left in `plaintext`: the
    ///   crates check before decrypting, the streaming engine wipes what it wrote).
    /// - `INVALID_ARGUMENT`: as [`Builtin::aead_encrypt`], or the input is shorter than the tag.
    /// - `NOT_SUPPORTED`: as [`Builtin::aead_encrypt`].
    /// - `BUFFER_TOO_SMALL`: `plaintext` is too short (nothing is written).
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    #[allow(clippy::too_many_arguments)]
    pub fn aead_decrypt(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        nonce: &[u8],
        additional_data: &[u8],
        ciphertext: &[u8],
        plaintext: &mut [u8],
    ) -> Result<usize> {
        let key_type = attributes.key_type();
        #[cfg(feature = "builtin-aead")]
        if !aead_streamed(alg, nonce) {
            return aead::decrypt(
                key_type,
                key_buffer,
                alg,
                nonce,
                additional_data,
                ciphertext,
                plaintext,
            );
        }
        aead_stream::decrypt(
            key_type,
            key_buffer,
            alg,
            nonce,
            additional_data,
            ciphertext,
            plaintext,
        )
    }

    /// `aead_encrypt_setup`: streaming AES-GCM (any non-empty nonce; tags of 4, 8, 12 to 16
    /// bytes) and ChaCha20-Poly1305 (`builtin-aead`), AES-CCM (`builtin-ccm`; `set_lengths`
    /// before any data). `aead_update` writes exactly its input's length; `aead_finish` writes
    /// only the tag.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: wrong key type or size, a tag length the algorithm cannot have, a
    ///   wildcard.
    /// - `NOT_SUPPORTED`: other AEADs, ARIA or Camellia keys, or the algorithm's feature is off.
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    pub fn aead_encrypt_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
    ) -> Result<aead_stream::AeadContext> {
        aead_stream::AeadContext::new(
            attributes.key_type(),
            key_buffer,
            alg,
            aead_stream::Direction::Encrypt,
        )
    }

    /// `aead_decrypt_setup`, as [`Builtin::aead_encrypt_setup`]; `aead_update` writes plaintext
    /// before the tag is checked (the PSA Crypto API allows it), `aead_verify` checks the tag
    /// in constant time.
    ///
    /// # Errors
    /// As [`Builtin::aead_encrypt_setup`].
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    pub fn aead_decrypt_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
    ) -> Result<aead_stream::AeadContext> {
        aead_stream::AeadContext::new(
            attributes.key_type(),
            key_buffer,
            alg,
            aead_stream::Direction::Decrypt,
        )
    }

    /// `aead_set_nonce`.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: a nonce length the algorithm cannot have (GCM: empty; CCM:
    ///   outside 7..=13; ChaCha20-Poly1305: not 12).
    /// - `NOT_SUPPORTED`: ChaCha20-Poly1305 with an 8-byte nonce.
    /// - `BAD_STATE`: the nonce is already set.
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    pub fn aead_set_nonce(&self, ctx: &mut aead_stream::AeadContext, nonce: &[u8]) -> Result<()> {
        ctx.set_nonce(nonce)
    }

    /// `aead_set_lengths`: required for CCM, optional for the others.
    ///
    /// # Errors
    /// - `BAD_STATE`: lengths already set, or data already given.
    /// - `INVALID_ARGUMENT`: lengths the algorithm cannot process.
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    pub fn aead_set_lengths(
        &self,
        ctx: &mut aead_stream::AeadContext,
        ad_length: usize,
        plaintext_length: usize,
    ) -> Result<()> {
        ctx.set_lengths(ad_length, plaintext_length)
    }

    /// `aead_update_ad`.
    ///
    /// # Errors
    /// - `BAD_STATE`: no nonce (CCM: or no lengths) yet, or body data already given.
    /// - `INVALID_ARGUMENT`: more than the declared additional data.
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    pub fn aead_update_ad(&self, ctx: &mut aead_stream::AeadContext, input: &[u8]) -> Result<()> {
        ctx.update_ad(input)
    }

    /// `aead_update`: writes exactly `input.len()` bytes.
    ///
    /// # Errors
    /// - `BAD_STATE`: no nonce (CCM: or no lengths) yet, or finished.
    /// - `INVALID_ARGUMENT`: the declared additional data is incomplete, or more than the
    ///   declared plaintext.
    /// - `BUFFER_TOO_SMALL`: `output` is shorter than `input` (nothing is written).
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    pub fn aead_update(
        &self,
        ctx: &mut aead_stream::AeadContext,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<usize> {
        ctx.update(input, output)
    }

    /// `aead_finish`: no ciphertext (`aead_update` streams), the tag; the context is wiped.
    ///
    /// # Errors
    /// - `BAD_STATE`: a decryption, no nonce, or finished.
    /// - `INVALID_ARGUMENT`: the declared lengths were not met.
    /// - `BUFFER_TOO_SMALL`: `tag` is shorter than the tag (nothing is written, nothing is
    ///   lost).
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    pub fn aead_finish(
        &self,
        ctx: &mut aead_stream::AeadContext,
        _ciphertext: &mut [u8],
        tag: &mut [u8],
    ) -> Result<(usize, usize)> {
        ctx.finish(tag)
    }

    /// `aead_verify`: compare the tag in constant time; no plaintext is left to write. The
    /// context is wiped; the plaintext `aead_update` wrote is the caller's.
    ///
    /// # Errors
    /// - `INVALID_SIGNATURE`: the tag does not verify (or has the wrong length).
    /// - `BAD_STATE`: an encryption, no nonce, or finished.
    /// - `INVALID_ARGUMENT`: the declared lengths were not met.
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    pub fn aead_verify(
        &self,
        ctx: &mut aead_stream::AeadContext,
        _plaintext: &mut [u8],
        tag: &[u8],
    ) -> Result<usize> {
        ctx.verify(tag)
    }

    /// `aead_abort`: nothing to release; the core drops the context in place afterwards, and
    /// its drop wipes it.
    ///
    /// # Errors
    /// None in practice.
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    pub fn aead_abort(&self, _ctx: &mut aead_stream::AeadContext) -> Result<()> {
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Asymmetric signature and key agreement
    // -----------------------------------------------------------------------------------------

    /// `sign_hash`: ECDSA (randomized, with `rng`) and deterministic ECDSA (RFC 6979, with the
    /// algorithm's hash in the HMAC-DRBG) on P-256, P-384 and P-521 key pairs
    /// (`builtin-ecc`); writes `r‖s`.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: `alg` is not ECDSA (or is a wildcard), the key is not an ECC key
    ///   pair of a Weierstrass family, or `hash` does not have the length of `alg`'s hash
    ///   (`ECDSA_ANY`: is empty).
    /// - `NOT_SUPPORTED`: other ECC families and curves, deterministic ECDSA with a hash other
    ///   than SHA-2, RSA and EdDSA keys.
    /// - `BUFFER_TOO_SMALL`: `signature` is too short.
    /// - whatever the random source reports.
    #[cfg(feature = "builtin-ecc")]
    pub fn sign_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        ecc::sign_hash(attributes.key_type(), key_buffer, alg, hash, signature, rng)
    }

    /// `verify_hash`: both ECDSA forms with a P-256, P-384 or P-521 key pair or public key
    /// (`builtin-ecc`); RSA PKCS#1 v1.5 and PSS (`builtin-rsa`).
    ///
    /// # Errors
    /// - `INVALID_SIGNATURE`: the signature does not verify, has the wrong length, or has `r`
    ///   or `s` out of range.
    /// - `INVALID_ARGUMENT`, `NOT_SUPPORTED`: as [`Builtin::sign_hash`] (public keys are
    ///   accepted).
    #[cfg(any(
        feature = "builtin-ecc",
        all(feature = "builtin-rsa", target_has_atomic = "ptr")
    ))]
    pub fn verify_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        let key_type = attributes.key_type();
        #[cfg(all(feature = "builtin-rsa", target_has_atomic = "ptr"))]
        if key_type.0 & 0xcfff == crate::KeyType::RSA_PUBLIC_KEY.0 {
            return rsa::verify_hash(key_type, key_buffer, alg, hash, signature);
        }
        #[cfg(feature = "builtin-ecc")]
        {
            ecc::verify_hash(key_type, key_buffer, alg, hash, signature)
        }
        #[cfg(not(feature = "builtin-ecc"))]
        {
            let _ = (key_buffer, alg, hash, signature);
            Err(Error::NotSupported)
        }
    }

    /// `sign_message`: Ed25519 (`PURE_EDDSA`, `builtin-curve25519`). Other algorithms are
    /// `NOT_SUPPORTED` here: when no driver signs the message in one go, the core hashes it and
    /// calls `sign_hash`, which the built-in serves for ECDSA.
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: `PURE_EDDSA` with a key that is not an Edwards key pair.
    /// - `NOT_SUPPORTED`: other algorithms (HashEdDSA included), Ed448.
    /// - `BUFFER_TOO_SMALL`: `signature` is shorter than 64 bytes.
    #[cfg(feature = "builtin-curve25519")]
    pub fn sign_message(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        input: &[u8],
        signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        if alg != Algorithm::PURE_EDDSA {
            return Err(Error::NotSupported);
        }
        curve25519::sign_message(attributes.key_type(), key_buffer, alg, input, signature)
    }

    /// `verify_message`: Ed25519 (`PURE_EDDSA`) with an Edwards key pair or public key, as
    /// [`Builtin::sign_message`] (the core hashes and calls `verify_hash` for the others).
    ///
    /// # Errors
    /// - `INVALID_SIGNATURE`: the signature does not verify (or `S` is not below the order).
    /// - `INVALID_ARGUMENT`, `NOT_SUPPORTED`: as [`Builtin::sign_message`].
    #[cfg(feature = "builtin-curve25519")]
    pub fn verify_message(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        input: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        if alg != Algorithm::PURE_EDDSA {
            return Err(Error::NotSupported);
        }
        curve25519::verify_message(attributes.key_type(), key_buffer, alg, input, signature)
    }

    /// `key_agreement`: raw ECDH with a P-256, P-384 or P-521 key pair (`builtin-ecc`; writes
    /// the shared x-coordinate) or an X25519 key pair (`builtin-curve25519`; writes the X25519
    /// output).
    ///
    /// # Errors
    /// - `INVALID_ARGUMENT`: `alg` is not a key agreement (or is FFDH with an ECC key), the key
    ///   is not an ECC key pair of a Weierstrass or Montgomery family, `peer_key` is not a
    ///   public key of the key's curve in export format, or (X25519) the shared secret is all
    ///   zero.
    /// - `NOT_SUPPORTED`: ECDH combined with a KDF (the core runs the KDF), FFDH, other ECC
    ///   families and curves, or the curve's feature is off.
    /// - `BUFFER_TOO_SMALL`: `shared_secret` is too short.
    #[cfg(any(feature = "builtin-ecc", feature = "builtin-curve25519"))]
    pub fn key_agreement(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        peer_key: &[u8],
        shared_secret: &mut [u8],
    ) -> Result<usize> {
        let key_type = attributes.key_type();
        #[cfg(feature = "builtin-curve25519")]
        if curve25519::serves(key_type) && alg == Algorithm::ECDH {
            return curve25519::key_agreement(key_type, key_buffer, peer_key, shared_secret);
        }
        #[cfg(feature = "builtin-ecc")]
        {
            ecc::key_agreement(key_type, key_buffer, alg, peer_key, shared_secret)
        }
        #[cfg(not(feature = "builtin-ecc"))]
        {
            let _ = (key_buffer, alg, peer_key, shared_secret);
            Err(Error::NotSupported)
        }
    }

    // -----------------------------------------------------------------------------------------
    // Key derivation
    // -----------------------------------------------------------------------------------------

    /// `key_derivation_setup`: HKDF with SHA-224/256/384/512 (`builtin-kdf`); with
    /// `builtin-pbkdf2`, PBKDF2-HMAC with those hashes and PBKDF2-AES-CMAC-PRF-128.
    ///
    /// # Errors
    /// - `NOT_SUPPORTED`: other key derivations, another hash.
    /// - `INVALID_ARGUMENT`: `alg` is not a key derivation, or is a wildcard.
    #[cfg(feature = "builtin-kdf")]
    pub fn key_derivation_setup(&self, alg: Algorithm) -> Result<kdf::KeyDerivationContext> {
        kdf::KeyDerivationContext::new(alg)
    }

    /// `key_derivation_input_bytes`: HKDF takes an optional salt (before the secret), the
    /// secret (once) and an optional info (once, before any output); PBKDF2 one or more salts
    /// (after the cost) and the password (once).
    ///
    /// # Errors
    /// - `BAD_STATE`: a step out of order or repeated, or input after output began.
    /// - `INVALID_ARGUMENT`: a step HKDF does not take (label, seed).
    /// - `INSUFFICIENT_MEMORY`: info longer than the context holds (1024 bytes).
    #[cfg(feature = "builtin-kdf")]
    pub fn key_derivation_input_bytes(
        &self,
        ctx: &mut kdf::KeyDerivationContext,
        step: DerivationStep,
        data: &[u8],
    ) -> Result<()> {
        ctx.input(step, data)
    }

    /// `key_derivation_input_integer`: PBKDF2's cost (`DerivationStep::Cost`), before the salt
    /// (`builtin-pbkdf2`).
    ///
    /// # Errors
    /// - `BAD_STATE`: the cost repeated or after the salt or password.
    /// - `INVALID_ARGUMENT`: another step, a cost of 0, or an algorithm without integer inputs.
    /// - `NOT_SUPPORTED`: a cost above 2^32 - 1.
    #[cfg(feature = "builtin-kdf")]
    #[cfg(feature = "builtin-pbkdf2")]
    pub fn key_derivation_input_integer(
        &self,
        ctx: &mut kdf::KeyDerivationContext,
        step: DerivationStep,
        value: u64,
    ) -> Result<()> {
        ctx.input_integer(step, value)
    }

    /// `key_derivation_output_bytes`: the next `output.len()` bytes of the stream.
    ///
    /// # Errors
    /// - `BAD_STATE`: no secret yet.
    /// - `INSUFFICIENT_DATA`: fewer than `output.len()` bytes remain of the capacity (the
    ///   remaining capacity drops to 0).
    #[cfg(feature = "builtin-kdf")]
    pub fn key_derivation_output_bytes(
        &self,
        ctx: &mut kdf::KeyDerivationContext,
        output: &mut [u8],
    ) -> Result<()> {
        ctx.output(output)
    }

    /// `key_derivation_abort`: nothing to release; the core drops (and so wipes) the context
    /// in place afterwards.
    ///
    /// # Errors
    /// None in practice.
    #[cfg(feature = "builtin-kdf")]
    pub fn key_derivation_abort(&self, _ctx: &mut kdf::KeyDerivationContext) -> Result<()> {
        Ok(())
    }
}

/// Whether the streaming engine serves this single-part request: AES-CCM (`builtin-ccm`),
/// and the AES-GCM nonce and tag lengths the aes-gcm crate does not (`builtin-aead`).
#[cfg(feature = "builtin-aead")]
fn aead_streamed(alg: Algorithm, nonce: &[u8]) -> bool {
    let base = alg.aead_default();
    (cfg!(feature = "builtin-ccm") && base == Algorithm::CCM)
        || (base == Algorithm::GCM && (nonce.len() != 12 || matches!(alg.aead_tag_length(), 4 | 8)))
}

/// The core's own store of unstructured keys: `import_key` of AES (16, 24 or 32 bytes),
/// ChaCha20 (32 bytes), HMAC, raw-data and derivation keys (one byte or more) into local
/// storage. These need no cryptography, so, as in Mbed TLS's core, a registration without the
/// built-in (`builtin: false`) still stores them here when no transparent driver takes the
/// import: an AES accelerator alone is a working configuration. Every other key type is
/// `NOT_SUPPORTED`.
///
/// # Errors
/// As [`Builtin::import_key`]; `NOT_SUPPORTED` for asymmetric keys.
pub fn store_import_key(args: &mut entry::import_key::Args<'_>) -> Result<ImportedKey> {
    if args.attributes.key_type().is_asymmetric() {
        return Err(Error::NotSupported);
    }
    keys::import(args.attributes, args.data, args.key_buffer)
}

/// The core's own generation of unstructured keys (random bytes from the core's randomness),
/// for registrations without the built-in, as [`store_import_key`] is for import.
///
/// # Errors
/// As [`Builtin::generate_key`]; `NOT_SUPPORTED` for asymmetric keys.
pub fn store_generate_key(args: &mut entry::generate_key::Args<'_>) -> Result<usize> {
    if args.attributes.key_type().is_asymmetric() {
        return Err(Error::NotSupported);
    }
    keys::generate(args.attributes, args.key_buffer, args.rng)
}

/// The entry points the core serves itself when no built-in is registered
/// ([`store_import_key`], [`store_generate_key`]).
pub const CORE_STORE: EntryPointSet =
    EntryPointSet::of(&[EntryPoint::ImportKey, EntryPoint::GenerateKey]);

/// From the catalogue: the context type aliases, and one function per entry point a
/// transparent driver may declare that calls [`Builtin`] with an argument bundle.
macro_rules! delegates {
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
        $($(
            #[doc = concat!(
                "The built-in's multi-part ", stringify!($fsnake), " context: `Builtin`'s ",
                "[`", stringify!($fctx), "`](crate::Driver::", stringify!($fctx), "), ",
                "[`NoContext`](crate::NoContext) when the family's feature is off."
            )]
            pub type $fctx = <Builtin as Driver>::$fctx;
        )?)*
        $(
            delegates!(@fn $who $kind $name $konst [$($ctx)?] [$($lt)?] -> $out);
        )*
    };
    (@fn OpaqueOnly $($rest:tt)*) => {};
    (@fn $who:ident plain $name:ident $konst:ident [] [$($lt:lifetime)?] -> $out:ty) => {
        #[doc = concat!(
            "[`Builtin`]'s `", stringify!($name), "` with an argument bundle; `NOT_SUPPORTED` ",
            "if the built-in does not declare it in this build."
        )]
        ///
        /// # Errors
        #[doc = concat!("As the method `Builtin::", stringify!($name), "` where the build declares it (see [`Builtin`]).")]
        #[inline]
        pub fn $name$(<$lt>)?(args: &mut entry::$name::Args$(<$lt>)?) -> $out {
            match <Builtin as Driver>::$konst {
                Some(f) => args.call(f, &Builtin),
                None => Err(Error::NotSupported),
            }
        }
    };
    (@fn $who:ident setup $name:ident $konst:ident [$ctx:ident] [$($lt:lifetime)?] -> $out:ty) => {
        #[doc = concat!(
            "[`Builtin`]'s `", stringify!($name), "` with an argument bundle; `NOT_SUPPORTED` ",
            "if the built-in does not declare it in this build."
        )]
        ///
        /// # Errors
        #[doc = concat!("As the method `Builtin::", stringify!($name), "` where the build declares it (see [`Builtin`]).")]
        #[inline]
        pub fn $name$(<$lt>)?(args: &mut entry::$name::Args$(<$lt>)?) -> Result<$ctx> {
            match <Builtin as Driver>::$konst {
                Some(f) => args.call(f, &Builtin),
                None => Err(Error::NotSupported),
            }
        }
    };
    (@fn $who:ident step $name:ident $konst:ident [$ctx:ident] [$($lt:lifetime)?] -> $out:ty) => {
        #[doc = concat!(
            "[`Builtin`]'s `", stringify!($name), "` on its context, with an argument bundle ",
            "(`BAD_STATE` if the built-in does not declare it in this build)."
        )]
        ///
        /// # Errors
        #[doc = concat!("As the method `Builtin::", stringify!($name), "` where the build declares it (see [`Builtin`]).")]
        #[inline]
        pub fn $name$(<$lt>)?(ctx: &mut $ctx, args: &mut entry::$name::Args$(<$lt>)?) -> $out {
            match <Builtin as Driver>::$konst {
                Some(f) => args.call(f, &Builtin, ctx),
                None => Err(Error::BadState),
            }
        }
    };
    (@fn $who:ident clone $name:ident $konst:ident [$ctx:ident] [] -> $out:ty) => {
        #[doc = concat!(
            "[`Builtin`]'s `", stringify!($name), "`: an independent copy of the context ",
            "(`NOT_SUPPORTED` if the built-in does not declare it in this build)."
        )]
        ///
        /// # Errors
        #[doc = concat!("As the method `Builtin::", stringify!($name), "` where the build declares it (see [`Builtin`]).")]
        #[inline]
        pub fn $name(ctx: &$ctx) -> Result<$ctx> {
            match <Builtin as Driver>::$konst {
                Some(f) => f(&Builtin, ctx),
                None => Err(Error::NotSupported),
            }
        }
    };
    (@fn $who:ident abort $name:ident $konst:ident [$ctx:ident] [] -> $out:ty) => {
        #[doc = concat!(
            "[`Builtin`]'s `", stringify!($name), "`: releases the context in place (the ",
            "caller then drops it, which wipes it)."
        )]
        ///
        /// # Errors
        #[doc = concat!("As the method `Builtin::", stringify!($name), "` where the build declares it (see [`Builtin`]).")]
        #[inline]
        pub fn $name(ctx: &mut $ctx) -> Result<()> {
            match <Builtin as Driver>::$konst {
                Some(f) => f(&Builtin, ctx),
                None => Ok(()),
            }
        }
    };
}

psa_catalogue::entry_points!(delegates);
