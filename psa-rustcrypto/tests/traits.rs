//! The RustCrypto adapters against RustCrypto's own implementations: a PSA key signs through
//! `signature::Signer` and `p256`/`p384` verify it, and the reverse; a hash through
//! `digest::Digest` equals `sha2`'s; errors keep the PSA status.

use std::sync::LazyLock;

use digest::{Digest, FixedOutputReset, Update};
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p256::ecdsa::signature::{Keypair, Signer, Verifier};
use psa_core::{
    Algorithm, DefaultEntropy, Dispatch, EccFamily, Error, KeyAttributes, KeyType, Psa, UsageFlags,
    register_drivers,
};
use psa_drivers::secure_element::SE_LIFETIME;
use psa_drivers::{P256Driver, SecureElement};
use psa_rustcrypto::reexports::{digest, p256, p384, rand_core};
use psa_rustcrypto::{EcdsaKey, Hasher, PsaRng, StaticDigest, StaticPsa, psa_status};
use rand_core::TryRng;

register_drivers! {
    /// The P-256 accelerator, the secure element and the built-in.
    pub struct App {
        transparent: [p256: P256Driver],
        opaque: [se: SecureElement],
        builtin: true,
    }
}

const DEVICE_KEY: [u8; 32] = [0x42; 32];

fn psa() -> Psa<App> {
    let se = SecureElement::provisioned(&DEVICE_KEY).expect("valid scalar");
    Psa::new(App::new(P256Driver::new(), se))
}

static GLOBAL: LazyLock<Psa<App>> = LazyLock::new(psa);

struct Global;
impl StaticPsa for Global {
    type Dispatch = App;
    type Entropy = DefaultEntropy;
    fn psa() -> &'static Psa<App> {
        &GLOBAL
    }
}

const ALL_SIGN: UsageFlags = UsageFlags::SIGN_MESSAGE
    .union(UsageFlags::VERIFY_MESSAGE)
    .union(UsageFlags::SIGN_HASH)
    .union(UsageFlags::VERIFY_HASH);

fn ecc(bits: usize) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(bits)
        .with_usage(ALL_SIGN)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH))
}

#[test]
fn a_psa_p256_key_signs_through_signer_and_p256_verifies() {
    let psa = psa();
    let id = psa.generate_key(&ecc(256)).unwrap();
    let key = EcdsaKey::<p256::NistP256, _>::new(&psa, id).unwrap();
    let sig: p256::ecdsa::Signature = key.try_sign(b"message").unwrap();
    // The public key from Keypair, and the one PSA exports, both verify it.
    let vk: p256::ecdsa::VerifyingKey = key.verifying_key();
    vk.verify(b"message", &sig).unwrap();
    let mut point = [0u8; 65];
    psa.export_public_key(id, &mut point).unwrap();
    let exported = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
    exported.verify(b"message", &sig).unwrap();
    assert!(vk.verify(b"messagf", &sig).is_err());
    // PSA verifies its own signature through Verifier, and refuses another message.
    key.verify(b"message", &sig).unwrap();
    let err = key.verify(b"other", &sig).unwrap_err();
    assert_eq!(psa_status(&err), Some(Error::InvalidSignature));
}

#[test]
fn p256_signs_and_a_psa_public_key_verifies_through_verifier() {
    let psa = psa();
    let sk = p256::ecdsa::SigningKey::from_slice(&[0x17; 32]).unwrap();
    let sig: p256::ecdsa::Signature = sk.sign(b"from p256");
    let point = sk.verifying_key().to_sec1_point(false);
    let public = KeyAttributes::new()
        .with_type(KeyType::ecc_public_key(EccFamily::SECP_R1))
        .with_usage(UsageFlags::VERIFY_MESSAGE | UsageFlags::VERIFY_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH));
    let id = psa.import_key(&public, point.as_bytes()).unwrap();
    let key = EcdsaKey::<p256::NistP256, _>::new(&psa, id).unwrap();
    key.verify(b"from p256", &sig).unwrap();
    assert!(key.verify(b"from p257", &sig).is_err());
    // A public key cannot sign (its policy has no signing usage): the PSA status is in the
    // error.
    let err = Signer::<p256::ecdsa::Signature>::try_sign(&key, b"x").unwrap_err();
    assert_eq!(psa_status(&err), Some(Error::NotPermitted));
    // Prehash: p256 signs a SHA-256 digest, PSA verifies it.
    let digest = sha2::Sha256::digest(b"prehashed");
    let sig: p256::ecdsa::Signature = sk.sign_prehash(&digest).unwrap();
    key.verify_prehash(&digest, &sig).unwrap();
    let mut bad = digest;
    bad[0] ^= 1;
    assert!(key.verify_prehash(&bad, &sig).is_err());
}

#[test]
fn p384_prehash_sign_and_verify_both_ways() {
    let psa = psa();
    let id = psa.generate_key(&ecc(384)).unwrap();
    let key = EcdsaKey::<p384::NistP384, _>::new(&psa, id).unwrap();
    let digest = sha2::Sha384::digest(b"p-384");
    let sig: p384::ecdsa::Signature = key.sign_prehash(&digest).unwrap();
    key.verifying_key().verify_prehash(&digest, &sig).unwrap();
    // Messages use SHA-384 on P-384, as p384's own Signer does.
    let sig: p384::ecdsa::Signature = key.try_sign(b"msg").unwrap();
    key.verifying_key().verify(b"msg", &sig).unwrap();
    // A digest length of no hash is refused with the PSA status.
    let err = PrehashSigner::<p384::ecdsa::Signature>::sign_prehash(&key, &[0u8; 20]).unwrap_err();
    assert_eq!(psa_status(&err), Some(Error::InvalidArgument));
    // A P-384 key is not a P-256 key.
    assert_eq!(
        EcdsaKey::<p256::NistP256, _>::new(&psa, id).unwrap_err(),
        Error::InvalidArgument
    );
}

