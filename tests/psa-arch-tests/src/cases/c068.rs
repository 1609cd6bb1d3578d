//! test_c068: `psa_key_derivation_verify_key`. Not ported yet: every case needs
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
        "Test psa_key_derivation_verify_key - PBKDF2_HMAC algo. with Password",
        &[Pbkdf2, Hmac, Sha256],
    ),
    (
        "Test psa_key_derivation_verify_key - Incorrect usage flag",
        &[Pbkdf2, Hmac, Sha256],
    ),
    (
        "Test psa_key_derivation_verify_key - Mismatched expected value",
        &[Pbkdf2, Hmac, Sha256],
    ),
    (
        "Test psa_key_derivation_verify_key - Invalid operation's capacity",
        &[Pbkdf2, Hmac, Sha256],
    ),
    (
        "Test psa_key_derivation_verify_key - PBKDF2_CMAC algo. with Password",
        &[Pbkdf2, Cmac],
    ),
    (
        "Test psa_key_derivation_verify_key - wrong key type",
        &[Pbkdf2, Cmac],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, KdfVerify, TABLE);
}
