use psa_core::{psa_driver, DerivationStep, Location, Result};

pub struct SecureElement;
pub struct Kdf;

// An opaque driver's key-derivation setup is `key_derivation_input_key`
// (`key_derivation_setup` is a transparent-driver entry point).
#[psa_driver(
    prefix = "se",
    kind = "opaque",
    location = Location::vendor(3),
    entry_points = [key_derivation_input_bytes, key_derivation_output_bytes, key_derivation_abort],
)]
impl SecureElement {
    fn key_derivation_input_bytes(&self, _ctx: &mut Kdf, _step: DerivationStep, _data: &[u8]) -> Result<()> {
        Ok(())
    }
    fn key_derivation_output_bytes(&self, _ctx: &mut Kdf, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
    fn key_derivation_abort(&self, _ctx: &mut Kdf) -> Result<()> {
        Ok(())
    }
}

fn main() {}
