// `_` then U+102D (a mark that may continue an identifier but not start one): the field is
// an identifier, its operation variant `\u{102D}` is not. An error at the field, not a panic.
use psa_core::{psa_driver, register_drivers, Result};

pub struct Trng;

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

pub struct Trng2;

#[psa_driver(prefix = "trng2", kind = "transparent", entry_points = [get_random])]
impl Trng2 {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    pub struct App {
        transparent: [_ိ: Trng, self_: Trng2],
        builtin: true,
    }
}

fn main() {}
