//! A rustls `CryptoProvider` whose every operation runs through a PSA instance: ECDHE P-256,
//! the TLS 1.3 AEADs, SHA-256/384, HMAC (and HKDF over it), ECDSA P-256/P-384 verification,
//! random, and private keys loaded as PSA keys.
//!
//! The provider's components are `'static` in rustls; [`provider`] leaks one small set of
//! them per call (make one provider per PSA instance). rustls's traits for hash and HMAC are
//! infallible: on a PSA failure they return random bytes (or zeros if even random fails), so
//! the handshake fails its Finished check instead of continuing.

use std::sync::Arc;

use psa_core::{
    Algorithm, Dispatch, EccFamily, EntropySource, KeyAttributes, KeyId, KeyType, Psa, UsageFlags,
};
use psa_rustcrypto::formats;
use rustls::crypto::cipher::{
    AeadKey, InboundOpaqueMessage, InboundPlainMessage, Iv, MessageDecrypter, MessageEncrypter,
    Nonce, OutboundOpaqueMessage, OutboundPlainMessage, PrefixedPayload, Tls13AeadAlgorithm,
    UnsupportedOperationError, make_tls13_aad,
};
use rustls::crypto::tls13::HkdfUsingHmac;
use rustls::crypto::{
    ActiveKeyExchange, CipherSuiteCommon, CryptoProvider, GetRandomFailed, KeyProvider,
    SecureRandom, SharedSecret, SupportedKxGroup, WebPkiSupportedAlgorithms, hash, hmac,
};
use rustls::pki_types::{
    AlgorithmIdentifier, InvalidSignature, PrivateKeyDer, SignatureVerificationAlgorithm, alg_id,
};
use rustls::{
    CipherSuite, ConnectionTrafficSecrets, ContentType, NamedGroup, ProtocolVersion,
    SignatureScheme, SupportedCipherSuite, Tls13CipherSuite,
};
use zeroize::Zeroizing;

use crate::{PsaSigningKey, tls_error};

fn leak<T>(t: T) -> &'static T {
    Box::leak(Box::new(t))
}

/// Bytes PSA failed to produce: random from PSA if it can, else zeros.
fn fallback<D: Dispatch, E: EntropySource, const N: usize>(psa: &Psa<D, E, N>, out: &mut [u8]) {
    if psa.generate_random(out).is_err() {
        out.fill(0);
    }
}

struct PsaHash<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
    alg: Algorithm,
    id: hash::HashAlgorithm,
}

fn digest<D: Dispatch, E: EntropySource, const N: usize>(
    psa: &Psa<D, E, N>,
    alg: Algorithm,
    data: &[u8],
) -> hash::Output {
    let mut out = [0u8; 64];
    match psa.hash_compute(alg, data, &mut out) {
        Ok(n) => hash::Output::new(&out[..n]),
        Err(_) => {
            let n = alg.hash_length();
            fallback(psa, &mut out[..n]);
            hash::Output::new(&out[..n])
        }
    }
}

/// A transcript hash: the (public) transcript is kept and hashed through PSA at each
/// `fork_finish`/`finish`, so no hash context has to outlive a PSA call.
struct Transcript<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
    alg: Algorithm,
    data: Vec<u8>,
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> hash::Hash
    for PsaHash<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn start(&self) -> Box<dyn hash::Context> {
        Box::new(Transcript {
            psa: self.psa.clone(),
            alg: self.alg,
            data: Vec::new(),
        })
    }
    fn hash(&self, data: &[u8]) -> hash::Output {
        digest(&self.psa, self.alg, data)
    }
    fn output_len(&self) -> usize {
        self.alg.hash_length()
    }
    fn algorithm(&self) -> hash::HashAlgorithm {
        self.id
    }
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> hash::Context
    for Transcript<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn fork_finish(&self) -> hash::Output {
        digest(&self.psa, self.alg, &self.data)
    }
    fn fork(&self) -> Box<dyn hash::Context> {
        Box::new(Transcript {
            psa: self.psa.clone(),
            alg: self.alg,
            data: self.data.clone(),
        })
    }
    fn finish(self: Box<Self>) -> hash::Output {
        digest(&self.psa, self.alg, &self.data)
    }
    fn update(&mut self, data: &[u8]) {
        self.data.extend_from_slice(data);
    }
}

