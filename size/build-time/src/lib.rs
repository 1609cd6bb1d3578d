//! Sixteen transparent drivers written with `#[psa_driver]` (sixty-four with the `drivers64`
//! feature), each declaring sixteen entry points over five families, and (with the `register`
//! feature) the `register_drivers!` call that generates dispatch over all of them.
//!
//! Building this crate with and without `register` measures what the generated dispatch
//! adds to a build; the commands are in `BENCHMARKS.md` (`size/measure.sh` runs them). The
//! drivers' bodies are trivial on purpose: the figure is the framework's, not the crypto's.

use psa_core::{
    Algorithm, EccFamily, Error, ImportedKey, KeyAttributes, KeyType, Result, Rng, psa_driver,
};

/// A driver's multi-part hash state.
#[derive(Debug)]
pub struct HashState(u32);

macro_rules! drivers {
    ($($ty:ident $prefix:literal $family:ident;)*) => {$(
        #[doc = concat!("Driver `", $prefix, "`: a stand-in for one vendor's accelerator.")]
        #[derive(Debug, Default)]
        pub struct $ty;

        #[psa_driver(
            prefix = $prefix,
            kind = "transparent",
            entry_points = [
                import_key, export_public_key, generate_key, sign_hash, verify_hash,
                key_agreement, hash_compute, hash_setup, hash_update, hash_finish, hash_abort,
                mac_compute, cipher_encrypt, cipher_decrypt, aead_encrypt, aead_decrypt,
            ],
            capability(
                entry_points = [import_key, export_public_key, generate_key, sign_hash, verify_hash, key_agreement],
                key_types = [KeyType::ecc_key_pair(EccFamily::$family), KeyType::ecc_public_key(EccFamily::$family)],
            ),
            capability(entry_points = [hash_compute, hash_setup], algorithms = [Algorithm::SHA_256]),
        )]
        impl $ty {
            /// Import.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn import_key(&self, _attributes: &KeyAttributes, _data: &[u8], _key_buffer: &mut [u8]) -> Result<ImportedKey> {
                Err(Error::NotSupported)
            }
            /// Export the public key.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn export_public_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _data: &mut [u8]) -> Result<usize> {
                Err(Error::NotSupported)
            }
            /// Generate.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn generate_key(&self, _attributes: &KeyAttributes, _key_buffer: &mut [u8], _rng: Rng<'_>) -> Result<usize> {
                Err(Error::NotSupported)
            }
            /// Sign.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn sign_hash(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm, _hash: &[u8], _signature: &mut [u8], _rng: Rng<'_>) -> Result<usize> {
                Err(Error::NotSupported)
            }
            /// Verify.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn verify_hash(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm, _hash: &[u8], _signature: &[u8]) -> Result<()> {
                Err(Error::NotSupported)
            }
            /// Key agreement.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn key_agreement(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm, _peer_key: &[u8], _shared_secret: &mut [u8]) -> Result<usize> {
                Err(Error::NotSupported)
            }
            /// One-shot hash.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn hash_compute(&self, _alg: Algorithm, _input: &[u8], _hash: &mut [u8]) -> Result<usize> {
                Err(Error::NotSupported)
            }
            /// Hash setup.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn hash_setup(&self, _alg: Algorithm) -> Result<HashState> {
                Err(Error::NotSupported)
            }
            /// Hash update.
            ///
            /// # Errors
            /// Never.
            pub fn hash_update(&self, ctx: &mut HashState, input: &[u8]) -> Result<()> {
                ctx.0 = ctx.0.wrapping_add(input.len() as u32);
                Ok(())
            }
            /// Hash finish.
            ///
            /// # Errors
            /// Never.
            pub fn hash_finish(&self, ctx: &mut HashState, _hash: &mut [u8]) -> Result<usize> {
                Ok(ctx.0 as usize)
            }
            /// Hash abort.
            ///
            /// # Errors
            /// Never.
            pub fn hash_abort(&self, _ctx: &mut HashState) -> Result<()> {
                Ok(())
            }
            /// MAC.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn mac_compute(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm, _input: &[u8], _mac: &mut [u8]) -> Result<usize> {
                Err(Error::NotSupported)
            }
            /// Encrypt.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn cipher_encrypt(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm, _iv: &[u8], _input: &[u8], _output: &mut [u8]) -> Result<usize> {
                Err(Error::NotSupported)
            }
            /// Decrypt.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn cipher_decrypt(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm, _input: &[u8], _output: &mut [u8]) -> Result<usize> {
                Err(Error::NotSupported)
            }
            /// AEAD encrypt.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn aead_encrypt(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm, _nonce: &[u8], _additional_data: &[u8], _plaintext: &[u8], _ciphertext: &mut [u8]) -> Result<usize> {
                Err(Error::NotSupported)
            }
            /// AEAD decrypt.
            ///
            /// # Errors
            /// Always `NOT_SUPPORTED`.
            pub fn aead_decrypt(&self, _attributes: &KeyAttributes, _key_buffer: &[u8], _alg: Algorithm, _nonce: &[u8], _additional_data: &[u8], _ciphertext: &[u8], _plaintext: &mut [u8]) -> Result<usize> {
                Err(Error::NotSupported)
            }
        }
    )*};
}

