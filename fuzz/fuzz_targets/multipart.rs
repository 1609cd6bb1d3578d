//! `cargo +nightly fuzz run multipart`: see `psa_tests::harness::multipart` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| psa_tests::harness::multipart(data));
