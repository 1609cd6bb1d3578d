//! Algorithm identifiers (`psa_algorithm_t`) over the spec's encoding.

use core::fmt;

mod rsa;

/// A PSA algorithm identifier (`psa_algorithm_t`).
///
/// A newtype over the spec's 32-bit encoding, so vendor and future values are representable.
/// Constructors are `const fn` and mirror the `PSA_ALG_*` macros; predicates mirror
/// `PSA_ALG_IS_*`.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Algorithm(pub u32);

const CATEGORY_MASK: u32 = 0x7f00_0000;
const CAT_HASH: u32 = 0x0200_0000;
const CAT_MAC: u32 = 0x0300_0000;
const CAT_CIPHER: u32 = 0x0400_0000;
const CAT_AEAD: u32 = 0x0500_0000;
const CAT_SIGN: u32 = 0x0600_0000;
const CAT_ASYMMETRIC_ENCRYPTION: u32 = 0x0700_0000;
const CAT_KEY_DERIVATION: u32 = 0x0800_0000;
const CAT_KEY_AGREEMENT: u32 = 0x0900_0000;
const HASH_MASK: u32 = 0x0000_00ff;
const MAC_SUBCATEGORY_MASK: u32 = 0x00c0_0000;
const HMAC_BASE: u32 = 0x0380_0000;
const MAC_TRUNCATION_MASK: u32 = 0x003f_0000;
const MAC_TRUNCATION_OFFSET: u32 = 16;
const AT_LEAST_THIS_LENGTH_FLAG: u32 = 0x0000_8000;
const CIPHER_STREAM_FLAG: u32 = 0x0080_0000;
const AEAD_TAG_LENGTH_MASK: u32 = 0x003f_0000;
const ECDSA_BASE: u32 = 0x0600_0600;
const DETERMINISTIC_ECDSA_BASE: u32 = 0x0600_0700;
const HKDF_BASE: u32 = 0x0800_0100;
const PBKDF2_HMAC_BASE: u32 = 0x0880_0100;
const KEY_AGREEMENT_MASK: u32 = 0xffff_0000;
const KDF_MASK: u32 = 0xfe00_ffff;
const VENDOR_FLAG: u32 = 0x8000_0000;

