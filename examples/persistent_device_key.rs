//! A device identity key generated on first boot and kept across reboots in a file store.
//!
//! Run: `cargo run --example persistent_device_key -- <store-dir>`
//!
//! The first run generates a P-256 key pair under the persistent id `0x00000001` and prints
//! `public key: <hex>`; every later run finds the key in the store, prints the same line,
//! signs a message with it and verifies the signature.

use std::process::ExitCode;

use psa_core::{
    Algorithm, DefaultEntropy, EccFamily, Error, KeyAttributes, KeyId, KeyType, Lifetime, Location,
    Persistence, Psa, UsageFlags, register_drivers, sizes,
};
use psa_drivers::P256Driver;
use psa_storage::FileStorage;

register_drivers! {
    /// The P-256 accelerator first, the built-in software implementation last.
    pub struct Device {
        transparent: [p256: P256Driver],
        builtin: true,
    }
}

/// The device key's id, chosen by the application in the user range.
const DEVICE_KEY: KeyId = KeyId(0x0000_0001);

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: persistent_device_key <store-dir>");
        return ExitCode::FAILURE;
    };
    let storage = match FileStorage::open(&dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot open the key store in {dir}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let psa: Psa<Device, DefaultEntropy, 8, FileStorage> =
        Psa::with_storage(Device::new(P256Driver::new()), storage);
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let first_boot = match psa.get_key_attributes(DEVICE_KEY) {
        Ok(_) => false,
        Err(Error::InvalidHandle) => {
            let attributes = KeyAttributes::new()
                .with_id(DEVICE_KEY)
                .with_lifetime(Lifetime::new(Persistence::DEFAULT, Location::LOCAL_STORAGE))
                .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
                .with_bits(256)
                .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE)
                .with_algorithm(alg);
            if let Err(e) = psa.generate_key(&attributes) {
                eprintln!("cannot generate the device key: {e}");
                return ExitCode::FAILURE;
            }
            true
        }
        Err(e) => {
            eprintln!("the device key in {dir} is unusable: {e}");
            return ExitCode::FAILURE;
        }
    };
    const PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    let mut public = [0u8; sizes::export_public_key_output_size(PAIR, 256)];
    let Ok(n) = psa.export_public_key(DEVICE_KEY, &mut public) else {
        eprintln!("cannot export the device public key");
        return ExitCode::FAILURE;
    };
    let hex: String = public[..n].iter().map(|b| format!("{b:02x}")).collect();
    println!("public key: {hex}");
    if first_boot {
        println!("generated a new device key (id {DEVICE_KEY:?}) in {dir}");
        return ExitCode::SUCCESS;
    }
    println!("loaded the device key (id {DEVICE_KEY:?}) from {dir}");
    let message = b"attestation challenge 0x5eed";
    let mut signature =
        [0u8; sizes::sign_output_size(PAIR, 256, Algorithm::ecdsa(Algorithm::SHA_256))];
    let signed = psa.sign_message(DEVICE_KEY, alg, message, &mut signature);
    let verified = signed.and_then(|_| psa.verify_message(DEVICE_KEY, alg, message, &signature));
    let tampered = psa.verify_message(DEVICE_KEY, alg, b"another challenge", &signature);
    if verified.is_ok() && tampered == Err(Error::InvalidSignature) {
        println!("signed a message and verified the signature");
        ExitCode::SUCCESS
    } else {
        println!("signature check FAILED: {verified:?}, tampered: {tampered:?}");
        ExitCode::FAILURE
    }
}
