//! The built-in software implementation: the last resort of dispatch for local keys.
//!
//! Each family sits behind its own cargo feature (`builtin-ecc`, `builtin-curve25519`,
//! `builtin-hash`, `builtin-mac`, `builtin-cmac`, `builtin-cipher`, `builtin-aead`, `builtin-ccm`,
//! `builtin-kdf`, `builtin-pbkdf2`); with a family's feature
//! off, its functions return `NOT_SUPPORTED` and its code and dependencies are compiled out,
//! so a driver-only build carries none of it. Functions take the same argument bundles as
//! driver entry points ([`entry`]), so generated dispatch hands them the bundle
//! it gave the drivers.
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
use crate::{Error, Result};

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
mod pake;

pub use pake::{PakeContext, pake_abort, pake_get_shared_key, pake_input, pake_output, pake_setup};
#[cfg(all(feature = "builtin-rsa", target_has_atomic = "ptr"))]
mod rsa;

#[cfg(feature = "builtin-hash")]
pub use hash::HashContext;
/// Built-in multi-part hash context: uninhabited, `builtin-hash` is off.
#[cfg(not(feature = "builtin-hash"))]
pub enum HashContext {}

#[cfg(feature = "builtin-mac")]
pub use mac::MacContext;
/// Built-in multi-part MAC context: uninhabited, `builtin-mac` is off.
#[cfg(not(feature = "builtin-mac"))]
pub enum MacContext {}

#[cfg(feature = "builtin-cipher")]
pub use cipher::CipherContext;
/// Built-in multi-part cipher context: uninhabited, `builtin-cipher` is off.
#[cfg(not(feature = "builtin-cipher"))]
pub enum CipherContext {}

#[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
pub use aead_stream::AeadContext;
/// Built-in multi-part AEAD context: uninhabited, `builtin-aead` and `builtin-ccm` are off.
#[cfg(not(any(feature = "builtin-aead", feature = "builtin-ccm")))]
pub enum AeadContext {}

#[cfg(feature = "builtin-kdf")]
pub use kdf::KeyDerivationContext;
/// Built-in key derivation context: uninhabited, `builtin-kdf` is off.
#[cfg(not(feature = "builtin-kdf"))]
pub enum KeyDerivationContext {}

/// The entry points the built-in serves with the enabled `builtin-*` features: what dispatch
/// trees and tables show under "built-in". The others answer `NOT_SUPPORTED` (
/// `sign_message`/`verify_message` without `builtin-curve25519`, which the front-end then
/// builds from a hash and `sign_hash`; asymmetric encryption; `get_random`, whose randomness
/// is the core's DRBG) or
/// are never dispatched to it (opaque-only key management).
pub const SERVES: EntryPointSet = {
    use EntryPoint as E;
    // Symmetric, raw-data and derivation keys need no crypto: always served.
    let s = EntryPointSet::of(&[E::ImportKey, E::GenerateKey]);
    #[cfg(feature = "builtin-ecc")]
    let s = s
        .with(E::ExportPublicKey)
        .with(E::SignHash)
        .with(E::VerifyHash)
        .with(E::KeyAgreement);
    #[cfg(feature = "builtin-curve25519")]
    let s = s
        .with(E::ExportPublicKey)
        .with(E::SignMessage)
        .with(E::VerifyMessage)
        .with(E::KeyAgreement);
    #[cfg(feature = "builtin-hash")]
    let s = s
        .with(E::HashCompute)
        .with(E::HashSetup)
        .with(E::HashUpdate)
        .with(E::HashFinish)
        .with(E::HashClone)
        .with(E::HashAbort);
    #[cfg(feature = "builtin-mac")]
    let s = s
        .with(E::MacCompute)
        .with(E::MacSignSetup)
        .with(E::MacVerifySetup)
        .with(E::MacUpdate)
        .with(E::MacSignFinish)
        .with(E::MacVerifyFinish)
        .with(E::MacAbort);
    #[cfg(feature = "builtin-cipher")]
    let s = s
        .with(E::CipherEncrypt)
        .with(E::CipherDecrypt)
        .with(E::CipherEncryptSetup)
        .with(E::CipherDecryptSetup)
        .with(E::CipherSetIv)
        .with(E::CipherUpdate)
        .with(E::CipherFinish)
        .with(E::CipherAbort);
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    let s = s
        .with(E::AeadEncrypt)
        .with(E::AeadDecrypt)
        .with(E::AeadEncryptSetup)
        .with(E::AeadDecryptSetup)
        .with(E::AeadSetNonce)
        .with(E::AeadSetLengths)
        .with(E::AeadUpdateAd)
        .with(E::AeadUpdate)
        .with(E::AeadFinish)
        .with(E::AeadVerify)
        .with(E::AeadAbort);
    #[cfg(all(feature = "builtin-rsa", target_has_atomic = "ptr"))]
    let s = s.with(E::ExportPublicKey).with(E::VerifyHash);
    #[cfg(feature = "builtin-kdf")]
    let s = s
        .with(E::KeyDerivationSetup)
        .with(E::KeyDerivationInputBytes)
        .with(E::KeyDerivationOutputBytes)
        .with(E::KeyDerivationAbort);
    #[cfg(feature = "builtin-pbkdf2")]
    let s = s.with(E::KeyDerivationInputInteger);
    s
};

