//! PAKE types (PSA Certified Crypto API 1.2 PAKE extension, final): cipher suites, roles,
//! steps, the algorithm and key-type identifiers, and what a driver's `pake_setup` receives.
//!
//! The 1.2 final API differs from the 1.1 beta that Mbed TLS 3.6 implements: the password key
//! is an argument of `psa_pake_setup` (no `psa_pake_set_password_key`), the hash is part of the
//! algorithm (`PSA_ALG_JPAKE(hash)`, no `psa_pake_cs_set_hash`), the cipher suite carries the
//! key-confirmation choice, and the result is a key from `psa_pake_get_shared_key` (no
//! `psa_pake_get_implicit_key` into a key derivation). This crate follows the final API.

use crate::{Algorithm, EccFamily, KeyType};

const CAT_PAKE: u32 = 0x0a00_0000;
const PAKE_TYPE_MASK: u32 = 0xffff_ff00;
const JPAKE_BASE: u32 = 0x0a00_0100;
const SPAKE2P_HMAC_BASE: u32 = 0x0a00_0400;
const SPAKE2P_CMAC_BASE: u32 = 0x0a00_0500;

impl Algorithm {
    /// `PSA_ALG_SPAKE2P_MATTER`: SPAKE2+ as Matter uses it (P-256, SHA-256, HMAC-SHA-256).
    pub const SPAKE2P_MATTER: Algorithm = Algorithm(0x0a00_0609);

    /// `PSA_ALG_JPAKE(hash)`: EC J-PAKE (RFC 8236) with `hash` for its zero-knowledge proofs.
    pub const fn jpake(hash: Algorithm) -> Algorithm {
        Algorithm(JPAKE_BASE | (hash.0 & 0xff))
    }
    /// `PSA_ALG_SPAKE2P_HMAC(hash)`: SPAKE2+ (RFC 9383) with HKDF and HMAC over `hash`.
    pub const fn spake2p_hmac(hash: Algorithm) -> Algorithm {
        Algorithm(SPAKE2P_HMAC_BASE | (hash.0 & 0xff))
    }
    /// `PSA_ALG_SPAKE2P_CMAC(hash)`: SPAKE2+ with HKDF over `hash` and CMAC-AES-128.
    pub const fn spake2p_cmac(hash: Algorithm) -> Algorithm {
        Algorithm(SPAKE2P_CMAC_BASE | (hash.0 & 0xff))
    }
    /// `PSA_ALG_IS_PAKE`.
    pub const fn is_pake(self) -> bool {
        self.0 & 0x7f00_0000 == CAT_PAKE
    }
    /// `PSA_ALG_IS_JPAKE`.
    pub const fn is_jpake(self) -> bool {
        self.0 & PAKE_TYPE_MASK == JPAKE_BASE
    }
    /// `PSA_ALG_IS_SPAKE2P` (HMAC, CMAC or Matter).
    pub const fn is_spake2p(self) -> bool {
        let base = self.0 & PAKE_TYPE_MASK;
        base == SPAKE2P_HMAC_BASE || base == SPAKE2P_CMAC_BASE || self.0 == Self::SPAKE2P_MATTER.0
    }
    /// The hash a PAKE algorithm is built on (`PSA_ALG_GET_HASH`), or `NONE`.
    pub const fn pake_hash(self) -> Algorithm {
        if !self.is_pake() || self.0 & 0xff == 0 {
            return Algorithm::NONE;
        }
        Algorithm(0x0200_0000 | (self.0 & 0xff))
    }
}

impl KeyType {
    /// `PSA_KEY_TYPE_SPAKE2P_KEY_PAIR(curve)`: a SPAKE2+ prover's (or verifier's) key, `w0‖w1`.
    pub const fn spake2p_key_pair(family: EccFamily) -> KeyType {
        KeyType(0x7400 | family.0 as u16)
    }
    /// `PSA_KEY_TYPE_SPAKE2P_PUBLIC_KEY(curve)`: a SPAKE2+ verifier's registration record,
    /// `w0‖L` with `L` an uncompressed point.
    pub const fn spake2p_public_key(family: EccFamily) -> KeyType {
        KeyType(0x4400 | family.0 as u16)
    }
    /// `PSA_KEY_TYPE_IS_SPAKE2P`.
    pub const fn is_spake2p(self) -> bool {
        self.0 & 0xcf00 == 0x4400
    }
}

/// `psa_pake_primitive_type_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PakePrimitiveType(pub u8);

impl PakePrimitiveType {
    /// `PSA_PAKE_PRIMITIVE_TYPE_ECC`: an elliptic-curve group.
    pub const ECC: PakePrimitiveType = PakePrimitiveType(0x01);
    /// `PSA_PAKE_PRIMITIVE_TYPE_DH`: a finite-field Diffie-Hellman group.
    pub const DH: PakePrimitiveType = PakePrimitiveType(0x02);
}

/// `psa_pake_primitive_t`: the group a PAKE runs in (type, family, size in bits), encoded as
/// `PSA_PAKE_PRIMITIVE(type, family, bits)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PakePrimitive(pub u32);

