//! PSA Crypto on a microcontroller, under QEMU.
//!
//! One `static` instance (no cell, no heap) registers the P-256 driver, the simulated secure
//! element and the built-in software implementation, runs known-answer and dispatch checks
//! and reports `N passed, M failed` through semihosting, exiting with a matching status.
//! Each check runs on freshly painted stack and reports its high-water mark.
//!
//! ```sh
//! firmware/run-qemu.sh                         # Cortex-M4F, QEMU mps2-an386
//! firmware/run-qemu.sh thumbv6m-none-eabi      # ARMv6-M (Cortex-M0) code, QEMU mps2-an385
//! firmware/run-qemu.sh riscv32imc-unknown-none-elf   # RV32IMC, QEMU riscv32 virt
//! ```
#![no_std]
#![no_main]

#[macro_use]
mod hex;
mod entropy;
mod stack;
mod wycheproof;

use platform::{debug, entry, hprintln};
use psa_core::{
    Algorithm, BuiltinKey, EccFamily, Error, KeyAttributes, KeyId, KeyType, Lifetime, Location,
    NoStorage, Persistence, Psa, Result, UsageFlags, register_drivers,
};
#[cfg(not(feature = "p256-m4"))]
use psa_drivers::P256Driver;
use psa_drivers::SecureElement;
use psa_drivers::secure_element::{DEVICE_KEY_SLOT, DeviceKey, SE_LIFETIME, SE_LOCATION};

use crate::entropy::TestEntropy;

/// What differs between the runtimes: entry, semihosting, the stack pointer.
#[cfg(target_arch = "arm")]
mod platform {
    pub use cortex_m_rt::entry;
    pub use cortex_m_semihosting::{debug, hprintln};

    /// The current stack pointer.
    pub fn sp() -> usize {
        cortex_m::register::msp::read() as usize
    }
}

/// What differs between the runtimes: entry, semihosting, the stack pointer.
#[cfg(target_arch = "riscv32")]
mod platform {
    pub use riscv_rt::entry;
    pub use riscv_semihosting::{debug, hprintln};

