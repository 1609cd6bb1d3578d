//! Key derivation through the front-end: PBKDF2 vectors (built-in and a driver), capacity,
//! integer inputs, `output_key` by the spec's rules, `verify_bytes` / `verify_key`, and a key
//! agreement (X25519, served by a test driver) as the secret input.
//!
//! Vectors and where they come from:
//! - PBKDF2-HMAC-SHA-256: RFC 7914 §11 (2 vectors), and the RFC 6070 inputs with SHA-256 as
//!   published in Go's `x/crypto/pbkdf2` tests (5 vectors); every value was also checked with
//!   Python's `hashlib.pbkdf2_hmac` (OpenSSL) when written.
//! - PBKDF2-AES-CMAC-PRF-128: the Thread 1.4 specification's PSKc test vector (§8.4.1.2.1:
//!   passphrase `12SECRETPASSWORD34`, salt `"Thread"` ‖ extended PAN ID ‖ network name,
//!   16384 iterations), and 3 vectors computed with Python's `cryptography` AES-CMAC and a
//!   ten-line RFC 8018 loop (which reproduces the Thread vector and RFC 4615's three
//!   AES-CMAC-PRF-128 vectors); the built-in's PRF itself is checked against RFC 4615 in
//!   psa-core's unit tests.
//! - `output_key` and the key-agreement step: RFC 7748 §6.1's X25519 keys and shared secret,
//!   HKDF-SHA-256 (RFC 5869) and AES-128-GCM computed independently with Python's `hmac`,
//!   `hashlib` and `cryptography` (`AESGCM`); the values are pasted as hex below.
//!
//! `cargo test -p psa-tests --test kdf -- --nocapture` prints the vector counts.

use psa_core::receipt::{Candidate, Receipt};
use psa_core::{
    Algorithm, DerivationStep, Dispatch, EccFamily, EntryPoint, Error, ImportedKey, KeyAttributes,
    KeyId, KeyType, Psa, Result, UsageFlags, psa_driver, register_drivers,
};
use psa_tests::instrumented_transparent;
use psa_tests::paths::{self, BuiltinOnly};
use psa_tests::support::{hex, served_by};

instrumented_transparent!(
    /// A transparent driver that serves everything the built-in does, through dispatch.
    pub Accel, "accel", ACCEL
);

const BP256R1_ORDER: &str = "a9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7";

/// A transparent test driver for what the built-in lacks here: X25519 (import, public key,
/// key agreement, on `x25519-dalek`) and brainpoolP256r1 private keys (import only, with the
/// range check `1 <= k < n`), so that `output_key`'s rules for those curves are observable.
pub struct Curves;

#[psa_driver(
    prefix = "curves",
    kind = "transparent",
    entry_points = [import_key, export_public_key, key_agreement],
    capability(
        entry_points = [import_key, export_public_key, key_agreement],
        key_types = [KeyType::ecc_key_pair(EccFamily::MONTGOMERY)],
        key_sizes = [255],
    ),
    capability(
        entry_points = [import_key],
        key_types = [KeyType::ecc_key_pair(EccFamily::BRAINPOOL_P_R1)],
        key_sizes = [256],
    ),
)]
impl Curves {
    fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        let family = attributes.key_type().ecc_family();
        if data.len() != 32 {
            return Err(Error::InvalidArgument);
        }
        if family == Some(EccFamily::BRAINPOOL_P_R1) {
            let order = hex(BP256R1_ORDER);
            if data.iter().all(|&b| b == 0) || data >= &order[..] {
                return Err(Error::InvalidArgument);
            }
        }
        let bits = if family == Some(EccFamily::MONTGOMERY) {
            255
        } else {
            256
        };
        if attributes.bits() != 0 && attributes.bits() != bits {
            return Err(Error::InvalidArgument);
        }
        key_buffer
            .get_mut(..32)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(data);
        Ok(ImportedKey { length: 32, bits })
    }

    fn export_public_key(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        let k: [u8; 32] = key_buffer
            .try_into()
            .map_err(|_| Error::CorruptionDetected)?;
        let public = x25519_dalek::x25519(k, x25519_dalek::X25519_BASEPOINT_BYTES);
        data.get_mut(..32)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&public);
        Ok(32)
    }

    fn key_agreement(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        peer_key: &[u8],
        shared_secret: &mut [u8],
    ) -> Result<usize> {
        if alg != Algorithm::ECDH {
            return Err(Error::NotSupported);
        }
        let k: [u8; 32] = key_buffer
            .try_into()
            .map_err(|_| Error::CorruptionDetected)?;
        let u: [u8; 32] = peer_key.try_into().map_err(|_| Error::InvalidArgument)?;
        let shared = x25519_dalek::x25519(k, u);
        // RFC 7748 §6.1: an all-zero output means a low-order peer point.
        if shared.iter().all(|&b| b == 0) {
            return Err(Error::InvalidArgument);
        }
        shared_secret
            .get_mut(..32)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&shared);
        Ok(32)
    }
}

