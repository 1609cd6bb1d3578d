//! test_c035: `psa_cipher_set_iv` after encrypt setup: status; a second set is `BAD_STATE`
//! (after a failure too: the operation is then in error); after destroy, an import with
//! reset attributes is `NOT_SUPPORTED`.

use psa_core::{Algorithm, Dispatch, Error, KeyAttributes, KeyType, UsageFlags};

use crate::common::*;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    data_length: usize,
    usage_flags: UsageFlags,
    alg: Algorithm,
    iv: &'static [u8],
    iv_length: usize,
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
    iv: &[],
    iv_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_cipher_set_iv 16 Byte AES",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv: &IV,
        iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv 24 Byte AES",
        needs: &[Ctr, Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv: &IV,
        iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv 32 Byte AES",
        needs: &[Ctr, Aes256],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv: &IV,
        iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv 16 Byte AES in CBC mode",
        needs: &[CbcNoPadding, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv 24 Byte AES in CBC mode",
        needs: &[CbcNoPadding, Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv 32 Byte AES in CBC mode",
        needs: &[CbcNoPadding, Aes256],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv DES 64 bit key",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv DES 2-Key",
        needs: &[CbcNoPadding, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv DES 3-Key",
        needs: &[CbcNoPadding, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv AES - small iv buffer",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv: &IV,
        iv_length: 8,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv AES in CBC mode - small iv buffer",
        needs: &[CbcNoPadding, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv DES - small iv buffer",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 4,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv AES - large iv buffer",
        needs: &[Ctr, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv: &IV,
        iv_length: 17,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv AES in CBC mode - large iv buffer",
        needs: &[CbcNoPadding, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 17,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_set_iv DES - large iv buffer",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        expected_status: Err(Error::InvalidArgument),
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
            // The suite passes `iv_length` bytes of its IV array (longer than the array in
            // the "long IV" entries, whose extra bytes are unspecified: zeros here).
            let mut iv = e.iv.to_vec();
            iv.resize(e.iv_length, 0);
            expect("cipher_set_iv", op.set_iv(&iv), e.expected_status)?;
            expect("cipher_set_iv again", op.set_iv(&iv), Err(Error::BadState))?;
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
