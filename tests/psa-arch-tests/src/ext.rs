//! PSA Crypto API values the cases' data name but `psa-core` does not define (yet): the
//! spec's encodings, so the tables carry the suite's exact data. Cases that use them are not
//! applicable until the core implements them.

use psa_core::{Algorithm, KeyType};

const HASH_MASK: u32 = 0xff;

/// `PSA_ALG_MD2`.
pub const ALG_MD2: Algorithm = Algorithm(0x0200_0001);
/// `PSA_ALG_MD4`.
pub const ALG_MD4: Algorithm = Algorithm(0x0200_0002);
/// `PSA_ALG_RIPEMD160`.
pub const ALG_RIPEMD160: Algorithm = Algorithm(0x0200_0004);
/// `PSA_ALG_AES_MMO_ZIGBEE`.
pub const ALG_AES_MMO_ZIGBEE: Algorithm = Algorithm(0x0200_0007);
/// `PSA_ALG_SHA_512_224`.
pub const ALG_SHA_512_224: Algorithm = Algorithm(0x0200_000c);
/// `PSA_ALG_SHA_512_256`.
pub const ALG_SHA_512_256: Algorithm = Algorithm(0x0200_000d);
/// `PSA_ALG_SHA3_224`.
pub const ALG_SHA3_224: Algorithm = Algorithm(0x0200_0010);
/// `PSA_ALG_SHA3_384`.
pub const ALG_SHA3_384: Algorithm = Algorithm(0x0200_0012);
/// `PSA_ALG_SHA3_512`.
pub const ALG_SHA3_512: Algorithm = Algorithm(0x0200_0013);
/// `PSA_ALG_RSA_PKCS1V15_SIGN_RAW`.
pub const ALG_RSA_PKCS1V15_SIGN_RAW: Algorithm = Algorithm(0x0600_0200);
/// `PSA_ALG_RSA_PKCS1V15_SIGN(hash)`.
pub const fn alg_rsa_pkcs1v15_sign(hash: Algorithm) -> Algorithm {
    Algorithm(0x0600_0200 | (hash.0 & HASH_MASK))
}
/// `PSA_ALG_RSA_PSS(hash)`.
pub const fn alg_rsa_pss(hash: Algorithm) -> Algorithm {
    Algorithm(0x0600_0300 | (hash.0 & HASH_MASK))
}
/// `PSA_ALG_RSA_PKCS1V15_CRYPT`.
pub const ALG_RSA_PKCS1V15_CRYPT: Algorithm = Algorithm(0x0700_0200);
/// `PSA_ALG_RSA_OAEP(hash)`.
pub const fn alg_rsa_oaep(hash: Algorithm) -> Algorithm {
    Algorithm(0x0700_0300 | (hash.0 & HASH_MASK))
}
/// `PSA_ALG_PURE_EDDSA`.
pub const ALG_PURE_EDDSA: Algorithm = Algorithm(0x0600_0800);
/// `PSA_ALG_ED25519PH`.
pub const ALG_ED25519PH: Algorithm = Algorithm(0x0600_090b);
/// `PSA_ALG_ED448PH`.
pub const ALG_ED448PH: Algorithm = Algorithm(0x0600_0915);
/// `PSA_ALG_CCM_STAR_NO_TAG`.
pub const ALG_CCM_STAR_NO_TAG: Algorithm = Algorithm(0x04c0_1300);
/// `PSA_ALG_CCM_STAR_ANY_TAG`.
pub const ALG_CCM_STAR_ANY_TAG: Algorithm = Algorithm(0x04c0_9300);
/// `PSA_ALG_XCHACHA20_POLY1305`.
pub const ALG_XCHACHA20_POLY1305: Algorithm = Algorithm(0x0510_0600);
/// `PSA_ALG_HKDF_EXTRACT(hash)`.
pub const fn alg_hkdf_extract(hash: Algorithm) -> Algorithm {
    Algorithm(0x0800_0400 | (hash.0 & HASH_MASK))
}
/// `PSA_ALG_HKDF_EXPAND(hash)`.
pub const fn alg_hkdf_expand(hash: Algorithm) -> Algorithm {
    Algorithm(0x0800_0500 | (hash.0 & HASH_MASK))
}
/// `PSA_ALG_TLS12_PRF(hash)`.
pub const fn alg_tls12_prf(hash: Algorithm) -> Algorithm {
    Algorithm(0x0800_0200 | (hash.0 & HASH_MASK))
}
/// `PSA_ALG_TLS12_PSK_TO_MS(hash)`.
pub const fn alg_tls12_psk_to_ms(hash: Algorithm) -> Algorithm {
    Algorithm(0x0800_0300 | (hash.0 & HASH_MASK))
}
/// `PSA_ALG_PBKDF2_HMAC(hash)`.
pub const fn alg_pbkdf2_hmac(hash: Algorithm) -> Algorithm {
    Algorithm(0x0880_0100 | (hash.0 & HASH_MASK))
}
/// `PSA_ALG_PBKDF2_AES_CMAC_PRF_128`.
pub const ALG_PBKDF2_AES_CMAC_PRF_128: Algorithm = Algorithm(0x0880_0200);
/// `PSA_ALG_SP800_108_COUNTER_HMAC(hash)`.
pub const fn alg_sp800_108_counter_hmac(hash: Algorithm) -> Algorithm {
    Algorithm(0x0800_0700 | (hash.0 & HASH_MASK))
}
/// `PSA_ALG_SP800_108_COUNTER_CMAC`.
pub const ALG_SP800_108_COUNTER_CMAC: Algorithm = Algorithm(0x0800_0800);

