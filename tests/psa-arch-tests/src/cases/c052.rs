//! test_c052: `psa_sign_message`: import a key pair, sign a message and compare with the
//! suite's (deterministic) signature; plus the negative checks (a key id that names no key,
//! and id 0).

use psa_core::{
    Algorithm, Dispatch, EccFamily, Error, KeyAttributes, KeyId, KeyType, Psa, UsageFlags,
};

use crate::cases::second::{API_MODE, Row, described, first_valid, negative, ok, rows};
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
    sign_alg: Algorithm,
    input: &'static [u8],
    signature_size: usize,
    expected_signature: &'static [u8],
    expected: Status,
}
described!(Entry);

/// The suite's `check1` table.
const TABLE: &[Row<Entry>] = &[
    Row::Run(Entry {
        desc: "Test psa_sign_message - RSA KEY_PAIR PKCS1V15 RAW",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        sign_alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        input: &HASH_INPUT,
        signature_size: BUFFER_SIZE,
        expected_signature: &SIGNATURE_4,
        expected: Err(Error::InvalidArgument),
    }),
    Row::NotApplicable(
        "Test psa_sign_message - RSA KEY_PAIR PKCS1V15 SHA-256",
        API_MODE,
    ),
    Row::Run(Entry {
        desc: "Test psa_sign_message - ECDSA SECP256R1 SHA-256",
        needs: &[Sha256, DeterministicEcdsa, EccSecp256r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &EC_KEYPAIR_DETERMINISTIC,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        sign_alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature_size: BUFFER_SIZE,
        expected_signature: &SIGNATURE_6,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - Invalid key type (RSA public key)",
        needs: &[Sha256, Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        sign_alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        input: &[],
        signature_size: 128,
        expected_signature: &[],
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - Small output buffer",
        needs: &[Sha256, Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        sign_alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature_size: 127,
        expected_signature: &SIGNATURE_1,
        expected: Err(Error::BufferTooSmall),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - Invalid algorithm",
        needs: &[Sha256, Rsa1024],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::SHA_256,
        sign_alg: Algorithm::SHA_256,
        input: &[],
        signature_size: BUFFER_SIZE,
        expected_signature: &[],
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - Invalid key type (AES Key)",
        needs: &[Sha256, RsaPkcs1v15Sign, Aes128],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        sign_alg: Algorithm::NONE,
        input: &[],
        signature_size: BUFFER_SIZE,
        expected_signature: &[],
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - Invalid usage",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        sign_alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        input: &[],
        signature_size: BUFFER_SIZE,
        expected_signature: &[],
        expected: Err(Error::NotPermitted),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - Mismatch key type and Algorithm",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        sign_alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature_size: BUFFER_SIZE,
        expected_signature: &[],
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - Alg mismatch in key and API call",
        needs: &[
            Rsa1024,
            RsaPkcs1v15Sign,
            Sha256,
            DeterministicEcdsa,
            EccSecp256r1,
        ],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        sign_alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature_size: BUFFER_SIZE,
        expected_signature: &[],
        expected: Err(Error::NotPermitted),
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - PURE_EDDSA_25519",
        needs: &[TwistedEdwards],
        key_type: KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS),
        data: &EDDSA_25519_KEYPAIR,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: ext::ALG_PURE_EDDSA,
        sign_alg: ext::ALG_PURE_EDDSA,
        input: &EDDSA_25519_MESSAGE,
        signature_size: BUFFER_SIZE,
        expected_signature: &EDDSA_25519_SIGNATURE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - PURE_EDDSA_448",
        needs: &[TwistedEdwards],
        key_type: KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS),
        data: &EDDSA_448_KEYPAIR,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: ext::ALG_PURE_EDDSA,
        sign_alg: ext::ALG_PURE_EDDSA,
        input: &EDDSA_448_MESSAGE,
        signature_size: BUFFER_SIZE,
        expected_signature: &EDDSA_448_SIGNATURE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_sign_message - EDDSA 448PH",
        needs: &[TwistedEdwards],
        key_type: KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS),
        data: &EDDSA_448PH_KEYPAIR,
        usage: UsageFlags::SIGN_MESSAGE,
        alg: ext::ALG_ED448PH,
        sign_alg: ext::ALG_ED448PH,
        input: &EDDSA_448PH_MESSAGE,
        signature_size: BUFFER_SIZE,
        expected_signature: &EDDSA_448PH_SIGNATURE,
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
        "sign_message",
        psa.sign_message(key, e.sign_alg, e.input, &mut signature),
        e.expected,
    )?;
    ok("destroy_key", psa.destroy_key(key))?;
    if let Some(length) = signed {
        same("signature", &signature[..length], e.expected_signature)?;
    }
    Ok(())
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    rows(cx, TABLE, sign);
    let valid = first_valid(cx, TABLE, |e| e.expected == SUCCESS);
    for (desc, id) in [
        ("Test psa_sign_message - Invalid key handle", KeyId(10)),
        ("Test psa_sign_message - Zero as key handle", KeyId::NULL),
    ] {
        negative(cx, desc, &valid, |psa, e| {
            let mut signature = vec![0u8; e.signature_size];
            expect(
                "sign_message",
                psa.sign_message(id, e.sign_alg, e.input, &mut signature),
                Err(Error::InvalidHandle),
            )
            .map(drop)
        });
    }
}
