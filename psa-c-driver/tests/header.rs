//! The committed C header is the one generated from the Rust definitions.

#[test]
fn c_driver_header_matches_rust() {
    let mut generated = String::new();
    psa_c_driver::header(&mut generated).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/include/psa_driver_c.h");
    if std::env::var_os("PSA_C_DRIVER_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    assert_eq!(
        psa_c_driver::HEADER,
        generated,
        "include/psa_driver_c.h drifted from the Rust definitions; regenerate with PSA_C_DRIVER_BLESS=1 cargo test -p psa-c-driver"
    );
}