impl Algorithm {
    /// `PSA_ALG_NONE`.
    pub const NONE: Algorithm = Algorithm(0);
    /// `PSA_ALG_MD5` (recognised, not implemented by the built-in).
    pub const MD5: Algorithm = Algorithm(0x0200_0003);
    /// `PSA_ALG_SHA_1` (recognised, not implemented by the built-in).
    pub const SHA_1: Algorithm = Algorithm(0x0200_0005);
    /// `PSA_ALG_SHA_224`.
    pub const SHA_224: Algorithm = Algorithm(0x0200_0008);
    /// `PSA_ALG_SHA_256`.
    pub const SHA_256: Algorithm = Algorithm(0x0200_0009);
    /// `PSA_ALG_SHA_384`.
    pub const SHA_384: Algorithm = Algorithm(0x0200_000a);
    /// `PSA_ALG_SHA_512`.
    pub const SHA_512: Algorithm = Algorithm(0x0200_000b);
    /// `PSA_ALG_SHA3_256` (recognised, not implemented by the built-in).
    pub const SHA3_256: Algorithm = Algorithm(0x0200_0011);
    /// `PSA_ALG_ANY_HASH`: a wildcard, valid only in policies and capabilities.
    pub const ANY_HASH: Algorithm = Algorithm(0x0200_00ff);
    /// `PSA_ALG_CBC_MAC`.
    pub const CBC_MAC: Algorithm = Algorithm(0x03c0_0100);
    /// `PSA_ALG_CMAC`.
    pub const CMAC: Algorithm = Algorithm(0x03c0_0200);
    /// `PSA_ALG_STREAM_CIPHER` (ChaCha20).
    pub const STREAM_CIPHER: Algorithm = Algorithm(0x0480_0100);
    /// `PSA_ALG_CTR`.
    pub const CTR: Algorithm = Algorithm(0x04c0_1000);
    /// `PSA_ALG_CFB`.
    pub const CFB: Algorithm = Algorithm(0x04c0_1100);
    /// `PSA_ALG_OFB`.
    pub const OFB: Algorithm = Algorithm(0x04c0_1200);
    /// `PSA_ALG_XTS`.
    pub const XTS: Algorithm = Algorithm(0x0440_ff00);
    /// `PSA_ALG_ECB_NO_PADDING`.
    pub const ECB_NO_PADDING: Algorithm = Algorithm(0x0440_4400);
    /// `PSA_ALG_CBC_NO_PADDING`.
    pub const CBC_NO_PADDING: Algorithm = Algorithm(0x0440_4000);
    /// `PSA_ALG_CBC_PKCS7`.
    pub const CBC_PKCS7: Algorithm = Algorithm(0x0440_4100);
    /// `PSA_ALG_CCM`.
    pub const CCM: Algorithm = Algorithm(0x0550_0100);
    /// `PSA_ALG_GCM`.
    pub const GCM: Algorithm = Algorithm(0x0550_0200);
    /// `PSA_ALG_CHACHA20_POLY1305`.
    pub const CHACHA20_POLY1305: Algorithm = Algorithm(0x0510_0500);
    /// `PSA_ALG_ECDSA_ANY`: ECDSA without hashing (raw, any input length).
    pub const ECDSA_ANY: Algorithm = Algorithm(ECDSA_BASE);
    /// `PSA_ALG_ECDH`: raw elliptic-curve Diffie-Hellman.
    pub const ECDH: Algorithm = Algorithm(0x0902_0000);
    /// `PSA_ALG_FFDH`: raw finite-field Diffie-Hellman.
    pub const FFDH: Algorithm = Algorithm(0x0901_0000);
    /// `PSA_ALG_PBKDF2_AES_CMAC_PRF_128`: PBKDF2 with AES-CMAC-PRF-128 (RFC 4615) as its PRF.
    pub const PBKDF2_AES_CMAC_PRF_128: Algorithm = Algorithm(0x0880_0200);
    /// `PSA_ALG_PURE_EDDSA`: EdDSA over the whole message (Ed25519, Ed448 without
    /// context), for `sign_message` / `verify_message` only.
    pub const PURE_EDDSA: Algorithm = Algorithm(0x0600_0800);
    /// `PSA_ALG_ED25519PH`: HashEdDSA on Edwards25519 with SHA-512 (Ed25519ph).
    pub const ED25519PH: Algorithm = Algorithm(0x0600_090b);
    /// `PSA_ALG_ED448PH`: HashEdDSA on Edwards448 with SHAKE256 (64 bytes) (Ed448ph).
    pub const ED448PH: Algorithm = Algorithm(0x0600_0915);

