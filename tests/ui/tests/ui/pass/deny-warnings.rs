//! Generated code is clean under `deny(warnings, missing_docs)`: every generated public item
//! has a doc comment, and nothing is unused, whatever the cfgs.
#![deny(warnings, missing_docs)]

use psa_core::{psa_driver, register_drivers, Algorithm, KeyAttributes, Location, Result};

/// A MAC accelerator.
pub struct Mac;

/// Its context.
pub struct MacState;

#[psa_driver(
    prefix = "mac",
    kind = "transparent",
    entry_points = [mac_verify_setup, mac_update, mac_verify_finish, mac_abort],
)]
impl Mac {
    fn mac_verify_setup(&self, _a: &KeyAttributes, _k: &[u8], _alg: Algorithm) -> Result<MacState> {
        Ok(MacState)
    }
    fn mac_update(&self, _ctx: &mut MacState, _input: &[u8]) -> Result<()> {
        Ok(())
    }
    fn mac_verify_finish(&self, _ctx: &mut MacState, _mac: &[u8]) -> Result<()> {
        Ok(())
    }
    fn mac_abort(&self, _ctx: &mut MacState) -> Result<()> {
        Ok(())
    }
}

/// A secure element.
pub struct Se;

#[psa_driver(prefix = "se", kind = "opaque", location = Location::PRIMARY_SECURE_ELEMENT, entry_points = [destroy_key])]
impl Se {
    fn destroy_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8]) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    /// Everything behind cfgs that are off.
    pub struct AllOff {
        transparent: [#[cfg(any())] mac: Mac],
        opaque: [#[cfg(any())] se: Se],
        builtin: false,
    }
}

register_drivers! {
    /// Everything on.
    pub struct AllOn {
        transparent: [mac: Mac],
        opaque: [se: Se],
        builtin: true,
    }
}

/// Keeps the dispatchers used.
pub static DISPATCHERS: (AllOff, AllOn) = (AllOff::new(), AllOn::new(Mac, Se));

fn main() {
    assert_eq!(AllOff::INFO.drivers.len(), 0);
    assert_eq!(AllOn::INFO.drivers.len(), 2);
}
