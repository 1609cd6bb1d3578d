//! The driver-interface test strategy (Mbed TLS's `driver-interface-test-strategy.md`; facts
//! §4.4 and §7), generated from the entry-point catalogue.
//!
//! Two instrumented transparent drivers A and B are registered before the built-in. For
//! every entry point in [`EntryPoint::ALL`], [`plan`] names one front-end call that
//! exercises it — an exhaustive `match`, so a new entry point does not compile until it has
//! a plan — and each plan runs at least three ways:
//!
//! - A succeeds: A is hit once, B never, and a forced output comes back unchanged;
//! - A answers `NOT_SUPPORTED`: B serves (both hit once);
//! - A answers another error (`HARDWARE_FAILURE`): that error, B never called.
//!
//! Multi-part entry points add the ownership rules: the driver that accepted setup serves
//! every later step; an error in a step releases the owner's context once (through its
//! abort) and nothing else is called; calls on inactive, failed or finished operations are
//! `BAD_STATE` and reach no driver; a clone stays on its source's driver.
//!
//! Opaque-only entry points are covered with an instrumented opaque driver (key buffer = a
//! 4-byte prefix and the key XOR 0xFF): its status is final, `NOT_SUPPORTED` included, the
//! built-in is never called, and a location without a driver is `INVALID_ARGUMENT`.

use psa_core::receipt::{Candidate, Outcome};
use psa_core::{
    Algorithm, BuiltinKey, DerivationStep, Dispatch, EccFamily, EntryPoint, Error, KeyAttributes,
    KeyId, KeyType, Lifetime, Location, Persistence, Psa, Result, Rng, UsageFlags, entry,
    register_drivers,
};
use psa_tests::support::{canary, hex, receipts_for, serial, served_by, untouched_from, within};
use psa_tests::{
    Hooks, OPAQUE_BUILTIN_KEY, OPAQUE_BUILTIN_SLOT, instrumented_opaque, instrumented_transparent,
    opaque_wrap,
};
use sha2::Digest;

instrumented_transparent!(
    /// Driver A: first in line.
    pub DriverA, "a", A
);
instrumented_transparent!(
    /// Driver B: second in line.
    pub DriverB, "b", B
);

/// The instrumented opaque driver's location (Mbed TLS's `PSA_CRYPTO_TEST_DRIVER_LOCATION`).
const VAULT_LOCATION: Location = Location(0x7f_ffff);
const VAULT_LIFETIME: Lifetime = Lifetime::volatile_at(VAULT_LOCATION);

instrumented_opaque!(
    /// The opaque driver: keys wrapped (XOR 0xFF) at its location.
    pub Vault, "vault", VAULT_LOCATION, VAULT
);

register_drivers! {
    /// A, then B, then the built-in; the opaque driver for its location.
    pub struct TwoDrivers {
        transparent: [a: DriverA, b: DriverB],
        opaque: [vault: Vault],
        builtin: true,
    }
}

type TestPsa = Psa<TwoDrivers>;

const CAND_A: Candidate = Candidate::Driver(0);
const CAND_B: Candidate = Candidate::Driver(1);
const CAND_VAULT: Candidate = Candidate::Driver(2);

/// The built-in key the opaque driver serves (slot [`OPAQUE_BUILTIN_SLOT`]).
const VAULT_BUILTIN_ID: KeyId = KeyId(0x7fff_0007);
/// A built-in key whose slot the opaque driver does not have.
const VAULT_MISSING_ID: KeyId = KeyId(0x7fff_0009);
static BUILTIN_KEYS: [BuiltinKey; 2] = [
    BuiltinKey {
        id: VAULT_BUILTIN_ID,
        lifetime: Lifetime::new(Persistence::READ_ONLY, VAULT_LOCATION),
        slot: OPAQUE_BUILTIN_SLOT,
    },
    BuiltinKey {
        id: VAULT_MISSING_ID,
        lifetime: Lifetime::new(Persistence::READ_ONLY, VAULT_LOCATION),
        slot: 9,
    },
];

/// A new instance, with every driver's hooks reset.
fn new_psa() -> TestPsa {
    for h in hooks() {
        h.reset();
    }
    Psa::new(TwoDrivers::new(DriverA, DriverB, Vault)).with_builtin_keys(&BUILTIN_KEYS)
}

fn hooks() -> [&'static Hooks; 3] {
    [&A, &B, &VAULT]
}

/// Forget everything the drivers and the recorder saw, and keep `get_random` out of the way
/// (it declines, so the DRBG serves) unless it is the entry point under test.
fn fresh(psa: &TestPsa, ep: EntryPoint) {
    for h in hooks() {
        h.reset();
        if ep != EntryPoint::GetRandom {
            h.force_status(EntryPoint::GetRandom, Error::NotSupported);
        }
    }
    psa.dispatcher().recorder().reset();
}

/// Hits on every entry point but `get_random` (which the core asks for IVs and randomized
/// signatures whatever the request's driver).
fn hits_but_random(h: &Hooks) -> u32 {
    h.total_hits() - h.hits(EntryPoint::GetRandom)
}

/// A forced output that says which driver wrote it.
fn forced(tag: u8, len: usize) -> Vec<u8> {
    (0..len).map(|i| tag ^ (i as u8)).collect()
}

const P256_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const P256_KEY: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const PEER_KEY: &str = "dc7d9d26d67a4f632c34c2dc0b6986183882c206df04cdb7d69aabe28be4f81a";
const AES_KEY: &str = "000102030405060708090a0b0c0d0e0f";
const HMAC_KEY: &str = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
const ECDSA: Algorithm = Algorithm::ecdsa(Algorithm::SHA_256);
const HMAC: Algorithm = Algorithm::hmac(Algorithm::SHA_256);
const HKDF: Algorithm = Algorithm::hkdf(Algorithm::SHA_256);
/// The key-derivation script's algorithm: PBKDF2, so that it has an integer input too.
const PBKDF2: Algorithm = Algorithm::pbkdf2_hmac(Algorithm::SHA_256);
const NONCE: [u8; 12] = [7; 12];
const AD: &[u8] = b"head";
const MESSAGE: &[u8] = b"sixteen byte msg";
/// `PSA_ALG_RSA_PKCS1V15_CRYPT`: there is no RSA here; asymmetric encryption is exercised
/// through the dispatcher with forced outputs.
const RSA_CRYPT: Algorithm = Algorithm(0x0700_0200);

/// Keys and valid inputs, made before the hooks are reset.
struct Fixture {
    ecdsa: KeyId,
    ecdh: KeyId,
    aes_ctr: KeyId,
    aes_gcm: KeyId,
    hmac: KeyId,
    peer_public: Vec<u8>,
    digest: Vec<u8>,
    hash_signature: Vec<u8>,
    message_signature: Vec<u8>,
    mac: Vec<u8>,
    sealed: Vec<u8>,
}

fn attrs(t: KeyType, usage: UsageFlags, alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(t)
        .with_usage(usage)
        .with_algorithm(alg)
}

impl Fixture {
    fn new(psa: &TestPsa) -> Fixture {
        let sign = UsageFlags::SIGN_HASH
            | UsageFlags::VERIFY_HASH
            | UsageFlags::SIGN_MESSAGE
            | UsageFlags::VERIFY_MESSAGE;
        let ecdsa = psa
            .import_key(
                &attrs(P256_PAIR, sign, Algorithm::ecdsa(Algorithm::ANY_HASH)),
                &hex(P256_KEY),
            )
            .unwrap();
        let ecdh = psa
            .import_key(
                &attrs(P256_PAIR, UsageFlags::DERIVE, Algorithm::ECDH),
                &hex(P256_KEY),
            )
            .unwrap();
        let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
        let aes_ctr = psa
            .import_key(&attrs(KeyType::AES, crypt, Algorithm::CTR), &hex(AES_KEY))
            .unwrap();
        let aes_gcm = psa
            .import_key(&attrs(KeyType::AES, crypt, Algorithm::GCM), &hex(AES_KEY))
            .unwrap();
        let mac_usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
        let hmac = psa
            .import_key(&attrs(KeyType::HMAC, mac_usage, HMAC), &hex(HMAC_KEY))
            .unwrap();
        let peer = psa
            .import_key(
                &attrs(P256_PAIR, UsageFlags::NONE, Algorithm::NONE),
                &hex(PEER_KEY),
            )
            .unwrap();
        let mut peer_public = vec![0; 65];
        psa.export_public_key(peer, &mut peer_public).unwrap();
        psa.destroy_key(peer).unwrap();
        let digest = sha2::Sha256::digest(MESSAGE).to_vec();
        let mut hash_signature = vec![0; 64];
        psa.sign_hash(ecdsa, ECDSA, &digest, &mut hash_signature)
            .unwrap();
        let mut message_signature = vec![0; 64];
        psa.sign_message(ecdsa, ECDSA, MESSAGE, &mut message_signature)
            .unwrap();
        let mut mac = vec![0; 32];
        psa.mac_compute(hmac, HMAC, MESSAGE, &mut mac).unwrap();
        let mut sealed = vec![0; MESSAGE.len() + 16];
        psa.aead_encrypt(aes_gcm, Algorithm::GCM, &NONCE, AD, MESSAGE, &mut sealed)
            .unwrap();
        Fixture {
            ecdsa,
            ecdh,
            aes_ctr,
            aes_gcm,
            hmac,
            peer_public,
            digest,
            hash_signature,
            message_signature,
            mac,
            sealed,
        }
    }
}

// ----- the plan table ----------------------------------------------------------------------------

/// A single-part front-end call: the length of the output the driver writes (if the entry
/// point has one), and the call, returning the bytes the driver wrote.
#[derive(Clone, Copy)]
struct Single {
    output: Option<usize>,
    call: fn(&TestPsa, &Fixture) -> Result<Vec<u8>>,
}

/// A multi-part operation, as the sequence of entry points one complete run dispatches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Hash,
    MacSign,
    MacVerify,
    CipherEncrypt,
    CipherDecrypt,
    AeadEncrypt,
    AeadDecrypt,
    KeyDerivation,
}

/// A multi-part step: its script, and the length of the output a forced output makes it
/// write (`None` where the entry point has no output, or the instrumented driver forces none).
#[derive(Clone, Copy)]
struct Step {
    script: Script,
    output: Option<usize>,
}

