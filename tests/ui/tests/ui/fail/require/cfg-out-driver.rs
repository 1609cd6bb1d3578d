//! The driver that would serve the requirement is compiled out by its `#[cfg]`, and the
//! secure element owns another location: both are named with their reason.

use psa_core::{
    psa_driver, register_drivers, Algorithm, EccFamily, Error, KeyAttributes, KeyType, Location,
    Result, Rng,
};

pub struct Accel;

#[psa_driver(prefix = "accel", kind = "transparent", entry_points = [sign_hash])]
impl Accel {
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

pub struct Se;

#[psa_driver(prefix = "se", kind = "opaque", location = Location::vendor(1), entry_points = [sign_hash])]
impl Se {
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
        transparent: [
            #[cfg(any())]
            accel: Accel,
        ],
        opaque: [se: Se],
        builtin: false,
        require: [
            sign_hash(Algorithm::ecdsa(Algorithm::SHA_256), KeyType::ecc_key_pair(EccFamily::SECP_R1), 256),
        ],
    }
}

fn main() {}
