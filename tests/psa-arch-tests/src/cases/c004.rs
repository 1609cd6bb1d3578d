//! test_c004: `psa_export_public_key`: import, export the public part (status, length, bytes:
//! the data itself for public keys, the test's expected public key for key pairs), destroy,
//! then export again (`INVALID_HANDLE`).

use psa_core::{Dispatch, EccFamily, Error, KeyType, UsageFlags};

use crate::common::*;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    data_length: usize,
    bits: usize,
    usage_flags: UsageFlags,
    data_size: usize,
    expected_data_length: usize,
    expected_status: Status,
}

// The suite guards the two EC entries with `ARCH_TEST_ASYMMETRIC_ENCRYPTION`; they need only
// the curve, so that is what they list here.
/// `expected_rsa_256_pubprv` (the test's own data).
const EXPECTED_RSA_256_PUBPRV: [u8; 270] = [
    0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00, 0xc0, 0x95, 0x08, 0xe1, 0x57, 0x41, 0xf2,
    0x71, 0x6d, 0xb7, 0xd2, 0x45, 0x41, 0x27, 0x01, 0x65, 0xc6, 0x45, 0xae, 0xf2, 0xbc, 0x24, 0x30,
    0xb8, 0x95, 0xce, 0x2f, 0x4e, 0xd6, 0xf6, 0x1c, 0x88, 0xbc, 0x7c, 0x9f, 0xfb, 0xa8, 0x67, 0x7f,
    0xfe, 0x5c, 0x9c, 0x51, 0x75, 0xf7, 0x8a, 0xca, 0x07, 0xe7, 0x35, 0x2f, 0x8f, 0xe1, 0xbd, 0x7b,
    0xc0, 0x2f, 0x7c, 0xab, 0x64, 0xa8, 0x17, 0xfc, 0xca, 0x5d, 0x7b, 0xba, 0xe0, 0x21, 0xe5, 0x72,
    0x2e, 0x6f, 0x2e, 0x86, 0xd8, 0x95, 0x73, 0xda, 0xac, 0x1b, 0x53, 0xb9, 0x5f, 0x3f, 0xd7, 0x19,
    0x0d, 0x25, 0x4f, 0xe1, 0x63, 0x63, 0x51, 0x8b, 0x0b, 0x64, 0x3f, 0xad, 0x43, 0xb8, 0xa5, 0x1c,
    0x5c, 0x34, 0xb3, 0xae, 0x00, 0xa0, 0x63, 0xc5, 0xf6, 0x7f, 0x0b, 0x59, 0x68, 0x78, 0x73, 0xa6,
    0x8c, 0x18, 0xa9, 0x02, 0x6d, 0xaf, 0xc3, 0x19, 0x01, 0x2e, 0xb8, 0x10, 0xe3, 0xc6, 0xcc, 0x40,
    0xb4, 0x69, 0xa3, 0x46, 0x33, 0x69, 0x87, 0x6e, 0xc4, 0xbb, 0x17, 0xa6, 0xf3, 0xe8, 0xdd, 0xad,
    0x73, 0xbc, 0x7b, 0x2f, 0x21, 0xb5, 0xfd, 0x66, 0x51, 0x0c, 0xbd, 0x54, 0xb3, 0xe1, 0x6d, 0x5f,
    0x1c, 0xbc, 0x23, 0x73, 0xd1, 0x09, 0x03, 0x89, 0x14, 0xd2, 0x10, 0xb9, 0x64, 0xc3, 0x2a, 0xd0,
    0xa1, 0x96, 0x4a, 0xbc, 0xe1, 0xd4, 0x1a, 0x5b, 0xc7, 0xa0, 0xc0, 0xc1, 0x63, 0x78, 0x0f, 0x44,
    0x37, 0x30, 0x32, 0x96, 0x80, 0x32, 0x23, 0x95, 0xa1, 0x77, 0xba, 0x13, 0xd2, 0x97, 0x73, 0xe2,
    0x5d, 0x25, 0xc9, 0x6a, 0x0d, 0xc3, 0x39, 0x60, 0xa4, 0xb4, 0xb0, 0x69, 0x42, 0x42, 0x09, 0xe9,
    0xd8, 0x08, 0xbc, 0x33, 0x20, 0xb3, 0x58, 0x22, 0xa7, 0xaa, 0xeb, 0xc4, 0xe1, 0xe6, 0x61, 0x83,
    0xc5, 0xd2, 0x96, 0xdf, 0xd9, 0xd0, 0x4f, 0xad, 0xd7, 0x02, 0x03, 0x01, 0x00, 0x01,
];

