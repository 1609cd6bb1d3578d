use psa_core::{psa_driver, Algorithm, Result};

pub struct Trng;

#[psa_driver(
    prefix = "trng",
    kind = "transparent",
    entry_points = [get_random],
    capability(entry_points = [get_random], algorithms = [Algorithm::CTR]),
)]
impl Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

fn main() {}
