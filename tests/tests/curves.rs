//! X25519, Ed25519 and P-521 through the public API, on every path that serves them.
//!
//! Paths: the built-in alone; an instrumented transparent and an instrumented opaque driver
//! (which run the built-in's code but are reached through dispatch, the opaque one with its
//! keys wrapped); for Ed25519 also a test driver on `ed25519-dalek` directly, registered
//! without the built-in, which is how a device with an Ed25519 engine or secure element looks
//! to the front-end. Every call's receipt is checked, so a vector served by the wrong
//! candidate fails.
//!
//! Vectors: Wycheproof `x25519_test`, `ed25519_test` (EdDSA verification),
//! `ecdsa_secp521r1_sha512_p1363_test` (PSA signatures are `r‖s`, the P1363 form) and
//! `ecdh_secp521r1_ecpoint_test`; RFC 7748 §5.2 and §6.1; RFC 8032 §7.1 tests 1-3. Each suite
//! prints `wycheproof <file>: N vectors` (`cargo test -p psa-tests --test curves --
//! --nocapture`).

use psa_core::receipt::Candidate;
use psa_core::{
    Algorithm, Dispatch, EccFamily, EntryPoint, Error, KeyAttributes, KeyId, KeyType, Lifetime,
    Location, Psa, Result, UsageFlags, psa_driver, register_drivers,
};
use psa_tests::paths::{self, BuiltinOnly};
use psa_tests::support::{canary, hex, served_by, untouched_from};
use psa_tests::{instrumented_opaque, instrumented_transparent};
use sha2::Digest;
use wycheproof::TestResult;

instrumented_transparent!(
    /// A transparent driver that serves everything the built-in does, through dispatch.
    pub Accel, "accel", ACCEL
);

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

const X25519_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::MONTGOMERY);
const X25519_PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::MONTGOMERY);
const ED25519_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS);
const ED25519_PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::TWISTED_EDWARDS);
const SECP_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const SECP_PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);

// ----- An Ed25519 driver on ed25519-dalek, without the built-in ---------------------------------

/// An Ed25519 engine: imports, exports and signs Ed25519 keys with `ed25519-dalek` (not the
/// built-in's code), and serves nothing else.
#[derive(Debug, Default)]
pub struct EdEngine;

#[psa_driver(
    prefix = "ed_engine",
    kind = "transparent",
    entry_points = [import_key, export_public_key, sign_message, verify_message],
    capability(
        entry_points = [import_key, export_public_key],
        key_types = [
            KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS),
            KeyType::ecc_public_key(EccFamily::TWISTED_EDWARDS),
        ],
    ),
    capability(
        entry_points = [sign_message, verify_message],
        algorithms = [Algorithm::PURE_EDDSA],
        key_types = [
            KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS),
            KeyType::ecc_public_key(EccFamily::TWISTED_EDWARDS),
        ],
        key_sizes = [255],
    ),
)]
impl EdEngine {
    fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<psa_core::ImportedKey> {
        let bytes: &[u8; 32] = data.try_into().map_err(|_| Error::NotSupported)?;
        if attributes.key_type().is_public_key() {
            ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| Error::InvalidArgument)?;
        }
        key_buffer
            .get_mut(..32)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(data);
        Ok(psa_core::ImportedKey {
            length: 32,
            bits: 255,
        })
    }

    fn public(attributes: &KeyAttributes, key: &[u8]) -> Result<ed25519_dalek::VerifyingKey> {
        let bytes: &[u8; 32] = key.try_into().map_err(|_| Error::CorruptionDetected)?;
        if attributes.key_type().is_key_pair() {
            Ok(ed25519_dalek::SigningKey::from_bytes(bytes).verifying_key())
        } else {
            ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| Error::CorruptionDetected)
        }
    }

    fn export_public_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        let public = Self::public(attributes, key_buffer)?;
        data.get_mut(..32)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(public.as_bytes());
        Ok(32)
    }

    fn sign_message(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        input: &[u8],
        signature: &mut [u8],
        _rng: psa_core::Rng<'_>,
    ) -> Result<usize> {
        use ed25519_dalek::Signer;
        if alg != Algorithm::PURE_EDDSA || !attributes.key_type().is_key_pair() {
            return Err(Error::NotSupported);
        }
        let bytes: &[u8; 32] = key_buffer
            .try_into()
            .map_err(|_| Error::CorruptionDetected)?;
        let sig = ed25519_dalek::SigningKey::from_bytes(bytes).sign(input);
        signature
            .get_mut(..64)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&sig.to_bytes());
        Ok(64)
    }

    fn verify_message(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        input: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        use ed25519_dalek::Verifier;
        if alg != Algorithm::PURE_EDDSA {
            return Err(Error::NotSupported);
        }
        let sig: &[u8; 64] = signature.try_into().map_err(|_| Error::InvalidSignature)?;
        Self::public(attributes, key_buffer)?
            .verify(input, &ed25519_dalek::Signature::from_bytes(sig))
            .map_err(|_| Error::InvalidSignature)
    }
}

