//! Multi-part operations through the front-end's operation objects (built-in only): PSA state
//! rules, and published vectors with the input split at every boundary.

use psa_core::{
    Algorithm, DerivationStep, EntropySource, Error, KeyAttributes, KeyId, KeyType, Psa, Result,
    UsageFlags, register_drivers,
};

register_drivers! {
    /// Built-in only.
    pub struct BuiltinOnly {
        transparent: [],
        opaque: [],
        builtin: true,
    }
}

struct Fixed;
impl EntropySource for Fixed {
    fn fill_entropy(&mut self, out: &mut [u8]) -> Result<()> {
        out.iter_mut().enumerate().for_each(|(i, b)| *b = i as u8);
        Ok(())
    }
}

fn psa() -> Psa<BuiltinOnly, Fixed> {
    Psa::with_entropy(BuiltinOnly::new(), Fixed)
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn hash_split_at_every_boundary_matches_fips_180() {
    // FIPS 180-2 B.2 (two-block message) for SHA-256, and C.1/D.1 ("abc") for SHA-384/512.
    let vectors = [
        (
            Algorithm::SHA_256,
            &b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"[..],
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ),
        (
            Algorithm::SHA_384,
            &b"abc"[..],
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
        ),
        (
            Algorithm::SHA_512,
            &b"abc"[..],
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        ),
    ];
    let psa = psa();
    let mut runs = 0;
    for (alg, msg, digest) in vectors {
        let expected = hex(digest);
        for split in 0..=msg.len() {
            let mut op = psa.hash_setup(alg).unwrap();
            op.update(&msg[..split]).unwrap();
            op.update(&msg[split..]).unwrap();
            let mut out = [0u8; 64];
            let n = op.finish(&mut out).unwrap();
            assert_eq!(&out[..n], expected.as_slice(), "{alg} split at {split}");
            let mut op = psa.hash_setup(alg).unwrap();
            op.update(&msg[..split]).unwrap();
            op.update(&msg[split..]).unwrap();
            assert_eq!(op.verify(&expected), Ok(()));
            runs += 2;
        }
    }
    println!("hash: {runs} split runs over 3 FIPS 180-2 vectors");
}

#[test]
fn hash_state_rules() {
    let psa = psa();
    let mut op = psa.hash_operation();
    let mut out = [0u8; 32];
    // Inactive: every step is BAD_STATE; abort succeeds.
    assert_eq!(op.update(b"x"), Err(Error::BadState));
    assert_eq!(op.finish(&mut out), Err(Error::BadState));
    assert_eq!(op.verify(&out), Err(Error::BadState));
    assert_eq!(op.clone_operation().err(), Some(Error::BadState));
    assert_eq!(op.abort(), Ok(()));
    // Setup twice is BAD_STATE; wildcard or non-hash algorithms are INVALID_ARGUMENT.
    assert_eq!(op.setup(Algorithm::ANY_HASH), Err(Error::InvalidArgument));
    assert_eq!(op.setup(Algorithm::CTR), Err(Error::InvalidArgument));
    op.setup(Algorithm::SHA_256).unwrap();
    // Setup on an active operation is BAD_STATE, and (as any error) leaves it needing abort.
    assert_eq!(op.setup(Algorithm::SHA_256), Err(Error::BadState));
    assert_eq!(op.update(b"x"), Err(Error::BadState));
    assert_eq!(op.abort(), Ok(()));
    // A short output is BUFFER_TOO_SMALL and the operation needs abort.
    op.setup(Algorithm::SHA_256).unwrap();
    assert_eq!(op.finish(&mut out[..31]), Err(Error::BufferTooSmall));
    assert_eq!(op.update(b"x"), Err(Error::BadState));
    assert_eq!(op.abort(), Ok(()));
    // After finish the operation is inactive again.
    op.setup(Algorithm::SHA_256).unwrap();
    op.finish(&mut out).unwrap();
    assert!(!op.is_active());
    assert_eq!(op.update(b"x"), Err(Error::BadState));
    // A failed verify ends the operation too.
    op.setup(Algorithm::SHA_256).unwrap();
    assert_eq!(op.verify(&[0; 32]), Err(Error::InvalidSignature));
    assert_eq!(op.update(b"x"), Err(Error::BadState));
}

#[test]
fn hash_clone_forks_the_state() {
    let psa = psa();
    let mut a = psa.hash_setup(Algorithm::SHA_256).unwrap();
    a.update(b"ab").unwrap();
    let mut b = a.clone_operation().unwrap();
    a.update(b"c").unwrap();
    b.update(b"d").unwrap();
    let (mut da, mut db) = ([0u8; 32], [0u8; 32]);
    a.finish(&mut da).unwrap();
    b.finish(&mut db).unwrap();
    assert_eq!(
        da.as_slice(),
        hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad").as_slice()
    );
    // SHA-256("abd"), computed independently through the single-part path.
    let mut single = [0u8; 32];
    psa.hash_compute(Algorithm::SHA_256, b"abd", &mut single)
        .unwrap();
    assert_eq!(db, single);
}

fn hmac_key(psa: &Psa<BuiltinOnly, Fixed>, key: &[u8], alg: Algorithm) -> KeyId {
    let attrs = KeyAttributes::new()
        .with_type(KeyType::HMAC)
        .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE)
        .with_algorithm(alg);
    psa.import_key(&attrs, key).unwrap()
}

