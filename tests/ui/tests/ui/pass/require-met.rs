//! Requirements met by a driver (P-256 signatures by `accel`, at local storage and at the
//! secure element's location) and by the built-in (SHA-256 with `builtin-hash`); a driver
//! shadowed on purpose is accepted through `allow_shadowed`. The bill of materials lists
//! them all.

use psa_core::{
    psa_driver, register_drivers, Algorithm, EccFamily, EntryPoint, Error, KeyAttributes, KeyType,
    Location, Result, Rng,
};

pub struct Accel;

#[psa_driver(
    prefix = "accel",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256],
        fallback = false,
    ),
)]
impl Accel {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        Err(Error::NotSupported)
    }
}

pub struct Spare;

#[psa_driver(prefix = "spare", kind = "transparent", entry_points = [sign_hash],
    capability(algorithms = [Algorithm::ecdsa(Algorithm::SHA_256)], key_sizes = [256]))]
impl Spare {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        Err(Error::NotSupported)
    }
}

const SE_LOCATION: Location = Location::vendor(1);

pub struct Se;

#[psa_driver(prefix = "se", kind = "opaque", location = SE_LOCATION, entry_points = [sign_hash])]
impl Se {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        Err(Error::NotSupported)
    }
}

register_drivers! {
    pub struct App {
        transparent: [accel: Accel, spare: Spare],
        opaque: [se: Se],
        builtin: true,
        require: [
            sign_hash(Algorithm::ecdsa(Algorithm::SHA_256), KeyType::ecc_key_pair(EccFamily::SECP_R1), 256),
            sign_hash(Algorithm::ecdsa(Algorithm::SHA_384), KeyType::ecc_key_pair(EccFamily::SECP_R1), 256) in SE_LOCATION,
            hash_compute(Algorithm::SHA_256),
        ],
        allow_shadowed: [spare],
    }
}

fn main() {
    let bom = App::BOM;
    let served: Vec<EntryPoint> = bom.entry_points().collect();
    assert!(served.contains(&EntryPoint::SignHash));
    assert!(served.contains(&EntryPoint::HashCompute));
    let local: Vec<&str> = bom.local_candidates(EntryPoint::SignHash).map(|d| d.prefix).collect();
    assert_eq!(local, ["accel", "spare"]);
    assert_eq!(bom.last_resort(EntryPoint::HashCompute), "built-in");
}
