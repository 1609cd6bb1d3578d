//! test_c021: `psa_key_derivation_output_key` (derive a key). The front-end has no
//! `output_key` yet (nor capacity, which every case sets): the cases wait for
//! `key_derivation output_key`, with the suite's data carried here for when it lands.

use psa_core::{Algorithm, Dispatch, EccFamily, Error, KeyType, UsageFlags};

use crate::common::*;
use crate::ext::{self, step};
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status};

/// The derivation key every case imports (`DERIVE`, `DERIVE` usage, 16 bytes) under the
/// algorithm `KEY_AGREEMENT(ECDH, HKDF(SHA-256))`.
const KEY_DATA_C021: [u8; 16] = [
    0x49, 0x8e, 0xc7, 0x7d, 0x01, 0x95, 0x0d, 0x94, 0x2c, 0x16, 0xa5, 0x3e, 0x99, 0x5f, 0xc9, 0x77,
];
const KEY_ALG: Algorithm =
    Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256));
const INFO: &[u8] = b"This is the info";

// Read once output_key lands (the case bodies are written then).
#[allow(dead_code)]
struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    step: u16,
    capacity: usize,
    data: &'static [u8],
    derive_key_type: KeyType,
    derive_key_bits: usize,
    derive_usage: UsageFlags,
    derive_key_alg: Algorithm,
    /// The status of the first and of the second `output_key`.
    expected_status: [Status; 2],
}

const fn row(
    desc: &'static str,
    needs: &'static [Feature],
    (step, capacity, data): (u16, usize, &'static [u8]),
    (derive_key_type, derive_key_bits, derive_key_alg): (KeyType, usize, Algorithm),
    expected_status: [Status; 2],
) -> Entry {
    Entry {
        desc,
        needs,
        step,
        capacity,
        data,
        derive_key_type,
        derive_key_bits,
        derive_usage: UsageFlags::EXPORT,
        derive_key_alg,
        expected_status,
    }
}

const AES_256: (KeyType, usize, Algorithm) = (
    KeyType::AES,
    bytes_to_bits(AES_32B_KEY_SIZE),
    Algorithm::CTR,
);

const CHECK1: &[Entry] = &[
    row(
        "Test psa_key_derivation_output_key - Key",
        &[],
        (step::SECRET, 32, &[]),
        AES_256,
        [SUCCESS, SUCCESS],
    ),
    row(
        "Test psa_key_derivation_output_key - Info",
        &[],
        (step::INFO, 32, INFO),
        AES_256,
        [SUCCESS, SUCCESS],
    ),
    row(
        "Test psa_key_derivation_output_key - Salt",
        &[],
        (step::SALT, 32, INFO),
        AES_256,
        [SUCCESS, SUCCESS],
    ),
    row(
        "Test psa_key_derivation_output_key - DES key export",
        &[Des],
        (step::SECRET, 32, &[]),
        (
            KeyType::DES,
            bytes_to_bits(DES3_3B_KEY_SIZE),
            Algorithm::CTR,
        ),
        [SUCCESS, SUCCESS],
    ),
    row(
        "Test psa_key_derivation_output_key - Greater Capacity than available",
        &[],
        (step::SECRET, 16, &[]),
        AES_256,
        [Err(Error::InsufficientData), Err(Error::InsufficientData)],
    ),
    row(
        "Test psa_key_derivation_output_key - ECC Public key",
        &[],
        (step::SECRET, 256, &[]),
        (
            KeyType::ecc_public_key(EccFamily::SECP_R1),
            256,
            Algorithm::ECDSA_ANY,
        ),
        [Err(Error::InvalidArgument), Err(Error::InvalidArgument)],
    ),
    row(
        "Test psa_key_derivation_output_key -  ECC keypair (wrong key length)",
        &[],
        (step::SECRET, 28, &[]),
        (
            KeyType::ecc_key_pair(EccFamily::SECP_R1),
            220,
            Algorithm::ECDSA_ANY,
        ),
        [Err(Error::InvalidArgument), Err(Error::InvalidArgument)],
    ),
    row(
        "Test psa_key_derivation_output_key -  RSA Public Key",
        &[],
        (step::SECRET, 256, &[]),
        (
            KeyType::RSA_PUBLIC_KEY,
            2048,
            ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        ),
        [Err(Error::InvalidArgument), Err(Error::NotSupported)],
    ),
    row(
        "Test psa_key_derivation_output_key -  RSA keypair",
        &[],
        (step::SECRET, 256, &[]),
        (
            KeyType::ecc_key_pair(EccFamily::SECP_R1),
            2046,
            ext::ALG_RSA_PKCS1V15_SIGN_RAW,
        ),
        [Err(Error::InvalidArgument), Err(Error::InvalidArgument)],
    ),
    row(
        "Test psa_key_derivation_output_key - Invalid key size",
        &[],
        (step::SECRET, 32, &[]),
        (
            KeyType::AES,
            bytes_to_bits(AES_18B_KEY_SIZE),
            Algorithm::CTR,
        ),
        [Err(Error::InvalidArgument), Err(Error::InvalidArgument)],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    let _ = (KEY_DATA_C021, KEY_ALG, ext::ALG_RSA_PKCS1V15_SIGN_RAW);
    for e in CHECK1 {
        cx.awaiting(e.desc, e.needs, KdfOutputKey);
    }
}
