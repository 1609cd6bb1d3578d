use psa_core::{psa_driver, KeyAttributes, Result};

pub struct Trng;

#[psa_driver(prefix = "se", kind = "opaque", location = 0x80_0001, entry_points = [export_key])]
impl Trng {
    fn export_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _data: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
}

fn main() {}
