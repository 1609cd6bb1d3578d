//! The PSA front-end over a built-in-only dispatcher: policy, bad input, key store limits,
//! concurrency. Expected errors are the ones the PSA Crypto API spec names.

use psa_core::{
    Algorithm, EccFamily, EntropySource, Error, KeyAttributes, KeyId, KeyType, Lifetime, Location,
    Psa, Result, UsageFlags, register_drivers,
};

register_drivers! {
    /// Built-in only.
    pub struct BuiltinOnly {
        transparent: [],
        opaque: [],
        builtin: true,
    }
}

/// Deterministic entropy so runs are reproducible (tests may inject it; devices must not).
struct TestEntropy(u8);
impl EntropySource for TestEntropy {
    fn fill_entropy(&mut self, out: &mut [u8]) -> Result<()> {
        for b in out.iter_mut() {
            self.0 = self.0.wrapping_mul(31).wrapping_add(7);
            *b = self.0;
        }
        Ok(())
    }
}

type TestPsa<const N: usize = 32> = Psa<BuiltinOnly, TestEntropy, N>;

fn psa<const N: usize>() -> TestPsa<N> {
    Psa::with_entropy(BuiltinOnly::new(), TestEntropy(1))
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

const P256_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const P256_PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
// RFC 6979 A.2.5: the P-256 private key and public key.
const RFC6979_X: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const RFC6979_UX: &str = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
const RFC6979_UY: &str = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
// The P-256 group order n.
const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

fn ecdsa_key(psa: &TestPsa, usage: UsageFlags, alg: Algorithm) -> KeyId {
    let attrs = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_usage(usage)
        .with_algorithm(alg);
    psa.import_key(&attrs, &hex(RFC6979_X)).unwrap()
}

#[test]
fn rfc6979_deterministic_signature_through_the_front_end() {
    // RFC 6979 A.2.5, P-256, SHA-256, message "sample".
    let psa = psa::<32>();
    let alg = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let key = ecdsa_key(
        &psa,
        UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE,
        alg,
    );
    let mut sig = [0u8; 64];
    assert_eq!(psa.sign_message(key, alg, b"sample", &mut sig), Ok(64));
    let expected = hex(concat!(
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
        "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"
    ));
    assert_eq!(sig.as_slice(), expected.as_slice());
    assert_eq!(psa.verify_message(key, alg, b"sample", &sig), Ok(()));
    sig[10] ^= 1;
    assert_eq!(
        psa.verify_message(key, alg, b"sample", &sig),
        Err(Error::InvalidSignature)
    );
}

#[test]
fn public_key_export_matches_rfc6979() {
    let psa = psa::<32>();
    let key = ecdsa_key(&psa, UsageFlags::NONE, Algorithm::NONE);
    let mut out = [0u8; 65];
    assert_eq!(psa.export_public_key(key, &mut out), Ok(65));
    assert_eq!(out[0], 0x04);
    assert_eq!(&out[1..33], hex(RFC6979_UX).as_slice());
    assert_eq!(&out[33..], hex(RFC6979_UY).as_slice());
    let mut short = [0xaau8; 64];
    assert_eq!(
        psa.export_public_key(key, &mut short),
        Err(Error::BufferTooSmall)
    );
    assert!(
        short.iter().all(|&b| b == 0xaa),
        "nothing written on BUFFER_TOO_SMALL"
    );
}

#[test]
fn missing_usage_flag_is_not_permitted() {
    let psa = psa::<32>();
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let key = ecdsa_key(&psa, UsageFlags::VERIFY_HASH, alg);
    let mut sig = [0u8; 64];
    assert_eq!(
        psa.sign_hash(key, alg, &[0; 32], &mut sig),
        Err(Error::NotPermitted)
    );
    // SIGN_MESSAGE alone does not grant SIGN_HASH.
    let key = ecdsa_key(&psa, UsageFlags::SIGN_MESSAGE, alg);
    assert_eq!(
        psa.sign_hash(key, alg, &[0; 32], &mut sig),
        Err(Error::NotPermitted)
    );
}

#[test]
fn sign_hash_implies_sign_message() {
    let psa = psa::<32>();
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let key = ecdsa_key(&psa, UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH, alg);
    let mut sig = [0u8; 64];
    assert_eq!(psa.sign_message(key, alg, b"m", &mut sig), Ok(64));
    assert_eq!(psa.verify_message(key, alg, b"m", &sig), Ok(()));
}

#[test]
fn algorithm_outside_policy_is_not_permitted_and_wildcards_permit() {
    let psa = psa::<32>();
    let usage = UsageFlags::SIGN_HASH;
    let key = ecdsa_key(&psa, usage, Algorithm::ecdsa(Algorithm::SHA_256));
    let mut sig = [0u8; 96];
    assert_eq!(
        psa.sign_hash(
            key,
            Algorithm::ecdsa(Algorithm::SHA_384),
            &[0; 48],
            &mut sig
        ),
        Err(Error::NotPermitted)
    );
    assert_eq!(
        psa.sign_hash(
            key,
            Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
            &[0; 32],
            &mut sig
        ),
        Err(Error::NotPermitted)
    );
    let any = ecdsa_key(&psa, usage, Algorithm::ecdsa(Algorithm::ANY_HASH));
    assert_eq!(
        psa.sign_hash(
            any,
            Algorithm::ecdsa(Algorithm::SHA_256),
            &[0; 32],
            &mut sig
        ),
        Ok(64)
    );
    assert_eq!(
        psa.sign_hash(
            any,
            Algorithm::ecdsa(Algorithm::SHA_384),
            &[0; 48],
            &mut sig
        ),
        Ok(64)
    );
    // A wildcard is never a request.
    assert_eq!(
        psa.sign_hash(
            any,
            Algorithm::ecdsa(Algorithm::ANY_HASH),
            &[0; 32],
            &mut sig
        ),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn export_needs_usage_export() {
    let psa = psa::<32>();
    let no_export = ecdsa_key(&psa, UsageFlags::SIGN_HASH, Algorithm::NONE);
    let mut out = [0u8; 32];
    assert_eq!(
        psa.export_key(no_export, &mut out),
        Err(Error::NotPermitted)
    );
    assert_eq!(out, [0; 32]);
    let exportable = ecdsa_key(&psa, UsageFlags::EXPORT, Algorithm::NONE);
    assert_eq!(psa.export_key(exportable, &mut out), Ok(32));
    assert_eq!(out.as_slice(), hex(RFC6979_X).as_slice());
    let mut short = [0u8; 31];
    assert_eq!(
        psa.export_key(exportable, &mut short),
        Err(Error::BufferTooSmall)
    );
}

#[test]
fn destroyed_and_unknown_ids_are_invalid_handles() {
    let psa = psa::<32>();
    let key = ecdsa_key(
        &psa,
        UsageFlags::SIGN_HASH | UsageFlags::EXPORT,
        Algorithm::NONE,
    );
    assert_eq!(psa.destroy_key(key), Ok(()));
    let mut out = [0u8; 64];
    assert_eq!(psa.export_key(key, &mut out), Err(Error::InvalidHandle));
    assert_eq!(psa.get_key_attributes(key), Err(Error::InvalidHandle));
    assert_eq!(psa.destroy_key(key), Err(Error::InvalidHandle));
    assert_eq!(
        psa.sign_hash(
            key,
            Algorithm::ecdsa(Algorithm::SHA_256),
            &[0; 32],
            &mut out
        ),
        Err(Error::InvalidHandle)
    );
    assert_eq!(
        psa.get_key_attributes(KeyId(0x1234)),
        Err(Error::InvalidHandle)
    );
    assert_eq!(
        psa.get_key_attributes(KeyId::BUILTIN_MIN),
        Err(Error::InvalidHandle)
    );
    assert_eq!(psa.destroy_key(KeyId::NULL), Ok(()));
    // A new key never reuses a destroyed key's id.
    let again = ecdsa_key(&psa, UsageFlags::SIGN_HASH, Algorithm::NONE);
    assert_ne!(again, key);
}

#[test]
fn malformed_ecc_material_is_invalid_argument() {
    let psa = psa::<32>();
    let pair = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_usage(UsageFlags::SIGN_HASH);
    let n = hex(P256_N);
    let mut n_plus_1 = n.clone();
    *n_plus_1.last_mut().unwrap() += 1;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("31 bytes", vec![1; 31]),
        ("33 bytes", vec![1; 33]),
        ("scalar 0", vec![0; 32]),
        ("scalar n", n.clone()),
        ("scalar n+1", n_plus_1),
        ("scalar 2^256-1", vec![0xff; 32]),
    ];
    for (what, data) in &cases {
        assert_eq!(
            psa.import_key(&pair.with_bits(256), data),
            Err(Error::InvalidArgument),
            "{what}"
        );
    }
    let public = KeyAttributes::new()
        .with_type(P256_PUBLIC)
        .with_usage(UsageFlags::VERIFY_HASH);
    let mut point = vec![0x04];
    point.extend(hex(RFC6979_UX));
    point.extend(hex(RFC6979_UY));
    assert!(psa.import_key(&public, &point).is_ok());
    let mut off_curve = point.clone();
    off_curve[64] ^= 1;
    let mut compressed = vec![0x02 | (point[64] & 1)];
    compressed.extend(hex(RFC6979_UX));
    let mut wrong_tag = point.clone();
    wrong_tag[0] = 0x05;
    for (what, data) in [
        ("off curve", off_curve),
        ("compressed", compressed),
        ("wrong tag", wrong_tag),
        ("truncated", point[..64].to_vec()),
    ] {
        assert_eq!(
            psa.import_key(&public, &data),
            Err(Error::InvalidArgument),
            "{what}"
        );
    }
    // A size that disagrees with the data.
    assert_eq!(
        psa.import_key(&pair.with_bits(384), &hex(RFC6979_X)),
        Err(Error::InvalidArgument)
    );
    assert_eq!(psa.import_key(&pair, &[]), Err(Error::InvalidArgument));
    // No type at all is an unsupported type (psa-arch-tests c018 expects exactly this).
    assert_eq!(
        psa.import_key(&KeyAttributes::new(), &[1; 16]),
        Err(Error::NotSupported)
    );
}

#[test]
fn full_key_store_is_insufficient_memory() {
    let psa = psa::<4>();
    let attrs = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT);
    let ids: Vec<KeyId> = (0..4)
        .map(|i| psa.import_key(&attrs, &[i; 16]).unwrap())
        .collect();
    assert_eq!(
        psa.import_key(&attrs, &[9; 16]),
        Err(Error::InsufficientMemory)
    );
    assert_eq!(
        psa.generate_key(&attrs.with_bits(128)),
        Err(Error::InsufficientMemory)
    );
    psa.destroy_key(ids[0]).unwrap();
    assert!(psa.import_key(&attrs, &[9; 16]).is_ok());
}

#[test]
fn persistent_and_unknown_locations_are_refused() {
    let psa = psa::<32>();
    let attrs = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT);
    assert_eq!(
        psa.import_key(
            &attrs.with_lifetime(Lifetime::PERSISTENT).with_id(KeyId(1)),
            &[0; 16]
        ),
        Err(Error::NotSupported)
    );
    // Without an id, a persistent key's attributes are invalid.
    assert_eq!(
        psa.import_key(&attrs.with_lifetime(Lifetime::PERSISTENT), &[0; 16]),
        Err(Error::InvalidArgument)
    );
    let nowhere = Lifetime::volatile_at(Location::vendor(0x42));
    assert_eq!(
        psa.import_key(&attrs.with_lifetime(nowhere), &[0; 16]),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        psa.import_key(&attrs.with_id(KeyId(5)), &[0; 16]),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn copy_key_narrows_policy_and_needs_usage_copy() {
    let psa = psa::<32>();
    let alg = Algorithm::ecdsa(Algorithm::ANY_HASH);
    let src = ecdsa_key(
        &psa,
        UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH | UsageFlags::COPY,
        alg,
    );
    let target = KeyAttributes::new()
        .with_usage(UsageFlags::VERIFY_HASH | UsageFlags::EXPORT)
        .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256));
    let copy = psa.copy_key(src, &target).unwrap();
    let a = psa.get_key_attributes(copy).unwrap();
    assert_eq!(
        a.usage(),
        UsageFlags::VERIFY_HASH | UsageFlags::VERIFY_MESSAGE
    );
    assert_eq!(a.algorithm(), Algorithm::ecdsa(Algorithm::SHA_256));
    assert_eq!(a.key_type(), P256_PAIR);
    assert_eq!(a.bits(), 256);
    let no_copy = ecdsa_key(&psa, UsageFlags::SIGN_HASH, alg);
    assert_eq!(psa.copy_key(no_copy, &target), Err(Error::NotPermitted));
    let wrong_type = target.with_type(KeyType::AES);
    assert_eq!(psa.copy_key(src, &wrong_type), Err(Error::InvalidArgument));
    let elsewhere = target.with_lifetime(Lifetime::volatile_at(Location::vendor(1)));
    assert_eq!(psa.copy_key(src, &elsewhere), Err(Error::NotSupported));
}

