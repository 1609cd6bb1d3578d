//! `cargo +nightly fuzz run import_key`: see `psa_tests::harness::import_key` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| psa_tests::harness::import_key(data));
