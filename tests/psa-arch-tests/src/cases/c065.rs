//! test_c065: `psa_hash_resume`. Not ported yet: every case needs `psa_hash_suspend` /
//! `psa_hash_resume`, which the front-end does not have, so each is counted not applicable (naming
//! the entry's first missing guard, else the API). The table carries the suite's descriptions and
//! guards; once the API is marked supported the cases fail until this test is ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("Test psa_hash_resume - MD2", &[HashSuspend, Md2]),
    ("Test psa_hash_resume - MD4", &[HashSuspend, Md4]),
    ("Test psa_hash_resume - MD5", &[HashSuspend, Md5]),
    (
        "Test psa_hash_resume - RIPEMD160",
        &[HashSuspend, Ripemd160],
    ),
    ("Test psa_hash_resume - SHA1", &[HashSuspend, Sha1]),
    ("Test psa_hash_resume - SHA224", &[HashSuspend, Sha224]),
    ("Test psa_hash_resume - SHA256", &[HashSuspend, Sha256]),
    ("Test psa_hash_resume - SHA384", &[HashSuspend, Sha384]),
    ("Test psa_hash_resume - SHA512", &[HashSuspend, Sha512]),
    (
        "Test psa_hash_resume - Invalid hash_state_length",
        &[HashSuspend, Sha256],
    ),
    (
        "Test psa_hash_resume - Invalid hash_state",
        &[HashSuspend, Sha256],
    ),
    (
        "Test psa_hash_resume - Invalid operation state",
        &[HashSuspend, Sha256],
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, HashSuspend, TABLE);
}
