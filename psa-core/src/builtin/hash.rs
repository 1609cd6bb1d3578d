//! SHA-224, SHA-256, SHA-384 and SHA-512.

use core::fmt;

use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use crate::{Algorithm, Error, Result};

use super::output;

// sha2's `zeroize` feature (and with it digest's and block-buffer's) is on: hash states are
// wiped on drop. HMAC and HKDF are built of the same states.
const _: () = {
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    let _ = zeroize_on_drop::<Sha224>;
    let _ = zeroize_on_drop::<Sha256>;
    let _ = zeroize_on_drop::<Sha384>;
    let _ = zeroize_on_drop::<Sha512>;
};

#[derive(Clone)]
enum State {
    Sha224(Sha224),
    Sha256(Sha256),
    Sha384(Sha384),
    Sha512(Sha512),
}

impl State {
    fn new(alg: Algorithm) -> Result<State> {
        Ok(match alg {
            Algorithm::SHA_224 => State::Sha224(Sha224::new()),
            Algorithm::SHA_256 => State::Sha256(Sha256::new()),
            Algorithm::SHA_384 => State::Sha384(Sha384::new()),
            Algorithm::SHA_512 => State::Sha512(Sha512::new()),
            // Other hashes (MD5, SHA-1, SHA-3, the `ANY_HASH` wildcard, …) are hash
            // algorithms this implementation does not compute.
            _ if alg.is_hash() => return Err(Error::NotSupported),
            _ => return Err(Error::InvalidArgument),
        })
    }

    fn update(&mut self, input: &[u8]) {
        match self {
            State::Sha224(h) => h.update(input),
            State::Sha256(h) => h.update(input),
            State::Sha384(h) => h.update(input),
            State::Sha512(h) => h.update(input),
        }
    }

    fn algorithm(&self) -> Algorithm {
        match self {
            State::Sha224(_) => Algorithm::SHA_224,
            State::Sha256(_) => Algorithm::SHA_256,
            State::Sha384(_) => Algorithm::SHA_384,
            State::Sha512(_) => Algorithm::SHA_512,
        }
    }

    /// Write the digest; `BUFFER_TOO_SMALL` (and the state kept) if `out` is short.
    fn finish(self, out: &mut [u8]) -> Result<usize> {
        let out = output(out, self.algorithm().hash_length())?;
        match self {
            State::Sha224(h) => out.copy_from_slice(&h.finalize()),
            State::Sha256(h) => out.copy_from_slice(&h.finalize()),
            State::Sha384(h) => out.copy_from_slice(&h.finalize()),
            State::Sha512(h) => out.copy_from_slice(&h.finalize()),
        }
        Ok(out.len())
    }
}

/// `hash_compute`.
pub(super) fn compute(alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
    let mut state = State::new(alg)?;
    state.update(input);
    state.finish(hash)
}

/// Built-in multi-part hash context (SHA-224/256/384/512).
///
/// The hash state zeroizes on drop (sha2's `zeroize` feature). `Debug` shows the algorithm only.
#[derive(Clone)]
pub struct HashContext {
    /// `None` once finished.
    state: Option<State>,
}

impl HashContext {
    pub(super) fn new(alg: Algorithm) -> Result<HashContext> {
        Ok(HashContext {
            state: Some(State::new(alg)?),
        })
    }

    pub(super) fn update(&mut self, input: &[u8]) -> Result<()> {
        self.state.as_mut().ok_or(Error::BadState)?.update(input);
        Ok(())
    }

    pub(super) fn finish(&mut self, hash: &mut [u8]) -> Result<usize> {
        let state = self.state.as_ref().ok_or(Error::BadState)?;
        if hash.len() < state.algorithm().hash_length() {
            return Err(Error::BufferTooSmall);
        }
        // Finish a copy and drop the original in place (its drop wipes it), so no moved-from
        // state of a possibly secret message is left in the context.
        let r = state.clone().finish(hash);
        self.state = None;
        r
    }
}

impl fmt::Debug for HashContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.state {
            Some(state) => write!(f, "HashContext({})", state.algorithm()),
            None => f.write_str("HashContext(finished)"),
        }
    }
}
