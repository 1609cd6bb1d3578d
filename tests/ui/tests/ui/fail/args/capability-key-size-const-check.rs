use psa_core::{psa_driver, Algorithm, KeyAttributes, Result, Rng, EccFamily, KeyType};

pub struct Trng;

// The family is behind a const: only the compile-time check can see it.
const P256_KEY_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);

#[psa_driver(
    prefix = "accel",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(key_types = [P256_KEY_PAIR], key_sizes = [255]),
)]
impl Trng {
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
