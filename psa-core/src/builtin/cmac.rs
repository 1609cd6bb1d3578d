//! AES-CMAC (NIST SP 800-38B, RFC 4493) on the `cmac` crate, AES-128/192/256.

use aes::{Aes128, Aes192, Aes256};
use cmac::{KeyInit, Mac};

use crate::{Error, Result};

/// The full CMAC length: the AES block.
pub(super) const TAG_LENGTH: usize = 16;

// cmac's `zeroize` feature is on: the keyed core (AES key schedule, subkeys, chaining value)
// is wiped on drop, and so is the buffered block (digest's block buffer, `zeroize` through
// cmac's feature).
const _: () = {
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    let _ = zeroize_on_drop::<cmac::block_api::CmacCore<Aes128>>;
    let _ = zeroize_on_drop::<cmac::block_api::CmacCore<Aes256>>;
};

/// A keyed AES-CMAC computation, by key size.
#[derive(Clone)]
pub(super) enum Cmac {
    Aes128(cmac::Cmac<Aes128>),
    Aes192(cmac::Cmac<Aes192>),
    Aes256(cmac::Cmac<Aes256>),
}

impl Cmac {
    /// CMAC keyed with an AES key of 16, 24 or 32 bytes; `INVALID_ARGUMENT` for another size.
    pub(super) fn new(key: &[u8]) -> Result<Cmac> {
        let e = |_| Error::InvalidArgument;
        Ok(match key.len() {
            16 => Cmac::Aes128(cmac::Cmac::new_from_slice(key).map_err(e)?),
            24 => Cmac::Aes192(cmac::Cmac::new_from_slice(key).map_err(e)?),
            32 => Cmac::Aes256(cmac::Cmac::new_from_slice(key).map_err(e)?),
            _ => return Err(Error::InvalidArgument),
        })
    }

    pub(super) fn update(&mut self, data: &[u8]) {
        match self {
            Cmac::Aes128(m) => m.update(data),
            Cmac::Aes192(m) => m.update(data),
            Cmac::Aes256(m) => m.update(data),
        }
    }

    /// The full 16-byte MAC (the caller wipes it).
    pub(super) fn finalize(self) -> [u8; TAG_LENGTH] {
        match self {
            Cmac::Aes128(m) => m.finalize().into_bytes().into(),
            Cmac::Aes192(m) => m.finalize().into_bytes().into(),
            Cmac::Aes256(m) => m.finalize().into_bytes().into(),
        }
    }
}
