//! The committed C header is the one generated from the Rust definitions; status and length
//! checks of C results.

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

#[test]
fn c_driver_status_and_length_checks() {
    use psa_c_driver::{output, status};
    use psa_core::Error;
    assert_eq!(status(0), Ok(()));
    assert_eq!(status(-134), Err(Error::NotSupported));
    assert_eq!(status(-149), Err(Error::InvalidSignature));
    // Not PSA statuses: positive values and unknown negatives are not trusted.
    assert_eq!(status(1), Err(Error::CorruptionDetected));
    assert_eq!(status(-1), Err(Error::CorruptionDetected));
    assert_eq!(output(0, 32, 32), Ok(32));
    assert_eq!(output(0, 33, 32), Err(Error::CorruptionDetected));
    // A failed call's length is not looked at.
    assert_eq!(output(-138, 99, 32), Err(Error::BufferTooSmall));
}

#[test]
fn c_driver_header_pake_primitive_matches_rust() {
    use psa_core::{PakePrimitive, PakePrimitiveType};
    // The header's PSA_PAKE_PRIMITIVE(type, family, bits), evaluated as C would.
    let c = |t: u8, f: u8, bits: usize| {
        if bits > 0xffff {
            0
        } else {
            (t as u32) << 24 | (f as u32) << 16 | bits as u32
        }
    };
    for (t, f, bits) in [
        (1, 0x12, 256),
        (2, 0x03, 2048),
        (0xab, 0xcd, 0xffff),
        (1, 1, 0x10000),
    ] {
        assert_eq!(
            PakePrimitive::new(PakePrimitiveType(t), f, bits).0,
            c(t, f, bits)
        );
    }
    assert!(psa_c_driver::HEADER.contains(
        "(psa_pake_primitive_t)(((uint32_t)(pake_type) << 24) | ((uint32_t)(pake_family) << 16) | (uint32_t)(pake_bits))"
    ));
}
