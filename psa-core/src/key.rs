//! Key types, ECC families, lifetimes, usage flags, key ids and key attributes.

use core::fmt;

use crate::Algorithm;

/// An elliptic-curve family (`psa_ecc_family_t`).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct EccFamily(pub u8);

impl EccFamily {
    /// `PSA_ECC_FAMILY_SECP_K1` (secp256k1, …).
    pub const SECP_K1: EccFamily = EccFamily(0x17);
    /// `PSA_ECC_FAMILY_SECP_R1` (NIST P-192 … P-521).
    pub const SECP_R1: EccFamily = EccFamily(0x12);
    /// `PSA_ECC_FAMILY_SECP_R2`.
    pub const SECP_R2: EccFamily = EccFamily(0x1b);
    /// `PSA_ECC_FAMILY_SECT_K1`.
    pub const SECT_K1: EccFamily = EccFamily(0x27);
    /// `PSA_ECC_FAMILY_SECT_R1`.
    pub const SECT_R1: EccFamily = EccFamily(0x22);
    /// `PSA_ECC_FAMILY_SECT_R2`.
    pub const SECT_R2: EccFamily = EccFamily(0x2b);
    /// `PSA_ECC_FAMILY_BRAINPOOL_P_R1`.
    pub const BRAINPOOL_P_R1: EccFamily = EccFamily(0x30);
    /// `PSA_ECC_FAMILY_MONTGOMERY` (Curve25519, Curve448).
    pub const MONTGOMERY: EccFamily = EccFamily(0x41);
    /// `PSA_ECC_FAMILY_TWISTED_EDWARDS` (Edwards25519, Edwards448).
    pub const TWISTED_EDWARDS: EccFamily = EccFamily(0x42);
    /// Wildcard for driver capabilities: any family. Never a key's family.
    pub const ANY: EccFamily = EccFamily(0xff);

    /// Whether the family is a short Weierstrass curve family (`(family & 0xc0) == 0`).
    pub const fn is_weierstrass(self) -> bool {
        self.0 & 0xc0 == 0
    }

    /// The key sizes in bits of the curves of this family that the PSA spec defines;
    /// empty for unknown families.
    pub const fn curve_sizes(self) -> &'static [usize] {
        psa_catalogue::curve_sizes(self.0)
    }

    /// Whether the family has a curve of `bits` bits.
    pub const fn has_curve_size(self, bits: usize) -> bool {
        let sizes = self.curve_sizes();
        let mut i = 0;
        while i < sizes.len() {
            if sizes[i] == bits {
                return true;
            }
            i += 1;
        }
        false
    }

    /// The PSA name without prefix, e.g. `SECP_R1`.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x17 => "SECP_K1",
            0x12 => "SECP_R1",
            0x1b => "SECP_R2",
            0x27 => "SECT_K1",
            0x22 => "SECT_R1",
            0x2b => "SECT_R2",
            0x30 => "BRAINPOOL_P_R1",
            0x41 => "MONTGOMERY",
            0x42 => "TWISTED_EDWARDS",
            0xff => "_",
            _ => return None,
        })
    }
}

impl fmt::Debug for EccFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{:#04x}", self.0),
        }
    }
}

/// A key type (`psa_key_type_t`).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct KeyType(pub u16);

const KT_CATEGORY_MASK: u16 = 0x7000;
const KT_CATEGORY_RAW: u16 = 0x1000;
const KT_CATEGORY_SYMMETRIC: u16 = 0x2000;
const KT_CATEGORY_PUBLIC_KEY: u16 = 0x4000;
const KT_CATEGORY_KEY_PAIR: u16 = 0x7000;
const KT_CATEGORY_FLAG_PAIR: u16 = 0x3000;
const KT_ECC_PUBLIC_KEY_BASE: u16 = 0x4100;
const KT_ECC_KEY_PAIR_BASE: u16 = 0x7100;
const KT_ECC_CURVE_MASK: u16 = 0x00ff;

