use psa_core::{psa_driver, register_drivers, Result};

pub struct Trng;

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    pub struct Typo {
        transparent: [trng: Trng],
        builtin: false,
        self_test: lazzy,
    }
}

register_drivers! {
    pub struct Unknown {
        transparent: [trng: Trng],
        builtin: false,
        self_test: on_boot,
    }
}

register_drivers! {
    pub struct NotAnIdent {
        transparent: [trng: Trng],
        builtin: false,
        self_test: true,
    }
}

fn main() {}