register_drivers! {
    /// The Ed25519 engine alone: no built-in, so whatever signs was the engine.
    pub struct EdOnly {
        transparent: [ed: EdEngine],
        builtin: false,
    }
}

register_drivers! {
    /// No driver and no built-in: PureEdDSA has nobody to serve it.
    pub struct Nobody {
        transparent: [],
        builtin: false,
    }
}

// ----- Paths -------------------------------------------------------------------------------------

/// One way of serving a request: a PSA instance, where its keys live and who must serve.
struct Path<'a, D: Dispatch> {
    name: &'static str,
    psa: &'a Psa<D>,
    lifetime: Lifetime,
    who: Candidate,
}

impl<D: Dispatch> Path<'_, D> {
    fn import(&self, attributes: KeyAttributes, data: &[u8]) -> Result<KeyId> {
        self.psa
            .import_key(&attributes.with_lifetime(self.lifetime), data)
    }
    fn check_served(&self, ep: EntryPoint, what: &str) {
        assert_eq!(
            served_by(self.psa.dispatcher(), ep),
            Some(self.who),
            "{what}: {} served by the wrong candidate on {}",
            ep.name(),
            self.name
        );
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
fn ed_path(psa: &Psa<EdOnly>) -> Path<'_, EdOnly> {
    Path {
        name: "ed25519-dalek driver, no built-in",
        psa,
        lifetime: Lifetime::VOLATILE,
        who: Candidate::Driver(0),
    }
}

fn instrumented() -> Psa<Instrumented> {
    Psa::new(Instrumented::new(Accel, Vault))
}

/// What a suite ran, by Wycheproof verdict.
#[derive(Default)]
struct Counts {
    valid: usize,
    invalid: usize,
    acceptable: usize,
}

impl Counts {
    fn count(&mut self, result: TestResult) {
        match result {
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
        assert!(self.valid > 0, "{file} [{path}] ran no valid vector");
        total
    }
}

// ----- X25519 ------------------------------------------------------------------------------------

fn x25519_attributes() -> KeyAttributes {
    KeyAttributes::new()
        .with_type(X25519_PAIR)
        .with_usage(UsageFlags::DERIVE | UsageFlags::EXPORT)
        .with_algorithm(Algorithm::ECDH)
}

fn wycheproof_x25519<D: Dispatch>(path: &Path<'_, D>) -> usize {
    let set = wycheproof::xdh::TestSet::load(wycheproof::xdh::TestName::X25519).expect("set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        for test in &group.tests {
            let what = format!(
                "x25519 tc {} ({:?}) [{}]",
                test.tc_id, test.flags, path.name
            );
            let key = path
                .import(x25519_attributes(), &test.private_key)
                .expect("every 32-byte string is an X25519 private key");
            let mut out = canary(48);
            let r = path
                .psa
                .raw_key_agreement(Algorithm::ECDH, key, &test.public_key, &mut out);
            let zero = test.shared_secret.iter().all(|&b| b == 0);
            match (test.result, r) {
                (TestResult::Valid, Ok(n)) if !zero => {
                    assert_eq!(&out[..n], &test.shared_secret[..], "{what}");
                    assert!(untouched_from(&out, 32), "{what}: written past 32 bytes");
                }
                (TestResult::Invalid, r) => assert_eq!(r, Err(Error::InvalidArgument), "{what}"),
                // An all-zero shared secret (a peer key of small order) is refused.
                (_, r) if zero => assert_eq!(r, Err(Error::InvalidArgument), "{what}"),
                (TestResult::Acceptable, Ok(n)) => {
                    assert_eq!(&out[..n], &test.shared_secret[..], "{what}")
                }
                (result, r) => panic!("{what}: {result:?} vector got {r:?}"),
            }
            path.check_served(EntryPoint::KeyAgreement, &what);
            counts.count(test.result);
            path.psa.destroy_key(key).expect("destroy");
        }
    }
    counts.report("x25519_test", path.name)
}

