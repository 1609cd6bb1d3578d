use core::cell::Cell;

use psa_core::{psa_driver, Result};

// Drivers are shared between threads: a `Cell` makes this one unusable as a driver.
pub struct Trng(Cell<u8>);

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl Trng {
    fn get_random(&self, output: &mut [u8]) -> Result<()> {
        output.fill(self.0.get());
        Ok(())
    }
}

fn main() {}
