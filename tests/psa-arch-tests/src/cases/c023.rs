//! test_c023: `psa_key_derivation_set_capacity` / `get_capacity`.

use psa_core::{Algorithm, Dispatch, Error};

use crate::harness::{Cx, Feature::*, SUCCESS, Status, expect, same};

/// (description, algorithm, capacity to set, expected status of the set). The suite then
/// reads the capacity back (the set value on success, the default on failure).
const CHECK1: &[(&str, Algorithm, usize, Status)] = &[
    (
        "Test psa_key_derivation_set_get_capacity - < operation's capacity",
        Algorithm::hkdf(Algorithm::SHA_256),
        42,
        SUCCESS,
    ),
    (
        "Test psa_key_derivation_set_get_capacity - = operation's capacity",
        Algorithm::hkdf(Algorithm::SHA_256),
        8160,
        SUCCESS,
    ),
    (
        "Test psa_key_derivation_set_get_capacity - > operation's capacity",
        Algorithm::hkdf(Algorithm::SHA_256),
        10000,
        Err(Error::InvalidArgument),
    ),
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for &(desc, alg, capacity, status) in CHECK1 {
        cx.case(desc, &[Hkdf, Sha256, KdfCapacity], |psa| {
            let mut op = psa.key_derivation_operation();
            expect("setup", op.setup(alg), SUCCESS)?;
            let default = op.get_capacity().unwrap_or(0);
            expect("set_capacity", op.set_capacity(capacity), status)?;
            let want = if status.is_ok() { capacity } else { default };
            same("get_capacity", &op.get_capacity(), &Ok(want))
        });
    }
}
