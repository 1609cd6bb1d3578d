//! `cargo +nightly fuzz run verify_hash`: see `psa_tests::harness::verify_hash` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| psa_tests::harness::verify_hash(data));
