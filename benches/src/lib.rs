//! Fixtures shared by the benchmarks in `benches/`: a deterministic entropy source, fixed key
//! material, key attributes, and a small transparent SHA-256 driver.
//!
//! Nothing here is for production use: [`FixedEntropy`] is predictable on purpose, so that
//! every run signs with the same DRBG stream and the figures are reproducible.
//!
//! The benchmarks and how to run them are described in `BENCHMARKS.md` at the workspace root.

pub mod paired;

use psa_core::{
    Algorithm, Dispatch, EccFamily, EntropySource, Error, KeyAttributes, KeyType, Result,
    UsageFlags, entry, psa_driver, register_drivers,
};
use sha2::Digest;

/// An entropy source that returns the same stream on every run (SHA-256 of a counter).
///
/// It makes the front-end's HMAC_DRBG, and so every randomized signature, reproducible.
/// **Predictable: for benchmarks only.**
#[derive(Debug, Default, Clone, Copy)]
pub struct FixedEntropy {
    counter: u64,
}

impl EntropySource for FixedEntropy {
    fn fill_entropy(&mut self, out: &mut [u8]) -> Result<()> {
        for chunk in out.chunks_mut(32) {
            let block = sha2::Sha256::new()
                .chain_update(b"psa-bench fixed entropy")
                .chain_update(self.counter.to_be_bytes())
                .finalize();
            self.counter += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}

register_drivers! {
    /// An empty dispatcher, to see whether psa-core records receipts in this build.
    struct Probe { builtin: false }
}

/// Whether psa-core was built with its `receipts` feature.
///
/// `cargo bench -p psa-bench` builds it without; a plain `cargo bench` at the workspace root
/// unifies psa-core's features across every member, and the examples and integration tests
/// turn `receipts` on, so every dispatch then records what it did.
pub fn receipts_enabled() -> bool {
    let probe = Probe::new();
    let _ = probe.get_random(entry::get_random::Args {
        output: &mut [0u8; 1],
    });
    probe.recorder().last().is_some()
}

/// Check the build before timing anything: warn on stderr when `receipts` is on, and record
/// the build's state in `<target>/psa-bench-paired/build.json` for `bench-report`, which then
/// flags every figure as not representative.
pub fn check_build() {
    let on = receipts_enabled();
    if on {
        eprintln!(
            "warning: psa-core is built with `receipts` (features unified across the workspace); \
             these figures include receipt recording. Run `cargo bench -p psa-bench` instead."
        );
    }
    if let Some(dir) = paired::target_dir().map(|t| t.join("psa-bench-paired")) {
        let _ = std::fs::create_dir_all(&dir).and_then(|()| {
            std::fs::write(dir.join("build.json"), format!("{{\"receipts\":{on}}}\n"))
        });
    }
}

/// A transparent SHA-256 driver, a stand-in for a hashing peripheral (as in
/// `examples/write_your_own_driver.rs`). Dispatch calls it for `hash_compute` with
/// `SHA_256` only.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sha256Engine;

#[psa_driver(
    prefix = "sha_engine",
    kind = "transparent",
    entry_points = [hash_compute],
    capability(entry_points = [hash_compute], algorithms = [Algorithm::SHA_256]),
)]
impl Sha256Engine {
    /// SHA-256 of `input` into the first 32 bytes of `hash`.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for any other algorithm; `BUFFER_TOO_SMALL` if `hash` is shorter
    /// than 32 bytes.
    #[inline]
    pub fn hash_compute(&self, alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
        if alg != Algorithm::SHA_256 {
            return Err(Error::NotSupported);
        }
        let out = hash.get_mut(..32).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(&sha2::Sha256::digest(input));
        Ok(32)
    }
}

/// A P-256 private scalar (RFC 6979, appendix A.2.5).
pub const P256_PRIVATE: [u8; 32] =
    hex32(*b"c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");

/// The peer's P-256 private scalar for ECDH (RFC 5903, section 8.1, responder `r`).
pub const P256_PEER_PRIVATE: [u8; 32] =
    hex32(*b"c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53");

/// A P-384 private scalar (RFC 6979, appendix A.2.6).
pub const P384_PRIVATE: [u8; 48] = hex48(*b"6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5");

/// The peer's P-384 private scalar for ECDH (RFC 5903, section 8.2, responder `r`).
pub const P384_PEER_PRIVATE: [u8; 48] = hex48(*b"41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a7448fc");

/// A 128-bit AES key.
pub const AES_128_KEY: [u8; 16] = *b"psa-bench aes128";

/// A 256-bit key (AES-256, ChaCha20, HMAC).
pub const KEY_256: [u8; 32] = *b"psa-bench 256-bit symmetric key!";

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("not a lowercase hex digit"),
    }
}