drivers! {
    D01 "d01" SECP_R1;
    D02 "d02" SECP_K1;
    D03 "d03" SECP_R2;
    D04 "d04" SECT_K1;
    D05 "d05" SECT_R1;
    D06 "d06" SECT_R2;
    D07 "d07" BRAINPOOL_P_R1;
    D08 "d08" MONTGOMERY;
    D09 "d09" TWISTED_EDWARDS;
    D10 "d10" SECP_R1;
    D11 "d11" SECP_K1;
    D12 "d12" SECP_R2;
    D13 "d13" SECT_K1;
    D14 "d14" SECT_R1;
    D15 "d15" SECT_R2;
    D16 "d16" BRAINPOOL_P_R1;
}

#[cfg(feature = "drivers64")]
drivers! {
    D17 "d17" MONTGOMERY;
    D18 "d18" TWISTED_EDWARDS;
    D19 "d19" SECP_R1;
    D20 "d20" SECP_K1;
    D21 "d21" SECP_R2;
    D22 "d22" SECT_K1;
    D23 "d23" SECT_R1;
    D24 "d24" SECT_R2;
    D25 "d25" BRAINPOOL_P_R1;
    D26 "d26" MONTGOMERY;
    D27 "d27" TWISTED_EDWARDS;
    D28 "d28" SECP_R1;
    D29 "d29" SECP_K1;
    D30 "d30" SECP_R2;
    D31 "d31" SECT_K1;
    D32 "d32" SECT_R1;
    D33 "d33" SECT_R2;
    D34 "d34" BRAINPOOL_P_R1;
    D35 "d35" MONTGOMERY;
    D36 "d36" TWISTED_EDWARDS;
    D37 "d37" SECP_R1;
    D38 "d38" SECP_K1;
    D39 "d39" SECP_R2;
    D40 "d40" SECT_K1;
    D41 "d41" SECT_R1;
    D42 "d42" SECT_R2;
    D43 "d43" BRAINPOOL_P_R1;
    D44 "d44" MONTGOMERY;
    D45 "d45" TWISTED_EDWARDS;
    D46 "d46" SECP_R1;
    D47 "d47" SECP_K1;
    D48 "d48" SECP_R2;
    D49 "d49" SECT_K1;
    D50 "d50" SECT_R1;
    D51 "d51" SECT_R2;
    D52 "d52" BRAINPOOL_P_R1;
    D53 "d53" MONTGOMERY;
    D54 "d54" TWISTED_EDWARDS;
    D55 "d55" SECP_R1;
    D56 "d56" SECP_K1;
    D57 "d57" SECP_R2;
    D58 "d58" SECT_K1;
    D59 "d59" SECT_R1;
    D60 "d60" SECT_R2;
    D61 "d61" BRAINPOOL_P_R1;
    D62 "d62" MONTGOMERY;
    D63 "d63" TWISTED_EDWARDS;
    D64 "d64" SECP_R1;
}

#[cfg(all(feature = "register", not(feature = "drivers64")))]
psa_core::register_drivers! {
    /// Dispatch over the sixteen drivers, then the built-in.
    pub struct Sixteen {
        transparent: [
            d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07, d08: D08,
            d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15, d16: D16,
        ],
        builtin: true,
    }
}

#[cfg(all(feature = "register", feature = "drivers64"))]
psa_core::register_drivers! {
    /// Dispatch over the sixty-four drivers, then the built-in.
    pub struct SixtyFour {
        transparent: [
            d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07, d08: D08,
            d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15, d16: D16,
            d17: D17, d18: D18, d19: D19, d20: D20, d21: D21, d22: D22, d23: D23, d24: D24,
            d25: D25, d26: D26, d27: D27, d28: D28, d29: D29, d30: D30, d31: D31, d32: D32,
            d33: D33, d34: D34, d35: D35, d36: D36, d37: D37, d38: D38, d39: D39, d40: D40,
            d41: D41, d42: D42, d43: D43, d44: D44, d45: D45, d46: D46, d47: D47, d48: D48,
            d49: D49, d50: D50, d51: D51, d52: D52, d53: D53, d54: D54, d55: D55, d56: D56,
            d57: D57, d58: D58, d59: D59, d60: D60, d61: D61, d62: D62, d63: D63, d64: D64,
        ],
        builtin: true,
    }
}
