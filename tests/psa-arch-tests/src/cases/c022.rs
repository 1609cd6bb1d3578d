//! test_c022: `psa_key_derivation_abort` on operations that were never set up (the suite's
//! `psa_key_derivation_operation_init()`, `PSA_KEY_DERIVATION_OPERATION_INIT` and a zeroed
//! struct are all `Psa::key_derivation_operation()` in Rust), then output after the abort.

use psa_core::{Dispatch, Error};

use crate::common::BUFFER_SIZE;
use crate::harness::{Cx, SUCCESS, expect};

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    cx.case("Test psa_key_derivation_abort", &[], |psa| {
        let mut func = psa.key_derivation_operation();
        let mut init = psa.key_derivation_operation();
        expect("abort (operation_init)", func.abort(), SUCCESS)?;
        expect("abort (OPERATION_INIT)", init.abort(), SUCCESS)?;
        let mut out = vec![0u8; BUFFER_SIZE];
        let got = func.output_bytes(&mut out);
        expect("output_bytes after abort", got, Err(Error::BadState))?;
        Ok(())
    });
}