/// How an entry point is exercised.
#[derive(Clone, Copy)]
enum Plan {
    /// A single-part call routed through A, B and the built-in.
    Single(Single),
    /// A multi-part setup or step.
    Step(Step),
    /// `hash_clone`.
    Clone(Script),
    /// The family's abort.
    Abort(Script),
    /// An opaque-only entry point: covered through the instrumented opaque driver.
    OpaqueOnly(fn()),
    /// Not wrapped by the instrumented drivers (the built-in has no implementation for them
    /// to wrap): covered by the named test file's own drivers instead. PAKE and the opaque
    /// keyed setup of key derivation only.
    OwnSuite(&'static str),
}

/// The plan of every entry point. Exhaustive on purpose: adding an entry point to the
/// catalogue breaks this `match` until the new entry point has a test.
fn plan(ep: EntryPoint) -> Plan {
    use EntryPoint as E;
    let single = |output, call| Plan::Single(Single { output, call });
    let step = |script, output| Plan::Step(Step { script, output });
    match ep {
        E::ImportKey => single(None, |psa, _| {
            let a = attrs(KeyType::AES, UsageFlags::ENCRYPT, Algorithm::CTR);
            psa.import_key(&a, &hex(AES_KEY)).map(|_| Vec::new())
        }),
        E::ExportPublicKey => single(Some(65), |psa, fx| {
            let mut out = canary(80);
            let n = psa.export_public_key(fx.ecdsa, &mut out)?;
            assert!(untouched_from(&out, n));
            Ok(out[..n].to_vec())
        }),
        E::GenerateKey => single(Some(16), |psa, _| {
            let a = attrs(KeyType::AES, UsageFlags::EXPORT, Algorithm::CTR).with_bits(128);
            let id = psa.generate_key(&a)?;
            let mut out = canary(32);
            let n = psa
                .export_key(id, &mut out)
                .expect("export the generated key");
            Ok(out[..n].to_vec())
        }),
        E::HashCompute => single(Some(32), |psa, _| {
            let mut out = canary(80);
            let n = psa.hash_compute(Algorithm::SHA_256, MESSAGE, &mut out)?;
            assert!(untouched_from(&out, n));
            Ok(out[..n].to_vec())
        }),
        E::MacCompute => single(Some(32), |psa, fx| {
            let mut out = canary(80);
            let n = psa.mac_compute(fx.hmac, HMAC, MESSAGE, &mut out)?;
            assert!(untouched_from(&out, n));
            Ok(out[..n].to_vec())
        }),
        E::CipherEncrypt => single(Some(16), |psa, fx| {
            let mut out = canary(80);
            let n = psa.cipher_encrypt(fx.aes_ctr, Algorithm::CTR, MESSAGE, &mut out)?;
            assert!(untouched_from(&out, n));
            // The core writes the IV first; the driver writes what follows.
            Ok(out[16..n].to_vec())
        }),
        E::CipherDecrypt => single(Some(16), |psa, fx| {
            let input = [[9u8; 16].as_slice(), MESSAGE].concat();
            let mut out = canary(80);
            let n = psa.cipher_decrypt(fx.aes_ctr, Algorithm::CTR, &input, &mut out)?;
            assert!(untouched_from(&out, n));
            Ok(out[..n].to_vec())
        }),
        E::AeadEncrypt => single(Some(32), |psa, fx| {
            let mut out = canary(80);
            let n = psa.aead_encrypt(fx.aes_gcm, Algorithm::GCM, &NONCE, AD, MESSAGE, &mut out)?;
            assert!(untouched_from(&out, n));
            Ok(out[..n].to_vec())
        }),
        E::AeadDecrypt => single(Some(16), |psa, fx| {
            let mut out = canary(80);
            let n =
                psa.aead_decrypt(fx.aes_gcm, Algorithm::GCM, &NONCE, AD, &fx.sealed, &mut out)?;
            assert!(untouched_from(&out, n));
            Ok(out[..n].to_vec())
        }),
        E::SignHash => single(Some(64), |psa, fx| {
            let mut out = canary(80);
            let n = psa.sign_hash(fx.ecdsa, ECDSA, &fx.digest, &mut out)?;
            assert!(untouched_from(&out, n));
            Ok(out[..n].to_vec())
        }),
        E::VerifyHash => single(None, |psa, fx| {
            psa.verify_hash(fx.ecdsa, ECDSA, &fx.digest, &fx.hash_signature)
                .map(|()| Vec::new())
        }),
        E::SignMessage => single(Some(64), |psa, fx| {
            let mut out = canary(80);
            let n = psa.sign_message(fx.ecdsa, ECDSA, MESSAGE, &mut out)?;
            assert!(untouched_from(&out, n));
            Ok(out[..n].to_vec())
        }),
        E::VerifyMessage => single(None, |psa, fx| {
            psa.verify_message(fx.ecdsa, ECDSA, MESSAGE, &fx.message_signature)
                .map(|()| Vec::new())
        }),
        // No front-end function exists for asymmetric encryption: the dispatcher is called
        // directly, as the front-end would.
        E::AsymmetricEncrypt => single(Some(16), |psa, _| {
            let a = attrs(KeyType::RSA_KEY_PAIR, UsageFlags::ENCRYPT, RSA_CRYPT).with_bits(1024);
            let mut out = canary(80);
            let n = psa
                .dispatcher()
                .asymmetric_encrypt(entry::asymmetric_encrypt::Args {
                    attributes: &a,
                    key_buffer: &[0x30; 8],
                    alg: RSA_CRYPT,
                    input: MESSAGE,
                    salt: &[],
                    output: &mut out,
                    rng: Rng::new(psa),
                })?;
            Ok(out[..n].to_vec())
        }),
        E::AsymmetricDecrypt => single(Some(16), |psa, _| {
            let a = attrs(KeyType::RSA_KEY_PAIR, UsageFlags::DECRYPT, RSA_CRYPT).with_bits(1024);
            let mut out = canary(80);
            let n = psa
                .dispatcher()
                .asymmetric_decrypt(entry::asymmetric_decrypt::Args {
                    attributes: &a,
                    key_buffer: &[0x30; 8],
                    alg: RSA_CRYPT,
                    input: &[1; 128],
                    salt: &[],
                    output: &mut out,
                })?;
            Ok(out[..n].to_vec())
        }),
        E::KeyAgreement => single(Some(32), |psa, fx| {
            let mut out = canary(80);
            let n = psa.raw_key_agreement(Algorithm::ECDH, fx.ecdh, &fx.peer_public, &mut out)?;
            assert!(untouched_from(&out, n));
            Ok(out[..n].to_vec())
        }),
        E::GetRandom => single(Some(24), |psa, _| {
            let mut out = canary(24);
            psa.generate_random(&mut out)?;
            Ok(out)
        }),

        E::HashSetup | E::HashUpdate => step(Script::Hash, None),
        E::HashFinish => step(Script::Hash, Some(32)),
        E::HashClone => Plan::Clone(Script::Hash),
        E::HashAbort => Plan::Abort(Script::Hash),

        E::MacSignSetup | E::MacUpdate => step(Script::MacSign, None),
        E::MacSignFinish => step(Script::MacSign, Some(32)),
        E::MacVerifySetup | E::MacVerifyFinish => step(Script::MacVerify, None),
        E::MacAbort => Plan::Abort(Script::MacSign),

        E::CipherEncryptSetup | E::CipherSetIv => step(Script::CipherEncrypt, None),
        E::CipherUpdate => step(Script::CipherEncrypt, Some(16)),
        // The instrumented driver forces no output on `cipher_finish` (as in Mbed TLS).
        E::CipherFinish => step(Script::CipherEncrypt, None),
        E::CipherDecryptSetup => step(Script::CipherDecrypt, None),
        E::CipherAbort => Plan::Abort(Script::CipherEncrypt),

        E::AeadEncryptSetup | E::AeadSetNonce | E::AeadSetLengths | E::AeadUpdateAd => {
            step(Script::AeadEncrypt, None)
        }
        E::AeadUpdate => step(Script::AeadEncrypt, Some(16)),
        E::AeadFinish => step(Script::AeadEncrypt, Some(16)),
        E::AeadDecryptSetup => step(Script::AeadDecrypt, None),
        E::AeadVerify => step(Script::AeadDecrypt, Some(16)),
        E::AeadAbort => Plan::Abort(Script::AeadEncrypt),

        E::KeyDerivationSetup | E::KeyDerivationInputInteger | E::KeyDerivationInputBytes => {
            step(Script::KeyDerivation, None)
        }
        E::KeyDerivationOutputBytes => step(Script::KeyDerivation, Some(32)),
        E::KeyDerivationAbort => Plan::Abort(Script::KeyDerivation),
        // The opaque test driver `Vault` in tests/tests/kdf_opaque.rs (HKDF-SHA-256 and
        // PBKDF2-HMAC-SHA-256 on its own key table): RFC 5869 / RFC 7914 vectors with the
        // held inputs replayed, policy before the driver, the held-input limits, receipts.
        E::KeyDerivationInputKey => Plan::OwnSuite("tests/kdf_opaque.rs"),

        // SPAKE2+ test drivers (transparent and opaque) in tests/tests/pake.rs: RFC 9383
        // vectors, exchanges, state rules, policy, routing and receipts. Forced statuses and
        // lying lengths are not yet run on PAKE.
        E::PakeSetup | E::PakeOutput | E::PakeInput | E::PakeGetSharedKey | E::PakeAbort => {
            Plan::OwnSuite("tests/pake.rs")
        }

        E::ExportKey => Plan::OpaqueOnly(opaque_export_key),
        E::CopyKey => Plan::OpaqueOnly(opaque_copy_key),
        E::GetBuiltinKey => Plan::OpaqueOnly(opaque_get_builtin_key),
        E::AllocateKey => Plan::OpaqueOnly(opaque_allocate_key),
        E::DestroyKey => Plan::OpaqueOnly(opaque_destroy_key),
    }
}

// ----- single-part -------------------------------------------------------------------------------

/// Who served the last dispatch of `ep`, and how.
fn last_outcome(psa: &TestPsa, ep: EntryPoint) -> Vec<(Candidate, Outcome)> {
    receipts_for(psa.dispatcher(), ep)
        .last()
        .map(|r| r.steps().to_vec())
        .unwrap_or_default()
}

fn run_single(ep: EntryPoint, s: Single) {
    let psa = new_psa();
    let fx = Fixture::new(&psa);
    let builtin_hits = |psa: &TestPsa| psa.dispatcher().recorder().hits(Candidate::Builtin, ep);

    // 1. A succeeds.
    fresh(&psa, ep);
    let a_out = s.output.map(|n| forced(0xA0, n));
    if let Some(o) = &a_out {
        A.force_output(o);
    }
    let r = (s.call)(&psa, &fx);
    let r = r.unwrap_or_else(|e| panic!("{}: A succeeds: {e:?}", ep.name()));
    if let Some(o) = &a_out {
        assert_eq!(
            &r,
            o,
            "{}: A's forced output is returned unchanged",
            ep.name()
        );
    }
    assert_eq!(
        (A.hits(ep), B.hits(ep)),
        (1, 0),
        "{}: A succeeds: hits (A, B)",
        ep.name()
    );
    assert_eq!(
        builtin_hits(&psa),
        0,
        "{}: A succeeds: built-in not called",
        ep.name()
    );
    assert_eq!(
        last_outcome(&psa, ep),
        vec![(CAND_A, Outcome::Served(None))],
        "{}: receipt",
        ep.name()
    );

    // 2. A declines: B serves.
    fresh(&psa, ep);
    A.force_status(ep, Error::NotSupported);
    let b_out = s.output.map(|n| forced(0xB0, n));
    if let Some(o) = &b_out {
        B.force_output(o);
    }
    let r = (s.call)(&psa, &fx)
        .unwrap_or_else(|e| panic!("{}: A declines, B serves: {e:?}", ep.name()));
    if let Some(o) = &b_out {
        assert_eq!(
            &r,
            o,
            "{}: B's forced output is returned unchanged",
            ep.name()
        );
    }
    assert_eq!(
        (A.hits(ep), B.hits(ep)),
        (1, 1),
        "{}: A declines: hits (A, B)",
        ep.name()
    );
    assert_eq!(
        builtin_hits(&psa),
        0,
        "{}: A declines, B serves: built-in not called",
        ep.name()
    );
    assert_eq!(
        last_outcome(&psa, ep),
        vec![(CAND_A, Outcome::Declined), (CAND_B, Outcome::Served(None))],
        "{}: receipt",
        ep.name()
    );

    // 3. A fails: its error, B never called.
    fresh(&psa, ep);
    A.force_status(ep, Error::HardwareFailure);
    B.force_output(&[0xEE; 8]);
    assert_eq!(
        (s.call)(&psa, &fx),
        Err(Error::HardwareFailure),
        "{}: A fails",
        ep.name()
    );
    assert_eq!(
        (A.hits(ep), B.hits(ep)),
        (1, 0),
        "{}: A fails: hits (A, B)",
        ep.name()
    );
    assert_eq!(
        hits_but_random(&B),
        0,
        "{}: A fails: B is not called at all",
        ep.name()
    );
    assert_eq!(
        builtin_hits(&psa),
        0,
        "{}: A fails: built-in not called",
        ep.name()
    );
    assert_eq!(
        last_outcome(&psa, ep),
        vec![(CAND_A, Outcome::Served(Some(Error::HardwareFailure)))],
        "{}: receipt",
        ep.name()
    );

    // 4. Both decline: the built-in's answer is final where it declares the entry point;
    //    elsewhere nobody serves it and the call is NOT_SUPPORTED.
    fresh(&psa, ep);
    A.force_status(ep, Error::NotSupported);
    B.force_status(ep, Error::NotSupported);
    let r = (s.call)(&psa, &fx);
    assert_eq!(
        (A.hits(ep), B.hits(ep)),
        (1, 1),
        "{}: both decline: hits (A, B)",
        ep.name()
    );
    let steps = last_outcome(&psa, ep);
    if psa_core::builtin::SERVES.contains(ep) {
        assert_eq!(
            steps.last().map(|s| s.0),
            Some(Candidate::Builtin),
            "{}: both decline: the built-in is last",
            ep.name()
        );
    } else {
        assert_eq!(
            steps.last(),
            Some(&(CAND_B, Outcome::Declined)),
            "{}: both decline, the built-in does not declare it: B is last",
            ep.name()
        );
        // `get_random` then falls back to the core's DRBG.
        if ep != EntryPoint::GetRandom {
            assert_eq!(
                r.err(),
                Some(Error::NotSupported),
                "{}: nobody served it",
                ep.name()
            );
        }
    }
    for h in hooks() {
        assert_eq!(h.live_contexts(), 0, "{}: no context left", ep.name());
    }
}

#[test]
fn single_part_entry_points_fall_back_in_order() {
    let _serial = serial();
    let mut ran = 0;
    for &ep in EntryPoint::ALL {
        if let Plan::Single(s) = plan(ep) {
            run_single(ep, s);
            ran += 1;
        }
    }
    println!(
        "driver-interface strategy, single-part: {ran} entry points × 4 runs (A ok, A declines, A fails, both decline)"
    );
    assert!(ran > 0);
}

// ----- multi-part --------------------------------------------------------------------------------

/// What running a script did: each step's result (the bytes it returned), then, after the
/// first error, the result of trying the next call again (which must be `BAD_STATE`), and the
/// result of `abort`.
#[derive(Debug, Default)]
struct Trace {
    steps: Vec<(EntryPoint, Result<Vec<u8>>)>,
    retry: Option<Result<Vec<u8>>>,
    abort: Option<Result<()>>,
}

impl Trace {
    fn first_error(&self) -> Option<(EntryPoint, Error)> {
        self.steps
            .iter()
            .find_map(|(ep, r)| r.as_ref().err().map(|e| (*ep, *e)))
    }
    fn output_of(&self, ep: EntryPoint) -> Option<&Vec<u8>> {
        self.steps
            .iter()
            .find(|(e, _)| *e == ep)
            .and_then(|(_, r)| r.as_ref().ok())
    }
}

impl Script {
    /// The entry points one complete run dispatches, in order (abort excluded).
    fn steps(self) -> &'static [EntryPoint] {
        use EntryPoint as E;
        match self {
            Script::Hash => &[E::HashSetup, E::HashUpdate, E::HashFinish],
            Script::MacSign => &[E::MacSignSetup, E::MacUpdate, E::MacSignFinish],
            Script::MacVerify => &[E::MacVerifySetup, E::MacUpdate, E::MacVerifyFinish],
            Script::CipherEncrypt => &[
                E::CipherEncryptSetup,
                E::CipherSetIv,
                E::CipherUpdate,
                E::CipherFinish,
            ],
            Script::CipherDecrypt => &[
                E::CipherDecryptSetup,
                E::CipherSetIv,
                E::CipherUpdate,
                E::CipherFinish,
            ],
            Script::AeadEncrypt => &[
                E::AeadEncryptSetup,
                E::AeadSetNonce,
                E::AeadSetLengths,
                E::AeadUpdateAd,
                E::AeadUpdate,
                E::AeadFinish,
            ],
            Script::AeadDecrypt => &[
                E::AeadDecryptSetup,
                E::AeadSetNonce,
                E::AeadSetLengths,
                E::AeadUpdateAd,
                E::AeadUpdate,
                E::AeadVerify,
            ],
            Script::KeyDerivation => &[
                E::KeyDerivationSetup,
                E::KeyDerivationInputInteger,
                E::KeyDerivationInputBytes,
                E::KeyDerivationInputBytes,
                E::KeyDerivationOutputBytes,
            ],
        }
    }
    fn abort(self) -> EntryPoint {
        use EntryPoint as E;
        match self {
            Script::Hash => E::HashAbort,
            Script::MacSign | Script::MacVerify => E::MacAbort,
            Script::CipherEncrypt | Script::CipherDecrypt => E::CipherAbort,
            Script::AeadEncrypt | Script::AeadDecrypt => E::AeadAbort,
            Script::KeyDerivation => E::KeyDerivationAbort,
        }
    }
    fn setup(self) -> EntryPoint {
        self.steps()[0]
    }
    /// Every entry point of the family, for "nothing else was called".
    fn family(self) -> Vec<EntryPoint> {
        let mut all: Vec<EntryPoint> = self.steps().to_vec();
        all.push(self.abort());
        all
    }

