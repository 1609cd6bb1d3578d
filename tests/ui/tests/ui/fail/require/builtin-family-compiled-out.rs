//! ECDSA P-256 is required, nothing registered signs, and the built-in's `builtin-ecc` is off
//! in this crate (psa-core without built-ins): the error names the requirement and each
//! candidate.

use psa_core::{psa_driver, register_drivers, Algorithm, EccFamily, Error, KeyType, Result};

pub struct Trng;

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Err(Error::NotSupported)
    }
}

register_drivers! {
    pub struct App {
        transparent: [trng: Trng],
        builtin: true,
        require: [
            sign_hash(Algorithm::ecdsa(Algorithm::SHA_256), KeyType::ecc_key_pair(EccFamily::SECP_R1), 256),
        ],
    }
}

fn main() {}
