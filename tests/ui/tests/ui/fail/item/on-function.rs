use psa_core::{psa_driver, Result};

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
pub fn get_random(_output: &mut [u8]) -> Result<()> {
    Ok(())
}

fn main() {}
