//! A `static` PSA instance, as firmware declares it: every constructor on the way
//! (`Psa::new`, the registration's `new`, `P256Driver::new`, `SecureElement::new`,
//! `DeviceKey::new`, `with_builtin_keys`) is `const fn`, so the instance needs no cell, no
//! lazy initialisation and no heap, and it serves calls from several threads at once.

use psa_core::receipt::Candidate;
use psa_core::{
    Algorithm, BuiltinKey, Dispatch, EccFamily, EntryPoint, Error, KeyAttributes, KeyId, KeyType,
    Lifetime, Persistence, Psa, UsageFlags, register_drivers,
};
use psa_drivers::secure_element::{DEVICE_KEY_SLOT, DeviceKey, SE_LOCATION};
use psa_drivers::{P256Driver, SecureElement};
use sha2::Digest;

register_drivers! {
    /// p256 for local keys, the element for its location, built-in last.
    pub struct Device {
        transparent: [p256: P256Driver],
        opaque: [se: SecureElement],
        builtin: true,
    }
}

/// Mbed TLS test opaque driver's built-in ECDSA key (facts §5).
const DEVICE_SCALAR: [u8; 32] = [
    0xdc, 0x7d, 0x9d, 0x26, 0xd6, 0x7a, 0x4f, 0x63, 0x2c, 0x34, 0xc2, 0xdc, 0x0b, 0x69, 0x86, 0x18,
    0x38, 0x82, 0xc2, 0x06, 0xdf, 0x04, 0xcd, 0xb7, 0xd6, 0x9a, 0xab, 0xe2, 0x8b, 0xe4, 0xf8, 0x1a,
];
const DEVICE_PUBLIC: &str = "0485f64d89f00be66c88dd937efd6d7c445648dcb701150b8a9509295850f41c1931e571fb8f8c78317a20b380e866584bbc2516c3d2702d792f131a922095fd6c";
const DEVICE_KEY: KeyId = KeyId(0x7fff_0001);
static BUILTIN: [BuiltinKey; 1] = [BuiltinKey {
    id: DEVICE_KEY,
    lifetime: Lifetime::new(Persistence::READ_ONLY, SE_LOCATION),
    slot: DEVICE_KEY_SLOT,
}];

/// The instance: a plain `static`, initialised at compile time.
static PSA: Psa<Device> = Psa::new(Device::new(
    P256Driver::new(),
    SecureElement::new(DeviceKey::new(&DEVICE_SCALAR).expect("a valid P-256 scalar")),
))
.with_builtin_keys(&BUILTIN);

// RFC 6979 A.2.5: P-256, SHA-256, message "sample".
const RFC6979_KEY: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const RFC6979_SAMPLE_SHA256: &str = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn hits(who: Candidate, ep: EntryPoint) -> u32 {
    PSA.dispatcher().recorder().hits(who, ep)
}

/// One thread's work on the shared static: a local key (p256 driver verifies, the built-in
/// signs deterministically), the element's built-in device key, a hash.
fn serve_calls() {
    let digest = sha2::Sha256::digest(b"sample");
    let alg = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let attributes = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
        .with_algorithm(alg);
    let id = PSA
        .import_key(&attributes, &hex(RFC6979_KEY))
        .expect("import");
    let mut sig = [0u8; 64];
    assert_eq!(PSA.sign_hash(id, alg, &digest, &mut sig), Ok(64));
    assert_eq!(sig.as_slice(), hex(RFC6979_SAMPLE_SHA256).as_slice());
    assert_eq!(PSA.verify_hash(id, alg, &digest, &sig), Ok(()));
    sig[10] ^= 1;
    assert_eq!(
        PSA.verify_hash(id, alg, &digest, &sig),
        Err(Error::InvalidSignature)
    );
    assert_eq!(PSA.destroy_key(id), Ok(()));

    // The device key signs inside the element; its public key verifies the signature.
    let ecdsa = Algorithm::ecdsa(Algorithm::SHA_256);
    let mut device_sig = [0u8; 64];
    assert_eq!(
        PSA.sign_hash(DEVICE_KEY, ecdsa, &digest, &mut device_sig),
        Ok(64)
    );
    let mut public = [0u8; 65];
    assert_eq!(PSA.export_public_key(DEVICE_KEY, &mut public), Ok(65));
    assert_eq!(public.as_slice(), hex(DEVICE_PUBLIC).as_slice());
    assert_eq!(
        PSA.verify_hash(DEVICE_KEY, ecdsa, &digest, &device_sig),
        Ok(())
    );

    let mut hash = [0u8; 32];
    assert_eq!(
        PSA.hash_compute(Algorithm::SHA_256, b"abc", &mut hash),
        Ok(32)
    );
    assert_eq!(hash[..4], [0xba, 0x78, 0x16, 0xbf]);
}

#[test]
fn a_static_instance_serves_calls_from_several_threads() {
    const THREADS: u32 = 4;
    let element_signs = hits(Candidate::Driver(1), EntryPoint::SignHash);
    let driver_verifies = hits(Candidate::Driver(0), EntryPoint::VerifyHash);
    let builtin_signs = hits(Candidate::Builtin, EntryPoint::SignHash);
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(serve_calls);
        }
    });
    // Each thread's calls went where the registration says.
    assert_eq!(
        hits(Candidate::Driver(1), EntryPoint::SignHash) - element_signs,
        THREADS
    );
    assert_eq!(
        hits(Candidate::Driver(0), EntryPoint::VerifyHash) - driver_verifies,
        2 * THREADS
    );
    assert_eq!(
        hits(Candidate::Builtin, EntryPoint::SignHash) - builtin_signs,
        THREADS
    );
    // Every volatile key the threads made is gone again.
    assert!(format!("{PSA:?}").contains("keys: 0"), "{PSA:?}");
}

/// `DeviceKey::new` (a `const fn` range check) accepts exactly the scalars p256 accepts.
#[test]
fn device_key_validation_agrees_with_p256() {
    let n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let mut cases: Vec<[u8; 32]> = vec![[0; 32], [0xff; 32], DEVICE_SCALAR];
    for delta in [-2i32, -1, 0, 1] {
        // n + delta, big-endian, with carry.
        let mut v = [0u8; 32];
        v.copy_from_slice(&n);
        let mut carry = delta;
        for b in v.iter_mut().rev() {
            let x = *b as i32 + carry;
            *b = x.rem_euclid(256) as u8;
            carry = x.div_euclid(256);
        }
        cases.push(v);
    }
    let mut one = [0u8; 32];
    one[31] = 1;
    cases.push(one);
    // Equal to n in its first four bytes (ff ff ff ff), above it in the fifth (n has 00).
    let mut high = [0u8; 32];
    high[..4].fill(0xff);
    high[4] = 0x01;
    cases.push(high);
    let mut accepted = 0;
    for c in &cases {
        let ours = DeviceKey::new(c).is_some();
        let p256 = p256::SecretKey::from_bytes(&(*c).into()).is_ok();
        assert_eq!(ours, p256, "scalar {}", hex::encode(c));
        assert_eq!(SecureElement::provisioned(c).is_ok(), p256);
        accepted += usize::from(ours);
    }
    // 1, n-2, n-1 and the device key are valid; 0, n, n+1, 2^256-1 and `high` are not.
    assert_eq!(accepted, 4);
}