register_drivers! {
    /// The curve test driver, then the built-in (HKDF, AES-GCM, P-256).
    pub struct CurvesWithBuiltin {
        transparent: [curves: Curves],
        builtin: true,
    }
}

register_drivers! {
    /// The curve test driver and the instrumented driver (which serves the KDF), then the
    /// built-in.
    pub struct CurvesWithAccel {
        transparent: [curves: Curves, accel: Accel],
        builtin: true,
    }
}

const HKDF_SHA256: Algorithm = Algorithm::hkdf(Algorithm::SHA_256);
const PBKDF2_SHA256: Algorithm = Algorithm::pbkdf2_hmac(Algorithm::SHA_256);
const X25519_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::MONTGOMERY);

/// A key-derivation path: a PSA instance and who must serve the KDF's entry points.
struct Path<'a, D: Dispatch> {
    name: &'static str,
    psa: &'a Psa<D>,
    who: Candidate,
}

impl<D: Dispatch> Path<'_, D> {
    fn check_served(&self, what: &str) {
        let receipts: Vec<Receipt> = self.psa.dispatcher().recorder().take().collect();
        for ep in [
            EntryPoint::KeyDerivationSetup,
            EntryPoint::KeyDerivationInputBytes,
            EntryPoint::KeyDerivationOutputBytes,
        ] {
            let last = receipts.iter().rev().find(|r| r.entry_point == ep);
            assert_eq!(
                last.and_then(Receipt::served_by),
                Some(self.who),
                "{what}: {} on {}",
                ep.name(),
                self.name
            );
        }
    }
}

