use psa_core::{psa_driver, KeyAttributes, Location, Result};

pub struct Acme;

// The file's `fallback` on an opaque driver, a prefix that disagrees, an entry point the
// file does not declare and one it declares that the list leaves out.
#[psa_driver(
    description = "disagrees.json",
    prefix = "acme_se",
    location = Location::vendor(1),
    entry_points = [export_key, destroy_key, export_public_key],
)]
impl Acme {
    fn export_key(&self, _: &KeyAttributes, _: &[u8], _: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
    fn destroy_key(&self, _: &KeyAttributes, _: &[u8]) -> Result<()> {
        Ok(())
    }
    fn export_public_key(&self, _: &KeyAttributes, _: &[u8], _: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
}

fn main() {}
