//! test_c044: `psa_copy_key`: import a source key, copy it under target attributes, destroy
//! the source, check the copy's attributes (type, usage = intersection, algorithm, bits) and,
//! when it may be exported, its material; copying from the destroyed source must then give
//! `INVALID_HANDLE`.

use psa_core::{
    Algorithm, Dispatch, EccFamily, Error, KeyAttributes, KeyType, Lifetime, Psa, UsageFlags,
};

use crate::cases::second::{Row, described, ok, rows};
use crate::common::*;
use crate::ext;
use crate::harness::{Check, Cx, Feature, Feature::*, Path, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    alg: Algorithm,
    usage: UsageFlags,
    lifetime: Lifetime,
    data: &'static [u8],
    target_type: KeyType,
    target_alg: Algorithm,
    target_usage: UsageFlags,
    target_lifetime: Lifetime,
    target_bits: usize,
    expected_usage: UsageFlags,
    export_size: usize,
    expected_data_length: usize,
    expected: Status,
}
described!(Entry);

/// The suite's `check1` table.
const TABLE: &[Row<Entry>] = &[
    Row::Run(Entry {
        desc: "Test psa_copy_key - 16 Byte AES",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        alg: Algorithm::CTR,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        target_type: KeyType::AES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: bytes_to_bits(AES_16B_KEY_SIZE),
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: AES_16B_KEY_SIZE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - without copy usage",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        alg: Algorithm::CTR,
        usage: UsageFlags::EXPORT,
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        target_type: KeyType::AES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: bytes_to_bits(AES_16B_KEY_SIZE),
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: AES_16B_KEY_SIZE,
        expected: Err(Error::NotPermitted),
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - invalid lifetime",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        alg: Algorithm::CTR,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        target_type: KeyType::AES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::PERSISTENT,
        target_bits: bytes_to_bits(AES_16B_KEY_SIZE),
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: AES_16B_KEY_SIZE,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - invalid key type",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        alg: Algorithm::CTR,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        target_type: KeyType::DES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: bytes_to_bits(AES_16B_KEY_SIZE),
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: AES_16B_KEY_SIZE,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - invalid key bits",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        alg: Algorithm::CTR,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        target_type: KeyType::AES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: bytes_to_bits(AES_16B_KEY_SIZE) - 1,
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: AES_16B_KEY_SIZE,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - 24 Byte AES",
        needs: &[Ctr, Aes192],
        key_type: KeyType::AES,
        alg: Algorithm::CTR,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0 | UsageFlags::ENCRYPT.0),
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(AES_24B_KEY_SIZE).0,
        target_type: KeyType::AES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0 | UsageFlags::ENCRYPT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: bytes_to_bits(AES_24B_KEY_SIZE),
        expected_usage: UsageFlags(
            UsageFlags::COPY.0 | UsageFlags::EXPORT.0 | UsageFlags::ENCRYPT.0,
        ),
        export_size: BUFFER_SIZE,
        expected_data_length: AES_24B_KEY_SIZE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - 32 Byte AES",
        needs: &[Ctr, Aes256],
        key_type: KeyType::AES,
        alg: Algorithm::CTR,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0 | UsageFlags::DECRYPT.0),
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(AES_32B_KEY_SIZE).0,
        target_type: KeyType::AES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0 | UsageFlags::ENCRYPT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: bytes_to_bits(AES_32B_KEY_SIZE),
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: AES_32B_KEY_SIZE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - 2048 RSA public key",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_PUBLIC_KEY,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0 | UsageFlags::SIGN_HASH.0),
        lifetime: Lifetime::VOLATILE,
        data: &RSA_256_KEY_DATA,
        target_type: KeyType::RSA_PUBLIC_KEY,
        target_alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0 | UsageFlags::ENCRYPT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: 2048,
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: 270,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - RSA 2048 keypair",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_KEY_PAIR,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: &RSA_256_KEY_PAIR,
        target_type: KeyType::RSA_KEY_PAIR,
        target_alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        target_usage: UsageFlags(
            UsageFlags::COPY.0 | UsageFlags::EXPORT.0 | UsageFlags::VERIFY_HASH.0,
        ),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: 2048,
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: 1193,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - Incompatible target policy(source and target)",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_KEY_PAIR,
        alg: ext::alg_rsa_pkcs1v15_sign(Algorithm::ANY_HASH),
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: &RSA_256_KEY_PAIR,
        target_type: KeyType::RSA_KEY_PAIR,
        target_alg: ext::alg_rsa_pss(Algorithm::ANY_HASH),
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: 2048,
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: 1193,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - source key with no export usage",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_KEY_PAIR,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::SIGN_HASH.0),
        lifetime: Lifetime::VOLATILE,
        data: &RSA_256_KEY_PAIR,
        target_type: KeyType::RSA_KEY_PAIR,
        target_alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: 2048,
        expected_usage: UsageFlags::COPY,
        export_size: BUFFER_SIZE,
        expected_data_length: 1193,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - DES 64 bit key",
        needs: &[Ctr, Des1Key],
        key_type: KeyType::DES,
        alg: Algorithm::CTR,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(DES_8B_KEY_SIZE).0,
        target_type: KeyType::DES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: bytes_to_bits(DES_8B_KEY_SIZE),
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: DES_8B_KEY_SIZE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - Triple DES 2-Key",
        needs: &[Ctr, Des2Key],
        key_type: KeyType::DES,
        alg: Algorithm::CTR,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(DES3_2B_KEY_SIZE).0,
        target_type: KeyType::DES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: bytes_to_bits(DES3_2B_KEY_SIZE),
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: DES3_2B_KEY_SIZE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - Triple DES 3-Key",
        needs: &[Ctr, Des3Key],
        key_type: KeyType::DES,
        alg: Algorithm::CTR,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: KEY_DATA.split_at(DES3_3B_KEY_SIZE).0,
        target_type: KeyType::DES,
        target_alg: Algorithm::CTR,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: bytes_to_bits(DES3_3B_KEY_SIZE),
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: DES3_3B_KEY_SIZE,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - EC Public key",
        needs: &[Ecdsa, EccSecp256r1],
        key_type: KeyType::ecc_public_key(EccFamily::SECP_R1),
        alg: Algorithm::ECDSA_ANY,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: &EC_KEY_DATA,
        target_type: KeyType::ecc_public_key(EccFamily::SECP_R1),
        target_alg: Algorithm::ECDSA_ANY,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: 256,
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: 65,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - EC keypair",
        needs: &[Ecdsa, EccSecp224r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        alg: Algorithm::ECDSA_ANY,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: &EC_KEY_PAIR,
        target_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        target_alg: Algorithm::ECDSA_ANY,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: 224,
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: 28,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - CHACHA20 Key",
        needs: &[Cipher, Chacha20],
        key_type: KeyType::CHACHA20,
        alg: Algorithm::STREAM_CIPHER,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: &CHACHA20_KEY,
        target_type: KeyType::CHACHA20,
        target_alg: Algorithm::STREAM_CIPHER,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: 256,
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: 32,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_copy_key - XCHACHA20 Key",
        needs: &[Cipher, Xchacha20],
        key_type: ext::KEY_TYPE_XCHACHA20,
        alg: Algorithm::STREAM_CIPHER,
        usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        lifetime: Lifetime::VOLATILE,
        data: &XCHACHA20_KEY,
        target_type: ext::KEY_TYPE_XCHACHA20,
        target_alg: Algorithm::STREAM_CIPHER,
        target_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        target_lifetime: Lifetime::VOLATILE,
        target_bits: 256,
        expected_usage: UsageFlags(UsageFlags::COPY.0 | UsageFlags::EXPORT.0),
        export_size: BUFFER_SIZE,
        expected_data_length: 32,
        expected: SUCCESS,
    }),
];