/// One PBKDF2 vector: password, salt, iterations, expected output.
type Pbkdf2Vector = (&'static [u8], &'static [u8], u64, &'static str);

const PBKDF2_HMAC_SHA256_VECTORS: &[Pbkdf2Vector] = &[
    // RFC 7914 §11.
    (
        b"passwd",
        b"salt",
        1,
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
    ),
    (
        b"Password",
        b"NaCl",
        80000,
        "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
    ),
    // The RFC 6070 inputs with SHA-256 (Go's x/crypto/pbkdf2 sha256TestVectors).
    (
        b"password",
        b"salt",
        1,
        "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
    ),
    (
        b"password",
        b"salt",
        2,
        "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43",
    ),
    (
        b"password",
        b"salt",
        4096,
        "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
    ),
    (
        b"passwordPASSWORDpassword",
        b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
        4096,
        "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9",
    ),
    (
        b"pass\0word",
        b"sa\0lt",
        4096,
        "89b69d0516f829893c696226650a8687",
    ),
];

const PBKDF2_AES_CMAC_VECTORS: &[Pbkdf2Vector] = &[
    // Thread 1.4 §8.4.1.2.1, the PSKc test vector (an 18-byte passphrase: the PRF key is
    // reduced with AES-CMAC first).
    (
        b"12SECRETPASSWORD34",
        b"Thread\x00\x01\x02\x03\x04\x05\x06\x07Test Network",
        16384,
        "c3f59368445a1b6106be420a706d4cc9",
    ),
    // Computed with Python's `cryptography` (see the module docs): a 16-byte password (used
    // as the AES key as it is), three blocks; an 8-byte one; an empty one, two blocks.
    (
        b"0123456789abcdef",
        b"salt",
        2,
        "2d1cb36599e6a918e5a9d6561b98476aa9bb700fcc94c28e86016bb023b401d2aa859969fbeef628",
    ),
    (b"password", b"NaCl", 1, "ed9f0d7473a76016a1d23252bcb30fde"),
    (
        b"",
        b"saltSALTsaltSALT",
        1000,
        "f069cc0d64efaddef7f116505f11c69600223eedd6203fa888abe688b7b0bf9c",
    ),
];

/// Run PBKDF2 vectors on a path: output in two pieces, then `verify_bytes` of the same
/// output (match, and a one-bit change refused), the salt split in two inputs.
fn pbkdf2_suite<D: Dispatch>(
    path: &Path<'_, D>,
    alg: Algorithm,
    vectors: &[Pbkdf2Vector],
) -> usize {
    for &(password, salt, cost, expected) in vectors {
        let expected = hex(expected);
        let what = format!("{alg:?} c={cost} {:?}", String::from_utf8_lossy(password));
        let mut op = path.psa.key_derivation_operation();
        op.setup(alg).unwrap();
        op.input_integer(DerivationStep::Cost, cost).unwrap();
        let (s1, s2) = salt.split_at(salt.len() / 2);
        op.input_bytes(DerivationStep::Salt, s1).unwrap();
        op.input_bytes(DerivationStep::Salt, s2).unwrap();
        op.input_bytes(DerivationStep::Password, password).unwrap();
        let mut out = vec![0u8; expected.len()];
        let (a, b) = out.split_at_mut(expected.len() / 3);
        op.output_bytes(a).unwrap();
        op.output_bytes(b).unwrap();
        assert_eq!(out, expected, "{what} on {}", path.name);
        path.check_served(&what);
        op.abort().unwrap();

        if cost <= 4096 {
            for flip in [None, Some(expected.len() - 1)] {
                let mut op = path.psa.key_derivation_operation();
                op.setup(alg).unwrap();
                op.input_integer(DerivationStep::Cost, cost).unwrap();
                op.input_bytes(DerivationStep::Salt, salt).unwrap();
                op.input_bytes(DerivationStep::Password, password).unwrap();
                let mut e = expected.clone();
                if let Some(i) = flip {
                    e[i] ^= 1;
                }
                let r = op.verify_bytes(&e);
                match flip {
                    None => assert_eq!(r, Ok(()), "{what}: verify_bytes"),
                    Some(_) => assert_eq!(r, Err(Error::InvalidSignature), "{what}: mismatch"),
                }
            }
        }
    }
    vectors.len()
}

fn accel_psa() -> Psa<CurvesWithAccel> {
    Psa::new(CurvesWithAccel::new(Curves, Accel))
}

#[test]
fn pbkdf2_vectors_through_the_builtin_and_a_driver() {
    let builtin = paths::builtin_only();
    let accel = accel_psa();
    let builtin_path = Path::<BuiltinOnly> {
        name: "built-in",
        psa: &builtin,
        who: Candidate::Builtin,
    };
    let accel_path = Path {
        name: "instrumented transparent driver",
        psa: &accel,
        who: Candidate::Driver(1),
    };
    for (alg, vectors, source) in [
        (
            PBKDF2_SHA256,
            PBKDF2_HMAC_SHA256_VECTORS,
            "RFC 7914 §11 and Go x/crypto PBKDF2-HMAC-SHA-256",
        ),
        (
            Algorithm::PBKDF2_AES_CMAC_PRF_128,
            PBKDF2_AES_CMAC_VECTORS,
            "Thread 1.4 PSKc and Python cryptography PBKDF2-AES-CMAC-PRF-128",
        ),
    ] {
        let n = pbkdf2_suite(&builtin_path, alg, vectors);
        println!("{source} [built-in]: {n} vectors");
        let n = pbkdf2_suite(&accel_path, alg, vectors);
        println!("{source} [instrumented transparent driver]: {n} vectors");
        assert_eq!(
            served_by(accel.dispatcher(), EntryPoint::KeyDerivationInputInteger),
            Some(Candidate::Driver(1)),
            "the cost went to the driver that accepted setup"
        );
    }
}

#[test]
fn pbkdf2_input_rules() {
    let psa = paths::builtin_only();
    // The cost comes first, then the salt, then the password.
    let mut op = psa.key_derivation_operation();
    op.setup(PBKDF2_SHA256).unwrap();
    assert_eq!(
        op.input_bytes(DerivationStep::Salt, b"salt"),
        Err(Error::BadState)
    );
    assert!(!op.is_active(), "an out-of-order input fails the operation");
    op.abort().unwrap();
    op.setup(PBKDF2_SHA256).unwrap();
    assert_eq!(
        op.input_integer(DerivationStep::Cost, 0),
        Err(Error::InvalidArgument)
    );
    op.abort().unwrap();
    op.setup(PBKDF2_SHA256).unwrap();
    assert_eq!(
        op.input_integer(DerivationStep::Salt, 1),
        Err(Error::InvalidArgument),
        "only the cost is numeric"
    );
    op.abort().unwrap();
    op.setup(PBKDF2_SHA256).unwrap();
    op.input_integer(DerivationStep::Cost, 1).unwrap();
    assert_eq!(
        op.input_bytes(DerivationStep::Cost, b"1"),
        Err(Error::InvalidArgument),
        "a cost is not bytes"
    );
    op.abort().unwrap();
    // HKDF takes no integer.
    op.setup(HKDF_SHA256).unwrap();
    assert_eq!(
        op.input_integer(DerivationStep::Cost, 1),
        Err(Error::InvalidArgument)
    );
}

/// HKDF with the module's fixed inputs (salt, secret key, info).
fn hkdf_from_key<'p, D: Dispatch>(
    psa: &'p Psa<D>,
    secret: KeyId,
    info: &[u8],
) -> psa_core::KeyDerivationOperation<'p, D, psa_core::DefaultEntropy, 32> {
    let mut op = psa.key_derivation_operation();
    op.setup(HKDF_SHA256).unwrap();
    op.input_bytes(DerivationStep::Salt, b"output_key salt")
        .unwrap();
    op.input_key(DerivationStep::Secret, secret).unwrap();
    op.input_bytes(DerivationStep::Info, info).unwrap();
    op
}

