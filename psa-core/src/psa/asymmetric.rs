//! Asymmetric encryption: `psa_asymmetric_encrypt` / `psa_asymmetric_decrypt` (RSA PKCS#1
//! v1.5 and OAEP), dispatched to drivers (the built-in serves no RSA private-key operation,
//! and no encryption).

use super::{Psa, require};
use crate::dispatch::Dispatch;
use crate::distrust::{self, Expect};
use crate::drbg::EntropySource;
use crate::entry;
use crate::policy::{algorithm_applies_to, check_policy};
use crate::sizes;
use crate::storage::KeyStorage;
use crate::{Algorithm, Error, KeyAttributes, Result, Rng, UsageFlags};

/// The checks both directions share: the key's type suits `alg` (a key pair to decrypt),
/// and a salt (OAEP's label) only where the algorithm takes one.
fn check(attributes: &KeyAttributes, alg: Algorithm, salt: &[u8], private: bool) -> Result<()> {
    let t = attributes.key_type();
    if !algorithm_applies_to(alg, t) || (private && !t.is_key_pair()) {
        return Err(Error::InvalidArgument);
    }
    // PKCS#1 v1.5 encryption has no label: a salt is invalid (the spec's rule).
    if alg == Algorithm::RSA_PKCS1V15_CRYPT && !salt.is_empty() {
        return Err(Error::InvalidArgument);
    }
    Ok(())
}

impl<D: Dispatch, E: EntropySource, const SLOTS: usize, S: KeyStorage, const KEY_BYTES: usize>
    Psa<D, E, SLOTS, S, KEY_BYTES>
{
    /// `psa_asymmetric_encrypt`: encrypt `input` with an RSA public key (or the public part
    /// of a key pair) for `alg` (`RSA_PKCS1V15_CRYPT`, `rsa_oaep(hash)`); `salt` is OAEP's
    /// label (empty for none; PKCS#1 v1.5 takes none). Randomness from registered
    /// `get_random` drivers, else the DRBG. The ciphertext is as long as the modulus
    /// ([`sizes::asymmetric_encrypt_output_size`]).
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for a non-encryption or wildcard algorithm, a key type that does
    /// not suit it, or a salt with PKCS#1 v1.5; `NOT_PERMITTED` without `USAGE_ENCRYPT` or
    /// outside the key's algorithm; `INVALID_HANDLE`; `NOT_SUPPORTED` when no driver serves
    /// it; `BUFFER_TOO_SMALL`.
    pub fn asymmetric_encrypt(
        &self,
        id: crate::KeyId,
        alg: Algorithm,
        input: &[u8],
        salt: &[u8],
        output: &mut [u8],
    ) -> Result<usize> {
        require(alg, alg.is_asymmetric_encryption())?;
        self.with_key(id, |attributes, key| {
            check_policy(attributes, UsageFlags::ENCRYPT, alg)?;
            check(attributes, alg, salt, false)?;
            let r = self
                .dispatch()
                .asymmetric_encrypt(entry::asymmetric_encrypt::Args {
                    attributes,
                    key_buffer: key,
                    alg,
                    input,
                    salt,
                    output: &mut *output,
                    rng: Rng::new(&self.randomness()),
                });
            let exact = sizes::asymmetric_encrypt_output_size(
                attributes.key_type(),
                attributes.bits(),
                alg,
            );
            distrust::written(r, output, Expect::exactly_if_known(exact))
        })
    }

    /// `psa_asymmetric_decrypt`: decrypt `input` with an RSA key pair for `alg`; `salt` as
    /// in [`Psa::asymmetric_encrypt`]. The plaintext is at most
    /// [`sizes::asymmetric_decrypt_output_size`] bytes.
    ///
    /// # Errors
    /// `INVALID_PADDING` (or `INVALID_ARGUMENT`, as the driver reports) for a ciphertext that
    /// does not decrypt; `INVALID_ARGUMENT` for a public key; otherwise as
    /// [`Psa::asymmetric_encrypt`] with `USAGE_DECRYPT`.
    pub fn asymmetric_decrypt(
        &self,
        id: crate::KeyId,
        alg: Algorithm,
        input: &[u8],
        salt: &[u8],
        output: &mut [u8],
    ) -> Result<usize> {
        require(alg, alg.is_asymmetric_encryption())?;
        self.with_key(id, |attributes, key| {
            check_policy(attributes, UsageFlags::DECRYPT, alg)?;
            check(attributes, alg, salt, true)?;
            let r = self
                .dispatch()
                .asymmetric_decrypt(entry::asymmetric_decrypt::Args {
                    attributes,
                    key_buffer: key,
                    alg,
                    input,
                    salt,
                    output: &mut *output,
                });
            let max = sizes::rsa_decrypt_plaintext_max(attributes.bits(), alg);
            let expect = if max == 0 {
                Expect::Fits
            } else {
                Expect::AtMost(max)
            };
            distrust::written(r, output, expect)
        })
    }
}
