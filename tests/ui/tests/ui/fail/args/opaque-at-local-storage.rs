use psa_core::{psa_driver, KeyAttributes, Location, Result};

pub struct Trng;

#[psa_driver(prefix = "se", kind = "opaque", location = Location::LOCAL_STORAGE, entry_points = [export_key])]
impl Trng {
    fn export_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _data: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
}

fn main() {}
