//! test_c037: `psa_cipher_finish` after setup, `set_iv` and one update: status, the combined
//! length and output; finish on an operation never set up is `BAD_STATE`; after destroy, an
//! import with reset attributes is `NOT_SUPPORTED`.

use psa_core::{Algorithm, Dispatch, Error, KeyAttributes, KeyType, UsageFlags};

use crate::common::*;
use crate::ext;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect, same};

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
    input: &'static [u8],
    input_length: usize,
    output_size: usize,
    expected_output: &'static [u8],
    expected_output_length: usize,
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
    input: &[],
    input_length: 0,
    output_size: 0,
    expected_output: &[],
    expected_output_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - AES CBC_NO_PADDING",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        input: &PLAINTEXT,
        input_length: 16,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_1,
        expected_output_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - AES CBC_NO_PADDING (Short in)",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        input: &PLAINTEXT,
        input_length: 5,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_1,
        expected_output_length: 0,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - AES CBC_PKCS7",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_PKCS7,
        iv: &IV,
        iv_length: 16,
        input: &PLAINTEXT,
        input_length: 16,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_1,
        expected_output_length: 32,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - AES CBC_PKCS7 (Short input)",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_PKCS7,
        iv: &IV,
        iv_length: 16,
        input: &PLAINTEXT,
        input_length: 15,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_6,
        expected_output_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - AES CTR",
        needs: &[Aes128, Ctr],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv: &IV,
        iv_length: 16,
        input: &PLAINTEXT,
        input_length: 16,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_2,
        expected_output_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - AES CTR (short input)",
        needs: &[Aes128, Ctr],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        iv: &IV,
        iv_length: 16,
        input: &PLAINTEXT,
        input_length: 15,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_2,
        expected_output_length: 15,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - CCM* No tag",
        needs: &[Aes128, CcmStarNoTag],
        key_type: KeyType::AES,
        data: &CCM_STAR_NO_TAG_KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: ext::ALG_CCM_STAR_NO_TAG,
        iv: &CCM_STAR_NO_TAG_IV,
        iv_length: 13,
        input: &CCM_STAR_NO_TAG_PLAINTEXT,
        input_length: 24,
        output_size: BUFFER_SIZE,
        expected_output: &CCM_STAR_NO_TAG_CIPHERTEXT,
        expected_output_length: 24,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - DES CBC (nopad)",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        input: &PLAINTEXT,
        input_length: 8,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_3,
        expected_output_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - 2-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        input: &PLAINTEXT,
        input_length: 8,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_4,
        expected_output_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - 3-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        input: &PLAINTEXT,
        input_length: 8,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_5,
        expected_output_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Encrypt - small output buffer size",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_PKCS7,
        iv: &IV,
        iv_length: 16,
        input: &PLAINTEXT,
        input_length: 16,
        output_size: 20,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Decrypt - AES CBC_NO_PADDING",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        input: &CIPHERTEXT_1,
        input_length: 16,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Decrypt - AES CBC_NO_PADDING (Short in)",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        input: &CIPHERTEXT_1,
        input_length: 5,
        output_size: 0,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_update - Decrypt - AES CBC_PKCS7",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_PKCS7,
        iv: &IV,
        iv_length: 16,
        input: &CIPHERTEXT_1,
        input_length: 32,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Decrypt - AES CBC_PKCS7 (Short input)",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_PKCS7,
        iv: &IV,
        iv_length: 16,
        input: &CIPHERTEXT_6,
        input_length: 16,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 15,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Decrypt - AES CTR",
        needs: &[Aes128, Ctr],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CTR,
        iv: &IV,
        iv_length: 16,
        input: &CIPHERTEXT_2,
        input_length: 16,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Decrypt - AES CTR (short input)",
        needs: &[Aes128, Ctr],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CTR,
        iv: &IV,
        iv_length: 16,
        input: &CIPHERTEXT_2,
        input_length: 15,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 15,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Decrypt - DES CBC (nopad)",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES_8B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        input: &CIPHERTEXT_3,
        input_length: 8,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Decrypt - 2-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des2Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_2B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        input: &CIPHERTEXT_4,
        input_length: 8,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 8,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_finish - Decrypt - 3-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des3Key],
        key_type: KeyType::DES,
        data: &KEY_DATA,
        data_length: DES3_3B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 8,
        input: &CIPHERTEXT_5,
        input_length: 8,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 8,
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
            expect("cipher_set_iv", op.set_iv(&e.iv[..e.iv_length]), SUCCESS)?;
            let mut output = vec![0u8; e.output_size];
            let got = op.update(&e.input[..e.input_length], &mut output);
            let updated = expect("cipher_update", got, SUCCESS)?.unwrap_or(0);
            let got = op.finish(&mut output[updated..]);
            let Some(finished) = expect("cipher_finish", got, e.expected_status)? else {
                expect("cipher_abort", op.abort(), SUCCESS)?;
                expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
                return Ok(());
            };
            let len = updated + finished;
            same("output length", &len, &e.expected_output_length)?;
            same("output", &output[..len], &e.expected_output[..len])?;
            let mut invalid = psa.cipher_operation();
            let got = invalid.finish(&mut output[updated..]);
            expect(
                "cipher_finish on an inactive operation",
                got,
                Err(Error::BadState),
            )?;
            expect("cipher_abort", op.abort(), SUCCESS)?;
            expect("cipher_abort (inactive)", invalid.abort(), SUCCESS)?;
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