    /// The current stack pointer.
    #[allow(unsafe_code)]
    pub fn sp() -> usize {
        let sp: usize;
        // SAFETY: copies `sp` into a register; no memory is read or written.
        unsafe {
            core::arch::asm!("mv {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags))
        };
        sp
    }
}

#[cfg(not(feature = "p256-m4"))]
register_drivers! {
    /// The device: the P-256 accelerator for local P-256 keys, the secure element for its
    /// location, the built-in software implementation for the rest.
    pub struct App {
        transparent: [p256: P256Driver],
        opaque: [se: SecureElement],
        builtin: true,
        // Interrupt-safe bookkeeping: the core may be called from handlers too (README,
        // "Locks, interrupt handlers and RTOS tasks").
        lock: psa_core::lock::CriticalSectionMutex,
    }
}

/// The accelerator: RustCrypto `p256`, or the P256-Cortex-M4 assembly with `p256-m4`.
#[cfg(not(feature = "p256-m4"))]
const ACCELERATOR: P256Driver = P256Driver::new();

#[cfg(feature = "p256-m4")]
register_drivers! {
    /// The device: the P256-Cortex-M4 assembly for local P-256 keys, the secure element for
    /// its location, the built-in software implementation for the rest.
    pub struct App {
        transparent: [p256: psa_p256_m4::P256M4],
        opaque: [se: SecureElement],
        builtin: true,
        // Interrupt-safe bookkeeping: the core may be called from handlers too (README,
        // "Locks, interrupt handlers and RTOS tasks").
        lock: psa_core::lock::CriticalSectionMutex,
    }
}

/// The accelerator: RustCrypto `p256`, or the P256-Cortex-M4 assembly with `p256-m4`.
#[cfg(feature = "p256-m4")]
const ACCELERATOR: psa_p256_m4::P256M4 = psa_p256_m4::P256M4::new();

/// Four volatile key slots: the 16 KiB of RAM of the micro:bit hold the store beside the
/// stack the curve arithmetic needs.
const SLOTS: usize = 4;

/// The store's key bytes, shared by the slots: 256 a slot, what the fixed slots held before
/// (P-256 keys take 32 or 65 bytes, the HMAC keys 32).
const KEY_BYTES: usize = SLOTS * 256;

/// Mbed TLS test opaque driver's built-in ECDSA key, provisioned in the element's slot 0.
const DEVICE_SCALAR: [u8; 32] =
    hex!("dc7d9d26d67a4f632c34c2dc0b6986183882c206df04cdb7d69aabe28be4f81a");
const DEVICE_PUBLIC: [u8; 65] = hex!(
    "0485f64d89f00be66c88dd937efd6d7c445648dcb701150b8a9509295850f41c1931e571fb8f8c78317a20b380e866584bbc2516c3d2702d792f131a922095fd6c"
);
const DEVICE_KEY: KeyId = KeyId(0x7fff_0001);
static BUILTIN: [BuiltinKey; 1] = [BuiltinKey {
    id: DEVICE_KEY,
    lifetime: Lifetime::new(Persistence::READ_ONLY, SE_LOCATION),
    slot: DEVICE_KEY_SLOT,
}];

/// The PSA instance: built at compile time, in `.data`.
static PSA: Psa<App, TestEntropy, SLOTS, NoStorage, KEY_BYTES> = Psa::with_entropy(
    App::new(
        ACCELERATOR,
        SecureElement::new(DeviceKey::new(&DEVICE_SCALAR).expect("a P-256 scalar")),
    ),
    TestEntropy::new(),
)
.with_builtin_keys(&BUILTIN);

/// A check's verdict: what went wrong, if anything.
type Check = core::result::Result<(), &'static str>;

fn ensure(ok: bool, what: &'static str) -> Check {
    if ok { Ok(()) } else { Err(what) }
}

fn expect<T: PartialEq>(got: Result<T>, want: Result<T>, what: &'static str) -> Check {
    ensure(got == want, what)
}

/// With `receipts`: the last call was served by `who`.
#[cfg(feature = "receipts")]
fn served_by(who: psa_core::receipt::Candidate, what: &'static str) -> Check {
    use psa_core::Dispatch;
    let last = PSA.dispatcher().recorder().last();
    ensure(last.and_then(|r| r.served_by()) == Some(who), what)
}
#[cfg(feature = "receipts")]
use psa_core::receipt::Candidate::{Builtin as BUILTIN_SW, Driver};
#[cfg(feature = "receipts")]
const P256_DRIVER: psa_core::receipt::Candidate = Driver(0);
#[cfg(feature = "receipts")]
const ELEMENT: psa_core::receipt::Candidate = Driver(1);

/// Without `receipts` nothing records who served: the checks rest on the results.
#[cfg(not(feature = "receipts"))]
fn served_by(_who: (), _what: &'static str) -> Check {
    Ok(())
}
#[cfg(not(feature = "receipts"))]
const BUILTIN_SW: () = ();
#[cfg(not(feature = "receipts"))]
const P256_DRIVER: () = ();
#[cfg(not(feature = "receipts"))]
const ELEMENT: () = ();

/// A volatile key, destroyed when the check ends (the store has four slots).
struct Key(KeyId);

impl Key {
    fn import(attributes: &KeyAttributes, data: &[u8]) -> core::result::Result<Key, &'static str> {
        PSA.import_key(attributes, data)
            .map(Key)
            .map_err(|_| "import_key failed")
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        let _ = PSA.destroy_key(self.0);
    }
}

fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let _ = PSA.hash_compute(Algorithm::SHA_256, data, &mut out);
    out
}

const P256_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const P256_PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);

// ----- the checks ----------------------------------------------------------------------

