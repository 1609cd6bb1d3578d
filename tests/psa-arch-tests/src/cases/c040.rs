//! test_c040: `psa_asymmetric_decrypt`. The front-end has no asymmetric encryption (and the
//! project no RSA): every case waits for `asymmetric encryption`, with the suite's data
//! carried here for when it lands.

use psa_core::{Algorithm, Dispatch, Error, KeyType, UsageFlags};

use crate::common::*;
use crate::ext;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status};

// Read once asymmetric encryption lands (the case bodies are written then).
#[allow(dead_code)]
struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    data_length: usize,
    usage_flags: UsageFlags,
    alg: Algorithm,
    salt: &'static [u8],
    salt_length: usize,
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
    salt: &[],
    salt_length: 0,
    input: &[],
    input_length: 0,
    output_size: 0,
    expected_output: &[],
    expected_output_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_asymmetric_decrypt - RSA KEY_PAIR PKCS1V15",
        needs: &[Rsa1024, RsaPkcs1v15Crypt],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::DECRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &CIPHERTEXT_7,
        input_length: 128,
        salt: &[],
        salt_length: 0,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 22,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_decrypt - RSA KEY_PAIR OAEP SHA256",
        needs: &[Rsa1024, Sha256, RsaOaep],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::DECRYPT,
        alg: ext::alg_rsa_oaep(Algorithm::SHA_256),
        input: &CIPHERTEXT_8,
        input_length: 128,
        salt: &[],
        salt_length: 0,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 22,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_decrypt - RSA KEY_PAIR OAEP SHA256 with label",
        needs: &[Rsa1024, Sha256, RsaOaep],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::DECRYPT,
        alg: ext::alg_rsa_oaep(Algorithm::SHA_256),
        input: &CIPHERTEXT_9,
        input_length: 128,
        salt: &SALT,
        salt_length: 16,
        output_size: BUFFER_SIZE,
        expected_output: &PLAINTEXT,
        expected_output_length: 22,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_decrypt - Invalid key type (RSA public key)",
        needs: &[Rsa1024, RsaPkcs1v15Crypt],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        data_length: 140,
        usage_flags: UsageFlags::DECRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &[],
        input_length: 0,
        salt: &[],
        salt_length: 0,
        output_size: 0,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_decrypt - Small output buffer",
        needs: &[Rsa1024, RsaPkcs1v15Crypt],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::DECRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &CIPHERTEXT_7,
        input_length: 128,
        salt: &[],
        salt_length: 0,
        output_size: 21,
        expected_output: &PLAINTEXT,
        expected_output_length: 22,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_decrypt - Invalid algorithm",
        needs: &[Rsa1024, Sha256],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::DECRYPT,
        alg: Algorithm::SHA_256,
        input: &[],
        input_length: 0,
        salt: &[],
        salt_length: 0,
        output_size: 0,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_decrypt - Invalid key type (AES Key)",
        needs: &[RsaPkcs1v15Crypt, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::DECRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &[],
        input_length: 0,
        salt: &[],
        salt_length: 0,
        output_size: 0,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_decrypt - Invalid usage",
        needs: &[RsaPkcs1v15Crypt, Rsa1024],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::ENCRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &[],
        input_length: 0,
        salt: &[],
        salt_length: 0,
        output_size: 0,
        expected_output: &[],
        expected_output_length: 0,
        expected_status: Err(Error::NotPermitted),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_decrypt - RSA PKCS1V15 - Salt",
        needs: &[RsaPkcs1v15Crypt, Rsa1024],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::DECRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &[],
        input_length: 0,
        salt: &SALT,
        salt_length: 16,
        output_size: 0,
        expected_output_length: 0,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.awaiting(e.desc, e.needs, AsymmetricEncryption);
    }
    // The negative test: key ids that name no key.
    cx.awaiting(
        "Test psa_asymmetric_decrypt with invalid key id",
        &[Rsa1024, RsaPkcs1v15Crypt],
        AsymmetricEncryption,
    );
}
