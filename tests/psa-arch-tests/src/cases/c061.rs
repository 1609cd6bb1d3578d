//! test_c061: `psa_aead_finish`. Not ported yet: every case needs multi-part AEAD, which the
//! built-in does not serve and no registered driver provides, so each is counted not applicable
//! (naming the entry's first missing guard, else the API). The table carries the suite's
//! descriptions and guards; once the API is marked supported the cases fail until this test is
//! ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("Test psa_aead_finish - AES-CCM", &[Ccm, Aes128]),
    (
        "Test psa_aead_finish - AES-CCM 24 bytes Tag length = 4",
        &[Ccm, Aes128],
    ),
    ("Test psa_aead_finish - Small buffer size", &[Ccm, Aes128]),
    (
        "Test psa_aead_finish - Input length is less than plaintext length",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_finish - GCM - 16B AES - 12B Nonce & 12B additional data",
        &[Gcm, Aes128],
    ),
    (
        "Test psa_aead_finish - CHACHA20_POLY1305 - 12B Nonce and 12B add data",
        &[Chacha20],
    ),
    (
        "Test psa_aead_finish - XCHACHA20_POLY1305 - 24B Nonce and 12B add data",
        &[Xchacha20],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, MultipartAead, TABLE);
}