impl KeyType {
    /// `PSA_KEY_TYPE_NONE`.
    pub const NONE: KeyType = KeyType(0);
    /// `PSA_KEY_TYPE_RAW_DATA`.
    pub const RAW_DATA: KeyType = KeyType(0x1001);
    /// `PSA_KEY_TYPE_HMAC`.
    pub const HMAC: KeyType = KeyType(0x1100);
    /// `PSA_KEY_TYPE_DERIVE`.
    pub const DERIVE: KeyType = KeyType(0x1200);
    /// `PSA_KEY_TYPE_PASSWORD`: a low-entropy secret, input to a password-hashing KDF.
    pub const PASSWORD: KeyType = KeyType(0x1203);
    /// `PSA_KEY_TYPE_PASSWORD_HASH`: the output of a password-hashing KDF, for `verify_key`.
    pub const PASSWORD_HASH: KeyType = KeyType(0x1205);
    /// `PSA_KEY_TYPE_PEPPER`: a secret salt.
    pub const PEPPER: KeyType = KeyType(0x1206);
    /// `PSA_KEY_TYPE_AES`.
    pub const AES: KeyType = KeyType(0x2400);
    /// `PSA_KEY_TYPE_ARIA`.
    pub const ARIA: KeyType = KeyType(0x2406);
    /// `PSA_KEY_TYPE_CAMELLIA`.
    pub const CAMELLIA: KeyType = KeyType(0x2403);
    /// `PSA_KEY_TYPE_DES`.
    pub const DES: KeyType = KeyType(0x2301);
    /// `PSA_KEY_TYPE_CHACHA20`.
    pub const CHACHA20: KeyType = KeyType(0x2004);
    /// `PSA_KEY_TYPE_RSA_PUBLIC_KEY`.
    pub const RSA_PUBLIC_KEY: KeyType = KeyType(0x4001);
    /// `PSA_KEY_TYPE_RSA_KEY_PAIR`.
    pub const RSA_KEY_PAIR: KeyType = KeyType(0x7001);

    /// `PSA_KEY_TYPE_ECC_KEY_PAIR(family)`.
    pub const fn ecc_key_pair(family: EccFamily) -> KeyType {
        KeyType(KT_ECC_KEY_PAIR_BASE | family.0 as u16)
    }
    /// `PSA_KEY_TYPE_ECC_PUBLIC_KEY(family)`.
    pub const fn ecc_public_key(family: EccFamily) -> KeyType {
        KeyType(KT_ECC_PUBLIC_KEY_BASE | family.0 as u16)
    }
    /// The raw value.
    pub const fn value(self) -> u16 {
        self.0
    }
    /// Whether the vendor flag (bit 15) is set.
    pub const fn is_vendor_defined(self) -> bool {
        self.0 & 0x8000 != 0
    }
    /// `PSA_KEY_TYPE_IS_UNSTRUCTURED`: raw or symmetric key material.
    pub const fn is_unstructured(self) -> bool {
        matches!(
            self.0 & KT_CATEGORY_MASK,
            KT_CATEGORY_RAW | KT_CATEGORY_SYMMETRIC
        )
    }
    /// `PSA_KEY_TYPE_IS_ASYMMETRIC`.
    pub const fn is_asymmetric(self) -> bool {
        self.0 & KT_CATEGORY_MASK & !KT_CATEGORY_FLAG_PAIR == KT_CATEGORY_PUBLIC_KEY
    }
    /// `PSA_KEY_TYPE_IS_PUBLIC_KEY`.
    pub const fn is_public_key(self) -> bool {
        self.0 & KT_CATEGORY_MASK == KT_CATEGORY_PUBLIC_KEY
    }
    /// `PSA_KEY_TYPE_IS_KEY_PAIR`.
    pub const fn is_key_pair(self) -> bool {
        self.0 & KT_CATEGORY_MASK == KT_CATEGORY_KEY_PAIR
    }
    /// `PSA_KEY_TYPE_IS_ECC`: an ECC key pair or public key.
    pub const fn is_ecc(self) -> bool {
        self.0 & !KT_ECC_CURVE_MASK & !KT_CATEGORY_FLAG_PAIR
            == KT_ECC_PUBLIC_KEY_BASE & !KT_CATEGORY_FLAG_PAIR
            && self.is_asymmetric()
    }
    /// `PSA_KEY_TYPE_ECC_GET_FAMILY`, `None` for non-ECC types.
    pub const fn ecc_family(self) -> Option<EccFamily> {
        if self.is_ecc() {
            Some(EccFamily((self.0 & KT_ECC_CURVE_MASK) as u8))
        } else {
            None
        }
    }
    /// `PSA_KEY_TYPE_PUBLIC_KEY_OF_KEY_PAIR` (identity on public keys and other types).
    pub const fn public_key_of_key_pair(self) -> KeyType {
        if self.is_key_pair() {
            KeyType(self.0 & !KT_CATEGORY_FLAG_PAIR)
        } else {
            self
        }
    }
    /// `PSA_KEY_TYPE_KEY_PAIR_OF_PUBLIC_KEY`.
    pub const fn key_pair_of_public_key(self) -> KeyType {
        if self.is_public_key() {
            KeyType(self.0 | KT_CATEGORY_FLAG_PAIR)
        } else {
            self
        }
    }
    /// The block size of a block cipher key type (`PSA_BLOCK_CIPHER_BLOCK_LENGTH`), 1 for
    /// stream ciphers, 0 for non-ciphers.
    pub const fn block_length(self) -> usize {
        match self.0 {
            0x2400 | 0x2406 | 0x2403 => 16,
            0x2301 => 8,
            0x2004 => 1,
            _ => 0,
        }
    }

