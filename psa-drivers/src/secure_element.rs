//! A simulated secure element: an opaque driver that owns a vendor location.
//!
//! It is built like a driver for a real element on a bus: it holds state (the element's
//! key slots behind a lock, standing in for a session with the chip), the core's key buffer
//! for each of its keys holds only a *handle* (element slot and generation), and the key
//! material never leaves the element except through `export_key`, for keys whose policy
//! permits export. Slot 0 holds a pre-provisioned device key, exposed to applications as a
//! built-in key through `get_builtin_key`.
//!
//! Keys: ECC P-256 (`SECP_R1`, 256 bits) key pairs and public keys.

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::Generate;
use p256::elliptic_curve::sec1::ToSec1Point;
use p256::{FieldBytes, PublicKey, SecretKey};
use psa_core::{
    Algorithm, EccFamily, Error, ImportedKey, KeyAttributes, KeyType, Lifetime, Location,
    Persistence, Result, Rng, SlotNumber, UsageFlags, psa_driver,
};
use zeroize::Zeroize;

/// The location this element owns (vendor location 0x800001).
pub const SE_LOCATION: Location = Location::vendor(1);
/// The lifetime of volatile keys in the element.
pub const SE_LIFETIME: Lifetime = Lifetime::volatile_at(SE_LOCATION);
/// The driver slot number of the pre-provisioned device key (for `BuiltinKey::slot`).
pub const DEVICE_KEY_SLOT: SlotNumber = 1;
/// How many keys the element holds (slot 0 is the device key).
pub const ELEMENT_SLOTS: usize = 16;

const KEY_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const PUBLIC_KEY: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
const HANDLE_LEN: usize = 8;
const MAGIC: [u8; 2] = *b"SE";

/// Key material inside the element; zeroized when the slot is cleared.
struct ElementKey {
    key_type: KeyType,
    usage: UsageFlags,
    /// A 32-byte scalar (key pair) or a 65-byte point (public key).
    material: [u8; 65],
    len: usize,
    generation: u32,
    provisioned: bool,
}

impl Drop for ElementKey {
    fn drop(&mut self) {
        self.material.zeroize();
    }
}

struct Element {
    slots: [Option<ElementKey>; ELEMENT_SLOTS],
    generation: u32,
}

/// The secure-element driver. One instance is one session with one element.
pub struct SecureElement {
    element: spin::Mutex<Element>,
}

impl core::fmt::Debug for SecureElement {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        let used = self
            .element
            .lock()
            .slots
            .iter()
            .filter(|s| s.is_some())
            .count();
        f.debug_struct("SecureElement")
            .field("location", &SE_LOCATION)
            .field("slots_used", &used)
            .finish()
    }
}

fn handle(slot: usize, generation: u32, out: &mut [u8]) -> Result<usize> {
    let out = out.get_mut(..HANDLE_LEN).ok_or(Error::BufferTooSmall)?;
    out[..2].copy_from_slice(&MAGIC);
    out[2] = slot as u8;
    out[3] = 0;
    out[4..].copy_from_slice(&generation.to_le_bytes());
    Ok(HANDLE_LEN)
}

fn secret_key(bytes: &[u8]) -> Result<SecretKey> {
    let bytes: &[u8; 32] = bytes.try_into().map_err(|_| Error::InvalidArgument)?;
    SecretKey::from_bytes(&FieldBytes::from(*bytes)).map_err(|_| Error::InvalidArgument)
}

fn public_key(bytes: &[u8]) -> Result<PublicKey> {
    if bytes.len() != 65 || bytes[0] != 0x04 {
        return Err(Error::InvalidArgument);
    }
    PublicKey::from_sec1_bytes(bytes).map_err(|_| Error::InvalidArgument)
}

