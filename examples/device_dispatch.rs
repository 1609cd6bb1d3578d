//! The main example's registration, shared by `device_attestation` (which runs it) and
//! `bill_of_materials` (which prints it).

use psa_core::{Algorithm, EccFamily, KeyType, SelfTested, register_drivers};
use psa_drivers::secure_element::SE_LOCATION;
use psa_drivers::{P256Driver, SecureElement};

register_drivers! {
    /// The device's dispatch layer: the P-256 accelerator first for local keys, the secure
    /// element for keys at its location, the built-in software implementation last. The
    /// accelerator runs power-on self-tests: an entry point whose known-answer test fails is
    /// served by the built-in instead.
    pub struct DeviceDispatch {
        transparent: [p256: SelfTested<P256Driver>],
        opaque: [se: SecureElement],
        builtin: true,
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