    /// Whether a capability or policy pattern matches this key type: equal types match, and
    /// an ECC type with family [`EccFamily::ANY`] matches the same category of any family.
    pub const fn matches(self, pattern: KeyType) -> bool {
        if self.0 == pattern.0 {
            return true;
        }
        pattern.is_ecc()
            && self.is_ecc()
            && pattern.0 & KT_ECC_CURVE_MASK == EccFamily::ANY.0 as u16
            && pattern.0 & !KT_ECC_CURVE_MASK == self.0 & !KT_ECC_CURVE_MASK
    }
}

impl fmt::Debug for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let simple = match *self {
            KeyType::NONE => "NONE",
            KeyType::RAW_DATA => "RAW_DATA",
            KeyType::HMAC => "HMAC",
            KeyType::DERIVE => "DERIVE",
            KeyType::AES => "AES",
            KeyType::ARIA => "ARIA",
            KeyType::CAMELLIA => "CAMELLIA",
            KeyType::DES => "DES",
            KeyType::CHACHA20 => "CHACHA20",
            KeyType::RSA_PUBLIC_KEY => "RSA_PUBLIC_KEY",
            KeyType::RSA_KEY_PAIR => "RSA_KEY_PAIR",
            _ => "",
        };
        if !simple.is_empty() {
            return f.write_str(simple);
        }
        if let Some(family) = self.ecc_family() {
            let kind = if self.is_key_pair() {
                "ECC_KEY_PAIR"
            } else {
                "ECC_PUBLIC_KEY"
            };
            return write!(f, "{kind}({family:?})");
        }
        write!(f, "{:#06x}", self.0)
    }
}

/// A key location (`psa_key_location_t`, 24 bits): which driver holds a key.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Location(pub u32);

impl Location {
    /// `PSA_KEY_LOCATION_LOCAL_STORAGE`: the key is in the core's memory (transparent drivers).
    pub const LOCAL_STORAGE: Location = Location(0);
    /// `PSA_KEY_LOCATION_PRIMARY_SECURE_ELEMENT` (PSA spec; not defined by Mbed TLS 3.6).
    pub const PRIMARY_SECURE_ELEMENT: Location = Location(1);
    /// `PSA_KEY_LOCATION_VENDOR_FLAG`: locations with this bit are vendor-defined.
    pub const VENDOR_FLAG: u32 = 0x80_0000;

