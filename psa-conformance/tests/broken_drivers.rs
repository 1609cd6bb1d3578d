//! The kit's own tests: deliberately broken drivers, each rejected with the right message,
//! next to a correct driver of the same shape that passes.

use std::sync::atomic::{AtomicIsize, Ordering};

use psa_conformance::Report;
use psa_core::builtin::{self, MacContext};
use psa_core::{
    Algorithm, EccFamily, Error, ImportedKey, KeyAttributes, KeyId, KeyType, Location, Psa, Result,
    Rng, entry, psa_driver, register_drivers,
};

/// Run the kit on `D` alone and return its report, printed.
fn report<D: psa_core::Driver>(make: impl Fn() -> D + 'static) -> Report {
    let report = psa_conformance::check::<D>(make).report();
    println!("{report}");
    report
}

/// Assert the kit rejected the driver, with a failure naming `capability` and `message`.
#[track_caller]
fn rejected(report: &Report, capability: &str, message: &str) {
    assert!(
        !report.passed(),
        "the kit passed a broken driver:\n{}",
        report.coverage()
    );
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.capability.starts_with(capability) && f.difference.contains(message)),
        "no failure on `{capability}` saying `{message}`:\n{report}"
    );
}

// ----- wrong signature bytes ---------------------------------------------------------------

/// Signs with the built-in, then flips a bit of `s`: a faulty accelerator.
struct WrongSignature;

#[psa_driver(
    prefix = "wrong_sig",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(
        entry_points = [sign_hash],
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256],
    ),
)]
impl WrongSignature {
    fn sign_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        if attributes.bits() != 256 {
            return Err(Error::NotSupported);
        }
        let n = builtin::sign_hash(&mut entry::sign_hash::Args {
            attributes,
            key_buffer,
            alg,
            hash,
            signature: &mut *signature,
            rng,
        })?;
        signature[n - 1] ^= 1;
        Ok(n)
    }
}

#[test]
fn wrong_signature_bytes_are_rejected() {
    let r = report(|| WrongSignature);
    rejected(
        &r,
        "sign_hash ECDSA(SHA_256) ECC_KEY_PAIR(SECP_R1) 256",
        "does not verify with the built-in",
    );
    // The message names the input.
    assert!(
        r.failures
            .iter()
            .any(|f| f.input.contains("RFC 6979 A.2.5")),
        "{r}"
    );
}

// ----- a hash engine: INVALID_ARGUMENT outside its capability, writing past its length -----

/// SHA-256 only; `FLAW` 1: INVALID_ARGUMENT for other hashes; 2: writes a byte past the
/// digest; 0: correct.
struct Sha256Engine<const FLAW: u8>;

macro_rules! sha_engine {
    ($flaw:literal, $prefix:literal) => {
        #[psa_driver(
                    prefix = $prefix,
                    kind = "transparent",
                    entry_points = [hash_compute],
                    capability(entry_points = [hash_compute], algorithms = [Algorithm::SHA_256]),
                )]
        impl Sha256Engine<$flaw> {
            fn hash_compute(&self, alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
                if alg != Algorithm::SHA_256 {
                    return Err(if $flaw == 1 {
                        Error::InvalidArgument
                    } else {
                        Error::NotSupported
                    });
                }
                let n = builtin::hash_compute(&mut entry::hash_compute::Args {
                    alg,
                    input,
                    hash: &mut *hash,
                })?;
                if $flaw == 2 {
                    if let Some(b) = hash.get_mut(n) {
                        *b = 0;
                    }
                }
                Ok(n)
            }
        }
    };
}
sha_engine!(0, "sha_ok");
sha_engine!(1, "sha_invalid_outside");
sha_engine!(2, "sha_past_length");

#[test]
fn a_correct_hash_engine_passes() {
    let r = report(|| Sha256Engine::<0>);
    assert!(r.passed(), "{r}");
    // Coverage names what was tested, including the probes outside the capability.
    assert!(
        r.covered.contains_key("hash_compute SHA_256"),
        "{}",
        r.coverage()
    );
    assert!(
        r.covered
            .contains_key("hash_compute SHA_384 (outside the capabilities)"),
        "{}",
        r.coverage()
    );
    assert!(
        r.coverage()
            .contains("hash_compute SHA_256: 11 checks, 1 vectors"),
        "{}",
        r.coverage()
    );
}