fn derive_key_attributes() -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::DERIVE)
        .with_usage(UsageFlags::DERIVE)
        .with_algorithm(HKDF_SHA256)
}

fn exported(psa: &Psa<impl Dispatch>, id: KeyId) -> Vec<u8> {
    let mut out = [0u8; 64];
    let n = psa.export_key(id, &mut out).unwrap();
    out[..n].to_vec()
}

#[test]
fn capacity_is_kept_by_the_core() {
    let psa = paths::builtin_only();
    let secret = psa
        .import_key(&derive_key_attributes(), b"output_key input key material")
        .unwrap();
    let mut op = psa.key_derivation_operation();
    assert_eq!(op.get_capacity(), Err(Error::BadState));
    assert_eq!(op.set_capacity(1), Err(Error::BadState));
    op.setup(HKDF_SHA256).unwrap();
    assert_eq!(op.get_capacity(), Ok(255 * 32), "HKDF: 255 hash lengths");
    assert_eq!(op.set_capacity(255 * 32 + 1), Err(Error::InvalidArgument));
    op.abort().unwrap();

    let mut op = hkdf_from_key(&psa, secret, b"AES-256 then HMAC");
    op.set_capacity(40).unwrap();
    let mut out = [0u8; 32];
    op.output_bytes(&mut out).unwrap();
    assert_eq!(
        out[..],
        hex("f044dbd26d30570e555e7c99d5229fa180e109e9a357cdd37ed83b00c1f8e339")[..]
    );
    assert_eq!(op.get_capacity(), Ok(8));
    let mut out = [0u8; 9];
    assert_eq!(op.output_bytes(&mut out), Err(Error::InsufficientData));
    assert_eq!(out, [0; 9], "nothing written");
    assert!(
        op.is_active(),
        "INSUFFICIENT_DATA leaves the operation active"
    );
    assert_eq!(op.get_capacity(), Ok(0), "and its capacity 0");
    assert_eq!(op.output_bytes(&mut out[..1]), Err(Error::InsufficientData));
    op.output_bytes(&mut []).unwrap();

    assert_eq!(
        op.output_key(&KeyAttributes::new().with_type(KeyType::AES).with_bits(128)),
        Err(Error::InsufficientData)
    );

    let mut op = psa.key_derivation_operation();
    op.setup(Algorithm::pbkdf2_hmac(Algorithm::SHA_512))
        .unwrap();
    assert_eq!(
        op.get_capacity(),
        Ok((u32::MAX as usize).saturating_mul(64))
    );
}

