//! A simulated secure element: an opaque driver that owns a vendor location.
//!
//! It is built like a driver for a real element on a bus: it holds state (the element's
//! key slots behind a lock, standing in for a session with the chip), the core's key buffer
//! for each of its keys holds only a *handle* (element slot and generation), and the key
//! material never leaves the element except through `export_key`, for keys whose policy
//! permits export. Slot 0 holds a pre-provisioned device key, exposed to applications as a
//! built-in key through `get_builtin_key`. A new key's slot is taken by `allocate_key` before
//! the key is imported or generated into it; if creation fails, the core gives the slot back
//! through `destroy_key`.
//!
//! Keys: ECC P-256 (`SECP_R1`, 256 bits) key pairs and public keys.

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::Generate;
use p256::elliptic_curve::sec1::ToSec1Point;
use p256::{FieldBytes, NonZeroScalar, PublicKey, SecretKey};
use psa_core::{
    Algorithm, EccFamily, Error, ImportedKey, KeyAttributes, KeyType, Lifetime, Location,
    Persistence, Result, Rng, SlotNumber, UsageFlags, psa_driver,
};
use zeroize::{Zeroize, Zeroizing};

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
///
/// A key pair's scalar is only here: the element derives the public point once, when the
/// key enters, and keeps it in `public`, so exporting the public key or verifying never
/// touches the scalar again (each scalar multiplication leaves a big-endian copy of the
/// scalar in a dead frame of `primeorder`'s radix-16 recoding, which the element cannot wipe
/// in place).
struct ElementKey {
    key_type: KeyType,
    usage: UsageFlags,
    /// A 32-byte scalar (key pair) or a 65-byte point (public key).
    material: [u8; 65],
    len: usize,
    /// The public point `0x04‖X‖Y` (both key types).
    public: [u8; 65],
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

/// The scalar `bytes` as a key, parsed in place (no copy of the bytes on the stack); the
/// `SecretKey` wipes its own scalar when dropped.
fn secret_key(bytes: &[u8]) -> Result<SecretKey> {
    let bytes: &FieldBytes = bytes.try_into().map_err(|_| Error::InvalidArgument)?;
    SecretKey::from_bytes(bytes).map_err(|_| Error::InvalidArgument)
}

/// Derive a key pair's public point `0x04‖X‖Y` into `out`, then wipe the stack the
/// derivation used: the scalar multiplication (`primeorder`'s radix-16 recoding,
/// `tables/radix16.rs`, `scalar.to_be_repr()`) leaves a big-endian copy of the scalar in
/// its dead frame, which no caller can reach to wipe in place.
#[inline(never)]
fn derive_public(scalar: &[u8], out: &mut [u8; 65]) -> Result<()> {
    let r = derive_public_in(scalar, out);
    wipe_dead_stack();
    r
}

#[inline(never)]
fn derive_public_in(scalar: &[u8], out: &mut [u8; 65]) -> Result<()> {
    let public = secret_key(scalar)?.public_key();
    out.copy_from_slice(public.to_sec1_point(false).as_bytes());
    Ok(())
}

/// How much of the stack below an element computation [`wipe_dead_stack`] zeroes: more
/// than a P-256 scalar multiplication or signature uses (measured by the dead-stack tests in
/// `psa-rustls/tests/tls_secrets.rs`, debug and release).
const WIPE: usize = 8 * 1024;

/// Zero the `WIPE` bytes of stack below the caller's frame: the dead frames of the
/// computation the caller just returned from. A real element computes in its own RAM; the
/// simulated one computes on the caller's thread, so it scrubs what it leaves there.
#[inline(never)]
fn wipe_dead_stack() {
    let mut area = [0u8; WIPE];
    // `zeroize` writes volatilely: the compiler keeps the stores to a dead array.
    area.zeroize();
    core::hint::black_box(&mut area);
}

fn public_key(bytes: &[u8]) -> Result<PublicKey> {
    if bytes.len() != 65 || bytes[0] != 0x04 {
        return Err(Error::InvalidArgument);
    }
    PublicKey::from_sec1_bytes(bytes).map_err(|_| Error::InvalidArgument)
}

impl Element {
    /// The slot a handle names, if the handle is current: a key, or storage allocated for
    /// one (`allocate_key`) that no key fills yet.
    fn slot_of(&self, key_buffer: &[u8]) -> Result<usize> {
        if key_buffer.len() < HANDLE_LEN || key_buffer[..2] != MAGIC {
            return Err(Error::CorruptionDetected);
        }
        let slot = key_buffer[2] as usize;
        let generation =
            u32::from_le_bytes([key_buffer[4], key_buffer[5], key_buffer[6], key_buffer[7]]);
        match self.slots.get(slot) {
            Some(Some(k)) if k.generation == generation => Ok(slot),
            _ => Err(Error::DoesNotExist),
        }
    }

