//! Two transparent drivers and no built-in: priority order, fallback on NOT_SUPPORTED, and
//! NOT_SUPPORTED when nobody serves.

use std::sync::atomic::{AtomicU32, Ordering};

use psa_core::entry::hash_compute;
use psa_core::{psa_driver, register_drivers, Algorithm, Dispatch, Error, Result};

pub struct Sha256Only(AtomicU32);

#[psa_driver(prefix = "sha256", kind = "transparent", entry_points = [hash_compute])]
impl Sha256Only {
    fn hash_compute(&self, alg: Algorithm, _input: &[u8], hash: &mut [u8]) -> Result<usize> {
        self.0.fetch_add(1, Ordering::Relaxed);
        if alg != Algorithm::SHA_256 {
            return Err(Error::NotSupported);
        }
        hash[0] = 1;
        Ok(32)
    }
}

pub struct AnyHash(AtomicU32);

#[psa_driver(prefix = "any", kind = "transparent", entry_points = [hash_compute])]
impl AnyHash {
    fn hash_compute(&self, alg: Algorithm, _input: &[u8], hash: &mut [u8]) -> Result<usize> {
        self.0.fetch_add(1, Ordering::Relaxed);
        if alg == Algorithm::MD5 {
            return Err(Error::NotSupported);
        }
        hash[0] = 2;
        Ok(48)
    }
}

register_drivers! {
    pub struct App {
        transparent: [first: Sha256Only, second: AnyHash],
        builtin: false,
    }
}

fn hash(app: &App, alg: Algorithm, out: &mut [u8]) -> Result<usize> {
    app.hash_compute(hash_compute::Args { alg, input: b"abc", hash: out })
}

fn main() {
    let app = App::new(Sha256Only(AtomicU32::new(0)), AnyHash(AtomicU32::new(0)));
    let mut out = [0u8; 64];
    assert_eq!(hash(&app, Algorithm::SHA_256, &mut out), Ok(32));
    assert_eq!(out[0], 1);
    assert_eq!(hash(&app, Algorithm::SHA_384, &mut out), Ok(48));
    assert_eq!(out[0], 2);
    assert_eq!(hash(&app, Algorithm::MD5, &mut out), Err(Error::NotSupported));
    assert_eq!(app.first.0.load(Ordering::Relaxed), 3);
    assert_eq!(app.second.0.load(Ordering::Relaxed), 2);
    let names: Vec<_> = App::INFO.drivers.iter().map(|d| (d.prefix, d.index)).collect();
    assert_eq!(names, [("sha256", 0), ("any", 1)]);
}