#[test]
fn output_key_follows_the_spec_rules() {
    let psa = Psa::new(CurvesWithBuiltin::new(Curves));
    let secret = psa
        .import_key(&derive_key_attributes(), b"output_key input key material")
        .unwrap();
    let exportable = |t: KeyType, bits: usize| {
        KeyAttributes::new()
            .with_type(t)
            .with_bits(bits)
            .with_usage(UsageFlags::EXPORT)
    };

    // Symmetric keys: the next bits / 8 bytes, then the stream goes on.
    let mut op = hkdf_from_key(&psa, secret, b"AES-256 then HMAC");
    let aes = op.output_key(&exportable(KeyType::AES, 256)).unwrap();
    let mac = op.output_key(&exportable(KeyType::HMAC, 160)).unwrap();
    assert_eq!(
        exported(&psa, aes),
        hex("f044dbd26d30570e555e7c99d5229fa180e109e9a357cdd37ed83b00c1f8e339")
    );
    assert_eq!(
        exported(&psa, mac),
        hex("6a6552371a884f2145e51fa8bb6826709dec2945")
    );
    assert_eq!(op.get_capacity(), Ok(255 * 32 - 52));
    assert_eq!(
        op.output_key(&exportable(KeyType::AES, 0)),
        Err(Error::InvalidArgument),
        "the size is required"
    );
    assert_eq!(
        op.output_key(&exportable(KeyType::AES, 100)),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        op.output_key(&exportable(
            KeyType::ecc_public_key(EccFamily::SECP_R1),
            256
        )),
        Err(Error::InvalidArgument),
        "a public key cannot be derived"
    );
    assert_eq!(
        op.output_key(&exportable(KeyType::RSA_KEY_PAIR, 2048)),
        Err(Error::NotSupported)
    );

    // P-256 (built-in import): the first draw is below n - 1, the key is it plus one.
    let op2 = &mut hkdf_from_key(&psa, secret, b"P-256");
    let p256 = op2
        .output_key(&exportable(KeyType::ecc_key_pair(EccFamily::SECP_R1), 256))
        .unwrap();
    assert_eq!(
        exported(&psa, p256),
        hex("9feaf31efe07961c28bb7d3ee81435574420f4c03832115073f59351454470a5")
    );
    assert_eq!(op2.get_capacity(), Ok(255 * 32 - 32));

    // brainpoolP256r1: the first 32 bytes (fed99b…) are above n - 2 and are drawn again.
    let op3 = &mut hkdf_from_key(&psa, secret, b"brainpoolP256r1 6");
    let bp = op3
        .output_key(&exportable(
            KeyType::ecc_key_pair(EccFamily::BRAINPOOL_P_R1),
            256,
        ))
        .unwrap();
    assert_eq!(
        exported(&psa, bp),
        hex("6b7102a694066a0c0716f1a013d510a6ef16c3545f06cc3e581e3abad6f02e88")
    );
    assert_eq!(op3.get_capacity(), Ok(255 * 32 - 64), "two draws");

    // X25519: 32 bytes clamped as RFC 7748 §5 says.
    let op4 = &mut hkdf_from_key(&psa, secret, b"X25519");
    let x = op4.output_key(&exportable(X25519_PAIR, 255)).unwrap();
    assert_eq!(
        exported(&psa, x),
        hex("f086d88d1eba50b5390eeba3107b24512bbc5491f35bc6c811318c7caf9a2b78")
    );
}