#[test]
fn hmac_rfc4231_split_at_every_boundary() {
    // RFC 4231 test cases 2 (SHA-256) and 4 (SHA-512).
    let psa = psa();
    let cases = [
        (
            Algorithm::hmac(Algorithm::SHA_256),
            b"Jefe".to_vec(),
            b"what do ya want for nothing?".to_vec(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            Algorithm::hmac(Algorithm::SHA_512),
            hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
            vec![0xcd; 50],
            "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
        ),
    ];
    let mut runs = 0;
    for (alg, key, msg, mac) in cases {
        let id = hmac_key(&psa, &key, alg);
        let expected = hex(mac);
        for split in 0..=msg.len() {
            let mut op = psa.mac_operation();
            op.sign_setup(id, alg).unwrap();
            op.update(&msg[..split]).unwrap();
            op.update(&msg[split..]).unwrap();
            let mut out = [0u8; 64];
            let n = op.sign_finish(&mut out).unwrap();
            assert_eq!(&out[..n], expected.as_slice());
            let mut op = psa.mac_operation();
            op.verify_setup(id, alg).unwrap();
            op.update(&msg[..split]).unwrap();
            op.update(&msg[split..]).unwrap();
            assert_eq!(op.verify_finish(&expected), Ok(()));
            runs += 2;
        }
        let mut op = psa.mac_operation();
        op.verify_setup(id, alg).unwrap();
        op.update(&msg).unwrap();
        let mut wrong = expected.clone();
        wrong[0] ^= 1;
        assert_eq!(op.verify_finish(&wrong), Err(Error::InvalidSignature));
    }
    println!("hmac: {runs} split runs over RFC 4231 cases 2 and 4");
}

#[test]
fn mac_state_rules_and_policy() {
    let psa = psa();
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    let id = hmac_key(&psa, b"key", alg);
    let mut op = psa.mac_operation();
    assert_eq!(op.update(b"x"), Err(Error::BadState));
    op.sign_setup(id, alg).unwrap();
    // A sign operation cannot verify-finish, and the reverse.
    assert_eq!(op.verify_finish(&[0; 32]), Err(Error::BadState));
    op.abort().unwrap();
    op.verify_setup(id, alg).unwrap();
    assert_eq!(op.sign_finish(&mut [0; 32]), Err(Error::BadState));
    op.abort().unwrap();
    // Policy is checked at setup.
    let sign_only = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::HMAC)
                .with_usage(UsageFlags::SIGN_MESSAGE)
                .with_algorithm(alg),
            b"key",
        )
        .unwrap();
    assert_eq!(op.verify_setup(sign_only, alg), Err(Error::NotPermitted));
    assert_eq!(
        op.sign_setup(sign_only, Algorithm::hmac(Algorithm::SHA_512)),
        Err(Error::NotPermitted)
    );
    assert!(!op.is_active());
}

