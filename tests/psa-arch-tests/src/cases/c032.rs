//! test_c032: `psa_cipher_encrypt_setup`: status (where the suite expects `NOT_SUPPORTED` or
//! `INVALID_ARGUMENT` it accepts either), abort, a second setup after a failed one; after
//! destroy, an import with reset attributes fails (either status); then setup with key ids
//! that name no key (`INVALID_HANDLE`).

use psa_core::{Algorithm, Dispatch, EccFamily, Error, KeyAttributes, KeyId, KeyType, UsageFlags};

use crate::common::*;
use crate::ext;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect, expect_one_of};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    data_length: usize,
    bits: usize,
    usage_flags: UsageFlags,
    alg: Algorithm,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    key_type: KeyType::NONE,
    data: &[],
    data_length: 0,
    bits: 0,
    usage_flags: UsageFlags::NONE,
    alg: Algorithm::NONE,
    expected_status: SUCCESS,
};

// "not a cipher algorithm" names CMAC without needing it, and the EC entries are guarded by
// `ARCH_TEST_ASYMMETRIC_ENCRYPTION` without needing it: they list what they use.
const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_cipher_encrypt_setup 16 Byte AES",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup 24 Byte AES",
        needs: &[Ctr, Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        bits: bytes_to_bits(AES_24B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup 32 Byte AES",
        needs: &[Ctr, Aes256],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        bits: bytes_to_bits(AES_32B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup 16 Byte AES in CBC mode",
        needs: &[CbcNoPadding, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup 24 Byte AES in CBC mode",
        needs: &[CbcNoPadding, Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        bits: bytes_to_bits(AES_24B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup 32 Byte AES in CBC mode",
        needs: &[CbcNoPadding, Aes256],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        bits: bytes_to_bits(AES_32B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup DES 64 bit key",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        bits: bytes_to_bits(DES_8B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup Triple DES 2-Key",
        needs: &[CbcNoPadding, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        bits: bytes_to_bits(DES3_2B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup Triple DES 3-Key",
        needs: &[CbcNoPadding, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        bits: bytes_to_bits(DES3_3B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup 16 Byte raw data",
        needs: &[Ctr],
        key_type: KeyType::RAW_DATA,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup - not a cipher algorithm",
        needs: &[Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CMAC,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup - unknown cipher algorithm",
        needs: &[Aes128, Cipher],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::NONE,
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup - incompatible key ARC4",
        needs: &[Aes128, Ctr, Des],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup - incorrect usage",
        needs: &[Aes128, Ctr],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CTR,
        expected_status: Err(Error::NotPermitted),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup - RSA public key",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_256_KEY_DATA,
        data_length: 270,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::ENCRYPT,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup - RSA keypair",
        needs: &[RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_256_KEY_PAIR,
        data_length: 1193,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::ENCRYPT,
        alg: ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup - EC Public key",
        needs: &[EccSecp256r1],
        key_type: KeyType::ecc_public_key(EccFamily::SECP_R1),
        data: &EC_KEY_DATA,
        data_length: 65,
        bits: 256,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::ECDSA_ANY,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_encrypt_setup - EC keypair",
        needs: &[EccSecp224r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &EC_KEY_PAIR,
        data_length: 28,
        bits: 224,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::ECDSA_ANY,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
];

/// The statuses the suite accepts for `expected`.
fn accepted(expected: Status) -> &'static [Status] {
    match expected {
        Err(Error::NotSupported) | Err(Error::InvalidArgument) => {
            &[Err(Error::NotSupported), Err(Error::InvalidArgument)]
        }
        Err(Error::NotPermitted) => &[Err(Error::NotPermitted)],
        Err(Error::BadState) => &[Err(Error::BadState)],
        _ => &[SUCCESS],
    }
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        let attributes = cx
            .attributes()
            .with_type(e.key_type)
            .with_bits(e.bits)
            .with_usage(e.usage_flags)
            .with_algorithm(e.alg);
        cx.case(e.desc, e.needs, |psa| {
            let data = &e.data[..e.data_length];
            let key = expect("import_key", psa.import_key(&attributes, data), SUCCESS)?
                .unwrap_or_default();
            let ok = accepted(e.expected_status);
            let mut op = psa.cipher_operation();
            expect_one_of("cipher_encrypt_setup", op.encrypt_setup(key, e.alg), ok)?;
            expect("cipher_abort", op.abort(), SUCCESS)?;
            if e.expected_status != SUCCESS {
                expect_one_of(
                    "cipher_encrypt_setup again",
                    op.encrypt_setup(key, e.alg),
                    ok,
                )?;
                expect("cipher_abort", op.abort(), SUCCESS)?;
            }
            expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
            let got = psa.import_key(&KeyAttributes::new(), data);
            let either = [Err(Error::NotSupported), Err(Error::InvalidArgument)];
            expect_one_of("import_key with reset attributes", got, &either)?;
            Ok(())
        });
    }
    let desc = "Test psa_cipher_encrypt_setup with invalid key id";
    let Some(e) = CHECK1.iter().find(|e| cx.missing(e.needs).is_none()) else {
        cx.not_applicable(desc, "every cipher of the table");
        return;
    };
    cx.case(desc, e.needs, |psa| {
        let mut op = psa.cipher_operation();
        for (what, key) in [("key id 16", KeyId(16)), ("key id 0", KeyId::NULL)] {
            expect(
                &format!("cipher_encrypt_setup, {what}"),
                op.encrypt_setup(key, e.alg),
                Err(Error::InvalidHandle),
            )?;
        }
        expect("cipher_abort", op.abort(), SUCCESS)?;
        Ok(())
    });
}