struct PsaHmac<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
    alg: Algorithm,
}

struct HmacKey<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
    alg: Algorithm,
    key: Zeroizing<Vec<u8>>,
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> hmac::Hmac
    for PsaHmac<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn with_key(&self, key: &[u8]) -> Box<dyn hmac::Key> {
        Box::new(HmacKey {
            psa: self.psa.clone(),
            alg: self.alg,
            key: Zeroizing::new(key.to_vec()),
        })
    }
    fn hash_output_len(&self) -> usize {
        self.alg.hash().hash_length()
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> HmacKey<D, E, N> {
    /// Import the key for this one MAC, run it multi-part, destroy the key.
    fn mac(&self, parts: &[&[u8]], out: &mut [u8; 64]) -> Result<usize, psa_core::Error> {
        let attributes = KeyAttributes::new()
            .with_type(KeyType::HMAC)
            .with_usage(UsageFlags::SIGN_MESSAGE)
            .with_algorithm(self.alg);
        let id = self.psa.import_key(&attributes, &self.key)?;
        let r = (|| {
            let mut op = self.psa.mac_operation();
            op.sign_setup(id, self.alg)?;
            for p in parts {
                op.update(p)?;
            }
            op.sign_finish(out)
        })();
        let _ = self.psa.destroy_key(id);
        r
    }
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> hmac::Key
    for HmacKey<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn sign_concat(&self, first: &[u8], middle: &[&[u8]], last: &[u8]) -> hmac::Tag {
        let mut parts: Vec<&[u8]> = vec![first];
        parts.extend_from_slice(middle);
        parts.push(last);
        let mut out = [0u8; 64];
        match self.mac(&parts, &mut out) {
            Ok(n) => hmac::Tag::new(&out[..n]),
            Err(_) => {
                let n = self.tag_len();
                fallback(&self.psa, &mut out[..n]);
                hmac::Tag::new(&out[..n])
            }
        }
    }
    fn tag_len(&self) -> usize {
        self.alg.hash().hash_length()
    }
}

#[derive(Clone, Copy)]
enum AeadKind {
    Aes128,
    Aes256,
    ChaCha,
}

struct PsaAead<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
    kind: AeadKind,
}

impl AeadKind {
    fn key_type(self) -> KeyType {
        match self {
            AeadKind::ChaCha => KeyType::CHACHA20,
            _ => KeyType::AES,
        }
    }
    fn alg(self) -> Algorithm {
        match self {
            AeadKind::ChaCha => Algorithm::CHACHA20_POLY1305,
            _ => Algorithm::GCM,
        }
    }
    fn key_len(self) -> usize {
        match self {
            AeadKind::Aes128 => 16,
            _ => 32,
        }
    }
}

/// One direction's record key, imported into PSA for the connection's life.
struct RecordKey<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
    id: Result<KeyId, psa_core::Error>,
    alg: Algorithm,
    iv: Iv,
}