    /// Run the whole script on a new operation, then abort it; see [`Script::exec`].
    fn run(self, psa: &TestPsa, fx: &Fixture, before: &mut dyn FnMut(EntryPoint, usize)) -> Trace {
        self.exec(psa, fx, self.steps(), before, End::Abort)
    }

    /// Run `steps` (entry points of this family, in any order) on one new operation. Each
    /// step is one front-end call; `before` runs before each (to force a status or an
    /// output). The run stops at the first error, then tries that call again (or, if it was
    /// the first, the next one), then ends the operation as `end` says.
    fn exec(
        self,
        psa: &TestPsa,
        fx: &Fixture,
        steps: &[EntryPoint],
        before: &mut dyn FnMut(EntryPoint, usize),
        end: End,
    ) -> Trace {
        let mut inputs = [DerivationStep::Salt, DerivationStep::Password]
            .into_iter()
            .cycle();
        let aead_input = if self == Script::AeadDecrypt {
            &fx.sealed[..MESSAGE.len()]
        } else {
            MESSAGE
        };
        match self {
            Script::Hash => drive(
                psa.hash_operation(),
                steps,
                before,
                end,
                |op, ep| match ep {
                    EntryPoint::HashSetup => op.setup(Algorithm::SHA_256).map(|()| Vec::new()),
                    EntryPoint::HashUpdate => op.update(MESSAGE).map(|()| Vec::new()),
                    _ => written(80, |out| op.finish(out)),
                },
                |op| op.abort(),
            ),
            Script::MacSign | Script::MacVerify => drive(
                psa.mac_operation(),
                steps,
                before,
                end,
                |op, ep| match ep {
                    EntryPoint::MacSignSetup => op.sign_setup(fx.hmac, HMAC).map(|()| Vec::new()),
                    EntryPoint::MacVerifySetup => {
                        op.verify_setup(fx.hmac, HMAC).map(|()| Vec::new())
                    }
                    EntryPoint::MacUpdate => op.update(MESSAGE).map(|()| Vec::new()),
                    EntryPoint::MacVerifyFinish => op.verify_finish(&fx.mac).map(|()| Vec::new()),
                    _ => written(80, |out| op.sign_finish(out)),
                },
                |op| op.abort(),
            ),
            Script::CipherEncrypt | Script::CipherDecrypt => drive(
                psa.cipher_operation(),
                steps,
                before,
                end,
                |op, ep| match ep {
                    EntryPoint::CipherEncryptSetup => op
                        .encrypt_setup(fx.aes_ctr, Algorithm::CTR)
                        .map(|()| Vec::new()),
                    EntryPoint::CipherDecryptSetup => op
                        .decrypt_setup(fx.aes_ctr, Algorithm::CTR)
                        .map(|()| Vec::new()),
                    EntryPoint::CipherSetIv => op.set_iv(&[3; 16]).map(|()| Vec::new()),
                    EntryPoint::CipherUpdate => written(80, |out| op.update(MESSAGE, out)),
                    _ => written(80, |out| op.finish(out)),
                },
                |op| op.abort(),
            ),
            Script::AeadEncrypt | Script::AeadDecrypt => drive(
                psa.aead_operation(),
                steps,
                before,
                end,
                |op, ep| match ep {
                    EntryPoint::AeadEncryptSetup => op
                        .encrypt_setup(fx.aes_gcm, Algorithm::GCM)
                        .map(|()| Vec::new()),
                    EntryPoint::AeadDecryptSetup => op
                        .decrypt_setup(fx.aes_gcm, Algorithm::GCM)
                        .map(|()| Vec::new()),
                    EntryPoint::AeadSetNonce => op.set_nonce(&NONCE).map(|()| Vec::new()),
                    EntryPoint::AeadSetLengths => {
                        op.set_lengths(AD.len(), MESSAGE.len()).map(|()| Vec::new())
                    }
                    EntryPoint::AeadUpdateAd => op.update_ad(AD).map(|()| Vec::new()),
                    EntryPoint::AeadUpdate => written(80, |out| op.update(aead_input, out)),
                    EntryPoint::AeadFinish => {
                        let (mut ct, mut tag) = (canary(80), canary(32));
                        let (n, t) = op.finish(&mut ct, &mut tag)?;
                        assert!(
                            untouched_from(&ct, n) && untouched_from(&tag, t),
                            "aead_finish wrote past its lengths"
                        );
                        // The tag is what a forced output replaces; the ciphertext's length
                        // is the core's to check (every body byte comes out by the finish).
                        Ok(tag[..t].to_vec())
                    }
                    _ => written(80, |out| op.verify(out, &fx.sealed[MESSAGE.len()..])),
                },
                |op| op.abort(),
            ),
            Script::KeyDerivation => drive(
                psa.key_derivation_operation(),
                steps,
                before,
                end,
                |op, ep| match ep {
                    EntryPoint::KeyDerivationSetup => op.setup(PBKDF2).map(|()| Vec::new()),
                    EntryPoint::KeyDerivationInputInteger => op
                        .input_integer(DerivationStep::Cost, 2)
                        .map(|()| Vec::new()),
                    EntryPoint::KeyDerivationInputBytes => op
                        .input_bytes(inputs.next().unwrap_or(DerivationStep::Salt), b"input")
                        .map(|()| Vec::new()),
                    _ => {
                        let mut out = canary(32);
                        op.output_bytes(&mut out)?;
                        Ok(out)
                    }
                },
                |op| op.abort(),
            ),
        }
    }
}

/// How [`Script::exec`] ends the operation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// Call `abort()`, and record its result.
    Abort,
    /// Just drop it.
    Drop,
}

/// Call an output-writing step with a canary-filled buffer of `size` bytes; the bytes it
/// wrote (checking nothing was written past the returned length).
fn written(size: usize, step: impl FnOnce(&mut [u8]) -> Result<usize>) -> Result<Vec<u8>> {
    let mut out = canary(size);
    let n = step(&mut out)?;
    assert!(untouched_from(&out, n), "written past the returned length");
    Ok(out[..n].to_vec())
}

