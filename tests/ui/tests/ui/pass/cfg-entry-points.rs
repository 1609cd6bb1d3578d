//! Entry points behind `#[cfg]`: compiled in or out with their methods, and the generated
//! code is clean under `deny(warnings)` either way (`cfg(all())` holds, `cfg(any())` never
//! does).
#![deny(warnings, missing_docs)]

use psa_core::{psa_driver, register_drivers, Algorithm, Driver, EntryPoint, Result};

/// A hash engine.
pub struct Engine;

/// Its multi-part state, compiled out with the family.
#[cfg(any())]
pub struct State;

#[psa_driver(
    prefix = "engine",
    kind = "transparent",
    entry_points = [hash_compute, hash_setup, hash_update, hash_finish, hash_abort, get_random],
)]
impl Engine {
    #[cfg(all())]
    fn hash_compute(&self, _alg: Algorithm, _input: &[u8], _hash: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
    #[cfg(any())]
    fn hash_setup(&self, _alg: Algorithm) -> Result<State> {
        Ok(State)
    }
    #[cfg(any())]
    fn hash_update(&self, _ctx: &mut State, _input: &[u8]) -> Result<()> {
        Ok(())
    }
    #[cfg(any())]
    fn hash_finish(&self, _ctx: &mut State, _hash: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
    #[cfg(any())]
    fn hash_abort(&self, _ctx: &mut State) -> Result<()> {
        Ok(())
    }
    #[cfg(any())]
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    /// The engine, then the built-in.
    pub struct App {
        transparent: [engine: Engine],
        opaque: [],
        builtin: true,
    }
}

const _: () = assert!(<Engine as Driver>::ENTRY_POINTS.contains(EntryPoint::HashCompute));
const _: () = assert!(!<Engine as Driver>::ENTRY_POINTS.contains(EntryPoint::HashSetup));
const _: () = assert!(!<Engine as Driver>::ENTRY_POINTS.contains(EntryPoint::GetRandom));

fn main() {
    let _ = App::new(Engine);
}