/// `expected_ec_pubprv` (the test's own data).
const EXPECTED_EC_PUBPRV: [u8; 57] = [
    0x04, 0x16, 0x93, 0xa2, 0x90, 0xf7, 0xf0, 0xb5, 0x71, 0xfe, 0x2b, 0x41, 0xd5, 0xd8, 0x4b, 0x01,
    0x32, 0x76, 0x31, 0xf4, 0xa8, 0x60, 0xf9, 0x95, 0xfa, 0x33, 0x2c, 0x09, 0x7f, 0x54, 0x19, 0x2b,
    0xb1, 0x0f, 0x00, 0x11, 0x3f, 0x2a, 0xff, 0xb1, 0x3c, 0x1a, 0x24, 0xce, 0x44, 0x91, 0x45, 0x71,
    0xa9, 0x54, 0x40, 0xae, 0x01, 0x4a, 0x00, 0xcb, 0xf7,
];

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_export_public_key 16 Byte AES",
        needs: &[Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: AES_16B_KEY_SIZE,
        expected_status: Err(Error::InvalidArgument),
    },
    Entry {
        desc: "Test psa_export_public_key 24 Byte AES",
        needs: &[Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        bits: bytes_to_bits(AES_24B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: AES_24B_KEY_SIZE,
        expected_status: Err(Error::InvalidArgument),
    },
    Entry {
        desc: "Test psa_export_public_key 32 Byte AES",
        needs: &[Aes256],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        bits: bytes_to_bits(AES_32B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: AES_32B_KEY_SIZE,
        expected_status: Err(Error::InvalidArgument),
    },
    Entry {
        desc: "Test psa_export_public_key 2048 RSA public key",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_256_KEY_DATA,
        data_length: 270,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: 270,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_public_key with RSA 2048 keypair",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_256_KEY_PAIR,
        data_length: 1193,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: 270,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_public_key with DES 64 bit key",
        needs: &[Ctr, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        bits: bytes_to_bits(DES_8B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: DES_8B_KEY_SIZE,
        expected_status: Err(Error::InvalidArgument),
    },
    Entry {
        desc: "Test psa_export_public_key with Triple DES 2-Key",
        needs: &[Ctr, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        bits: bytes_to_bits(DES3_2B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: DES3_2B_KEY_SIZE,
        expected_status: Err(Error::InvalidArgument),
    },
    Entry {
        desc: "Test psa_export_public_key with Triple DES 3-Key",
        needs: &[Ctr, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        bits: bytes_to_bits(DES3_3B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: DES3_3B_KEY_SIZE,
        expected_status: Err(Error::InvalidArgument),
    },
    Entry {
        desc: "Test psa_export_public_key with EC Public key",
        needs: &[EccSecp256r1],
        key_type: KeyType::ecc_public_key(EccFamily::SECP_R1),
        data: &EC_KEY_DATA,
        data_length: 65,
        bits: 256,
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: 65,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_public_key with EC keypair",
        needs: &[EccSecp224r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &EC_KEY_PAIR,
        data_length: 28,
        bits: bytes_to_bits(28),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: 57,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_public_key with less buffer size",
        needs: &[RsaPkcs1v15Sign, Rsa],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_256_KEY_DATA,
        data_length: 270,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::EXPORT,
        data_size: 200,
        expected_data_length: 270,
        expected_status: Err(Error::BufferTooSmall),
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        let attributes = cx
            .attributes()
            .with_type(e.key_type)
            .with_bits(e.bits)
            .with_usage(e.usage_flags);
        cx.case(e.desc, e.needs, |psa| {
            let data = &e.data[..e.data_length];
            let id = expect("import_key", psa.import_key(&attributes, data), SUCCESS)?
                .unwrap_or_default();
            let mut out = vec![0u8; e.data_size];
            let exported = expect(
                "export_public_key",
                psa.export_public_key(id, &mut out),
                e.expected_status,
            )?;
            if let Some(len) = exported {
                same("exported length", &len, &e.expected_data_length)?;
                let public: &[u8] = if e.key_type == KeyType::RSA_KEY_PAIR {
                    &EXPECTED_RSA_256_PUBPRV
                } else if e.key_type.is_ecc() && e.key_type.is_key_pair() {
                    &EXPECTED_EC_PUBPRV
                } else {
                    data
                };
                same(
                    "exported public key",
                    &out[..len],
                    &public[..len.min(public.len())],
                )?;
            }
            expect("destroy_key", psa.destroy_key(id), SUCCESS)?;
            if exported.is_some() {
                let again = psa.export_public_key(id, &mut out);
                expect(
                    "export_public_key after destroy",
                    again,
                    Err(Error::InvalidHandle),
                )?;
            }
            Ok(())
        });
    }
}
