use psa_core::{psa_driver, Algorithm, Result};

pub struct Acme;

#[psa_driver(description = "no-such-file.json", entry_points = [hash_compute])]
impl Acme {
    fn hash_compute(&self, _alg: Algorithm, _input: &[u8], _hash: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
}

fn main() {}