    /// The key a handle names.
    fn resolve(&self, key_buffer: &[u8]) -> Result<&ElementKey> {
        if key_buffer.len() != HANDLE_LEN {
            return Err(Error::CorruptionDetected);
        }
        match &self.slots[self.slot_of(key_buffer)?] {
            Some(k) if k.key_type != KeyType::NONE => Ok(k),
            _ => Err(Error::DoesNotExist),
        }
    }

    /// The public point of the key a handle names: stored for a public key, derived from a
    /// key pair's scalar once, on first use, and kept.
    fn public(&mut self, key_buffer: &[u8]) -> Result<&[u8; 65]> {
        self.resolve(key_buffer)?;
        let slot = self.slot_of(key_buffer)?;
        let Some(key) = self.slots[slot].as_mut() else {
            return Err(Error::CorruptionDetected);
        };
        if key.public[0] != 0x04 {
            derive_public(&key.material[..32], &mut key.public)?;
        }
        Ok(&key.public)
    }

    /// Take a free slot for a new key (or for an allocation, with `key_type` `NONE`).
    fn take_free(&mut self, key_type: KeyType, usage: UsageFlags) -> Result<usize> {
        let slot = self
            .slots
            .iter()
            .position(Option::is_none)
            .ok_or(Error::InsufficientStorage)?;
        self.generation = self.generation.wrapping_add(1);
        self.slots[slot] = Some(ElementKey {
            key_type,
            usage,
            material: [0; 65],
            len: 0,
            public: [0; 65],
            generation: self.generation,
            provisioned: false,
        });
        Ok(slot)
    }

    /// Store a key: in the slot `out` names if `allocate_key` reserved it, else in a free
    /// slot; `out` receives the handle.
    fn store(
        &mut self,
        key_type: KeyType,
        usage: UsageFlags,
        material: &[u8],
        public: &[u8; 65],
        out: &mut [u8],
    ) -> Result<usize> {
        if out.len() < HANDLE_LEN {
            return Err(Error::BufferTooSmall);
        }
        let allocated = self
            .slot_of(out)
            .ok()
            .filter(|&s| matches!(&self.slots[s], Some(k) if k.key_type == KeyType::NONE));
        let slot = match allocated {
            Some(slot) => slot,
            None => self.take_free(key_type, usage)?,
        };
        let Some(key) = self.slots[slot].as_mut() else {
            return Err(Error::CorruptionDetected);
        };
        key.key_type = key_type;
        key.usage = usage;
        key.len = material.len();
        key.material[..material.len()].copy_from_slice(material);
        key.public = *public;
        let generation = key.generation;
        handle(slot, generation, out)
    }

    /// Copy the key in slot `from` into a new slot (the one `out` names if `allocate_key`
    /// reserved it), byte by byte between the two slots: no copy of the material outside
    /// the element's slots.
    fn duplicate(&mut self, from: usize, usage: UsageFlags, out: &mut [u8]) -> Result<usize> {
        let (key_type, len, public) = match &self.slots[from] {
            Some(k) => (k.key_type, k.len, k.public),
            None => return Err(Error::CorruptionDetected),
        };
        let length = self.store(key_type, usage, &[], &public, out)?;
        let to = self.slot_of(out)?;
        let Ok([Some(source), Some(target)]) = self.slots.get_disjoint_mut([from, to]) else {
            return Err(Error::CorruptionDetected);
        };
        target.material[..len].copy_from_slice(&source.material[..len]);
        target.len = len;
        Ok(length)
    }
}

/// The order n of the P-256 group, big-endian (SEC 2 §2.4.2).
const P256_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// A device key checked to be a valid P-256 private scalar (`0 < d < n`), borrowed until
/// [`SecureElement::new`] copies it into the element's slot 0.
///
/// Both are `const fn`, so a firmware can provision a `static` element; in a `static`
/// initializer an invalid key is a compile error:
///
/// ```
/// use psa_drivers::secure_element::{DeviceKey, SecureElement};
/// const SCALAR: [u8; 32] = [0x11; 32];
/// static ELEMENT: SecureElement = SecureElement::new(DeviceKey::new(&SCALAR).expect("a P-256 scalar"));
/// assert_eq!(ELEMENT.keys_in_element(), 1);
/// assert!(DeviceKey::new(&[0; 32]).is_none());
/// ```
#[derive(Clone, Copy)]
pub struct DeviceKey<'a>(&'a [u8; 32]);

