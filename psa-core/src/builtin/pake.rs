//! Built-in PAKE: none. No well-kept crate provides EC J-PAKE or SPAKE2+ (RustCrypto's
//! `spake2` is plain SPAKE2, which is not a PSA algorithm), so PAKE is served by drivers
//! only: setup answers `NOT_SUPPORTED` and the context is uninhabited.

use crate::entry;
use crate::{Error, Result};

/// Built-in PAKE context: uninhabited, PAKE is served by drivers only.
pub enum PakeContext {}

/// Built-in `pake_setup`: always `NOT_SUPPORTED` (PAKE is for drivers).
///
/// # Errors
/// `NOT_SUPPORTED`.
pub fn pake_setup(_args: &mut entry::pake_setup::Args<'_>) -> Result<PakeContext> {
    Err(Error::NotSupported)
}

/// Built-in `pake_output`: unreachable, [`PakeContext`] is uninhabited.
///
/// # Errors
/// None: there is no context to call it with.
pub fn pake_output(
    ctx: &mut PakeContext,
    _args: &mut entry::pake_output::Args<'_>,
) -> Result<usize> {
    match *ctx {}
}

/// Built-in `pake_input`: unreachable, [`PakeContext`] is uninhabited.
///
/// # Errors
/// None: there is no context to call it with.
pub fn pake_input(ctx: &mut PakeContext, _args: &mut entry::pake_input::Args<'_>) -> Result<()> {
    match *ctx {}
}

/// Built-in `pake_get_shared_key`: unreachable, [`PakeContext`] is uninhabited.
///
/// # Errors
/// None: there is no context to call it with.
pub fn pake_get_shared_key(
    ctx: &mut PakeContext,
    _args: &mut entry::pake_get_shared_key::Args<'_>,
) -> Result<usize> {
    match *ctx {}
}

/// Built-in `pake_abort`: unreachable, [`PakeContext`] is uninhabited.
///
/// # Errors
/// None: there is no context to call it with.
pub fn pake_abort(ctx: &mut PakeContext) -> Result<()> {
    match *ctx {}
}