    /// A vendor-defined location (`0x800000 | n`).
    pub const fn vendor(n: u32) -> Location {
        Location(Self::VENDOR_FLAG | (n & 0x7f_ffff))
    }
    /// The raw value.
    pub const fn value(self) -> u32 {
        self.0
    }
    /// Whether keys here are held by an opaque driver (`psa_key_lifetime_is_external`).
    pub const fn is_external(self) -> bool {
        self.0 != 0
    }
    /// Whether this is a valid 24-bit location.
    pub const fn is_valid(self) -> bool {
        self.0 <= 0xff_ffff
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            f.write_str("LOCAL_STORAGE")
        } else {
            write!(f, "{:#08x}", self.0)
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A key persistence level (`psa_key_persistence_t`).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct Persistence(pub u8);

impl Persistence {
    /// `PSA_KEY_PERSISTENCE_VOLATILE`.
    pub const VOLATILE: Persistence = Persistence(0);
    /// `PSA_KEY_PERSISTENCE_DEFAULT`.
    pub const DEFAULT: Persistence = Persistence(1);
    /// `PSA_KEY_PERSISTENCE_READ_ONLY`.
    pub const READ_ONLY: Persistence = Persistence(0xff);
}

/// A key lifetime (`psa_key_lifetime_t`): `location << 8 | persistence`.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Lifetime(pub u32);

impl Lifetime {
    /// `PSA_KEY_LIFETIME_VOLATILE`: volatile, local storage.
    pub const VOLATILE: Lifetime = Lifetime(0);
    /// `PSA_KEY_LIFETIME_PERSISTENT`: persistent, local storage.
    pub const PERSISTENT: Lifetime = Lifetime(1);

    /// `PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION`.
    pub const fn new(persistence: Persistence, location: Location) -> Lifetime {
        Lifetime((location.0 << 8) | persistence.0 as u32)
    }
    /// A volatile lifetime at `location`.
    pub const fn volatile_at(location: Location) -> Lifetime {
        Lifetime::new(Persistence::VOLATILE, location)
    }
    /// `PSA_KEY_LIFETIME_GET_LOCATION`: what routes the key to a driver.
    pub const fn location(self) -> Location {
        Location(self.0 >> 8)
    }
    /// `PSA_KEY_LIFETIME_GET_PERSISTENCE`.
    pub const fn persistence(self) -> Persistence {
        Persistence(self.0 as u8)
    }
    /// `PSA_KEY_LIFETIME_IS_VOLATILE`.
    pub const fn is_volatile(self) -> bool {
        self.persistence().0 == Persistence::VOLATILE.0
    }
    /// `PSA_KEY_LIFETIME_IS_READ_ONLY`.
    pub const fn is_read_only(self) -> bool {
        self.persistence().0 == Persistence::READ_ONLY.0
    }
}

impl fmt::Debug for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Lifetime({:?}, persistence {:#04x})",
            self.location(),
            self.persistence().0
        )
    }
}

/// Key usage flags (`psa_key_usage_t`).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UsageFlags(pub u32);

impl UsageFlags {
    /// No usage.
    pub const NONE: UsageFlags = UsageFlags(0);
    /// `PSA_KEY_USAGE_EXPORT`.
    pub const EXPORT: UsageFlags = UsageFlags(0x0000_0001);
    /// `PSA_KEY_USAGE_COPY`.
    pub const COPY: UsageFlags = UsageFlags(0x0000_0002);
    /// `PSA_KEY_USAGE_ENCRYPT`.
    pub const ENCRYPT: UsageFlags = UsageFlags(0x0000_0100);
    /// `PSA_KEY_USAGE_DECRYPT`.
    pub const DECRYPT: UsageFlags = UsageFlags(0x0000_0200);
    /// `PSA_KEY_USAGE_SIGN_MESSAGE` (also MAC computation).
    pub const SIGN_MESSAGE: UsageFlags = UsageFlags(0x0000_0400);
    /// `PSA_KEY_USAGE_VERIFY_MESSAGE` (also MAC verification).
    pub const VERIFY_MESSAGE: UsageFlags = UsageFlags(0x0000_0800);
    /// `PSA_KEY_USAGE_SIGN_HASH`; implies `SIGN_MESSAGE`.
    pub const SIGN_HASH: UsageFlags = UsageFlags(0x0000_1000);
    /// `PSA_KEY_USAGE_VERIFY_HASH`; implies `VERIFY_MESSAGE`.
    pub const VERIFY_HASH: UsageFlags = UsageFlags(0x0000_2000);
    /// `PSA_KEY_USAGE_DERIVE` (also key agreement).
    pub const DERIVE: UsageFlags = UsageFlags(0x0000_4000);
    /// `PSA_KEY_USAGE_VERIFY_DERIVATION`.
    pub const VERIFY_DERIVATION: UsageFlags = UsageFlags(0x0000_8000);

