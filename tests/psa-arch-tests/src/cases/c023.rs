//! test_c023: `psa_key_derivation_set_capacity` / `get_capacity`. The front-end has neither:
//! the cases wait for `key_derivation capacity`.

use psa_core::{Algorithm, Dispatch, Error};

use crate::harness::{Cx, Feature::*, SUCCESS, Status};

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
    for (desc, _alg, _capacity, _status) in CHECK1 {
        cx.awaiting(desc, &[Hkdf, Sha256], KdfCapacity);
    }
}
