//! `cargo +nightly fuzz run key_agreement`: see `psa_tests::harness::key_agreement` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| psa_tests::harness::key_agreement(data));
