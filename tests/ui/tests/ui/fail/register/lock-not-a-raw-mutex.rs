use psa_core::{psa_driver, register_drivers, Result};

pub struct Trng;

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    pub struct App {
        transparent: [trng: Trng],
        builtin: true,
        lock: std::sync::Mutex<()>,
    }
}

fn main() {}
