//! `#[cfg_attr(condition, cfg(predicate))]` on an entry point would compile the method out
//! after `#[psa_driver]` ran, leaving the driver's declaration naming a method that is gone:
//! an error at the attribute, which names the plain `#[cfg]` to write. A `#[cfg_attr]` that
//! applies something else (`inline` here) is fine.
use psa_core::{psa_driver, Algorithm, Result};

pub struct Engine;

#[psa_driver(
    prefix = "engine",
    kind = "transparent",
    entry_points = [hash_compute, get_random],
)]
impl Engine {
    #[cfg_attr(unix, cfg(target_os = "linux"))]
    fn hash_compute(&self, _alg: Algorithm, _input: &[u8], _hash: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
    #[cfg_attr(unix, inline)]
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

fn main() {}