impl core::fmt::Debug for DeviceKey<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        f.write_str("DeviceKey(..)")
    }
}

impl<'a> DeviceKey<'a> {
    /// `scalar` (big-endian) if it is a valid P-256 private key: non-zero and below the group
    /// order; `None` otherwise.
    pub const fn new(scalar: &'a [u8; 32]) -> Option<Self> {
        let mut nonzero = false;
        let mut i = 0;
        while i < 32 {
            nonzero |= scalar[i] != 0;
            i += 1;
        }
        // Big-endian comparison with n: the first differing byte decides.
        let mut i = 0;
        while i < 32 && scalar[i] == P256_ORDER[i] {
            i += 1;
        }
        let below_order = i < 32 && scalar[i] < P256_ORDER[i];
        if nonzero && below_order {
            Some(DeviceKey(scalar))
        } else {
            None
        }
    }
}

impl SecureElement {
    /// Open a session with an element whose device key (slot 0) was provisioned with
    /// `device_key` at manufacturing. `const`: see [`DeviceKey`].
    pub const fn new(device_key: DeviceKey<'_>) -> Self {
        let mut slots: [Option<ElementKey>; ELEMENT_SLOTS] = [const { None }; ELEMENT_SLOTS];
        // The slot was `None`: nothing to drop (and a `const fn` cannot run a destructor).
        core::mem::forget(slots[0].replace(ElementKey {
            key_type: KEY_PAIR,
            usage: UsageFlags::SIGN_HASH.union(UsageFlags::VERIFY_HASH),
            material: [0; 65],
            len: 32,
            public: [0; 65],
            generation: 0,
            provisioned: true,
        }));
        // Copied straight into the slot, so no other copy of the key is left behind.
        if let Some(key) = &mut slots[0] {
            let mut i = 0;
            while i < 32 {
                key.material[i] = device_key.0[i];
                i += 1;
            }
        }
        SecureElement {
            element: spin::Mutex::new(Element {
                slots,
                generation: 0,
            }),
        }
    }