#[test]
fn wycheproof_x25519_builtin_and_drivers() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    let n = wycheproof_x25519(&builtin_path(&builtin));
    assert_eq!(n, wycheproof_x25519(&accel_path(&inst)));
    assert_eq!(n, wycheproof_x25519(&vault_path(&inst)));
}

/// RFC 7748 §5.2 (the two scalar-multiplication vectors) and §6.1 (Alice and Bob: public
/// keys by `export_public_key`, the shared secret both ways).
fn rfc7748<D: Dispatch>(path: &Path<'_, D>) {
    for (k, u, out) in [
        (
            "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
            "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        ),
        (
            "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
            "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
        ),
    ] {
        let key = path.import(x25519_attributes(), &hex(k)).expect("import");
        let mut shared = [0u8; 32];
        assert_eq!(
            path.psa
                .raw_key_agreement(Algorithm::ECDH, key, &hex(u), &mut shared),
            Ok(32)
        );
        assert_eq!(shared.to_vec(), hex(out), "RFC 7748 §5.2 on {}", path.name);
        path.check_served(EntryPoint::KeyAgreement, "RFC 7748 §5.2");
        path.psa.destroy_key(key).expect("destroy");
    }
    let alice = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    let alice_public = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    let bob = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    let bob_public = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    let shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    for (private, public, peer) in [
        (alice, alice_public, bob_public),
        (bob, bob_public, alice_public),
    ] {
        let key = path
            .import(x25519_attributes(), &hex(private))
            .expect("import");
        let mut out = canary(40);
        assert_eq!(path.psa.export_public_key(key, &mut out), Ok(32));
        assert_eq!(out[..32].to_vec(), hex(public), "RFC 7748 §6.1 public key");
        assert_eq!(
            path.psa
                .raw_key_agreement(Algorithm::ECDH, key, &hex(peer), &mut out),
            Ok(32)
        );
        assert_eq!(
            out[..32].to_vec(),
            hex(shared),
            "RFC 7748 §6.1 shared secret"
        );
        // The key pair exports as imported (the RFC 7748 private key, unclamped).
        assert_eq!(path.psa.export_key(key, &mut out), Ok(32));
        assert_eq!(out[..32].to_vec(), hex(private));
        // The exported public key imports, and exports unchanged.
        let public_key = path
            .import(KeyAttributes::new().with_type(X25519_PUBLIC), &hex(public))
            .expect("public key");
        assert_eq!(path.psa.export_public_key(public_key, &mut out), Ok(32));
        assert_eq!(out[..32].to_vec(), hex(public));
        path.psa.destroy_key(public_key).expect("destroy");
        path.psa.destroy_key(key).expect("destroy");
    }
    println!("RFC 7748: 4 vectors [{}]", path.name);
}

#[test]
fn rfc7748_builtin_and_drivers() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    rfc7748(&builtin_path(&builtin));
    rfc7748(&accel_path(&inst));
    rfc7748(&vault_path(&inst));
}

