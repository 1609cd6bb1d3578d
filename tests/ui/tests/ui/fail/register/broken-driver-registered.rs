use psa_core::{psa_driver, register_drivers, Algorithm, KeyAttributes, Result, Rng};

pub struct Accel;

// One mistake here (a misspelt entry point) gives one error: the registration below and the
// method do not add any.
#[psa_driver(prefix = "accel", kind = "transparent", entry_points = [sign_hsh])]
impl Accel {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        Ok(0)
    }
}

register_drivers! {
    pub struct App {
        transparent: [accel: Accel],
        builtin: true,
    }
}

fn main() {
    let _ = App::new(Accel);
}
