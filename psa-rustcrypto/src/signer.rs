//! A PSA ECDSA key behind the `signature` traits.

use core::marker::PhantomData;

use psa_core::{
    Algorithm, DefaultEntropy, Dispatch, EccFamily, EntropySource, Error, KeyAttributes, KeyId,
    Psa, UsageFlags,
};
use signature::hazmat::{PrehashSigner, PrehashVerifier};
use signature::{Keypair, Signer, Verifier};

use crate::error::signature_error;

/// A NIST curve PSA signs on, with the `ecdsa` crate's types for it.
pub trait EcdsaCurve: 'static {
    /// The key size in bits (256, 384).
    const BITS: usize;
    /// The hash `Signer` uses for messages on keys whose policy leaves the hash open
    /// (`ECDSA(ANY_HASH)`): the curve's customary one, as the `ecdsa` crate's `Signer`.
    const MESSAGE_HASH: Algorithm;
    /// `ecdsa::Signature<C>`.
    type Signature: Clone;
    /// `ecdsa::VerifyingKey<C>`.
    type VerifyingKey: Clone;
    /// The verifying key for an uncompressed point `0x04‖X‖Y`.
    fn verifying_key(point: &[u8]) -> Option<Self::VerifyingKey>;
    /// A signature from `r‖s`.
    fn signature_from_rs(rs: &[u8]) -> Option<Self::Signature>;
    /// `r‖s` of a signature, written to `out`; returns the length.
    fn signature_to_rs(signature: &Self::Signature, out: &mut [u8; 96]) -> usize;
}

macro_rules! curve {
    ($curve:ty, $bits:expr, $hash:expr) => {
        impl EcdsaCurve for $curve {
            const BITS: usize = $bits;
            const MESSAGE_HASH: Algorithm = $hash;
            type Signature = ecdsa::Signature<$curve>;
            type VerifyingKey = ecdsa::VerifyingKey<$curve>;
            fn verifying_key(point: &[u8]) -> Option<Self::VerifyingKey> {
                // PSA's export format is exactly the uncompressed point.
                if point.len() != 1 + 2 * $bits / 8 || point[0] != 0x04 {
                    return None;
                }
                ecdsa::VerifyingKey::<$curve>::from_sec1_bytes(point).ok()
            }
            fn signature_from_rs(rs: &[u8]) -> Option<Self::Signature> {
                if rs.len() != 2 * $bits / 8 {
                    return None;
                }
                ecdsa::Signature::<$curve>::from_slice(rs).ok()
            }
            fn signature_to_rs(signature: &Self::Signature, out: &mut [u8; 96]) -> usize {
                let bytes = signature.to_bytes();
                out[..bytes.len()].copy_from_slice(&bytes);
                bytes.len()
            }
        }
    };
}

curve!(p256::NistP256, 256, Algorithm::SHA_256);
curve!(p384::NistP384, 384, Algorithm::SHA_384);

/// A PSA ECDSA key on curve `C` (`p256::NistP256` or `p384::NistP384`): a key id in `psa`,
/// local or in an opaque location (a secure element), whose private part never leaves PSA.
///
/// - `Signer` / `Verifier` sign and verify messages: with the hash of the key's policy, or
///   [`EcdsaCurve::MESSAGE_HASH`] when the policy permits any hash; randomized or
///   deterministic (RFC 6979) as the policy says. A key with `SIGN_MESSAGE` signs through
///   `psa_sign_message`; one with only `SIGN_HASH` (as a secure element's device key) hashes
///   through PSA and signs through `psa_sign_hash`.
/// - `hazmat::PrehashSigner` / `PrehashVerifier` sign and verify a digest, whose length names
///   the hash (28, 32, 48 or 64 bytes), which the policy must permit.
/// - `Keypair` returns the public key as `ecdsa::VerifyingKey<C>` (read once, at
///   [`EcdsaKey::new`]).
pub struct EcdsaKey<
    'p,
    C: EcdsaCurve,
    D: Dispatch,
    E: EntropySource = DefaultEntropy,
    const N: usize = 32,