fn aes_key(psa: &Psa<BuiltinOnly, Fixed>, key: &[u8], alg: Algorithm) -> KeyId {
    let attrs = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
        .with_algorithm(alg);
    psa.import_key(&attrs, key).unwrap()
}

// NIST SP 800-38A F.2.1 (CBC-AES128) and F.5.1 (CTR-AES128): key, IV, first two blocks.
const SP800_38A_KEY: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const SP800_38A_PLAIN: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51";
const CBC_IV: &str = "000102030405060708090a0b0c0d0e0f";
const CBC_CIPHER: &str = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2";
const CTR_IV: &str = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
const CTR_CIPHER: &str = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff";

#[test]
fn aes_modes_split_at_every_boundary_match_sp800_38a() {
    let psa = psa();
    let plain = hex(SP800_38A_PLAIN);
    let mut runs = 0;
    for (alg, iv, cipher) in [
        (Algorithm::CBC_NO_PADDING, CBC_IV, CBC_CIPHER),
        (Algorithm::CTR, CTR_IV, CTR_CIPHER),
    ] {
        let key = aes_key(&psa, &hex(SP800_38A_KEY), alg);
        let expected = hex(cipher);
        for split in 0..=plain.len() {
            for (encrypt, input, want) in [(true, &plain, &expected), (false, &expected, &plain)] {
                let mut op = psa.cipher_operation();
                if encrypt {
                    op.encrypt_setup(key, alg).unwrap();
                } else {
                    op.decrypt_setup(key, alg).unwrap();
                }
                op.set_iv(&hex(iv)).unwrap();
                let mut out = vec![0u8; 64 + 32];
                let mut n = op.update(&input[..split], &mut out).unwrap();
                n += op.update(&input[split..], &mut out[n..]).unwrap();
                n += op.finish(&mut out[n..]).unwrap();
                assert_eq!(
                    &out[..n],
                    want.as_slice(),
                    "{alg} encrypt={encrypt} split={split}"
                );
                runs += 1;
            }
        }
    }
    println!("aes: {runs} split runs over SP 800-38A F.2.1 and F.5.1");
}

#[test]
fn cipher_state_rules_and_generated_iv() {
    let psa = psa();
    let key = aes_key(&psa, &hex(SP800_38A_KEY), Algorithm::CTR);
    let mut op = psa.cipher_operation();
    let mut out = [0u8; 32];
    assert_eq!(op.update(b"x", &mut out), Err(Error::BadState));
    op.encrypt_setup(key, Algorithm::CTR).unwrap();
    // No IV yet: BAD_STATE, and the operation then needs abort (PSA: any error).
    assert_eq!(op.update(b"x", &mut out), Err(Error::BadState));
    assert_eq!(op.finish(&mut out), Err(Error::BadState));
    op.abort().unwrap();
    op.encrypt_setup(key, Algorithm::CTR).unwrap();
    let mut iv = [0u8; 16];
    assert_eq!(op.generate_iv(&mut iv[..15]), Err(Error::BufferTooSmall));
    assert_eq!(
        op.generate_iv(&mut iv),
        Err(Error::BadState),
        "needs abort after an error"
    );
    op.abort().unwrap();
    op.encrypt_setup(key, Algorithm::CTR).unwrap();
    assert_eq!(op.generate_iv(&mut iv), Ok(16));
    assert_eq!(
        op.generate_iv(&mut iv),
        Err(Error::BadState),
        "an IV is set once"
    );
    op.abort().unwrap();
    // Encrypt with the generated IV.
    op.encrypt_setup(key, Algorithm::CTR).unwrap();
    op.set_iv(&iv).unwrap();
    let n = op.update(&hex(SP800_38A_PLAIN), &mut out).unwrap();
    op.finish(&mut out[n..]).unwrap();
    // The ciphertext decrypts with the generated IV.
    let mut dec = psa.cipher_operation();
    dec.decrypt_setup(key, Algorithm::CTR).unwrap();
    assert_eq!(
        dec.generate_iv(&mut iv),
        Err(Error::BadState),
        "decryption takes the IV"
    );
    dec.abort().unwrap();
    dec.decrypt_setup(key, Algorithm::CTR).unwrap();
    // A wrong IV length is INVALID_ARGUMENT and needs abort.
    assert_eq!(dec.set_iv(&iv[..8]), Err(Error::InvalidArgument));
    assert_eq!(dec.update(b"x", &mut [0; 16]), Err(Error::BadState));
    dec.abort().unwrap();
    dec.decrypt_setup(key, Algorithm::CTR).unwrap();
    dec.set_iv(&iv).unwrap();
    let mut plain = [0u8; 32];
    let m = dec.update(&out[..32], &mut plain).unwrap();
    dec.finish(&mut plain[m..]).unwrap();
    assert_eq!(plain.as_slice(), hex(SP800_38A_PLAIN).as_slice());
}

