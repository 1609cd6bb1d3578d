//! The peers our PSA front-end is compared with, set up on the same key material as
//! `psa-bench` uses: Mbed TLS through its own PSA API (the `psa-crypto` crate builds Mbed TLS
//! 3.5 from source) and OpenSSL through the `openssl` crate (the system's libssl).
//!
//! Each peer offers the four operations of the comparison in PSA's formats: ECDSA P-256
//! sign and verify over a SHA-256 digest (`r‖s` signatures), raw ECDH with a peer public key
//! in `0x04‖X‖Y` form (parsed on every call, as `psa_raw_key_agreement` does), and SHA-256.

use psa_bench::{P256_PEER_PRIVATE, P256_PRIVATE};

/// Mbed TLS's PSA Crypto implementation, through `psa-crypto`.
pub mod mbedtls {
    use psa_crypto::operations::{asym_signature, hash, key_agreement, key_management};
    use psa_crypto::types::algorithm::{
        AsymmetricSignature, Hash, KeyAgreement, RawKeyAgreement, SignHash,
    };
    use psa_crypto::types::key::{Attributes, EccFamily, Id, Lifetime, Policy, Type, UsageFlags};
    use psa_crypto::types::status::Result;

    /// `ECDSA(SHA_256)`, randomized, as in our benchmarks.
    pub const ECDSA: AsymmetricSignature = AsymmetricSignature::Ecdsa {
        hash_alg: SignHash::Specific(Hash::Sha256),
    };

    /// Keys imported into Mbed TLS's key store.
    #[derive(Debug, Clone, Copy)]
    pub struct Keys {
        /// The signing key pair.
        pub pair: Id,
        /// Its public key, for verification.
        pub public: Id,
        /// The same scalar as an ECDH key pair.
        pub ecdh: Id,
    }

    fn attributes(
        key_type: Type,
        usage_flags: UsageFlags,
        alg: psa_crypto::types::algorithm::Algorithm,
    ) -> Attributes {
        Attributes {
            lifetime: Lifetime::Volatile,
            key_type,
            bits: 256,
            policy: Policy {
                usage_flags,
                permitted_algorithms: alg,
            },
        }
    }

    /// Initialise Mbed TLS's PSA core and import the benchmark keys.
    ///
    /// # Errors
    /// Whatever `psa_crypto_init` or `psa_import_key` report.
    pub fn setup(private: &[u8; 32], public: &[u8; 65]) -> Result<Keys> {
        psa_crypto::init()?;
        let pair_type = Type::EccKeyPair {
            curve_family: EccFamily::SecpR1,
        };
        let public_type = Type::EccPublicKey {
            curve_family: EccFamily::SecpR1,
        };
        let mut sign = UsageFlags::default();
        sign.set_sign_hash().set_verify_hash();
        let mut verify = UsageFlags::default();
        verify.set_verify_hash();
        let mut derive = UsageFlags::default();
        derive.set_derive();
        let pair =
            key_management::import(attributes(pair_type, sign, ECDSA.into()), None, private)?;
        let public =
            key_management::import(attributes(public_type, verify, ECDSA.into()), None, public)?;
        let ecdh_alg = KeyAgreement::Raw(RawKeyAgreement::Ecdh).into();
        let ecdh = key_management::import(attributes(pair_type, derive, ecdh_alg), None, private)?;
        Ok(Keys { pair, public, ecdh })
    }

    /// `psa_sign_hash`.
    ///
    /// # Errors
    /// Mbed TLS's status.
    pub fn sign(keys: &Keys, digest: &[u8], signature: &mut [u8]) -> Result<usize> {
        asym_signature::sign_hash(keys.pair, ECDSA, digest, signature)
    }

    /// `psa_verify_hash`.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` if it does not verify.
    pub fn verify(keys: &Keys, digest: &[u8], signature: &[u8]) -> Result<()> {
        asym_signature::verify_hash(keys.public, ECDSA, digest, signature)
    }

    /// `psa_raw_key_agreement` with ECDH.
    ///
    /// # Errors
    /// Mbed TLS's status.
    pub fn ecdh(keys: &Keys, peer: &[u8], out: &mut [u8]) -> Result<usize> {
        key_agreement::raw_key_agreement(RawKeyAgreement::Ecdh, keys.ecdh, peer, out)
    }