> {
    psa: &'p Psa<D, E, N>,
    id: KeyId,
    attributes: KeyAttributes,
    verifying_key: C::VerifyingKey,
    _curve: PhantomData<C>,
}

impl<C: EcdsaCurve, D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug
    for EcdsaKey<'_, C, D, E, N>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EcdsaKey")
            .field("id", &self.id)
            .field("bits", &C::BITS)
            .field("algorithm", &self.attributes.algorithm())
            .finish_non_exhaustive()
    }
}

impl<C: EcdsaCurve, D: Dispatch, E: EntropySource, const N: usize> Clone
    for EcdsaKey<'_, C, D, E, N>
{
    fn clone(&self) -> Self {
        EcdsaKey {
            psa: self.psa,
            id: self.id,
            attributes: self.attributes,
            verifying_key: self.verifying_key.clone(),
            _curve: PhantomData,
        }
    }
}

fn hash_for_length(len: usize) -> Option<Algorithm> {
    Some(match len {
        28 => Algorithm::SHA_224,
        32 => Algorithm::SHA_256,
        48 => Algorithm::SHA_384,
        64 => Algorithm::SHA_512,
        _ => return None,
    })
}

impl<'p, C: EcdsaCurve, D: Dispatch, E: EntropySource, const N: usize> EcdsaKey<'p, C, D, E, N> {
    /// The key `id` of `psa` as an ECDSA key on `C`; its public key is exported once.
    ///
    /// # Errors
    /// `INVALID_HANDLE` for an unknown id; `INVALID_ARGUMENT` if the key is not a SECP_R1
    /// key of `C`'s size or its policy is not ECDSA; the driver's status from exporting the
    /// public key; `CORRUPTION_DETECTED` if the exported point is not on the curve.
    pub fn new(psa: &'p Psa<D, E, N>, id: KeyId) -> Result<Self, Error> {
        let attributes = psa.get_key_attributes(id)?;
        let family = attributes.key_type().ecc_family();
        if family != Some(EccFamily::SECP_R1)
            || attributes.bits() != C::BITS
            || !attributes.algorithm().is_ecdsa()
        {
            return Err(Error::InvalidArgument);
        }
        let mut point = [0u8; 97];
        let n = psa.export_public_key(id, &mut point)?;
        let verifying_key = C::verifying_key(&point[..n]).ok_or(Error::CorruptionDetected)?;
        Ok(EcdsaKey {
            psa,
            id,
            attributes,
            verifying_key,
            _curve: PhantomData,
        })
    }

    /// The key id.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The key's attributes, as read at [`EcdsaKey::new`].
    pub fn attributes(&self) -> &KeyAttributes {
        &self.attributes
    }

    /// The PSA signature algorithm for hash `hash` under the key's policy.
    fn algorithm(&self, hash: Algorithm) -> Result<Algorithm, Error> {
        let policy = self.attributes.algorithm();
        let alg = if policy.is_deterministic_ecdsa() {
            Algorithm::deterministic_ecdsa(hash)
        } else {
            Algorithm::ecdsa(hash)
        };
        if policy.permits(alg) {
            Ok(alg)
        } else {
            Err(Error::NotPermitted)
        }
    }

    /// The algorithm for messages: the policy's hash, or the curve's when it is open.
    pub fn message_algorithm(&self) -> Result<Algorithm, Error> {
        let hash = self.attributes.algorithm().hash();
        if hash == Algorithm::ANY_HASH || hash == Algorithm::NONE {
            self.algorithm(C::MESSAGE_HASH)
        } else {
            self.algorithm(hash)
        }
    }

    /// Sign `message`; the signature is `r‖s` in `out` (the PSA form).
    ///
    /// # Errors
    /// As `psa_sign_message` / `psa_sign_hash`; `NOT_PERMITTED` without a signing usage.
    pub fn sign_message_rs(&self, message: &[u8], out: &mut [u8; 96]) -> Result<usize, Error> {
        let alg = self.message_algorithm()?;
        let usage = self.attributes.usage();
        if usage.contains(UsageFlags::SIGN_MESSAGE) {
            return self.psa.sign_message(self.id, alg, message, out);
        }
        let mut digest = [0u8; 64];
        let n = self.psa.hash_compute(alg.hash(), message, &mut digest)?;
        self.psa.sign_hash(self.id, alg, &digest[..n], out)
    }

