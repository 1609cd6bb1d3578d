//! test_c062: `psa_aead_abort`. Not ported yet (but for the abort-after-initialisation check,
//! which runs): every case needs multi-part AEAD, which the built-in does not serve and no
//! registered driver provides, so each is counted not applicable (naming the entry's first missing
//! guard, else the API). The table carries the suite's descriptions and guards; once the API is
//! marked supported the cases fail until this test is ported.

use psa_core::Dispatch;

use crate::cases::second::{ok, unported};
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("Test psa_aead_abort - Encrypt - CCM - AES", &[Aes128, Ccm]),
    ("Test psa_aead_abort - Encrypt - GCM - AES", &[Aes128, Gcm]),
    (
        "Test psa_aead_abort - Encrypt - CHACHA20_POLY1305 - AES",
        &[Aes128, Chacha20Poly1305],
    ),
    ("Test psa_aead_abort - Decrypt - CCM - AES", &[Aes128, Ccm]),
    ("Test psa_aead_abort - Decrypt - GCM - AES", &[Aes128, Gcm]),
    (
        "Test psa_aead_abort - Decrypt - CHACHA20_POLY1305 - AES",
        &[Aes128, Chacha20Poly1305],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, MultipartAead, TABLE);
    // psa_aead_abort_init_test: aborting a freshly initialised operation succeeds (the C test
    // tries its three initialisers; a Rust operation has one, `Psa::aead_operation`). It
    // needs no multi-part AEAD service, so it runs.
    cx.case(
        "Test psa_aead_abort with all initializations",
        &[Aes128, Gcm],
        |psa| {
            let mut operation = psa.aead_operation();
            ok("aead_abort (initialised)", operation.abort())?;
            ok("aead_abort (again)", operation.abort())
        },
    );
}
