//! test_c073: `psa_pake_set_context`. Not ported yet: every case needs the PAKE API
//! (`psa_pake_*`), which the front-end does not have, so each is counted not applicable (naming
//! the entry's first missing guard, else the API). The table carries the suite's descriptions and
//! guards; once the API is marked supported the cases fail until this test is ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    (
        "Test psa_pake_set_context - SPAKE2P HMAC - SHA256",
        &[EccSecp256r1, Sha256, Pake],
    ),
    (
        "Test psa_pake_set_context - SPAKE2P HMAC - SHA256",
        &[EccSecp256r1, Sha256, Pake],
    ),
    (
        "Test psa_pake_set_context - SPAKE2P CMAC - SHA256",
        &[EccSecp256r1, Sha256, Pake],
    ),
    (
        "Test psa_pake_set_context - SPAKE2P MATTER - SHA256",
        &[EccSecp256r1, Sha256, Pake],
    ),
    (
        "Test psa_pake_set_context - SPAKE2P HMAC-SHA256 - invalid context",
        &[EccSecp256r1, Sha256, Pake],
    ),
    (
        "Test psa_pake_set_context - SPAKE2P CMAC-SHA256 - invalid context",
        &[EccSecp256r1, Sha256, Pake],
    ),
    (
        "Test psa_pake_set_context - JPAKE-SHA256 - invalid algorithm",
        &[EccSecp256r1, Sha256, Pake],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, Pake, TABLE);
}
