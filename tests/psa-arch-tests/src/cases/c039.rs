//! test_c039: `psa_asymmetric_encrypt`. The front-end has no asymmetric encryption (and the
//! project no RSA): every case waits for `asymmetric encryption`, with the suite's data
//! carried here for when it lands.

use psa_core::{Algorithm, Dispatch, EccFamily, Error, KeyType, UsageFlags};

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
    input: &'static [u8],
    input_length: usize,
    salt: &'static [u8],
    salt_length: usize,
    output_size: usize,
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
    input: &[],
    input_length: 0,
    salt: &[],
    salt_length: 0,
    output_size: 0,
    expected_output_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_asymmetric_encrypt - RSA PKCS1V15",
        needs: &[Rsa1024, RsaPkcs1v15Crypt],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        data_length: 140,
        usage_flags: UsageFlags::ENCRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &PLAINTEXT,
        input_length: 22,
        salt: &[],
        salt_length: 0,
        output_size: BUFFER_SIZE,
        expected_output_length: 128,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - RSA KEY_PAIR PKCS1V15",
        needs: &[Rsa1024, RsaPkcs1v15Crypt],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::ENCRYPT.union(UsageFlags::DECRYPT),
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &PLAINTEXT,
        input_length: 22,
        salt: &[],
        salt_length: 0,
        output_size: BUFFER_SIZE,
        expected_output_length: 128,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - RSA OAEP SHA256",
        needs: &[Sha256, RsaOaep],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        data_length: 140,
        usage_flags: UsageFlags::ENCRYPT,
        alg: ext::alg_rsa_oaep(Algorithm::SHA_256),
        input: &PLAINTEXT,
        input_length: 22,
        salt: &[],
        salt_length: 0,
        output_size: BUFFER_SIZE,
        expected_output_length: 128,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - RSA OAEP SHA256 with label",
        needs: &[Sha256, RsaOaep],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        data_length: 140,
        usage_flags: UsageFlags::ENCRYPT,
        alg: ext::alg_rsa_oaep(Algorithm::SHA_256),
        input: &PLAINTEXT,
        input_length: 22,
        salt: &SALT,
        salt_length: 16,
        output_size: BUFFER_SIZE,
        expected_output_length: 128,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - RSA KEY_PAIR OAEP SHA256",
        needs: &[Sha256, RsaOaep],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::ENCRYPT.union(UsageFlags::DECRYPT),
        alg: ext::alg_rsa_oaep(Algorithm::SHA_256),
        input: &PLAINTEXT,
        input_length: 22,
        salt: &[],
        salt_length: 0,
        output_size: BUFFER_SIZE,
        expected_output_length: 128,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - RSA KEY_PAIR OAEP SHA256 with label",
        needs: &[Sha256, RsaOaep],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::ENCRYPT.union(UsageFlags::DECRYPT),
        alg: ext::alg_rsa_oaep(Algorithm::SHA_256),
        input: &PLAINTEXT,
        input_length: 22,
        salt: &SALT,
        salt_length: 16,
        output_size: BUFFER_SIZE,
        expected_output_length: 128,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - Small output buffer",
        needs: &[Rsa1024, RsaPkcs1v15Crypt],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_128_KEY_PAIR,
        data_length: 610,
        usage_flags: UsageFlags::ENCRYPT.union(UsageFlags::DECRYPT),
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &PLAINTEXT,
        input_length: 22,
        salt: &[],
        salt_length: 0,
        output_size: 127,
        expected_output_length: 128,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - Invalid algorithm",
        needs: &[Rsa1024, Sha256],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        data_length: 140,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::SHA_256,
        input: &[],
        input_length: 0,
        salt: &[],
        salt_length: 0,
        output_size: BUFFER_SIZE,
        expected_output_length: 0,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - Invalid key type",
        needs: &[RsaPkcs1v15Crypt, Aes128],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::ENCRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &[],
        input_length: 0,
        salt: &[],
        salt_length: 0,
        output_size: BUFFER_SIZE,
        expected_output_length: 0,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - Invalid usage",
        needs: &[RsaPkcs1v15Crypt, Rsa1024],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        data_length: 140,
        usage_flags: UsageFlags::DECRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &[],
        input_length: 0,
        salt: &[],
        salt_length: 0,
        output_size: BUFFER_SIZE,
        expected_output_length: 0,
        expected_status: Err(Error::NotPermitted),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - RSA PKCS1V15 - Salt",
        needs: &[RsaPkcs1v15Crypt, Rsa1024],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_128_KEY_DATA,
        data_length: 140,
        usage_flags: UsageFlags::ENCRYPT,
        alg: ext::ALG_RSA_PKCS1V15_CRYPT,
        input: &[],
        input_length: 0,
        salt: &SALT,
        salt_length: 16,
        output_size: BUFFER_SIZE,
        expected_output_length: 0,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_asymmetric_encrypt - ECC public key",
        needs: &[Ecdsa, EccSecp256r1],
        key_type: KeyType::ecc_public_key(EccFamily::SECP_R1),
        data: &EC_KEY_DATA,
        data_length: 65,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::ECDSA_ANY,
        input: &[],
        input_length: 0,
        salt: &[],
        salt_length: 0,
        output_size: 0,
        expected_output_length: 0,
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.awaiting(e.desc, e.needs, AsymmetricEncryption);
    }
    // The negative test: key ids that name no key.
    cx.awaiting(
        "Test psa_asymmetric_encrypt with invalid key id",
        &[Rsa1024, RsaPkcs1v15Crypt],
        AsymmetricEncryption,
    );
}
