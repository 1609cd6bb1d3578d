//! test_c002: `psa_import_key`: import, read the attributes back, destroy, then import the
//! same data with reset attributes (which must fail and give no key).

use psa_core::{Dispatch, EccFamily, Error, KeyAttributes, KeyType, UsageFlags};

use crate::common::*;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    bits: usize,
    usage: UsageFlags,
    expected: Status,
}

const SECP_R1_PUB: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
const SECP_R1_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);

const TABLE: &[Entry] = &[
    Entry {
        desc: "Test psa_import_key 16 bytes AES",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key 24 bytes AES",
        needs: &[Ctr, Aes192],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_24B_KEY_SIZE).0,
        bits: bytes_to_bits(AES_24B_KEY_SIZE),
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key 32 bytes AES",
        needs: &[Ctr, Aes256],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_32B_KEY_SIZE).0,
        bits: bytes_to_bits(AES_32B_KEY_SIZE),
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key 2048 RSA public key",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_256_KEY_DATA,
        bits: bytes_to_bits(256),
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key with RSA 2048 keypair",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_256_KEY_PAIR,
        bits: bytes_to_bits(256),
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key with DES 8 bytes key",
        needs: &[Ctr, Des1Key],
        key_type: KeyType::DES,
        data: KEY_DATA.split_at(DES_8B_KEY_SIZE).0,
        bits: bytes_to_bits(DES_8B_KEY_SIZE),
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key with Triple DES 2-Key",
        needs: &[Ctr, Des2Key],
        key_type: KeyType::DES,
        data: KEY_DATA.split_at(DES3_2B_KEY_SIZE).0,
        bits: bytes_to_bits(DES3_2B_KEY_SIZE),
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key with Triple DES 3-Key",
        needs: &[Ctr, Des3Key],
        key_type: KeyType::DES,
        data: KEY_DATA.split_at(DES3_3B_KEY_SIZE).0,
        bits: bytes_to_bits(DES3_3B_KEY_SIZE),
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key with EC Public key",
        needs: &[Ecdsa, EccSecp256r1],
        key_type: SECP_R1_PUB,
        data: &EC_KEY_DATA,
        bits: 256,
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key with EC keypair",
        needs: &[Ecdsa, EccSecp224r1],
        key_type: SECP_R1_PAIR,
        data: &EC_KEY_PAIR,
        bits: 224,
        usage: UsageFlags::EXPORT,
        expected: SUCCESS,
    },
    Entry {
        desc: "Test psa_import_key 16 bytes AES with invalid bits",
        needs: &[Ctr, Aes],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        bits: bytes_to_bits(AES_16B_KEY_SIZE) + 1,
        usage: UsageFlags::EXPORT,
        expected: Err(Error::InvalidArgument),
    },
    Entry {
        desc: "Test psa_import_key with key data greater than the algorithm size",
        needs: &[Ctr, Aes],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_34B_KEY_SIZE).0,
        bits: bytes_to_bits(AES_34B_KEY_SIZE),
        usage: UsageFlags::EXPORT,
        expected: Err(Error::InvalidArgument),
    },
    Entry {
        desc: "Test psa_import_key with incorrect key data size",
        needs: &[Ctr, Aes],
        key_type: KeyType::AES,
        data: KEY_DATA.split_at(AES_18B_KEY_SIZE).0,
        bits: bytes_to_bits(AES_18B_KEY_SIZE),
        usage: UsageFlags::EXPORT,
        expected: Err(Error::InvalidArgument),
    },
    Entry {
        desc: "Test psa_import_key with invalid key type value",
        needs: &[Ctr],
        key_type: KeyType::NONE,
        data: KEY_DATA.split_at(AES_16B_KEY_SIZE).0,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage: UsageFlags::EXPORT,
        expected: Err(Error::NotSupported),
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in TABLE {
        let attributes = cx
            .attributes()
            .with_type(e.key_type)
            .with_bits(e.bits)
            .with_usage(e.usage);
        cx.case(e.desc, e.needs, |psa| {
            let Some(id) = expect(
                "import_key",
                psa.import_key(&attributes, e.data),
                e.expected,
            )?
            else {
                return Ok(());
            };
            let got = expect("get_key_attributes", psa.get_key_attributes(id), SUCCESS)?
                .unwrap_or_default();
            same("key type", &got.key_type(), &e.key_type)?;
            same("key bits", &got.bits(), &e.bits)?;
            expect("destroy_key", psa.destroy_key(id), SUCCESS)?;
            // Reset attributes: importing must fail (the C test also checks the id stays 0,
            // which an `Err` carries by construction).
            if let Ok(id) = psa.import_key(&KeyAttributes::new(), e.data) {
                return Err(crate::harness::Failure(format!(
                    "import_key with reset attributes succeeded (key {id:?})"
                )));
            }
            Ok(())
        });
    }
}
