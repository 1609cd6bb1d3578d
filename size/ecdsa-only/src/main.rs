//! Signs and verifies one ECDSA P-256 digest through the PSA front-end, on the `p256` driver
//! alone: the smallest useful application of the framework, whose `.text` is the code-size
//! figure in `BENCHMARKS.md`.
//!
//! It builds for the host (a `std` binary, whose runtime is measured separately by
//! `baseline`) and for a Cortex-M4F (`thumbv7em-none-eabihf`: `no_std`, `no_main`, entered
//! at `_start`, no linker script: the figure is code, not a board image).

#![cfg_attr(target_os = "none", no_std, no_main)]

use core::hint::black_box;

use psa_core::{
    Algorithm, EccFamily, EntropySource, KeyAttributes, KeyType, NoStorage, Psa, Result,
    UsageFlags, register_drivers,
};
#[cfg(not(feature = "p256-m4"))]
use psa_drivers::P256Driver as Accelerator;
#[cfg(feature = "p256-m4")]
use psa_p256_m4::P256M4 as Accelerator;

/// The registered driver: the accelerator, self-tested with `self-test`.
#[cfg(not(feature = "self-test"))]
type Registered = Accelerator;
#[cfg(feature = "self-test")]
type Registered = psa_core::SelfTested<Accelerator>;

fn registered() -> Registered {
    #[cfg(not(feature = "self-test"))]
    return Accelerator::new();
    #[cfg(feature = "self-test")]
    return psa_core::SelfTested::startup(Accelerator::new());
}

#[cfg(not(any(feature = "self-test-startup", feature = "self-test-lazy")))]
register_drivers! {
    /// The P-256 accelerator and nothing else: no built-in fallback. RustCrypto `p256`, or
    /// with `p256-m4` the P256-Cortex-M4 assembly.
    struct SignVerify {
        transparent: [p256: Registered],
        builtin: false,
    }
}

// The same registration, self-tested by the dispatcher (`self_test:`) instead of the
// `SelfTested<_>` wrapper: KATs when `self_test()` is called, or on each entry point's first use.
#[cfg(feature = "self-test-startup")]
register_drivers! {
    /// The P-256 accelerator alone, its KATs run by the dispatcher's `self_test()`.
    struct SignVerify {
        transparent: [p256: Registered],
        builtin: false,
        self_test: startup,
    }
}
#[cfg(all(feature = "self-test-lazy", not(feature = "self-test-startup")))]
register_drivers! {
    /// The P-256 accelerator alone, each entry point's KAT run on its first use.
    struct SignVerify {
        transparent: [p256: Registered],
        builtin: false,
        self_test: lazy,
    }
}

/// A stand-in for the board's TRNG (a xorshift; a real board reads its peripheral here).
struct BoardEntropy(u32);

impl EntropySource for BoardEntropy {
    fn fill_entropy(&mut self, out: &mut [u8]) -> Result<()> {
        for b in out {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            *b = self.0 as u8;
        }
        Ok(())
    }
}

/// Import a key, sign a digest, verify the signature.
fn sign_and_verify(private: &[u8; 32], digest: &[u8; 32], seed: u32) -> bool {
    // Two keys in 128 bytes: the P-256 key pair takes 32.
    let psa: Psa<SignVerify, BoardEntropy, 2, NoStorage, 128> =
        Psa::with_entropy(SignVerify::new(registered()), BoardEntropy(seed));
    // Power-on self-tests: refuse to run on an accelerator that fails them.
    #[cfg(feature = "self-test")]
    if !psa.dispatcher().p256.self_test().passed() {
        return false;
    }
    #[cfg(feature = "self-test-startup")]
    if !psa
        .dispatcher()
        .self_test()
        .iter()
        .all(|s| s.is_some_and(|s| s.passed()))
    {
        return false;
    }
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let attributes = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
        .with_algorithm(alg);
    let Ok(key) = psa.import_key(&attributes, private) else {
        return false;
    };
    let mut signature = [0u8; 64];
    let Ok(n) = psa.sign_hash(key, alg, digest, &mut signature) else {
        return false;
    };
    psa.verify_hash(key, alg, digest, &signature[..n]).is_ok()
}

/// RFC 6979 A.2.5's private key; `black_box` keeps the inputs opaque to the optimiser.
const PRIVATE: [u8; 32] = [
    0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
    0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
];

fn run() -> bool {
    sign_and_verify(
        black_box(&PRIVATE),
        black_box(&[0x42; 32]),
        black_box(0x2545_f491),
    )
}

#[cfg(not(target_os = "none"))]
fn main() -> std::process::ExitCode {
    if run() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// The reset entry point on the microcontroller.
#[cfg(target_os = "none")]
#[allow(unsafe_code)] // `no_mangle` is an unsafe attribute: the linker must find `_start`.
#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    black_box(run());
    loop {
        core::hint::spin_loop();
    }
}

#[cfg(target_os = "none")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