const fn hex32(s: [u8; 64]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

const fn hex48(s: [u8; 96]) -> [u8; 48] {
    let mut out = [0u8; 48];
    let mut i = 0;
    while i < 48 {
        out[i] = nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

/// Attributes of an ECC key pair on `SECP_R1` of `bits` bits, allowed to sign and verify
/// hashes and messages with `alg` and to derive with ECDH (`alg` is the key's one
/// permitted algorithm, so ECDH keys get their own attributes; see [`ecdh_key_pair`]).
pub fn ecc_key_pair(bits: usize, alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(bits)
        .with_usage(
            UsageFlags::SIGN_HASH
                | UsageFlags::VERIFY_HASH
                | UsageFlags::SIGN_MESSAGE
                | UsageFlags::VERIFY_MESSAGE
                | UsageFlags::EXPORT,
        )
        .with_algorithm(alg)
}

/// Attributes of an ECC public key on `SECP_R1` of `bits` bits, allowed to verify with `alg`.
pub fn ecc_public_key(bits: usize, alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::ecc_public_key(EccFamily::SECP_R1))
        .with_bits(bits)
        .with_usage(UsageFlags::VERIFY_HASH | UsageFlags::VERIFY_MESSAGE)
        .with_algorithm(alg)
}

/// Attributes of an ECC key pair on `SECP_R1` of `bits` bits for raw ECDH.
pub fn ecdh_key_pair(bits: usize) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(bits)
        .with_usage(UsageFlags::DERIVE | UsageFlags::EXPORT)
        .with_algorithm(Algorithm::ECDH)
}

/// Attributes of a symmetric key of type `key_type` and `bits` bits, allowed `usage` with
/// `alg`.
pub fn symmetric_key(
    key_type: KeyType,
    bits: usize,
    usage: UsageFlags,
    alg: Algorithm,
) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(key_type)
        .with_bits(bits)
        .with_usage(usage)
        .with_algorithm(alg)
}

/// `len` bytes of deterministic, non-constant message data.
pub fn message(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(7))
        .collect()
}

/// The SHA-256 digest the ECDSA benchmarks sign: `SHA-256("psa-bench")`.
pub fn digest() -> [u8; 32] {
    sha2::Sha256::digest(b"psa-bench").into()
}

/// The SHA-384 digest the P-384 benchmarks sign: `SHA-384("psa-bench")`.
pub fn digest_384() -> [u8; 48] {
    sha2::Sha384::digest(b"psa-bench").into()
}

/// The dispatch layer, front-end and keys of the overhead measurements (the `overhead`
/// criterion benchmark and the `icount` instruction counts measure the same calls).
pub mod overhead {
    use psa_core::{Algorithm, KeyAttributes, Psa, register_drivers};
    use psa_drivers::P256Driver;

    use crate::{FixedEntropy, P256_PEER_PRIVATE, P256_PRIVATE, Sha256Engine};

    register_drivers! {
        /// The P-256 accelerator and the SHA-256 engine first, the built-in for everything
        /// else.
        pub struct Accelerated {
            transparent: [p256: P256Driver, sha: Sha256Engine],
            builtin: true,
        }
    }

    /// The front-end over [`Accelerated`] with a fixed entropy stream.
    pub type Front = Psa<Accelerated, FixedEntropy>;

    /// The signature algorithm measured.
    pub const ALG: Algorithm = Algorithm::ecdsa(Algorithm::SHA_256);

    /// Keys imported once, their attributes, and a signature and peer key to verify and agree
    /// with.
    pub struct Fixture {
        /// The front-end holding the keys.
        pub psa: Front,
        /// The P-256 key pair (ECDSA).
        pub pair: psa_core::KeyId,
        /// Its attributes, for direct and dispatched calls.
        pub pair_attributes: KeyAttributes,
        /// Its public key, imported.
        pub public: psa_core::KeyId,
        /// The public key's attributes.
        pub public_attributes: KeyAttributes,
        /// The public key, uncompressed.
        pub public_bytes: [u8; 65],
        /// The P-256 key pair for ECDH.
        pub ecdh: psa_core::KeyId,
        /// Its attributes.
        pub ecdh_attributes: KeyAttributes,
        /// The ECDH peer's public key.
        pub peer_public: [u8; 65],
        /// The SHA-256 digest signed.
        pub digest: [u8; 32],
        /// A signature of `digest` by `pair`.
        pub signature: [u8; 64],
    }

    /// Import the keys and compute the signature and peer public key.
    pub fn fixture() -> Fixture {
        let psa = Psa::with_entropy(
            Accelerated::new(P256Driver::new(), Sha256Engine),
            FixedEntropy::default(),
        );
        let pair = psa
            .import_key(&crate::ecc_key_pair(256, ALG), &P256_PRIVATE)
            .expect("import P-256 key pair");
        let mut public_bytes = [0u8; 65];
        psa.export_public_key(pair, &mut public_bytes)
            .expect("export public key");
        let public = psa
            .import_key(&crate::ecc_public_key(256, ALG), &public_bytes)
            .expect("import public key");
        let ecdh = psa
            .import_key(&crate::ecdh_key_pair(256), &P256_PRIVATE)
            .expect("import ECDH key");
        let peer = psa
            .import_key(&crate::ecdh_key_pair(256), &P256_PEER_PRIVATE)
            .expect("import peer key");
        let mut peer_public = [0u8; 65];
        psa.export_public_key(peer, &mut peer_public)
            .expect("export peer public key");
        let digest = crate::digest();
        let mut signature = [0u8; 64];
        psa.sign_hash(pair, ALG, &digest, &mut signature)
            .expect("sign");
        Fixture {
            pair_attributes: psa.get_key_attributes(pair).expect("attributes"),
            public_attributes: psa.get_key_attributes(public).expect("attributes"),
            ecdh_attributes: psa.get_key_attributes(ecdh).expect("attributes"),
            psa,
            pair,
            public,
            public_bytes,
            ecdh,
            peer_public,
            digest,
            signature,
        }
    }
}