#[test]
fn invalid_argument_outside_the_capabilities_is_rejected() {
    let r = report(|| Sha256Engine::<1>);
    rejected(
        &r,
        "hash_compute SHA_384 (outside the capabilities)",
        "returned INVALID_ARGUMENT for a request outside its capabilities; it must be NOT_SUPPORTED",
    );
}

#[test]
fn writing_past_the_returned_length_is_rejected() {
    let r = report(|| Sha256Engine::<2>);
    rejected(
        &r,
        "hash_compute SHA_256",
        "wrote past the returned length: returned 32, byte 32",
    );
}

// ----- a MAC engine with four hardware contexts ---------------------------------------------

/// HMAC-SHA-256 on an engine with four contexts. `FLAW` 0: correct; 1: abort does not
/// release (missing abort); 2: finish releases too, so the abort after finish is a second
/// release the engine refuses (double abort); 3: sign finish reports a 16-byte MAC.
struct MacEngine<const FLAW: u8> {
    free: AtomicIsize,
}

impl<const FLAW: u8> MacEngine<FLAW> {
    fn new() -> Self {
        MacEngine {
            free: AtomicIsize::new(4),
        }
    }
    fn take(&self) -> Result<()> {
        if self.free.fetch_sub(1, Ordering::SeqCst) <= 0 {
            self.free.fetch_add(1, Ordering::SeqCst);
            return Err(Error::InsufficientMemory);
        }
        Ok(())
    }
}

/// The engine's context: the built-in's, and whether this context still holds a slot.
struct Slot {
    mac: MacContext,
    held: bool,
}

macro_rules! mac_engine {
    ($flaw:literal, $prefix:literal) => {
        #[psa_driver(
            prefix = $prefix,
            kind = "transparent",
            entry_points = [mac_sign_setup, mac_update, mac_sign_finish, mac_abort],
            capability(entry_points = [mac_sign_setup], algorithms = [Algorithm::hmac(Algorithm::SHA_256)]),
        )]
        impl MacEngine<$flaw> {
            fn mac_sign_setup(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm) -> Result<Slot> {
                self.take()?;
                let mac = builtin::mac_sign_setup(&mut entry::mac_sign_setup::Args { attributes, key_buffer, alg })?;
                Ok(Slot { mac, held: true })
            }
            fn mac_update(&self, ctx: &mut Slot, input: &[u8]) -> Result<()> {
                builtin::mac_update(&mut ctx.mac, &mut entry::mac_update::Args { input })
            }
            fn mac_sign_finish(&self, ctx: &mut Slot, mac: &mut [u8]) -> Result<usize> {
                let n = builtin::mac_sign_finish(&mut ctx.mac, &mut entry::mac_sign_finish::Args { mac })?;
                if $flaw == 2 {
                    ctx.held = false;
                    self.free.fetch_add(1, Ordering::SeqCst);
                }
                Ok(if $flaw == 3 { 16 } else { n })
            }
            fn mac_abort(&self, ctx: &mut Slot) -> Result<()> {
                if $flaw == 1 {
                    return Ok(());
                }
                if !ctx.held {
                    return Err(Error::BadState);
                }
                ctx.held = false;
                self.free.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
        }
    };
}
mac_engine!(0, "mac_ok");
mac_engine!(1, "mac_missing_abort");
mac_engine!(2, "mac_double_abort");
mac_engine!(3, "mac_short_finish");

const HMAC_CAP: &str = "mac_sign_setup HMAC(SHA_256) HMAC 32";

#[test]
fn a_correct_mac_engine_passes() {
    let r = report(MacEngine::<0>::new);
    assert!(r.passed(), "{r}");
    assert!(r.covered.contains_key(HMAC_CAP), "{}", r.coverage());
}

#[test]
fn a_missing_abort_is_rejected() {
    let r = report(MacEngine::<1>::new);
    rejected(
        &r,
        HMAC_CAP,
        "cycle 4 failed with InsufficientMemory: abort does not release the context",
    );
}