/// FIPS 180-2 B.1: SHA-256("abc"), single-part and multi-part, by the built-in.
fn sha256_fips180() -> Check {
    const ABC: [u8; 32] = hex!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    let mut out = [0u8; 32];
    expect(
        PSA.hash_compute(Algorithm::SHA_256, b"abc", &mut out),
        Ok(32),
        "hash_compute",
    )?;
    served_by(BUILTIN_SW, "SHA-256 served by the built-in")?;
    ensure(out == ABC, "SHA-256(abc) differs from FIPS 180-2")?;
    let mut op = PSA
        .hash_setup(Algorithm::SHA_256)
        .map_err(|_| "hash_setup")?;
    expect(op.update(b"a"), Ok(()), "hash_update")?;
    expect(op.update(b"bc"), Ok(()), "hash_update")?;
    let mut multi = [0u8; 32];
    expect(op.finish(&mut multi), Ok(32), "hash_finish")?;
    ensure(multi == ABC, "multi-part SHA-256(abc) differs")
}

const HMAC_KEY: &[u8] = b"Jefe";
const HMAC_DATA: &[u8] = b"what do ya want for nothing?";
/// RFC 4231 test case 2, HMAC-SHA-256.
const HMAC_TAG: [u8; 32] = hex!("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

fn hmac_key() -> core::result::Result<Key, &'static str> {
    Key::import(
        &KeyAttributes::new()
            .with_type(KeyType::HMAC)
            .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE)
            .with_algorithm(Algorithm::hmac(Algorithm::SHA_256)),
        HMAC_KEY,
    )
}

/// RFC 4231 test case 2 through `mac_compute` / `mac_verify`.
fn hmac_rfc4231() -> Check {
    let key = hmac_key()?;
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    let mut tag = [0u8; 32];
    expect(
        PSA.mac_compute(key.0, alg, HMAC_DATA, &mut tag),
        Ok(32),
        "mac_compute",
    )?;
    ensure(tag == HMAC_TAG, "HMAC-SHA-256 differs from RFC 4231")?;
    expect(
        PSA.mac_verify(key.0, alg, HMAC_DATA, &tag),
        Ok(()),
        "mac_verify",
    )?;
    tag[31] ^= 1;
    expect(
        PSA.mac_verify(key.0, alg, HMAC_DATA, &tag),
        Err(Error::InvalidSignature),
        "a wrong tag verifies",
    )
}

/// The same MAC as a multi-part operation fed in three pieces, then a verify operation.
fn hmac_multipart() -> Check {
    let key = hmac_key()?;
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    let mut op = PSA.mac_operation();
    expect(op.sign_setup(key.0, alg), Ok(()), "mac_sign_setup")?;
    for piece in [&HMAC_DATA[..5], &HMAC_DATA[5..17], &HMAC_DATA[17..]] {
        expect(op.update(piece), Ok(()), "mac_update")?;
    }
    let mut tag = [0u8; 32];
    expect(op.sign_finish(&mut tag), Ok(32), "mac_sign_finish")?;
    ensure(tag == HMAC_TAG, "multi-part HMAC differs from RFC 4231")?;
    let mut op = PSA.mac_operation();
    expect(op.verify_setup(key.0, alg), Ok(()), "mac_verify_setup")?;
    expect(op.update(HMAC_DATA), Ok(()), "mac_update")?;
    expect(op.verify_finish(&HMAC_TAG), Ok(()), "mac_verify_finish")?;
    // After finish the operation is inactive again: another update is a state error.
    expect(
        op.update(HMAC_DATA),
        Err(Error::BadState),
        "update after finish",
    )
}

