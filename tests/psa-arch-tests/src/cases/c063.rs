//! test_c063: `psa_aead_verify`. Not ported yet: every case needs multi-part AEAD, which the
//! built-in does not serve and no registered driver provides, so each is counted not applicable
//! (naming the entry's first missing guard, else the API). The table carries the suite's
//! descriptions and guards; once the API is marked supported the cases fail until this test is
//! ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("Test psa_aead_verify - AES-CCM", &[Ccm, Aes128]),
    (
        "Test psa_aead_verify - AES-CCM 24 bytes Tag length = 4",
        &[Ccm, Aes128],
    ),
    ("Test psa_aead_verify - Small buffer size", &[Ccm, Aes128]),
    (
        "Test psa_aead_verify - Input length is less than plaintext length",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_verify - GCM - 16B AES - 12B Nounce & 12B addi data",
        &[Gcm, Aes128],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, MultipartAead, TABLE);
}