#[test]
fn a_double_abort_is_rejected() {
    let r = report(MacEngine::<2>::new);
    rejected(
        &r,
        HMAC_CAP,
        "the core calls abort exactly once per successful setup, also after finish",
    );
}

#[test]
fn a_short_mac_finish_is_rejected() {
    let r = report(MacEngine::<3>::new);
    rejected(&r, HMAC_CAP, "returned length 16, expected 32");
}

// ----- an opaque driver that exports without permission -------------------------------------

const LEAKY: Location = Location::vendor(0x4c);

/// An opaque P-256 element whose `export_public_key` hands out the private scalar (what the
/// core allows without `EXPORT` usage), unless `FLAW` is 0.
struct LeakyElement<const FLAW: u8>;

macro_rules! leaky {
    ($flaw:literal, $prefix:literal) => {
        #[psa_driver(prefix = $prefix, kind = "opaque", location = LEAKY, entry_points = [import_key, export_public_key])]
        impl LeakyElement<$flaw> {
            fn import_key(&self, attributes: &KeyAttributes, data: &[u8], key_buffer: &mut [u8]) -> Result<ImportedKey> {
                let i = builtin::import_key(&mut entry::import_key::Args { attributes, data, key_buffer: &mut *key_buffer })?;
                // The element's "wrapping": the key reversed.
                key_buffer[..i.length].reverse();
                Ok(i)
            }
            fn export_public_key(&self, attributes: &KeyAttributes, key_buffer: &[u8], data: &mut [u8]) -> Result<usize> {
                let mut key = key_buffer.to_vec();
                key.reverse();
                if $flaw == 1 {
                    let out = data.get_mut(..65).ok_or(Error::BufferTooSmall)?;
                    out[0] = 0x04;
                    out[1..33].copy_from_slice(&key);
                    out[33..].fill(0);
                    return Ok(65);
                }
                let local = KeyAttributes::new().with_type(attributes.key_type()).with_bits(attributes.bits());
                builtin::export_public_key(&mut entry::export_public_key::Args { attributes: &local, key_buffer: &key, data })
            }
        }
    };
}
leaky!(0, "sealed");
leaky!(1, "leaky");

register_drivers! {
    /// The sealed element at its location.
    struct SealedWithBuiltin { transparent: [], opaque: [e: LeakyElement<0>], builtin: true }
}

#[test]
fn a_sealed_opaque_driver_passes_alone_and_registered() {
    let r = psa_conformance::check::<LeakyElement<0>>(|| LeakyElement::<0>)
        .registered(0, || Psa::new(SealedWithBuiltin::new(LeakyElement::<0>)))
        .report();
    println!("{r}");
    assert!(r.passed(), "{r}");
}

#[test]
fn an_opaque_driver_exporting_without_permission_is_rejected() {
    let r = report(|| LeakyElement::<1>);
    rejected(
        &r,
        "opaque key material",
        "export_public_key wrote the private key: an opaque driver must not export material without the policy allowing it",
    );
}

// ----- the panic a failing `run()` gives -----------------------------------------------------

#[test]
#[should_panic(expected = "failed 2 conformance check(s)")]
fn run_panics_with_the_failures() {
    psa_conformance::check::<Sha256Engine<1>>(|| Sha256Engine::<1>).run();
}

// ----- power-on self-tests: the wrong-signature driver is taken out, the built-in serves -----

use psa_core::receipt::{Candidate, Outcome};
use psa_core::selftest::KatState;
use psa_core::{Dispatch, EntryPoint, SelfTested, UsageFlags};

register_drivers! {
    /// The faulty accelerator, self-tested, before the built-in.
    struct SelfTestedApp { transparent: [accel: SelfTested<WrongSignature>], builtin: true }
}

