//! Property tests: arbitrary input never panics, the paths agree, and signatures round-trip.
//!
//! The byte-driven properties run the same harnesses as the `cargo fuzz` targets
//! (`psa_tests::harness`), so a stable toolchain without cargo-fuzz still exercises them.
//! Case counts are kept modest so the whole suite runs in seconds in the debug profile; raise
//! them with `PROPTEST_CASES=10000`.

use proptest::prelude::*;
use psa_core::receipt::Candidate;
use psa_core::{
    Algorithm, Dispatch, EccFamily, EntryPoint, Error, KeyAttributes, KeyId, KeyType, Psa,
    UsageFlags,
};
use psa_drivers::secure_element::SE_LIFETIME;
use psa_tests::harness;
use psa_tests::paths;
use psa_tests::support::served_by;
use sha2::Digest;

fn cases(n: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(n);
    ProptestConfig {
        cases,
        // A failing case is saved beside this file (`properties.proptest-regressions`) and
        // replayed first on later runs.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    }
}

/// Statuses that would mean an internal failure, never a verdict on the input.
const NEVER: &[Error] = &[
    Error::GenericError,
    Error::CorruptionDetected,
    Error::DataCorrupt,
    Error::DataInvalid,
    Error::HardwareFailure,
    Error::CommunicationFailure,
    Error::StorageFailure,
    Error::ServiceFailure,
];

fn sane<T>(what: &str, r: &psa_core::Result<T>) -> Result<(), TestCaseError> {
    if let Err(e) = r {
        prop_assert!(!NEVER.contains(e), "{what}: internal failure status {e:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(512))]

    /// `import_key` with arbitrary bytes for every key type (see the harness for the checks).
    #[test]
    fn import_key_arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        harness::import_key(&data);
    }

    /// The same, with each key type and declared size chosen explicitly and material of every
    /// length around the valid ones.
    #[test]
    fn import_key_every_type(type_index in 0u8..14, bits_choice in 0u8..4, len in 0usize..300, fill in any::<u8>()) {
        let mut data = vec![type_index, bits_choice, 0, 0, 0];
        data.extend_from_slice(&[0xff; 8]);
        data.extend(std::iter::repeat_n(fill, len));
        harness::import_key(&data);
    }

    /// `verify_hash` with arbitrary keys, hashes and signatures: the built-in, the P-256
    /// driver and the secure element agree.
    #[test]
    fn verify_hash_arbitrary(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        harness::verify_hash(&data);
    }

    /// `raw_key_agreement` with arbitrary scalars and peer keys (most derived from valid
    /// keys): all paths agree, and the secret is symmetric.
    #[test]
    fn key_agreement_arbitrary(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        harness::key_agreement(&data);
    }

    /// Random sequences of multi-part calls on every family at once: the BAD_STATE rules
    /// hold, nothing panics, and every driver context is released exactly once.
    #[test]
    fn multipart_state_machine(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        harness::multipart(&data);
    }
}

proptest! {
    #![proptest_config(cases(96))]

    /// A valid P-256 key with arbitrary signatures and hashes: all paths agree, and a random
    /// signature essentially never verifies.
    #[test]
    fn verify_hash_valid_key_arbitrary_signature(hash in proptest::collection::vec(any::<u8>(), 32), sig in proptest::collection::vec(any::<u8>(), 0..100)) {
        let key = psa_tests::support::hex("0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
        let mut data = vec![0u8, 1, 0, 1];
        data.extend_from_slice(&key[1..]);
        data.push(1);
        data.extend_from_slice(&hash);
        data.extend_from_slice(&sig);
        harness::verify_hash(&data);
        let psa = paths::builtin_only();
        let a = KeyAttributes::new().with_type(KeyType::ecc_public_key(EccFamily::SECP_R1)).with_usage(UsageFlags::VERIFY_HASH).with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256));
        let id = psa.import_key(&a, &key).unwrap();
        prop_assert_eq!(psa.verify_hash(id, Algorithm::ecdsa(Algorithm::SHA_256), &hash, &sig), Err(Error::InvalidSignature));
    }

    /// Every front-end function with an arbitrary algorithm value (vendor, wildcard, unknown
    /// or valid) and arbitrary input, on keys of every kind: no panic, no internal-failure
    /// status, nothing written past a returned length.
    #[test]
    fn front_end_arbitrary_algorithms(alg in any::<u32>(), input in proptest::collection::vec(any::<u8>(), 0..80), out_len in 0usize..120) {
        let alg = Algorithm(alg);
        let psa = paths::p256_with_builtin();
        let all = UsageFlags(0xffff);
        let keys: Vec<KeyId> = [
            (KeyType::AES, &[1u8; 16][..]),
            (KeyType::CHACHA20, &[2; 32]),
            (KeyType::HMAC, &[3; 20]),
            (KeyType::DERIVE, &[4; 20]),
            (KeyType::ecc_key_pair(EccFamily::SECP_R1), &psa_tests::support::hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721")),
        ]
        .iter()
        .map(|(t, m)| psa.import_key(&KeyAttributes::new().with_type(*t).with_usage(all).with_algorithm(alg), m).unwrap())
        .collect();
        let mut out = vec![0xC5u8; out_len];
        let check = |what: &str, r: psa_core::Result<usize>, out: &[u8]| -> Result<(), TestCaseError> {
            sane(what, &r)?;
            if let Ok(n) = r {
                prop_assert!(n <= out.len() && out[n..].iter().all(|&b| b == 0xC5), "{}: wrote past its length", what);
            }
            Ok(())
        };
        check("hash_compute", psa.hash_compute(alg, &input, &mut out), &out)?;
        sane("hash_compare", &psa.hash_compare(alg, &input, &input))?;
        for &k in &keys {
            out.fill(0xC5);
            check("sign_hash", psa.sign_hash(k, alg, &input, &mut out), &out)?;
            sane("verify_hash", &psa.verify_hash(k, alg, &input, &input))?;
            out.fill(0xC5);
            check("sign_message", psa.sign_message(k, alg, &input, &mut out), &out)?;
            sane("verify_message", &psa.verify_message(k, alg, &input, &input))?;
            out.fill(0xC5);
            check("mac_compute", psa.mac_compute(k, alg, &input, &mut out), &out)?;
            sane("mac_verify", &psa.mac_verify(k, alg, &input, &input))?;
            out.fill(0xC5);
            check("cipher_encrypt", psa.cipher_encrypt(k, alg, &input, &mut out), &out)?;
            out.fill(0xC5);
            check("cipher_decrypt", psa.cipher_decrypt(k, alg, &input, &mut out), &out)?;
            out.fill(0xC5);
            let nonce = &input[..input.len().min(12)];
            check("aead_encrypt", psa.aead_encrypt(k, alg, nonce, b"ad", &input, &mut out), &out)?;
            out.fill(0xC5);
            check("aead_decrypt", psa.aead_decrypt(k, alg, nonce, b"ad", &input, &mut out), &out)?;
            out.fill(0xC5);
            check("raw_key_agreement", psa.raw_key_agreement(alg, k, &input, &mut out), &out)?;
            let mut op = psa.mac_operation();
            sane("mac_sign_setup", &op.sign_setup(k, alg))?;
            let mut c = psa.cipher_operation();
            sane("cipher_encrypt_setup", &c.encrypt_setup(k, alg))?;
            let mut kdf = psa.key_derivation_operation();
            sane("key_derivation_setup", &kdf.setup(alg))?;
            sane("key_derivation_input_key", &kdf.input_key(psa_core::DerivationStep::Secret, k))?;
        }
        let mut h = psa.hash_operation();
        sane("hash_setup", &h.setup(alg))?;
    }
}

// ----- sign → verify round trips ------------------------------------------------------------------

const SIGN: UsageFlags = UsageFlags(0x1000 | 0x2000 | 0x0400 | 0x0800);

/// Sign a random message on `psa` (keys at `lifetime`), verify it, and check a flipped bit
/// and another message do not verify; `who` must serve the signature.
fn round_trip<D: Dispatch>(
    psa: &Psa<D>,
    key: KeyId,
    alg: Algorithm,
    message: &[u8],
    who: Candidate,
    hash_in_core: bool,
) -> Result<(), TestCaseError> {
    let digest = match alg.hash() {
        Algorithm::SHA_256 => sha2::Sha256::digest(message).to_vec(),
        Algorithm::SHA_384 => sha2::Sha384::digest(message).to_vec(),
        _ => sha2::Sha512::digest(message).to_vec(),
    };
    let mut sig = [0u8; 96];
    let n = psa
        .sign_hash(key, alg, &digest, &mut sig)
        .map_err(|e| TestCaseError::fail(format!("sign_hash: {e:?}")))?;
    prop_assert_eq!(served_by(psa.dispatcher(), EntryPoint::SignHash), Some(who));
    prop_assert_eq!(psa.verify_hash(key, alg, &digest, &sig[..n]), Ok(()));
    let mut flipped = sig;
    flipped[n / 2] ^= 0x10;
    prop_assert_eq!(
        psa.verify_hash(key, alg, &digest, &flipped[..n]),
        Err(Error::InvalidSignature)
    );
    let mut other = digest.clone();
    other[0] ^= 1;
    prop_assert_eq!(
        psa.verify_hash(key, alg, &other, &sig[..n]),
        Err(Error::InvalidSignature)
    );
    if hash_in_core {
        // The message API, which hashes through dispatch, agrees.
        prop_assert_eq!(psa.verify_message(key, alg, message, &sig[..n]), Ok(()));
        let m = psa
            .sign_message(key, alg, message, &mut sig)
            .map_err(|e| TestCaseError::fail(format!("sign_message: {e:?}")))?;
        prop_assert_eq!(psa.verify_hash(key, alg, &digest, &sig[..m]), Ok(()));
    }
    Ok(())
}

fn generate<D: Dispatch>(
    psa: &Psa<D>,
    bits: usize,
    alg: Algorithm,
    lifetime: psa_core::Lifetime,
) -> KeyId {
    let a = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(bits)
        .with_usage(SIGN)
        .with_algorithm(alg)
        .with_lifetime(lifetime);
    psa.generate_key(&a).expect("generate a signing key")
}

proptest! {
    #![proptest_config(cases(32))]

    /// Random messages sign and verify on every path that signs: P-256 on the built-in, the
    /// P-256 driver (with and without the built-in) and the secure element; P-384 on the
    /// built-in; randomized and deterministic ECDSA with SHA-256/384/512.
    #[test]
    fn sign_verify_round_trip(message in proptest::collection::vec(any::<u8>(), 0..300), hash_index in 0usize..3, deterministic in any::<bool>()) {
        let hash = [Algorithm::SHA_256, Algorithm::SHA_384, Algorithm::SHA_512][hash_index];
        let alg = if deterministic { Algorithm::deterministic_ecdsa(hash) } else { Algorithm::ecdsa(hash) };
        let policy = if deterministic { Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH) } else { Algorithm::ecdsa(Algorithm::ANY_HASH) };
        let volatile = psa_core::Lifetime::VOLATILE;

        let builtin = paths::builtin_only();
        for bits in [256, 384] {
            let key = generate(&builtin, bits, policy, volatile);
            round_trip(&builtin, key, alg, &message, Candidate::Builtin, true)?;
        }
        let p256 = paths::p256_with_builtin();
        let key = generate(&p256, 256, policy, volatile);
        // The P-256 driver signs randomized ECDSA; deterministic goes to the built-in.
        let who = if deterministic { Candidate::Builtin } else { Candidate::Driver(0) };
        round_trip(&p256, key, alg, &message, who, true)?;
        let key = generate(&p256, 384, policy, volatile);
        round_trip(&p256, key, alg, &message, Candidate::Builtin, true)?;
        if !deterministic {
            let only = paths::p256_only();
            let key = generate(&only, 256, policy, volatile);
            round_trip(&only, key, alg, &message, Candidate::Driver(0), false)?;
        }
        let se = paths::secure_element();
        let key = generate(&se, 256, policy, SE_LIFETIME);
        round_trip(&se, key, alg, &message, Candidate::Driver(0), true)?;
    }
}

/// The key-agreement harness reaches the shared secret, on every path: over 400 inputs of
/// the distribution `key_agreement_arbitrary` uses, most P-256 runs produce a secret on all
/// three paths (which the harness checks agree), more than 40% of the runs on each path do,
/// and every run with a peer derived from a valid key, ECDH and a full-length P-256 scalar
/// does. (With random peer points, which are on the curve with probability about 2^-256, no
/// run got there.)
#[test]
fn key_agreement_reaches_the_shared_secret() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let strategy = proptest::collection::vec(any::<u8>(), 0..300);
    let mut runner = TestRunner::deterministic();
    let (mut runs, mut p256_runs, mut all_three, mut derived_p256) = (0u32, 0u32, 0u32, 0u32);
    let mut per_path = std::collections::BTreeMap::<&str, (u32, u32)>::new();
    for _ in 0..400 {
        let data = strategy.new_tree(&mut runner).expect("a value").current();
        let outcome = harness::key_agreement(&data);
        runs += 1;
        for &(path, secret) in &outcome.paths {
            let entry = per_path.entry(path).or_default();
            entry.0 += 1;
            entry.1 += u32::from(secret);
        }
        let p256 = outcome.paths.len() == 3;
        p256_runs += u32::from(p256);
        if p256 && outcome.paths.iter().all(|&(_, secret)| secret) {
            all_three += 1;
        }
        // A derived peer, ECDH, a full-length P-256 scalar: every path must get a secret.
        let full = data.len() >= 3 + 32 && data[0] & 1 == 0 && data[2] % 8 != 0;
        if p256 && outcome.valid_peer && full {
            derived_p256 += 1;
            assert!(
                outcome.paths.iter().all(|&(_, secret)| secret),
                "a valid peer and scalar gave no secret on some path: {outcome:?} from {data:02x?}"
            );
        }
    }
    println!(
        "key agreement: {all_three} of {p256_runs} P-256 runs produced a secret on all three \
         paths; per path (runs, secrets) of {runs}: {per_path:?}"
    );
    assert!(
        derived_p256 > 50,
        "{derived_p256} runs with a valid P-256 peer"
    );
    assert!(
        all_three * 2 > p256_runs,
        "only {all_three} of {p256_runs} P-256 runs produced a secret on all three paths"
    );
    for (path, (ran, secrets)) in &per_path {
        assert!(
            secrets * 5 > ran * 2,
            "{path}: a secret in only {secrets} of {ran} runs"
        );
    }
}
