//! A transparent driver with a capability (fallback off) and a guard, called through its
//! dispatcher: what is inside the capability reaches the driver, the rest does not.

use std::sync::atomic::{AtomicU32, Ordering};

use psa_core::entry::sign_hash;
use psa_core::{
    psa_driver, register_drivers, Algorithm, Dispatch, EccFamily, Error, KeyAttributes, KeyType,
    RandomSource, Request, Result, Rng,
};

struct Zeros;

impl RandomSource for Zeros {
    fn fill(&self, out: &mut [u8]) -> Result<()> {
        out.fill(0);
        Ok(())
    }
}

pub struct Accel {
    signs: AtomicU32,
}

fn only_sha256(req: &Request) -> bool {
    req.alg == Algorithm::ecdsa(Algorithm::SHA_256)
}

#[psa_driver(
    prefix = "accel",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(
        entry_points = [sign_hash],
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256],
        fallback = false,
    ),
    guard = only_sha256,
)]
impl Accel {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        self.signs.fetch_add(1, Ordering::Relaxed);
        signature[0] = 0xac;
        Ok(1)
    }
}

register_drivers! {
    /// One accelerator, no built-in.
    pub struct App {
        transparent: [accel: Accel],
        builtin: false,
    }
}

fn sign(app: &App, alg: Algorithm, bits: usize) -> Result<usize> {
    let attributes = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(bits);
    let mut signature = [0u8; 64];
    app.sign_hash(sign_hash::Args {
        attributes: &attributes,
        key_buffer: &[1],
        alg,
        hash: &[0; 32],
        signature: &mut signature,
        rng: Rng::new(&Zeros),
    })
}

fn main() {
    let app = App::new(Accel { signs: AtomicU32::new(0) });
    assert_eq!(sign(&app, Algorithm::ecdsa(Algorithm::SHA_256), 256), Ok(1));
    // The guard refuses SHA-384, and there is no built-in.
    assert_eq!(sign(&app, Algorithm::ecdsa(Algorithm::SHA_384), 256), Err(Error::NotSupported));
    // Outside the capability's key sizes.
    assert_eq!(sign(&app, Algorithm::ecdsa(Algorithm::SHA_256), 384), Err(Error::NotSupported));
    assert_eq!(app.accel.signs.load(Ordering::Relaxed), 1);

    let info = App::INFO;
    assert_eq!((info.name, info.builtin, info.drivers.len()), ("App", false, 1));
    assert_eq!(info.drivers[0].prefix, "accel");
    assert!(info.drivers[0].has_guard);
    assert!(!info.drivers[0].capabilities[0].fallback);
}