    /// `PSA_ALG_HMAC(hash)`.
    pub const fn hmac(hash: Algorithm) -> Algorithm {
        Algorithm(HMAC_BASE | (hash.0 & HASH_MASK))
    }
    /// `PSA_ALG_ECDSA(hash)`: randomized ECDSA (hash may be `ANY_HASH` in a policy).
    pub const fn ecdsa(hash: Algorithm) -> Algorithm {
        Algorithm(ECDSA_BASE | (hash.0 & HASH_MASK))
    }
    /// `PSA_ALG_DETERMINISTIC_ECDSA(hash)` (RFC 6979).
    pub const fn deterministic_ecdsa(hash: Algorithm) -> Algorithm {
        Algorithm(DETERMINISTIC_ECDSA_BASE | (hash.0 & HASH_MASK))
    }
    /// `PSA_ALG_HKDF(hash)`.
    pub const fn hkdf(hash: Algorithm) -> Algorithm {
        Algorithm(HKDF_BASE | (hash.0 & HASH_MASK))
    }
    /// `PSA_ALG_PBKDF2_HMAC(hash)`.
    pub const fn pbkdf2_hmac(hash: Algorithm) -> Algorithm {
        Algorithm(PBKDF2_HMAC_BASE | (hash.0 & HASH_MASK))
    }
    /// `PSA_ALG_KEY_AGREEMENT(ka, kdf)`: a raw key agreement followed by a key derivation.
    pub const fn key_agreement(raw: Algorithm, kdf: Algorithm) -> Algorithm {
        Algorithm(raw.0 | kdf.0)
    }
    /// `PSA_ALG_TRUNCATED_MAC(mac, length)`: a MAC truncated to `length` bytes (1..=63).
    pub const fn truncated_mac(mac: Algorithm, length: u8) -> Algorithm {
        Algorithm(
            (mac.0 & !(MAC_TRUNCATION_MASK | AT_LEAST_THIS_LENGTH_FLAG))
                | (((length as u32) << MAC_TRUNCATION_OFFSET) & MAC_TRUNCATION_MASK),
        )
    }
    /// `PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(mac, length)`: a policy wildcard for MACs of at least
    /// `length` bytes.
    pub const fn at_least_this_length_mac(mac: Algorithm, length: u8) -> Algorithm {
        Algorithm(Algorithm::truncated_mac(mac, length).0 | AT_LEAST_THIS_LENGTH_FLAG)
    }
    /// `PSA_ALG_AEAD_WITH_SHORTENED_TAG(aead, length)`.
    pub const fn aead_with_shortened_tag(aead: Algorithm, length: u8) -> Algorithm {
        Algorithm(
            (aead.0 & !(AEAD_TAG_LENGTH_MASK | AT_LEAST_THIS_LENGTH_FLAG))
                | (((length as u32) << MAC_TRUNCATION_OFFSET) & AEAD_TAG_LENGTH_MASK),
        )
    }
    /// `PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(aead, length)`: a policy wildcard.
    pub const fn aead_with_at_least_this_length_tag(aead: Algorithm, length: u8) -> Algorithm {
        Algorithm(Algorithm::aead_with_shortened_tag(aead, length).0 | AT_LEAST_THIS_LENGTH_FLAG)
    }

