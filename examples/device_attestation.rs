//! The main job: a device whose PSA Crypto API is served by a P-256 accelerator, a secure
//! element and the built-in software implementation, each where it can.
//!
//! Run: `cargo run --example device_attestation`
//!
//! It prints the dispatch tree, then one line per call saying which driver served it and why
//! others were skipped, checks every result against a published vector or an independent
//! verification, and exits non-zero if any is wrong.

use std::process::ExitCode;

use psa_core::receipt::{Candidate, Receipt};
use psa_core::{
    Algorithm, Dispatch, EccFamily, EntryPoint, KeyAttributes, KeyType, Location, Psa, SelfTested,
    UsageFlags, sizes,
};
use psa_drivers::secure_element::{SE_LIFETIME, SE_LOCATION};
use psa_drivers::{P256Driver, SecureElement};

#[path = "device_dispatch.rs"]
mod device_dispatch;
use device_dispatch::{DEVICE_KEY, DeviceDispatch};

/// Output sizes from the spec's size macros (`psa_core::sizes`), not literals.
const SECP_R1: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const SHA256_LEN: usize = sizes::hash_length(Algorithm::SHA_256);
const P256_SIG_LEN: usize =
    sizes::sign_output_size(SECP_R1, 256, Algorithm::ecdsa(Algorithm::SHA_256));
const P384_SIG_LEN: usize =
    sizes::sign_output_size(SECP_R1, 384, Algorithm::ecdsa(Algorithm::SHA_384));
const P256_PUBLIC_LEN: usize = sizes::export_public_key_output_size(SECP_R1, 256);
const P256_SECRET_LEN: usize = sizes::raw_key_agreement_output_size(SECP_R1, 256);
const P256_KEY_LEN: usize = sizes::export_key_output_size(SECP_R1, 256);

/// The p256 driver's position in the registration, as receipts name it.
const P256: Candidate = Candidate::Driver(0);

// Mbed TLS's test opaque driver's built-in ECDSA key (slot 1), used here as the provisioned
// device key, and its public key: published values the example can check against.
const DEVICE_SCALAR: &str = "dc7d9d26d67a4f632c34c2dc0b6986183882c206df04cdb7d69aabe28be4f81a";
const DEVICE_PUBLIC: &str = "0485f64d89f00be66c88dd937efd6d7c445648dcb701150b8a9509295850f41c1931e571fb8f8c78317a20b380e866584bbc2516c3d2702d792f131a922095fd6c";
// RFC 6979 A.2.5 (P-256) and A.2.6 (P-384) keys and the signatures of "sample".
const RFC6979_P256_X: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const RFC6979_P256_SAMPLE_SHA256: &str = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
const RFC6979_P384_X: &str = "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5";
const RFC6979_P384_SAMPLE_SHA384: &str = "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe4699ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8";

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

struct Run<'a> {
    psa: &'a Psa<DeviceDispatch>,
    failures: u32,
}

impl Run<'_> {
    /// Print the receipts of the calls made since the last report.
    fn receipts(&self) {
        let info = self.psa.dispatcher().info();
        for r in self.psa.dispatcher().recorder().take() {
            println!("    {}", Receipt::explain(&r, info));
        }
    }

    fn check(&mut self, what: &str, ok: bool) {
        self.receipts();
        println!("  [{}] {what}", if ok { "ok" } else { "WRONG" });
        if !ok {
            self.failures += 1;
        }
    }
}

