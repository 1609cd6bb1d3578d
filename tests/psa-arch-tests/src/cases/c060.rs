//! test_c060: `psa_aead_update`. Not ported yet: every case needs multi-part AEAD, which the
//! built-in does not serve and no registered driver provides, so each is counted not applicable
//! (naming the entry's first missing guard, else the API). The table carries the suite's
//! descriptions and guards; once the API is marked supported the cases fail until this test is
//! ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("Test psa_aead_update - Encrypt - CCM", &[Ccm, Aes128]),
    (
        "Test psa_aead_update - Encrypt - CCM - Tag length = 4",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Encrypt - CCM - Zero ad_length",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Encrypt - CCM - Zero plaintext_length",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Encrypt - CCM - Small buffer size",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Encrypt - CCM - Less add data than specified",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Encrypt - CCM - Overflow input length",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Encrypt - CCM - Invalid operation state",
        &[Ccm, Aes128],
    ),
    ("Test psa_aead_update - Decrypt - CCM", &[Ccm, Aes128]),
    (
        "Test psa_aead_update - Decrypt - CCM - Tag length = 4",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Decrypt - CCM - Zero ad_length",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Decrypt - CCM - Zero plaintext_length",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Decrypt - CCM - Small buffer size",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Decrypt - Less add data than specified",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Decrypt - CCM - Overflow input length",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_update - Decrypt - CCM - Invalid operation state",
        &[Ccm, Aes128],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, MultipartAead, TABLE);
}
