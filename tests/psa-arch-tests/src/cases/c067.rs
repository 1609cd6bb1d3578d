//! test_c067: `psa_key_derivation_verify_bytes`. Not ported yet: every case needs
//! `psa_key_derivation_verify_bytes` / `verify_key`, which the front-end does not have, so each is
//! counted not applicable (naming the entry's first missing guard, else the API). The table
//! carries the suite's descriptions and guards; once the API is marked supported the cases fail
//! until this test is ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    (
        "Test psa_key_derivation_verify_bytes - PBKDF2_HMAC alg. with Password",
        &[Sha256, Pbkdf2, Hmac],
    ),
    (
        "Test psa_key_derivation_verify_bytes - Mismatched expected value",
        &[Sha256, Pbkdf2, Hmac],
    ),
    (
        "Test psa_key_derivation_verify_bytes - Invalid operation's capacity",
        &[Sha256, Pbkdf2, Hmac],
    ),
    (
        "Test psa_key_derivation_verify_bytes - HKDF algo.",
        &[Sha256, Hkdf],
    ),
    (
        "Test psa_key_derivation_verify_bytes - optional salt",
        &[Sha256, Hkdf],
    ),
    (
        "Test psa_key_derivation_verify_bytes - missing salt/secret/info",
        &[Sha256, Hkdf],
    ),
    (
        "Test psa_key_derivation_verify_bytes - HKDF extract",
        &[Sha256, HkdfExtract],
    ),
    (
        "Test psa_key_derivation_verify_bytes - HKDF expand",
        &[Sha256, HkdfExpand],
    ),
    (
        "Test psa_key_derivation_verify_bytes - HKDF expand",
        &[Sha256, HkdfExpand],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, KdfVerify, TABLE);
}
