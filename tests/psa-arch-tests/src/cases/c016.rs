//! test_c016: `psa_generate_key`: status, attributes read back, export length in range.

use psa_core::{Algorithm, Dispatch, EccFamily, Error, KeyType, UsageFlags};

use crate::common::*;
use crate::ext;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    usage_flags: UsageFlags,
    alg: Algorithm,
    bits: usize,
    /// Bounds on the exported length. For the RSA entries the suite's upper bound is
    /// `MIN(PSA_EXPORT_KEY_OUTPUT_SIZE(type, 2048), ..._MAX_SIZE)`; here it is the suite's
    /// export buffer (`BUFFER_SIZE`), which the export must fit anyway.
    expected_range: (usize, usize),
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    key_type: KeyType::NONE,
    usage_flags: UsageFlags::NONE,
    alg: Algorithm::NONE,
    bits: 0,
    expected_range: (0, 0),
    expected_status: SUCCESS,
};

// The suite guards the ECC entry with `ARCH_TEST_ASYMMETRIC_ENCRYPTION`; it needs only P-224.
const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_generate_key 16 Byte AES",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        expected_range: (AES_16B_KEY_SIZE, AES_16B_KEY_SIZE),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key 24 Byte AES",
        needs: &[Ctr, Aes192],
        key_type: KeyType::AES,
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        bits: bytes_to_bits(AES_24B_KEY_SIZE),
        expected_range: (AES_24B_KEY_SIZE, AES_24B_KEY_SIZE),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key 32 Byte AES",
        needs: &[Ctr, Aes256],
        key_type: KeyType::AES,
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        bits: bytes_to_bits(AES_32B_KEY_SIZE),
        expected_range: (AES_32B_KEY_SIZE, AES_32B_KEY_SIZE),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key with DES 64 bit key",
        needs: &[Ctr, Des1Key],
        key_type: KeyType::DES,
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        bits: bytes_to_bits(DES_8B_KEY_SIZE),
        expected_range: (DES_8B_KEY_SIZE, DES_8B_KEY_SIZE),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key with Triple DES 2-Key",
        needs: &[Ctr, Des2Key],
        key_type: KeyType::DES,
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        bits: bytes_to_bits(DES3_2B_KEY_SIZE),
        expected_range: (DES3_2B_KEY_SIZE, DES3_2B_KEY_SIZE),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key with Triple DES 3-Key",
        needs: &[Ctr, Des3Key],
        key_type: KeyType::DES,
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        bits: bytes_to_bits(DES3_3B_KEY_SIZE),
        expected_range: (DES3_3B_KEY_SIZE, DES3_3B_KEY_SIZE),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key with RSA 2048 Keypair",
        needs: &[Rsa, Rsa2048, RsaPkcs1v15Sign],
        key_type: KeyType::RSA_KEY_PAIR,
        usage_flags: UsageFlags::EXPORT
            .union(UsageFlags::SIGN_HASH)
            .union(UsageFlags::VERIFY_HASH)
            .union(UsageFlags::SIGN_MESSAGE)
            .union(UsageFlags::VERIFY_MESSAGE),
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        bits: 2048,
        expected_range: (1, BUFFER_SIZE),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key with ECC KeyPair",
        needs: &[EccSecp224r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::ECDSA_ANY,
        bits: 224,
        expected_range: (28, 28),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key with RSA 2048 Public key",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_PUBLIC_KEY,
        usage_flags: UsageFlags::EXPORT
            .union(UsageFlags::SIGN_HASH)
            .union(UsageFlags::VERIFY_HASH)
            .union(UsageFlags::SIGN_MESSAGE)
            .union(UsageFlags::VERIFY_MESSAGE),
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        bits: 2048,
        expected_range: (1, BUFFER_SIZE),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key with invalid key type",
        needs: &[],
        key_type: KeyType::NONE,
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        expected_range: (AES_16B_KEY_SIZE, AES_16B_KEY_SIZE),
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
    Entry {
        desc: "Test psa_generate_key with invalid usage flags",
        needs: &[],
        key_type: KeyType::AES,
        usage_flags: UsageFlags(KEY_USAGE_INVALID),
        alg: Algorithm::CTR,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        expected_range: (AES_16B_KEY_SIZE, AES_16B_KEY_SIZE),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        let attributes = cx
            .attributes()
            .with_type(e.key_type)
            .with_bits(e.bits)
            .with_usage(e.usage_flags)
            .with_algorithm(e.alg);
        cx.case(e.desc, e.needs, |psa| {
            let Some(id) = expect(
                "generate_key",
                psa.generate_key(&attributes),
                e.expected_status,
            )?
            else {
                return Ok(());
            };
            let got = expect("get_key_attributes", psa.get_key_attributes(id), SUCCESS)?
                .unwrap_or_default();
            same("type", &got.key_type(), &e.key_type)?;
            same("bits", &got.bits(), &e.bits)?;
            same("usage", &got.usage(), &e.usage_flags)?;
            same("algorithm", &got.algorithm(), &e.alg)?;
            let mut out = vec![0u8; BUFFER_SIZE];
            let len = expect("export_key", psa.export_key(id, &mut out), SUCCESS)?.unwrap_or(0);
            let (lo, hi) = e.expected_range;
            crate::ensure!(
                (lo..=hi).contains(&len),
                "exported length {len} outside {lo}..={hi}"
            );
            expect("destroy_key", psa.destroy_key(id), SUCCESS)?;
            Ok(())
        });
    }
}
