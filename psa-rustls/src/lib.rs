//! rustls over PSA: a [`rustls::sign::SigningKey`] for a PSA key id, so that a TLS client's or
//! server's certificate key can live in an opaque location (a secure element) and never
//! leave it. Every signature of a handshake is a `psa_sign_hash` (or `psa_sign_message`)
//! dispatched to the key's driver, with a receipt.
//!
//! [`provider`] is a `rustls::crypto::CryptoProvider` whose key exchange (ECDHE P-256), TLS 1.3
//! AEADs (AES-128/256-GCM, ChaCha20-Poly1305), transcript hash, HMAC and HKDF, ECDSA
//! P-256/P-384 signature verification, random and key loading all run through PSA, so every
//! cryptographic operation of a handshake is dispatched to drivers, with receipts. RSA and
//! Ed25519 verification are not offered: psa-core's built-in has neither, so peers must use
//! ECDSA certificates.

use std::sync::Arc;

use psa_core::{Algorithm, Dispatch, EccFamily, EntropySource, Error, KeyId, Psa, UsageFlags};
use psa_rustcrypto::formats;
use rustls::pki_types::SubjectPublicKeyInfoDer;
use rustls::sign::{Signer, SigningKey};
use rustls::{SignatureAlgorithm, SignatureScheme};

/// A PSA status as a rustls error; the status is the error's `source()`.
pub fn tls_error(status: Error) -> rustls::Error {
    rustls::Error::Other(rustls::OtherError(Arc::new(status)))
}

/// A PSA ECDSA key (P-256 or P-384, local or opaque) as a rustls signing key.
pub struct PsaSigningKey<D: Dispatch, E: EntropySource, const N: usize> {
    inner: Arc<Inner<D, E, N>>,
}

struct Inner<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
    id: KeyId,
    scheme: SignatureScheme,
    alg: Algorithm,
    by_message: bool,
    spki: Vec<u8>,
}

impl<D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug for PsaSigningKey<D, E, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PsaSigningKey")
            .field("id", &self.inner.id)
            .field("scheme", &self.inner.scheme)
            .finish_non_exhaustive()
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> PsaSigningKey<D, E, N> {
    /// The PSA key `id` as a TLS signing key: P-256 signs `ecdsa_secp256r1_sha256`, P-384
    /// `ecdsa_secp384r1_sha384`. The key needs `SIGN_HASH` or `SIGN_MESSAGE` and a policy of
    /// ECDSA with that hash (or any hash); randomized or deterministic as its policy says.
    ///
    /// # Errors
    /// `INVALID_HANDLE` for an unknown id; `NOT_SUPPORTED` for other key types and sizes;
    /// `NOT_PERMITTED` if the policy does not permit the scheme's algorithm.
    pub fn new(psa: Arc<Psa<D, E, N>>, id: KeyId) -> Result<Self, Error> {
        let attributes = psa.get_key_attributes(id)?;
        if !attributes.key_type().is_key_pair()
            || attributes.key_type().ecc_family() != Some(EccFamily::SECP_R1)
        {
            return Err(Error::NotSupported);
        }
        let (scheme, hash) = match attributes.bits() {
            256 => (SignatureScheme::ECDSA_NISTP256_SHA256, Algorithm::SHA_256),
            384 => (SignatureScheme::ECDSA_NISTP384_SHA384, Algorithm::SHA_384),
            _ => return Err(Error::NotSupported),
        };
        let policy = attributes.algorithm();
        let alg = if policy.is_deterministic_ecdsa() {
            Algorithm::deterministic_ecdsa(hash)
        } else {
            Algorithm::ecdsa(hash)
        };
        if !policy.permits(alg) {
            return Err(Error::NotPermitted);
        }
        let usage = attributes.usage();
        if !usage.contains(UsageFlags::SIGN_MESSAGE) && !usage.contains(UsageFlags::SIGN_HASH) {
            return Err(Error::NotPermitted);
        }
        let mut spki = [0u8; 160];
        let n = formats::export_spki_der(&*psa, id, &mut spki)?;
        Ok(PsaSigningKey {
            inner: Arc::new(Inner {
                psa,
                id,
                scheme,
                alg,
                by_message: usage.contains(UsageFlags::SIGN_MESSAGE),
                spki: spki[..n].to_vec(),
            }),
        })
    }

    /// The key id.
    pub fn id(&self) -> KeyId {
        self.inner.id
    }

    /// The one scheme this key signs.
    pub fn scheme(&self) -> SignatureScheme {
        self.inner.scheme
    }
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> SigningKey
    for PsaSigningKey<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        offered
            .contains(&self.inner.scheme)
            .then(|| Box::new(PsaSigner(self.inner.clone())) as Box<dyn Signer>)
    }

    fn public_key(&self) -> Option<SubjectPublicKeyInfoDer<'_>> {
        Some(SubjectPublicKeyInfoDer::from(&self.inner.spki[..]))
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::ECDSA
    }
}

/// One signature by a [`PsaSigningKey`].
struct PsaSigner<D: Dispatch, E: EntropySource, const N: usize>(Arc<Inner<D, E, N>>);

impl<D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug for PsaSigner<D, E, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PsaSigner")
            .field("id", &self.0.id)
            .finish_non_exhaustive()
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> Inner<D, E, N> {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let mut rs = [0u8; 96];
        let n = if self.by_message {
            self.psa.sign_message(self.id, self.alg, message, &mut rs)?
        } else {
            // Hash through PSA, sign in the key's driver (a secure element's device key has
            // only `SIGN_HASH`).
            let mut digest = [0u8; 64];
            let d = self
                .psa
                .hash_compute(self.alg.hash(), message, &mut digest)?;
            self.psa
                .sign_hash(self.id, self.alg, &digest[..d], &mut rs)?
        };
        let mut der = [0u8; 110];
        let len = formats::ecdsa_signature_to_der(&rs[..n], &mut der)
            .map_err(|_| Error::CorruptionDetected)?;
        Ok(der[..len].to_vec())
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> Signer for PsaSigner<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, rustls::Error> {
        self.0.sign(message).map_err(tls_error)
    }

    fn scheme(&self) -> SignatureScheme {
        self.0.scheme
    }
}
mod provider;
pub use provider::provider;
