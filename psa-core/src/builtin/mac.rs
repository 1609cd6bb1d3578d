//! HMAC with SHA-224/256/384/512 and (with `builtin-cmac`) AES-CMAC, full length or truncated.

use core::fmt;

use hmac::{KeyInit, Mac};
use sha2::{Sha224, Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::{Algorithm, Error, KeyType, Result};

use super::output;

// hmac's `zeroize` feature is on: the keyed inner and outer hash states are sha2 states, which
// wipe themselves on drop.
const _: () = {
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    let _ = zeroize_on_drop::<Sha224>;
    let _ = zeroize_on_drop::<Sha512>;
};

/// The shortest truncated MAC served: shorter ones can be brute-forced.
const MIN_TRUNCATED_LENGTH: usize = 4;

/// An HMAC computation in progress; its state zeroizes on drop (hmac's `zeroize` feature).
/// Shared with HKDF.
#[derive(Clone)]
pub(super) enum Hmac {
    Sha224(hmac::Hmac<Sha224>),
    Sha256(hmac::Hmac<Sha256>),
    Sha384(hmac::Hmac<Sha384>),
    Sha512(hmac::Hmac<Sha512>),
}

/// A full-length HMAC output, wiped on drop.
pub(super) struct Tag {
    bytes: [u8; 64],
    len: usize,
}

impl Tag {
    fn set(&mut self, mac: &[u8]) {
        // Every SHA-2 output fits.
        let len = mac.len().min(self.bytes.len());
        self.bytes[..len].copy_from_slice(&mac[..len]);
        self.len = len;
    }

    pub(super) fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&self.bytes)
    }
}

impl Drop for Tag {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl Hmac {
    /// HMAC keyed with `key`; `NOT_SUPPORTED` for hashes other than SHA-2.
    pub(super) fn new(hash: Algorithm, key: &[u8]) -> Result<Hmac> {
        // HMAC takes keys of any length; `new_from_slice` cannot fail.
        let e = |_| Error::InvalidArgument;
        Ok(match hash {
            Algorithm::SHA_224 => Hmac::Sha224(hmac::Hmac::new_from_slice(key).map_err(e)?),
            Algorithm::SHA_256 => Hmac::Sha256(hmac::Hmac::new_from_slice(key).map_err(e)?),
            Algorithm::SHA_384 => Hmac::Sha384(hmac::Hmac::new_from_slice(key).map_err(e)?),
            Algorithm::SHA_512 => Hmac::Sha512(hmac::Hmac::new_from_slice(key).map_err(e)?),
            _ => return Err(Error::NotSupported),
        })
    }

    /// Whether the built-in computes HMAC with `hash`.
    pub(super) fn supports(hash: Algorithm) -> bool {
        matches!(
            hash,
            Algorithm::SHA_224 | Algorithm::SHA_256 | Algorithm::SHA_384 | Algorithm::SHA_512
        )
    }

    pub(super) fn update(&mut self, data: &[u8]) {
        match self {
            Hmac::Sha224(m) => m.update(data),
            Hmac::Sha256(m) => m.update(data),
            Hmac::Sha384(m) => m.update(data),
            Hmac::Sha512(m) => m.update(data),
        }
    }

    pub(super) fn finalize(self) -> Tag {
        let mut tag = Tag {
            bytes: [0; 64],
            len: 0,
        };
        match self {
            Hmac::Sha224(m) => tag.set(m.finalize().as_bytes()),
            Hmac::Sha256(m) => tag.set(m.finalize().as_bytes()),
            Hmac::Sha384(m) => tag.set(m.finalize().as_bytes()),
            Hmac::Sha512(m) => tag.set(m.finalize().as_bytes()),
        }
        tag
    }
}

/// The hash (`NONE` for CMAC) and the MAC length of a request, after the PSA checks.
fn parameters(key_type: KeyType, alg: Algorithm) -> Result<(Algorithm, usize)> {
    // Wildcards (`ANY_HASH`, at-least-this-length) are policies, never requests.
    if !alg.is_mac() || alg.is_wildcard() {
        return Err(Error::InvalidArgument);
    }
    #[cfg(feature = "builtin-cmac")]
    if alg.full_length_mac() == Algorithm::CMAC {
        match key_type {
            KeyType::AES => {}
            // ARIA, Camellia, DES CMAC: valid, not implemented here.
            _ if key_type.block_length() > 1 => return Err(Error::NotSupported),
            _ => return Err(Error::InvalidArgument),
        }
        let length = match alg.mac_truncation() {
            0 => super::cmac::TAG_LENGTH,
            t if (MIN_TRUNCATED_LENGTH..=super::cmac::TAG_LENGTH).contains(&t) => t,
            t if t < MIN_TRUNCATED_LENGTH => return Err(Error::NotSupported),
            _ => return Err(Error::InvalidArgument),
        };
        return Ok((Algorithm::NONE, length));
    }
    if !alg.is_hmac() {
        // CMAC and CBC-MAC need a block cipher key; with one, they are valid requests the
        // built-in does not serve.
        return if alg.is_block_cipher_mac() && key_type.block_length() <= 1 {
            Err(Error::InvalidArgument)
        } else {
            Err(Error::NotSupported)
        };
    }
    if key_type != KeyType::HMAC {
        return Err(Error::InvalidArgument);
    }
    let hash = alg.hash();
    if !Hmac::supports(hash) {
        return Err(Error::NotSupported);
    }
    let full = hash.hash_length();
    let length = match alg.mac_truncation() {
        0 => full,
        t if (MIN_TRUNCATED_LENGTH..=full).contains(&t) => t,
        // A valid MAC this implementation will not produce (what Mbed TLS answers, and
        // psa-arch-tests c026/c029 expect); longer than the hash is no MAC at all.
        t if t < MIN_TRUNCATED_LENGTH => return Err(Error::NotSupported),
        _ => return Err(Error::InvalidArgument),
    };
    Ok((hash, length))
}

/// `mac_compute`.
pub(super) fn compute(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    input: &[u8],
    mac: &mut [u8],
) -> Result<usize> {
    let mut ctx = MacContext::new(key_type, key, alg, Purpose::Sign)?;
    ctx.update(input)?;
    ctx.sign_finish(mac)
}

/// What a MAC context was set up for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Purpose {
    Sign,
    Verify,
}