impl PakePrimitive {
    /// `PSA_PAKE_PRIMITIVE(type, family, bits)` (0, the invalid primitive, if `bits` does not
    /// fit in 16 bits).
    pub const fn new(kind: PakePrimitiveType, family: u8, bits: usize) -> PakePrimitive {
        if bits > 0xffff {
            return PakePrimitive(0);
        }
        PakePrimitive((kind.0 as u32) << 24 | (family as u32) << 16 | bits as u32)
    }
    /// An elliptic-curve primitive: `PSA_PAKE_PRIMITIVE(PSA_PAKE_PRIMITIVE_TYPE_ECC, family, bits)`.
    pub const fn ecc(family: EccFamily, bits: usize) -> PakePrimitive {
        Self::new(PakePrimitiveType::ECC, family.0, bits)
    }
    /// `PSA_PAKE_PRIMITIVE_GET_TYPE`.
    pub const fn kind(self) -> PakePrimitiveType {
        PakePrimitiveType((self.0 >> 24) as u8)
    }
    /// `PSA_PAKE_PRIMITIVE_GET_FAMILY`.
    pub const fn family(self) -> u8 {
        (self.0 >> 16) as u8
    }
    /// `PSA_PAKE_PRIMITIVE_GET_BITS`.
    pub const fn bits(self) -> usize {
        (self.0 & 0xffff) as usize
    }
}

/// `PSA_PAKE_CONFIRMED_KEY` / `PSA_PAKE_UNCONFIRMED_KEY`: whether the shared key is read after
/// the key-confirmation steps (the default) or before them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PakeKeyConfirmation {
    /// `PSA_PAKE_CONFIRMED_KEY` (0).
    #[default]
    Confirmed,
    /// `PSA_PAKE_UNCONFIRMED_KEY` (1).
    Unconfirmed,
}

/// `psa_pake_cipher_suite_t`: the algorithm, the primitive and the key confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PakeCipherSuite {
    /// `psa_pake_cs_get_algorithm`.
    pub algorithm: Algorithm,
    /// `psa_pake_cs_get_primitive`.
    pub primitive: PakePrimitive,
    /// `psa_pake_cs_get_key_confirmation`.
    pub key_confirmation: PakeKeyConfirmation,
}

impl PakeCipherSuite {
    /// A cipher suite with a confirmed key.
    pub const fn new(algorithm: Algorithm, primitive: PakePrimitive) -> PakeCipherSuite {
        PakeCipherSuite {
            algorithm,
            primitive,
            key_confirmation: PakeKeyConfirmation::Confirmed,
        }
    }
    /// This suite with `key_confirmation`.
    pub const fn with_key_confirmation(mut self, key_confirmation: PakeKeyConfirmation) -> Self {
        self.key_confirmation = key_confirmation;
        self
    }
}

/// `psa_pake_role_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct PakeRole(pub u8);

impl PakeRole {
    /// `PSA_PAKE_ROLE_NONE`: the algorithm has no roles (J-PAKE).
    pub const NONE: PakeRole = PakeRole(0x00);
    /// `PSA_PAKE_ROLE_FIRST`.
    pub const FIRST: PakeRole = PakeRole(0x01);
    /// `PSA_PAKE_ROLE_SECOND`.
    pub const SECOND: PakeRole = PakeRole(0x02);
    /// `PSA_PAKE_ROLE_CLIENT`: the SPAKE2+ prover.
    pub const CLIENT: PakeRole = PakeRole(0x11);
    /// `PSA_PAKE_ROLE_SERVER`: the SPAKE2+ verifier.
    pub const SERVER: PakeRole = PakeRole(0x12);
}

/// `psa_pake_step_t`: which message an input or output step carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PakeStep {
    /// `PSA_PAKE_STEP_KEY_SHARE` (1).
    KeyShare,
    /// `PSA_PAKE_STEP_ZK_PUBLIC` (2).
    ZkPublic,
    /// `PSA_PAKE_STEP_ZK_PROOF` (3).
    ZkProof,
    /// `PSA_PAKE_STEP_CONFIRM` (4).
    Confirm,
}

impl PakeStep {
    /// The `psa_pake_step_t` value.
    pub const fn value(self) -> u8 {
        match self {
            PakeStep::KeyShare => 1,
            PakeStep::ZkPublic => 2,
            PakeStep::ZkProof => 3,
            PakeStep::Confirm => 4,
        }
    }
}

/// What a driver's `pake_setup` receives besides the password key (Mbed TLS's
/// `psa_crypto_driver_pake_inputs_t`): everything `psa_pake_setup` and the `psa_pake_set_*`
/// calls collected. Empty slices for ids and context that were not set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PakeInputs<'a> {
    /// The cipher suite given to `psa_pake_setup`.
    pub cipher_suite: PakeCipherSuite,
    /// `psa_pake_set_role` (`NONE` if not set).
    pub role: PakeRole,
    /// `psa_pake_set_user`: this party's identity.
    pub user: &'a [u8],
    /// `psa_pake_set_peer`: the other party's identity.
    pub peer: &'a [u8],
    /// `psa_pake_set_context`: the protocol context (SPAKE2+'s `Context`).
    pub context: &'a [u8],
}

/// The longest user id, peer id or context an operation holds (each is kept in the
/// operation object until the driver's setup; longer ones are `INSUFFICIENT_MEMORY`).
pub const PAKE_INPUT_CAPACITY: usize = 128;