    /// The raw value.
    pub const fn value(self) -> u32 {
        self.0
    }
    /// Whether the vendor flag (bit 31) is set.
    pub const fn is_vendor_defined(self) -> bool {
        self.0 & VENDOR_FLAG != 0
    }
    const fn category(self) -> u32 {
        self.0 & CATEGORY_MASK
    }
    /// `PSA_ALG_IS_HASH`.
    pub const fn is_hash(self) -> bool {
        self.category() == CAT_HASH
    }
    /// `PSA_ALG_IS_MAC`.
    pub const fn is_mac(self) -> bool {
        self.category() == CAT_MAC
    }
    /// `PSA_ALG_IS_HMAC`.
    pub const fn is_hmac(self) -> bool {
        self.0 & (CATEGORY_MASK | MAC_SUBCATEGORY_MASK) == HMAC_BASE
    }
    /// `PSA_ALG_IS_BLOCK_CIPHER_MAC` (CBC-MAC, CMAC).
    pub const fn is_block_cipher_mac(self) -> bool {
        self.0 & (CATEGORY_MASK | MAC_SUBCATEGORY_MASK) == 0x03c0_0000
    }
    /// `PSA_ALG_IS_CIPHER`: an unauthenticated cipher.
    pub const fn is_cipher(self) -> bool {
        self.category() == CAT_CIPHER
    }
    /// `PSA_ALG_IS_STREAM_CIPHER`.
    pub const fn is_stream_cipher(self) -> bool {
        self.0 & (CATEGORY_MASK | CIPHER_STREAM_FLAG) == CAT_CIPHER | CIPHER_STREAM_FLAG
    }
    /// `PSA_ALG_IS_AEAD`.
    pub const fn is_aead(self) -> bool {
        self.category() == CAT_AEAD
    }
    /// `PSA_ALG_IS_SIGN`.
    pub const fn is_sign(self) -> bool {
        self.category() == CAT_SIGN
    }
    /// `PSA_ALG_IS_ASYMMETRIC_ENCRYPTION`.
    pub const fn is_asymmetric_encryption(self) -> bool {
        self.category() == CAT_ASYMMETRIC_ENCRYPTION
    }
    /// `PSA_ALG_IS_KEY_DERIVATION`.
    pub const fn is_key_derivation(self) -> bool {
        self.category() == CAT_KEY_DERIVATION
    }
    /// `PSA_ALG_IS_KEY_AGREEMENT` (raw or combined with a KDF).
    pub const fn is_key_agreement(self) -> bool {
        self.category() == CAT_KEY_AGREEMENT
    }
    /// `PSA_ALG_IS_RAW_KEY_AGREEMENT`.
    pub const fn is_raw_key_agreement(self) -> bool {
        self.is_key_agreement() && self.0 & KDF_MASK & !CATEGORY_MASK == 0
    }
    /// `PSA_ALG_KEY_AGREEMENT_GET_BASE`: the raw key agreement part.
    pub const fn key_agreement_base(self) -> Algorithm {
        Algorithm(self.0 & KEY_AGREEMENT_MASK)
    }
    /// `PSA_ALG_KEY_AGREEMENT_GET_KDF`: the key derivation part.
    pub const fn key_agreement_kdf(self) -> Algorithm {
        Algorithm((self.0 & KDF_MASK & !CATEGORY_MASK) | CAT_KEY_DERIVATION)
    }
    /// `PSA_ALG_IS_ECDH`.
    pub const fn is_ecdh(self) -> bool {
        self.0 & KEY_AGREEMENT_MASK == Algorithm::ECDH.0
    }
    /// `PSA_ALG_IS_ECDSA`: randomized or deterministic ECDSA.
    pub const fn is_ecdsa(self) -> bool {
        self.0 & !HASH_MASK & !0x100 == ECDSA_BASE
    }
    /// `PSA_ALG_IS_DETERMINISTIC_ECDSA`.
    pub const fn is_deterministic_ecdsa(self) -> bool {
        self.0 & !HASH_MASK == DETERMINISTIC_ECDSA_BASE
    }
    /// `PSA_ALG_IS_RANDOMIZED_ECDSA`.
    pub const fn is_randomized_ecdsa(self) -> bool {
        self.0 & !HASH_MASK == ECDSA_BASE
    }
    /// `PSA_ALG_IS_HASH_AND_SIGN`: a signature algorithm parametrised by a hash.
    pub const fn is_hash_and_sign(self) -> bool {
        self.is_ecdsa()
            || self.0 & !HASH_MASK == 0x0600_0200 // RSA PKCS#1 v1.5
            || self.0 & !HASH_MASK == 0x0600_0300 // RSA PSS
            || self.0 & !HASH_MASK == 0x0600_1300 // RSA PSS any salt
            || self.0 & !HASH_MASK == 0x0600_0900 // HashEdDSA
    }
    /// `PSA_ALG_IS_HASH_EDDSA`: HashEdDSA (Ed25519ph, Ed448ph).
    pub const fn is_hash_eddsa(self) -> bool {
        self.0 & !HASH_MASK == 0x0600_0900
    }
    /// `PSA_ALG_IS_SIGN_MESSAGE`: usable with `sign_message` / `verify_message` (every
    /// `sign_hash` algorithm, and `PURE_EDDSA`).
    pub const fn is_sign_message(self) -> bool {
        self.is_sign_hash() || self.0 == Algorithm::PURE_EDDSA.0
    }
    /// `PSA_ALG_IS_SIGN_HASH`: usable with `sign_hash` / `verify_hash`.
    pub const fn is_sign_hash(self) -> bool {
        self.is_hash_and_sign()
    }
    /// `PSA_ALG_IS_HKDF`.
    pub const fn is_hkdf(self) -> bool {
        self.0 & !HASH_MASK == HKDF_BASE
    }
    /// `PSA_ALG_IS_PBKDF2_HMAC`.
    pub const fn is_pbkdf2_hmac(self) -> bool {
        self.0 & !HASH_MASK == PBKDF2_HMAC_BASE
    }
    /// PBKDF2 with any PRF: `PBKDF2_HMAC(hash)` or `PBKDF2_AES_CMAC_PRF_128`.
    pub const fn is_pbkdf2(self) -> bool {
        self.is_pbkdf2_hmac() || self.0 == Algorithm::PBKDF2_AES_CMAC_PRF_128.0
    }
    /// The hash a hash-and-sign, HMAC or HKDF algorithm uses (`PSA_ALG_GET_HASH`);
    /// `NONE` where there is none (e.g. `ECDSA_ANY`). May be `ANY_HASH` for a wildcard.
    pub const fn hash(self) -> Algorithm {
        if self.0 & HASH_MASK == 0 {
            Algorithm::NONE
        } else {
            Algorithm(CAT_HASH | (self.0 & HASH_MASK))
        }
    }
    /// Whether this is a policy wildcard (`ANY_HASH` inside, or an at-least-this-length MAC/AEAD).
    pub const fn is_wildcard(self) -> bool {
        if (self.is_mac() || self.is_aead()) && self.0 & AT_LEAST_THIS_LENGTH_FLAG != 0 {
            return true;
        }
        if self.is_hash_and_sign() || self.is_hkdf() || self.is_hmac() {
            return self.0 & HASH_MASK == HASH_MASK;
        }
        self.0 == Algorithm::ANY_HASH.0
    }
    /// The digest length of a hash algorithm (`PSA_HASH_LENGTH`), 0 if unknown.
    pub const fn hash_length(self) -> usize {
        match self.0 {
            0x0200_0003 => 16,
            0x0200_0005 => 20,
            0x0200_0008 => 28,
            0x0200_0009 => 32,
            0x0200_000a => 48,
            0x0200_000b => 64,
            0x0200_000c => 28,
            0x0200_000d => 32,
            0x0200_0010 => 28,
            0x0200_0011 => 32,
            0x0200_0012 => 48,
            0x0200_0013 => 64,
            0x0200_0015 => 64, // SHAKE256_512 (Ed448ph's prehash)
            _ => 0,
        }
    }
    /// The block size of a hash algorithm (`PSA_HASH_BLOCK_LENGTH`), 0 if unknown.
    pub const fn hash_block_length(self) -> usize {
        match self.0 {
            0x0200_0003 | 0x0200_0005 | 0x0200_0008 | 0x0200_0009 => 64,
            0x0200_000a..=0x0200_000d => 128,
            _ => 0,
        }
    }
    /// `PSA_ALG_FULL_LENGTH_MAC`: the MAC without truncation.
    pub const fn full_length_mac(self) -> Algorithm {
        Algorithm(self.0 & !(MAC_TRUNCATION_MASK | AT_LEAST_THIS_LENGTH_FLAG))
    }
    /// The truncation length of a MAC in bytes, 0 for the full length.
    pub const fn mac_truncation(self) -> usize {
        ((self.0 & MAC_TRUNCATION_MASK) >> MAC_TRUNCATION_OFFSET) as usize
    }
    /// `PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG`: the AEAD with its default tag length.
    pub const fn aead_default(self) -> Algorithm {
        // The tag length lives in the encoding: GCM is 0x05500200, i.e. 16 bytes.
        let base = self.0 & !(AEAD_TAG_LENGTH_MASK | AT_LEAST_THIS_LENGTH_FLAG);
        match base {
            0x0500_0100 => Algorithm::CCM,
            0x0500_0200 => Algorithm::GCM,
            0x0500_0500 => Algorithm::CHACHA20_POLY1305,
            _ => Algorithm(base | (16 << MAC_TRUNCATION_OFFSET)),
        }
    }
    /// The tag length encoded in an AEAD algorithm (`PSA_ALG_AEAD_GET_TAG_LENGTH`).
    pub const fn aead_tag_length(self) -> usize {
        ((self.0 & AEAD_TAG_LENGTH_MASK) >> MAC_TRUNCATION_OFFSET) as usize
    }

