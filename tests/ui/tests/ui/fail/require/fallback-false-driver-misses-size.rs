//! The only signer serves P-256 with `fallback = false`; P-384 is required and there is no
//! built-in: the error says the driver's capabilities leave out 384-bit keys.

use psa_core::{
    psa_driver, register_drivers, Algorithm, EccFamily, Error, KeyAttributes, KeyType, Result, Rng,
};

pub struct Accel;

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
)]
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

register_drivers! {
    pub struct App {
        transparent: [accel: Accel],
        builtin: false,
        require: [
            sign_hash(Algorithm::ecdsa(Algorithm::SHA_384), KeyType::ecc_key_pair(EccFamily::SECP_R1), 384),
        ],
    }
}

fn main() {}
