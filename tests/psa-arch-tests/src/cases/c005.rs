//! test_c005: `psa_destroy_key`: import (with id, lifetime and algorithm set, in the suite's
//! order: id, then lifetime), destroy, check the key is gone (attributes, second destroy), then
//! destroying `PSA_KEY_ID_NULL` around a real destroy.

use psa_core::{
    Algorithm, Dispatch, EccFamily, Error, KeyAttributes, KeyId, KeyType, Lifetime, UsageFlags,
};

use crate::common::*;
use crate::ext;
use crate::harness::{Check, Cx, Feature, Feature::*, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    data_length: usize,
    bits: usize,
    usage_flags: UsageFlags,
    alg: Algorithm,
    id: u32,
    lifetime: Lifetime,
    expected_status: Status,
}

// The suite guards the EC key-pair entry with `ARCH_TEST_ASYMMETRIC_ENCRYPTION`; it needs only
// the curve.
const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_destroy_key 16 Byte AES",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        id: 0x12,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_destroy_key 24 Byte AES",
        needs: &[Ctr, Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        bits: bytes_to_bits(AES_24B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        id: 0x34,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_destroy_key 32 Byte AES",
        needs: &[Ctr, Aes256],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        bits: bytes_to_bits(AES_32B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        id: 0x56,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_destroy_key 2048 RSA public key",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_256_KEY_DATA,
        data_length: 270,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::EXPORT,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        id: 0x78,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_destroy_key with RSA 2048 keypair",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_256_KEY_PAIR,
        data_length: 1193,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::EXPORT,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        id: 0x89,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_destroy_key with DES 64 bit key",
        needs: &[Ctr, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        bits: bytes_to_bits(DES_8B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        id: 0xAB,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_destroy_key with Triple DES 2-Key",
        needs: &[Ctr, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        bits: bytes_to_bits(DES3_2B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        id: 0xBC,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_destroy_key with Triple DES 3-Key",
        needs: &[Ctr, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        bits: bytes_to_bits(DES3_3B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::CTR,
        id: 0xCD,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_destroy_key with EC Public key",
        needs: &[Ecdsa, EccSecp256r1],
        key_type: KeyType::ecc_public_key(EccFamily::SECP_R1),
        data: &EC_KEY_DATA,
        data_length: 65,
        bits: 256,
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::ECDSA_ANY,
        id: 0xEF,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
    Entry {
        desc: "Test psa_destroy_key with EC keypair",
        needs: &[EccSecp224r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &EC_KEY_PAIR,
        data_length: 28,
        bits: bytes_to_bits(28),
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::ECDSA_ANY,
        id: 0x123,
        lifetime: Lifetime::VOLATILE,
        expected_status: SUCCESS,
    },
];

fn attributes<D: Dispatch>(cx: &Cx<'_, D>, e: &Entry) -> KeyAttributes {
    // The suite's lifetime is volatile; on the secure-element path, volatile in the element.
    let lifetime = if e.lifetime == Lifetime::VOLATILE {
        cx.lifetime()
    } else {
        e.lifetime
    };
    let mut a = KeyAttributes::new()
        .with_type(e.key_type)
        .with_bits(e.bits)
        .with_usage(e.usage_flags);
    a.set_id(KeyId(e.id));
    a.set_lifetime(lifetime);
    a.with_algorithm(e.alg)
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    let mut first_valid = None;
    for e in CHECK1 {
        if first_valid.is_none() && cx.missing(e.needs).is_none() {
            first_valid = Some(e);
        }
        let attributes = attributes(cx, e);
        cx.case(e.desc, e.needs, |psa| {
            let data = &e.data[..e.data_length];
            let id = expect("import_key", psa.import_key(&attributes, data), SUCCESS)?
                .unwrap_or_default();
            expect("destroy_key", psa.destroy_key(id), e.expected_status)?;
            // The attributes of a destroyed key cannot be read; an `Err` carries none (the C
            // test checks they come back zeroed).
            expect(
                "get_key_attributes",
                psa.get_key_attributes(id),
                Err(Error::InvalidHandle),
            )?;
            expect(
                "destroy_key again",
                psa.destroy_key(id),
                Err(Error::InvalidHandle),
            )?;
            Ok(())
        });
    }
    // Check 2 of the suite: the first entry that runs, with PSA_KEY_ID_NULL destroys around.
    let desc = "Test psa_destroy_key with PSA_KEY_ID_NULL";
    match first_valid {
        None => cx.not_applicable(desc, "every entry of the table"),
        Some(e) => {
            let attributes = attributes(cx, e);
            cx.case(desc, e.needs, |psa| -> Check {
                let data = &e.data[..e.data_length];
                let id = expect("import_key", psa.import_key(&attributes, data), SUCCESS)?
                    .unwrap_or_default();
                expect(
                    "destroy_key(NULL)",
                    psa.destroy_key(KeyId::NULL),
                    e.expected_status,
                )?;
                expect("destroy_key", psa.destroy_key(id), e.expected_status)?;
                expect(
                    "destroy_key(NULL)",
                    psa.destroy_key(KeyId::NULL),
                    e.expected_status,
                )?;
                same("key gone", &psa.get_key_attributes(id).is_err(), &true)
            });
        }
    }
}