fn sign_and_verify(
    psa: &Psa<SelfTestedApp>,
) -> (Result<usize>, Result<()>, Vec<(Candidate, Outcome)>) {
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let attributes = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_algorithm(alg)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH);
    // RFC 6979 A.2.5's key.
    let key = psa
        .import_key(
            &attributes,
            &hex::decode("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721")
                .unwrap(),
        )
        .expect("import");
    psa.dispatcher().recorder().reset();
    let digest = [0x42u8; 32];
    let mut sig = [0u8; 64];
    let signed = psa.sign_hash(key, alg, &digest, &mut sig);
    let steps = psa
        .dispatcher()
        .recorder()
        .take()
        .filter(|r| r.entry_point == EntryPoint::SignHash)
        .last()
        .expect("a sign_hash receipt")
        .steps()
        .to_vec();
    let verified = psa.verify_hash(key, alg, &digest, &sig);
    (signed, verified, steps)
}

#[test]
fn a_driver_failing_its_startup_self_test_is_taken_out_and_the_builtin_serves() {
    let psa = Psa::new(SelfTestedApp::new(SelfTested::startup(WrongSignature)));
    let status = psa.dispatcher().accel.self_test();
    println!("{status}");
    assert_eq!(
        status.state(EntryPoint::SignHash),
        KatState::Failed,
        "{status}"
    );
    assert_eq!(status.ran(), 1, "{status}");
    assert!(
        status
            .to_string()
            .contains("sign_hash FAILED (driver out of the chain)"),
        "{status}"
    );
    let (signed, verified, steps) = sign_and_verify(&psa);
    assert_eq!(signed, Ok(64));
    // The receipt: the driver declined (its self-test failed), the built-in served.
    assert_eq!(
        steps,
        vec![
            (Candidate::Driver(0), Outcome::Declined),
            (Candidate::Builtin, Outcome::Served(None))
        ]
    );
    assert_eq!(verified, Ok(()), "the built-in's signature verifies");
}

#[test]
fn without_self_tests_the_faulty_driver_serves_wrong_signatures() {
    // Startup mode, but the application never called self_test(): nothing ran.
    let psa = Psa::new(SelfTestedApp::new(SelfTested::startup(WrongSignature)));
    let (signed, verified, steps) = sign_and_verify(&psa);
    assert_eq!(signed, Ok(64));
    assert_eq!(steps, vec![(Candidate::Driver(0), Outcome::Served(None))]);
    assert_eq!(verified, Err(Error::InvalidSignature));
    assert_eq!(
        psa.dispatcher().accel.status().state(EntryPoint::SignHash),
        KatState::Untested
    );
}

#[test]
fn a_lazy_self_test_runs_on_first_use_and_takes_the_driver_out() {
    let psa = Psa::new(SelfTestedApp::new(SelfTested::lazy(WrongSignature)));
    assert_eq!(psa.dispatcher().accel.status().ran(), 0);
    let (signed, verified, steps) = sign_and_verify(&psa);
    assert_eq!(signed, Ok(64));
    assert_eq!(steps[1], (Candidate::Builtin, Outcome::Served(None)));
    assert_eq!(verified, Ok(()));
    assert_eq!(
        psa.dispatcher().accel.status().state(EntryPoint::SignHash),
        KatState::Failed
    );
}

#[test]
fn the_project_drivers_pass_their_self_tests() {
    let p256 = SelfTested::startup(psa_drivers::P256Driver::new()).self_test();
    println!("{p256}");
    assert!(p256.passed(), "{p256}");
    // sign_hash, verify_hash and export_public_key have KATs for P-256.
    assert_eq!(p256.ran(), 3, "{p256}");
    let engine = SelfTested::startup(Sha256Engine::<0>).self_test();
    assert_eq!(engine.state(EntryPoint::HashCompute), KatState::Passed);
    let faulty = SelfTested::startup(Sha256Engine::<2>).self_test();
    // Writing a byte past its length is a contract bug, not a wrong answer: the KAT passes.
    assert!(faulty.passed());
}

// ----- `self_test:` in `register_drivers!`: the dispatcher self-tests its drivers -----------

register_drivers! {
    /// The faulty accelerator before the built-in, self-tested at start-up by the dispatcher.
    struct StartupTestedApp {
        transparent: [accel: WrongSignature, engine: Sha256Engine<0>],
        builtin: true,
        self_test: startup,
    }
}

register_drivers! {
    /// The same, each KAT run on first use.
    struct LazyTestedApp {
        transparent: [accel: WrongSignature],
        builtin: true,
        self_test: lazy,
    }
}