/// Two generated X25519 key pairs agree; wrong-length keys and peers are `INVALID_ARGUMENT`,
/// X448 sizes `NOT_SUPPORTED`, an Edwards key cannot run ECDH.
#[test]
fn x25519_generate_agree_and_reject() {
    let psa = paths::builtin_only();
    let generate = || {
        psa.generate_key(&x25519_attributes().with_bits(255))
            .expect("generate")
    };
    let (a, b) = (generate(), generate());
    let (mut pa, mut pb) = ([0u8; 32], [0u8; 32]);
    psa.export_public_key(a, &mut pa).expect("export");
    psa.export_public_key(b, &mut pb).expect("export");
    let (mut sa, mut sb) = ([0u8; 32], [0u8; 32]);
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, a, &pb, &mut sa),
        Ok(32)
    );
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, b, &pa, &mut sb),
        Ok(32)
    );
    assert_eq!(sa, sb);
    assert_ne!(sa, [0; 32]);
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, a, &pb[..31], &mut sa),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, a, &pb, &mut sa[..31]),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        psa.import_key(&x25519_attributes(), &[7; 31]),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        psa.import_key(&x25519_attributes(), &[7; 56]),
        Err(Error::NotSupported),
        "an X448 key is valid, not served"
    );
    assert_eq!(
        psa.generate_key(&x25519_attributes().with_bits(448)),
        Err(Error::NotSupported)
    );
    assert_eq!(
        psa.generate_key(&x25519_attributes().with_bits(256)),
        Err(Error::InvalidArgument)
    );
    let ed = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(ED25519_PAIR)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(Algorithm::ECDH),
            &[1; 32],
        )
        .expect("an Ed25519 key with an ECDH policy still imports");
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, ed, &pa, &mut sa),
        Err(Error::InvalidArgument),
        "ECDH is not defined on Edwards keys"
    );
}

// ----- Ed25519 -----------------------------------------------------------------------------------

fn ed25519_attributes(key_type: KeyType) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(key_type)
        .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE | UsageFlags::EXPORT)
        .with_algorithm(Algorithm::PURE_EDDSA)
}

fn wycheproof_ed25519<D: Dispatch>(path: &Path<'_, D>) -> usize {
    let set = wycheproof::eddsa::TestSet::load(wycheproof::eddsa::TestName::Ed25519).expect("set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let key = path
            .import(ed25519_attributes(ED25519_PUBLIC), &group.key.pk)
            .expect("Wycheproof's Ed25519 public keys are points");
        for test in &group.tests {
            let what = format!(
                "ed25519 tc {} ({:?}) [{}]",
                test.tc_id, test.flags, path.name
            );
            let r = path
                .psa
                .verify_message(key, Algorithm::PURE_EDDSA, &test.msg, &test.sig);
            match test.result {
                TestResult::Valid => assert_eq!(r, Ok(()), "{what}"),
                TestResult::Invalid => assert_eq!(r, Err(Error::InvalidSignature), "{what}"),
                TestResult::Acceptable => {
                    assert!(matches!(r, Ok(()) | Err(Error::InvalidSignature)), "{what}")
                }
            }
            if test.sig.len() == 64 {
                path.check_served(EntryPoint::VerifyMessage, &what);
            } else {
                assert_eq!(
                    served_by(path.psa.dispatcher(), EntryPoint::VerifyMessage),
                    None,
                    "{what}: a signature of the wrong length reached a driver"
                );
            }
            counts.count(test.result);
        }
        path.psa.destroy_key(key).expect("destroy");
    }
    counts.report("ed25519_test", path.name)
}

#[test]
fn wycheproof_ed25519_builtin_and_drivers() {
    let (builtin, inst, ed) = (
        paths::builtin_only(),
        instrumented(),
        Psa::new(EdOnly::new(EdEngine)),
    );
    let n = wycheproof_ed25519(&builtin_path(&builtin));
    assert_eq!(n, wycheproof_ed25519(&accel_path(&inst)));
    assert_eq!(n, wycheproof_ed25519(&vault_path(&inst)));
    assert_eq!(n, wycheproof_ed25519(&ed_path(&ed)));
}

