//! An optional entry point of a multi-part family may add a `#[cfg]` of its own, but keeps
//! the family's: without it, it could be compiled in while the family is out.
use psa_core::{psa_driver, Algorithm, Result};

pub struct Engine;
pub struct State;

#[psa_driver(
    prefix = "engine",
    kind = "transparent",
    entry_points = [hash_setup, hash_update, hash_finish, hash_clone, hash_abort],
)]
impl Engine {
    #[cfg(unix)]
    fn hash_setup(&self, _alg: Algorithm) -> Result<State> {
        Ok(State)
    }
    #[cfg(unix)]
    fn hash_update(&self, _ctx: &mut State, _input: &[u8]) -> Result<()> {
        Ok(())
    }
    #[cfg(unix)]
    fn hash_finish(&self, _ctx: &mut State, _hash: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
    #[cfg(target_os = "linux")]
    fn hash_clone(&self, _ctx: &State) -> Result<State> {
        Ok(State)
    }
    #[cfg(unix)]
    fn hash_abort(&self, _ctx: &mut State) -> Result<()> {
        Ok(())
    }
}

fn main() {}
