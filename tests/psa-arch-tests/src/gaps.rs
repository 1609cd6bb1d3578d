//! Expected-to-fail marks for c001–c040 (c041–c080 keep theirs in `cases/second.rs`).
//!
//! Each names the open gap the case fails on. A mark whose case passes (or no longer runs)
//! fails the run, so a mark goes as soon as its gap closes.

use crate::harness::Gap;

/// The marks, as (test, case number, path or every path, gap).
pub const GAPS: &[Gap] = &[
    // c020 #4 "missing info": the suite (and Mbed TLS) want BAD_STATE for HKDF output before
    // an info input; the built-in HKDF treats a missing info as the empty info (a choice
    // psa-core/tests/builtin_kdf.rs asserts).
    Gap {
        test: "c020",
        case: 4,
        path: None,
        gap: "issue 15: the built-in HKDF outputs without an info input (the suite wants BAD_STATE)",
    },
];