    /// Union of two sets.
    pub const fn union(self, other: UsageFlags) -> UsageFlags {
        UsageFlags(self.0 | other.0)
    }
    /// Whether every flag of `other` is in `self`.
    pub const fn contains(self, other: UsageFlags) -> bool {
        self.0 & other.0 == other.0
    }
    /// The flags with the spec's implications added (`SIGN_HASH` ⇒ `SIGN_MESSAGE`,
    /// `VERIFY_HASH` ⇒ `VERIFY_MESSAGE`), as `psa_set_key_usage_flags` does.
    pub const fn extended(self) -> UsageFlags {
        let mut v = self.0;
        if v & Self::SIGN_HASH.0 != 0 {
            v |= Self::SIGN_MESSAGE.0;
        }
        if v & Self::VERIFY_HASH.0 != 0 {
            v |= Self::VERIFY_MESSAGE.0;
        }
        UsageFlags(v)
    }
}

impl core::ops::BitOr for UsageFlags {
    type Output = UsageFlags;
    fn bitor(self, rhs: UsageFlags) -> UsageFlags {
        self.union(rhs)
    }
}

impl core::ops::BitOrAssign for UsageFlags {
    fn bitor_assign(&mut self, rhs: UsageFlags) {
        *self = self.union(rhs);
    }
}

impl fmt::Debug for UsageFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [(UsageFlags, &str); 10] = [
            (UsageFlags::EXPORT, "EXPORT"),
            (UsageFlags::COPY, "COPY"),
            (UsageFlags::ENCRYPT, "ENCRYPT"),
            (UsageFlags::DECRYPT, "DECRYPT"),
            (UsageFlags::SIGN_MESSAGE, "SIGN_MESSAGE"),
            (UsageFlags::VERIFY_MESSAGE, "VERIFY_MESSAGE"),
            (UsageFlags::SIGN_HASH, "SIGN_HASH"),
            (UsageFlags::VERIFY_HASH, "VERIFY_HASH"),
            (UsageFlags::DERIVE, "DERIVE"),
            (UsageFlags::VERIFY_DERIVATION, "VERIFY_DERIVATION"),
        ];
        let mut first = true;
        let mut rest = self.0;
        for (flag, name) in NAMES {
            if self.contains(flag) {
                f.write_str(if first { "" } else { " | " })?;
                f.write_str(name)?;
                first = false;
                rest &= !flag.0;
            }
        }
        if rest != 0 {
            write!(f, "{}{rest:#x}", if first { "" } else { " | " })?;
        } else if first {
            f.write_str("NONE")?;
        }
        Ok(())
    }
}

/// A key identifier (`psa_key_id_t`).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct KeyId(pub u32);

impl KeyId {
    /// `PSA_KEY_ID_NULL`.
    pub const NULL: KeyId = KeyId(0);
    /// `PSA_KEY_ID_USER_MIN`.
    pub const USER_MIN: KeyId = KeyId(0x0000_0001);
    /// `PSA_KEY_ID_USER_MAX`.
    pub const USER_MAX: KeyId = KeyId(0x3fff_ffff);
    /// `PSA_KEY_ID_VENDOR_MIN`; also the first volatile id.
    pub const VENDOR_MIN: KeyId = KeyId(0x4000_0000);
    /// `PSA_KEY_ID_VENDOR_MAX`.
    pub const VENDOR_MAX: KeyId = KeyId(0x7fff_ffff);
    /// `MBEDTLS_PSA_KEY_ID_BUILTIN_MIN`.
    pub const BUILTIN_MIN: KeyId = KeyId(0x7fff_0000);
    /// `MBEDTLS_PSA_KEY_ID_BUILTIN_MAX`.
    pub const BUILTIN_MAX: KeyId = KeyId(0x7fff_efff);

