//! Dispatchers with no drivers: the built-in alone, or nothing at all.

use psa_core::entry::{get_random, hash_setup};
use psa_core::{register_drivers, Algorithm, Dispatch, Error};

register_drivers! {
    pub struct BuiltinOnly {
        transparent: [],
        opaque: [],
        builtin: true,
    }
}

register_drivers! {
    /// Nothing is supported.
    pub(crate) struct Nothing { builtin: false }
}

fn main() {
    let nothing = Nothing::new();
    let mut out = [0u8; 4];
    assert_eq!(nothing.get_random(get_random::Args { output: &mut out }), Err(Error::NotSupported));
    assert!(nothing.hash_setup(hash_setup::Args { alg: Algorithm::SHA_256 }).is_err());
    assert!(Nothing::INFO.drivers.is_empty() && !Nothing::INFO.builtin);

    let builtin = BuiltinOnly::new();
    assert!(BuiltinOnly::INFO.drivers.is_empty() && BuiltinOnly::INFO.builtin);
    // Whatever the built-in answers, it answered (psa-core's features decide what it serves).
    let _ = builtin.get_random(get_random::Args { output: &mut out });
}
