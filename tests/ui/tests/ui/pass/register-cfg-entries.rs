//! `#[cfg]` on entries: a driver whose cfg is off is not there at all (no field, no
//! parameter, no variant, no dispatch, no INFO entry), and the others keep their indices.

use psa_core::entry::get_random;
use psa_core::{psa_driver, register_drivers, Dispatch, Error, Result};

macro_rules! rng_driver {
    ($name:ident, $prefix:literal, $byte:literal) => {
        pub struct $name;

        #[psa_driver(prefix = $prefix, kind = "transparent", entry_points = [get_random])]
        impl $name {
            fn get_random(&self, output: &mut [u8]) -> Result<()> {
                output.fill($byte);
                Ok(())
            }
        }
    };
}

rng_driver!(Off, "off", 1);
rng_driver!(On, "on", 2);

pub struct Declines;

#[psa_driver(prefix = "declines", kind = "transparent", entry_points = [get_random])]
impl Declines {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Err(Error::NotSupported)
    }
}

register_drivers! {
    pub struct App {
        transparent: [
            /// Never compiled in.
            #[cfg(any())]
            off: Off,
            declines: Declines,
            #[cfg(all())]
            #[cfg(not(any()))]
            on: On,
        ],
        builtin: false,
    }
}

fn main() {
    // `off` takes no parameter.
    let app = App::new(Declines, On);
    let mut out = [0u8; 3];
    assert_eq!(app.get_random(get_random::Args { output: &mut out }), Ok(()));
    assert_eq!(out, [2; 3]);
    let drivers: Vec<_> = App::INFO.drivers.iter().map(|d| (d.prefix, d.index)).collect();
    assert_eq!(drivers, [("declines", 1), ("on", 2)]);
    assert_eq!(App::INFO.driver_name(2), "on");
    assert_eq!(App::INFO.driver_name(0), "?");
}