    /// `psa_hash_compute` with SHA-256.
    ///
    /// # Errors
    /// Mbed TLS's status.
    pub fn sha256(input: &[u8], out: &mut [u8]) -> Result<usize> {
        hash::hash_compute(Hash::Sha256, input, out)
    }
}

/// OpenSSL through the `openssl` crate.
pub mod openssl {
    use openssl::bn::{BigNum, BigNumContext};
    use openssl::derive::Deriver;
    use openssl::ec::{EcGroup, EcKey, EcPoint};
    use openssl::ecdsa::EcdsaSig;
    use openssl::error::ErrorStack;
    use openssl::nid::Nid;
    use openssl::pkey::{PKey, Private, Public};

    /// The benchmark keys as OpenSSL objects.
    pub struct Keys {
        group: EcGroup,
        pair: EcKey<Private>,
        ecdh: PKey<Private>,
        public: EcKey<Public>,
    }

    impl std::fmt::Debug for Keys {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Keys { .. }")
        }
    }

    /// Build the P-256 key pair from its scalar.
    ///
    /// # Errors
    /// OpenSSL's error stack.
    pub fn setup(private: &[u8; 32]) -> Result<Keys, ErrorStack> {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
        let d = BigNum::from_slice(private)?;
        let mut ctx = BigNumContext::new()?;
        let mut q = EcPoint::new(&group)?;
        q.mul_generator2(&group, &d, &mut ctx)?;
        let pair = EcKey::from_private_components(&group, &d, &q)?;
        let public = EcKey::from_public_key(&group, &q)?;
        let ecdh = PKey::from_ec_key(pair.clone())?;
        Ok(Keys {
            group,
            pair,
            ecdh,
            public,
        })
    }

    /// `ECDSA_do_sign`, written out as `r‖s`.
    ///
    /// # Errors
    /// OpenSSL's error stack.
    pub fn sign(keys: &Keys, digest: &[u8], signature: &mut [u8; 64]) -> Result<usize, ErrorStack> {
        let sig = EcdsaSig::sign(digest, &keys.pair)?;
        signature[..32].copy_from_slice(&sig.r().to_vec_padded(32)?);
        signature[32..].copy_from_slice(&sig.s().to_vec_padded(32)?);
        Ok(64)
    }

    /// `ECDSA_do_verify` of an `r‖s` signature.
    ///
    /// # Errors
    /// OpenSSL's error stack; `Ok(false)` if the signature does not verify.
    pub fn verify(keys: &Keys, digest: &[u8], signature: &[u8; 64]) -> Result<bool, ErrorStack> {
        let r = BigNum::from_slice(&signature[..32])?;
        let s = BigNum::from_slice(&signature[32..])?;
        EcdsaSig::from_private_components(r, s)?.verify(digest, &keys.public)
    }

    /// ECDH with a peer public key in `0x04‖X‖Y` form, parsed on every call.
    ///
    /// # Errors
    /// OpenSSL's error stack (for instance, a point not on the curve).
    pub fn ecdh(keys: &Keys, peer: &[u8], out: &mut [u8]) -> Result<usize, ErrorStack> {
        let mut ctx = BigNumContext::new()?;
        let point = EcPoint::from_bytes(&keys.group, peer, &mut ctx)?;
        let peer = PKey::from_ec_key(EcKey::from_public_key(&keys.group, &point)?)?;
        let mut deriver = Deriver::new(&keys.ecdh)?;
        deriver.set_peer(&peer)?;
        deriver.derive(out)
    }

    /// SHA-256.
    pub fn sha256(input: &[u8]) -> [u8; 32] {
        openssl::sha::sha256(input)
    }
}

/// The benchmark's private scalar (the same as `psa-bench`'s).
pub const PRIVATE: [u8; 32] = P256_PRIVATE;
/// The ECDH peer's private scalar (the same as `psa-bench`'s).
pub const PEER_PRIVATE: [u8; 32] = P256_PEER_PRIVATE;
