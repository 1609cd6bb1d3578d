//! test_c001: `psa_crypto_init`. In Rust an instance is initialised by construction
//! (`Psa::new`), which cannot fail; seeding happens on first use. The checks become: a fresh
//! instance serves `generate_random` (the suite accepts `SUCCESS` as well as `BAD_STATE` for
//! a call before init), and constructing instances repeatedly keeps succeeding.

use psa_core::{Dispatch, Psa};

use crate::harness::{Cx, SUCCESS, expect};

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    cx.case(
        "Test calling crypto functions before psa_crypto_init",
        &[],
        |psa| {
            // Nothing has been called on this instance yet: its generator is unseeded.
            let mut output = [0u8; 32];
            expect("generate_random", psa.generate_random(&mut output), SUCCESS)?;
            Ok(())
        },
    );
    cx.case("Test psa_crypto_init", &[], |psa| {
        // Construction is the init; that it serves random bytes shows it is ready.
        let mut output = [0u8; 16];
        expect("generate_random", psa.generate_random(&mut output), SUCCESS)?;
        Ok(())
    });
    cx.case_with_instances("Test multiple psa_crypto_init", &[], |new_psa| {
        let mut output = [0u8; 16];
        for _ in 0..5 {
            let psa: Psa<D> = new_psa();
            expect("generate_random", psa.generate_random(&mut output), SUCCESS)?;
        }
        Ok(())
    });
}
