//! test_c041: `psa_sign_hash`: import a key pair, sign a digest, check the signature length,
//! then verify the suite's expected signature with a verify-only copy of the key; plus the
//! negative checks (a key id that names no key, and id 0).

use psa_core::{
    Algorithm, Dispatch, EccFamily, Error, KeyAttributes, KeyId, KeyType, Psa, UsageFlags,
};

use crate::cases::second::{Row, described, first_valid, negative, ok, rows};
use crate::common::*;
use crate::ext;
use crate::harness::{Check, Cx, Feature, Feature::*, Path, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    usage: UsageFlags,
    alg: Algorithm,
    hash: &'static [u8],
    signature_size: usize,
    expected_signature: &'static [u8],
    expected: Status,
}
described!(Entry);

/// The suite's `check1` table.
const TABLE: &[Row<Entry>] = &[
    Row::Run(Entry {
        desc: "Test psa_sign_hash - RSA KEY_PAIR PKCS1V15 RAW",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_HASH,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        hash: &SHA_256_HASH,
        signature_size: BUFFER_SIZE,
        expected_signature: &SIGNATURE_1,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_hash - RSA KEY_PAIR PKCS1V15 SHA-256",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature_size: BUFFER_SIZE,
        expected_signature: SIGNATURE_2.split_at(128).0,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_hash -RSA KEY_PAIR PKCS1V15 SHA-256-invalid hash",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_512_HASH,
        signature_size: BUFFER_SIZE,
        expected_signature: SIGNATURE_2.split_at(128).0,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_hash - ECDSA_DETERMINISTIC SECP256R1 SHA-256",
        needs: &[Sha256, EccSecp256r1, DeterministicEcdsa],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &EC_KEYPAIR_DETERMINISTIC,
        usage: UsageFlags::SIGN_HASH,
        alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature_size: BUFFER_SIZE,
        expected_signature: &SIGNATURE_3,
        expected: SUCCESS,
    }),
    Row::NotExpressible(
        "Test psa_sign_hash - ECDSA SECP256R1 SHA-256",
        "reads 32 bytes from the 28-byte `ec_key_pair` (an out-of-bounds read in C)",
    ),
    Row::Run(Entry {
        desc: "Test psa_sign_hash - Invalid key type (RSA public key)",
        needs: &[Sha256, Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        usage: UsageFlags::SIGN_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &[],
        signature_size: 128,
        expected_signature: &[],
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_hash - Small output buffer",
        needs: &[Sha256, Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature_size: 127,
        expected_signature: &SIGNATURE_1,
        expected: Err(Error::BufferTooSmall),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_hash - Invalid algorithm",
        needs: &[Sha256, Rsa1024],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_HASH,
        alg: Algorithm::SHA_256,
        hash: &[],
        signature_size: BUFFER_SIZE,
        expected_signature: &[],
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_hash - Invalid key type (AES Key)",
        needs: &[Sha256, RsaPkcs1v15Sign, Aes128],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        usage: UsageFlags::SIGN_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &[],
        signature_size: BUFFER_SIZE,
        expected_signature: &[],
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_hash - Invalid usage",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::ENCRYPT,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &[],
        signature_size: BUFFER_SIZE,
        expected_signature: &[],
        expected: Err(Error::NotPermitted),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_hash - Wrong hash size",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: SHA_256_HASH.split_at(31).0,
        signature_size: BUFFER_SIZE,
        expected_signature: &[],
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_hash - Eddsa25519ph",
        needs: &[TwistedEdwards],
        key_type: KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS),
        data: &EDDSA_25519PH_KEYPAIR,
        usage: UsageFlags::SIGN_HASH,
        alg: ext::ALG_ED25519PH,
        hash: &SHA_512_HASH_EDDSA519,
        signature_size: BUFFER_SIZE,
        expected_signature: &EDDSA_25519PH_SIGNATURE,
        expected: SUCCESS,
    }),
];

fn sign<D: Dispatch>(path: Path, psa: &Psa<D>, e: &Entry) -> Check {
    let attributes = KeyAttributes::new()
        .with_lifetime(path.lifetime())
        .with_type(e.key_type)
        .with_algorithm(e.alg)
        .with_usage(e.usage);
    let key = ok("import_key", psa.import_key(&attributes, e.data))?;
    let mut signature = vec![0u8; e.signature_size];
    let signed = expect(
        "sign_hash",
        psa.sign_hash(key, e.alg, e.hash, &mut signature),
        e.expected,
    )?;
    ok("destroy_key", psa.destroy_key(key))?;
    let Some(length) = signed else {
        return Ok(());
    };
    same("signature length", &length, &e.expected_signature.len())?;
    // The suite's expected signature verifies with the key (imported for VERIFY_HASH only).
    let verifier = ok(
        "import_key (verify)",
        psa.import_key(&attributes.with_usage(UsageFlags::VERIFY_HASH), e.data),
    )?;
    ok(
        "verify_hash (expected signature)",
        psa.verify_hash(verifier, e.alg, e.hash, e.expected_signature),
    )?;
    if e.alg.is_deterministic_ecdsa() {
        // Deterministic ECDSA (RFC 6979): the signature is the suite's.
        same("signature", &signature[..length], e.expected_signature)?;
    }
    ok("destroy_key (verify)", psa.destroy_key(verifier))
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    rows(cx, TABLE, sign);
    let valid = first_valid(cx, TABLE, |e| e.expected == SUCCESS);
    for (desc, id) in [
        ("Test psa_sign_hash - Invalid key handle", KeyId(10)),
        ("Test psa_sign_hash - Zero as key handle", KeyId::NULL),
    ] {
        negative(cx, desc, &valid, |psa, e| {
            let mut signature = vec![0u8; e.signature_size];
            expect(
                "sign_hash",
                psa.sign_hash(id, e.alg, e.hash, &mut signature),
                Err(Error::InvalidHandle),
            )
            .map(drop)
        });
    }
}
