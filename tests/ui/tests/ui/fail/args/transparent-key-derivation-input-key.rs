use psa_core::{psa_driver, Algorithm, DerivationStep, KeyAttributes, Result};

pub struct Accel;
pub struct Kdf;

// `key_derivation_input_key` binds a derivation to an opaque key: transparent drivers set up
// with `key_derivation_setup`.
#[psa_driver(
    prefix = "accel",
    kind = "transparent",
    entry_points = [
        key_derivation_input_key, key_derivation_input_bytes, key_derivation_output_bytes,
        key_derivation_abort,
    ],
)]
impl Accel {
    fn key_derivation_input_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm, _step: DerivationStep) -> Result<Kdf> {
        Ok(Kdf)
    }
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
