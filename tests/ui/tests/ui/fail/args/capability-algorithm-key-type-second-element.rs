use psa_core::{psa_driver, Algorithm, EccFamily, KeyAttributes, KeyType, Result, Rng};

pub struct Accel;

// The key type is behind a const, so only the compile-time check can see it; the error is at
// the one algorithm that cannot use it (the second), not at `capability`.
const P256_KEY_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);

#[psa_driver(
    prefix = "accel",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH), Algorithm::hmac(Algorithm::SHA_256)],
        key_types = [P256_KEY_PAIR],
    ),
)]
impl Accel {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        Ok(0)
    }
}

fn main() {}
