//! test_c008: `psa_key_derivation_setup` with key-agreement algorithms, then abort.

use psa_core::{Algorithm, Dispatch, Error};

use crate::common::*;
use crate::harness::{Cx, Feature, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    alg: Algorithm,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    alg: Algorithm::NONE,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_key_derivation_setup - ECDH + HKDF-SHA-256",
        needs: &[],
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_setup - ECDH, unknown KDF",
        needs: &[],
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::NONE)),
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_setup - bad key derivation algorithm",
        needs: &[],
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm(HASH_ALG_INVALID)),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_setup - Invalid Algorithm",
        needs: &[],
        alg: Algorithm(ALG_INVALID),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.case(e.desc, e.needs, |psa| {
            let mut op = psa.key_derivation_operation();
            expect("key_derivation_setup", op.setup(e.alg), e.expected_status)?;
            expect("key_derivation_abort", op.abort(), SUCCESS)?;
            Ok(())
        });
    }
}