/// A keyed MAC state.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)] // No heap (no_std without alloc): the context is inline.
enum State {
    Hmac(Hmac),
    #[cfg(feature = "builtin-cmac")]
    Cmac(super::cmac::Cmac),
}

impl State {
    fn update(&mut self, data: &[u8]) {
        match self {
            State::Hmac(m) => m.update(data),
            #[cfg(feature = "builtin-cmac")]
            State::Cmac(m) => m.update(data),
        }
    }

    fn finalize(self) -> Tag {
        match self {
            State::Hmac(m) => m.finalize(),
            #[cfg(feature = "builtin-cmac")]
            State::Cmac(m) => {
                let mut tag = Tag {
                    bytes: [0; 64],
                    len: 0,
                };
                let mut out = m.finalize();
                tag.set(&out);
                out.zeroize();
                tag
            }
        }
    }
}

/// Built-in multi-part MAC context (HMAC, AES-CMAC).
///
/// Remembers whether it was set up to sign or to verify, and refuses the other finish. The
/// keyed state zeroizes on drop; `Debug` shows no key material.
pub struct MacContext {
    /// `None` once finished.
    hmac: Option<State>,
    hash: Algorithm,
    length: usize,
    purpose: Purpose,
}

impl MacContext {
    pub(super) fn new(
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
        purpose: Purpose,
    ) -> Result<MacContext> {
        let (hash, length) = parameters(key_type, alg)?;
        let state = match hash {
            #[cfg(feature = "builtin-cmac")]
            Algorithm::NONE => State::Cmac(super::cmac::Cmac::new(key)?),
            _ => State::Hmac(Hmac::new(hash, key)?),
        };
        Ok(MacContext {
            hmac: Some(state),
            hash,
            length,
            purpose,
        })
    }

    pub(super) fn update(&mut self, input: &[u8]) -> Result<()> {
        self.hmac.as_mut().ok_or(Error::BadState)?.update(input);
        Ok(())
    }

    fn take(&mut self, purpose: Purpose) -> Result<Tag> {
        if self.purpose != purpose {
            return Err(Error::BadState);
        }
        // Finalize a copy and drop the original where it lies (its drop wipes it): taking
        // the keyed state out by value would leave its bytes behind in the context.
        let tag = self
            .hmac
            .as_ref()
            .ok_or(Error::BadState)?
            .clone()
            .finalize();
        self.hmac = None;
        Ok(tag)
    }

    pub(super) fn sign_finish(&mut self, mac: &mut [u8]) -> Result<usize> {
        if self.purpose == Purpose::Sign && self.hmac.is_some() && mac.len() < self.length {
            return Err(Error::BufferTooSmall);
        }
        let tag = self.take(Purpose::Sign)?;
        let out = output(mac, self.length)?;
        out.copy_from_slice(
            tag.as_slice()
                .get(..self.length)
                .ok_or(Error::CorruptionDetected)?,
        );
        Ok(self.length)
    }

    pub(super) fn verify_finish(&mut self, mac: &[u8]) -> Result<()> {
        let tag = self.take(Purpose::Verify)?;
        let expected = tag
            .as_slice()
            .get(..self.length)
            .ok_or(Error::CorruptionDetected)?;
        // Slices of different lengths compare unequal; the length is public.
        if bool::from(expected.ct_eq(mac)) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

impl fmt::Debug for MacContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MacContext")
            .field("hash", &self.hash)
            .field("length", &self.length)
            .field("purpose", &self.purpose)
            .field("finished", &self.hmac.is_none())
            .finish_non_exhaustive()
    }
}