#[test]
fn output_and_verification_permissions() {
    let psa = paths::builtin_only();
    // A secret input as bytes: output_bytes yes, output_key no.
    let mut op = psa.key_derivation_operation();
    op.setup(HKDF_SHA256).unwrap();
    op.input_bytes(DerivationStep::Secret, b"secret").unwrap();
    op.input_bytes(DerivationStep::Info, b"").unwrap();
    assert_eq!(
        op.output_key(&KeyAttributes::new().with_type(KeyType::AES).with_bits(128)),
        Err(Error::NotPermitted)
    );
    op.output_bytes(&mut [0u8; 16]).unwrap();

    // A password key with VERIFY_DERIVATION only: verification, no output.
    let password = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::PASSWORD)
                .with_usage(UsageFlags::VERIFY_DERIVATION)
                .with_algorithm(PBKDF2_SHA256),
            b"password",
        )
        .unwrap();
    let hash = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::PASSWORD_HASH)
                .with_usage(UsageFlags::VERIFY_DERIVATION)
                .with_algorithm(PBKDF2_SHA256),
            &hex("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        )
        .unwrap();
    let wrong_usage = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::PASSWORD_HASH)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(PBKDF2_SHA256),
            &hex("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        )
        .unwrap();
    let start = || {
        let mut op = psa.key_derivation_operation();
        op.setup(PBKDF2_SHA256).unwrap();
        op.input_integer(DerivationStep::Cost, 4096).unwrap();
        op.input_bytes(DerivationStep::Salt, b"salt").unwrap();
        op.input_key(DerivationStep::Password, password).unwrap();
        op
    };
    let mut op = start();
    assert_eq!(op.output_bytes(&mut [0u8; 32]), Err(Error::NotPermitted));
    let mut op = start();
    assert_eq!(
        op.output_key(&KeyAttributes::new().with_type(KeyType::AES).with_bits(128)),
        Err(Error::NotPermitted)
    );
    let mut op = start();
    assert_eq!(op.verify_key(hash), Ok(()));
    let mut op = start();
    assert_eq!(op.verify_key(wrong_usage), Err(Error::NotPermitted));
    let mut op = start();
    assert_eq!(
        op.verify_key(password),
        Err(Error::InvalidArgument),
        "the expected value is a PASSWORD_HASH key"
    );

    // A password key without VERIFY_DERIVATION: output, no verification.
    let derive_only = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::PASSWORD)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(PBKDF2_SHA256),
            b"password",
        )
        .unwrap();
    let mut op = psa.key_derivation_operation();
    op.setup(PBKDF2_SHA256).unwrap();
    op.input_integer(DerivationStep::Cost, 4096).unwrap();
    op.input_bytes(DerivationStep::Salt, b"salt").unwrap();
    op.input_key(DerivationStep::Password, derive_only).unwrap();
    assert_eq!(op.verify_bytes(&[0; 4]), Err(Error::NotPermitted));
    let mut op = psa.key_derivation_operation();
    op.setup(PBKDF2_SHA256).unwrap();
    op.input_integer(DerivationStep::Cost, 4096).unwrap();
    op.input_bytes(DerivationStep::Salt, b"salt").unwrap();
    op.input_key(DerivationStep::Password, derive_only).unwrap();
    let k = op
        .output_key(
            &KeyAttributes::new()
                .with_type(KeyType::PASSWORD_HASH)
                .with_bits(256)
                .with_usage(UsageFlags::EXPORT),
        )
        .unwrap();
    assert_eq!(
        exported(&psa, k),
        hex("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")
    );
}

// ----- key agreement as the secret: the done-when test ---------------------------------------

