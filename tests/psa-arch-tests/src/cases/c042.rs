//! test_c042: `psa_verify_hash`: import a key, verify the suite's signature over a digest;
//! plus the negative checks (a key id that names no key, and id 0).

use psa_core::{
    Algorithm, Dispatch, EccFamily, Error, KeyAttributes, KeyId, KeyType, Psa, UsageFlags,
};

use crate::cases::second::{Row, described, first_valid, negative, ok, rows};
use crate::common::*;
use crate::ext;
use crate::harness::{Check, Cx, Feature, Feature::*, Path, SUCCESS, Status, expect};

/// `sign` of the suite's test_c042.c: an RSA-PSS (any salt) signature of "hello".
const PSS_SIGNATURE: [u8; 128] = [
    0x7b, 0xff, 0x8a, 0xc2, 0x59, 0xfd, 0xad, 0xd6, 0xe9, 0x17, 0xf6, 0x93, 0x12, 0xc4, 0x30, 0x6e,
    0xef, 0x3a, 0x2b, 0x9c, 0x2f, 0xc2, 0x2b, 0x32, 0xc8, 0xd2, 0x68, 0xde, 0xb7, 0x79, 0xdc, 0x07,
    0x6a, 0x07, 0x22, 0x68, 0xbf, 0xf9, 0x56, 0x92, 0xe7, 0x0d, 0x88, 0x6a, 0x2d, 0x5c, 0xdc, 0x5f,
    0x63, 0x5a, 0x04, 0x65, 0x11, 0x50, 0xeb, 0x1c, 0x04, 0xc9, 0xb0, 0xfe, 0xa0, 0x3a, 0xcc, 0x9a,
    0x0f, 0x62, 0x8e, 0x26, 0x35, 0xe8, 0x1e, 0x35, 0x94, 0x4a, 0xaf, 0x76, 0x17, 0xcf, 0x19, 0x3f,
    0x84, 0x3b, 0x1b, 0x72, 0x1a, 0x89, 0xa2, 0x10, 0xf6, 0xfb, 0xc9, 0x6e, 0x20, 0xdb, 0x66, 0x53,
    0x47, 0x81, 0x45, 0x86, 0xc5, 0x03, 0x28, 0xec, 0xb0, 0xc4, 0x15, 0x56, 0x4c, 0xf3, 0xce, 0x64,
    0x13, 0xc6, 0xcc, 0x93, 0x04, 0xd0, 0x79, 0x2e, 0x9e, 0x8f, 0x73, 0x5c, 0x26, 0x09, 0x53, 0x8e,
];

/// `hash` of the suite's test_c042.c: SHA-256("hello").
const PSS_HASH: [u8; 32] = [
    0x2c, 0xf2, 0x4d, 0xba, 0x5f, 0xb0, 0xa3, 0x0e, 0x26, 0xe8, 0x3b, 0x2a, 0xc5, 0xb9, 0xe2, 0x9e,
    0x1b, 0x16, 0x1e, 0x5c, 0x1f, 0xa7, 0x42, 0x5e, 0x73, 0x04, 0x33, 0x62, 0x93, 0x8b, 0x98, 0x24,
];

/// `PSA_ALG_RSA_PSS_ANY_SALT(hash)` (PSA Crypto API 1.1; `psa-core` does not name it yet).
const fn rsa_pss_any_salt(hash: Algorithm) -> Algorithm {
    Algorithm(0x0600_1300 | (hash.0 & 0xff))
}

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    usage: UsageFlags,
    alg: Algorithm,
    hash: &'static [u8],
    signature: &'static [u8],
    expected: Status,
}
described!(Entry);

/// The suite's `check1` table.
const TABLE: &[Row<Entry>] = &[
    Row::Run(Entry {
        desc: "Test psa_verify_hash - RSA KEY_PAIR PKCS1V15 RAW",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        hash: &SHA_256_HASH,
        signature: &SIGNATURE_1,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - RSA KEY_PAIR PKCS1V15 SHA-256",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature: SIGNATURE_2.split_at(128).0,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - RSA KEY_PAIR PKCS1V15 SHA-256 - invalid hash",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_INCORRECT_HASH,
        signature: SIGNATURE_2.split_at(128).0,
        expected: Err(Error::InvalidSignature),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - ECDSA KEY_PAIR SECP256R1 SHA-256",
        needs: &[Sha256, DeterministicEcdsa, EccSecp256r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &EC_KEYPAIR_DETERMINISTIC,
        usage: UsageFlags::VERIFY_HASH,
        alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature: &SIGNATURE_3,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - EC public key",
        needs: &[Sha256, DeterministicEcdsa, EccSecp256r1],
        key_type: KeyType::ecc_public_key(EccFamily::SECP_R1),
        data: &EC_KEY_DATA,
        usage: UsageFlags::VERIFY_HASH,
        alg: Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature: &SIGNATURE_3,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - RSA public key",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature: SIGNATURE_2.split_at(128).0,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - Small output buffer",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature: SIGNATURE_2.split_at(127).0,
        expected: Err(Error::InvalidSignature),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - Invalid algorithm",
        needs: &[Rsa1024],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_HASH,
        alg: Algorithm::SHA_256,
        hash: &SHA_256_HASH,
        signature: SIGNATURE_2.split_at(128).0,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - Invalid key type (AES Key)",
        needs: &[RsaPkcs1v15Sign, Aes128],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature: SIGNATURE_2.split_at(128).0,
        expected: Err(Error::NotSupported),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - Invalid usage",
        needs: &[Rsa1024, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::ENCRYPT,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature: SIGNATURE_2.split_at(128).0,
        expected: Err(Error::NotPermitted),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - Wrong hash size",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: SHA_256_HASH.split_at(31).0,
        signature: SIGNATURE_2.split_at(128).0,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - Wrong signature",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature: &SIGNATURE_2_INVALID,
        expected: Err(Error::InvalidSignature),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - Wrong signature size",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::SHA_256),
        hash: &SHA_256_HASH,
        signature: &SIGNATURE_2,
        expected: Err(Error::InvalidSignature),
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - PSA_ALG_RSA_PSS_ANY_SALT",
        needs: &[Rsa1024, RsaPkcs1v15Sign, Sha256],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        usage: UsageFlags::VERIFY_HASH,
        alg: rsa_pss_any_salt(Algorithm::SHA_256),
        hash: &PSS_HASH,
        signature: &PSS_SIGNATURE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_verify_hash - Eddsa25519ph",
        needs: &[TwistedEdwards],
        key_type: KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS),
        data: &EDDSA_25519PH_KEYPAIR,
        usage: UsageFlags::VERIFY_HASH,
        alg: ext::ALG_ED25519PH,
        hash: &SHA_512_HASH_EDDSA519,
        signature: &EDDSA_25519PH_SIGNATURE,
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
        "verify_hash",
        psa.verify_hash(key, e.alg, e.hash, e.signature),
        e.expected,
    )?;
    ok("destroy_key", psa.destroy_key(key))
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    rows(cx, TABLE, verify);
    let valid = first_valid(cx, TABLE, |e| e.expected == SUCCESS);
    for (desc, id) in [
        ("Test psa_verify_hash - Invalid key handle", KeyId(13)),
        ("Test psa_verify_hash - Zero as key handle", KeyId::NULL),
    ] {
        negative(cx, desc, &valid, |psa, e| {
            expect(
                "verify_hash",
                psa.verify_hash(id, e.alg, e.hash, e.signature),
                Err(Error::InvalidHandle),
            )
            .map(drop)
        });
    }
}