/// The built-in streams multi-part AEAD: GCM through the operation matches the one-shot call.
#[test]
fn multipart_aead_is_the_builtins() {
    let psa = psa();
    let key = aes_key(&psa, &[0; 16], Algorithm::GCM);
    let mut op = psa.aead_operation();
    assert_eq!(op.set_nonce(&[0; 12]), Err(Error::BadState));
    op.encrypt_setup(key, Algorithm::GCM).unwrap();
    assert!(op.is_active());
    op.set_nonce(&[0; 12]).unwrap();
    op.update_ad(b"ad").unwrap();
    let mut ct = [0u8; 21];
    let n = op.update(b"plain", &mut ct).unwrap();
    let mut tag = [0u8; 16];
    assert_eq!(op.finish(&mut ct[n..], &mut tag), Ok((0, 16)));
    let mut one_shot = [0u8; 21];
    psa.aead_encrypt(
        key,
        Algorithm::GCM,
        &[0; 12],
        b"ad",
        b"plain",
        &mut one_shot,
    )
    .unwrap();
    assert_eq!(&one_shot[..5], &ct[..5]);
    assert_eq!(&one_shot[5..], &tag);
}

#[test]
fn hkdf_rfc5869_case1_through_the_operation() {
    let psa = psa();
    let alg = Algorithm::hkdf(Algorithm::SHA_256);
    let mut op = psa.key_derivation_operation();
    assert_eq!(op.output_bytes(&mut [0; 8]), Err(Error::BadState));
    op.setup(alg).unwrap();
    op.input_bytes(DerivationStep::Salt, &hex("000102030405060708090a0b0c"))
        .unwrap();
    let ikm = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::DERIVE)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(alg),
            &[0x0b; 22],
        )
        .unwrap();
    op.input_key(DerivationStep::Secret, ikm).unwrap();
    op.input_bytes(DerivationStep::Info, &hex("f0f1f2f3f4f5f6f7f8f9"))
        .unwrap();
    let mut okm = [0u8; 42];
    op.output_bytes(&mut okm[..10]).unwrap();
    op.output_bytes(&mut okm[10..]).unwrap();
    assert_eq!(
        okm.as_slice(),
        hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
            .as_slice()
    );
    // A key without DERIVE cannot be a secret input.
    let mut op = psa.key_derivation_operation();
    op.setup(alg).unwrap();
    let no_derive = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::DERIVE)
                .with_usage(UsageFlags::EXPORT),
            &[1; 16],
        )
        .unwrap();
    assert_eq!(
        op.input_key(DerivationStep::Secret, no_derive),
        Err(Error::NotPermitted)
    );
}

// Drop-aborts-once is observed through a driver's live-context count in
// `tests/tests/secrets.rs` (`contexts_are_released_after_abort_drop_finish_and_error`).
