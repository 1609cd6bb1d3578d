use psa_core::{psa_driver, Algorithm, KeyAttributes, Result, Rng, EccFamily, KeyType};

pub struct Trng;

#[psa_driver(
    prefix = "accel",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)], key_sizes = [256, 255]),
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