    /// Open a session with an element whose device key (slot 0) was provisioned with the
    /// given P-256 private scalar at manufacturing (the run-time form of
    /// [`SecureElement::new`]).
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` if `device_key` is not a valid P-256 scalar.
    pub fn provisioned(device_key: &[u8; 32]) -> Result<Self> {
        DeviceKey::new(device_key)
            .map(Self::new)
            .ok_or(Error::InvalidArgument)
    }

    /// How many element slots hold keys (the device key included).
    pub fn keys_in_element(&self) -> usize {
        self.element
            .lock()
            .slots
            .iter()
            .filter(|s| s.as_ref().is_some_and(|k| k.key_type != KeyType::NONE))
            .count()
    }

    /// How many element slots are free (neither holding a key nor allocated for one).
    pub fn free_slots(&self) -> usize {
        self.element
            .lock()
            .slots
            .iter()
            .filter(|s| s.is_none())
            .count()
    }
}

/// Deterministic ECDSA (RFC 6979) with the algorithm's own hash driving the nonce, as the
/// PSA spec requires (`DETERMINISTIC_ECDSA(SHA_384)` on P-256 uses HMAC-SHA-384).
fn rfc6979(d: &NonZeroScalar, hash: Algorithm, z: &[u8]) -> Result<Signature> {
    use ecdsa::hazmat::sign_prehashed_rfc6979;
    use p256::NistP256;
    Ok(match hash {
        Algorithm::SHA_224 => sign_prehashed_rfc6979::<NistP256, sha2::Sha224>(d, z, &[]).0,
        Algorithm::SHA_256 => sign_prehashed_rfc6979::<NistP256, sha2::Sha256>(d, z, &[]).0,
        Algorithm::SHA_384 => sign_prehashed_rfc6979::<NistP256, sha2::Sha384>(d, z, &[]).0,
        Algorithm::SHA_512 => sign_prehashed_rfc6979::<NistP256, sha2::Sha512>(d, z, &[]).0,
        _ => return Err(Error::NotSupported),
    })
}

/// ECDSA with the scalar `scalar` (the slot's bytes, parsed in place): randomized (hedged
/// RFC 6979, random additional input) or deterministic. The parsed scalar is wiped when
/// this returns; the caller wipes the dead frames (`ecdsa`'s nonce derivation serializes the
/// scalar again, `hazmat.rs` `d.to_repr()`, into a temporary it does not wipe).
#[inline(never)]
fn sign_in(scalar: &[u8], alg: Algorithm, hash: &[u8], rng: Rng<'_>) -> Result<Signature> {
    let secret = secret_key(scalar)?;
    let d = Zeroizing::new(secret.to_nonzero_scalar());
    drop(secret);
    if alg.is_deterministic_ecdsa() {
        return rfc6979(&d, alg.hash(), hash);
    }
    let mut extra = Zeroizing::new([0u8; 32]);
    rng.fill(&mut extra[..])
        .map_err(|_| Error::InsufficientEntropy)?;
    let (sig, _) =
        ecdsa::hazmat::sign_prehashed_rfc6979::<p256::NistP256, sha2::Sha256>(&d, hash, &extra[..]);
    Ok(sig)
}

/// ECDH with the scalar `scalar` (parsed in place, wiped on return); the caller wipes the
/// dead frames (the scalar multiplication's radix-16 recoding, as for [`derive_public`]).
#[inline(never)]
fn ecdh_in(scalar: &[u8], peer: &PublicKey, out: &mut [u8]) -> Result<()> {
    let secret = secret_key(scalar)?;
    let d = Zeroizing::new(secret.to_nonzero_scalar());
    drop(secret);
    let shared = p256::ecdh::diffie_hellman(&*d, peer.as_affine());
    out.copy_from_slice(shared.raw_secret_bytes());
    Ok(())
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
        allocate_key, import_key, generate_key, export_public_key, export_key, copy_key,
        destroy_key,
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
    /// Reserve an element slot for a key about to be imported or generated; the key buffer
    /// receives the slot's handle, which `import_key` / `generate_key` then fill (the core
    /// calls `destroy_key` on it if creation fails).
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types (nothing is reserved); `INSUFFICIENT_STORAGE` when
    /// the element is full; `BUFFER_TOO_SMALL`.
    pub fn allocate_key(&self, attributes: &KeyAttributes, key_buffer: &mut [u8]) -> Result<usize> {
        check_type(attributes)?;
        if key_buffer.len() < HANDLE_LEN {
            return Err(Error::BufferTooSmall);
        }
        let mut element = self.element.lock();
        let slot = element.take_free(KeyType::NONE, UsageFlags::NONE)?;
        let generation = element.slots[slot].as_ref().map_or(0, |k| k.generation);
        handle(slot, generation, key_buffer)
    }

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
        // Without a declared size the data's length tells the curve: another SECP_R1 curve
        // (P-192 … P-521) is one the element does not hold, not malformed data.
        let other_curve = match attributes.key_type() {
            KEY_PAIR => [24, 28, 48, 66].contains(&data.len()),
            _ => [49, 57, 97, 133].contains(&data.len()),
        };
        if attributes.bits() == 0 && other_curve {
            return Err(Error::NotSupported);
        }
        let mut public = [0u8; 65];
        if attributes.key_type() == KEY_PAIR {
            // Validated (0 < d < n) without a scalar multiplication; the point is derived
            // when first needed.
            secret_key(data).map(drop)?
        } else {
            public_key(data).map(drop)?;
            public.copy_from_slice(data);
        }
        let length = self.element.lock().store(
            attributes.key_type(),
            attributes.usage(),
            data,
            &public,
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
        let scalar = Zeroizing::new(sk.to_bytes());
        drop(sk);
        self.element.lock().store(
            KEY_PAIR,
            attributes.usage(),
            &scalar[..],
            &[0; 65],
            key_buffer,
        )
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
        let out = data.get_mut(..65).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(self.element.lock().public(key_buffer)?);
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
        if element.resolve(source_key)?.provisioned {
            return Err(Error::NotPermitted);
        }
        let from = element.slot_of(source_key)?;
        element.duplicate(from, attributes.usage(), target_key_buffer)
    }

    /// Erase a key from the element.
    ///
    /// # Errors
    /// `NOT_PERMITTED` for the provisioned device key; `DOES_NOT_EXIST` for a stale handle.
    pub fn destroy_key(&self, _attributes: &KeyAttributes, key_buffer: &[u8]) -> Result<()> {
        let mut element = self.element.lock();
        // A key, or storage allocated for one whose creation failed.
        let slot = element.slot_of(key_buffer)?;
        if element.slots[slot].as_ref().is_some_and(|k| k.provisioned) {
            return Err(Error::NotPermitted);
        }
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
        let sig = sign_in(&key.material[..32], alg, hash, rng);
        wipe_dead_stack();
        out.copy_from_slice(&sig?.to_bytes());
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
        let mut element = self.element.lock();
        let public = public_key(element.public(key_buffer)?)?;
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
        let r = ecdh_in(&key.material[..32], &peer, out);
        wipe_dead_stack();
        r.map(|()| 32)
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
