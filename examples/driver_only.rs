//! A driver-only build: the built-in software implementation is not registered (and, built
//! with `--no-default-features`, not even compiled). What a driver serves still works;
//! everything else is `NOT_SUPPORTED`. Plain symmetric keys (AES, HMAC, raw data) are still
//! stored by the core, as in Mbed TLS, so an AES accelerator alone is a working configuration:
//! the AES key is imported with no driver and used through the `aes_ctr` driver.
//!
//! Run: `cargo run -p psa-examples --example driver_only --no-default-features`

use std::process::ExitCode;

use ctr::cipher::{KeyIvInit, StreamCipher};
use psa_core::receipt::{Candidate, Receipt};
use psa_core::{
    Algorithm, Dispatch, EccFamily, EntryPoint, Error, KeyAttributes, KeyType, Psa, Result,
    UsageFlags, psa_driver, register_drivers, sizes,
};
use psa_drivers::P256Driver;

/// A stand-in for an AES-CTR accelerator (here the `aes` and `ctr` crates): one-shot
/// encryption and decryption of keys the core stores. It has no `import_key`.
pub struct AesCtr;

#[psa_driver(
    prefix = "aes_ctr",
    kind = "transparent",
    entry_points = [cipher_encrypt, cipher_decrypt],
    capability(algorithms = [Algorithm::CTR], key_types = [KeyType::AES], fallback = false),
)]
impl AesCtr {
    fn cipher_encrypt(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        _alg: Algorithm,
        iv: &[u8],
        input: &[u8],
        output: &mut [u8],
    ) -> Result<usize> {
        ctr_apply(key_buffer, iv, input, output)
    }

