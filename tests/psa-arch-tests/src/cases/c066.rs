//! test_c066: `psa_key_derivation_input_integer`. Not ported yet: every case needs
//! `psa_key_derivation_input_integer`, which the front-end does not have, so each is counted not
//! applicable (naming the entry's first missing guard, else the API). The table carries the
//! suite's descriptions and guards; once the API is marked supported the cases fail until this
//! test is ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    (
        "Test psa_key_derivation_input_integer - cost input",
        &[Pbkdf2, Hmac, Sha256],
    ),
    (
        "Test psa_key_derivation_input_integer - salt",
        &[Pbkdf2, Hmac, Sha256],
    ),
    (
        "Test psa_key_derivation_input_integer - password",
        &[Pbkdf2, Hmac, Sha256],
    ),
    (
        "Test psa_key_derivation_input_integer - Input as a negative integer",
        &[Pbkdf2, Hmac, Sha256],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, KdfInputInteger, TABLE);
}
