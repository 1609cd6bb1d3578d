//! A multi-part family is compiled in or out as a whole: one of its entry points behind a
//! `#[cfg]` the others lack is an error at that method.
use psa_core::{psa_driver, Algorithm, Result};

pub struct Engine;
pub struct State;

#[psa_driver(
    prefix = "engine",
    kind = "transparent",
    entry_points = [hash_setup, hash_update, hash_finish, hash_abort],
)]
impl Engine {
    fn hash_setup(&self, _alg: Algorithm) -> Result<State> {
        Ok(State)
    }
    #[cfg(target_os = "none")]
    fn hash_update(&self, _ctx: &mut State, _input: &[u8]) -> Result<()> {
        Ok(())
    }
    fn hash_finish(&self, _ctx: &mut State, _hash: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
    fn hash_abort(&self, _ctx: &mut State) -> Result<()> {
        Ok(())
    }
}

fn main() {}
