//! Requirement syntax: an unknown entry point, a keyed one without key type and size, a
//! key-less one with a key, and an unknown field in `allow_shadowed`; all reported at once.

use psa_core::{register_drivers, Algorithm, KeyType};

register_drivers! {
    pub struct App {
        builtin: true,
        require: [
            sign_hsh(Algorithm::NONE),
            sign_hash(Algorithm::NONE),
            hash_compute(Algorithm::SHA_256, KeyType::AES, 128),
        ],
        allow_shadowed: [nobody],
    }
}

fn main() {}
