//! A driver-only build: the built-in software implementation is not registered (and, built
//! with `--no-default-features`, not even compiled). What a driver serves still works;
//! everything else is `NOT_SUPPORTED`.
//!
//! Run: `cargo run -p psa-examples --example driver_only --no-default-features`

use std::process::ExitCode;

use psa_core::receipt::Receipt;
use psa_core::{
    Algorithm, Dispatch, EccFamily, Error, KeyAttributes, KeyType, Psa, UsageFlags,
    register_drivers,
};
use psa_drivers::P256Driver;

register_drivers! {
    /// Only the P-256 accelerator; no software fallback.
    pub struct AcceleratorOnly {
        transparent: [p256: P256Driver],
        builtin: false,
    }
}

fn main() -> ExitCode {
    let psa: Psa<AcceleratorOnly> = Psa::new(AcceleratorOnly::new(P256Driver::new()));
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
    let digest = [0x42u8; 32];
    let mut sig = [0u8; 64];
    expect(
        "sign a digest (p256)",
        psa.sign_hash(key, alg, &digest, &mut sig) == Ok(64),
    );
    expect(
        "verify it (p256)",
        psa.verify_hash(key, alg, &digest, &sig) == Ok(()),
    );

    let mut hash = [0u8; 32];
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
    let aes = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT);
    expect(
        "AES import: no driver takes it → NOT_SUPPORTED",
        psa.import_key(&aes, &[0; 16]) == Err(Error::NotSupported),
    );

    if wrong == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
