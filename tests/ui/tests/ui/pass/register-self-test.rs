//! `self_test: lazy` and `self_test: startup`: the dispatcher runs each driver's known-answer
//! tests, and a driver whose KAT fails is out of the chain (the built-in serves instead).

use psa_core::entry::hash_compute;
use psa_core::selftest::KatState;
use psa_core::{psa_driver, register_drivers, Algorithm, Dispatch, EntryPoint, Error, KeyAttributes, Location, Result};

/// SHA-256 engines: one with the built-in's right answers, one with a bit flipped.
macro_rules! engine {
    ($name:ident, $flip:expr) => {
        pub struct $name;

        #[psa_driver(prefix = "engine", kind = "transparent", entry_points = [hash_compute])]
        impl $name {
            fn hash_compute(&self, alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
                if alg != Algorithm::SHA_256 {
                    return Err(Error::NotSupported);
                }
                let n = psa_core::builtin::hash_compute(&mut hash_compute::Args { alg, input, hash })?;
                hash[0] ^= $flip;
                Ok(n)
            }
        }
    };
}
engine!(Good, 0);
engine!(Faulty, 1);

pub struct Se;

#[psa_driver(prefix = "se", kind = "opaque", location = Location::vendor(1), entry_points = [destroy_key])]
impl Se {
    fn destroy_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8]) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    pub struct Lazy {
        transparent: [
            #[cfg(any())]
            off: Good,
            faulty: Faulty,
        ],
        opaque: [se: Se],
        builtin: true,
        self_test: lazy,
    }
}

register_drivers! {
    pub struct Startup {
        transparent: [good: Good],
        builtin: true,
        self_test: startup,
    }
}

fn sha256(d: &impl Dispatch) -> [u8; 32] {
    let mut out = [0u8; 32];
    let n = d.hash_compute(hash_compute::Args { alg: Algorithm::SHA_256, input: b"abc", hash: &mut out });
    assert_eq!(n, Ok(32));
    out
}

fn main() {
    let lazy = Lazy::new(Faulty, Se);
    assert_eq!(lazy.self_test_status()[1].unwrap().state(EntryPoint::HashCompute), KatState::Untested);
    // The first request runs the KAT, which fails: the built-in's right answer.
    assert_eq!(sha256(&lazy)[0], 0xba);
    let statuses = lazy.self_test_status();
    assert!(statuses[0].is_none(), "the `#[cfg]`'d-out driver");
    assert_eq!(statuses[1].unwrap().state(EntryPoint::HashCompute), KatState::Failed);
    assert!(statuses[2].unwrap().passed(), "the opaque driver has no KAT to fail");
    assert_eq!(lazy.self_test_of(1), statuses[1]);

    let startup = Startup::new(Good);
    assert_eq!(startup.self_test_status()[0].unwrap().ran(), 0);
    let statuses = startup.self_test();
    assert_eq!(statuses[0].unwrap().state(EntryPoint::HashCompute), KatState::Passed);
    assert_eq!(sha256(&startup)[0], 0xba);
}
