//! Expected-to-fail marks for c001–c040 (c041–c080 keep theirs in `cases/second.rs`).
//!
//! Each names the open gap the case fails on. A mark whose case passes (or no longer runs)
//! fails the run, so a mark goes as soon as its gap closes.

use crate::harness::Gap;

/// The marks, as (test, case number, path or every path, gap).
pub const GAPS: &[Gap] = &[];
