//! test_c034: `psa_cipher_generate_iv` after encrypt setup: status, length, a nonzero IV; a
//! second generate is `BAD_STATE`; after destroy, an import with reset attributes is
//! `NOT_SUPPORTED`.

use psa_core::{Algorithm, Dispatch, Error, KeyAttributes, KeyType, UsageFlags};

use crate::common::*;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    data_length: usize,
    usage_flags: UsageFlags,
    alg: Algorithm,
    iv_size: usize,
    expected_iv_length: usize,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    key_type: KeyType::NONE,
    data: &[],
    data_length: 0,
    usage_flags: UsageFlags::NONE,
    alg: Algorithm::NONE,
    iv_size: 0,
    expected_iv_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_cipher_generate_iv 16 Byte AES",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv_size: BUFFER_SIZE,
        expected_iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv 24 Byte AES",
        needs: &[Ctr, Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv_size: BUFFER_SIZE,
        expected_iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv 32 Byte AES",
        needs: &[Ctr, Aes256],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv_size: BUFFER_SIZE,
        expected_iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv 16 Byte AES in CBC mode",
        needs: &[CbcNoPadding, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv_size: BUFFER_SIZE,
        expected_iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv 24 Byte AES in CBC mode",
        needs: &[CbcNoPadding, Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv_size: BUFFER_SIZE,
        expected_iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv 32 Byte AES in CBC mode",
        needs: &[CbcNoPadding, Aes256],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv_size: BUFFER_SIZE,
        expected_iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv DES 64 bit key",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv_size: BUFFER_SIZE,
        expected_iv_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv DES 2-Key",
        needs: &[CbcNoPadding, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv_size: BUFFER_SIZE,
        expected_iv_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv DES 3-Key",
        needs: &[CbcNoPadding, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv_size: BUFFER_SIZE,
        expected_iv_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv AES - small iv buffer",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv_size: 8,
        expected_iv_length: 16,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv AES in CBC mode - small iv buffer",
        needs: &[CbcNoPadding, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv_size: 8,
        expected_iv_length: 16,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_generate_iv DES - small iv buffer",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv_size: 4,
        expected_iv_length: 8,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        let attributes = cx
            .attributes()
            .with_type(e.key_type)
            .with_usage(e.usage_flags)
            .with_algorithm(e.alg);
        cx.case(e.desc, e.needs, |psa| {
            let data = &e.data[..e.data_length];
            let key = expect("import_key", psa.import_key(&attributes, data), SUCCESS)?
                .unwrap_or_default();
            let mut op = psa.cipher_operation();
            expect(
                "cipher_encrypt_setup",
                op.encrypt_setup(key, e.alg),
                SUCCESS,
            )?;
            let mut iv = vec![0u8; e.iv_size];
            let got = op.generate_iv(&mut iv);
            let Some(len) = expect("cipher_generate_iv", got, e.expected_status)? else {
                expect("cipher_abort", op.abort(), SUCCESS)?;
                expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
                return Ok(());
            };
            same("IV length", &len, &e.expected_iv_length)?;
            crate::ensure!(iv[..len].iter().any(|&b| b != 0), "the IV is all zeros");
            let again = op.generate_iv(&mut iv);
            expect("cipher_generate_iv again", again, Err(Error::BadState))?;
            expect("cipher_abort", op.abort(), SUCCESS)?;
            expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
            let got = psa.import_key(&KeyAttributes::new(), data);
            expect(
                "import_key with reset attributes",
                got,
                Err(Error::NotSupported),
            )?;
            Ok(())
        });
    }
}
