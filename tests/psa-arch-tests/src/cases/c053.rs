//! test_c053: `psa_verify_message`: import a key and verify the suite's signature over a
//! message; plus the negative checks (a key id that names no key, and id 0).

use psa_core::{
    Algorithm, Dispatch, EccFamily, Error, KeyAttributes, KeyId, KeyType, Psa, UsageFlags,
};

use crate::cases::second::{Row, described, first_valid, negative, ok, rows};
use crate::common::*;
use crate::ext;
use crate::harness::{Check, Cx, Feature, Feature::*, Path, SUCCESS, Status, expect};

/// `signature_4` and the byte the suite reads past its end ("Wrong signature size": any
/// 129-byte signature is the wrong size).
const SIGNATURE_4_AND_A_BYTE: [u8; 129] = {
    let mut s = [0u8; 129];
    let mut i = 0;
    while i < SIGNATURE_4.len() {
        s[i] = SIGNATURE_4[i];
        i += 1;
    }
    s
};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    usage: UsageFlags,
    alg: Algorithm,
    input: &'static [u8],
    signature: &'static [u8],
    expected: Status,
}
described!(Entry);

/// The suite's `check1` table.
const TABLE: &[Row<Entry>] = &[
    Row::Run(Entry {
        desc: "Test psa_verify_message - RSA KEY_PAIR PKCS1V15 RAW",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        input: &HASH_INPUT,
        signature: &SIGNATURE_4,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - RSA Public Key PKCS1V15 RAW",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        input: &HASH_INPUT,
        signature: &SIGNATURE_4,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - RSA KEY_PAIR PKCS1V15 SHA-256",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature: &[],
        expected: Err(Error::InvalidSignature),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - ECDSA KEY_PAIR SECP256R1 SHA-256",
        needs: &[Sha256, DeterministicEcdsa, EccSecp256r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &EC_KEYPAIR_DETERMINISTIC,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature: &SIGNATURE_6,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - ECDSA Public Key SECP256R1 SHA-256",
        needs: &[Sha256, DeterministicEcdsa, EccSecp256r1],
        key_type: KeyType::ecc_public_key(EccFamily::SECP_R1),
        data: &EC_KEY_DATA,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature: &SIGNATURE_6,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - Small output buffer",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature: SIGNATURE_4.split_at(127).0,
        expected: Err(Error::InvalidSignature),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - Invalid algorithm",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: Algorithm::SHA_256,
        input: &HASH_INPUT,
        signature: &SIGNATURE_4,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - Invalid key type (AES Key)",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Aes128],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        input: &HASH_INPUT,
        signature: &SIGNATURE_4,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - Invalid usage",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature: &SIGNATURE_4,
        expected: Err(Error::NotPermitted),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - Wrong message size",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        input: HASH_INPUT.split_at(0).0,
        signature: &SIGNATURE_4,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - Wrong signature",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature: &SIGNATURE_4_INVALID,
        expected: Err(Error::InvalidSignature),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - Wrong signature size",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        input: &HASH_INPUT,
        signature: &SIGNATURE_4_AND_A_BYTE,
        expected: Err(Error::InvalidSignature),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - EDDSA Ed25519",
        needs: &[TwistedEdwards],
        key_type: KeyType::ecc_public_key(EccFamily::TWISTED_EDWARDS),
        data: &EDDSA_25519_PUBKEY,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::ALG_PURE_EDDSA,
        input: &EDDSA_25519_MESSAGE,
        signature: &EDDSA_25519_SIGNATURE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - Eddsa25519ph",
        needs: &[TwistedEdwards],
        key_type: KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS),
        data: &EDDSA_25519PH_KEYPAIR,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::ALG_ED25519PH,
        input: &EDDSA_25519PH_MESSAGE,
        signature: &EDDSA_25519PH_SIGNATURE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_message - EDDSA 448PH",
        needs: &[TwistedEdwards],
        key_type: KeyType::ecc_public_key(EccFamily::TWISTED_EDWARDS),
        data: &EDDSA_448PH_PUBKEY,
        usage: UsageFlags::VERIFY_MESSAGE,
        alg: ext::ALG_ED448PH,
        input: &EDDSA_448PH_MESSAGE,
        signature: &EDDSA_448PH_SIGNATURE,
        expected: SUCCESS,
    }),
];

fn verify<D: Dispatch>(path: Path, psa: &Psa<D>, e: &Entry) -> Check {
    let attributes = KeyAttributes::new()
        .with_lifetime(path.lifetime())
        .with_type(e.key_type)
        .with_algorithm(e.alg)
        .with_usage(e.usage);
    let key = ok("import_key", psa.import_key(&attributes, e.data))?;
    expect(
        "verify_message",
        psa.verify_message(key, e.alg, e.input, e.signature),
        e.expected,
    )?;
    ok("destroy_key", psa.destroy_key(key))
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    rows(cx, TABLE, verify);
    let valid = first_valid(cx, TABLE, |e| e.expected == SUCCESS);
    for (desc, id) in [
        ("Test psa_verify_message - Invalid key handle", KeyId(13)),
        ("Test psa_verify_message - Zero as key handle", KeyId::NULL),
    ] {
        negative(cx, desc, &valid, |psa, e| {
            expect(
                "verify_message",
                psa.verify_message(id, e.alg, e.input, e.signature),
                Err(Error::InvalidHandle),
            )?;
            // The suite's own call here is psa_verify_hash, with the message as the hash.
            expect(
                "verify_hash",
                psa.verify_hash(id, e.alg, e.input, e.signature),
                Err(Error::InvalidHandle),
            )
            .map(drop)
        });
    }
}
