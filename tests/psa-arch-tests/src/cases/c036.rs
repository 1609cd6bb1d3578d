//! test_c036: `psa_cipher_update` after setup (encrypt or decrypt by the key's usage) and
//! `set_iv`: status, length and output; after destroy, an import with reset attributes is
//! `NOT_SUPPORTED`; update on operations never set up is `BAD_STATE`.

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
        desc: "Test psa_cipher_update - Encrypt - AES CBC_NO_PADDING",
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
        desc: "Test psa_cipher_update - Encrypt - AES CBC_NO_PADDING (Short in)",
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
        expected_output: &[],
        expected_output_length: 0,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_update - Encrypt - AES CBC_PKCS7",
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
        expected_output_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_update - Encrypt - AES CBC_PKCS7 (Short input)",
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
        expected_output: &[],
        expected_output_length: 0,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_update - Encrypt - AES CTR",
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
        desc: "Test psa_cipher_update - Encrypt - DES CBC (nopad)",
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
        desc: "Test psa_cipher_update - Encrypt - 2-key 3DE -CBC (nopad)",
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
        desc: "Test psa_cipher_update - Encrypt - 3-key 3DE -CBC (nopad)",
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
        desc: "Test psa_cipher_update - Encrypt - small output buffer size",
        needs: &[CbcNoPadding, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        input: &PLAINTEXT,
        input_length: 16,
        output_size: 15,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_update - Decrypt - AES CBC_NO_PADDING",
        needs: &[CbcNoPadding, Aes128],
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
        desc: "Test psa_cipher_update - Decrypt - AES CBC_NO_PADDING (Short in)",
        needs: &[CbcNoPadding, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        input: &CIPHERTEXT_1,
        input_length: 5,
        output_size: BUFFER_SIZE,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: SUCCESS,
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
        input_length: 16,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 0,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_update - Decrypt - AES CBC_PKCS7 (Short input)",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_PKCS7,
        iv: &IV,
        iv_length: 16,
        input: &CIPHERTEXT_1,
        input_length: 15,
        output_size: BUFFER_SIZE,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_update - Decrypt - AES CTR",
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
        desc: "Test psa_cipher_update - Decrypt - DES CBC (nopad)",
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
        desc: "Test psa_cipher_update - Decrypt - 2-key 3DE -CBC (nopad)",
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
        desc: "Test psa_cipher_update - Decrypt - 3-key 3DE -CBC (nopad)",
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
    Entry {
        desc: "Test psa_cipher_update - Decrypt - small output buffer size",
        needs: &[CbcNoPadding],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        iv: &IV,
        iv_length: 16,
        input: &CIPHERTEXT_1,
        input_length: 16,
        output_size: 15,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_update - Encrypt - CHACHA20",
        needs: &[Chacha20],
        key_type: KeyType::CHACHA20,
        data: &CHACHA20_KEY,
        data_length: 32,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::STREAM_CIPHER,
        iv: &CHACHA20_IV,
        iv_length: 12,
        input: &PLAINTEXT_STREAM_CIPHER,
        input_length: 15,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_CHACHA20,
        expected_output_length: 15,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_cipher_update - Encrypt - XCHACHA20",
        needs: &[Xchacha20],
        key_type: ext::KEY_TYPE_XCHACHA20,
        data: &XCHACHA20_KEY,
        data_length: 32,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::STREAM_CIPHER,
        iv: &XCHACHA20_IV,
        iv_length: 24,
        input: &PLAINTEXT_STREAM_CIPHER,
        input_length: 15,
        output_size: BUFFER_SIZE,
        expected_output: &CIPHERTEXT_XCHACHA20,
        expected_output_length: 15,
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
            let Some(len) = expect("cipher_update", got, e.expected_status)? else {
                expect("cipher_abort", op.abort(), SUCCESS)?;
                expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
                return Ok(());
            };
            same("output length", &len, &e.expected_output_length)?;
            same("output", &output[..len], &e.expected_output[..len])?;
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
    // The negative test: `psa_cipher_operation_init()`, `PSA_CIPHER_OPERATION_INIT` and a zeroed
    // struct are all a fresh `Psa::cipher_operation()`; the NULL buffers are empty slices.
    cx.case("Test psa_cipher_update without cipher setup", &[], |psa| {
        for _ in 0..3 {
            let mut op = psa.cipher_operation();
            let got = op.update(&[], &mut []);
            expect(
                "cipher_update on an inactive operation",
                got,
                Err(Error::BadState),
            )?;
            expect("cipher_abort", op.abort(), SUCCESS)?;
        }
        Ok(())
    });
}
