//! test_c056: `psa_aead_generate_nonce`. Not ported yet: every case needs multi-part AEAD, which
//! the built-in does not serve and no registered driver provides, so each is counted not
//! applicable (naming the entry's first missing guard, else the API). The table carries the
//! suite's descriptions and guards; once the API is marked supported the cases fail until this
//! test is ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("Test psa_aead_generate_nonce - CCM", &[Aes128, Ccm]),
    (
        "Test psa_aead_generate_nonce - CCM - Tag length = 4",
        &[Aes128, Ccm],
    ),
    (
        "Test psa_aead_generate_nonce - CCM - Small buffer size",
        &[Aes128, Ccm],
    ),
    (
        "Test psa_aead_generate_nonce - CCM - Uninitialized operation",
        &[Aes128, Ccm],
    ),
    (
        "Test psa_aead_generate_nonce - CCM - Decrypt operation",
        &[Aes128, Ccm],
    ),
    ("Test psa_aead_generate_nonce - GCM", &[Aes128, Gcm]),
    (
        "Test psa_aead_generate_nonce - GCM - Decrypt operation",
        &[Aes128, Gcm],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, MultipartAead, TABLE);
}
