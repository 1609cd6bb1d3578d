//! `fast` serves every ECDSA P-256 signature with `fallback = false`, so `slow`, registered
//! after it for exactly that, can never be called: an error at `slow` naming both.

use psa_core::{
    psa_driver, register_drivers, Algorithm, EccFamily, Error, KeyAttributes, KeyType, Result, Rng,
};

pub struct Fast;

#[psa_driver(
    prefix = "fast",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        fallback = false,
    ),
)]
impl Fast {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        Err(Error::NotSupported)
    }
}

pub struct Slow;

#[psa_driver(
    prefix = "slow",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(
        algorithms = [Algorithm::ecdsa(Algorithm::SHA_256)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256],
    ),
)]
impl Slow {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        Err(Error::NotSupported)
    }
}

register_drivers! {
    pub struct App {
        transparent: [fast: Fast, slow: Slow],
        builtin: false,
    }
}

fn main() {}