/// `PSA_KEY_TYPE_PASSWORD`.
pub const KEY_TYPE_PASSWORD: KeyType = KeyType(0x1203);
/// `PSA_KEY_TYPE_PASSWORD_HASH`.
pub const KEY_TYPE_PASSWORD_HASH: KeyType = KeyType(0x1205);
/// `PSA_KEY_TYPE_PEPPER`.
pub const KEY_TYPE_PEPPER: KeyType = KeyType(0x1206);
/// `PSA_KEY_TYPE_XCHACHA20`.
pub const KEY_TYPE_XCHACHA20: KeyType = KeyType(0x2007);
/// `PSA_DH_FAMILY_RFC7919`.
pub const DH_FAMILY_RFC7919: u8 = 0x03;
/// `PSA_KEY_TYPE_DH_KEY_PAIR(group)`.
pub const fn key_type_dh_key_pair(group: u8) -> KeyType {
    KeyType(0x7200 | group as u16)
}
/// `PSA_KEY_TYPE_DH_PUBLIC_KEY(group)`.
pub const fn key_type_dh_public_key(group: u8) -> KeyType {
    KeyType(0x4200 | group as u16)
}

/// Key-derivation input steps (`PSA_KEY_DERIVATION_INPUT_*`), by the spec's numbers, so a table
/// can name steps `psa_core::DerivationStep` has no variant for.
pub mod step {
    use psa_core::DerivationStep;

    /// `PSA_KEY_DERIVATION_INPUT_SECRET`.
    pub const SECRET: u16 = 0x0101;
    /// `PSA_KEY_DERIVATION_INPUT_PASSWORD`.
    pub const PASSWORD: u16 = 0x0102;
    /// `PSA_KEY_DERIVATION_INPUT_OTHER_SECRET`.
    pub const OTHER_SECRET: u16 = 0x0103;
    /// `PSA_KEY_DERIVATION_INPUT_LABEL`.
    pub const LABEL: u16 = 0x0201;
    /// `PSA_KEY_DERIVATION_INPUT_SALT`.
    pub const SALT: u16 = 0x0202;
    /// `PSA_KEY_DERIVATION_INPUT_INFO`.
    pub const INFO: u16 = 0x0203;
    /// `PSA_KEY_DERIVATION_INPUT_SEED`.
    pub const SEED: u16 = 0x0204;
    /// `PSA_KEY_DERIVATION_INPUT_COST`.
    pub const COST: u16 = 0x0205;
    /// `PSA_KEY_DERIVATION_INPUT_CONTEXT`.
    pub const CONTEXT: u16 = 0x0206;
    /// `SYS_ACS_KEY_DERIVATION_STEP_INVALID`: no step has this number.
    pub const INVALID: u16 = 0xffff;

    /// How a case can pass a step to the front-end.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum View {
        /// As this `DerivationStep`.
        Core(DerivationStep),
        /// A step the spec defines but `DerivationStep` lacks: the case needs this feature.
        Missing(crate::feature::Feature),
        /// No step has this number: a closed enum cannot carry it (not expressible).
        Undefined,
    }

    /// The view of a step number.
    pub const fn view(step: u16) -> View {
        use crate::feature::Feature;
        match to_core(step) {
            Some(s) => View::Core(s),
            None => match step {
                OTHER_SECRET => View::Missing(Feature::KdfOtherSecret),
                PASSWORD => View::Missing(Feature::KdfStepPassword),
                COST => View::Missing(Feature::KdfStepCost),
                CONTEXT => View::Missing(Feature::KdfStepContext),
                _ => View::Undefined,
            },
        }
    }

    /// The reason a case with an undefined step is not expressible.
    pub const UNDEFINED: &str =
        "`DerivationStep` is a closed enum: an undefined step cannot be passed";

    /// The front-end's name for a step, if it has one.
    pub const fn to_core(step: u16) -> Option<DerivationStep> {
        Some(match step {
            SECRET => DerivationStep::Secret,
            LABEL => DerivationStep::Label,
            SALT => DerivationStep::Salt,
            INFO => DerivationStep::Info,
            SEED => DerivationStep::Seed,
            _ => return None,
        })
    }
}