#[test]
fn hash_compare_and_mac_verify_are_constant_time_comparisons_with_spec_errors() {
    let psa = psa::<32>();
    // FIPS 180-2: SHA-256("abc").
    let abc = hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(psa.hash_compare(Algorithm::SHA_256, b"abc", &abc), Ok(()));
    assert_eq!(
        psa.hash_compare(Algorithm::SHA_256, b"abd", &abc),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        psa.hash_compare(Algorithm::SHA_256, b"abc", &abc[..31]),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        psa.hash_compute(Algorithm::ANY_HASH, b"abc", &mut [0; 32]),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        psa.hash_compute(Algorithm::SHA_256, b"abc", &mut [0; 31]),
        Err(Error::BufferTooSmall)
    );
    // RFC 4231 test case 2.
    let attrs = KeyAttributes::new()
        .with_type(KeyType::HMAC)
        .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE)
        .with_algorithm(Algorithm::hmac(Algorithm::SHA_256));
    let key = psa.import_key(&attrs, b"Jefe").unwrap();
    let mac = hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    assert_eq!(
        psa.mac_verify(key, alg, b"what do ya want for nothing?", &mac),
        Ok(())
    );
    assert_eq!(
        psa.mac_verify(key, alg, b"what do ya want for nothing!", &mac),
        Err(Error::InvalidSignature)
    );
    let mut out = [0u8; 32];
    assert_eq!(
        psa.mac_compute(key, alg, b"what do ya want for nothing?", &mut out),
        Ok(32)
    );
    assert_eq!(out.as_slice(), mac.as_slice());
}