    /// Whether the id is in the user range.
    pub const fn is_user(self) -> bool {
        self.0 >= Self::USER_MIN.0 && self.0 <= Self::USER_MAX.0
    }
    /// Whether the id is in the vendor range (which holds volatile and built-in ids).
    pub const fn is_vendor(self) -> bool {
        self.0 >= Self::VENDOR_MIN.0 && self.0 <= Self::VENDOR_MAX.0
    }
    /// Whether the id is in the built-in range (`psa_key_id_is_builtin`).
    pub const fn is_builtin(self) -> bool {
        self.0 >= Self::BUILTIN_MIN.0 && self.0 <= Self::BUILTIN_MAX.0
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({:#010x})", self.0)
    }
}

/// A driver's slot number for a built-in key (`psa_drv_slot_number_t`).
pub type SlotNumber = u64;

/// Key attributes (`psa_key_attributes_t`): everything about a key but its material.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyAttributes {
    id: KeyId,
    lifetime: Lifetime,
    key_type: KeyType,
    bits: usize,
    usage: UsageFlags,
    algorithm: Algorithm,
}

impl fmt::Debug for KeyAttributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyAttributes")
            .field("id", &self.id)
            .field("lifetime", &self.lifetime)
            .field("type", &self.key_type)
            .field("bits", &self.bits)
            .field("usage", &self.usage)
            .field("algorithm", &self.algorithm)
            .finish()
    }
}