impl Element {
    fn resolve(&self, key_buffer: &[u8]) -> Result<&ElementKey> {
        if key_buffer.len() != HANDLE_LEN || key_buffer[..2] != MAGIC {
            return Err(Error::CorruptionDetected);
        }
        let slot = key_buffer[2] as usize;
        let generation =
            u32::from_le_bytes([key_buffer[4], key_buffer[5], key_buffer[6], key_buffer[7]]);
        match self.slots.get(slot) {
            Some(Some(k)) if k.generation == generation => Ok(k),
            _ => Err(Error::DoesNotExist),
        }
    }

    fn store(
        &mut self,
        key_type: KeyType,
        usage: UsageFlags,
        material: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        if out.len() < HANDLE_LEN {
            return Err(Error::BufferTooSmall);
        }
        let slot = self
            .slots
            .iter()
            .position(Option::is_none)
            .ok_or(Error::InsufficientStorage)?;
        self.generation = self.generation.wrapping_add(1);
        let mut key = ElementKey {
            key_type,
            usage,
            material: [0; 65],
            len: material.len(),
            generation: self.generation,
            provisioned: false,
        };
        key.material[..material.len()].copy_from_slice(material);
        self.slots[slot] = Some(key);
        handle(slot, self.generation, out)
    }
}

impl SecureElement {
    /// Open a session with an element whose device key (slot 0) was provisioned with the
    /// given P-256 private scalar at manufacturing.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` if `device_key` is not a valid P-256 scalar.
    pub fn provisioned(device_key: &[u8; 32]) -> Result<Self> {
        secret_key(device_key)?;
        let mut material = [0u8; 65];
        material[..32].copy_from_slice(device_key);
        let mut slots: [Option<ElementKey>; ELEMENT_SLOTS] = [const { None }; ELEMENT_SLOTS];
        slots[0] = Some(ElementKey {
            key_type: KEY_PAIR,
            usage: UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH,
            material,
            len: 32,
            generation: 0,
            provisioned: true,
        });
        material.zeroize();
        Ok(SecureElement {
            element: spin::Mutex::new(Element {
                slots,
                generation: 0,
            }),
        })
    }

    /// How many element slots hold keys (the device key included).
    pub fn keys_in_element(&self) -> usize {
        self.element
            .lock()
            .slots
            .iter()
            .filter(|s| s.is_some())
            .count()
    }
}

/// Deterministic ECDSA (RFC 6979) with the algorithm's own hash driving the nonce, as the
/// PSA spec requires (`DETERMINISTIC_ECDSA(SHA_384)` on P-256 uses HMAC-SHA-384).
fn rfc6979(secret: &SecretKey, hash: Algorithm, z: &[u8]) -> Result<Signature> {
    use ecdsa::hazmat::sign_prehashed_rfc6979;
    use p256::NistP256;
    let d = secret.to_nonzero_scalar();
    Ok(match hash {
        Algorithm::SHA_224 => sign_prehashed_rfc6979::<NistP256, sha2::Sha224>(&d, z, &[]).0,
        Algorithm::SHA_256 => sign_prehashed_rfc6979::<NistP256, sha2::Sha256>(&d, z, &[]).0,
        Algorithm::SHA_384 => sign_prehashed_rfc6979::<NistP256, sha2::Sha384>(&d, z, &[]).0,
        Algorithm::SHA_512 => sign_prehashed_rfc6979::<NistP256, sha2::Sha512>(&d, z, &[]).0,
        _ => return Err(Error::NotSupported),
    })
}

fn check_type(attributes: &KeyAttributes) -> Result<()> {
    let t = attributes.key_type();
    if (t != KEY_PAIR && t != PUBLIC_KEY) || (attributes.bits() != 0 && attributes.bits() != 256) {
        return Err(Error::NotSupported);
    }
    Ok(())
}