    /// Whether a key whose policy names `self` may be used for `requested`
    /// (`psa_key_algorithm_permits` in the spec).
    ///
    /// - equal algorithms match;
    /// - a hash-and-sign, HMAC or HKDF policy with `ANY_HASH` matches the same algorithm with
    ///   any specific hash (`ECDSA(ANY_HASH)` permits `ECDSA(SHA_256)`);
    /// - an at-least-this-length MAC or AEAD policy matches the same algorithm with a tag at
    ///   least that long;
    /// - a raw key agreement policy permits that agreement combined with any KDF.
    pub const fn permits(self, requested: Algorithm) -> bool {
        let policy = self;
        if policy.0 == requested.0 {
            return policy.0 != 0;
        }
        if requested.is_wildcard() {
            return false;
        }
        if (policy.is_hash_and_sign() && requested.is_hash_and_sign())
            || (policy.is_hkdf() && requested.is_hkdf())
        {
            return policy.0 & HASH_MASK == HASH_MASK
                && requested.0 & HASH_MASK != 0
                && policy.0 & !HASH_MASK == requested.0 & !HASH_MASK;
        }
        if policy.is_mac() && requested.is_mac() && policy.0 & AT_LEAST_THIS_LENGTH_FLAG != 0 {
            return policy.full_length_mac().0 == requested.full_length_mac().0
                && (requested.mac_truncation() == 0
                    || requested.mac_truncation() >= policy.mac_truncation());
        }
        if policy.is_aead() && requested.is_aead() && policy.0 & AT_LEAST_THIS_LENGTH_FLAG != 0 {
            return policy.aead_default().0 == requested.aead_default().0
                && requested.aead_tag_length() >= policy.aead_tag_length();
        }
        if policy.is_raw_key_agreement() && requested.is_key_agreement() {
            return requested.key_agreement_base().0 == policy.0;
        }
        // `PSA_ALG_CCM_STAR_ANY_TAG` (PSA Crypto API 1.2): CCM with any tag length, and
        // `PSA_ALG_CCM_STAR_NO_TAG`.
        if policy.0 == CCM_STAR_ANY_TAG {
            return (requested.is_aead() && requested.aead_default().0 == Algorithm::CCM.0)
                || requested.0 == CCM_STAR_NO_TAG;
        }
        false
    }