fn drive<Op>(
    mut op: Op,
    steps: &[EntryPoint],
    before: &mut dyn FnMut(EntryPoint, usize),
    end: End,
    mut step: impl FnMut(&mut Op, EntryPoint) -> Result<Vec<u8>>,
    abort: impl FnOnce(&mut Op) -> Result<()>,
) -> Trace {
    let mut trace = Trace::default();
    for (i, &ep) in steps.iter().enumerate() {
        before(ep, i);
        let r = step(&mut op, ep);
        let failed = r.is_err();
        trace.steps.push((ep, r));
        if failed {
            // After a failed setup the operation is inactive: the next step is out of order.
            // After a failed step the operation is in its error state: so is a retry.
            let again = if i == 0 && steps.len() > 1 {
                steps[1]
            } else {
                ep
            };
            before(again, i + 1);
            trace.retry = Some(step(&mut op, again));
            break;
        }
    }
    if end == End::Abort {
        trace.abort = Some(abort(&mut op));
    }
    trace
}

fn occurrences(script: Script, ep: EntryPoint) -> u32 {
    script.steps().iter().filter(|&&e| e == ep).count() as u32
}

fn assert_no_live_contexts(what: &str) {
    for (h, name) in hooks().into_iter().zip(["A", "B", "vault"]) {
        assert_eq!(
            h.live_contexts(),
            0,
            "{what}: {name} has contexts left (abort not called exactly once)"
        );
    }
}

fn run_step(ep: EntryPoint, s: Step) {
    let script = s.script;
    let name = ep.name();
    let is_setup = ep == script.setup();
    let psa = new_psa();
    let fx = Fixture::new(&psa);

    // 1. A owns the operation and serves every step; a forced output comes back unchanged.
    fresh(&psa, ep);
    let a_out = s.output.map(|n| forced(0xA0, n));
    let trace = script.run(&psa, &fx, &mut |e, _| {
        if e == ep {
            if let Some(o) = &a_out {
                A.force_output(o);
            }
        } else {
            A.clear_output();
        }
    });
    assert_eq!(trace.first_error(), None, "{name}: A owns: {trace:?}");
    if let Some(o) = &a_out {
        assert_eq!(
            trace.output_of(ep),
            Some(o),
            "{name}: A's forced output is returned unchanged"
        );
    }
    for e in script.family() {
        let expected = if e == script.abort() {
            1
        } else {
            occurrences(script, e)
        };
        assert_eq!(
            (A.hits(e), B.hits(e)),
            (expected, 0),
            "{name}: A owns: hits of {} (A, B)",
            e.name()
        );
    }
    assert_eq!(
        served_by(psa.dispatcher(), script.setup()),
        Some(CAND_A),
        "{name}: A accepted setup"
    );
    assert_no_live_contexts(name);

    // 2. A declines at setup: B owns the operation, and every later step hits B only.
    fresh(&psa, ep);
    A.force_status(script.setup(), Error::NotSupported);
    let b_out = s.output.map(|n| forced(0xB0, n));
    let trace = script.run(&psa, &fx, &mut |e, _| {
        if e == ep {
            if let Some(o) = &b_out {
                B.force_output(o);
            }
        } else {
            B.clear_output();
        }
    });
    assert_eq!(trace.first_error(), None, "{name}: B owns: {trace:?}");
    if let Some(o) = &b_out {
        assert_eq!(
            trace.output_of(ep),
            Some(o),
            "{name}: B's forced output is returned unchanged"
        );
    }
    for e in script.family() {
        let on_b = if e == script.abort() {
            1
        } else {
            occurrences(script, e)
        };
        let on_a = u32::from(e == script.setup());
        assert_eq!(
            (A.hits(e), B.hits(e)),
            (on_a, on_b),
            "{name}: B owns: hits of {} (A, B)",
            e.name()
        );
    }
    assert_eq!(
        served_by(psa.dispatcher(), script.setup()),
        Some(CAND_B),
        "{name}: B accepted setup"
    );
    assert_no_live_contexts(name);

    // 3. A fails (HARDWARE_FAILURE, then NOT_SUPPORTED) at this entry point, with A owning
    //    the operation: that error; A's abort is called once (for a step; a failed setup
    //    has no context); B is never called; the next call is BAD_STATE and reaches nobody.
    for error in [Error::HardwareFailure, Error::NotSupported] {
        fresh(&psa, ep);
        let mut seen = 0;
        let trace = script.run(&psa, &fx, &mut |e, _| {
            if e == ep {
                seen += 1;
                if seen == 1 {
                    A.force_status(ep, error);
                }
            }
        });
        if is_setup && error == Error::NotSupported {
            // A declining setup is not an error: B serves (checked above).
            continue;
        }
        assert_eq!(
            trace.first_error(),
            Some((ep, error)),
            "{name}: A fails with {error:?}: {trace:?}"
        );
        assert_eq!(
            trace.retry.as_ref().map(|r| r.as_ref().err().copied()),
            Some(Some(Error::BadState)),
            "{name}: after {error:?} the next call is BAD_STATE"
        );
        assert_eq!(
            trace.abort,
            Some(Ok(())),
            "{name}: abort after an error succeeds"
        );
        assert_eq!(
            hits_but_random(&B),
            0,
            "{name}: A fails with {error:?}: B is never called"
        );
        assert_eq!(A.hits(ep), 1, "{name}: A fails with {error:?}: hit once");
        let aborts = if is_setup { 0 } else { 1 };
        assert_eq!(
            A.hits(script.abort()),
            aborts,
            "{name}: A fails with {error:?}: A's abort calls"
        );
        for e in script.family() {
            let position = script.steps().iter().position(|&x| x == ep).unwrap_or(0);
            if !script.steps()[..=position].contains(&e) && e != script.abort() {
                assert_eq!(
                    A.hits(e),
                    0,
                    "{name}: A fails: later step {} was called",
                    e.name()
                );
            }
        }
        if is_setup {
            let next = script.steps()[1];
            assert_eq!(
                A.hits(next),
                0,
                "{name}: the step after a failed setup reached a driver"
            );
        }
        if is_setup {
            assert_eq!(
                psa.dispatcher().recorder().hits(Candidate::Builtin, ep),
                0,
                "{name}: A fails at setup: built-in not called"
            );
        }
        assert_no_live_contexts(name);
    }

    // 4. Calls on an inactive operation, and on a finished one, are BAD_STATE and reach no
    //    driver (setups excepted: they start an operation).
    if !is_setup {
        fresh(&psa, ep);
        let trace = script.exec(&psa, &fx, &[ep], &mut |_, _| {}, End::Abort);
        assert_eq!(
            trace.first_error(),
            Some((ep, Error::BadState)),
            "{name}: on an inactive operation"
        );
        assert_eq!(
            trace.abort,
            Some(Ok(())),
            "{name}: aborting an inactive operation"
        );
        for h in hooks() {
            assert_eq!(
                hits_but_random(h),
                0,
                "{name}: an inactive operation reached a driver"
            );
        }
        // A key derivation has no finish: after output it is still active.
        if script == Script::KeyDerivation {
            return;
        }
        fresh(&psa, ep);
        let mut steps = script.steps().to_vec();
        steps.push(ep);
        let trace = script.exec(&psa, &fx, &steps, &mut |_, _| {}, End::Abort);
        assert_eq!(
            trace.first_error(),
            Some((ep, Error::BadState)),
            "{name}: on a finished operation: {trace:?}"
        );
        assert_eq!(
            trace.steps.len(),
            steps.len(),
            "{name}: the script itself succeeded"
        );
        let later: u32 = hooks().iter().map(|h| h.hits(ep)).sum();
        assert_eq!(
            later,
            occurrences(script, ep),
            "{name}: a finished operation reached a driver again"
        );
        assert_no_live_contexts(name);
    }
}

#[test]
fn multi_part_steps_stay_with_the_driver_that_accepted_setup() {
    let _serial = serial();
    let mut ran = 0;
    for &ep in EntryPoint::ALL {
        if let Plan::Step(s) = plan(ep) {
            run_step(ep, s);
            ran += 1;
        }
    }
    println!(
        "driver-interface strategy, multi-part setups and steps: {ran} entry points (A owns, B owns, A fails ×2, inactive and finished operations)"
    );
    assert!(ran > 0);
}

/// When no transparent driver accepts setup, the built-in owns the operation and no driver
/// sees a later step (multi-part AEAD included: the built-in streams it).
#[test]
fn multi_part_falls_back_to_the_builtin_at_setup_only() {
    let _serial = serial();
    let psa = new_psa();
    let fx = Fixture::new(&psa);
    for script in [
        Script::Hash,
        Script::MacSign,
        Script::MacVerify,
        Script::CipherEncrypt,
        Script::CipherDecrypt,
        Script::KeyDerivation,
        Script::AeadEncrypt,
    ] {
        fresh(&psa, script.setup());
        A.force_status(script.setup(), Error::NotSupported);
        B.force_status(script.setup(), Error::NotSupported);
        let trace = script.run(&psa, &fx, &mut |_, _| {});
        assert_eq!(trace.first_error(), None, "{script:?}: {trace:?}");
        assert_eq!(
            served_by(psa.dispatcher(), script.setup()),
            Some(Candidate::Builtin),
            "{script:?}"
        );
        for e in script.family() {
            let on_setup = u32::from(e == script.setup());
            assert_eq!(
                (A.hits(e), B.hits(e)),
                (on_setup, on_setup),
                "{script:?}: {}",
                e.name()
            );
        }
        assert_no_live_contexts(&format!("{script:?}"));
    }
}

fn run_clone(script: Script) {
    assert_eq!(script, Script::Hash, "only hashes clone");
    let psa = new_psa();
    let expected = sha2::Sha256::digest([MESSAGE, b"more"].concat()).to_vec();
    for (owner, other, decline) in [(&A, &B, false), (&B, &A, true)] {
        let who = if decline { "B" } else { "A" };
        fresh(&psa, EntryPoint::HashClone);
        if decline {
            A.force_status(EntryPoint::HashSetup, Error::NotSupported);
        }
        let mut op = psa.hash_setup(Algorithm::SHA_256).unwrap();
        op.update(MESSAGE).unwrap();
        let mut copy = op.clone_operation().unwrap();
        op.update(b"more").unwrap();
        copy.update(b"more").unwrap();
        let (mut d1, mut d2) = ([0u8; 32], [0u8; 32]);
        assert_eq!(op.finish(&mut d1), Ok(32));
        assert_eq!(copy.finish(&mut d2), Ok(32));
        assert_eq!(
            (d1.to_vec(), d2.to_vec()),
            (expected.clone(), expected.clone()),
            "clone on {who}: both digests"
        );
        assert_eq!(owner.hits(EntryPoint::HashClone), 1, "clone on {who}");
        assert_eq!(
            owner.hits(EntryPoint::HashFinish),
            2,
            "clone on {who}: both finish on the owner"
        );
        assert_eq!(
            owner.hits(EntryPoint::HashAbort),
            2,
            "clone on {who}: both contexts released"
        );
        for e in [
            EntryPoint::HashClone,
            EntryPoint::HashUpdate,
            EntryPoint::HashFinish,
            EntryPoint::HashAbort,
        ] {
            assert_eq!(
                other.hits(e),
                0,
                "clone on {who}: the other driver saw {}",
                e.name()
            );
        }
        assert_no_live_contexts("clone");
    }
    // A failing clone: its error; the source goes on.
    fresh(&psa, EntryPoint::HashClone);
    A.force_status(EntryPoint::HashClone, Error::HardwareFailure);
    let mut op = psa.hash_setup(Algorithm::SHA_256).unwrap();
    assert_eq!(op.clone_operation().err(), Some(Error::HardwareFailure));
    assert!(op.is_active(), "a failed clone leaves the source active");
    op.update(MESSAGE).unwrap();
    op.update(b"more").unwrap();
    let mut d = [0u8; 32];
    assert_eq!(op.finish(&mut d), Ok(32));
    assert_eq!(d.to_vec(), expected);
    assert_eq!(hits_but_random(&B), 0);
    assert_no_live_contexts("failed clone");
    // Cloning an inactive operation is BAD_STATE.
    fresh(&psa, EntryPoint::HashClone);
    assert_eq!(
        psa.hash_operation().clone_operation().err(),
        Some(Error::BadState)
    );
    assert_eq!(hits_but_random(&A) + hits_but_random(&B), 0);
}