/// RFC 8032 §7.1 tests 1-3: the public key by `export_public_key`, the signature by
/// `sign_message` (Ed25519 is deterministic, so exactly the RFC's), verification with the
/// key pair and with the public key, and a flipped bit refused.
fn rfc8032<D: Dispatch>(path: &Path<'_, D>) {
    let vectors = [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        ),
        (
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
        ),
    ];
    for (i, (secret, public, msg, sig)) in vectors.iter().enumerate() {
        let what = format!("RFC 8032 §7.1 test {} [{}]", i + 1, path.name);
        let (msg, sig) = (hex(msg), hex(sig));
        let key = path
            .import(ed25519_attributes(ED25519_PAIR), &hex(secret))
            .expect("import");
        assert_eq!(path.psa.get_key_attributes(key).map(|a| a.bits()), Ok(255));
        let mut out = canary(80);
        assert_eq!(path.psa.export_public_key(key, &mut out), Ok(32), "{what}");
        assert_eq!(out[..32].to_vec(), hex(public), "{what}: public key");
        let mut signature = canary(80);
        assert_eq!(
            path.psa
                .sign_message(key, Algorithm::PURE_EDDSA, &msg, &mut signature),
            Ok(64),
            "{what}"
        );
        path.check_served(EntryPoint::SignMessage, &what);
        assert_eq!(signature[..64].to_vec(), sig, "{what}: signature");
        assert!(
            untouched_from(&signature, 64),
            "{what}: written past 64 bytes"
        );
        assert_eq!(
            path.psa
                .verify_message(key, Algorithm::PURE_EDDSA, &msg, &sig),
            Ok(()),
            "{what}"
        );
        path.check_served(EntryPoint::VerifyMessage, &what);
        let public_key = path
            .import(ed25519_attributes(ED25519_PUBLIC), &hex(public))
            .expect("public key");
        assert_eq!(
            path.psa
                .verify_message(public_key, Algorithm::PURE_EDDSA, &msg, &sig),
            Ok(())
        );
        let mut bad = sig.clone();
        bad[5] ^= 1;
        assert_eq!(
            path.psa
                .verify_message(public_key, Algorithm::PURE_EDDSA, &msg, &bad),
            Err(Error::InvalidSignature),
            "{what}"
        );
        // PureEdDSA signs messages; `sign_hash` with it is invalid (the spec), before any
        // driver runs.
        assert_eq!(
            path.psa
                .sign_hash(key, Algorithm::PURE_EDDSA, &[0; 64], &mut signature),
            Err(Error::InvalidArgument),
            "{what}"
        );
        assert_eq!(served_by(path.psa.dispatcher(), EntryPoint::SignHash), None);
        assert_eq!(
            path.psa
                .sign_message(key, Algorithm::PURE_EDDSA, &msg, &mut signature[..63]),
            Err(Error::BufferTooSmall),
            "{what}"
        );
        path.psa.destroy_key(public_key).expect("destroy");
        path.psa.destroy_key(key).expect("destroy");
    }
    println!("RFC 8032 §7.1: 3 vectors [{}]", path.name);
}

#[test]
fn rfc8032_builtin_and_drivers() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    rfc8032(&builtin_path(&builtin));
    rfc8032(&accel_path(&inst));
    rfc8032(&vault_path(&inst));
}

/// The done-when: an Ed25519 key imported by a test driver signs and verifies
/// through the front-end, and the receipts show the driver served every call (there is no
/// built-in in this registration to serve them otherwise).
#[test]
fn an_ed25519_key_imported_by_a_driver_signs_and_verifies() {
    let psa = Psa::new(EdOnly::new(EdEngine));
    let path = ed_path(&psa);
    let key = path
        .import(
            ed25519_attributes(ED25519_PAIR),
            &hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"),
        )
        .expect("the engine imports the key");
    path.check_served(EntryPoint::ImportKey, "import");
    rfc8032(&path);
    // A generated-by-nobody message, signed and verified by the engine.
    let mut signature = [0u8; 64];
    assert_eq!(
        psa.sign_message(
            key,
            Algorithm::PURE_EDDSA,
            b"through the front-end",
            &mut signature
        ),
        Ok(64)
    );
    path.check_served(EntryPoint::SignMessage, "sign");
    assert_eq!(
        psa.verify_message(
            key,
            Algorithm::PURE_EDDSA,
            b"through the front-end",
            &signature
        ),
        Ok(())
    );
    path.check_served(EntryPoint::VerifyMessage, "verify");
    // The policy still holds: a key without SIGN_MESSAGE is refused before the driver.
    let verify_only = psa
        .import_key(
            &ed25519_attributes(ED25519_PAIR).with_usage(UsageFlags::VERIFY_MESSAGE),
            &[9; 32],
        )
        .expect("import");
    assert_eq!(
        psa.sign_message(verify_only, Algorithm::PURE_EDDSA, b"m", &mut signature),
        Err(Error::NotPermitted)
    );
    assert_eq!(served_by(psa.dispatcher(), EntryPoint::SignMessage), None);
}

