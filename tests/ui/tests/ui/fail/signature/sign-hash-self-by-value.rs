use psa_core::{psa_driver, Error, Algorithm, KeyAttributes, Result, Rng};

pub struct Accel;

#[psa_driver(prefix = "accel", kind = "transparent", entry_points = [sign_hash])]
impl Accel {
    fn sign_hash(
        self,
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

fn main() {}