fn run_abort(script: Script) {
    let psa = new_psa();
    let fx = Fixture::new(&psa);
    let abort = script.abort();
    let name = abort.name();
    let partial = &script.steps()[..2];
    for owner_is_b in [false, true] {
        let (owner, other) = if owner_is_b { (&B, &A) } else { (&A, &B) };
        // Explicit abort of an active operation: the owner's abort, once; a second abort
        // and the drop reach nobody.
        for forced_abort in [None, Some(Error::HardwareFailure)] {
            fresh(&psa, abort);
            if owner_is_b {
                A.force_status(script.setup(), Error::NotSupported);
            }
            if let Some(e) = forced_abort {
                owner.force_status(abort, e);
            }
            let trace = script.exec(&psa, &fx, partial, &mut |_, _| {}, End::Drop);
            assert_eq!(trace.first_error(), None, "{name}: {trace:?}");
            assert_eq!(
                owner.live_contexts(),
                0,
                "{name}: the operation was dropped, so aborted"
            );
            assert_eq!(owner.hits(abort), 1, "{name}: drop aborts once");
            assert_eq!(other.hits(abort), 0, "{name}");
        }
        // Through the family's explicit `abort()`: the driver's status is returned; the
        // operation is inactive afterwards either way.
        fresh(&psa, abort);
        if owner_is_b {
            A.force_status(script.setup(), Error::NotSupported);
        }
        owner.force_status(abort, Error::HardwareFailure);
        let r = explicit_abort(script, &psa, &fx);
        assert_eq!(
            r,
            (Err(Error::HardwareFailure), Ok(())),
            "{name}: abort returns the driver's status, then the operation is inactive"
        );
        assert_eq!(
            owner.hits(abort),
            1,
            "{name}: abort once, not again on drop"
        );
        assert_no_live_contexts(name);
    }
    // Aborting an inactive operation succeeds and reaches nobody.
    fresh(&psa, abort);
    assert_eq!(
        explicit_abort_inactive(script, &psa),
        Ok(()),
        "{name}: inactive"
    );
    assert_eq!(
        hits_but_random(&A) + hits_but_random(&B),
        0,
        "{name}: inactive abort reached a driver"
    );
}

/// Set up, abort, abort again: (first abort, second abort).
fn explicit_abort(script: Script, psa: &TestPsa, fx: &Fixture) -> (Result<()>, Result<()>) {
    macro_rules! twice {
        ($op:expr, $setup:expr) => {{
            let mut op = $op;
            $setup(&mut op).unwrap();
            assert!(op.is_active());
            let first = op.abort();
            assert!(!op.is_active());
            (first, op.abort())
        }};
    }
    match script {
        Script::Hash => twice!(psa.hash_operation(), |op: &mut psa_core::HashOperation<
            '_,
            _,
            _,
            32,
        >| op
            .setup(Algorithm::SHA_256)),
        Script::MacSign | Script::MacVerify => {
            twice!(psa.mac_operation(), |op: &mut psa_core::MacOperation<
                '_,
                _,
                _,
                32,
            >| op
                .sign_setup(fx.hmac, HMAC))
        }
        Script::CipherEncrypt | Script::CipherDecrypt => {
            twice!(
                psa.cipher_operation(),
                |op: &mut psa_core::CipherOperation<'_, _, _, 32>| op
                    .encrypt_setup(fx.aes_ctr, Algorithm::CTR)
            )
        }
        Script::AeadEncrypt | Script::AeadDecrypt => {
            twice!(psa.aead_operation(), |op: &mut psa_core::AeadOperation<
                '_,
                _,
                _,
                32,
            >| op
                .encrypt_setup(fx.aes_gcm, Algorithm::GCM))
        }
        Script::KeyDerivation => twice!(
            psa.key_derivation_operation(),
            |op: &mut psa_core::KeyDerivationOperation<'_, _, _, 32>| op.setup(HKDF)
        ),
    }
}

fn explicit_abort_inactive(script: Script, psa: &TestPsa) -> Result<()> {
    match script {
        Script::Hash => psa.hash_operation().abort(),
        Script::MacSign | Script::MacVerify => psa.mac_operation().abort(),
        Script::CipherEncrypt | Script::CipherDecrypt => psa.cipher_operation().abort(),
        Script::AeadEncrypt | Script::AeadDecrypt => psa.aead_operation().abort(),
        Script::KeyDerivation => psa.key_derivation_operation().abort(),
    }
}

#[test]
fn clones_and_aborts_go_to_the_owner() {
    let _serial = serial();
    let (mut clones, mut aborts) = (0, 0);
    for &ep in EntryPoint::ALL {
        match plan(ep) {
            Plan::Clone(script) => {
                run_clone(script);
                clones += 1;
            }
            Plan::Abort(script) => {
                run_abort(script);
                aborts += 1;
            }
            _ => {}
        }
    }
    println!("driver-interface strategy: {clones} clone and {aborts} abort entry points");
    assert!(clones > 0 && aborts > 0);
}

// ----- opaque ------------------------------------------------------------------------------------

fn vault_key(
    psa: &TestPsa,
    t: KeyType,
    usage: UsageFlags,
    alg: Algorithm,
    material: &[u8],
) -> KeyId {
    let a = attrs(t, usage, alg).with_lifetime(VAULT_LIFETIME);
    psa.import_key(&a, material).expect("import into the vault")
}

/// Nothing transparent and no built-in was called since the last reset.
fn assert_only_vault(psa: &TestPsa, what: &str) {
    assert_eq!(
        hits_but_random(&A) + hits_but_random(&B),
        0,
        "{what}: a transparent driver was called for an opaque key"
    );
    for &ep in EntryPoint::ALL
        .iter()
        .filter(|&&e| e != EntryPoint::GetRandom)
    {
        assert_eq!(
            psa.dispatcher().recorder().hits(Candidate::Builtin, ep),
            0,
            "{what}: the built-in served {}",
            ep.name()
        );
    }
}

fn opaque_export_key() {
    let psa = new_psa();
    let key = vault_key(
        &psa,
        KeyType::AES,
        UsageFlags::EXPORT,
        Algorithm::CTR,
        &hex(AES_KEY),
    );
    let locked = vault_key(
        &psa,
        KeyType::AES,
        UsageFlags::ENCRYPT,
        Algorithm::CTR,
        &hex(AES_KEY),
    );
    fresh(&psa, EntryPoint::ExportKey);
    let mut out = canary(40);
    assert_eq!(psa.export_key(key, &mut out), Ok(16));
    assert_eq!(
        &out[..16],
        hex(AES_KEY).as_slice(),
        "the vault unwraps its key"
    );
    assert!(untouched_from(&out, 16));
    assert_eq!(VAULT.hits(EntryPoint::ExportKey), 1);
    assert_eq!(
        served_by(psa.dispatcher(), EntryPoint::ExportKey),
        Some(CAND_VAULT)
    );
    // No EXPORT usage: refused by the core before the driver.
    assert_eq!(psa.export_key(locked, &mut out), Err(Error::NotPermitted));
    assert_eq!(VAULT.hits(EntryPoint::ExportKey), 1);
    for error in [Error::NotSupported, Error::HardwareFailure] {
        VAULT.force_status(EntryPoint::ExportKey, error);
        let mut out = canary(40);
        assert_eq!(
            psa.export_key(key, &mut out),
            Err(error),
            "the opaque driver's status is final"
        );
        assert!(untouched_from(&out, 0), "nothing written on {error:?}");
    }
    assert_only_vault(&psa, "export_key");
}

fn opaque_copy_key() {
    // `within`: a deadlock in `copy_key` fails the test instead of hanging the run.
    within(20, "copy_key of an opaque key", opaque_copy_key_body);
}

fn opaque_copy_key_body() {
    let psa = new_psa();
    let usage = UsageFlags::COPY | UsageFlags::EXPORT;
    let key = vault_key(&psa, KeyType::AES, usage, Algorithm::CTR, &hex(AES_KEY));
    fresh(&psa, EntryPoint::CopyKey);
    let target = KeyAttributes::new()
        .with_lifetime(VAULT_LIFETIME)
        .with_usage(usage)
        .with_algorithm(Algorithm::CTR);
    let copy = psa.copy_key(key, &target).expect("copy within the vault");
    assert_eq!(VAULT.hits(EntryPoint::CopyKey), 1);
    let mut out = canary(32);
    assert_eq!(psa.export_key(copy, &mut out), Ok(16));
    assert_eq!(&out[..16], hex(AES_KEY).as_slice());
    // Across locations: NOT_SUPPORTED, no driver called.
    fresh(&psa, EntryPoint::CopyKey);
    let local = KeyAttributes::new()
        .with_usage(usage)
        .with_algorithm(Algorithm::CTR);
    assert_eq!(psa.copy_key(key, &local), Err(Error::NotSupported));
    assert_eq!(VAULT.total_hits(), 0);
    for error in [Error::NotSupported, Error::InsufficientStorage] {
        VAULT.force_status(EntryPoint::CopyKey, error);
        assert_eq!(
            psa.copy_key(key, &target),
            Err(error),
            "the opaque driver's status is final"
        );
    }
    assert_only_vault(&psa, "copy_key");
}

fn opaque_get_builtin_key() {
    let psa = new_psa();
    fresh(&psa, EntryPoint::GetBuiltinKey);
    let alg = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let digest = sha2::Sha256::digest(b"sample");
    let mut sig = canary(72);
    assert_eq!(
        psa.sign_hash(VAULT_BUILTIN_ID, alg, &digest, &mut sig),
        Ok(64)
    );
    // RFC 6979 A.2.5, SHA-256, "sample": the built-in key is the RFC's key.
    assert_eq!(
        &sig[..64],
        hex("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8").as_slice()
    );
    assert_eq!(
        (
            VAULT.hits(EntryPoint::GetBuiltinKey),
            VAULT.hits(EntryPoint::SignHash)
        ),
        (1, 1)
    );
    let a = psa
        .get_key_attributes(VAULT_BUILTIN_ID)
        .expect("attributes of a built-in key");
    assert_eq!(
        (a.id(), a.key_type(), a.bits(), a.location()),
        (VAULT_BUILTIN_ID, P256_PAIR, 256, VAULT_LOCATION)
    );
    let mut out = canary(40);
    assert_eq!(psa.export_key(VAULT_BUILTIN_ID, &mut out), Ok(32));
    assert_eq!(&out[..32], &OPAQUE_BUILTIN_KEY);
    // A slot the driver does not have: DOES_NOT_EXIST becomes INVALID_HANDLE.
    assert_eq!(
        psa.sign_hash(VAULT_MISSING_ID, alg, &digest, &mut sig),
        Err(Error::InvalidHandle)
    );
    // An id in the built-in range that the application did not declare.
    fresh(&psa, EntryPoint::GetBuiltinKey);
    assert_eq!(
        psa.sign_hash(KeyId(0x7fff_0100), alg, &digest, &mut sig),
        Err(Error::InvalidHandle)
    );
    assert_eq!(VAULT.total_hits(), 0);
    // The key was loaded once and is served from its slot: drop that copy, so the next use
    // asks the driver again.
    psa.purge_key(VAULT_BUILTIN_ID)
        .expect("purge a built-in key");
    VAULT.force_status(EntryPoint::GetBuiltinKey, Error::CommunicationFailure);
    assert_eq!(
        psa.sign_hash(VAULT_BUILTIN_ID, alg, &digest, &mut sig),
        Err(Error::CommunicationFailure)
    );
    assert_eq!(VAULT.hits(EntryPoint::SignHash), 0);
    // Destroying it must load it (an id that names no key is INVALID_HANDLE): the driver's
    // failure is reported, as Mbed TLS does.
    assert_eq!(
        psa.destroy_key(VAULT_BUILTIN_ID),
        Err(Error::CommunicationFailure)
    );
    VAULT.clear_status(EntryPoint::GetBuiltinKey);
    // Built-in keys are read-only.
    assert_eq!(psa.destroy_key(VAULT_BUILTIN_ID), Err(Error::NotPermitted));
    assert_only_vault(&psa, "get_builtin_key");
}

