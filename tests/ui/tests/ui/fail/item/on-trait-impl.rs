use psa_core::{psa_driver, Result};

pub trait Rng {
    fn get_random(&self, output: &mut [u8]) -> Result<()>;
}

pub struct Trng;

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl Rng for Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

fn main() {}
