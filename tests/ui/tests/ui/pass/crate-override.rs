//! `crate = path` on both macros, for a renamed `psa_core` dependency.

extern crate psa_core as my_psa;

use my_psa::entry::get_random;
use my_psa::{Dispatch, Error, Result};

pub struct Trng;

#[my_psa::psa_driver(crate = my_psa, prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl Trng {
    fn get_random(&self, output: &mut [u8]) -> Result<()> {
        output.fill(0x5a);
        Ok(())
    }
}

pub struct Quiet;

// The serde-style string form works too.
#[my_psa::psa_driver(crate = "my_psa", prefix = "quiet", kind = "transparent", entry_points = [get_random])]
impl Quiet {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Err(Error::NotSupported)
    }
}

my_psa::register_drivers! {
    crate = my_psa;

    pub struct App {
        transparent: [quiet: Quiet, trng: Trng],
        builtin: false,
    }
}

fn main() {
    let app = App::new(Quiet, Trng);
    let mut out = [0u8; 4];
    assert_eq!(app.get_random(get_random::Args { output: &mut out }), Ok(()));
    assert_eq!(out, [0x5a; 4]);
}
