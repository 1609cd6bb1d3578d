//! The RSA algorithm identifiers: signatures (PKCS#1 v1.5, PSS) and encryption (PKCS#1 v1.5,
//! OAEP), with the spec's encodings.

use super::{Algorithm, HASH_MASK};

const PKCS1V15_SIGN_BASE: u32 = 0x0600_0200;
const PSS_BASE: u32 = 0x0600_0300;
const PSS_ANY_SALT_BASE: u32 = 0x0600_1300;
const OAEP_BASE: u32 = 0x0700_0300;

impl Algorithm {
    /// `PSA_ALG_RSA_PKCS1V15_SIGN_RAW`: PKCS#1 v1.5 signature of a hash given as is, without
    /// the DigestInfo prefix.
    pub const RSA_PKCS1V15_SIGN_RAW: Algorithm = Algorithm(PKCS1V15_SIGN_BASE);
    /// `PSA_ALG_RSA_PKCS1V15_CRYPT`: RSAES-PKCS1-v1_5 encryption.
    pub const RSA_PKCS1V15_CRYPT: Algorithm = Algorithm(0x0700_0200);

    /// `PSA_ALG_RSA_PKCS1V15_SIGN(hash)`: RSASSA-PKCS1-v1_5 with `hash` (`ANY_HASH` in a
    /// policy).
    pub const fn rsa_pkcs1v15_sign(hash: Algorithm) -> Algorithm {
        Algorithm(PKCS1V15_SIGN_BASE | (hash.0 & HASH_MASK))
    }
    /// `PSA_ALG_RSA_PSS(hash)`: RSASSA-PSS with `hash`, MGF1 with `hash`, and a salt as long
    /// as the hash.
    pub const fn rsa_pss(hash: Algorithm) -> Algorithm {
        Algorithm(PSS_BASE | (hash.0 & HASH_MASK))
    }
    /// `PSA_ALG_RSA_PSS_ANY_SALT(hash)`: as [`Algorithm::rsa_pss`], but verification accepts
    /// any salt length.
    pub const fn rsa_pss_any_salt(hash: Algorithm) -> Algorithm {
        Algorithm(PSS_ANY_SALT_BASE | (hash.0 & HASH_MASK))
    }
    /// `PSA_ALG_RSA_OAEP(hash)`: RSAES-OAEP with `hash` and MGF1 with `hash`.
    pub const fn rsa_oaep(hash: Algorithm) -> Algorithm {
        Algorithm(OAEP_BASE | (hash.0 & HASH_MASK))
    }

    /// `PSA_ALG_IS_RSA_PKCS1V15_SIGN`: with a hash, or raw.
    pub const fn is_rsa_pkcs1v15_sign(self) -> bool {
        self.0 & !HASH_MASK == PKCS1V15_SIGN_BASE
    }
    /// `PSA_ALG_IS_RSA_PSS`: with a hash-long salt, or any salt.
    pub const fn is_rsa_pss(self) -> bool {
        self.0 & !HASH_MASK == PSS_BASE || self.0 & !HASH_MASK == PSS_ANY_SALT_BASE
    }
    /// `PSA_ALG_IS_RSA_PSS_ANY_SALT`.
    pub const fn is_rsa_pss_any_salt(self) -> bool {
        self.0 & !HASH_MASK == PSS_ANY_SALT_BASE
    }
    /// `PSA_ALG_IS_RSA_OAEP`.
    pub const fn is_rsa_oaep(self) -> bool {
        self.0 & !HASH_MASK == OAEP_BASE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_the_specs() {
        assert_eq!(
            Algorithm::rsa_pkcs1v15_sign(Algorithm::SHA_256).0,
            0x0600_0209
        );
        assert_eq!(Algorithm::rsa_pss(Algorithm::SHA_512).0, 0x0600_030b);
        assert_eq!(
            Algorithm::rsa_pss_any_salt(Algorithm::SHA_256).0,
            0x0600_1309
        );
        assert_eq!(Algorithm::rsa_oaep(Algorithm::SHA_256).0, 0x0700_0309);
        assert!(Algorithm::RSA_PKCS1V15_SIGN_RAW.is_sign_hash());
        assert!(Algorithm::rsa_pss_any_salt(Algorithm::SHA_256).is_rsa_pss());
        assert!(Algorithm::rsa_oaep(Algorithm::SHA_1).is_asymmetric_encryption());
        assert!(Algorithm::RSA_PKCS1V15_CRYPT.is_asymmetric_encryption());
        assert_eq!(
            Algorithm::rsa_pss(Algorithm::SHA_384).hash(),
            Algorithm::SHA_384
        );
    }
}