fn main() -> ExitCode {
    let scalar: [u8; 32] = hex(DEVICE_SCALAR).try_into().expect("32 bytes");
    let element = SecureElement::provisioned(&scalar).expect("valid device key");
    let psa: Psa<DeviceDispatch> = Psa::new(DeviceDispatch::new(
        SelfTested::startup(P256Driver::new()),
        element,
    ));
    // The built-in keys come with the registration (`builtin_keys:` in `DeviceDispatch`).
    // Power-on self-tests of the accelerator, before it serves anything.
    let self_tests = psa.dispatcher().p256.self_test();
    println!("power-on self-tests: {self_tests}");
    let info = psa.dispatcher().info();
    println!(
        "{} dispatch tree (the entry points this device uses)",
        info.name
    );
    // The dispatch tree of the entry points this device uses (`info.tree()` renders them all,
    // `info.table()` the drivers × entry points table).
    for ep in [
        EntryPoint::ImportKey,
        EntryPoint::GenerateKey,
        EntryPoint::HashCompute,
        EntryPoint::SignHash,
        EntryPoint::VerifyHash,
        EntryPoint::KeyAgreement,
    ] {
        print!("{}", info.tree_of(ep));
    }
    println!();
    let mut run = Run {
        psa: &psa,
        failures: 0,
    };
    run.check(
        "the p256 accelerator's self-tests ran (sign_hash, verify_hash, export_public_key) and passed",
        self_tests.ran() == 3 && self_tests.passed(),
    );
    let ecdsa = Algorithm::ecdsa(Algorithm::SHA_256);
    let p256 = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    let p256_public = KeyType::ecc_public_key(EccFamily::SECP_R1);

    println!("1. Attest a firmware image with the device key inside the secure element");
    let firmware = b"firmware image v1.4.2 for board rev C";
    let mut digest = [0u8; SHA256_LEN];
    let ok = psa.hash_compute(Algorithm::SHA_256, firmware, &mut digest) == Ok(SHA256_LEN);
    run.check("SHA-256 of the firmware image", ok);
    let mut signature = [0u8; P256_SIG_LEN];
    let ok = psa.sign_hash(DEVICE_KEY, ecdsa, &digest, &mut signature) == Ok(P256_SIG_LEN);
    run.check(
        "sign the digest with built-in key 0x7fff0001 (never leaves the element)",
        ok,
    );
    let mut secret = [0u8; P256_KEY_LEN];
    let ok = psa.export_key(DEVICE_KEY, &mut secret) == Err(psa_core::Error::NotPermitted);
    run.check(
        "exporting the device key's private part is refused (NOT_PERMITTED)",
        ok,
    );

    println!("2. A verifier holds the device's public key in local storage");
    let mut public = [0u8; P256_PUBLIC_LEN];
    let ok = psa.export_public_key(DEVICE_KEY, &mut public) == Ok(P256_PUBLIC_LEN)
        && public.as_slice() == hex(DEVICE_PUBLIC);
    run.check("device public key matches the provisioning record", ok);
    let verifier_attrs = KeyAttributes::new()
        .with_type(p256_public)
        .with_usage(UsageFlags::VERIFY_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH));
    let verifier = psa
        .import_key(&verifier_attrs, &public)
        .expect("import public key");
    let served = psa
        .dispatcher()
        .recorder()
        .last()
        .and_then(|r| r.served_by());
    run.check(
        "import it (the p256 driver checks the point)",
        served == Some(P256),
    );
    let ok = psa.verify_hash(verifier, ecdsa, &digest, &signature) == Ok(());
    run.check("verify the attestation signature", ok);
    let mut tampered = digest;
    tampered[0] ^= 0x80;
    let ok = psa.verify_hash(verifier, ecdsa, &tampered, &signature)
        == Err(psa_core::Error::InvalidSignature);
    run.check("a tampered image does not verify (INVALID_SIGNATURE)", ok);

    println!("3. ECDH between a local key and a key generated inside the element");
    let local = psa
        .generate_key(
            &KeyAttributes::new()
                .with_type(p256)
                .with_bits(256)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(Algorithm::ECDH),
        )
        .expect("generate local key");
    let in_element = psa
        .generate_key(
            &KeyAttributes::new()
                .with_type(p256)
                .with_bits(256)
                .with_lifetime(SE_LIFETIME)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(Algorithm::ECDH),
        )
        .expect("generate element key");
    let placed = psa.get_key_attributes(local).map(|a| a.location()) == Ok(Location::LOCAL_STORAGE)
        && psa.get_key_attributes(in_element).map(|a| a.location()) == Ok(SE_LOCATION)
        && psa.dispatcher().se.keys_in_element() == 2;
    run.check(
        "one key pair in local storage (p256), one in the element (se)",
        placed,
    );
    let (mut local_public, mut element_public) = ([0u8; P256_PUBLIC_LEN], [0u8; P256_PUBLIC_LEN]);
    let exported = psa.export_public_key(local, &mut local_public).is_ok()
        && psa
            .export_public_key(in_element, &mut element_public)
            .is_ok();
    run.check("exchange public keys", exported);
    let (mut s1, mut s2) = ([0u8; P256_SECRET_LEN], [0u8; P256_SECRET_LEN]);
    let a = psa.raw_key_agreement(Algorithm::ECDH, local, &element_public, &mut s1);
    let b = psa.raw_key_agreement(Algorithm::ECDH, in_element, &local_public, &mut s2);
    run.check(
        "both sides derive the same shared secret",
        a == Ok(32) && b == Ok(32) && s1 == s2,
    );

    println!("4. Requests the p256 driver declines go to the built-in");
    let det = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let k = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(p256)
                .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE)
                .with_algorithm(det),
            &hex(RFC6979_P256_X),
        )
        .expect("import RFC 6979 P-256 key");
    let mut sig = [0u8; P256_SIG_LEN];
    let ok = psa.sign_message(k, det, b"sample", &mut sig) == Ok(P256_SIG_LEN)
        && sig.as_slice() == hex(RFC6979_P256_SAMPLE_SHA256);
    run.check("deterministic ECDSA P-256 equals RFC 6979 A.2.5", ok);
    let ok = psa.verify_message(k, det, b"sample", &sig) == Ok(());
    run.check("its verification (p256 verifies both ECDSA forms)", ok);
    let det384 = Algorithm::deterministic_ecdsa(Algorithm::SHA_384);
    let k384 = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
                .with_usage(UsageFlags::SIGN_MESSAGE)
                .with_algorithm(det384),
            &hex(RFC6979_P384_X),
        )
        .expect("import RFC 6979 P-384 key");
    let mut sig384 = [0u8; P384_SIG_LEN];
    let ok = psa.sign_message(k384, det384, b"sample", &mut sig384) == Ok(P384_SIG_LEN)
        && sig384.as_slice() == hex(RFC6979_P384_SAMPLE_SHA384);
    run.check("deterministic ECDSA P-384 equals RFC 6979 A.2.6", ok);

    println!("5. Keys go away");
    for id in [verifier, local, in_element, k, k384] {
        let _ = psa.destroy_key(id);
    }
    let ok = psa.destroy_key(DEVICE_KEY) == Err(psa_core::Error::NotPermitted)
        && psa.dispatcher().se.keys_in_element() == 1;
    run.check(
        "element keys are erased; the provisioned device key stays",
        ok,
    );

    // The device key was used for a signature, a public-key export, a refused export and a
    // refused destroy: it was fetched from the element once and served from its slot since.
    let fetched = psa
        .dispatcher()
        .recorder()
        .hits(Candidate::Driver(1), EntryPoint::GetBuiltinKey);
    println!("   device key fetched from the secure element: {fetched} time(s)");
    run.check(
        "the built-in device key is fetched from the element once, then served from its slot",
        fetched == 1,
    );

    if run.failures == 0 {
        println!("\nall results correct");
        ExitCode::SUCCESS
    } else {
        println!("\n{} results WRONG", run.failures);
        ExitCode::FAILURE
    }
}