/// Without any driver or built-in for EdDSA, PureEdDSA is `NOT_SUPPORTED` (a valid request
/// nobody serves), not `INVALID_ARGUMENT`; an ECDSA algorithm on an Edwards key, and EdDSA
/// on a Weierstrass key, are `INVALID_ARGUMENT` (the spec's incompatible key type).
#[test]
fn eddsa_errors_follow_the_spec() {
    let nobody: Psa<Nobody> = Psa::new(Nobody::new());
    // The core stores no asymmetric keys without a built-in or driver: use the built-in to
    // show the remaining checks, and a registration without one for NOT_SUPPORTED.
    assert_eq!(
        nobody.import_key(&ed25519_attributes(ED25519_PAIR), &[1; 32]),
        Err(Error::NotSupported)
    );
    let psa = paths::builtin_only();
    let ed = psa
        .import_key(&ed25519_attributes(ED25519_PAIR), &[1; 32])
        .expect("import");
    let mut signature = [0u8; 132];
    assert_eq!(
        psa.sign_message(ed, Algorithm::ED25519PH, b"m", &mut signature),
        Err(Error::NotPermitted),
        "the key's policy is PURE_EDDSA"
    );
    let ph = psa
        .import_key(
            &ed25519_attributes(ED25519_PAIR).with_algorithm(Algorithm::ED25519PH),
            &[1; 32],
        )
        .expect("import");
    assert_eq!(
        psa.sign_message(ph, Algorithm::ED25519PH, b"m", &mut signature),
        Err(Error::NotSupported),
        "Ed25519ph is valid, and not built in"
    );
    let ecdsa_on_ed = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(ED25519_PAIR)
                .with_usage(UsageFlags::SIGN_MESSAGE)
                .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256)),
            &[1; 32],
        )
        .expect("import");
    assert_eq!(
        psa.sign_message(
            ecdsa_on_ed,
            Algorithm::ecdsa(Algorithm::SHA_256),
            b"m",
            &mut signature
        ),
        Err(Error::InvalidArgument)
    );
    let p256 = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(SECP_PAIR)
                .with_usage(UsageFlags::SIGN_MESSAGE)
                .with_algorithm(Algorithm::PURE_EDDSA),
            &[1; 32],
        )
        .expect("import");
    assert_eq!(
        psa.sign_message(p256, Algorithm::PURE_EDDSA, b"m", &mut signature),
        Err(Error::InvalidArgument)
    );
    // A public key does not sign; a wrong-length signature does not verify.
    let public = psa
        .import_key(
            &ed25519_attributes(ED25519_PUBLIC),
            &hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
        )
        .expect("import");
    assert_eq!(
        psa.sign_message(public, Algorithm::PURE_EDDSA, b"m", &mut signature),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        psa.verify_message(public, Algorithm::PURE_EDDSA, b"m", &signature[..63]),
        Err(Error::InvalidSignature)
    );
    // Public keys must be points: y = 2 is not on Edwards25519.
    let mut not_a_point = [0u8; 32];
    not_a_point[0] = 2;
    assert_eq!(
        psa.import_key(&ed25519_attributes(ED25519_PUBLIC), &not_a_point),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        psa.import_key(&ed25519_attributes(ED25519_PAIR), &[1; 57]),
        Err(Error::NotSupported),
        "an Ed448 key is valid, not served"
    );
    // Generated Ed25519 keys sign and verify.
    let generated = psa
        .generate_key(&ed25519_attributes(ED25519_PAIR).with_bits(255))
        .expect("generate");
    assert_eq!(
        psa.sign_message(generated, Algorithm::PURE_EDDSA, b"m", &mut signature),
        Ok(64)
    );
    assert_eq!(
        psa.verify_message(generated, Algorithm::PURE_EDDSA, b"m", &signature[..64]),
        Ok(())
    );
}

// ----- P-521 -------------------------------------------------------------------------------------

