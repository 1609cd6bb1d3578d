//! test_c009: `psa_key_derivation_input_bytes` per step on an ECDH + HKDF operation; after an
//! abort, input gives `BAD_STATE`.

use psa_core::{Algorithm, Dispatch, Error};

use crate::common::*;
use crate::ext::step;
use crate::harness::{Cx, Feature, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    alg: Algorithm,
    data: &'static [u8],
    data_length: usize,
    step: u16,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    alg: Algorithm::NONE,
    data: &[],
    data_length: 0,
    step: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_key_derivation_input_bytes - Step as Info",
        needs: &[],
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        step: step::INFO,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_bytes - Step as secret",
        needs: &[],
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        step: step::SECRET,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_bytes - Step as salt",
        needs: &[],
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        step: step::SALT,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_bytes - Step as label",
        needs: &[],
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        step: step::LABEL,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_bytes - Step as seed",
        needs: &[],
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        step: step::SEED,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_bytes - Invalid step",
        needs: &[],
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        step: step::INVALID,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        let Some(step) = step::to_core(e.step) else {
            cx.not_expressible(
                e.desc,
                "`DerivationStep` is a closed enum: an undefined step cannot be passed",
            );
            continue;
        };
        cx.case(e.desc, e.needs, |psa| {
            let data = &e.data[..e.data_length];
            let mut op = psa.key_derivation_operation();
            expect("key_derivation_setup", op.setup(e.alg), SUCCESS)?;
            let input = op.input_bytes(step, data);
            expect("key_derivation_input_bytes", input, e.expected_status)?;
            expect("key_derivation_abort", op.abort(), SUCCESS)?;
            if e.expected_status == SUCCESS {
                let again = op.input_bytes(step, data);
                expect("input_bytes after abort", again, Err(Error::BadState))?;
            }
            Ok(())
        });
    }
}
