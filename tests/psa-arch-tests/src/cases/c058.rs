//! test_c058: `psa_aead_set_lengths`. Not ported yet: every case needs multi-part AEAD, which the
//! built-in does not serve and no registered driver provides, so each is counted not applicable
//! (naming the entry's first missing guard, else the API). The table carries the suite's
//! descriptions and guards; once the API is marked supported the cases fail until this test is
//! ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("Test psa_aead_set_lengths - Encrypt - CCM", &[Aes128, Ccm]),
    (
        "Test psa_aead_set_lengths - Encrypt - CCM - Tag length = 4",
        &[Aes128, Ccm],
    ),
    (
        "Test psa_aead_set_lengths - Encrypt - CCM - Zero ad_length",
        &[Aes128, Ccm],
    ),
    (
        "Test psa_aead_set_lengths - Encrypt - CCM - Zero plaintext_length",
        &[Aes128, Ccm],
    ),
    (
        "Test psa_aead_set_lengths - Encrypt - CCM - Invalid operation state",
        &[Aes128, Ccm],
    ),
    ("Test psa_aead_set_lengths - Encrypt - GCM", &[Aes128, Gcm]),
    ("Test psa_aead_set_lengths - Decrypt - CCM", &[Aes128, Ccm]),
    (
        "Test psa_aead_set_lengths - Decrypt - CCM - Tag length = 4",
        &[Aes128, Ccm],
    ),
    (
        "Test psa_aead_set_lengths - Decrypt - CCM - Zero ad_length",
        &[Aes128, Ccm],
    ),
    (
        "Test psa_aead_set_lengths - Decrypt - CCM - Zero plaintext_length",
        &[Aes128, Ccm],
    ),
    (
        "Test psa_aead_set_lengths - Decrypt - CCM - Invalid operation state",
        &[Aes128, Ccm],
    ),
    ("Test psa_aead_set_lengths - Decrypt - GCM", &[Aes128, Gcm]),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, MultipartAead, TABLE);
}
