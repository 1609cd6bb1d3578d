//! test_c064: `psa_hash_suspend`. Not ported yet: every case needs `psa_hash_suspend` /
//! `psa_hash_resume`, which the front-end does not have, so each is counted not applicable (naming
//! the entry's first missing guard, else the API). The table carries the suite's descriptions and
//! guards; once the API is marked supported the cases fail until this test is ported.

use psa_core::Dispatch;

use crate::cases::second::unported;
use crate::harness::{Cx, Feature, Feature::*};

/// The suite's entries: (description, the guards it is compiled under).
const TABLE: &[(&str, &[Feature])] = &[
    ("Test psa_hash_suspend - MD2", &[HashSuspend, Md2]),
    ("Test psa_hash_suspend - MD4", &[HashSuspend, Md4]),
    ("Test psa_hash_suspend - MD5", &[HashSuspend, Md5]),
    (
        "Test psa_hash_suspend - RIPEMD160",
        &[HashSuspend, Ripemd160],
    ),
    ("Test psa_hash_suspend - SHA1", &[HashSuspend, Sha1]),
    ("Test psa_hash_suspend - SHA224", &[HashSuspend, Sha224]),
    ("Test psa_hash_suspend - SHA256", &[HashSuspend, Sha256]),
    ("Test psa_hash_suspend - SHA384", &[HashSuspend, Sha384]),
    ("Test psa_hash_suspend - SHA512", &[HashSuspend, Sha512]),
    (
        "Test psa_hash_suspend - Invalid hash buffer size",
        &[HashSuspend, Sha256],
    ),
    (
        "Test psa_hash_suspend - Invalid operation state",
        &[HashSuspend, Sha256],
    ),
    ("Test psa_hash_suspend - repeated API call", &[]),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    unported(cx, HashSuspend, TABLE);
}