fn sign_receipt<D: Dispatch>(
    psa: &Psa<D>,
) -> (Result<usize>, Result<()>, psa_core::receipt::Receipt) {
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let attributes = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_algorithm(alg)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH);
    let key = psa
        .import_key(
            &attributes,
            &hex::decode("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721")
                .unwrap(),
        )
        .expect("import");
    psa.dispatcher().recorder().reset();
    let digest = [0x42u8; 32];
    let mut sig = [0u8; 64];
    let signed = psa.sign_hash(key, alg, &digest, &mut sig);
    let receipt = psa
        .dispatcher()
        .recorder()
        .take()
        .filter(|r| r.entry_point == EntryPoint::SignHash)
        .last()
        .expect("a sign_hash receipt");
    (signed, psa.verify_hash(key, alg, &digest, &sig), receipt)
}

#[test]
fn a_startup_self_tested_registration_takes_the_failing_driver_out_and_says_why() {
    let psa = Psa::new(StartupTestedApp::new(WrongSignature, Sha256Engine::<0>));
    // Nothing ran before `self_test()`.
    assert!(psa.dispatcher().self_test_status()[0].unwrap().ran() == 0);
    let statuses = psa.dispatcher().self_test();
    let (accel, engine) = (statuses[0].unwrap(), statuses[1].unwrap());
    assert_eq!(
        accel.state(EntryPoint::SignHash),
        KatState::Failed,
        "{accel}"
    );
    assert_eq!(
        engine.state(EntryPoint::HashCompute),
        KatState::Passed,
        "{engine}"
    );
    // The status query, through the `Dispatch` trait and as text.
    assert_eq!(Dispatch::self_test_of(psa.dispatcher(), 0), Some(accel));
    assert_eq!(Dispatch::self_test_of(psa.dispatcher(), 7), None);
    let report = psa_core::selftest::report(psa.dispatcher()).to_string();
    println!("{report}");
    assert!(
        report
            .contains("wrong_sig: 1 self-test(s) ran, sign_hash FAILED (driver out of the chain)"),
        "{report}"
    );
    assert!(report.contains("hash_compute passed"), "{report}");

    let (signed, verified, receipt) = sign_receipt(&psa);
    assert_eq!(signed, Ok(64));
    assert_eq!(verified, Ok(()), "the built-in served a good signature");
    assert_eq!(
        receipt.steps(),
        [
            (Candidate::Driver(0), Outcome::SelfTestFailed),
            (Candidate::Builtin, Outcome::Served(None))
        ]
    );
    let explained = receipt.explain(&StartupTestedApp::INFO).to_string();
    assert!(
        explained.contains("wrong_sig out of the chain: failed its power-on self-test"),
        "{explained}"
    );
}

#[test]
fn a_startup_self_tested_registration_serves_untested_until_self_test_is_called() {
    let psa = Psa::new(StartupTestedApp::new(WrongSignature, Sha256Engine::<0>));
    let (_, verified, receipt) = sign_receipt(&psa);
    assert_eq!(receipt.served_by(), Some(Candidate::Driver(0)));
    assert_eq!(verified, Err(Error::InvalidSignature));
}

#[test]
fn a_lazy_self_tested_registration_tests_on_first_use() {
    let psa = Psa::new(LazyTestedApp::new(WrongSignature));
    assert_eq!(psa.dispatcher().self_test_status()[0].unwrap().ran(), 0);
    let (signed, verified, receipt) = sign_receipt(&psa);
    assert_eq!(signed, Ok(64));
    assert_eq!(verified, Ok(()));
    assert_eq!(
        receipt.steps(),
        [
            (Candidate::Driver(0), Outcome::SelfTestFailed),
            (Candidate::Builtin, Outcome::Served(None))
        ]
    );
    let status = psa.dispatcher().self_test_status()[0].unwrap();
    assert_eq!(status.state(EntryPoint::SignHash), KatState::Failed);
}

// ----- symmetric vectors: a wrong AES-CTR keystream, an AEAD that ignores the tag ----------

/// AES-CTR and AES-GCM through the built-in; `FLAW` 1: the CTR ciphertext's last byte is
/// flipped; 2: decryption ignores the tag; 3: every call on a key with an id (every key the
/// front-end holds) is declined with `NOT_SUPPORTED`, so through dispatch the built-in
/// answers in its place, correctly; 0: correct.
struct Symmetric<const FLAW: u8>;