impl KeyAttributes {
    /// Empty attributes (`PSA_KEY_ATTRIBUTES_INIT`): volatile, local, no type, no usage.
    pub const fn new() -> KeyAttributes {
        KeyAttributes {
            id: KeyId::NULL,
            lifetime: Lifetime::VOLATILE,
            key_type: KeyType::NONE,
            bits: 0,
            usage: UsageFlags::NONE,
            algorithm: Algorithm::NONE,
        }
    }
    /// Builder: set the key type.
    pub const fn with_type(mut self, key_type: KeyType) -> Self {
        self.key_type = key_type;
        self
    }
    /// Builder: set the size in bits (0 means "derive from the key data").
    pub const fn with_bits(mut self, bits: usize) -> Self {
        self.bits = bits;
        self
    }
    /// Builder: set the usage flags (with the spec's implied flags added).
    pub const fn with_usage(mut self, usage: UsageFlags) -> Self {
        self.usage = usage.extended();
        self
    }
    /// Builder: set the permitted algorithm.
    pub const fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }
    /// Builder: set the lifetime. A volatile lifetime resets the id to `KeyId::NULL`, as
    /// `psa_set_key_lifetime` does (volatile keys get their id from the store).
    pub const fn with_lifetime(mut self, lifetime: Lifetime) -> Self {
        self.set_lifetime(lifetime);
        self
    }
    /// Builder: set the id (for persistent keys; volatile keys get an id from the store).
    pub const fn with_id(mut self, id: KeyId) -> Self {
        self.id = id;
        self
    }
    /// The key id.
    pub const fn id(&self) -> KeyId {
        self.id
    }
    /// The lifetime.
    pub const fn lifetime(&self) -> Lifetime {
        self.lifetime
    }
    /// The location (from the lifetime), which routes the key to a driver.
    pub const fn location(&self) -> Location {
        self.lifetime.location()
    }
    /// The key type.
    pub const fn key_type(&self) -> KeyType {
        self.key_type
    }
    /// The size in bits.
    pub const fn bits(&self) -> usize {
        self.bits
    }
    /// The usage flags.
    pub const fn usage(&self) -> UsageFlags {
        self.usage
    }
    /// The permitted algorithm.
    pub const fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    /// Set the id.
    pub fn set_id(&mut self, id: KeyId) {
        self.id = id;
    }
    /// Set the lifetime; a volatile lifetime resets the id to `KeyId::NULL`
    /// (`psa_set_key_lifetime`).
    pub const fn set_lifetime(&mut self, lifetime: Lifetime) {
        self.lifetime = lifetime;
        if lifetime.is_volatile() {
            self.id = KeyId::NULL;
        }
    }
    /// Set the key type.
    pub fn set_type(&mut self, key_type: KeyType) {
        self.key_type = key_type;
    }
    /// Set the size in bits.
    pub fn set_bits(&mut self, bits: usize) {
        self.bits = bits;
    }
    /// Set the usage flags (with the spec's implied flags added).
    pub fn set_usage(&mut self, usage: UsageFlags) {
        self.usage = usage.extended();
    }
    /// Set the permitted algorithm.
    pub fn set_algorithm(&mut self, algorithm: Algorithm) {
        self.algorithm = algorithm;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_type_encodings() {
        assert_eq!(KeyType::ecc_key_pair(EccFamily::SECP_R1).0, 0x7112);
        assert_eq!(KeyType::ecc_public_key(EccFamily::SECP_R1).0, 0x4112);
        let pair = KeyType::ecc_key_pair(EccFamily::SECP_R1);
        assert!(
            pair.is_ecc() && pair.is_key_pair() && pair.is_asymmetric() && !pair.is_public_key()
        );
        assert_eq!(
            pair.public_key_of_key_pair(),
            KeyType::ecc_public_key(EccFamily::SECP_R1)
        );
        assert_eq!(pair.ecc_family(), Some(EccFamily::SECP_R1));
        assert!(!KeyType::AES.is_ecc() && KeyType::AES.is_unstructured());
        assert!(!KeyType::RSA_KEY_PAIR.is_ecc() && KeyType::RSA_KEY_PAIR.is_asymmetric());
        assert_eq!(KeyType::AES.ecc_family(), None);
    }

    #[test]
    fn family_wildcard_matches_any_family_of_the_same_category() {
        let any_pair = KeyType::ecc_key_pair(EccFamily::ANY);
        assert!(KeyType::ecc_key_pair(EccFamily::SECP_R1).matches(any_pair));
        assert!(KeyType::ecc_key_pair(EccFamily::MONTGOMERY).matches(any_pair));
        assert!(!KeyType::ecc_public_key(EccFamily::SECP_R1).matches(any_pair));
        assert!(!KeyType::AES.matches(any_pair));
    }

    #[test]
    fn lifetimes_and_locations() {
        let l = Lifetime::new(Persistence::READ_ONLY, Location(0x7f_ffff));
        assert_eq!(l.0, 0x7fff_ffff);
        assert_eq!(l.location(), Location(0x7f_ffff));
        assert!(l.is_read_only() && l.location().is_external());
        assert_eq!(Lifetime::volatile_at(Location::vendor(1)).0, 0x8000_0100);
        assert!(!Lifetime::VOLATILE.location().is_external());
    }

    #[test]
    fn usage_implications() {
        let a = KeyAttributes::new().with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH);
        assert!(
            a.usage()
                .contains(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE)
        );
        let b = KeyAttributes::new().with_usage(UsageFlags::SIGN_MESSAGE);
        assert!(!b.usage().contains(UsageFlags::SIGN_HASH));
    }

    #[test]
    fn key_id_ranges() {
        assert!(KeyId(0x7fff_0000).is_builtin() && KeyId(0x7fff_efff).is_builtin());
        assert!(!KeyId(0x7ffe_ffff).is_builtin() && !KeyId(0x7fff_f000).is_builtin());
        assert!(KeyId(1).is_user() && !KeyId(0).is_user() && KeyId(0x4000_0000).is_vendor());
    }

    #[test]
    fn curve_sizes() {
        assert!(EccFamily::SECP_R1.has_curve_size(256) && !EccFamily::SECP_R1.has_curve_size(255));
        assert!(EccFamily::MONTGOMERY.has_curve_size(255));
    }

    #[test]
    fn a_volatile_lifetime_resets_the_id() {
        // psa-arch-tests c005 sets an id, then a volatile lifetime, then imports.
        let mut a = KeyAttributes::new().with_id(KeyId(0x12));
        a.set_lifetime(Lifetime::VOLATILE);
        assert_eq!(a.id(), KeyId::NULL);
        let a = KeyAttributes::new()
            .with_id(KeyId(0x12))
            .with_lifetime(Lifetime::volatile_at(Location::vendor(1)));
        assert_eq!(a.id(), KeyId::NULL);
        let a = KeyAttributes::new()
            .with_id(KeyId(0x12))
            .with_lifetime(Lifetime::PERSISTENT);
        assert_eq!(a.id(), KeyId(0x12));
    }
}
