//! The main example's registration, shared by `device_attestation` (which runs it) and
//! `bill_of_materials` (which prints it).

use psa_core::{
    Algorithm, BuiltinKey, EccFamily, KeyId, KeyType, Lifetime, Persistence, SelfTested,
    register_drivers,
};
use psa_drivers::secure_element::{DEVICE_KEY_SLOT, SE_LOCATION};
use psa_drivers::{P256Driver, SecureElement};

/// The device attestation key, provisioned in the element at manufacturing.
pub(crate) const DEVICE_KEY: KeyId = KeyId(0x7fff_0001);

/// The device's built-in keys: the attestation key, in the secure element's slot.
pub(crate) static BUILTIN_KEYS: [BuiltinKey; 1] = [BuiltinKey {
    id: DEVICE_KEY,
    lifetime: Lifetime::new(Persistence::READ_ONLY, SE_LOCATION),
    slot: DEVICE_KEY_SLOT,
}];

register_drivers! {
    /// The device's dispatch layer: the P-256 accelerator first for local keys, the secure
    /// element for keys at its location, the built-in software implementation last. The
    /// accelerator runs power-on self-tests: an entry point whose known-answer test fails is
    /// served by the built-in instead.
    pub struct DeviceDispatch {
        transparent: [p256: SelfTested<P256Driver>],
        opaque: [se: SecureElement],
        builtin: true,
        // Served by the element's `get_builtin_key`, listed in the bill of materials.
        builtin_keys: &BUILTIN_KEYS,
        // What the device needs, proved at compile time: a build that drops a driver or a
        // `builtin-*` family these depend on fails here, naming what could have served.
        require: [
            sign_hash(Algorithm::ecdsa(Algorithm::SHA_256), KeyType::ecc_key_pair(EccFamily::SECP_R1), 256),
            sign_hash(Algorithm::ecdsa(Algorithm::SHA_256), KeyType::ecc_key_pair(EccFamily::SECP_R1), 256) in SE_LOCATION,
            verify_hash(Algorithm::ecdsa(Algorithm::SHA_256), KeyType::ecc_public_key(EccFamily::SECP_R1), 256),
            hash_compute(Algorithm::SHA_256),
        ],
    }
}
