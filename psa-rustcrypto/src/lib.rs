//! PSA keys and operations behind the traits RustCrypto code takes, and the key formats
//! RustCrypto's `der`, `pkcs8`, `sec1` and `spki` crates read and write.
//!
//! - [`EcdsaKey`]: a PSA ECDSA key (P-256 or P-384, local or in an opaque location such as a
//!   secure element) as a `signature::Signer` / `Verifier`, `hazmat::PrehashSigner` /
//!   `PrehashVerifier` and `Keypair` with the `ecdsa` crate's `Signature<NistP256>` /
//!   `Signature<NistP384>`; the key never leaves PSA.
//! - [`Hasher`] / [`StaticDigest`]: a PSA hash operation as `digest::Update`, `FixedOutput`,
//!   `FixedOutputReset` (and `digest::Digest` with a `'static` instance).
//! - [`PsaRng`]: the front-end's random generator as `rand_core::TryRng` + `TryCryptoRng`.
//! - [`formats`]: import PKCS#8 / SEC1 / SPKI keys in DER or PEM (type and size taken from the
//!   encoding and checked against the attributes), export public keys as SPKI DER/PEM, and
//!   convert ECDSA signatures between `r‖s` and DER.
//!
//! Errors: every fallible adapter returns the trait's error with the PSA status inside
//! ([`psa_status`] gets it back; with the `alloc` feature it is also the error's `source()`).
//! Nothing here panics on a PSA failure.
#![no_std]

mod digest_impl;
mod error;
pub mod formats;
mod rng;
mod signer;

pub use digest_impl::{
    HashAlgorithm, Hasher, Sha224, Sha256, Sha384, Sha512, StaticDigest, StaticPsa,
};
pub use error::{psa_status, signature_error};
pub use rng::PsaRng;
pub use signer::{EcdsaCurve, EcdsaKey};

/// Re-exports of the trait crates, at the versions this crate implements.
pub mod reexports {
    pub use {der, digest, ecdsa, p256, p384, pkcs8, rand_core, sec1, signature, spki};
}
