//! `cargo fuzz run key_agreement`: see `psa_tests::harness::key_agreement` for what is checked.
//! Most inputs derive the peer key from a valid private key, so they reach the shared secret.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    psa_tests::harness::key_agreement(data);
});
