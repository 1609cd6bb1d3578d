//! test_c079: `SPAKE2+`. Not ported yet: every case needs the PAKE API (`psa_pake_*`), which the
//! front-end does not have, so each is counted not applicable (naming the entry's first missing
//! guard, else the API). The table carries the suite's descriptions and guards; once the API is
//! marked supported the cases fail until this test is ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("SPAKE2P Test - SPAKE2P HMAC - SHA256", &[Pake, Sha256]),
    ("SPAKE2P Test - SPAKE2P CMAC - SHA256", &[Pake, Sha256]),
    ("SPAKE2P Test - SPAKE2P MATTER", &[Pake]),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, Pake, TABLE);
}