fn opaque_allocate_key() {
    let psa = new_psa();
    fresh(&psa, EntryPoint::AllocateKey);
    let a = attrs(KeyType::AES, UsageFlags::EXPORT, Algorithm::CTR).with_lifetime(VAULT_LIFETIME);
    let key = psa.import_key(&a, &hex(AES_KEY)).unwrap();
    assert_eq!(
        (
            VAULT.hits(EntryPoint::AllocateKey),
            VAULT.hits(EntryPoint::ImportKey)
        ),
        (1, 1),
        "allocate, then import"
    );
    psa.destroy_key(key).unwrap();
    // A driver without storage to allocate may decline: import goes on.
    fresh(&psa, EntryPoint::AllocateKey);
    VAULT.force_status(EntryPoint::AllocateKey, Error::NotSupported);
    let key = psa
        .import_key(&a, &hex(AES_KEY))
        .expect("allocate declined: import goes on");
    assert_eq!(VAULT.hits(EntryPoint::ImportKey), 1);
    psa.destroy_key(key).unwrap();
    // A failing allocation stops the import before the driver imports anything.
    fresh(&psa, EntryPoint::AllocateKey);
    VAULT.force_status(EntryPoint::AllocateKey, Error::InsufficientStorage);
    assert_eq!(
        psa.import_key(&a, &hex(AES_KEY)),
        Err(Error::InsufficientStorage)
    );
    assert_eq!(VAULT.hits(EntryPoint::ImportKey), 0);
    let g = a.with_bits(128);
    assert_eq!(psa.generate_key(&g), Err(Error::InsufficientStorage));
    assert_eq!(VAULT.hits(EntryPoint::GenerateKey), 0);
    assert_only_vault(&psa, "allocate_key");
}

fn opaque_destroy_key() {
    let psa = new_psa();
    let key = vault_key(
        &psa,
        KeyType::AES,
        UsageFlags::EXPORT,
        Algorithm::CTR,
        &hex(AES_KEY),
    );
    fresh(&psa, EntryPoint::DestroyKey);
    assert_eq!(psa.destroy_key(key), Ok(()));
    assert_eq!(VAULT.hits(EntryPoint::DestroyKey), 1);
    let mut wrapped = [0u8; 20];
    let n = opaque_wrap(&hex(AES_KEY), &mut wrapped).unwrap();
    assert_eq!(
        VAULT.recorded(),
        vec![wrapped[..n].to_vec()],
        "the driver is given the key's buffer to release"
    );
    assert_eq!(psa.export_key(key, &mut [0; 32]), Err(Error::InvalidHandle));
    assert_eq!(psa.destroy_key(key), Err(Error::InvalidHandle));
    assert_eq!(
        VAULT.hits(EntryPoint::DestroyKey),
        1,
        "destroying it again does not reach the driver"
    );
    // The core destroys its copy whatever the driver says (best effort; documented).
    let key = vault_key(
        &psa,
        KeyType::AES,
        UsageFlags::EXPORT,
        Algorithm::CTR,
        &hex(AES_KEY),
    );
    VAULT.force_status(EntryPoint::DestroyKey, Error::CommunicationFailure);
    assert_eq!(psa.destroy_key(key), Ok(()));
    assert_eq!(psa.export_key(key, &mut [0; 32]), Err(Error::InvalidHandle));
    assert_only_vault(&psa, "destroy_key");
}

#[test]
fn opaque_only_entry_points_are_routed_to_the_location_s_driver() {
    let _serial = serial();
    let (mut ran, mut failed) = (0, Vec::new());
    for &ep in EntryPoint::ALL {
        if let Plan::OpaqueOnly(test) = plan(ep) {
            // Each entry point's test runs even if an earlier one failed.
            if std::panic::catch_unwind(test).is_err() {
                failed.push(ep.name());
            }
            ran += 1;
        }
    }
    println!("driver-interface strategy: {ran} opaque-only entry points");
    assert!(ran > 0);
    assert!(
        failed.is_empty(),
        "opaque-only entry points that failed: {failed:?}"
    );
}

/// For keys at the vault's location every keyed single-part entry point goes to the vault;
/// its status is final (NOT_SUPPORTED included), transparent drivers and the built-in are
/// never called. `sign_message` / `verify_message` are the documented exception: on
/// NOT_SUPPORTED the core hashes and calls the same driver's `sign_hash` / `verify_hash`.
#[test]
fn opaque_status_is_final() {
    let _serial = serial();
    let psa = new_psa();
    let sign = UsageFlags::SIGN_HASH
        | UsageFlags::VERIFY_HASH
        | UsageFlags::SIGN_MESSAGE
        | UsageFlags::VERIFY_MESSAGE;
    let ecdsa = vault_key(
        &psa,
        P256_PAIR,
        sign,
        Algorithm::ecdsa(Algorithm::ANY_HASH),
        &hex(P256_KEY),
    );
    let ecdh = vault_key(
        &psa,
        P256_PAIR,
        UsageFlags::DERIVE,
        Algorithm::ECDH,
        &hex(P256_KEY),
    );
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let ctr = vault_key(&psa, KeyType::AES, crypt, Algorithm::CTR, &hex(AES_KEY));
    let gcm = vault_key(&psa, KeyType::AES, crypt, Algorithm::GCM, &hex(AES_KEY));
    let hmac = vault_key(
        &psa,
        KeyType::HMAC,
        UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE,
        HMAC,
        &hex(HMAC_KEY),
    );
    let local = Fixture::new(&psa);
    let digest = local.digest.clone();
    let mut sig = [0u8; 64];
    psa.sign_hash(ecdsa, ECDSA, &digest, &mut sig).unwrap();
    let mut sealed = [0u8; 32];
    psa.aead_encrypt(gcm, Algorithm::GCM, &NONCE, AD, MESSAGE, &mut sealed)
        .unwrap();
    type Call<'a> = Box<dyn Fn() -> Result<()> + 'a>;
    let p = &psa;
    let calls: Vec<(EntryPoint, Call<'_>)> = vec![
        (
            EntryPoint::ExportPublicKey,
            Box::new(|| p.export_public_key(ecdsa, &mut [0; 65]).map(drop)),
        ),
        (
            EntryPoint::SignHash,
            Box::new(|| p.sign_hash(ecdsa, ECDSA, &digest, &mut [0; 64]).map(drop)),
        ),
        (
            EntryPoint::VerifyHash,
            Box::new(|| p.verify_hash(ecdsa, ECDSA, &digest, &sig)),
        ),
        (
            EntryPoint::KeyAgreement,
            Box::new(|| {
                p.raw_key_agreement(Algorithm::ECDH, ecdh, &local.peer_public, &mut [0; 32])
                    .map(drop)
            }),
        ),
        (
            EntryPoint::MacCompute,
            Box::new(|| p.mac_compute(hmac, HMAC, MESSAGE, &mut [0; 32]).map(drop)),
        ),
        (
            EntryPoint::MacSignSetup,
            Box::new(|| p.mac_operation().sign_setup(hmac, HMAC)),
        ),
        (
            EntryPoint::MacVerifySetup,
            Box::new(|| p.mac_operation().verify_setup(hmac, HMAC)),
        ),
        (
            EntryPoint::CipherEncrypt,
            Box::new(|| {
                p.cipher_encrypt(ctr, Algorithm::CTR, MESSAGE, &mut [0; 64])
                    .map(drop)
            }),
        ),
        (
            EntryPoint::CipherDecrypt,
            Box::new(|| {
                p.cipher_decrypt(ctr, Algorithm::CTR, &[1; 32], &mut [0; 64])
                    .map(drop)
            }),
        ),
        (
            EntryPoint::AeadEncrypt,
            Box::new(|| {
                p.aead_encrypt(gcm, Algorithm::GCM, &NONCE, AD, MESSAGE, &mut [0; 64])
                    .map(drop)
            }),
        ),
        (
            EntryPoint::AeadDecrypt,
            Box::new(|| {
                p.aead_decrypt(gcm, Algorithm::GCM, &NONCE, AD, &sealed, &mut [0; 64])
                    .map(drop)
            }),
        ),
    ];
    let mut ran = 0;
    for (ep, call) in &calls {
        let name = ep.name();
        fresh(&psa, *ep);
        assert_eq!(call(), Ok(()), "{name}: the vault serves");
        assert_eq!(VAULT.hits(*ep), 1, "{name}");
        assert_eq!(served_by(psa.dispatcher(), *ep), Some(CAND_VAULT), "{name}");
        for error in [Error::NotSupported, Error::HardwareFailure] {
            VAULT.force_status(*ep, error);
            assert_eq!(
                call(),
                Err(error),
                "{name}: the opaque driver's {error:?} is final"
            );
        }
        assert_only_vault(&psa, name);
        assert_eq!(VAULT.live_contexts(), 0, "{name}");
        ran += 1;
    }
    // sign_message / verify_message: served by the vault; on its NOT_SUPPORTED, hash and
    // the vault's sign_hash / verify_hash; on another error, that error.
    let mut msg_sig = [0u8; 64];
    for (ep, fallback) in [
        (EntryPoint::SignMessage, EntryPoint::SignHash),
        (EntryPoint::VerifyMessage, EntryPoint::VerifyHash),
    ] {
        let call = |sig: &mut [u8; 64]| {
            if ep == EntryPoint::SignMessage {
                psa.sign_message(ecdsa, ECDSA, MESSAGE, sig).map(drop)
            } else {
                psa.verify_message(ecdsa, ECDSA, MESSAGE, sig)
            }
        };
        fresh(&psa, ep);
        assert_eq!(call(&mut msg_sig), Ok(()), "{}", ep.name());
        assert_eq!(
            (VAULT.hits(ep), VAULT.hits(fallback)),
            (1, 0),
            "{}",
            ep.name()
        );
        fresh(&psa, ep);
        VAULT.force_status(ep, Error::NotSupported);
        assert_eq!(
            call(&mut msg_sig),
            Ok(()),
            "{}: hash-then-{}",
            ep.name(),
            fallback.name()
        );
        assert_eq!(
            (VAULT.hits(ep), VAULT.hits(fallback)),
            (1, 1),
            "{}",
            ep.name()
        );
        assert_eq!(
            A.hits(EntryPoint::HashCompute),
            1,
            "{}: the hash is dispatched like any hash",
            ep.name()
        );
        VAULT.force_status(ep, Error::HardwareFailure);
        assert_eq!(
            call(&mut msg_sig),
            Err(Error::HardwareFailure),
            "{}",
            ep.name()
        );
        ran += 1;
    }
    // Entry points the vault does not declare: NOT_SUPPORTED, and nobody else is asked.
    fresh(&psa, EntryPoint::CipherEncryptSetup);
    assert_eq!(
        psa.cipher_operation().encrypt_setup(ctr, Algorithm::CTR),
        Err(Error::NotSupported)
    );
    assert_eq!(
        psa.aead_operation().encrypt_setup(gcm, Algorithm::GCM),
        Err(Error::NotSupported)
    );
    let rsa =
        attrs(KeyType::RSA_KEY_PAIR, UsageFlags::ENCRYPT, RSA_CRYPT).with_lifetime(VAULT_LIFETIME);
    let r = psa
        .dispatcher()
        .asymmetric_encrypt(entry::asymmetric_encrypt::Args {
            attributes: &rsa,
            key_buffer: &[0; 8],
            alg: RSA_CRYPT,
            input: MESSAGE,
            salt: &[],
            output: &mut [0; 64],
            rng: Rng::new(&psa),
        });
    assert_eq!(r, Err(Error::NotSupported));
    assert_eq!(VAULT.total_hits(), 0);
    assert_only_vault(&psa, "undeclared entry points");
    println!(
        "opaque routing: {ran} keyed entry points, status final; 3 undeclared entry points NOT_SUPPORTED"
    );
}