impl<D: Dispatch, E: EntropySource, const N: usize> Drop for RecordKey<D, E, N> {
    fn drop(&mut self) {
        if let Ok(id) = self.id {
            let _ = self.psa.destroy_key(id);
        }
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> PsaAead<D, E, N> {
    fn record_key(&self, key: AeadKey, iv: Iv) -> RecordKey<D, E, N> {
        let attributes = KeyAttributes::new()
            .with_type(self.kind.key_type())
            .with_bits(self.kind.key_len() * 8)
            .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
            .with_algorithm(self.kind.alg());
        RecordKey {
            id: self.psa.import_key(&attributes, key.as_ref()),
            psa: self.psa.clone(),
            alg: self.kind.alg(),
            iv,
        }
    }
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> Tls13AeadAlgorithm
    for PsaAead<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn encrypter(&self, key: AeadKey, iv: Iv) -> Box<dyn MessageEncrypter> {
        Box::new(self.record_key(key, iv))
    }
    fn decrypter(&self, key: AeadKey, iv: Iv) -> Box<dyn MessageDecrypter> {
        Box::new(self.record_key(key, iv))
    }
    fn key_len(&self) -> usize {
        self.kind.key_len()
    }
    fn extract_keys(
        &self,
        _key: AeadKey,
        _iv: Iv,
    ) -> Result<ConnectionTrafficSecrets, UnsupportedOperationError> {
        // The keys are PSA's: not handed out for kTLS.
        Err(UnsupportedOperationError)
    }
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> MessageEncrypter
    for RecordKey<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn encrypt(
        &mut self,
        msg: OutboundPlainMessage<'_>,
        seq: u64,
    ) -> Result<OutboundOpaqueMessage, rustls::Error> {
        let id = self.id.map_err(tls_error)?;
        let total = self.encrypted_payload_len(msg.payload.len());
        let mut plain = Zeroizing::new(Vec::with_capacity(total));
        plain.extend_from_slice(&msg.payload.to_vec());
        plain.extend_from_slice(&msg.typ.to_array());
        let nonce = Nonce::new(&self.iv, seq);
        let mut sealed = vec![0u8; total];
        let n = self
            .psa
            .aead_encrypt(
                id,
                self.alg,
                &nonce.0,
                &make_tls13_aad(total),
                &plain,
                &mut sealed,
            )
            .map_err(|_| rustls::Error::EncryptError)?;
        let mut payload = PrefixedPayload::with_capacity(n);
        payload.extend_from_slice(&sealed[..n]);
        Ok(OutboundOpaqueMessage::new(
            ContentType::ApplicationData,
            ProtocolVersion::TLSv1_2,
            payload,
        ))
    }
    fn encrypted_payload_len(&self, payload_len: usize) -> usize {
        payload_len + 1 + 16
    }
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> MessageDecrypter
    for RecordKey<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn decrypt<'a>(
        &mut self,
        mut msg: InboundOpaqueMessage<'a>,
        seq: u64,
    ) -> Result<InboundPlainMessage<'a>, rustls::Error> {
        let id = self.id.map_err(tls_error)?;
        let payload = &mut msg.payload;
        if payload.len() < 16 {
            return Err(rustls::Error::DecryptError);
        }
        let nonce = Nonce::new(&self.iv, seq);
        let aad = make_tls13_aad(payload.len());
        let mut plain = Zeroizing::new(vec![0u8; payload.len() - 16]);
        let n = self
            .psa
            .aead_decrypt(id, self.alg, &nonce.0, &aad, payload, &mut plain)
            .map_err(|_| rustls::Error::DecryptError)?;
        payload[..n].copy_from_slice(&plain[..n]);
        payload.truncate(n);
        msg.into_tls13_unpadded_message()
    }
}

struct PsaP256Kx<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
}

struct ActiveP256<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
    id: KeyId,
    public: [u8; 65],
}

impl<D: Dispatch, E: EntropySource, const N: usize> Drop for ActiveP256<D, E, N> {
    fn drop(&mut self) {
        let _ = self.psa.destroy_key(self.id);
    }
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> SupportedKxGroup
    for PsaP256Kx<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, rustls::Error> {
        let attributes = KeyAttributes::new()
            .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
            .with_bits(256)
            .with_usage(UsageFlags::DERIVE)
            .with_algorithm(Algorithm::ECDH);
        let id = self.psa.generate_key(&attributes).map_err(tls_error)?;
        let mut active = ActiveP256 {
            psa: self.psa.clone(),
            id,
            public: [0; 65],
        };
        self.psa
            .export_public_key(id, &mut active.public)
            .map_err(tls_error)?;
        Ok(Box::new(active))
    }
    fn name(&self) -> NamedGroup {
        NamedGroup::secp256r1
    }
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> ActiveKeyExchange
    for ActiveP256<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn complete(self: Box<Self>, peer: &[u8]) -> Result<SharedSecret, rustls::Error> {
        let mut secret = Zeroizing::new([0u8; 32]);
        let n = self
            .psa
            .raw_key_agreement(Algorithm::ECDH, self.id, peer, &mut *secret)
            .map_err(|_| rustls::Error::from(rustls::PeerMisbehaved::InvalidKeyShare))?;
        Ok(SharedSecret::from(&secret[..n]))
    }
    fn pub_key(&self) -> &[u8] {
        &self.public
    }
    fn group(&self) -> NamedGroup {
        NamedGroup::secp256r1
    }
}

