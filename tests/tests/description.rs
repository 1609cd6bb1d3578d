//! Driver descriptions (the PSA driver interface's JSON, as Mbed TLS ships them) as the
//! capability source of `#[psa_driver]`: the same capabilities written in JSON and in the
//! attribute give the same dispatch tree, and the JSON's capabilities guard dispatch.

use psa_core::entry::{self, ImportedKey};
use psa_core::{Algorithm, EccFamily, Error, KeyAttributes, KeyType, Result, builtin, psa_driver};

/// The driver, its attribute given: the methods are shared by both declarations (each hands
/// the work to the built-in).
macro_rules! p256_driver {
    ($(#[$attr:meta])*) => {
        /// The p256-m-shaped driver.
        pub struct P256;

        $(#[$attr])*
        impl P256 {
        fn import_key(
            &self,
            attributes: &KeyAttributes,
            data: &[u8],
            key_buffer: &mut [u8],
        ) -> Result<ImportedKey> {
            builtin::import_key(&mut entry::import_key::Args { attributes, data, key_buffer })
        }
        fn export_public_key(
            &self,
            attributes: &KeyAttributes,
            key_buffer: &[u8],
            data: &mut [u8],
        ) -> Result<usize> {
            builtin::export_public_key(&mut entry::export_public_key::Args {
                attributes,
                key_buffer,
                data,
            })
        }
        fn hash_compute(&self, _alg: Algorithm, _input: &[u8], _hash: &mut [u8]) -> Result<usize> {
            Err(Error::NotSupported)
        }
        fn mac_compute(
            &self,
            _attributes: &KeyAttributes,
            _key_buffer: &[u8],
            _alg: Algorithm,
            _input: &[u8],
            _mac: &mut [u8],
        ) -> Result<usize> {
            Err(Error::NotSupported)
        }
        }
    };
}

/// The driver described by JSON.
pub mod from_json {
    use super::*;

    // Described by `tests/drivers/p256_transparent.json`.
    p256_driver! {
        #[psa_driver(
            description = "drivers/p256_transparent.json",
            entry_points = [import_key, export_public_key, hash_compute, mac_compute],
        )]
    }

    psa_core::register_drivers! {
        /// The dispatcher.
        pub struct App {
            transparent: [p256: P256],
            builtin: true,
        }
    }
}

/// The same driver described in the attribute.
pub mod from_attribute {
    use super::*;

    // The same driver, its capabilities written in the attribute.
    p256_driver! {
    #[psa_driver(
        prefix = "p256",
        kind = "transparent",
        entry_points = [import_key, export_public_key, hash_compute, mac_compute],
        capability(
            entry_points = [import_key, export_public_key],
            algorithms = [Algorithm::ECDH, Algorithm::ecdsa(Algorithm::ANY_HASH)],
            key_types = [
                KeyType::ecc_key_pair(EccFamily::SECP_R1),
                KeyType::ecc_public_key(EccFamily::SECP_R1),
            ],
            key_sizes = [256],
            fallback = true,
        ),
        capability(entry_points = [hash_compute], algorithms = [Algorithm::SHA_256], fallback = true),
        capability(
            entry_points = [mac_compute],
            algorithms = [Algorithm::truncated_mac(Algorithm::hmac(Algorithm::SHA_256), 16)],
            key_types = [KeyType::HMAC],
            fallback = false,
        ),
    )]
    }

    psa_core::register_drivers! {
        /// The dispatcher.
        pub struct App {
            transparent: [p256: P256],
            builtin: true,
        }
    }
}

/// An opaque driver described by `tests/drivers/test_opaque.json`; only the prefix is given
/// in both places (and agrees).
pub struct OpaqueTest;

#[psa_driver(
    description = "drivers/test_opaque.json",
    prefix = "mbedtls_test",
    entry_points = [import_key, export_key, export_public_key, mac_compute],
)]
impl OpaqueTest {
    fn import_key(&self, _: &KeyAttributes, _: &[u8], _: &mut [u8]) -> Result<ImportedKey> {
        Err(Error::NotSupported)
    }
    fn export_key(&self, _: &KeyAttributes, _: &[u8], _: &mut [u8]) -> Result<usize> {
        Err(Error::NotSupported)
    }
    fn export_public_key(&self, _: &KeyAttributes, _: &[u8], _: &mut [u8]) -> Result<usize> {
        Err(Error::NotSupported)
    }
    fn mac_compute(
        &self,
        _: &KeyAttributes,
        _: &[u8],
        _: Algorithm,
        _: &[u8],
        _: &mut [u8],
    ) -> Result<usize> {
        Err(Error::NotSupported)
    }
}

#[test]
fn json_and_attribute_give_the_same_dispatch_tree() {
    let json = from_json::App::INFO.tree().to_string();
    let attribute = from_attribute::App::INFO.tree().to_string();
    assert!(json.contains("p256"), "{json}");
    assert_eq!(json, attribute);
    assert_eq!(
        from_json::App::INFO.table().to_string(),
        from_attribute::App::INFO.table().to_string()
    );
}

#[test]
fn json_capabilities_are_the_drivers_capabilities() {
    use psa_core::Driver;
    assert_eq!(
        format!("{:?}", <from_json::P256 as Driver>::CAPABILITIES),
        format!("{:?}", <from_attribute::P256 as Driver>::CAPABILITIES)
    );
    assert_eq!(<OpaqueTest as Driver>::PREFIX, "mbedtls_test");
    assert_eq!(
        <OpaqueTest as Driver>::LOCATION,
        psa_core::Location(0x7f_ffff)
    );
    assert_eq!(<OpaqueTest as Driver>::CAPABILITIES.len(), 2);
    assert_eq!(
        <OpaqueTest as Driver>::CAPABILITIES[1].algorithms,
        &[Algorithm::hmac(Algorithm::SHA_256)]
    );
}
