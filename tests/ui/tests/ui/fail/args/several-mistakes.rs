use psa_core::{psa_driver, Result};

pub struct Trng;

#[psa_driver(
    prefix = "true rng",
    kind = "opaque",
    entry_points = [get_random, get_randm],
    capability(fallback = false),
)]
impl Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

fn main() {}
