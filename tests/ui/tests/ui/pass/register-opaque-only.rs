//! Two opaque drivers at different locations, no transparent ones, with the built-in.

use psa_core::entry::destroy_key;
use psa_core::{psa_driver, register_drivers, Dispatch, Error, KeyAttributes, Lifetime, Location, Result};

pub struct Left;

#[psa_driver(prefix = "left", kind = "opaque", location = Location::vendor(1), entry_points = [destroy_key])]
impl Left {
    fn destroy_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8]) -> Result<()> {
        Ok(())
    }
}

pub struct Right;

#[psa_driver(prefix = "right", kind = "opaque", location = Location::vendor(2), entry_points = [destroy_key])]
impl Right {
    fn destroy_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8]) -> Result<()> {
        Err(Error::StorageFailure)
    }
}

register_drivers! {
    pub struct App {
        transparent: [],
        opaque: [left: Left, right: Right],
        builtin: true,
    }
}

fn destroy(app: &App, location: Location) -> Result<()> {
    let attributes = KeyAttributes::new().with_lifetime(Lifetime::volatile_at(location));
    app.destroy_key(destroy_key::Args { attributes: &attributes, key_buffer: &[] })
}

fn main() {
    let app = App::new(Left, Right);
    assert_eq!(destroy(&app, Location::vendor(1)), Ok(()));
    assert_eq!(destroy(&app, Location::vendor(2)), Err(Error::StorageFailure));
    assert_eq!(destroy(&app, Location::LOCAL_STORAGE), Err(Error::NotSupported));
    assert_eq!(destroy(&app, Location::vendor(3)), Err(Error::InvalidArgument));
    assert_eq!(App::INFO.drivers.len(), 2);
}