    /// The PSA name, e.g. `ECDSA(SHA_256)`; `None` for values without one.
    fn write_name(self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hash_name = |h: Algorithm| match h.0 & HASH_MASK {
            0x03 => "MD5",
            0x05 => "SHA_1",
            0x08 => "SHA_224",
            0x09 => "SHA_256",
            0x0a => "SHA_384",
            0x0b => "SHA_512",
            0x11 => "SHA3_256",
            0xff => "ANY_HASH",
            _ => "?",
        };
        let simple = match self {
            Algorithm::NONE => Some("NONE"),
            Algorithm::CBC_MAC => Some("CBC_MAC"),
            Algorithm::CMAC => Some("CMAC"),
            Algorithm::STREAM_CIPHER => Some("STREAM_CIPHER"),
            Algorithm::CTR => Some("CTR"),
            Algorithm::CFB => Some("CFB"),
            Algorithm::OFB => Some("OFB"),
            Algorithm::XTS => Some("XTS"),
            Algorithm::ECB_NO_PADDING => Some("ECB_NO_PADDING"),
            Algorithm::CBC_NO_PADDING => Some("CBC_NO_PADDING"),
            Algorithm::CBC_PKCS7 => Some("CBC_PKCS7"),
            Algorithm::CCM => Some("CCM"),
            Algorithm::GCM => Some("GCM"),
            Algorithm::CHACHA20_POLY1305 => Some("CHACHA20_POLY1305"),
            Algorithm::ECDSA_ANY => Some("ECDSA_ANY"),
            Algorithm::ECDH => Some("ECDH"),
            Algorithm::FFDH => Some("FFDH"),
            Algorithm::PBKDF2_AES_CMAC_PRF_128 => Some("PBKDF2_AES_CMAC_PRF_128"),
            Algorithm::PURE_EDDSA => Some("PURE_EDDSA"),
            Algorithm::ED25519PH => Some("ED25519PH"),
            Algorithm::ED448PH => Some("ED448PH"),
            _ => None,
        };
        if let Some(s) = simple {
            return f.write_str(s);
        }
        if self.is_hash() && hash_name(self) != "?" {
            return f.write_str(hash_name(self));
        }
        let wrapped = if self.is_randomized_ecdsa() {
            Some("ECDSA")
        } else if self.is_deterministic_ecdsa() {
            Some("DETERMINISTIC_ECDSA")
        } else if self.is_hmac() && self.mac_truncation() == 0 {
            Some("HMAC")
        } else if self.is_hkdf() {
            Some("HKDF")
        } else if self.is_pbkdf2_hmac() {
            Some("PBKDF2_HMAC")
        } else {
            None
        };
        match wrapped {
            Some(w) if hash_name(self) != "?" => write!(f, "{w}({})", hash_name(self)),
            _ => write!(f, "{:#010x}", self.0),
        }
    }
}