    fn cipher_decrypt(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        _alg: Algorithm,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<usize> {
        // The input is the 16-byte initial counter block followed by the ciphertext.
        let (iv, body) = input.split_at_checked(16).ok_or(Error::InvalidArgument)?;
        ctr_apply(key_buffer, iv, body, output)
    }
}

/// AES-CTR (big-endian 128-bit counter) of `input` into the front of `output`.
fn ctr_apply(key: &[u8], iv: &[u8], input: &[u8], output: &mut [u8]) -> Result<usize> {
    let out = output.get_mut(..input.len()).ok_or(Error::BufferTooSmall)?;
    let applied = match key.len() {
        16 => ctr::Ctr128BE::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(|_| Error::InvalidArgument)?
            .try_apply_keystream_b2b(input, out),
        32 => ctr::Ctr128BE::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(|_| Error::InvalidArgument)?
            .try_apply_keystream_b2b(input, out),
        _ => return Err(Error::NotSupported),
    };
    applied.map_err(|_| Error::InvalidArgument)?;
    Ok(input.len())
}

register_drivers! {
    /// Only the P-256 and AES-CTR accelerators; no software fallback.
    pub struct AcceleratorOnly {
        transparent: [p256: P256Driver, aes_ctr: AesCtr],
        builtin: false,
    }
}

fn main() -> ExitCode {
    let psa: Psa<AcceleratorOnly> = Psa::new(AcceleratorOnly::new(P256Driver::new(), AesCtr));
    println!("built-in compiled in: {}", cfg!(feature = "builtin"));
    println!(
        "{}",
        psa.dispatcher()
            .info()
            .tree_of(psa_core::EntryPoint::SignHash)
    );
    let mut wrong = 0;
    let mut expect = |what: &str, ok: bool| {
        for r in psa.dispatcher().recorder().take() {
            println!("    {}", Receipt::explain(&r, psa.dispatcher().info()));
        }
        println!("  [{}] {what}", if ok { "ok" } else { "WRONG" });
        wrong += u32::from(!ok);
    };

    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let attrs = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH));
    let key = psa.generate_key(&attrs);
    expect("generate a P-256 key pair (p256)", key.is_ok());
    let key = key.unwrap_or_default();
    let digest = [0x42u8; sizes::hash_length(Algorithm::SHA_256)];
    const SIG: usize = sizes::sign_output_size(
        KeyType::ecc_key_pair(EccFamily::SECP_R1),
        256,
        Algorithm::ecdsa(Algorithm::SHA_256),
    );
    let mut sig = [0u8; SIG];
    expect(
        "sign a digest (p256)",
        psa.sign_hash(key, alg, &digest, &mut sig) == Ok(SIG),
    );
    expect(
        "verify it (p256)",
        psa.verify_hash(key, alg, &digest, &sig) == Ok(()),
    );

    let mut hash = [0u8; sizes::HASH_MAX_SIZE];
    expect(
        "SHA-256: no driver serves hashes → NOT_SUPPORTED",
        psa.hash_compute(Algorithm::SHA_256, b"abc", &mut hash) == Err(Error::NotSupported),
    );
    expect(
        "sign_message needs a hash → NOT_SUPPORTED",
        psa.sign_message(key, alg, b"abc", &mut sig) == Err(Error::NotSupported),
    );
    let det = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let det_key = psa.generate_key(&attrs.with_algorithm(det));
    expect(
        "a deterministic-ECDSA key is still a P-256 key (p256)",
        det_key.is_ok(),
    );
    expect(
        "deterministic ECDSA: p256 declines, no built-in → NOT_SUPPORTED",
        psa.sign_hash(det_key.unwrap_or_default(), det, &digest, &mut sig)
            == Err(Error::NotSupported),
    );
    let p384 = attrs.with_bits(384);
    expect(
        "P-384 key generation → NOT_SUPPORTED",
        psa.generate_key(&p384) == Err(Error::NotSupported),
    );
    // NIST SP 800-38A, F.5.1/F.5.2 (CTR-AES128): key, initial counter block, the first block.
    let aes = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
        .with_algorithm(Algorithm::CTR);
    let aes_key = psa.import_key(&aes, &hex("2b7e151628aed2a6abf7158809cf4f3c"));
    let stored_by_core = psa
        .dispatcher()
        .recorder()
        .last()
        .is_some_and(|r| r.served_by() == Some(Candidate::CoreStore));
    expect(
        "AES import: no driver takes it, the core stores it",
        aes_key.is_ok() && stored_by_core,
    );
    let aes_key = aes_key.unwrap_or_default();
    let mut input = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    input.extend(hex("874d6191b620e3261bef6864990db6ce"));
    let mut plain = [0u8; 16];
    let decrypted = psa.cipher_decrypt(aes_key, Algorithm::CTR, &input, &mut plain);
    let served_by_aes_ctr = psa.dispatcher().recorder().last().is_some_and(|r| {
        r.entry_point == EntryPoint::CipherDecrypt && r.served_by() == Some(Candidate::Driver(1))
    });
    expect(
        "AES-CTR decryption of the NIST vector (aes_ctr)",
        decrypted == Ok(16)
            && plain.as_slice() == hex("6bc1bee22e409f96e93d7e117393172a")
            && served_by_aes_ctr,
    );
    let mut sealed = [0u8; 16 + 5];
    let mut opened = [0u8; 5];
    let round_trip = psa
        .cipher_encrypt(aes_key, Algorithm::CTR, b"hello", &mut sealed)
        .and_then(|n| psa.cipher_decrypt(aes_key, Algorithm::CTR, &sealed[..n], &mut opened));
    expect(
        "AES-CTR encrypt then decrypt with a random IV (aes_ctr)",
        round_trip == Ok(5) && &opened == b"hello",
    );
    let cbc = psa.import_key(&aes.with_algorithm(Algorithm::CBC_NO_PADDING), &[7; 16]);
    expect("an AES-CBC key: the core stores it too", cbc.is_ok());
    expect(
        "AES-CBC: aes_ctr does not serve it, no built-in → NOT_SUPPORTED",
        psa.cipher_encrypt(
            cbc.unwrap_or_default(),
            Algorithm::CBC_NO_PADDING,
            &[0; 16],
            &mut [0; 32],
        ) == Err(Error::NotSupported),
    );

    if wrong == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Bytes from hex digits (the vectors above are well-formed).
fn hex(digits: &str) -> Vec<u8> {
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap_or(0))
        .collect()
}