macro_rules! symmetric {
    ($($flaw:literal),*) => {$(
        #[psa_driver(
            prefix = "sym",
            kind = "transparent",
            entry_points = [cipher_encrypt, cipher_decrypt, aead_encrypt, aead_decrypt],
            capability(
                entry_points = [cipher_encrypt, cipher_decrypt],
                algorithms = [Algorithm::CTR],
                key_types = [KeyType::AES],
                key_sizes = [128],
            ),
            capability(
                entry_points = [aead_encrypt, aead_decrypt],
                algorithms = [Algorithm::GCM],
                key_types = [KeyType::AES],
                key_sizes = [128],
            ),
        )]
        #[allow(clippy::too_many_arguments)]
        impl Symmetric<$flaw> {
            fn cipher_encrypt(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, iv: &[u8], input: &[u8], output: &mut [u8]) -> Result<usize> {
                declines::<$flaw>(attributes)?;
                let n = builtin::cipher_encrypt(&mut entry::cipher_encrypt::Args { attributes, key_buffer, alg, iv, input, output })?;
                if $flaw == 1 && n > 0 {
                    output[n - 1] ^= 1;
                }
                Ok(n)
            }
            fn cipher_decrypt(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, input: &[u8], output: &mut [u8]) -> Result<usize> {
                declines::<$flaw>(attributes)?;
                builtin::cipher_decrypt(&mut entry::cipher_decrypt::Args { attributes, key_buffer, alg, input, output })
            }
            fn aead_encrypt(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, nonce: &[u8], additional_data: &[u8], plaintext: &[u8], ciphertext: &mut [u8]) -> Result<usize> {
                declines::<$flaw>(attributes)?;
                builtin::aead_encrypt(&mut entry::aead_encrypt::Args { attributes, key_buffer, alg, nonce, additional_data, plaintext, ciphertext })
            }
            fn aead_decrypt(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, nonce: &[u8], additional_data: &[u8], ciphertext: &[u8], plaintext: &mut [u8]) -> Result<usize> {
                declines::<$flaw>(attributes)?;
                let r = builtin::aead_decrypt(&mut entry::aead_decrypt::Args { attributes, key_buffer, alg, nonce, additional_data, ciphertext, plaintext });
                match r {
                    // A tag that does not verify, accepted anyway.
                    Err(Error::InvalidSignature) if $flaw == 2 => Ok(ciphertext.len().saturating_sub(16)),
                    r => r,
                }
            }
        }
    )*};
}
symmetric!(0, 1, 2, 3);

/// `FLAW` 3's decline of keys that have an id.
fn declines<const FLAW: u8>(attributes: &KeyAttributes) -> Result<()> {
    if FLAW == 3 && attributes.id() != KeyId::NULL {
        return Err(Error::NotSupported);
    }
    Ok(())
}

register_drivers! {
    /// The symmetric driver before the built-in.
    struct SymmetricWithBuiltin { transparent: [s: Symmetric<0>], builtin: true }
}
register_drivers! {
    /// The symmetric driver that declines stored keys, before the built-in.
    struct DecliningWithBuiltin { transparent: [s: Symmetric<3>], builtin: true }
}

#[test]
fn the_correct_symmetric_driver_passes_sp800_38a_and_wycheproof_gcm() {
    let r = report(|| Symmetric::<0>);
    assert!(r.passed(), "{r}");
    let coverage = r.coverage();
    for cap in [
        "cipher_encrypt CTR AES 128: 1 checks, 1 vectors",
        "cipher_decrypt CTR AES 128: 1 checks, 1 vectors",
        "aead_decrypt GCM AES 128",
    ] {
        assert!(coverage.contains(cap), "{cap}:\n{coverage}");
    }
    // AES-192/256 and CBC are outside its capabilities: not run.
    assert!(!coverage.contains("AES 256"), "{coverage}");
}