/// McGrew & Viega, "The Galois/Counter Mode of Operation", test case 2 (AES-128, zero key,
/// nonce and block): encrypt, decrypt, and a forged tag is refused.
fn aes_gcm() -> Check {
    const CT_TAG: [u8; 32] =
        hex!("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
    let key = Key::import(
        &KeyAttributes::new()
            .with_type(KeyType::AES)
            .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
            .with_algorithm(Algorithm::GCM),
        &[0; 16],
    )?;
    let nonce = [0u8; 12];
    let mut ct = [0u8; 32];
    expect(
        PSA.aead_encrypt(key.0, Algorithm::GCM, &nonce, &[], &[0; 16], &mut ct),
        Ok(32),
        "aead_encrypt",
    )?;
    served_by(BUILTIN_SW, "AES-GCM served by the built-in")?;
    ensure(ct == CT_TAG, "AES-GCM differs from the published vector")?;
    let mut pt = [0xffu8; 16];
    expect(
        PSA.aead_decrypt(key.0, Algorithm::GCM, &nonce, &[], &ct, &mut pt),
        Ok(16),
        "aead_decrypt",
    )?;
    ensure(pt == [0; 16], "decrypted plaintext differs")?;
    ct[31] ^= 0x80;
    expect(
        PSA.aead_decrypt(key.0, Algorithm::GCM, &nonce, &[], &ct, &mut pt),
        Err(Error::InvalidSignature),
        "a forged tag decrypts",
    )
}

/// RFC 6979 A.2.5: the P-256 key and the signature of "sample" with SHA-256.
const RFC6979_KEY: [u8; 32] =
    hex!("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
const RFC6979_SAMPLE: [u8; 64] = hex!(
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"
);

fn rfc6979_key(lifetime: Lifetime) -> core::result::Result<Key, &'static str> {
    Key::import(
        &KeyAttributes::new()
            .with_type(P256_PAIR)
            .with_lifetime(lifetime)
            .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
            .with_algorithm(Algorithm::deterministic_ecdsa(Algorithm::SHA_256)),
        &RFC6979_KEY,
    )
}

/// RFC 6979 A.2.5 on a local key: the built-in signs (the P-256 driver declares only
/// randomized ECDSA), the P-256 driver verifies.
fn ecdsa_rfc6979_local() -> Check {
    let key = rfc6979_key(Lifetime::VOLATILE)?;
    let alg = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let digest = sha256(b"sample");
    let mut sig = [0u8; 64];
    expect(
        PSA.sign_hash(key.0, alg, &digest, &mut sig),
        Ok(64),
        "sign_hash",
    )?;
    served_by(BUILTIN_SW, "deterministic ECDSA served by the built-in")?;
    ensure(
        sig == RFC6979_SAMPLE,
        "signature differs from RFC 6979 A.2.5",
    )?;
    expect(
        PSA.verify_hash(key.0, alg, &digest, &sig),
        Ok(()),
        "verify_hash",
    )?;
    served_by(P256_DRIVER, "verify served by the P-256 driver")
}

/// RFC 6979 A.2.5 inside the secure element.
fn ecdsa_rfc6979_in_element() -> Check {
    let key = rfc6979_key(SE_LIFETIME)?;
    let alg = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let digest = sha256(b"sample");
    let mut sig = [0u8; 64];
    expect(
        PSA.sign_hash(key.0, alg, &digest, &mut sig),
        Ok(64),
        "sign_hash",
    )?;
    served_by(ELEMENT, "served by the secure element")?;
    ensure(
        sig == RFC6979_SAMPLE,
        "signature differs from RFC 6979 A.2.5",
    )
}

/// Randomized ECDSA by the P-256 driver: the signature verifies, a changed one does not.
fn ecdsa_p256_driver_sign() -> Check {
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let key = Key::import(
        &KeyAttributes::new()
            .with_type(P256_PAIR)
            .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
            .with_algorithm(alg),
        &RFC6979_KEY,
    )?;
    served_by(P256_DRIVER, "import served by the P-256 driver")?;
    let digest = sha256(b"sample");
    let mut sig = [0u8; 64];
    expect(
        PSA.sign_hash(key.0, alg, &digest, &mut sig),
        Ok(64),
        "sign_hash",
    )?;
    served_by(P256_DRIVER, "sign served by the P-256 driver")?;
    ensure(
        sig != RFC6979_SAMPLE,
        "randomized ECDSA gave the deterministic nonce",
    )?;
    expect(
        PSA.verify_hash(key.0, alg, &digest, &sig),
        Ok(()),
        "verify_hash",
    )?;
    sig[40] ^= 1;
    expect(
        PSA.verify_hash(key.0, alg, &digest, &sig),
        Err(Error::InvalidSignature),
        "a changed signature verifies",
    )
}

/// Randomized ECDSA by the P-256 driver, signing alone (its stack figure is the sign's; the
/// check above verifies what it signs).
fn ecdsa_p256_driver_sign_only() -> Check {
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let key = Key::import(
        &KeyAttributes::new()
            .with_type(P256_PAIR)
            .with_usage(UsageFlags::SIGN_HASH)
            .with_algorithm(alg),
        &RFC6979_KEY,
    )?;
    let digest = sha256(b"sample");
    let mut sig = [0u8; 64];
    expect(
        PSA.sign_hash(key.0, alg, &digest, &mut sig),
        Ok(64),
        "sign_hash",
    )?;
    served_by(P256_DRIVER, "sign served by the P-256 driver")?;
    ensure(
        sig[..32] != [0; 32] && sig[32..] != [0; 32],
        "r or s is zero",
    )
}

/// Wycheproof ECDSA P-256/SHA-256 (P1363 encoding) samples, verified by the P-256 driver.
fn ecdsa_wycheproof_verify() -> Check {
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    for &(_id, public, msg, sig, valid) in wycheproof::ECDSA_P256_SHA256 {
        let key = Key::import(
            &KeyAttributes::new()
                .with_type(P256_PUBLIC)
                .with_usage(UsageFlags::VERIFY_HASH)
                .with_algorithm(alg),
            public,
        )?;
        let want = if valid {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        };
        expect(
            PSA.verify_hash(key.0, alg, &sha256(msg), sig),
            want,
            "a Wycheproof ECDSA sample",
        )?;
    }
    Ok(())
}

/// Wycheproof ECDH P-256 samples (uncompressed points), served by the P-256 driver.
fn ecdh_wycheproof() -> Check {
    for &(_id, private, public, shared, valid) in wycheproof::ECDH_P256 {
        let key = Key::import(
            &KeyAttributes::new()
                .with_type(P256_PAIR)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(Algorithm::ECDH),
            private,
        )?;
        let mut out = [0u8; 32];
        let r = PSA.raw_key_agreement(Algorithm::ECDH, key.0, public, &mut out);
        if valid {
            expect(r, Ok(32), "raw_key_agreement")?;
            served_by(P256_DRIVER, "ECDH served by the P-256 driver")?;
            ensure(out == shared, "shared secret differs from Wycheproof")?;
        } else {
            expect(r, Err(Error::InvalidArgument), "an invalid peer key agrees")?;
        }
    }
    Ok(())
}

/// The element's provisioned device key as a built-in key: it signs inside the element
/// and its public key verifies the signature.
fn device_key() -> Check {
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let digest = sha256(b"attest");
    let mut sig = [0u8; 64];
    expect(
        PSA.sign_hash(DEVICE_KEY, alg, &digest, &mut sig),
        Ok(64),
        "sign_hash",
    )?;
    served_by(ELEMENT, "served by the secure element")?;
    let mut public = [0u8; 65];
    expect(
        PSA.export_public_key(DEVICE_KEY, &mut public),
        Ok(65),
        "export_public_key",
    )?;
    ensure(public == DEVICE_PUBLIC, "device public key differs")?;
    let peer = Key::import(
        &KeyAttributes::new()
            .with_type(P256_PUBLIC)
            .with_usage(UsageFlags::VERIFY_HASH)
            .with_algorithm(alg),
        &public,
    )?;
    expect(
        PSA.verify_hash(peer.0, alg, &digest, &sig),
        Ok(()),
        "verify_hash",
    )
}

/// Dispatch rules: an unknown location is `INVALID_ARGUMENT`; a P-384 key, outside the
/// P-256 driver's capabilities, goes to the built-in; a full store says so.
fn dispatch_rules() -> Check {
    let attributes = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_lifetime(Lifetime::volatile_at(Location::vendor(7)))
        .with_usage(UsageFlags::SIGN_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256));
    expect(
        PSA.import_key(&attributes, &RFC6979_KEY).map(|_| ()),
        Err(Error::InvalidArgument),
        "import to an unknown location",
    )?;
    // RFC 6979 A.2.6's P-384 key.
    const P384_KEY: [u8; 48] = hex!(
        "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5"
    );
    let p384 = Key::import(
        &KeyAttributes::new()
            .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
            .with_usage(UsageFlags::SIGN_HASH)
            .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_384)),
        &P384_KEY,
    )?;
    served_by(BUILTIN_SW, "P-384 import served by the built-in")?;
    let keys: [Key; SLOTS - 1] = [hmac_key()?, hmac_key()?, hmac_key()?];
    expect(
        PSA.import_key(
            &KeyAttributes::new()
                .with_type(KeyType::HMAC)
                .with_usage(UsageFlags::SIGN_MESSAGE)
                .with_algorithm(Algorithm::hmac(Algorithm::SHA_256)),
            HMAC_KEY,
        )
        .map(|_| ()),
        Err(Error::InsufficientMemory),
        "import into a full store",
    )?;
    drop((p384, keys));
    Ok(())
}

