//! Write your own driver: the shortest complete driver and its registration.
//!
//! Mbed TLS's guide takes seven steps per entry point (choose a prefix and an enable macro,
//! declare the accelerator, include headers, find the wrapper, match its signature, edit the
//! wrapper's switch, build with the macro defined). Here it is two:
//!
//! 1. annotate the driver's impl block with `#[psa_driver]` (prefix, kind, entry points,
//!    capabilities); each method's signature is checked against the entry point's;
//! 2. list the driver in `register_drivers!`, which generates the dispatch layer.
//!
//! Run: `cargo run -p psa-examples --example write_your_own_driver`

use std::process::ExitCode;

use psa_core::{Algorithm, Dispatch, Error, Psa, Result, psa_driver, register_drivers};
use sha2::Digest;

/// A SHA-256 engine (a stand-in for a hashing peripheral).
pub struct ShaEngine;

// Step 1: the driver. It serves `hash_compute` for SHA-256 only; dispatch never calls it for
// anything else.
#[psa_driver(
    prefix = "sha_engine",
    kind = "transparent",
    entry_points = [hash_compute],
    capability(entry_points = [hash_compute], algorithms = [Algorithm::SHA_256]),
)]
impl ShaEngine {
    /// Hash `input` with the engine.
    ///
    /// # Errors
    /// `BUFFER_TOO_SMALL` if `hash` is shorter than 32 bytes.
    pub fn hash_compute(&self, _alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
        let out = hash.get_mut(..32).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(&sha2::Sha256::digest(input));
        Ok(32)
    }
}

// Step 2: the registration. The engine first, the built-in for everything else.
register_drivers! {
    /// The application's dispatch layer.
    pub struct App {
        transparent: [sha: ShaEngine],
        builtin: true,
    }
}

fn main() -> ExitCode {
    let psa: Psa<App> = Psa::new(App::new(ShaEngine));
    let mut digest = [0u8; psa_core::sizes::HASH_MAX_SIZE];
    // FIPS 180-2 B.1: SHA-256("abc").
    let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    let n = psa
        .hash_compute(Algorithm::SHA_256, b"abc", &mut digest)
        .unwrap_or(0);
    let hex: String = digest[..n].iter().map(|b| format!("{b:02x}")).collect();
    println!("SHA-256(\"abc\") = {hex}");
    let served = psa.dispatcher().recorder().last();
    if let Some(r) = served {
        println!("  {}", r.explain(psa.dispatcher().info()));
    }
    // SHA-384 is outside the engine's capability: the built-in serves it.
    let m = psa
        .hash_compute(Algorithm::SHA_384, b"abc", &mut digest)
        .unwrap_or(0);
    if let Some(r) = psa.dispatcher().recorder().last() {
        println!("  {}", r.explain(psa.dispatcher().info()));
    }
    if hex == abc && m == 48 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
