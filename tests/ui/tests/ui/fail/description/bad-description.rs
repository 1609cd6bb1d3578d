use psa_core::{psa_driver, Algorithm, KeyAttributes, Result};

pub struct Acme;

#[psa_driver(description = "bad-description.json", entry_points = [hash_compute, mac_compute])]
impl Acme {
    fn hash_compute(&self, _alg: Algorithm, _input: &[u8], _hash: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
    fn mac_compute(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _input: &[u8],
        _mac: &mut [u8],
    ) -> Result<usize> {
        Ok(0)
    }
}

fn main() {}