fn wycheproof_ecdsa_p521<D: Dispatch>(path: &Path<'_, D>) -> usize {
    use wycheproof::ecdsa::{TestName, TestSet};
    let set = TestSet::load(TestName::EcdsaSecp521r1Sha512P1363).expect("set");
    let alg = Algorithm::ecdsa(Algorithm::SHA_512);
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let attributes = KeyAttributes::new()
            .with_type(SECP_PUBLIC)
            .with_usage(UsageFlags::VERIFY_HASH | UsageFlags::VERIFY_MESSAGE)
            .with_algorithm(alg);
        let key = path.import(attributes, &group.key.key).expect("P-521 key");
        assert_eq!(path.psa.get_key_attributes(key).map(|a| a.bits()), Ok(521));
        for test in &group.tests {
            let what = format!(
                "ecdsa p521 tc {} ({:?}) [{}]",
                test.tc_id, test.flags, path.name
            );
            let digest = sha2::Sha512::digest(&test.msg);
            let r = path.psa.verify_hash(key, alg, &digest, &test.sig);
            match test.result {
                TestResult::Valid => assert_eq!(r, Ok(()), "{what}"),
                TestResult::Invalid => assert_eq!(r, Err(Error::InvalidSignature), "{what}"),
                TestResult::Acceptable => {
                    assert!(matches!(r, Ok(()) | Err(Error::InvalidSignature)), "{what}")
                }
            }
            if test.sig.len() == 132 {
                path.check_served(EntryPoint::VerifyHash, &what);
                // verify_message hashes through dispatch and agrees.
                assert_eq!(
                    path.psa.verify_message(key, alg, &test.msg, &test.sig),
                    r,
                    "{what}"
                );
                // (Served by the driver's `verify_message` or, hashed, `verify_hash`.)
                let _ = served_by(path.psa.dispatcher(), EntryPoint::VerifyHash);
            } else {
                assert_eq!(r, Err(Error::InvalidSignature), "{what}");
                assert_eq!(
                    served_by(path.psa.dispatcher(), EntryPoint::VerifyHash),
                    None
                );
            }
            counts.count(test.result);
        }
        path.psa.destroy_key(key).expect("destroy");
    }
    counts.report("ecdsa_secp521r1_sha512_p1363_test", path.name)
}

#[test]
fn wycheproof_ecdsa_p521_builtin_and_drivers() {
    let (builtin, p256, inst) = (
        paths::builtin_only(),
        paths::p256_with_builtin(),
        instrumented(),
    );
    let n = wycheproof_ecdsa_p521(&builtin_path(&builtin));
    // The P-256 driver's capabilities leave P-521 to the built-in.
    assert_eq!(
        n,
        wycheproof_ecdsa_p521(&Path {
            name: "p256 driver + built-in",
            psa: &p256,
            lifetime: Lifetime::VOLATILE,
            who: Candidate::Builtin,
        })
    );
    // (P-521 is slow in debug builds: the opaque path stands for the drivers; the
    // transparent one runs the same code through the same dispatch as for P-256 and P-384.)
    assert_eq!(n, wycheproof_ecdsa_p521(&vault_path(&inst)));
}

/// A Wycheproof private key (an ASN.1 integer) as the 66-byte big-endian P-521 scalar.
fn scalar66(bytes: &[u8]) -> Vec<u8> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let trimmed = &bytes[first..];
    [vec![0u8; 66 - trimmed.len()], trimmed.to_vec()].concat()
}

fn wycheproof_ecdh_p521<D: Dispatch>(path: &Path<'_, D>) -> usize {
    use wycheproof::ecdh::{TestName, TestSet};
    let set = TestSet::load(TestName::EcdhSecp521r1Ecpoint).expect("set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        for test in &group.tests {
            let what = format!(
                "ecdh p521 tc {} ({:?}) [{}]",
                test.tc_id, test.flags, path.name
            );
            let attributes = KeyAttributes::new()
                .with_type(SECP_PAIR)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(Algorithm::ECDH);
            let key = path
                .import(attributes, &scalar66(&test.private_key))
                .expect("P-521 private key");
            let mut out = canary(80);
            let r = path
                .psa
                .raw_key_agreement(Algorithm::ECDH, key, &test.public_key, &mut out);
            match (test.result, r) {
                (TestResult::Valid, r) => {
                    assert_eq!(r, Ok(66), "{what}");
                    assert_eq!(&out[..66], &test.shared_secret[..], "{what}");
                    assert!(untouched_from(&out, 66), "{what}");
                }
                (TestResult::Invalid, r) => assert_eq!(r, Err(Error::InvalidArgument), "{what}"),
                (TestResult::Acceptable, Ok(n)) => {
                    assert_eq!(&out[..n], &test.shared_secret[..], "{what}")
                }
                (TestResult::Acceptable, Err(e)) => {
                    assert_eq!(e, Error::InvalidArgument, "{what}")
                }
            }
            path.check_served(EntryPoint::KeyAgreement, &what);
            counts.count(test.result);
            path.psa.destroy_key(key).expect("destroy");
        }
    }
    counts.report("ecdh_secp521r1_ecpoint_test", path.name)
}