/// The first `len` bytes of an output buffer, or `BUFFER_TOO_SMALL`.
fn output(buffer: &mut [u8], len: usize) -> Result<&mut [u8]> {
    buffer.get_mut(..len).ok_or(Error::BufferTooSmall)
}

/// The answer of a family whose feature is off.
#[cfg(not(all(
    feature = "builtin-ecc",
    feature = "builtin-curve25519",
    feature = "builtin-hash",
    feature = "builtin-mac",
    feature = "builtin-cipher",
    feature = "builtin-aead",
    feature = "builtin-ccm",
    feature = "builtin-kdf"
)))]
fn off<A, T>(_args: A) -> Result<T> {
    Err(Error::NotSupported)
}

// ---------------------------------------------------------------------------------------------
// Key management
// ---------------------------------------------------------------------------------------------

/// Built-in `import_key`: check `data` in export format and copy it into the key buffer.
///
/// AES (16, 24 or 32 bytes), ChaCha20 (32 bytes), HMAC, raw-data and derivation keys (one byte
/// or more) are always served; SECP_R1 P-256, P-384 and P-521 key pairs (the 32-, 48- or
/// 66-byte big-endian private scalar, `0 < d < n`) and public keys (exactly `0x04‖X‖Y`, on
/// the curve) need `builtin-ecc`; X25519 key pairs and public keys (any 32 bytes, RFC 7748)
/// and Ed25519 key pairs (the 32-byte RFC 8032 private key) and public keys (32 bytes that
/// decode to a point) need `builtin-curve25519`. `attributes.bits()` may be 0 (the size is then taken from the data).
///
/// # Errors
/// - `INVALID_ARGUMENT`: the data is not a valid key of the type, or its size disagrees with
///   a non-zero `attributes.bits()`.
/// - `NOT_SUPPORTED`: another key type, ECC family or curve size.
/// - `BUFFER_TOO_SMALL`: the key buffer is shorter than the key.
pub fn import_key(args: &mut entry::import_key::Args<'_>) -> Result<ImportedKey> {
    keys::import(args.attributes, args.data, args.key_buffer)
}

/// Built-in `export_public_key`: `0x04‖X‖Y` of a P-256, P-384 or P-521 key pair or public key,
/// the 32 bytes of an X25519 or Ed25519 one.
///
/// # Errors
/// - `INVALID_ARGUMENT`: the key has no public part (symmetric and raw keys), or the key
///   buffer is corrupt.
/// - `NOT_SUPPORTED`: other asymmetric keys, or the family's feature is off.
/// - `BUFFER_TOO_SMALL`: `data` is too short (nothing is written).
pub fn export_public_key(args: &mut entry::export_public_key::Args<'_>) -> Result<usize> {
    keys::export_public(args.attributes, args.key_buffer, args.data)
}

/// Built-in `generate_key`: random AES (128/192/256 bits), ChaCha20 (256 bits), HMAC, raw-data
/// and derivation keys (a positive multiple of 8 bits), with `builtin-ecc` SECP_R1 P-256,
/// P-384 and P-521 key pairs, and with `builtin-curve25519` X25519 and Ed25519 key pairs.
///
/// # Errors
/// - `INVALID_ARGUMENT`: a public key type, or a size the key type cannot have.
/// - `NOT_SUPPORTED`: another key type, ECC family or curve size.
/// - `BUFFER_TOO_SMALL`: the key buffer is too short.
/// - whatever the random source reports (`INSUFFICIENT_ENTROPY`, …).
pub fn generate_key(args: &mut entry::generate_key::Args<'_>) -> Result<usize> {
    keys::generate(args.attributes, args.key_buffer, args.rng)
}

/// The core's own store of unstructured keys: `import_key` of AES (16, 24 or 32 bytes),
/// ChaCha20 (32 bytes), HMAC, raw-data and derivation keys (one byte or more) into local
/// storage. These need no cryptography, so, as in Mbed TLS's core, a registration without the
/// built-in (`builtin: false`) still stores them here when no transparent driver takes the
/// import: an AES accelerator alone is a working configuration. Every other key type is
/// `NOT_SUPPORTED`.
///
/// # Errors
/// As [`import_key`]; `NOT_SUPPORTED` for asymmetric keys.
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
/// As [`generate_key`]; `NOT_SUPPORTED` for asymmetric keys.
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

// ---------------------------------------------------------------------------------------------
// Hash
// ---------------------------------------------------------------------------------------------

/// Built-in `hash_compute`: SHA-224/256/384/512 of `input`.
///
/// # Errors
/// - `NOT_SUPPORTED`: another hash algorithm (MD5, SHA-1, SHA-3, `ANY_HASH`, …), or
///   `builtin-hash` is off.
/// - `INVALID_ARGUMENT`: `alg` is not a hash algorithm.
/// - `BUFFER_TOO_SMALL`: `hash` is shorter than the digest.
pub fn hash_compute(args: &mut entry::hash_compute::Args<'_>) -> Result<usize> {
    #[cfg(feature = "builtin-hash")]
    {
        hash::compute(args.alg, args.input, args.hash)
    }
    #[cfg(not(feature = "builtin-hash"))]
    {
        off(args)
    }
}