#[test]
fn cipher_single_part_generates_an_iv_and_round_trips() {
    let psa = psa::<32>();
    let attrs = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
        .with_algorithm(Algorithm::CBC_PKCS7);
    let key = psa.import_key(&attrs, &[7; 16]).unwrap();
    let mut ct = [0u8; 16 + 32];
    let n = psa
        .cipher_encrypt(key, Algorithm::CBC_PKCS7, b"seventeen bytes!!", &mut ct)
        .unwrap();
    assert_eq!(n, 48);
    let mut pt = [0u8; 48];
    let m = psa
        .cipher_decrypt(key, Algorithm::CBC_PKCS7, &ct[..n], &mut pt)
        .unwrap();
    assert_eq!(&pt[..m], b"seventeen bytes!!");
    assert_eq!(
        psa.cipher_encrypt(key, Algorithm::CTR, b"x", &mut ct),
        Err(Error::NotPermitted)
    );
    assert_eq!(
        psa.cipher_decrypt(key, Algorithm::CBC_PKCS7, &ct[..15], &mut pt),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn eight_threads_sign_and_verify_with_shared_keys() {
    let psa = psa::<32>();
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let det = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let usage = UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH;
    let attrs = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_usage(usage)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH));
    let shared = psa.import_key(&attrs, &hex(RFC6979_X)).unwrap();
    let det_key = ecdsa_key(&psa, usage, det);
    // RFC 6979 A.2.5, SHA-256, "sample": the expected deterministic signature.
    let digest = hex("af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf");
    let expected = hex(concat!(
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
        "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"
    ));
    std::thread::scope(|s| {
        for t in 0..8u8 {
            let (psa, digest, expected) = (&psa, &digest, &expected);
            s.spawn(move || {
                for i in 0..4u8 {
                    let msg = [t, i];
                    let mut sig = [0u8; 64];
                    let mut hash = [0u8; 32];
                    psa.hash_compute(Algorithm::SHA_256, &msg, &mut hash)
                        .unwrap();
                    assert_eq!(psa.sign_hash(shared, alg, &hash, &mut sig), Ok(64));
                    assert_eq!(psa.verify_hash(shared, alg, &hash, &sig), Ok(()));
                    let mut d = [0u8; 64];
                    assert_eq!(psa.sign_hash(det_key, det, digest, &mut d), Ok(64));
                    assert_eq!(d.as_slice(), expected.as_slice());
                    // Thread-local keys come and go while others sign.
                    let k = psa.generate_key(&attrs.with_bits(256)).unwrap();
                    assert_eq!(psa.sign_hash(k, alg, &hash, &mut sig), Ok(64));
                    assert_eq!(psa.verify_hash(k, alg, &hash, &sig), Ok(()));
                    psa.destroy_key(k).unwrap();
                }
            });
        }
    });
}

#[test]
fn front_end_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<TestPsa>();
    assert_send_sync::<Psa<BuiltinOnly>>();
}

#[test]
fn no_entropy_is_insufficient_entropy() {
    let psa: Psa<BuiltinOnly, psa_core::NoEntropy> =
        Psa::with_entropy(BuiltinOnly::new(), psa_core::NoEntropy);
    assert_eq!(
        psa.generate_random(&mut [0u8; 16]),
        Err(Error::InsufficientEntropy)
    );
    let attrs = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_bits(128)
        .with_usage(UsageFlags::ENCRYPT);
    assert_eq!(psa.generate_key(&attrs), Err(Error::InsufficientEntropy));
}
