//! test_c019: `psa_key_derivation_key_agreement` (a key agreement as a derivation's secret
//! input). The front-end has no such call yet: every case waits for it (named
//! `key_derivation key_agreement`), with the suite's data carried here for when it lands.

use psa_core::{Algorithm, Dispatch, EccFamily, Error, KeyType, UsageFlags};

use crate::common::*;
use crate::ext::{self, step};
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status};

// Read once `key_derivation_key_agreement` lands (the case bodies are written then).
#[allow(dead_code)]
struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    data_length: usize,
    usage_flags: UsageFlags,
    alg: Algorithm,
    step: u16,
    peer_key: &'static [u8],
    peer_key_length: usize,
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
    step: 0,
    peer_key: &[],
    peer_key_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_key_derivation_key_agreement - ECDH SECP256R1[ECDH]",
        needs: &[Ecdh, EccSecp256r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &ECDH_SECP_256_R1_PRV_KEY,
        data_length: ECDH_SECP_256_R1_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &ECDH_SECP_256_R1_PUB_KEY,
        peer_key_length: ECDH_SECP_256_R1_PUB_KEY_LEN,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - TLS12_PSK_TO_MS_SECP256R1[ECDH]",
        needs: &[Ecdh, EccSecp256r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &ECDH_SECP_256_R1_PRV_KEY,
        data_length: ECDH_SECP_256_R1_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(
            Algorithm::ECDH,
            ext::alg_tls12_psk_to_ms(Algorithm::SHA_256),
        ),
        step: step::OTHER_SECRET,
        peer_key: &ECDH_SECP_256_R1_PUB_KEY,
        peer_key_length: ECDH_SECP_256_R1_PUB_KEY_LEN,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - Invalid step[ECDH]",
        needs: &[Ecdh, EccSecp256r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &ECDH_SECP_256_R1_PRV_KEY,
        data_length: ECDH_SECP_256_R1_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::LABEL,
        peer_key: &ECDH_SECP_256_R1_PUB_KEY,
        peer_key_length: ECDH_SECP_256_R1_PUB_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - ECDH SECP384R1[ECDH]",
        needs: &[Ecdh, EccSecp384r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &ECDH_SECP_384_R1_PRV_KEY,
        data_length: ECDH_SECP_384_R1_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &ECDH_SECP_384_R1_PUB_KEY,
        peer_key_length: ECDH_SECP_384_R1_PUB_KEY_LEN,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - Invalid usage[ECDH]",
        needs: &[Ecdh, EccSecp256r1],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &ECDH_SECP_256_R1_PRV_KEY,
        data_length: ECDH_SECP_256_R1_PRV_KEY_LEN,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &ECDH_SECP_256_R1_PUB_KEY,
        peer_key_length: ECDH_SECP_256_R1_PUB_KEY_LEN,
        expected_status: Err(Error::NotPermitted),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - KDF not a key agreement alg[ECDH]",
        needs: &[EccSecp256r1, Sha256, Hkdf],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &ECDH_SECP_256_R1_PRV_KEY,
        data_length: ECDH_SECP_256_R1_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::SECRET,
        peer_key: &ECDH_SECP_256_R1_PUB_KEY,
        peer_key_length: ECDH_SECP_256_R1_PUB_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - Public key of different curve[ECDH]",
        needs: &[EccSecp256r1, Ecdh],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &ECDH_SECP_256_R1_PRV_KEY,
        data_length: ECDH_SECP_256_R1_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &ECDH_SECP_384_R1_PUB_KEY,
        peer_key_length: ECDH_SECP_384_R1_PUB_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - invalid input for the step",
        needs: &[EccSecp256r1, Ecdh],
        key_type: KeyType::ecc_key_pair(EccFamily::SECP_R1),
        data: &ECDH_SECP_256_R1_PRV_KEY,
        data_length: ECDH_SECP_256_R1_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(
            Algorithm::ECDH,
            ext::alg_tls12_psk_to_ms(Algorithm::SHA_256),
        ),
        step: step::INFO,
        peer_key: &ECDH_SECP_256_R1_PUB_KEY,
        peer_key_length: ECDH_SECP_256_R1_PUB_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - Pub key instead of Prv key[ECDH]",
        needs: &[EccSecp256r1, Ecdh],
        key_type: KeyType::ecc_public_key(EccFamily::SECP_R1),
        data: &ECDH_SECP_256_R1_PUB_KEY,
        data_length: ECDH_SECP_256_R1_PUB_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &ECDH_SECP_256_R1_PUB_KEY,
        peer_key_length: ECDH_SECP_256_R1_PUB_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - FFDH FFDHE2048[FFDH]",
        needs: &[Ffdh, Sha256, Hkdf],
        key_type: ext::key_type_dh_key_pair(ext::DH_FAMILY_RFC7919),
        data: &FFDH_KEY_DATA_2048,
        data_length: FFDH2048_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::FFDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &FFDH_PEER_KEY_DATA_2048,
        peer_key_length: FFDH2048_PUB_KEY_LEN,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - Invalid step[FFDH]",
        needs: &[Ffdh, Sha256, Hkdf],
        key_type: ext::key_type_dh_key_pair(ext::DH_FAMILY_RFC7919),
        data: &FFDH_KEY_DATA_2048,
        data_length: FFDH2048_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::FFDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::LABEL,
        peer_key: &FFDH_PEER_KEY_DATA_2048,
        peer_key_length: FFDH2048_PUB_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - Invalid usage[FFDH]",
        needs: &[Ffdh, Sha256, Hkdf],
        key_type: ext::key_type_dh_key_pair(ext::DH_FAMILY_RFC7919),
        data: &FFDH_KEY_DATA_2048,
        data_length: FFDH2048_PRV_KEY_LEN,
        usage_flags: UsageFlags::ENCRYPT,
        alg: Algorithm::key_agreement(Algorithm::FFDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &FFDH_PEER_KEY_DATA_2048,
        peer_key_length: FFDH2048_PUB_KEY_LEN,
        expected_status: Err(Error::NotPermitted),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - KDF not a key agreement alg[FFDH]",
        needs: &[Ffdh, Sha256, Hkdf],
        key_type: ext::key_type_dh_key_pair(ext::DH_FAMILY_RFC7919),
        data: &FFDH_KEY_DATA_2048,
        data_length: FFDH2048_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::SECRET,
        peer_key: &FFDH_PEER_KEY_DATA_2048,
        peer_key_length: FFDH2048_PUB_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - Public key of different curve[FFDH]",
        needs: &[Ffdh, Sha256, Hkdf],
        key_type: ext::key_type_dh_key_pair(ext::DH_FAMILY_RFC7919),
        data: &FFDH_KEY_DATA_2048,
        data_length: FFDH2048_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::FFDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &FFDH_PEER_KEY_DATA_4096,
        peer_key_length: FFDH4096_PUB_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement-Public key different curve[FFDH]",
        needs: &[Ffdh, Sha256, Hkdf],
        key_type: ext::key_type_dh_key_pair(ext::DH_FAMILY_RFC7919),
        data: &FFDH_KEY_DATA_2048,
        data_length: FFDH2048_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(
            Algorithm::FFDH,
            ext::alg_tls12_psk_to_ms(Algorithm::SHA_256),
        ),
        step: step::SECRET,
        peer_key: &FFDH_PEER_KEY_DATA_2048,
        peer_key_length: FFDH4096_PUB_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - Pub key instead of Prv key[FFDH]",
        needs: &[Ffdh, Sha256, Hkdf],
        key_type: ext::key_type_dh_public_key(ext::DH_FAMILY_RFC7919),
        data: &FFDH_PEER_KEY_DATA_2048,
        data_length: FFDH2048_PUB_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::FFDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &FFDH_KEY_DATA_2048,
        peer_key_length: FFDH2048_PRV_KEY_LEN,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - FFDH3072[FFDH]",
        needs: &[Ffdh, Sha256, Hkdf],
        key_type: ext::key_type_dh_key_pair(ext::DH_FAMILY_RFC7919),
        data: &FFDH_KEY_DATA_3072,
        data_length: FFDH3072_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::FFDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &FFDH_PEER_KEY_DATA_3072,
        peer_key_length: FFDH3072_PUB_KEY_LEN,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_key_agreement - FFDH4096[FFDH]",
        needs: &[Ffdh, Sha256, Hkdf],
        key_type: ext::key_type_dh_key_pair(ext::DH_FAMILY_RFC7919),
        data: &FFDH_KEY_DATA_4096,
        data_length: FFDH4096_PRV_KEY_LEN,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::FFDH, Algorithm::hkdf(Algorithm::SHA_256)),
        step: step::SECRET,
        peer_key: &FFDH_PEER_KEY_DATA_4096,
        peer_key_length: FFDH4096_PUB_KEY_LEN,
        expected_status: SUCCESS,
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.awaiting(e.desc, e.needs, KdfKeyAgreement);
    }
    // The negative test: an inactive operation, and a key id that names no key.
    cx.awaiting(
        "Test psa_key_derivation_key_agreement with invalid operation/key",
        &[Ecdh, EccSecp256r1],
        KdfKeyAgreement,
    );
}