#[test]
fn wycheproof_ecdh_p521_builtin_and_drivers() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    let n = wycheproof_ecdh_p521(&builtin_path(&builtin));
    // The opaque path stands for the drivers, as in the ECDSA suite.
    assert_eq!(n, wycheproof_ecdh_p521(&vault_path(&inst)));
}

/// P-521 key pairs: generated keys sign (randomized and deterministic ECDSA) and verify,
/// agree by ECDH, and their 66-byte scalars and 133-byte public keys fit the key store.
#[test]
fn p521_generate_sign_agree() {
    let psa = paths::builtin_only();
    let attributes = KeyAttributes::new()
        .with_type(SECP_PAIR)
        .with_bits(521)
        .with_usage(
            UsageFlags::SIGN_MESSAGE
                | UsageFlags::VERIFY_MESSAGE
                | UsageFlags::DERIVE
                | UsageFlags::EXPORT,
        );
    for alg in [
        Algorithm::ecdsa(Algorithm::SHA_512),
        Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
    ] {
        let key = psa
            .generate_key(&attributes.with_algorithm(alg))
            .expect("generate");
        let mut exported = [0u8; 80];
        assert_eq!(psa.export_key(key, &mut exported), Ok(66));
        assert!(exported[0] <= 1, "a P-521 scalar is below 2^521");
        let mut public = [0u8; 140];
        assert_eq!(psa.export_public_key(key, &mut public), Ok(133));
        assert_eq!(public[0], 0x04);
        let mut signature = canary(140);
        assert_eq!(
            psa.sign_message(key, alg, b"P-521", &mut signature),
            Ok(132)
        );
        assert!(untouched_from(&signature, 132));
        assert_eq!(
            psa.verify_message(key, alg, b"P-521", &signature[..132]),
            Ok(())
        );
        let public_key = psa
            .import_key(
                &KeyAttributes::new()
                    .with_type(SECP_PUBLIC)
                    .with_usage(UsageFlags::VERIFY_MESSAGE)
                    .with_algorithm(alg),
                &public[..133],
            )
            .expect("public key");
        assert_eq!(
            psa.verify_message(public_key, alg, b"P-521", &signature[..132]),
            Ok(())
        );
        assert_eq!(
            psa.verify_message(public_key, alg, b"P-522", &signature[..132]),
            Err(Error::InvalidSignature)
        );
    }
    let ecdh = attributes.with_algorithm(Algorithm::ECDH);
    let (a, b) = (
        psa.generate_key(&ecdh).expect("a"),
        psa.generate_key(&ecdh).expect("b"),
    );
    let (mut pa, mut pb) = ([0u8; 133], [0u8; 133]);
    psa.export_public_key(a, &mut pa).expect("pa");
    psa.export_public_key(b, &mut pb).expect("pb");
    let (mut sa, mut sb) = ([0u8; 66], [0u8; 66]);
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, a, &pb, &mut sa),
        Ok(66)
    );
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, b, &pa, &mut sb),
        Ok(66)
    );
    assert_eq!(sa, sb);
    // Out-of-range scalars are not keys: n and 2^521 - 1.
    assert_eq!(
        psa.import_key(&ecdh, &[0xff; 66]),
        Err(Error::InvalidArgument)
    );
    assert_eq!(psa.import_key(&ecdh, &[0; 66]), Err(Error::InvalidArgument));
}