/// The table's volatile lifetime is the path's key location (the secure element's on that
/// path); other lifetimes are kept as the suite gives them.
fn on_path(path: Path, lifetime: Lifetime) -> Lifetime {
    if lifetime == Lifetime::VOLATILE {
        path.lifetime()
    } else {
        lifetime
    }
}

fn copy<D: Dispatch>(path: Path, psa: &Psa<D>, e: &Entry) -> Check {
    let source = KeyAttributes::new()
        .with_type(e.key_type)
        .with_algorithm(e.alg)
        .with_usage(e.usage)
        .with_lifetime(on_path(path, e.lifetime));
    let key = ok("import_key", psa.import_key(&source, e.data))?;
    let target = KeyAttributes::new()
        .with_type(e.target_type)
        .with_algorithm(e.target_alg)
        .with_usage(e.target_usage)
        .with_lifetime(on_path(path, e.target_lifetime))
        .with_bits(e.target_bits);
    let copied = expect("copy_key", psa.copy_key(key, &target), e.expected)?;
    ok("destroy_key (source)", psa.destroy_key(key))?;
    let Some(copy) = copied else {
        return Ok(());
    };
    let got = ok("get_key_attributes", psa.get_key_attributes(copy))?;
    same("key type", &got.key_type(), &e.target_type)?;
    same("usage", &got.usage(), &e.expected_usage)?;
    same("algorithm", &got.algorithm(), &e.target_alg)?;
    same("bits", &got.bits(), &e.target_bits)?;
    let mut exported = vec![0u8; e.export_size];
    let export = psa.export_key(copy, &mut exported);
    if e.expected_usage.contains(UsageFlags::EXPORT) {
        let length = ok("export_key", export)?;
        same("exported length", &length, &e.expected_data_length)?;
        same("exported material", &exported[..length], &e.data[..length])?;
    }
    ok("destroy_key (copy)", psa.destroy_key(copy))?;
    expect(
        "copy_key (destroyed source)",
        psa.copy_key(key, &target),
        Err(Error::InvalidHandle),
    )
    .map(drop)
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    rows(cx, TABLE, copy);
}
