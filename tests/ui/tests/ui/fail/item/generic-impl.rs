use core::marker::PhantomData;

use psa_core::{psa_driver, Result};

pub struct Trng<T>(PhantomData<T>);

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl<T: Sync + 'static> Trng<T> {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

fn main() {}
