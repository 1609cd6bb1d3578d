//! The ported tests: c001–c040 here, c041–c080 in `second`.

// The tables are the suite's entries, each completing from a `BASE` entry whether or not it
// names every field.
#![allow(clippy::needless_update)]

use crate::arch_test;
use crate::harness::{Gap, Test};

mod second;

mod c001;
mod c002;
mod c003;
mod c004;
mod c005;
mod c006;
mod c007;
mod c008;
mod c009;
mod c010;
mod c011;
mod c012;
mod c013;
mod c014;
mod c015;
mod c016;
mod c017;
mod c018;
mod c019;
mod c020;
mod c021;
mod c022;
mod c023;
mod c024;
mod c025;
mod c026;
mod c027;
mod c028;
mod c029;
mod c030;
mod c031;
mod c032;
mod c033;
mod c034;
mod c035;
mod c036;
mod c037;
mod c038;
mod c039;
mod c040;

/// Every test, in suite order.
pub(crate) fn tests() -> Vec<Test> {
    let mut tests = vec![
        arch_test!("c001", "psa_crypto_init", c001::run),
        arch_test!("c002", "psa_import_key", c002::run, secure_element),
        arch_test!("c003", "psa_export_key", c003::run, secure_element),
        arch_test!("c004", "psa_export_public_key", c004::run, secure_element),
        arch_test!("c005", "psa_destroy_key", c005::run, secure_element),
        arch_test!("c006", "psa_hash_compute", c006::run),
        arch_test!("c007", "psa_hash_compare", c007::run),
        arch_test!("c008", "psa_key_derivation_setup", c008::run),
        arch_test!("c009", "psa_key_derivation_input_bytes", c009::run),
        arch_test!("c010", "psa_key_attributes set/get", c010::run),
        arch_test!("c011", "psa_hash_setup", c011::run),
        arch_test!("c012", "psa_hash_update", c012::run),
        arch_test!("c013", "psa_hash_verify", c013::run),
        arch_test!("c014", "psa_hash_finish", c014::run),
        arch_test!("c015", "psa_hash_abort", c015::run),
        arch_test!("c016", "psa_generate_key", c016::run, secure_element),
        arch_test!("c017", "psa_generate_random", c017::run),
        arch_test!("c018", "psa_key_derivation_input_key", c018::run),
        arch_test!("c019", "psa_key_derivation_key_agreement", c019::run),
        arch_test!("c020", "psa_key_derivation_output_bytes", c020::run),
        arch_test!("c021", "psa_key_derivation_output_key", c021::run),
        arch_test!("c022", "psa_key_derivation_abort", c022::run),
        arch_test!("c023", "psa_key_derivation set/get capacity", c023::run),
        arch_test!("c024", "psa_aead_encrypt", c024::run),
        arch_test!("c025", "psa_aead_decrypt", c025::run),
        arch_test!("c026", "psa_mac_sign_setup", c026::run),
        arch_test!("c027", "psa_mac_update", c027::run),
        arch_test!("c028", "psa_mac_sign_finish", c028::run),
        arch_test!("c029", "psa_mac_verify_setup", c029::run),
        arch_test!("c030", "psa_mac_verify_finish", c030::run),
        arch_test!("c031", "psa_mac_abort", c031::run),
        arch_test!("c032", "psa_cipher_encrypt_setup", c032::run),
        arch_test!("c033", "psa_cipher_decrypt_setup", c033::run),
        arch_test!("c034", "psa_cipher_generate_iv", c034::run),
        arch_test!("c035", "psa_cipher_set_iv", c035::run),
        arch_test!("c036", "psa_cipher_update", c036::run),
        arch_test!("c037", "psa_cipher_finish", c037::run),
        arch_test!("c038", "psa_cipher_abort", c038::run),
        arch_test!("c039", "psa_asymmetric_encrypt", c039::run),
        arch_test!("c040", "psa_asymmetric_decrypt", c040::run),
    ];
    tests.extend(second::tests());
    tests
}

/// Every expected-to-fail mark.
pub(crate) fn gaps() -> Vec<Gap> {
    crate::gaps::GAPS
        .iter()
        .chain(second::GAPS)
        .copied()
        .collect()
}
