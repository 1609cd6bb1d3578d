use psa_core::{psa_driver, Error, Algorithm, KeyAttributes, Result};

pub struct Accel;

#[psa_driver(prefix = "accel", kind = "transparent", entry_points = [sign_hash])]
impl Accel {
    // No `rng`.
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
    ) -> Result<usize> {
        Err(Error::NotSupported)
    }
}

fn main() {}