struct PsaEcdsaVerify<D: Dispatch, E: EntropySource, const N: usize> {
    psa: Arc<Psa<D, E, N>>,
    bits: usize,
    hash: Algorithm,
    public_key_alg: AlgorithmIdentifier,
    signature_alg: AlgorithmIdentifier,
}

impl<D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug for PsaEcdsaVerify<D, E, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "PsaEcdsaVerify(P-{}, {:?})", self.bits, self.hash)
    }
}

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize>
    SignatureVerificationAlgorithm for PsaEcdsaVerify<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let alg = Algorithm::ecdsa(self.hash);
        let mut rs = [0u8; 96];
        let n = formats::ecdsa_signature_from_der(signature, self.bits, &mut rs)
            .map_err(|_| InvalidSignature)?;
        let attributes = KeyAttributes::new()
            .with_type(KeyType::ecc_public_key(EccFamily::SECP_R1))
            .with_bits(self.bits)
            .with_usage(UsageFlags::VERIFY_MESSAGE)
            .with_algorithm(alg);
        let id = self
            .psa
            .import_key(&attributes, public_key)
            .map_err(|_| InvalidSignature)?;
        let r = self.psa.verify_message(id, alg, message, &rs[..n]);
        let _ = self.psa.destroy_key(id);
        r.map_err(|_| InvalidSignature)
    }
    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.public_key_alg
    }
    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature_alg
    }
}

struct PsaRandom<D: Dispatch, E: EntropySource, const N: usize>(Arc<Psa<D, E, N>>);

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> SecureRandom
    for PsaRandom<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        self.0.generate_random(buf).map_err(|_| GetRandomFailed)
    }
}

struct PsaKeys<D: Dispatch, E: EntropySource, const N: usize>(Arc<Psa<D, E, N>>);

impl<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize> KeyProvider
    for PsaKeys<D, E, N>
where
    Psa<D, E, N>: Send + Sync,
{
    fn load_private_key(
        &self,
        key_der: PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn rustls::sign::SigningKey>, rustls::Error> {
        let attributes = KeyAttributes::new()
            .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::SIGN_HASH)
            .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH));
        let id = match &key_der {
            PrivateKeyDer::Pkcs8(k) => {
                formats::import_pkcs8_der(&*self.0, &attributes, k.secret_pkcs8_der())
            }
            PrivateKeyDer::Sec1(k) => {
                formats::import_sec1_der(&*self.0, &attributes, k.secret_sec1_der())
            }
            _ => Err(psa_core::Error::NotSupported),
        }
        .map_err(tls_error)?;
        Ok(Arc::new(
            PsaSigningKey::new(self.0.clone(), id).map_err(tls_error)?,
        ))
    }
}