/// RFC 7748 §6.1.
const ALICE_PRIVATE: &str = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const BOB_PUBLIC: &str = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
/// HKDF-SHA-256(salt, K = RFC 7748's shared secret 4a5d9d…1742, info), 16 bytes: computed
/// with Python's `hmac` / `hashlib` (PRK de8925cb…ea45).
const SALT: &[u8] = b"psa-core issue 15";
const INFO: &[u8] = b"X25519 + HKDF-SHA-256 -> AES-128-GCM";
const DERIVED_AES_KEY: &str = "1310f646c353b2fb283587097f48f078";
/// `AESGCM(DERIVED_AES_KEY).encrypt(nonce = 00 01 … 0b, PLAINTEXT, aad = b"")` with Python's
/// `cryptography`: ciphertext ‖ tag.
const PLAINTEXT: &[u8] = b"decrypted with a key derived from RFC 7748's shared secret";
const CIPHERTEXT: &str = "6912bbc6ad708a533c8925e2681525b02a24be88ad5a774c752c0e10d35396cadd3b18f91173e14ed0e4f27df775a259262726c3b015de1a7e2d939cfb2966a1aa362607acca775b9c77";

fn x25519_hkdf_into_aes<D: Dispatch>(psa: &Psa<D>, name: &str) {
    let ka = Algorithm::key_agreement(Algorithm::ECDH, HKDF_SHA256);
    let alice = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(X25519_PAIR)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(ka),
            &hex(ALICE_PRIVATE),
        )
        .unwrap();
    let mut op = psa.key_derivation_operation();
    op.setup(ka).unwrap();
    op.input_bytes(DerivationStep::Salt, SALT).unwrap();
    op.key_agreement(DerivationStep::Secret, alice, &hex(BOB_PUBLIC))
        .unwrap();
    assert_eq!(
        served_by(psa.dispatcher(), EntryPoint::KeyAgreement),
        Some(Candidate::Driver(0)),
        "{name}: the X25519 test driver served the agreement"
    );
    op.input_bytes(DerivationStep::Info, INFO).unwrap();
    let attributes = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_bits(128)
        .with_usage(UsageFlags::DECRYPT | UsageFlags::EXPORT)
        .with_algorithm(Algorithm::GCM);
    let aes = op.output_key(&attributes).unwrap();
    assert_eq!(exported(psa, aes), hex(DERIVED_AES_KEY), "{name}");
    let nonce: Vec<u8> = (0..12).collect();
    let mut plaintext = vec![0u8; PLAINTEXT.len()];
    let n = psa
        .aead_decrypt(
            aes,
            Algorithm::GCM,
            &nonce,
            &[],
            &hex(CIPHERTEXT),
            &mut plaintext,
        )
        .unwrap();
    assert_eq!(&plaintext[..n], PLAINTEXT, "{name}");

    // The agreement's policy: a key for another KDF, or without DERIVE, is refused.
    let other = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(X25519_PAIR)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(Algorithm::key_agreement(
                    Algorithm::ECDH,
                    Algorithm::hkdf(Algorithm::SHA_384),
                )),
            &hex(ALICE_PRIVATE),
        )
        .unwrap();
    let mut op = psa.key_derivation_operation();
    op.setup(ka).unwrap();
    assert_eq!(
        op.key_agreement(DerivationStep::Secret, other, &hex(BOB_PUBLIC)),
        Err(Error::NotPermitted),
        "{name}"
    );
    let mut op = psa.key_derivation_operation();
    op.setup(HKDF_SHA256).unwrap();
    assert_eq!(
        op.key_agreement(DerivationStep::Secret, alice, &hex(BOB_PUBLIC)),
        Err(Error::InvalidArgument),
        "{name}: HKDF alone has no key agreement"
    );
}

#[test]
fn x25519_key_agreement_into_hkdf_gives_an_aes_key_that_decrypts_a_known_ciphertext() {
    x25519_hkdf_into_aes(&Psa::new(CurvesWithBuiltin::new(Curves)), "built-in HKDF");
    let accel = accel_psa();
    x25519_hkdf_into_aes(&accel, "driver HKDF");
    assert_eq!(
        served_by(accel.dispatcher(), EntryPoint::KeyDerivationSetup),
        Some(Candidate::Driver(1)),
        "the instrumented driver ran the KDF"
    );
    println!("RFC 7748 §6.1 + RFC 5869 + AES-128-GCM (computed independently): 1 vector, 2 paths");
}