/// A location no driver owns: `INVALID_ARGUMENT`, and no driver or built-in is called.
#[test]
fn unknown_locations_are_invalid_argument() {
    let _serial = serial();
    let psa = new_psa();
    for location in [
        Location::PRIMARY_SECURE_ELEMENT,
        Location::vendor(0x42),
        Location(0x7f_fffe),
    ] {
        fresh(&psa, EntryPoint::ImportKey);
        let lifetime = Lifetime::volatile_at(location);
        let a = attrs(KeyType::AES, UsageFlags::ENCRYPT, Algorithm::CTR).with_lifetime(lifetime);
        assert_eq!(
            psa.import_key(&a, &hex(AES_KEY)),
            Err(Error::InvalidArgument),
            "import at {location:?}"
        );
        assert_eq!(
            psa.generate_key(&a.with_bits(128)),
            Err(Error::InvalidArgument),
            "generate at {location:?}"
        );
        // Every keyed entry point, dispatched with a key at that location.
        let mut out = [0u8; 64];
        let d = psa.dispatcher();
        let results = [
            d.sign_hash(entry::sign_hash::Args {
                attributes: &a,
                key_buffer: &[0; 8],
                alg: ECDSA,
                hash: &[0; 32],
                signature: &mut out,
                rng: Rng::new(&psa),
            })
            .map(drop),
            d.verify_hash(entry::verify_hash::Args {
                attributes: &a,
                key_buffer: &[0; 8],
                alg: ECDSA,
                hash: &[0; 32],
                signature: &[0; 64],
            }),
            d.mac_compute(entry::mac_compute::Args {
                attributes: &a,
                key_buffer: &[0; 8],
                alg: HMAC,
                input: &[],
                mac: &mut [0; 32],
            })
            .map(drop),
            d.export_key(entry::export_key::Args {
                attributes: &a,
                key_buffer: &[0; 8],
                data: &mut [0; 32],
            })
            .map(drop),
            d.key_agreement(entry::key_agreement::Args {
                attributes: &a,
                key_buffer: &[0; 8],
                alg: Algorithm::ECDH,
                peer_key: &[4; 65],
                shared_secret: &mut [0; 32],
            })
            .map(drop),
            d.cipher_encrypt_setup(entry::cipher_encrypt_setup::Args {
                attributes: &a,
                key_buffer: &[0; 8],
                alg: Algorithm::CTR,
            })
            .map(drop),
        ];
        for r in results {
            assert_eq!(r, Err(Error::InvalidArgument), "dispatch at {location:?}");
        }
        assert!(
            psa.dispatcher()
                .recorder()
                .take()
                .all(|r| r.unknown_location),
            "receipts say why"
        );
        for h in hooks() {
            assert_eq!(
                hits_but_random(h),
                0,
                "a driver was called for {location:?}"
            );
        }
    }
}

/// Every entry point of the catalogue has a plan, and the plans cover every kind.
#[test]
fn every_entry_point_has_a_plan() {
    let mut kinds = [0usize; 6];
    for &ep in EntryPoint::ALL {
        let k = match plan(ep) {
            Plan::Single(_) => 0,
            Plan::Step(_) => 1,
            Plan::Clone(_) => 2,
            Plan::Abort(_) => 3,
            Plan::OpaqueOnly(_) => 4,
            Plan::OwnSuite(file) => {
                assert!(
                    ep.family() == psa_core::entry::Family::Pake
                        || ep == EntryPoint::KeyDerivationInputKey,
                    "{}",
                    ep.name()
                );
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
                assert!(path.exists(), "{}: {file}", ep.name());
                5
            }
        };
        kinds[k] += 1;
    }
    println!(
        "driver-interface catalogue: {} entry points: {} single-part, {} multi-part setups and steps, {} clone, {} abort, {} opaque-only, {} in their own suite",
        EntryPoint::COUNT,
        kinds[0],
        kinds[1],
        kinds[2],
        kinds[3],
        kinds[4],
        kinds[5]
    );
    assert_eq!(kinds.iter().sum::<usize>(), EntryPoint::COUNT);
}

// ----- distrust: every length a driver reports is checked --------------------------------------

/// What an entry point reports about its output, for the request its plan makes. Exhaustive:
/// a new entry point must say whether and how the core checks the length it returns.
#[derive(Clone, Copy, Debug)]
enum Reported {
    /// No length (a status only, or an output the core sizes itself).
    Nothing,
    /// Exactly the plan's output length: the algorithm and key fix it.
    Exactly,
    /// At most this many bytes (a multi-part step may hold back or release buffered input).
    AtMost(usize),
    /// A key buffer: it must fit the store's buffer and, for a local key in export format,
    /// have exactly this length; an opaque key buffer is never empty.
    KeyBuffer(Option<usize>),
    /// Dispatched, but no front-end function calls it yet (so no core check applies).
    NoFrontEnd,
    /// Checked in its own suite ([`Plan::OwnSuite`]), not by the instrumented drivers.
    OwnSuite,
}

fn reported(ep: EntryPoint) -> Reported {
    use EntryPoint as E;
    use Reported::*;
    match ep {
        E::ImportKey | E::GenerateKey => KeyBuffer(Some(16)),
        E::CopyKey | E::GetBuiltinKey => KeyBuffer(None),
        // Storage a secure element reserves may be empty; it must fit the store's buffer.
        E::AllocateKey => AtMost(psa_core::KEY_BUFFER_SIZE),
        E::ExportPublicKey | E::ExportKey => Exactly,
        E::HashCompute | E::HashFinish | E::MacCompute | E::MacSignFinish => Exactly,
        E::CipherEncrypt | E::CipherDecrypt | E::AeadEncrypt | E::AeadDecrypt => Exactly,
        E::SignHash | E::SignMessage | E::KeyAgreement => Exactly,
        // 16 bytes of input: the input and one block at most.
        E::CipherUpdate | E::AeadUpdate => AtMost(32),
        E::CipherFinish | E::AeadVerify => AtMost(16),
        // The tag is exact; the ciphertext at most a block.
        E::AeadFinish => Exactly,
        E::AsymmetricEncrypt | E::AsymmetricDecrypt => NoFrontEnd,
        E::DestroyKey | E::VerifyHash | E::VerifyMessage | E::MacVerifyFinish => Nothing,
        E::HashSetup | E::HashUpdate | E::HashClone | E::HashAbort => Nothing,
        E::MacSignSetup | E::MacVerifySetup | E::MacUpdate | E::MacAbort => Nothing,
        E::CipherEncryptSetup | E::CipherDecryptSetup | E::CipherSetIv | E::CipherAbort => Nothing,
        E::AeadEncryptSetup | E::AeadDecryptSetup | E::AeadSetNonce | E::AeadSetLengths => Nothing,
        E::AeadUpdateAd | E::AeadAbort => Nothing,
        E::KeyDerivationSetup | E::KeyDerivationInputBytes | E::KeyDerivationAbort => Nothing,
        E::KeyDerivationInputInteger => Nothing,
        // A setup (it returns the driver's context, no length), in its own suite.
        E::KeyDerivationInputKey => OwnSuite,
        // The caller's buffer is filled whole: there is no length to lie about.
        E::KeyDerivationOutputBytes | E::GetRandom => Nothing,
        E::PakeSetup | E::PakeOutput | E::PakeInput | E::PakeGetSharedKey | E::PakeAbort => {
            OwnSuite
        }
    }
}

/// The lies a driver can tell about a length the core can check.
fn lies(r: Reported, exact: Option<usize>) -> Vec<psa_tests::Lie> {
    use psa_tests::Lie;
    match (r, exact) {
        (Reported::Exactly, Some(n)) => vec![
            Lie::Zero,
            Lie::PastBuffer,
            Lie::Exactly(n - 1),
            Lie::Exactly(n + 1),
        ],
        (Reported::AtMost(n), _) => vec![Lie::PastBuffer, Lie::Exactly(n + 1)],
        (Reported::KeyBuffer(Some(n)), _) => {
            vec![
                Lie::Zero,
                Lie::PastBuffer,
                Lie::Exactly(n - 1),
                Lie::Exactly(n + 1),
            ]
        }
        (Reported::KeyBuffer(None), _) => vec![Lie::Zero, Lie::PastBuffer],
        _ => Vec::new(),
    }
}

