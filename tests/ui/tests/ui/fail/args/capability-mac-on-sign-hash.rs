//! A MAC algorithm listed for `sign_hash` can never match: the error is at the element.

use psa_core::{psa_driver, Algorithm, Error, KeyAttributes, Result, Rng};

pub struct Signer;

#[psa_driver(
    prefix = "signer",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(
        entry_points = [sign_hash],
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH), Algorithm::hmac(Algorithm::SHA_256)],
    ),
)]
impl Signer {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        Err(Error::NotSupported)
    }
}

fn main() {}