impl fmt::Debug for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_name(f)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_name(f)
    }
}

/// `PSA_ALG_CCM_STAR_ANY_TAG`: the policy for CCM with any tag and CCM* without one.
const CCM_STAR_ANY_TAG: u32 = 0x04c0_9300;
/// `PSA_ALG_CCM_STAR_NO_TAG`.
const CCM_STAR_NO_TAG: u32 = 0x04c0_1300;

#[cfg(test)]
mod tests {
    use super::*;

    /// `PURE_EDDSA` signs messages only; HashEdDSA signs hashes and messages (the spec's
    /// `PSA_ALG_IS_SIGN_MESSAGE` / `PSA_ALG_IS_SIGN_HASH`).
    #[test]
    fn eddsa_categories() {
        assert!(Algorithm::PURE_EDDSA.is_sign());
        assert!(Algorithm::PURE_EDDSA.is_sign_message());
        assert!(!Algorithm::PURE_EDDSA.is_sign_hash());
        assert_eq!(Algorithm::PURE_EDDSA.hash(), Algorithm::NONE);
        for ph in [Algorithm::ED25519PH, Algorithm::ED448PH] {
            assert!(ph.is_hash_eddsa() && ph.is_sign_hash() && ph.is_sign_message());
            assert!(!ph.is_wildcard());
        }
        assert_eq!(Algorithm::ED25519PH.hash(), Algorithm::SHA_512);
        assert_eq!(Algorithm::ED448PH.hash().hash_length(), 64);
        assert!(!Algorithm::ecdsa(Algorithm::SHA_256).is_hash_eddsa());
    }