#[psa_driver(
    prefix = "se",
    kind = "opaque",
    location = SE_LOCATION,
    entry_points = [
        import_key, generate_key, export_public_key, export_key, copy_key, destroy_key,
        sign_hash, verify_hash, key_agreement, get_builtin_key,
    ],
    capability(
        entry_points = [sign_hash],
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH), Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
    ),
    capability(entry_points = [key_agreement], algorithms = [Algorithm::ECDH]),
)]
impl SecureElement {
    /// Load a P-256 key into the element; the key buffer receives its handle.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types; `INVALID_ARGUMENT` for malformed material;
    /// `INSUFFICIENT_STORAGE` when the element is full.
    pub fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        check_type(attributes)?;
        if attributes.key_type() == KEY_PAIR {
            secret_key(data).map(drop)?
        } else {
            public_key(data).map(drop)?
        }
        let length = self.element.lock().store(
            attributes.key_type(),
            attributes.usage(),
            data,
            key_buffer,
        )?;
        Ok(ImportedKey { length, bits: 256 })
    }

    /// Generate a P-256 key pair inside the element.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types; `INSUFFICIENT_STORAGE`; `INSUFFICIENT_ENTROPY`.
    pub fn generate_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR || attributes.bits() != 256 {
            return Err(Error::NotSupported);
        }
        let mut rng = rng;
        let sk =
            SecretKey::try_generate_from_rng(&mut rng).map_err(|_| Error::InsufficientEntropy)?;
        let mut scalar: [u8; 32] = sk.to_bytes().into();
        let r = self
            .element
            .lock()
            .store(KEY_PAIR, attributes.usage(), &scalar, key_buffer);
        scalar.zeroize();
        r
    }

    /// The public key of an element key, `0x04‖X‖Y`.
    ///
    /// # Errors
    /// `DOES_NOT_EXIST` for a stale handle; `BUFFER_TOO_SMALL`.
    pub fn export_public_key(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        let element = self.element.lock();
        let key = element.resolve(key_buffer)?;
        let public = if key.key_type == KEY_PAIR {
            secret_key(&key.material[..32])?.public_key()
        } else {
            public_key(&key.material[..65])?
        };
        let out = data.get_mut(..65).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(public.to_sec1_point(false).as_bytes());
        Ok(65)
    }

    /// The key material, only if the element's own record of the key's policy permits
    /// export (the core checks first; the element does not trust it).
    ///
    /// # Errors
    /// `NOT_PERMITTED` without `EXPORT`; `BUFFER_TOO_SMALL`.
    pub fn export_key(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        let element = self.element.lock();
        let key = element.resolve(key_buffer)?;
        if key.provisioned || !key.usage.contains(UsageFlags::EXPORT) {
            return Err(Error::NotPermitted);
        }
        let out = data.get_mut(..key.len).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(&key.material[..key.len]);
        Ok(key.len)
    }

    /// Copy a key inside the element, with the target's (narrowed) policy.
    ///
    /// # Errors
    /// `INSUFFICIENT_STORAGE`; `DOES_NOT_EXIST` for a stale handle.
    pub fn copy_key(
        &self,
        attributes: &KeyAttributes,
        source_key: &[u8],
        target_key_buffer: &mut [u8],
    ) -> Result<usize> {
        let mut element = self.element.lock();
        let (key_type, mut material, len) = {
            let k = element.resolve(source_key)?;
            if k.provisioned {
                return Err(Error::NotPermitted);
            }
            (k.key_type, k.material, k.len)
        };
        let r = element.store(
            key_type,
            attributes.usage(),
            &material[..len],
            target_key_buffer,
        );
        material.zeroize();
        r
    }

    /// Erase a key from the element.
    ///
    /// # Errors
    /// `NOT_PERMITTED` for the provisioned device key; `DOES_NOT_EXIST` for a stale handle.
    pub fn destroy_key(&self, _attributes: &KeyAttributes, key_buffer: &[u8]) -> Result<()> {
        let mut element = self.element.lock();
        if element.resolve(key_buffer)?.provisioned {
            return Err(Error::NotPermitted);
        }
        let slot = key_buffer[2] as usize;
        element.slots[slot] = None; // zeroized on drop
        Ok(())
    }

    /// ECDSA inside the element: randomized or deterministic (RFC 6979).
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other algorithms; `BUFFER_TOO_SMALL`.
    pub fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        let element = self.element.lock();
        let key = element.resolve(key_buffer)?;
        if key.key_type != KEY_PAIR {
            return Err(Error::InvalidArgument);
        }
        let out = signature.get_mut(..64).ok_or(Error::BufferTooSmall)?;
        let secret = secret_key(&key.material[..32])?;
        let sig: Signature = if alg.is_deterministic_ecdsa() {
            rfc6979(&secret, alg.hash(), hash)?
        } else {
            // Hedged RFC 6979: random additional input, no public-key derivation.
            let mut extra = [0u8; 32];
            rng.fill(&mut extra)
                .map_err(|_| Error::InsufficientEntropy)?;
            let (sig, _) = ecdsa::hazmat::sign_prehashed_rfc6979::<p256::NistP256, sha2::Sha256>(
                &secret.to_nonzero_scalar(),
                hash,
                &extra,
            );
            extra.zeroize();
            sig
        };
        out.copy_from_slice(&sig.to_bytes());
        Ok(64)
    }

    /// ECDSA verification inside the element.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` if it does not verify; `NOT_SUPPORTED` for non-ECDSA algorithms.
    pub fn verify_hash(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        if !alg.is_ecdsa() {
            return Err(Error::NotSupported);
        }
        let element = self.element.lock();
        let key = element.resolve(key_buffer)?;
        let public = if key.key_type == KEY_PAIR {
            secret_key(&key.material[..32])?.public_key()
        } else {
            public_key(&key.material[..65])?
        };
        let sig = Signature::from_slice(signature).map_err(|_| Error::InvalidSignature)?;
        VerifyingKey::from(public)
            .verify_prehash(hash, &sig)
            .map_err(|_| Error::InvalidSignature)
    }

    /// ECDH with an element key pair; the shared secret leaves the element (raw agreement).
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for a malformed peer key; `BUFFER_TOO_SMALL`.
    pub fn key_agreement(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        _alg: Algorithm,
        peer_key: &[u8],
        shared_secret: &mut [u8],
    ) -> Result<usize> {
        let element = self.element.lock();
        let key = element.resolve(key_buffer)?;
        if key.key_type != KEY_PAIR {
            return Err(Error::InvalidArgument);
        }
        let peer = public_key(peer_key)?;
        let out = shared_secret.get_mut(..32).ok_or(Error::BufferTooSmall)?;
        let sk = secret_key(&key.material[..32])?;
        let shared = p256::ecdh::diffie_hellman(sk.to_nonzero_scalar(), peer.as_affine());
        out.copy_from_slice(shared.raw_secret_bytes());
        Ok(32)
    }

    /// Describe a provisioned key: slot [`DEVICE_KEY_SLOT`] is the device's ECDSA P-256 key
    /// (sign and verify, never exportable, read-only).
    ///
    /// # Errors
    /// `DOES_NOT_EXIST` for other slots; `BUFFER_TOO_SMALL`.
    pub fn get_builtin_key(
        &self,
        slot_number: SlotNumber,
        attributes: &mut KeyAttributes,
        key_buffer: &mut [u8],
    ) -> Result<usize> {
        if slot_number != DEVICE_KEY_SLOT {
            return Err(Error::DoesNotExist);
        }
        let element = self.element.lock();
        let generation = match &element.slots[0] {
            Some(k) if k.provisioned => k.generation,
            _ => return Err(Error::DoesNotExist),
        };
        attributes.set_type(KEY_PAIR);
        attributes.set_bits(256);
        attributes.set_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH);
        attributes.set_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH));
        attributes.set_lifetime(Lifetime::new(Persistence::READ_ONLY, attributes.location()));
        handle(0, generation, key_buffer)
    }
}
