//! test_c038: `psa_cipher_abort` after setup, twice; update after an abort is `BAD_STATE`.

use psa_core::{Algorithm, Dispatch, Error, KeyType, UsageFlags};

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
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_cipher_abort - Encrypt - AES CBC_NO_PADDING",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Encrypt - AES CBC_PKCS7",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_PKCS7,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Encrypt - AES CTR",
        needs: &[Aes128, Ctr],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Encrypt - DES CBC (nopad)",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Encrypt - 2-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Encrypt - 3-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Decrypt - AES CBC_NO_PADDING",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Decrypt - AES CBC_PKCS7",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_PKCS7,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Decrypt - AES CTR",
        needs: &[Aes128, Ctr],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CTR,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Decrypt - DES CBC (nopad)",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Decrypt - 2-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_abort - Decrypt - 3-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: SUCCESS,
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
            if e.usage_flags == UsageFlags::ENCRYPT {
                expect(
                    "cipher_encrypt_setup",
                    op.encrypt_setup(key, e.alg),
                    SUCCESS,
                )?;
            } else if e.usage_flags == UsageFlags::DECRYPT {
                expect(
                    "cipher_decrypt_setup",
                    op.decrypt_setup(key, e.alg),
                    SUCCESS,
                )?;
            }
            expect("cipher_abort", op.abort(), e.expected_status)?;
            expect("cipher_abort again", op.abort(), e.expected_status)?;
            expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
            Ok(())
        });
    }
    let desc = "Test psa_cipher_update after psa_cipher_abort";
    let Some(e) = CHECK1
        .iter()
        .find(|e| cx.missing(e.needs).is_none() && e.usage_flags == UsageFlags::ENCRYPT)
    else {
        cx.not_applicable(desc, "every cipher of the table");
        return;
    };
    let attributes = cx
        .attributes()
        .with_type(e.key_type)
        .with_usage(e.usage_flags)
        .with_algorithm(e.alg);
    cx.case(desc, e.needs, |psa| {
        let data = &e.data[..e.data_length];
        let key =
            expect("import_key", psa.import_key(&attributes, data), SUCCESS)?.unwrap_or_default();
        let mut op = psa.cipher_operation();
        expect(
            "cipher_encrypt_setup",
            op.encrypt_setup(key, e.alg),
            SUCCESS,
        )?;
        expect("cipher_set_iv", op.set_iv(&IV), SUCCESS)?;
        expect("cipher_abort", op.abort(), SUCCESS)?;
        let mut output = vec![0u8; BUFFER_SIZE];
        let got = op.update(&PLAINTEXT[..16], &mut output);
        expect("cipher_update after abort", got, Err(Error::BadState))?;
        expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
        Ok(())
    });
}