#[test]
fn a_secure_element_key_signs_through_signer() {
    let psa = psa();
    let attributes = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH))
        .with_lifetime(SE_LIFETIME);
    let id = psa.generate_key(&attributes).unwrap();
    let key = EcdsaKey::<p256::NistP256, _>::new(&psa, id).unwrap();
    psa.dispatcher().recorder().reset();
    let sig: p256::ecdsa::Signature = key.try_sign(b"signed in the element").unwrap();
    key.verifying_key()
        .verify(b"signed in the element", &sig)
        .unwrap();
    // The element signed (the last receipt is sign_hash, served by the opaque driver).
    let last = psa.dispatcher().recorder().last().unwrap();
    assert_eq!(last.entry_point, psa_core::EntryPoint::SignHash);
    assert_eq!(
        last.served_by(),
        Some(psa_core::receipt::Candidate::Driver(1))
    );
}

#[test]
fn a_deterministic_policy_signs_deterministically() {
    let psa = psa();
    let sk = p256::ecdsa::SigningKey::from_slice(&[0x29; 32]).unwrap();
    let attributes = ecc(256).with_algorithm(Algorithm::deterministic_ecdsa(Algorithm::SHA_256));
    let id = psa.import_key(&attributes, &[0x29; 32]).unwrap();
    let key = EcdsaKey::<p256::NistP256, _>::new(&psa, id).unwrap();
    let ours: p256::ecdsa::Signature = key.try_sign(b"rfc 6979").unwrap();
    let theirs: p256::ecdsa::Signature = sk.sign(b"rfc 6979");
    assert_eq!(ours, theirs);
    // SHA-384 is outside the policy.
    let err = PrehashSigner::<p256::ecdsa::Signature>::sign_prehash(&key, &[1u8; 48]).unwrap_err();
    assert_eq!(psa_status(&err), Some(Error::NotPermitted));
}

#[test]
fn a_key_without_a_signing_usage_reports_not_permitted() {
    let psa = psa();
    let attributes = ecc(256).with_usage(UsageFlags::VERIFY_HASH | UsageFlags::VERIFY_MESSAGE);
    let id = psa.generate_key(&attributes).unwrap();
    let key = EcdsaKey::<p256::NistP256, _>::new(&psa, id).unwrap();
    let err = Signer::<p256::ecdsa::Signature>::try_sign(&key, b"x").unwrap_err();
    assert_eq!(psa_status(&err), Some(Error::NotPermitted));
    // The source chain reaches the PSA error.
    let source = std::error::Error::source(&err).unwrap();
    assert_eq!(source.to_string(), Error::NotPermitted.to_string());
}

#[test]
fn hashes_through_digest_equal_sha2() {
    let inputs: [&[u8]; 3] = [b"", b"abc", &[0x5a; 1000]];
    for input in inputs {
        type PsaSha256 = StaticDigest<psa_rustcrypto::Sha256, Global>;
        type PsaSha384 = StaticDigest<psa_rustcrypto::Sha384, Global>;
        type PsaSha512 = StaticDigest<psa_rustcrypto::Sha512, Global>;
        type PsaSha224 = StaticDigest<psa_rustcrypto::Sha224, Global>;
        assert_eq!(
            PsaSha256::digest(input)[..],
            sha2::Sha256::digest(input)[..]
        );
        assert_eq!(
            PsaSha384::digest(input)[..],
            sha2::Sha384::digest(input)[..]
        );
        assert_eq!(
            PsaSha512::digest(input)[..],
            sha2::Sha512::digest(input)[..]
        );
        assert_eq!(
            PsaSha224::digest(input)[..],
            sha2::Sha224::digest(input)[..]
        );
    }
    // Incremental updates and reset on a borrowed instance.
    let psa = psa();
    let mut h = Hasher::<psa_rustcrypto::Sha256, _>::new(&psa).unwrap();
    Update::update(&mut h, b"a");
    Update::update(&mut h, b"bc");
    let first = h.finalize_fixed_reset();
    assert_eq!(first[..], sha2::Sha256::digest(b"abc")[..]);
    Update::update(&mut h, b"abc");
    assert_eq!(h.try_finalize().unwrap()[..], first[..]);
}

#[test]
fn the_random_generator_is_a_try_crypto_rng() {
    let psa = psa();
    let mut rng = PsaRng::new(&psa);
    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    rng.try_fill_bytes(&mut a).unwrap();
    rng.try_fill_bytes(&mut b).unwrap();
    assert_ne!(a, b);
    assert_ne!(a, [0; 32]);
    assert_ne!(rng.try_next_u64().unwrap(), rng.try_next_u64().unwrap());
    // RustCrypto key generation takes it.
    fn needs_crypto_rng<R: rand_core::TryCryptoRng>(_: &mut R) {}
    needs_crypto_rng(&mut rng);
}
