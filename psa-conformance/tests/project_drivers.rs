//! The project's own drivers pass the kit: the P-256 accelerator, the simulated secure
//! element and the instrumented test drivers, alone and registered before the built-in.

use psa_core::{Location, Psa, register_drivers};
use psa_drivers::{P256Driver, SecureElement};

/// The secure element's provisioned device key (Mbed TLS's test opaque driver's).
const DEVICE_KEY: [u8; 32] = [
    0xdc, 0x7d, 0x9d, 0x26, 0xd6, 0x7a, 0x4f, 0x63, 0x2c, 0x34, 0xc2, 0xdc, 0x0b, 0x69, 0x86, 0x18,
    0x38, 0x82, 0xc2, 0x06, 0xdf, 0x04, 0xcd, 0xb7, 0xd6, 0x9a, 0xab, 0xe2, 0x8b, 0xe4, 0xf8, 0x1a,
];

fn element() -> SecureElement {
    SecureElement::provisioned(&DEVICE_KEY).expect("valid device key")
}

// The one-line form an outside author writes.
psa_conformance::conformance_tests!(transparent P256Driver, P256Driver::new());

register_drivers! {
    /// The secure element at its location, the built-in for local keys.
    struct SeWithBuiltin { transparent: [], opaque: [se: SecureElement], builtin: true }
}

#[test]
fn secure_element() {
    let report = psa_conformance::check::<SecureElement>(element)
        .registered(0, || Psa::new(SeWithBuiltin::new(element())))
        .report();
    println!("{}", report.coverage());
    assert!(report.passed(), "{report}");
    // What the element declares and the kit has material for was covered.
    for cap in [
        "sign_hash ECDSA(SHA_256)",
        "sign_hash DETERMINISTIC_ECDSA(SHA_256)",
        "key_agreement ECDH",
        "export_key",
    ] {
        assert!(
            report.covered.keys().any(|k| k.starts_with(cap)),
            "{cap} not covered:\n{}",
            report.coverage()
        );
    }
}

psa_tests::instrumented_transparent!(
    /// An instrumented transparent driver (every transparent entry point, through the built-in).
    pub Instrumented, "inst", INSTRUMENTED
);
psa_tests::instrumented_opaque!(
    /// An instrumented opaque driver (keys wrapped, through the built-in).
    pub InstrumentedOpaque, "inst_opaque", Location::vendor(0x77), INSTRUMENTED_OPAQUE
);

register_drivers! {
    /// The instrumented transparent driver before the built-in.
    struct InstWithBuiltin { transparent: [i: Instrumented], builtin: true }
}
register_drivers! {
    /// The instrumented opaque driver at its location.
    struct InstOpaqueWithBuiltin { transparent: [], opaque: [i: InstrumentedOpaque], builtin: true }
}

#[test]
fn instrumented_drivers() {
    let transparent = psa_conformance::check::<Instrumented>(|| Instrumented)
        .registered(0, || Psa::new(InstWithBuiltin::new(Instrumented)))
        .report();
    println!("{}", transparent.coverage());
    assert!(transparent.passed(), "{transparent}");
    let opaque = psa_conformance::check::<InstrumentedOpaque>(|| InstrumentedOpaque)
        .registered(0, || {
            Psa::new(InstOpaqueWithBuiltin::new(InstrumentedOpaque))
        })
        .report();
    println!("{}", opaque.coverage());
    assert!(opaque.passed(), "{opaque}");
}
