//! test_c080: `psa_key_agreement`. Not ported yet: every case needs PSA 1.2's `psa_key_agreement`
//! (agreement straight into a key), which the front-end does not have, so each is counted not
//! applicable (naming the entry's first missing guard, else the API). The table carries the
//! suite's descriptions and guards; once the API is marked supported the cases fail until this
//! test is ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    (
        "Test psa_key_agreement - ECDH SECP256R1",
        &[Ecdh, EccSecp256r1],
    ),
    (
        "Test psa_key_agreement - ECDH SECP384R1",
        &[Ecdh, EccSecp384r1],
    ),
    (
        "Test psa_key_agreement - ECDH SECP256R1 - invalid usage flag",
        &[Ecdh, EccSecp256r1],
    ),
    (
        "Test psa_key_agreement - ECDH SECP256R1 - invalid algorithm",
        &[Ecdh, EccSecp256r1],
    ),
    (
        "Test psa_key_agreement - ECDH SECP256R1 - combined key agreement algo",
        &[Ecdh, EccSecp256r1],
    ),
    (
        "Test psa_key_agreement - ECDH SECP256R1 - pub key of a different curve",
        &[Ecdh, EccSecp256r1],
    ),
    (
        "Test psa_key_agreement - ECDH SECP256R1 - invalid key type",
        &[Ecdh, EccSecp256r1],
    ),
    (
        "Test psa_key_agreement - ECDH SECP256R1 - invalid derived key type",
        &[Ecdh, EccSecp256r1],
    ),
    (
        "Test psa_key_agreement - ECDH SECP256R1 - invalid derived key policy",
        &[Ecdh, EccSecp256r1],
    ),
    (
        "Test psa_key_agreement - ECDH SECP256R1",
        &[Ecdh, EccSecp256r1],
    ),
    ("Test psa_key_agreement - Invalid key handle", &[]),
    ("Test psa_key_agreement - Zero as key handle", &[]),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, KeyAgreementToKey, TABLE);
}