#[test]
fn a_wrong_ctr_keystream_is_rejected_with_the_sp800_38a_example() {
    let r = report(|| Symmetric::<1>);
    rejected(
        &r,
        "cipher_encrypt CTR AES 128",
        "expected Ok(64) with 874d6191",
    );
    assert!(
        r.failures
            .iter()
            .any(|f| f.input == "NIST SP 800-38A F.5.1 (CTR AES-128)"),
        "{r}"
    );
}

#[test]
fn an_aead_accepting_a_wrong_tag_is_rejected_with_the_wycheproof_case() {
    let r = report(|| Symmetric::<2>);
    rejected(&r, "aead_decrypt GCM AES 128", "expected INVALID_SIGNATURE");
    assert!(
        r.failures
            .iter()
            .any(|f| f.input.contains("Wycheproof aes_gcm tcId") && f.input.contains("ModifiedTag")),
        "{r}"
    );
}

#[test]
fn an_opaque_driver_is_self_tested_on_an_imported_kat_key() {
    // The simulated secure element: sign_hash (deterministic ECDSA, RFC 6979), verify_hash
    // and export_public_key run on the KAT key imported into an element slot.
    let element = psa_drivers::SecureElement::provisioned(&[0x11; 32]).expect("device key");
    let tested = SelfTested::startup(element);
    let status = tested.self_test();
    println!("{status}");
    assert!(status.passed(), "{status}");
    for ep in [
        EntryPoint::SignHash,
        EntryPoint::VerifyHash,
        EntryPoint::ExportPublicKey,
    ] {
        assert_eq!(status.state(ep), KatState::Passed, "{status}");
    }
    // The KAT keys are destroyed: self-testing the same element more times than it has
    // slots still passes (each run imports three keys).
    let element = tested.inner();
    for _ in 0..psa_drivers::secure_element::ELEMENT_SLOTS {
        let again = psa_core::selftest::SelfTestCell::new().run(element);
        assert!(again.passed() && again.ran() == 3, "{again}");
    }
}

#[test]
fn the_symmetric_vectors_run_through_dispatch_and_the_driver_serves_them() {
    let r = psa_conformance::check::<Symmetric<0>>(|| Symmetric::<0>)
        .registered(0, || Psa::new(SymmetricWithBuiltin::new(Symmetric::<0>)))
        .report();
    println!("{r}");
    assert!(r.passed(), "{r}");
    // F.5.1 directly and through dispatch (decryption); encryption through dispatch is
    // checked against the built-in under the IV the core chose.
    let coverage = r.coverage();
    for cap in [
        "cipher_decrypt CTR AES 128: 3 checks, 2 vectors",
        "cipher_encrypt CTR AES 128: 3 checks, 1 vectors",
    ] {
        assert!(coverage.contains(cap), "{cap}:\n{coverage}");
    }
    let gcm = &r.covered["aead_decrypt GCM AES 128"];
    let alone = report(|| Symmetric::<0>).covered["aead_decrypt GCM AES 128"];
    assert!(gcm.vectors > alone.vectors, "{coverage}");
}

#[test]
fn a_driver_declining_through_dispatch_is_caught_by_the_receipts() {
    // Alone it passes: called directly with the kit's attributes it serves every vector.
    let alone = report(|| Symmetric::<3>);
    assert!(alone.passed(), "{alone}");
    // Through dispatch the built-in serves correct answers in its place: only the receipts
    // show it.
    let r = psa_conformance::check::<Symmetric<3>>(|| Symmetric::<3>)
        .registered(0, || Psa::new(DecliningWithBuiltin::new(Symmetric::<3>)))
        .report();
    println!("{r}");
    for cap in [
        "cipher_encrypt CTR AES 128",
        "cipher_decrypt CTR AES 128",
        "aead_encrypt GCM AES 128",
        "aead_decrypt GCM AES 128",
    ] {
        rejected(&r, cap, "the receipt says Some(Builtin) served");
    }
    assert!(
        r.failures
            .iter()
            .any(|f| f.input == "NIST SP 800-38A F.5.1 (CTR AES-128), through dispatch"),
        "{r}"
    );
    // No answer was wrong: every failure is a receipt.
    assert!(
        r.failures
            .iter()
            .all(|f| f.difference.contains("the receipt says")),
        "{r}"
    );
}
