use psa_core::{psa_driver, register_drivers, KeyAttributes, Location, Result};

pub struct Trng;

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

pub struct Se;

#[psa_driver(prefix = "se", kind = "opaque", location = Location::vendor(1), entry_points = [destroy_key])]
impl Se {
    fn destroy_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8]) -> Result<()> {
        Ok(())
    }
}

pub struct Se2;

#[psa_driver(prefix = "se2", kind = "opaque", location = Location::vendor(2), entry_points = [destroy_key])]
impl Se2 {
    fn destroy_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8]) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    pub struct App {
        transparent: [trng: Trng],
        opaque: [se: Se],
        opaque: [se2: Se2],
        builtin: true,
    }
}

fn main() {}