/// A call on a key in the vault that reaches `ep` on the opaque driver, or `None` where the
/// vault does not implement `ep`.
fn opaque_route(ep: EntryPoint) -> Option<fn(&TestPsa) -> Result<usize>> {
    use EntryPoint as E;
    Some(match ep {
        E::ImportKey => |psa| {
            let a = attrs(KeyType::AES, UsageFlags::EXPORT, Algorithm::CTR)
                .with_lifetime(VAULT_LIFETIME);
            psa.import_key(&a, &hex(AES_KEY)).map(|_| 0)
        },
        E::GenerateKey => |psa| {
            let a = attrs(KeyType::AES, UsageFlags::EXPORT, Algorithm::CTR)
                .with_bits(128)
                .with_lifetime(VAULT_LIFETIME);
            psa.generate_key(&a).map(|_| 0)
        },
        E::AllocateKey => |psa| {
            let a = attrs(KeyType::AES, UsageFlags::EXPORT, Algorithm::CTR)
                .with_lifetime(VAULT_LIFETIME);
            psa.import_key(&a, &hex(AES_KEY)).map(|_| 0)
        },
        E::CopyKey => |psa| {
            let key = vault_key(
                psa,
                KeyType::AES,
                UsageFlags::COPY | UsageFlags::EXPORT,
                Algorithm::CTR,
                &hex(AES_KEY),
            );
            let a = KeyAttributes::new()
                .with_usage(UsageFlags::EXPORT)
                .with_algorithm(Algorithm::CTR)
                .with_lifetime(VAULT_LIFETIME);
            psa.copy_key(key, &a).map(|_| 0)
        },
        E::GetBuiltinKey => |psa| psa.get_key_attributes(VAULT_BUILTIN_ID).map(|_| 0),
        E::ExportKey => |psa| {
            let key = vault_key(
                psa,
                KeyType::AES,
                UsageFlags::EXPORT,
                Algorithm::CTR,
                &hex(AES_KEY),
            );
            psa.export_key(key, &mut [0; 40])
        },
        E::ExportPublicKey => |psa| {
            let key = vault_key(psa, P256_PAIR, UsageFlags::NONE, ECDSA, &hex(P256_KEY));
            psa.export_public_key(key, &mut [0; 80])
        },
        E::SignHash => |psa| {
            let key = vault_key(psa, P256_PAIR, UsageFlags::SIGN_HASH, ECDSA, &hex(P256_KEY));
            psa.sign_hash(key, ECDSA, &sha2::Sha256::digest(MESSAGE), &mut [0; 80])
        },
        E::SignMessage => |psa| {
            let key = vault_key(
                psa,
                P256_PAIR,
                UsageFlags::SIGN_MESSAGE,
                ECDSA,
                &hex(P256_KEY),
            );
            psa.sign_message(key, ECDSA, MESSAGE, &mut [0; 80])
        },
        E::KeyAgreement => |psa| {
            let key = vault_key(
                psa,
                P256_PAIR,
                UsageFlags::DERIVE,
                Algorithm::ECDH,
                &hex(P256_KEY),
            );
            let fx = Fixture::new(psa);
            psa.raw_key_agreement(Algorithm::ECDH, key, &fx.peer_public, &mut [0; 80])
        },
        E::MacCompute => |psa| {
            let key = vault_key(
                psa,
                KeyType::HMAC,
                UsageFlags::SIGN_MESSAGE,
                HMAC,
                &hex(HMAC_KEY),
            );
            psa.mac_compute(key, HMAC, MESSAGE, &mut [0; 80])
        },
        E::MacSignFinish => |psa| {
            let key = vault_key(
                psa,
                KeyType::HMAC,
                UsageFlags::SIGN_MESSAGE,
                HMAC,
                &hex(HMAC_KEY),
            );
            let mut op = psa.mac_operation();
            op.sign_setup(key, HMAC)?;
            op.update(MESSAGE)?;
            let r = op.sign_finish(&mut [0; 80]);
            assert_eq!(
                op.update(MESSAGE),
                Err(Error::BadState),
                "the operation failed"
            );
            r
        },
        E::CipherEncrypt => |psa| {
            let key = vault_key(
                psa,
                KeyType::AES,
                UsageFlags::ENCRYPT,
                Algorithm::CTR,
                &hex(AES_KEY),
            );
            psa.cipher_encrypt(key, Algorithm::CTR, MESSAGE, &mut [0; 80])
        },
        E::CipherDecrypt => |psa| {
            let key = vault_key(
                psa,
                KeyType::AES,
                UsageFlags::DECRYPT,
                Algorithm::CTR,
                &hex(AES_KEY),
            );
            psa.cipher_decrypt(key, Algorithm::CTR, &[7; 32], &mut [0; 80])
        },
        E::AeadEncrypt => |psa| {
            let key = vault_key(
                psa,
                KeyType::AES,
                UsageFlags::ENCRYPT,
                Algorithm::GCM,
                &hex(AES_KEY),
            );
            psa.aead_encrypt(key, Algorithm::GCM, &NONCE, AD, MESSAGE, &mut [0; 80])
        },
        E::AeadDecrypt => |psa| {
            let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
            let key = vault_key(psa, KeyType::AES, crypt, Algorithm::GCM, &hex(AES_KEY));
            let mut sealed = [0; 32];
            psa.aead_encrypt(key, Algorithm::GCM, &NONCE, AD, MESSAGE, &mut sealed)?;
            psa.aead_decrypt(key, Algorithm::GCM, &NONCE, AD, &sealed, &mut [0; 80])
        },
        _ => return None,
    })
}

/// The exact length the opaque route of `ep` produces.
fn opaque_exact(ep: EntryPoint) -> Option<usize> {
    use EntryPoint as E;
    match ep {
        E::ExportKey => Some(16),
        E::ExportPublicKey => Some(65),
        E::SignHash | E::SignMessage => Some(64),
        E::KeyAgreement | E::MacCompute | E::MacSignFinish => Some(32),
        E::CipherEncrypt | E::CipherDecrypt => Some(16),
        E::AeadEncrypt => Some(32),
        E::AeadDecrypt => Some(16),
        _ => None,
    }
}

/// A driver that returns 0, a length past its buffer, or a length off the one the algorithm
/// fixes, for any entry point that returns a length, gets `CORRUPTION_DETECTED` from the
/// front-end — on the transparent path (driver A) and on the opaque path (the vault) — and a
/// multi-part operation it lies in is left in the error state, its context released.
#[test]
fn every_reported_length_is_checked() {
    let _serial = serial();
    let mut checked = (0, 0);
    let mut no_front_end = Vec::new();
    for &ep in EntryPoint::ALL {
        let r = reported(ep);
        if matches!(r, Reported::NoFrontEnd) {
            no_front_end.push(ep.name());
            continue;
        }
        if matches!(r, Reported::OwnSuite) {
            continue;
        }
        // Transparent: the plan's request, with driver A lying.
        let exact = match plan(ep) {
            Plan::Single(s) => s.output,
            Plan::Step(s) => s.output,
            _ => None,
        };
        for lie in lies(r, exact) {
            let what = format!("{} (transparent) reporting {lie:?}", ep.name());
            match plan(ep) {
                Plan::Single(s) => {
                    let psa = new_psa();
                    let fx = Fixture::new(&psa);
                    fresh(&psa, ep);
                    A.lie(ep, lie);
                    let got = (s.call)(&psa, &fx);
                    assert_eq!(got, Err(Error::CorruptionDetected), "{what}");
                    assert!(A.hits(ep) >= 1, "{what}: A was asked");
                }
                Plan::Step(s) => {
                    let psa = new_psa();
                    let fx = Fixture::new(&psa);
                    fresh(&psa, ep);
                    A.lie(ep, lie);
                    let trace = s.script.run(&psa, &fx, &mut |_, _| {});
                    assert_eq!(
                        trace.first_error(),
                        Some((ep, Error::CorruptionDetected)),
                        "{what}: {trace:?}"
                    );
                    assert_eq!(
                        trace.retry.as_ref().map(|r| r.as_ref().err().copied()),
                        Some(Some(Error::BadState)),
                        "{what}: the operation is in its error state"
                    );
                    assert_no_live_contexts(&what);
                }
                Plan::OpaqueOnly(_) | Plan::Clone(_) | Plan::Abort(_) | Plan::OwnSuite(_) => {
                    continue;
                }
            }
            checked.0 += 1;
        }
        // Opaque: a key in the vault, with the vault lying.
        if let Some(route) = opaque_route(ep) {
            let exact = opaque_exact(ep);
            // An opaque key buffer's length is the driver's own: only empty and past the
            // buffer are checkable.
            let r = match r {
                Reported::KeyBuffer(_) => Reported::KeyBuffer(None),
                r => r,
            };
            for lie in lies(r, exact) {
                let what = format!("{} (opaque) reporting {lie:?}", ep.name());
                let psa = new_psa();
                fresh(&psa, ep);
                VAULT.lie(ep, lie);
                assert_eq!(route(&psa), Err(Error::CorruptionDetected), "{what}");
                assert!(VAULT.hits(ep) >= 1, "{what}: the vault was asked");
                assert_no_live_contexts(&what);
                checked.1 += 1;
            }
        }
    }
    println!(
        "distrust: {} transparent and {} opaque lies refused; not reachable from the front-end: {}",
        checked.0,
        checked.1,
        no_front_end.join(", ")
    );
    assert!(checked.0 > 60 && checked.1 > 30, "{checked:?}");
}

/// `mac_verify`, `hash_compare` and the verify paths refuse an expected value of the wrong
/// length before any driver runs, so a driver that reports 0 bytes cannot make an empty tag
/// verify.
#[test]
fn wrong_length_expected_values_are_refused_before_any_driver() {
    use psa_tests::Lie;
    let _serial = serial();
    let psa = new_psa();
    let fx = Fixture::new(&psa);

    for lie in [None, Some(Lie::Zero)] {
        fresh(&psa, EntryPoint::MacCompute);
        if let Some(l) = lie {
            A.lie(EntryPoint::MacCompute, l);
        }
        assert_eq!(
            psa.mac_verify(fx.hmac, HMAC, MESSAGE, &[]),
            Err(Error::InvalidSignature),
            "an empty MAC never verifies ({lie:?})"
        );
        assert_eq!(
            psa.mac_verify(fx.hmac, HMAC, MESSAGE, &fx.mac[..31]),
            Err(Error::InvalidSignature)
        );
        assert_eq!(A.hits(EntryPoint::MacCompute), 0, "no driver ran");

        fresh(&psa, EntryPoint::HashCompute);
        if let Some(l) = lie {
            A.lie(EntryPoint::HashCompute, l);
        }
        assert_eq!(
            psa.hash_compare(Algorithm::SHA_256, MESSAGE, &[]),
            Err(Error::InvalidSignature),
            "an empty digest never matches ({lie:?})"
        );
        assert_eq!(
            psa.hash_compare(Algorithm::SHA_256, MESSAGE, &fx.digest[..31]),
            Err(Error::InvalidSignature)
        );
        assert_eq!(A.hits(EntryPoint::HashCompute), 0, "no driver ran");
    }

    // A lying driver with a correct-length expected value: corruption, not a match.
    fresh(&psa, EntryPoint::MacCompute);
    A.lie(EntryPoint::MacCompute, Lie::Zero);
    assert_eq!(
        psa.mac_verify(fx.hmac, HMAC, MESSAGE, &fx.mac),
        Err(Error::CorruptionDetected)
    );
    fresh(&psa, EntryPoint::HashCompute);
    A.lie(EntryPoint::HashCompute, Lie::Zero);
    assert_eq!(
        psa.hash_compare(Algorithm::SHA_256, MESSAGE, &fx.digest),
        Err(Error::CorruptionDetected)
    );
    // sign_message's own hash, through a lying hash driver: never signed.
    fresh(&psa, EntryPoint::HashCompute);
    A.force_status(EntryPoint::SignMessage, Error::NotSupported);
    B.force_status(EntryPoint::SignMessage, Error::NotSupported);
    A.lie(EntryPoint::HashCompute, Lie::PastBuffer);
    assert_eq!(
        psa.sign_message(fx.ecdsa, ECDSA, MESSAGE, &mut [0; 64]),
        Err(Error::CorruptionDetected)
    );
    assert_eq!(A.hits(EntryPoint::SignHash), 0, "nothing was signed");

    // Signatures of the wrong length, and the multi-part MAC verify.
    fresh(&psa, EntryPoint::VerifyHash);
    for sig in [&[][..], &fx.hash_signature[..63], &[0; 65][..]] {
        assert_eq!(
            psa.verify_hash(fx.ecdsa, ECDSA, &fx.digest, sig),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            psa.verify_message(fx.ecdsa, ECDSA, MESSAGE, sig),
            Err(Error::InvalidSignature)
        );
    }
    assert_eq!(
        A.hits(EntryPoint::VerifyHash) + A.hits(EntryPoint::VerifyMessage),
        0
    );
    let mut op = psa.mac_operation();
    op.verify_setup(fx.hmac, HMAC).unwrap();
    op.update(MESSAGE).unwrap();
    assert_eq!(op.verify_finish(&[]), Err(Error::InvalidSignature));
    assert_eq!(A.hits(EntryPoint::MacVerifyFinish), 0, "no driver ran");
    assert_eq!(
        op.update(MESSAGE),
        Err(Error::BadState),
        "the operation failed"
    );
    op.abort().unwrap();
    assert_no_live_contexts("mac verify_finish with an empty MAC");
}
