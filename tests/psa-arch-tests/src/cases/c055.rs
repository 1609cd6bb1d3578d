//! test_c055: `psa_aead_decrypt_setup`. Not ported yet: every case needs multi-part AEAD, which
//! the built-in does not serve and no registered driver provides, so each is counted not
//! applicable (naming the entry's first missing guard, else the API). The table carries the
//! suite's descriptions and guards; once the API is marked supported the cases fail until this
//! test is ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("Test psa_aead_decrypt_setup - CCM - AES", &[Ccm, Aes128]),
    (
        "Test psa_aead_decrypt_setup - CCM - AES - Tag length = 4",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_decrypt_setup - CCM - AES - Mismatched tag length",
        &[Ccm, Aes128],
    ),
    (
        "Test psa_aead_decrypt_setup - CCM - AES - Default Tag length",
        &[Ccm, Aes128],
    ),
    ("Test psa_aead_decrypt_setup - GCM - AES", &[Gcm, Aes128]),
    (
        "Test psa_aead_decrypt_setup - CCM - DES Invalid key",
        &[Ccm, Des1Key],
    ),
    (
        "Test psa_aead_decrypt_setup - Unsupported algorithm",
        &[Aes128, Cfb],
    ),
    (
        "Test psa_aead_decrypt_setup - Invalid usage flag",
        &[Aes128, Gcm],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, MultipartAead, TABLE);
}