/// A rustls `CryptoProvider` over `psa`: TLS 1.3 with AES-128-GCM-SHA256,
/// AES-256-GCM-SHA384 and ChaCha20-Poly1305-SHA256; ECDHE on P-256; ECDSA P-256/P-384
/// verification (with SHA-256 or SHA-384); PSA random; PKCS#8/SEC1 ECDSA keys loaded into
/// PSA local storage. RSA and Ed25519 are not offered (psa-core's built-in has neither).
pub fn provider<D: Dispatch + 'static, E: EntropySource + 'static, const N: usize>(
    psa: Arc<Psa<D, E, N>>,
) -> CryptoProvider
where
    Psa<D, E, N>: Send + Sync,
{
    let sha256 = leak(PsaHash {
        psa: psa.clone(),
        alg: Algorithm::SHA_256,
        id: hash::HashAlgorithm::SHA256,
    });
    let sha384 = leak(PsaHash {
        psa: psa.clone(),
        alg: Algorithm::SHA_384,
        id: hash::HashAlgorithm::SHA384,
    });
    let hkdf256 = leak(HkdfUsingHmac(leak(PsaHmac {
        psa: psa.clone(),
        alg: Algorithm::hmac(Algorithm::SHA_256),
    })));
    let hkdf384 = leak(HkdfUsingHmac(leak(PsaHmac {
        psa: psa.clone(),
        alg: Algorithm::hmac(Algorithm::SHA_384),
    })));
    let suite = |suite,
                 hash: &'static dyn hash::Hash,
                 hkdf: &'static dyn rustls::crypto::tls13::Hkdf,
                 kind| {
        SupportedCipherSuite::Tls13(leak(Tls13CipherSuite {
            common: CipherSuiteCommon {
                suite,
                hash_provider: hash,
                confidentiality_limit: 1 << 23,
            },
            hkdf_provider: hkdf,
            aead_alg: leak(PsaAead {
                psa: psa.clone(),
                kind,
            }),
            quic: None,
        }))
    };
    let cipher_suites = vec![
        suite(
            CipherSuite::TLS13_AES_128_GCM_SHA256,
            sha256,
            hkdf256,
            AeadKind::Aes128,
        ),
        suite(
            CipherSuite::TLS13_AES_256_GCM_SHA384,
            sha384,
            hkdf384,
            AeadKind::Aes256,
        ),
        suite(
            CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
            sha256,
            hkdf256,
            AeadKind::ChaCha,
        ),
    ];
    let verify = |bits,
                  hash,
                  public_key_alg,
                  signature_alg|
     -> &'static dyn SignatureVerificationAlgorithm {
        leak(PsaEcdsaVerify {
            psa: psa.clone(),
            bits,
            hash,
            public_key_alg,
            signature_alg,
        })
    };
    let p256_sha256 = verify(
        256,
        Algorithm::SHA_256,
        alg_id::ECDSA_P256,
        alg_id::ECDSA_SHA256,
    );
    let p256_sha384 = verify(
        256,
        Algorithm::SHA_384,
        alg_id::ECDSA_P256,
        alg_id::ECDSA_SHA384,
    );
    let p384_sha256 = verify(
        384,
        Algorithm::SHA_256,
        alg_id::ECDSA_P384,
        alg_id::ECDSA_SHA256,
    );
    let p384_sha384 = verify(
        384,
        Algorithm::SHA_384,
        alg_id::ECDSA_P384,
        alg_id::ECDSA_SHA384,
    );
    let all: &'static [&'static dyn SignatureVerificationAlgorithm] =
        Box::leak(vec![p256_sha256, p256_sha384, p384_sha256, p384_sha384].into_boxed_slice());
    let p384_list: &'static [&'static dyn SignatureVerificationAlgorithm] =
        Box::leak(vec![p384_sha384, p256_sha384].into_boxed_slice());
    let p256_list: &'static [&'static dyn SignatureVerificationAlgorithm] =
        Box::leak(vec![p256_sha256, p384_sha256].into_boxed_slice());
    let mapping: &'static [(
        SignatureScheme,
        &'static [&'static dyn SignatureVerificationAlgorithm],
    )] = Box::leak(
        vec![
            (SignatureScheme::ECDSA_NISTP384_SHA384, p384_list),
            (SignatureScheme::ECDSA_NISTP256_SHA256, p256_list),
        ]
        .into_boxed_slice(),
    );
    CryptoProvider {
        cipher_suites,
        kx_groups: vec![leak(PsaP256Kx { psa: psa.clone() })],
        signature_verification_algorithms: WebPkiSupportedAlgorithms { all, mapping },
        secure_random: leak(PsaRandom(psa.clone())),
        key_provider: leak(PsaKeys(psa)),
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug for PsaP256Kx<D, E, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PsaP256Kx")
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug for PsaRandom<D, E, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PsaRandom")
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug for PsaKeys<D, E, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PsaKeys")
    }
}
