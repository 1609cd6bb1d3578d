use psa_core::{psa_driver, Error, KeyAttributes, Result, Rng};

pub struct Accel;

#[psa_driver(prefix = "accel", kind = "transparent", entry_points = [sign_hash])]
impl Accel {
    // `alg` is an `Algorithm`, not its raw value.
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: u32,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        Err(Error::NotSupported)
    }
}

fn main() {}
