//! An opaque driver at its own location: its keys go to it and only to it; its status is
//! final; local keys never reach it; unknown locations are INVALID_ARGUMENT.

use std::sync::atomic::{AtomicU32, Ordering};

use psa_core::entry::{export_key, export_public_key};
use psa_core::{
    psa_driver, register_drivers, Dispatch, EccFamily, Error, KeyAttributes, KeyType, Lifetime,
    Location, Result,
};

const SE_LOCATION: Location = Location::vendor(7);

pub struct SecureElement {
    calls: AtomicU32,
}

#[psa_driver(
    prefix = "se",
    kind = "opaque",
    location = SE_LOCATION,
    entry_points = [export_key, export_public_key],
    capability(entry_points = [export_public_key], key_types = [KeyType::ecc_key_pair(EccFamily::ANY)]),
)]
impl SecureElement {
    fn export_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _data: &mut [u8]) -> Result<usize> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        Err(Error::NotPermitted)
    }

    fn export_public_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], data: &mut [u8]) -> Result<usize> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        data[0] = 4;
        Ok(65)
    }
}

register_drivers! {
    pub struct App {
        opaque: [se: SecureElement],
        builtin: true,
    }
}

fn at(location: Location, key_type: KeyType) -> KeyAttributes {
    KeyAttributes::new().with_type(key_type).with_lifetime(Lifetime::volatile_at(location))
}

fn main() {
    let app = App::new(SecureElement { calls: AtomicU32::new(0) });
    let pair = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    let mut data = [0u8; 65];

    let export = |attributes: &KeyAttributes, data: &mut [u8]| {
        app.export_key(export_key::Args { attributes, key_buffer: &[0], data })
    };
    // The driver's answer is final, errors included.
    assert_eq!(export(&at(SE_LOCATION, pair), &mut data), Err(Error::NotPermitted));
    // Local keys are exported by the core, not by a driver.
    assert_eq!(export(&at(Location::LOCAL_STORAGE, pair), &mut data), Err(Error::NotSupported));
    // Nobody owns this location.
    assert_eq!(export(&at(Location::vendor(8), pair), &mut data), Err(Error::InvalidArgument));

    let export_public = |attributes: &KeyAttributes, data: &mut [u8]| {
        app.export_public_key(export_public_key::Args { attributes, key_buffer: &[0], data })
    };
    assert_eq!(export_public(&at(SE_LOCATION, pair), &mut data), Ok(65));
    // Outside the capability: skipped, and an opaque driver has nothing to fall back to.
    assert_eq!(export_public(&at(SE_LOCATION, KeyType::AES), &mut data), Err(Error::NotSupported));

    assert_eq!(app.se.calls.load(Ordering::Relaxed), 2);
    assert_eq!(App::INFO.drivers[0].location, SE_LOCATION);
}
