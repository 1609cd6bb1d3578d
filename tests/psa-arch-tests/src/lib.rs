//! Arm's PSA Certified crypto API tests (`ARM-software/psa-arch-tests`,
//! `api-tests/dev_apis/crypto/test_c001` … `test_c080`) ported to run through the `psa-core`
//! front-end, on every serving path.
//!
//! The suite's data (keys, inputs, expected outputs and statuses, including the alternatives a
//! case accepts) are carried into [`common`] and the per-test modules; the test logic is
//! written against [`harness`]. Every case is run, or counted not applicable (with the missing
//! algorithm or API named) or not expressible in a safe-Rust API (with the reason). The test
//! binary `tests/psa_arch.rs` prints a table per test and the totals line.

pub mod common;
pub mod ext;
pub mod feature;
pub mod gaps;
pub mod harness;
pub mod report;

mod cases;

pub use harness::{Gap, Path, Test};
pub use report::Report;

/// Every ported test, in suite order.
pub fn tests() -> Vec<Test> {
    cases::tests()
}

/// Every expected-to-fail mark (both halves of the port).
pub fn gaps() -> Vec<Gap> {
    cases::gaps()
}

/// Run every test on every path it applies to.
pub fn run() -> Report {
    Report::run(&tests(), &gaps())
}
