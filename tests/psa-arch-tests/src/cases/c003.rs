//! test_c003: `psa_export_key`: import, export (status, length, bytes), destroy, then export
//! again (`INVALID_HANDLE`).

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
const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_export_key 16 Byte AES",
        needs: &[Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: AES_16B_KEY_SIZE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_key 24 Byte AES",
        needs: &[Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        bits: bytes_to_bits(AES_24B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: AES_24B_KEY_SIZE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_key 32 Byte AES",
        needs: &[Aes256],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        bits: bytes_to_bits(AES_32B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: AES_32B_KEY_SIZE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_key 2048 RSA public key",
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
        desc: "Test psa_export_key with RSA 2048 keypair",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_256_KEY_PAIR,
        data_length: 1193,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: 1193,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_key with DES 64 bit key",
        needs: &[Ctr, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        bits: bytes_to_bits(DES_8B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: DES_8B_KEY_SIZE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_key with Triple DES 2-Key",
        needs: &[Ctr, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        bits: bytes_to_bits(DES3_2B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: DES3_2B_KEY_SIZE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_key with Triple DES 3-Key",
        needs: &[Ctr, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        bits: bytes_to_bits(DES3_3B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: DES3_3B_KEY_SIZE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_key with EC Public key",
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
        desc: "Test psa_export_key with EC keypair",
        needs: &[EccSecp224r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &EC_KEY_PAIR,
        data_length: 28,
        bits: bytes_to_bits(28),
        usage_flags: UsageFlags::EXPORT,
        data_size: BUFFER_SIZE,
        expected_data_length: 28,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_export_key with key policy verify",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::VERIFY_MESSAGE,
        data_size: BUFFER_SIZE,
        expected_data_length: AES_16B_KEY_SIZE,
        expected_status: Err(Error::NotPermitted),
    },
    Entry {
        desc: "Test psa_export_key with less buffer size",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        data_size: 14,
        expected_data_length: AES_16B_KEY_SIZE,
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
                "export_key",
                psa.export_key(id, &mut out),
                e.expected_status,
            )?;
            if let Some(len) = exported {
                same("exported length", &len, &e.expected_data_length)?;
                same("exported key", &out[..len], data)?;
            }
            expect("destroy_key", psa.destroy_key(id), SUCCESS)?;
            if exported.is_some() {
                let again = psa.export_key(id, &mut out);
                expect("export_key after destroy", again, Err(Error::InvalidHandle))?;
            }
            Ok(())
        });
    }
}