    /// Sign a digest (its length names the hash); `r‖s` in `out`.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for a digest length of no SHA-2 hash; as `psa_sign_hash`.
    pub fn sign_prehash_rs(&self, prehash: &[u8], out: &mut [u8; 96]) -> Result<usize, Error> {
        let hash = hash_for_length(prehash.len()).ok_or(Error::InvalidArgument)?;
        self.psa
            .sign_hash(self.id, self.algorithm(hash)?, prehash, out)
    }

    fn verify_message_rs(&self, message: &[u8], rs: &[u8]) -> Result<(), Error> {
        let alg = self.message_algorithm()?;
        if self.attributes.usage().contains(UsageFlags::VERIFY_MESSAGE) {
            return self.psa.verify_message(self.id, alg, message, rs);
        }
        let mut digest = [0u8; 64];
        let n = self.psa.hash_compute(alg.hash(), message, &mut digest)?;
        self.psa.verify_hash(self.id, alg, &digest[..n], rs)
    }

    fn verify_prehash_rs(&self, prehash: &[u8], rs: &[u8]) -> Result<(), Error> {
        let hash = hash_for_length(prehash.len()).ok_or(Error::InvalidArgument)?;
        self.psa
            .verify_hash(self.id, self.algorithm(hash)?, prehash, rs)
    }

    fn to_signature(rs: &[u8; 96], n: usize) -> Result<C::Signature, signature::Error> {
        // A driver's r‖s that is not a valid signature (r or s zero or past the order).
        C::signature_from_rs(&rs[..n]).ok_or_else(|| signature_error(Error::CorruptionDetected))
    }
}

impl<C: EcdsaCurve, D: Dispatch, E: EntropySource, const N: usize> Signer<C::Signature>
    for EcdsaKey<'_, C, D, E, N>
{
    fn try_sign(&self, msg: &[u8]) -> Result<C::Signature, signature::Error> {
        let mut rs = [0u8; 96];
        let n = self
            .sign_message_rs(msg, &mut rs)
            .map_err(signature_error)?;
        Self::to_signature(&rs, n)
    }
}

impl<C: EcdsaCurve, D: Dispatch, E: EntropySource, const N: usize> PrehashSigner<C::Signature>
    for EcdsaKey<'_, C, D, E, N>
{
    fn sign_prehash(&self, prehash: &[u8]) -> Result<C::Signature, signature::Error> {
        let mut rs = [0u8; 96];
        let n = self
            .sign_prehash_rs(prehash, &mut rs)
            .map_err(signature_error)?;
        Self::to_signature(&rs, n)
    }
}

impl<C: EcdsaCurve, D: Dispatch, E: EntropySource, const N: usize> Verifier<C::Signature>
    for EcdsaKey<'_, C, D, E, N>
{
    fn verify(&self, msg: &[u8], signature: &C::Signature) -> Result<(), signature::Error> {
        let mut rs = [0u8; 96];
        let n = C::signature_to_rs(signature, &mut rs);
        self.verify_message_rs(msg, &rs[..n])
            .map_err(signature_error)
    }
}

impl<C: EcdsaCurve, D: Dispatch, E: EntropySource, const N: usize> PrehashVerifier<C::Signature>
    for EcdsaKey<'_, C, D, E, N>
{
    fn verify_prehash(
        &self,
        prehash: &[u8],
        signature: &C::Signature,
    ) -> Result<(), signature::Error> {
        let mut rs = [0u8; 96];
        let n = C::signature_to_rs(signature, &mut rs);
        self.verify_prehash_rs(prehash, &rs[..n])
            .map_err(signature_error)
    }
}

impl<C: EcdsaCurve, D: Dispatch, E: EntropySource, const N: usize> Keypair
    for EcdsaKey<'_, C, D, E, N>
{
    type VerifyingKey = C::VerifyingKey;
    fn verifying_key(&self) -> C::VerifyingKey {
        self.verifying_key.clone()
    }
}