/// Built-in `hash_setup`.
///
/// # Errors
/// As [`hash_compute`].
pub fn hash_setup(args: &mut entry::hash_setup::Args) -> Result<HashContext> {
    #[cfg(feature = "builtin-hash")]
    {
        HashContext::new(args.alg)
    }
    #[cfg(not(feature = "builtin-hash"))]
    {
        off(args)
    }
}

/// Built-in `hash_update`.
///
/// # Errors
/// `BAD_STATE` after `hash_finish`.
pub fn hash_update(ctx: &mut HashContext, args: &mut entry::hash_update::Args<'_>) -> Result<()> {
    #[cfg(feature = "builtin-hash")]
    {
        ctx.update(args.input)
    }
    #[cfg(not(feature = "builtin-hash"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `hash_finish`: write the digest.
///
/// # Errors
/// - `BUFFER_TOO_SMALL`: `hash` is shorter than the digest.
/// - `BAD_STATE`: already finished.
pub fn hash_finish(
    ctx: &mut HashContext,
    args: &mut entry::hash_finish::Args<'_>,
) -> Result<usize> {
    #[cfg(feature = "builtin-hash")]
    {
        ctx.finish(args.hash)
    }
    #[cfg(not(feature = "builtin-hash"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `hash_clone`: an independent copy of the hash state.
///
/// # Errors
/// None in practice.
pub fn hash_clone(ctx: &HashContext) -> Result<HashContext> {
    #[cfg(feature = "builtin-hash")]
    {
        Ok(ctx.clone())
    }
    #[cfg(not(feature = "builtin-hash"))]
    {
        match *ctx {}
    }
}

/// Built-in `hash_abort`: nothing to release; the core drops the context in place afterwards.
///
/// # Errors
/// None in practice.
pub fn hash_abort(_ctx: &mut HashContext) -> Result<()> {
    // Nothing to release: the core drops the context in place after this call, and its
    // drop wipes the secret state.
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// MAC
// ---------------------------------------------------------------------------------------------

/// Built-in `mac_compute`: HMAC-SHA-224/256/384/512, possibly truncated.
///
/// # Errors
/// - `INVALID_ARGUMENT`: `alg` is not a MAC, is a policy wildcard, the key is not an HMAC key,
///   or the truncation length is above the hash length.
/// - `NOT_SUPPORTED`: CMAC, CBC-MAC, HMAC with another hash, a truncation below 4 bytes, or
///   `builtin-mac` is off.
/// - `BUFFER_TOO_SMALL`: `mac` is shorter than the MAC.
pub fn mac_compute(args: &mut entry::mac_compute::Args<'_>) -> Result<usize> {
    #[cfg(feature = "builtin-mac")]
    {
        mac::compute(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.input,
            args.mac,
        )
    }
    #[cfg(not(feature = "builtin-mac"))]
    {
        off(args)
    }
}

/// Built-in `mac_sign_setup`.
///
/// # Errors
/// As [`mac_compute`].
pub fn mac_sign_setup(args: &mut entry::mac_sign_setup::Args<'_>) -> Result<MacContext> {
    #[cfg(feature = "builtin-mac")]
    {
        MacContext::new(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            mac::Purpose::Sign,
        )
    }
    #[cfg(not(feature = "builtin-mac"))]
    {
        off(args)
    }
}

/// Built-in `mac_verify_setup`.
///
/// # Errors
/// As [`mac_compute`].
pub fn mac_verify_setup(args: &mut entry::mac_verify_setup::Args<'_>) -> Result<MacContext> {
    #[cfg(feature = "builtin-mac")]
    {
        MacContext::new(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            mac::Purpose::Verify,
        )
    }
    #[cfg(not(feature = "builtin-mac"))]
    {
        off(args)
    }
}

/// Built-in `mac_update`.
///
/// # Errors
/// `BAD_STATE` after a finish.
pub fn mac_update(ctx: &mut MacContext, args: &mut entry::mac_update::Args<'_>) -> Result<()> {
    #[cfg(feature = "builtin-mac")]
    {
        ctx.update(args.input)
    }
    #[cfg(not(feature = "builtin-mac"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `mac_sign_finish`: write the (possibly truncated) MAC.
///
/// # Errors
/// - `BAD_STATE`: the context was set up for verification, or is finished.
/// - `BUFFER_TOO_SMALL`: `mac` is shorter than the MAC.
pub fn mac_sign_finish(
    ctx: &mut MacContext,
    args: &mut entry::mac_sign_finish::Args<'_>,
) -> Result<usize> {
    #[cfg(feature = "builtin-mac")]
    {
        ctx.sign_finish(args.mac)
    }
    #[cfg(not(feature = "builtin-mac"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `mac_verify_finish`: compare with `mac` in constant time.
///
/// # Errors
/// - `INVALID_SIGNATURE`: the MAC differs, or has the wrong length.
/// - `BAD_STATE`: the context was set up for signing, or is finished.
pub fn mac_verify_finish(
    ctx: &mut MacContext,
    args: &mut entry::mac_verify_finish::Args<'_>,
) -> Result<()> {
    #[cfg(feature = "builtin-mac")]
    {
        ctx.verify_finish(args.mac)
    }
    #[cfg(not(feature = "builtin-mac"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `mac_abort`: drop (and so wipe) the context.
///
/// # Errors
/// None in practice.
pub fn mac_abort(_ctx: &mut MacContext) -> Result<()> {
    // Nothing to release: the core drops the context in place after this call, and its
    // drop wipes the secret state.
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Unauthenticated ciphers
// ---------------------------------------------------------------------------------------------

/// Built-in `cipher_encrypt`: AES-CTR, AES-CBC without padding, AES-CBC with PKCS#7 padding.
/// Writes the ciphertext only (the core writes the IV before it).
///
/// # Errors
/// - `INVALID_ARGUMENT`: the key is not an AES key (or is corrupt), the IV is not 16 bytes,
///   or, without padding, the input is not a whole number of blocks.
/// - `NOT_SUPPORTED`: another cipher algorithm (ECB, CFB, OFB, XTS, stream cipher, …) or block
///   cipher (ARIA, Camellia, DES), or `builtin-cipher` is off.
/// - `BUFFER_TOO_SMALL`: `output` is too short (nothing is written).
pub fn cipher_encrypt(args: &mut entry::cipher_encrypt::Args<'_>) -> Result<usize> {
    #[cfg(feature = "builtin-cipher")]
    {
        cipher::encrypt(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.iv,
            args.input,
            args.output,
        )
    }
    #[cfg(not(feature = "builtin-cipher"))]
    {
        off(args)
    }
}

/// Built-in `cipher_decrypt`: `input` is the IV followed by the ciphertext.
///
/// # Errors
/// - `INVALID_ARGUMENT`: as [`cipher_encrypt`], or the input is shorter than the IV, or a CBC
///   ciphertext is not a whole (and, with padding, non-zero) number of blocks.
/// - `INVALID_PADDING`: the PKCS#7 padding is malformed.
/// - `NOT_SUPPORTED`: as [`cipher_encrypt`].
/// - `BUFFER_TOO_SMALL`: `output` is shorter than the plaintext (nothing is written).
pub fn cipher_decrypt(args: &mut entry::cipher_decrypt::Args<'_>) -> Result<usize> {
    #[cfg(feature = "builtin-cipher")]
    {
        cipher::decrypt(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.input,
            args.output,
        )
    }
    #[cfg(not(feature = "builtin-cipher"))]
    {
        off(args)
    }
}

/// Built-in `cipher_encrypt_setup`.
///
/// # Errors
/// As [`cipher_encrypt`].
pub fn cipher_encrypt_setup(
    args: &mut entry::cipher_encrypt_setup::Args<'_>,
) -> Result<CipherContext> {
    #[cfg(feature = "builtin-cipher")]
    {
        CipherContext::new(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            cipher::Direction::Encrypt,
        )
    }
    #[cfg(not(feature = "builtin-cipher"))]
    {
        off(args)
    }
}

/// Built-in `cipher_decrypt_setup`.
///
/// # Errors
/// As [`cipher_encrypt`].
pub fn cipher_decrypt_setup(
    args: &mut entry::cipher_decrypt_setup::Args<'_>,
) -> Result<CipherContext> {
    #[cfg(feature = "builtin-cipher")]
    {
        CipherContext::new(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            cipher::Direction::Decrypt,
        )
    }
    #[cfg(not(feature = "builtin-cipher"))]
    {
        off(args)
    }
}

/// Built-in `cipher_set_iv`: exactly once, before any data.
///
/// # Errors
/// - `INVALID_ARGUMENT`: the IV is not 16 bytes.
/// - `BAD_STATE`: the IV is already set.
pub fn cipher_set_iv(
    ctx: &mut CipherContext,
    args: &mut entry::cipher_set_iv::Args<'_>,
) -> Result<()> {
    #[cfg(feature = "builtin-cipher")]
    {
        ctx.set_iv(args.iv)
    }
    #[cfg(not(feature = "builtin-cipher"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `cipher_update`: CTR streams; CBC buffers partial blocks (and, decrypting with
/// PKCS#7 padding, holds back the last block for `cipher_finish`).
///
/// # Errors
/// - `BAD_STATE`: no IV yet, or finished.
/// - `BUFFER_TOO_SMALL`: `output` is shorter than what this call writes (nothing is written).
pub fn cipher_update(
    ctx: &mut CipherContext,
    args: &mut entry::cipher_update::Args<'_>,
) -> Result<usize> {
    #[cfg(feature = "builtin-cipher")]
    {
        ctx.update(args.input, args.output)
    }
    #[cfg(not(feature = "builtin-cipher"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `cipher_finish`: pad, or check and strip the padding.
///
/// # Errors
/// - `INVALID_ARGUMENT`: a partial block is left without padding, or a padded ciphertext was
///   not a whole, non-zero number of blocks.
/// - `INVALID_PADDING`: the PKCS#7 padding is malformed.
/// - `BAD_STATE`: no IV yet, or finished.
/// - `BUFFER_TOO_SMALL`: `output` is too short (nothing is written).
pub fn cipher_finish(
    ctx: &mut CipherContext,
    args: &mut entry::cipher_finish::Args<'_>,
) -> Result<usize> {
    #[cfg(feature = "builtin-cipher")]
    {
        ctx.finish(args.output)
    }
    #[cfg(not(feature = "builtin-cipher"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `cipher_abort`: drop (and so wipe) the context.
///
/// # Errors
/// None in practice.
pub fn cipher_abort(_ctx: &mut CipherContext) -> Result<()> {
    // Nothing to release: the core drops the context in place after this call, and its
    // drop wipes the secret state.
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// AEAD
// ---------------------------------------------------------------------------------------------

/// Whether the streaming engine serves this single-part request: AES-CCM (`builtin-ccm`),
/// and the AES-GCM nonce and tag lengths the aes-gcm crate does not (`builtin-aead`).
#[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
fn aead_streamed(alg: crate::Algorithm, nonce: &[u8]) -> bool {
    use crate::Algorithm;
    let base = alg.aead_default();
    (cfg!(feature = "builtin-ccm") && base == Algorithm::CCM)
        || (cfg!(feature = "builtin-aead")
            && base == Algorithm::GCM
            && (nonce.len() != 12 || matches!(alg.aead_tag_length(), 4 | 8)))
}

/// Built-in `aead_encrypt`: AES-GCM and ChaCha20-Poly1305 (`builtin-aead`), AES-CCM
/// (`builtin-ccm`); writes the ciphertext followed by the tag.
///
/// # Errors
/// - `INVALID_ARGUMENT`: wrong key type or size for the algorithm, a tag or nonce length the
///   algorithm cannot have, a policy wildcard, or input too long for the algorithm (CCM: a
///   plaintext length that does not fit in `15 - nonce length` bytes).
/// - `NOT_SUPPORTED`: other AEADs, ARIA or Camellia keys, ChaCha20-Poly1305 with an 8-byte
///   nonce, or the family's feature is off.
/// - `BUFFER_TOO_SMALL`: `ciphertext` is shorter than plaintext plus tag (nothing is written).
pub fn aead_encrypt(args: &mut entry::aead_encrypt::Args<'_>) -> Result<usize> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    if aead_streamed(args.alg, args.nonce) || !cfg!(feature = "builtin-aead") {
        return aead_stream::encrypt(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.nonce,
            args.additional_data,
            args.plaintext,
            args.ciphertext,
        );
    }
    #[cfg(feature = "builtin-aead")]
    {
        aead::encrypt(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.nonce,
            args.additional_data,
            args.plaintext,
            args.ciphertext,
        )
    }
    #[cfg(not(feature = "builtin-aead"))]
    {
        off(args)
    }
}

/// Built-in `aead_decrypt`: `ciphertext` ends with the tag.
///
/// # Errors
/// - `INVALID_SIGNATURE`: the tag does not verify (nothing is left in `plaintext`: the crates
///   check before decrypting, the streaming engine wipes what it wrote).
/// - `INVALID_ARGUMENT`: as [`aead_encrypt`], or the input is shorter than the tag.
/// - `NOT_SUPPORTED`: as [`aead_encrypt`].
/// - `BUFFER_TOO_SMALL`: `plaintext` is too short (nothing is written).
pub fn aead_decrypt(args: &mut entry::aead_decrypt::Args<'_>) -> Result<usize> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    if aead_streamed(args.alg, args.nonce) || !cfg!(feature = "builtin-aead") {
        return aead_stream::decrypt(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.nonce,
            args.additional_data,
            args.ciphertext,
            args.plaintext,
        );
    }
    #[cfg(feature = "builtin-aead")]
    {
        aead::decrypt(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.nonce,
            args.additional_data,
            args.ciphertext,
            args.plaintext,
        )
    }
    #[cfg(not(feature = "builtin-aead"))]
    {
        off(args)
    }
}

/// Built-in `aead_encrypt_setup`: streaming AES-GCM (any non-empty nonce; tags of 4, 8, 12 to
/// 16 bytes) and ChaCha20-Poly1305 (`builtin-aead`), AES-CCM (`builtin-ccm`; `set_lengths`
/// before any data). `aead_update` writes exactly its input's length; `aead_finish` writes
/// only the tag.
///
/// # Errors
/// - `INVALID_ARGUMENT`: wrong key type or size, a tag length the algorithm cannot have, a
///   wildcard.
/// - `NOT_SUPPORTED`: other AEADs, ARIA or Camellia keys, or the family's feature is off.
pub fn aead_encrypt_setup(args: &mut entry::aead_encrypt_setup::Args<'_>) -> Result<AeadContext> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    {
        AeadContext::new(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            aead_stream::Direction::Encrypt,
        )
    }
    #[cfg(not(any(feature = "builtin-aead", feature = "builtin-ccm")))]
    {
        off(args)
    }
}

/// Built-in `aead_decrypt_setup`, as [`aead_encrypt_setup`]; `aead_update` writes plaintext
/// before the tag is checked (the PSA Crypto API allows it), `aead_verify` checks the tag in
/// constant time.
///
/// # Errors
/// As [`aead_encrypt_setup`].
pub fn aead_decrypt_setup(args: &mut entry::aead_decrypt_setup::Args<'_>) -> Result<AeadContext> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    {
        AeadContext::new(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            aead_stream::Direction::Decrypt,
        )
    }
    #[cfg(not(any(feature = "builtin-aead", feature = "builtin-ccm")))]
    {
        off(args)
    }
}

/// Built-in `aead_set_nonce`.
///
/// # Errors
/// - `INVALID_ARGUMENT`: a nonce length the algorithm cannot have (GCM: empty; CCM: outside
///   7..=13; ChaCha20-Poly1305: not 12).
/// - `NOT_SUPPORTED`: ChaCha20-Poly1305 with an 8-byte nonce.
/// - `BAD_STATE`: the nonce is already set.
pub fn aead_set_nonce(
    ctx: &mut AeadContext,
    args: &mut entry::aead_set_nonce::Args<'_>,
) -> Result<()> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    {
        ctx.set_nonce(args.nonce)
    }
    #[cfg(not(any(feature = "builtin-aead", feature = "builtin-ccm")))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `aead_set_lengths`: required for CCM, optional for the others.
///
/// # Errors
/// - `BAD_STATE`: lengths already set, or data already given.
/// - `INVALID_ARGUMENT`: lengths the algorithm cannot process.
pub fn aead_set_lengths(
    ctx: &mut AeadContext,
    args: &mut entry::aead_set_lengths::Args,
) -> Result<()> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    {
        ctx.set_lengths(args.ad_length, args.plaintext_length)
    }
    #[cfg(not(any(feature = "builtin-aead", feature = "builtin-ccm")))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `aead_update_ad`.
///
/// # Errors
/// - `BAD_STATE`: no nonce (CCM: or no lengths) yet, or body data already given.
/// - `INVALID_ARGUMENT`: more than the declared additional data.
pub fn aead_update_ad(
    ctx: &mut AeadContext,
    args: &mut entry::aead_update_ad::Args<'_>,
) -> Result<()> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    {
        ctx.update_ad(args.input)
    }
    #[cfg(not(any(feature = "builtin-aead", feature = "builtin-ccm")))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `aead_update`: writes exactly `input.len()` bytes.
///
/// # Errors
/// - `BAD_STATE`: no nonce (CCM: or no lengths) yet, or finished.
/// - `INVALID_ARGUMENT`: the declared additional data is incomplete, or more than the
///   declared plaintext.
/// - `BUFFER_TOO_SMALL`: `output` is shorter than `input` (nothing is written).
pub fn aead_update(
    ctx: &mut AeadContext,
    args: &mut entry::aead_update::Args<'_>,
) -> Result<usize> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    {
        ctx.update(args.input, args.output)
    }
    #[cfg(not(any(feature = "builtin-aead", feature = "builtin-ccm")))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `aead_finish`: no ciphertext (`aead_update` streams), the tag; the context is
/// wiped.
///
/// # Errors
/// - `BAD_STATE`: a decryption, no nonce, or finished.
/// - `INVALID_ARGUMENT`: the declared lengths were not met.
/// - `BUFFER_TOO_SMALL`: `tag` is shorter than the tag (nothing is written, nothing is lost).
pub fn aead_finish(
    ctx: &mut AeadContext,
    args: &mut entry::aead_finish::Args<'_>,
) -> Result<(usize, usize)> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    {
        ctx.finish(args.tag)
    }
    #[cfg(not(any(feature = "builtin-aead", feature = "builtin-ccm")))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `aead_verify`: compare the tag in constant time; no plaintext is left to write.
/// The context is wiped; the plaintext `aead_update` wrote is the caller's.
///
/// # Errors
/// - `INVALID_SIGNATURE`: the tag does not verify (or has the wrong length).
/// - `BAD_STATE`: an encryption, no nonce, or finished.
/// - `INVALID_ARGUMENT`: the declared lengths were not met.
pub fn aead_verify(
    ctx: &mut AeadContext,
    args: &mut entry::aead_verify::Args<'_>,
) -> Result<usize> {
    #[cfg(any(feature = "builtin-aead", feature = "builtin-ccm"))]
    {
        ctx.verify(args.tag)
    }
    #[cfg(not(any(feature = "builtin-aead", feature = "builtin-ccm")))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `aead_abort`: nothing to release; the core drops the context in place afterwards,
/// and its drop wipes it.
///
/// # Errors
/// None in practice.
pub fn aead_abort(_ctx: &mut AeadContext) -> Result<()> {
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Asymmetric signature, encryption, key agreement
// ---------------------------------------------------------------------------------------------

/// Built-in `sign_hash`: ECDSA (randomized, with `rng`) and deterministic ECDSA (RFC 6979,
/// with the algorithm's hash in the HMAC-DRBG) on P-256, P-384 and P-521 key pairs; writes `r‖s`.
///
/// # Errors
/// - `INVALID_ARGUMENT`: `alg` is not ECDSA (or is a wildcard), the key is not an ECC key pair
///   of a Weierstrass family, or `hash` does not have the length of `alg`'s hash
///   (`ECDSA_ANY`: is empty).
/// - `NOT_SUPPORTED`: other ECC families and curves, deterministic ECDSA with a hash other than
///   SHA-2, RSA and EdDSA keys, or `builtin-ecc` is off.
/// - `BUFFER_TOO_SMALL`: `signature` is too short.
/// - whatever the random source reports.
pub fn sign_hash(args: &mut entry::sign_hash::Args<'_>) -> Result<usize> {
    #[cfg(feature = "builtin-ecc")]
    {
        ecc::sign_hash(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.hash,
            args.signature,
            args.rng,
        )
    }
    #[cfg(not(feature = "builtin-ecc"))]
    {
        off(args)
    }
}

/// Built-in `verify_hash`: both ECDSA forms, with a P-256, P-384 or P-521 key pair or public key.
///
/// # Errors
/// - `INVALID_SIGNATURE`: the signature does not verify, has the wrong length, or has `r` or
///   `s` out of range.
/// - `INVALID_ARGUMENT`, `NOT_SUPPORTED`: as [`sign_hash`] (public keys are accepted).
pub fn verify_hash(args: &mut entry::verify_hash::Args<'_>) -> Result<()> {
    #[cfg(all(feature = "builtin-rsa", target_has_atomic = "ptr"))]
    if args.attributes.key_type().0 & 0xcfff == crate::KeyType::RSA_PUBLIC_KEY.0 {
        return rsa::verify_hash(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.hash,
            args.signature,
        );
    }
    #[cfg(feature = "builtin-ecc")]
    {
        ecc::verify_hash(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.hash,
            args.signature,
        )
    }
    #[cfg(not(feature = "builtin-ecc"))]
    {
        off(args)
    }
}

/// Built-in `sign_message`: Ed25519 (`PURE_EDDSA`) with `builtin-curve25519`. Other
/// algorithms are `NOT_SUPPORTED` here: when no driver signs the message in one go, the core
/// hashes it and calls `sign_hash`, which the built-in serves for ECDSA.
///
/// # Errors
/// - `INVALID_ARGUMENT`: `PURE_EDDSA` with a key that is not an Edwards key pair.
/// - `NOT_SUPPORTED`: other algorithms (HashEdDSA included), Ed448, or `builtin-curve25519`
///   is off.
/// - `BUFFER_TOO_SMALL`: `signature` is shorter than 64 bytes.
pub fn sign_message(args: &mut entry::sign_message::Args<'_>) -> Result<usize> {
    #[cfg(feature = "builtin-curve25519")]
    if args.alg == crate::Algorithm::PURE_EDDSA {
        return curve25519::sign_message(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.input,
            args.signature,
        );
    }
    let _ = args;
    Err(Error::NotSupported)
}

/// Built-in `verify_message`: Ed25519 (`PURE_EDDSA`) with an Edwards key pair or public key,
/// as [`sign_message`] (the core hashes and calls `verify_hash` for the others).
///
/// # Errors
/// - `INVALID_SIGNATURE`: the signature does not verify (or `S` is not below the order).
/// - `INVALID_ARGUMENT`, `NOT_SUPPORTED`: as [`sign_message`].
pub fn verify_message(args: &mut entry::verify_message::Args<'_>) -> Result<()> {
    #[cfg(feature = "builtin-curve25519")]
    if args.alg == crate::Algorithm::PURE_EDDSA {
        return curve25519::verify_message(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.input,
            args.signature,
        );
    }
    let _ = args;
    Err(Error::NotSupported)
}

/// Built-in `asymmetric_encrypt`: always `NOT_SUPPORTED`. Asymmetric encryption is RSA
/// (PKCS#1 v1.5, OAEP) and there is no built-in RSA.
///
/// # Errors
/// `NOT_SUPPORTED`.
pub fn asymmetric_encrypt(_args: &mut entry::asymmetric_encrypt::Args<'_>) -> Result<usize> {
    Err(Error::NotSupported)
}

/// Built-in `asymmetric_decrypt`: always `NOT_SUPPORTED`, as [`asymmetric_encrypt`].
///
/// # Errors
/// `NOT_SUPPORTED`.
pub fn asymmetric_decrypt(_args: &mut entry::asymmetric_decrypt::Args<'_>) -> Result<usize> {
    Err(Error::NotSupported)
}

/// Built-in `key_agreement`: raw ECDH with a P-256, P-384 or P-521 key pair (writes the
/// shared x-coordinate) or an X25519 key pair (writes the X25519 output).
///
/// # Errors
/// - `INVALID_ARGUMENT`: `alg` is not a key agreement (or is FFDH with an ECC key), the key is
///   not an ECC key pair of a Weierstrass or Montgomery family, `peer_key` is not a public
///   key of the key's curve in export format, or (X25519) the shared secret is all zero.
/// - `NOT_SUPPORTED`: ECDH combined with a KDF (the core runs the KDF), FFDH, other ECC
///   families and curves, or the family's feature is off.
/// - `BUFFER_TOO_SMALL`: `shared_secret` is too short.
pub fn key_agreement(args: &mut entry::key_agreement::Args<'_>) -> Result<usize> {
    #[cfg(feature = "builtin-curve25519")]
    if curve25519::serves(args.attributes.key_type()) && args.alg == crate::Algorithm::ECDH {
        return curve25519::key_agreement(
            args.attributes.key_type(),
            args.key_buffer,
            args.peer_key,
            args.shared_secret,
        );
    }
    #[cfg(feature = "builtin-ecc")]
    {
        ecc::key_agreement(
            args.attributes.key_type(),
            args.key_buffer,
            args.alg,
            args.peer_key,
            args.shared_secret,
        )
    }
    #[cfg(not(feature = "builtin-ecc"))]
    {
        off(args)
    }
}

// ---------------------------------------------------------------------------------------------
// Key derivation
// ---------------------------------------------------------------------------------------------

/// Built-in `key_derivation_setup`: HKDF with SHA-224/256/384/512; with `builtin-pbkdf2`,
/// PBKDF2-HMAC with those hashes and PBKDF2-AES-CMAC-PRF-128.
///
/// # Errors
/// - `NOT_SUPPORTED`: other key derivations, another hash, or `builtin-kdf` is off.
/// - `INVALID_ARGUMENT`: `alg` is not a key derivation, or is a wildcard.
pub fn key_derivation_setup(
    args: &mut entry::key_derivation_setup::Args,
) -> Result<KeyDerivationContext> {
    #[cfg(feature = "builtin-kdf")]
    {
        KeyDerivationContext::new(args.alg)
    }
    #[cfg(not(feature = "builtin-kdf"))]
    {
        off(args)
    }
}

/// Built-in `key_derivation_input_bytes`: HKDF takes an optional salt (before the secret),
/// the secret (once) and an optional info (once, before any output); PBKDF2 one or more salts
/// (after the cost) and the password (once).
///
/// # Errors
/// - `BAD_STATE`: a step out of order or repeated, or input after output began.
/// - `INVALID_ARGUMENT`: a step HKDF does not take (label, seed).
/// - `INSUFFICIENT_MEMORY`: info longer than the context holds (1024 bytes).
pub fn key_derivation_input_bytes(
    ctx: &mut KeyDerivationContext,
    args: &mut entry::key_derivation_input_bytes::Args<'_>,
) -> Result<()> {
    #[cfg(feature = "builtin-kdf")]
    {
        ctx.input(args.step, args.data)
    }
    #[cfg(not(feature = "builtin-kdf"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `key_derivation_input_integer`: PBKDF2's cost (`DerivationStep::Cost`), before
/// the salt.
///
/// # Errors
/// - `BAD_STATE`: the cost repeated or after the salt or password.
/// - `INVALID_ARGUMENT`: another step, a cost of 0, or an algorithm without integer inputs.
/// - `NOT_SUPPORTED`: a cost above 2^32 - 1.
pub fn key_derivation_input_integer(
    ctx: &mut KeyDerivationContext,
    args: &mut entry::key_derivation_input_integer::Args,
) -> Result<()> {
    #[cfg(feature = "builtin-kdf")]
    {
        ctx.input_integer(args.step, args.value)
    }
    #[cfg(not(feature = "builtin-kdf"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `key_derivation_output_bytes`: the next `output.len()` bytes of the HKDF stream.
///
/// # Errors
/// - `BAD_STATE`: no secret yet.
/// - `INSUFFICIENT_DATA`: fewer than `output.len()` bytes remain of the 255 × hash-length
///   capacity (the remaining capacity drops to 0).
pub fn key_derivation_output_bytes(
    ctx: &mut KeyDerivationContext,
    args: &mut entry::key_derivation_output_bytes::Args<'_>,
) -> Result<()> {
    #[cfg(feature = "builtin-kdf")]
    {
        ctx.output(args.output)
    }
    #[cfg(not(feature = "builtin-kdf"))]
    {
        let _ = args;
        match *ctx {}
    }
}

/// Built-in `key_derivation_abort`: drop (and so wipe) the context.
///
/// # Errors
/// None in practice.
pub fn key_derivation_abort(_ctx: &mut KeyDerivationContext) -> Result<()> {
    // Nothing to release: the core drops the context in place after this call, and its
    // drop wipes the secret state.
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Random
// ---------------------------------------------------------------------------------------------

/// Built-in `get_random`: always `NOT_SUPPORTED`. `get_random` is a hardware entropy source;
/// the software side of randomness is the core's DRBG, seeded from such drivers or the OS.
///
/// # Errors
/// `NOT_SUPPORTED`.
pub fn get_random(_args: &mut entry::get_random::Args<'_>) -> Result<()> {
    Err(Error::NotSupported)
}