    #[test]
    fn encodings_match_the_spec() {
        assert_eq!(Algorithm::hmac(Algorithm::SHA_256).0, 0x0380_0009);
        assert_eq!(Algorithm::ecdsa(Algorithm::SHA_256).0, 0x0600_0609);
        assert_eq!(Algorithm::ecdsa(Algorithm::ANY_HASH).0, 0x0600_06ff);
        assert_eq!(
            Algorithm::deterministic_ecdsa(Algorithm::SHA_256).0,
            0x0600_0709
        );
        assert_eq!(Algorithm::hkdf(Algorithm::SHA_256).0, 0x0800_0109);
        assert_eq!(
            Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)).0,
            0x0902_0109
        );
    }

    #[test]
    fn predicates() {
        let det = Algorithm::deterministic_ecdsa(Algorithm::SHA_384);
        let rnd = Algorithm::ecdsa(Algorithm::SHA_384);
        assert!(det.is_ecdsa() && det.is_deterministic_ecdsa() && !det.is_randomized_ecdsa());
        assert!(rnd.is_ecdsa() && rnd.is_randomized_ecdsa() && !rnd.is_deterministic_ecdsa());
        assert_eq!(det.hash(), Algorithm::SHA_384);
        assert!(Algorithm::ECDH.is_raw_key_agreement());
        let combined =
            Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256));
        assert!(combined.is_key_agreement() && !combined.is_raw_key_agreement());
        assert!(combined.is_ecdh());
        assert_eq!(
            combined.key_agreement_kdf(),
            Algorithm::hkdf(Algorithm::SHA_256)
        );
        assert!(Algorithm::hmac(Algorithm::SHA_256).is_hmac());
        assert!(!Algorithm::CMAC.is_hmac() && Algorithm::CMAC.is_block_cipher_mac());
        assert!(Algorithm::CTR.is_stream_cipher() && !Algorithm::CBC_PKCS7.is_stream_cipher());
        assert!(Algorithm::GCM.is_aead() && Algorithm(0x8000_0001).is_vendor_defined());
    }

    #[test]
    fn policy_wildcards_follow_the_spec() {
        let any = Algorithm::ecdsa(Algorithm::ANY_HASH);
        assert!(any.permits(Algorithm::ecdsa(Algorithm::SHA_256)));
        assert!(any.permits(Algorithm::ecdsa(Algorithm::SHA_512)));
        // The wildcard keeps the ECDSA flavour.
        assert!(!any.permits(Algorithm::deterministic_ecdsa(Algorithm::SHA_256)));
        assert!(
            Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH)
                .permits(Algorithm::deterministic_ecdsa(Algorithm::SHA_256))
        );
        // A wildcard request is only matched by the identical policy (the front-end rejects
        // wildcard requests before policy checks).
        assert!(!Algorithm::ecdsa(Algorithm::SHA_256).permits(any));
        assert!(
            !Algorithm::ecdsa(Algorithm::SHA_256).permits(Algorithm::ecdsa(Algorithm::SHA_384))
        );
        assert!(!Algorithm::ecdsa(Algorithm::SHA_256).permits(any));
        assert!(!Algorithm::NONE.permits(Algorithm::NONE));
        // MAC length wildcards.
        let hmac = Algorithm::hmac(Algorithm::SHA_256);
        let at_least_16 = Algorithm::at_least_this_length_mac(hmac, 16);
        assert!(at_least_16.permits(hmac));
        assert!(at_least_16.permits(Algorithm::truncated_mac(hmac, 20)));
        assert!(!at_least_16.permits(Algorithm::truncated_mac(hmac, 8)));
        assert!(at_least_16.is_wildcard() && !hmac.is_wildcard());
        assert!(Algorithm::hmac(Algorithm::ANY_HASH).is_wildcard());
        // Key agreement.
        let ecdh_hkdf =
            Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256));
        assert!(Algorithm::ECDH.permits(ecdh_hkdf));
        assert!(!ecdh_hkdf.permits(Algorithm::ECDH));
    }

    #[test]
    fn aead_tag_lengths() {
        assert_eq!(Algorithm::GCM.aead_tag_length(), 16);
        assert_eq!(Algorithm::CHACHA20_POLY1305.aead_tag_length(), 16);
        let short = Algorithm::aead_with_shortened_tag(Algorithm::GCM, 12);
        assert_eq!(short.aead_tag_length(), 12);
        assert_eq!(short.aead_default(), Algorithm::GCM);
        let policy = Algorithm::aead_with_at_least_this_length_tag(Algorithm::GCM, 12);
        assert!(policy.permits(short) && policy.permits(Algorithm::GCM));
        assert!(!policy.permits(Algorithm::aead_with_shortened_tag(Algorithm::GCM, 8)));
        let ccm_star_any = Algorithm(CCM_STAR_ANY_TAG);
        assert!(ccm_star_any.permits(Algorithm::CCM));
        assert!(ccm_star_any.permits(Algorithm::aead_with_shortened_tag(Algorithm::CCM, 4)));
        assert!(ccm_star_any.permits(Algorithm(CCM_STAR_NO_TAG)));
        assert!(!ccm_star_any.permits(Algorithm::GCM));
    }

    #[test]
    fn names() {
        extern crate std;
        use std::format;
        assert_eq!(
            format!("{}", Algorithm::ecdsa(Algorithm::SHA_256)),
            "ECDSA(SHA_256)"
        );
        assert_eq!(
            format!("{}", Algorithm::ecdsa(Algorithm::ANY_HASH)),
            "ECDSA(ANY_HASH)"
        );
        assert_eq!(
            format!("{}", Algorithm::deterministic_ecdsa(Algorithm::SHA_384)),
            "DETERMINISTIC_ECDSA(SHA_384)"
        );
        assert_eq!(format!("{}", Algorithm::ECDH), "ECDH");
        assert_eq!(format!("{}", Algorithm::PURE_EDDSA), "PURE_EDDSA");
        assert_eq!(format!("{}", Algorithm::ED25519PH), "ED25519PH");
        assert_eq!(format!("{}", Algorithm(0x8000_0001)), "0x80000001");
    }
}