/// A check and its name.
type Named = (&'static str, fn() -> Check);

/// Every check, by name.
const CHECKS: &[Named] = &[
    ("sha256 (FIPS 180-2, single and multi-part)", sha256_fips180),
    ("hmac-sha256 (RFC 4231 case 2)", hmac_rfc4231),
    ("hmac-sha256 multi-part MAC", hmac_multipart),
    ("aes-128-gcm (GCM spec case 2)", aes_gcm),
    (
        "ecdsa p256 sign RFC 6979 A.2.5, local key",
        ecdsa_rfc6979_local,
    ),
    (
        "ecdsa p256 sign RFC 6979 A.2.5, secure element",
        ecdsa_rfc6979_in_element,
    ),
    (
        "ecdsa p256 randomized sign + verify, p256 driver",
        ecdsa_p256_driver_sign,
    ),
    (
        "ecdsa p256 randomized sign only, p256 driver",
        ecdsa_p256_driver_sign_only,
    ),
    (
        "ecdsa p256 verify, Wycheproof samples",
        ecdsa_wycheproof_verify,
    ),
    ("ecdh p256, Wycheproof samples", ecdh_wycheproof),
    ("device key (built-in key in the element)", device_key),
    ("dispatch rules", dispatch_rules),
];

#[entry]
fn main() -> ! {
    hprintln!(
        "psa-firmware: {} checks, receipts {}, P-256 accelerator: {}",
        CHECKS.len(),
        if cfg!(feature = "receipts") {
            "on"
        } else {
            "off"
        },
        if cfg!(feature = "p256-m4") {
            "P256-Cortex-M4 assembly"
        } else {
            "RustCrypto p256"
        }
    );
    let (mut passed, mut failed) = (0u32, 0u32);
    for (name, check) in CHECKS {
        let (verdict, stack) = stack::measure(check);
        match verdict {
            Ok(()) => {
                passed += 1;
                hprintln!("ok    {} (stack {} B)", name, stack);
            }
            Err(why) => {
                failed += 1;
                hprintln!("FAIL  {}: {}", name, why);
            }
        }
    }
    hprintln!("{} passed, {} failed", passed, failed);
    debug::exit(if failed == 0 {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Unreachable under QEMU (semihosting exit ends it); on hardware without a debugger,
    // stop here.
    loop {
        core::hint::spin_loop();
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    hprintln!("panic: {}", info);
    debug::exit(debug::EXIT_FAILURE);
    loop {
        core::hint::spin_loop();
    }
}
