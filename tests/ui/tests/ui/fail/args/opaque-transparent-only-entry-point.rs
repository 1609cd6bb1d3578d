use psa_core::{psa_driver, Location, Result};

pub struct Trng;

#[psa_driver(prefix = "se", kind = "opaque", location = Location::vendor(1), entry_points = [get_random])]
impl Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

fn main() {}
