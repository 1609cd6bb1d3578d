//! Two drivers over aws-lc-rs (AWS-LC built with the C compiler): a transparent driver for
//! local P-256/P-384 keys ([`AwsLcDriver`]) and an opaque software key store
//! ([`AwsLcKeyStore`]) at [`AWS_LC_LOCATION`] that keeps the parsed AWS-LC keys between calls.
//!
//! Formats are PSA's: a raw big-endian private scalar, a `0x04‖X‖Y` public key, `r‖s`
//! signatures, the shared x-coordinate for ECDH. Randomized ECDSA uses the curve's hash
//! (SHA-256 on P-256, SHA-384 on P-384) and AWS-LC's own random generator; other hashes and
//! deterministic ECDSA are `NOT_SUPPORTED`.

use std::boxed::Box;
use std::sync::Mutex;

use aws_lc_rs::agreement::{self, ECDH_P256, ECDH_P384};
use aws_lc_rs::digest::{self, Digest};
use aws_lc_rs::encoding::{AsBigEndian, EcPrivateKeyBin};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED,
    ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, EcdsaSigningAlgorithm,
    EcdsaVerificationAlgorithm, ParsedPublicKey, UnparsedPublicKey,
};
use psa_core::{
    Algorithm, EccFamily, Error, ImportedKey, KeyAttributes, KeyType, Location, Result, Rng,
    psa_driver,
};

/// The location the key store owns (vendor location 0x8000A1).
pub const AWS_LC_LOCATION: Location = Location::vendor(0xA1);

const KEY_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const PUBLIC_KEY: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);

/// One of the two curves served.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Curve {
    P256,
    P384,
}

impl Curve {
    /// The curve of `attributes` (SECP_R1, 256 or 384 bits; with no declared size, the
    /// length of `data` tells, if given).
    fn of(attributes: &KeyAttributes, data_len: Option<usize>) -> Result<Self> {
        let t = attributes.key_type();
        if t != KEY_PAIR && t != PUBLIC_KEY {
            return Err(Error::NotSupported);
        }
        let pair = t == KEY_PAIR;
        match (attributes.bits(), data_len) {
            (256, _) => Ok(Curve::P256),
            (384, _) => Ok(Curve::P384),
            (0, Some(32)) if pair => Ok(Curve::P256),
            (0, Some(48)) if pair => Ok(Curve::P384),
            (0, Some(65)) if !pair => Ok(Curve::P256),
            (0, Some(97)) if !pair => Ok(Curve::P384),
            _ => Err(Error::NotSupported),
        }
    }
    const fn bits(self) -> usize {
        match self {
            Curve::P256 => 256,
            Curve::P384 => 384,
        }
    }
    const fn scalar_len(self) -> usize {
        self.bits() / 8
    }
    const fn point_len(self) -> usize {
        1 + 2 * self.scalar_len()
    }
    fn ecdh(self) -> &'static agreement::Algorithm {
        match self {
            Curve::P256 => &ECDH_P256,
            Curve::P384 => &ECDH_P384,
        }
    }
    fn signing(self) -> &'static EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &ECDSA_P256_SHA256_FIXED_SIGNING,
            Curve::P384 => &ECDSA_P384_SHA384_FIXED_SIGNING,
        }
    }
    fn verification(self) -> &'static EcdsaVerificationAlgorithm {
        match self {
            Curve::P256 => &ECDSA_P256_SHA256_FIXED,
            Curve::P384 => &ECDSA_P384_SHA384_FIXED,
        }
    }
    /// The hash aws-lc-rs pairs with the curve, and PSA's name for it.
    fn hash(self) -> (&'static digest::Algorithm, Algorithm) {
        match self {
            Curve::P256 => (&digest::SHA256, Algorithm::SHA_256),
            Curve::P384 => (&digest::SHA384, Algorithm::SHA_384),
        }
    }
    /// The prehash `hash` for `alg` (randomized ECDSA with the curve's hash).
    fn digest(self, alg: Algorithm, hash: &[u8]) -> Result<Digest> {
        let (algorithm, psa_hash) = self.hash();
        if alg != Algorithm::ecdsa(psa_hash) {
            return Err(Error::NotSupported);
        }
        Digest::import_less_safe(hash, algorithm).map_err(|_| Error::InvalidArgument)
    }
}

/// A parsed private key: the ECDH key and the ECDSA key pair, plus the public point.
struct PairKey {
    curve: Curve,
    ecdh: agreement::PrivateKey,
    ecdsa: EcdsaKeyPair,
    public: ParsedPublicKey,
}

/// Parse a private scalar (exact length, non-zero, below the order) into every form the
/// driver uses: what the opaque store keeps, and what the transparent driver's `sign_hash`
/// needs (the ECDSA key pair costs a second scalar multiplication).
fn parse_pair(curve: Curve, scalar: &[u8]) -> Result<PairKey> {
    finish_pair(curve, parse_scalar(curve, scalar)?)
}

/// Parse a private scalar into its key-agreement form only (one scalar multiplication, for
/// the public point): enough for ECDH, export of the public key and verification.
fn parse_scalar(curve: Curve, scalar: &[u8]) -> Result<agreement::PrivateKey> {
    if scalar.len() != curve.scalar_len() {
        return Err(Error::InvalidArgument);
    }
    agreement::PrivateKey::from_private_key(curve.ecdh(), scalar)
        .map_err(|_| Error::InvalidArgument)
}

/// The public key of a parsed scalar, parsed for verification.
fn public_of(curve: Curve, ecdh: &agreement::PrivateKey) -> Result<ParsedPublicKey> {
    let point = ecdh
        .compute_public_key()
        .map_err(|_| Error::CorruptionDetected)?;
    parse_public(curve, point.as_ref())
}

fn finish_pair(curve: Curve, ecdh: agreement::PrivateKey) -> Result<PairKey> {
    let point = ecdh
        .compute_public_key()
        .map_err(|_| Error::CorruptionDetected)?;
    // `EcPrivateKeyBin` wipes its copy of the scalar when dropped (end of this function).
    let scalar: EcPrivateKeyBin<'static> =
        ecdh.as_be_bytes().map_err(|_| Error::CorruptionDetected)?;
    let ecdsa = EcdsaKeyPair::from_private_key_and_public_key(
        curve.signing(),
        scalar.as_ref(),
        point.as_ref(),
    )
    .map_err(|_| Error::InvalidArgument);
    let public = parse_public(curve, point.as_ref())?;
    Ok(PairKey {
        curve,
        ecdh,
        ecdsa: ecdsa?,
        public,
    })
}

/// Parse an uncompressed public point (exact length and form, on the curve).
fn parse_public(curve: Curve, point: &[u8]) -> Result<ParsedPublicKey> {
    if point.len() != curve.point_len() || point[0] != 0x04 {
        return Err(Error::InvalidArgument);
    }
    UnparsedPublicKey::new(curve.verification(), point)
        .parse()
        .map_err(|_| Error::InvalidArgument)
}

fn write(out: &mut [u8], bytes: &[u8]) -> Result<usize> {
    out.get_mut(..bytes.len())
        .ok_or(Error::BufferTooSmall)?
        .copy_from_slice(bytes);
    Ok(bytes.len())
}

fn write_public(ecdh: &agreement::PrivateKey, out: &mut [u8]) -> Result<usize> {
    let point = ecdh
        .compute_public_key()
        .map_err(|_| Error::CorruptionDetected)?;
    write(out, point.as_ref())
}

fn sign(key: &PairKey, alg: Algorithm, hash: &[u8], out: &mut [u8]) -> Result<usize> {
    let digest = key.curve.digest(alg, hash)?;
    let len = 2 * key.curve.scalar_len();
    let out = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    let sig = key
        .ecdsa
        .sign_digest(&digest)
        .map_err(|_| Error::GenericError)?;
    write(out, sig.as_ref())
}

fn verify(
    curve: Curve,
    public: &ParsedPublicKey,
    alg: Algorithm,
    hash: &[u8],
    sig: &[u8],
) -> Result<()> {
    if !alg.is_ecdsa() {
        return Err(Error::NotSupported);
    }
    let (algorithm, psa_hash) = curve.hash();
    if alg != Algorithm::ecdsa(psa_hash) && alg != Algorithm::deterministic_ecdsa(psa_hash) {
        return Err(Error::NotSupported);
    }
    let digest = Digest::import_less_safe(hash, algorithm).map_err(|_| Error::InvalidArgument)?;
    if sig.len() != 2 * curve.scalar_len() {
        return Err(Error::InvalidSignature);
    }
    public
        .verify_digest_sig(&digest, sig)
        .map_err(|_| Error::InvalidSignature)
}

fn ecdh(
    curve: Curve,
    key: &agreement::PrivateKey,
    alg: Algorithm,
    peer: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    if alg != Algorithm::ECDH {
        return Err(Error::NotSupported);
    }
    if peer.len() != curve.point_len() || peer[0] != 0x04 {
        return Err(Error::InvalidArgument);
    }
    let out = out
        .get_mut(..curve.scalar_len())
        .ok_or(Error::BufferTooSmall)?;
    agreement::agree(
        key,
        agreement::UnparsedPublicKey::new(curve.ecdh(), peer),
        Error::InvalidArgument,
        // aws-lc's raw ECDH secret is the field size; anything else is its failure, never a
        // panic here.
        |secret| {
            if secret.len() != out.len() {
                return Err(Error::HardwareFailure);
            }
            out.copy_from_slice(secret);
            Ok(secret.len())
        },
    )
}

/// The transparent aws-lc-rs driver for local P-256/P-384 keys. Stateless: it parses the
/// key buffer on every call.
#[derive(Clone, Copy, Debug, Default)]
pub struct AwsLcDriver;

impl AwsLcDriver {
    /// A driver instance.
    pub const fn new() -> Self {
        AwsLcDriver
    }
}

#[psa_driver(
    prefix = "aws_lc",
    kind = "transparent",
    entry_points = [import_key, export_public_key, generate_key, key_agreement, sign_hash, verify_hash],
    capability(
        entry_points = [import_key, export_public_key, generate_key],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1), KeyType::ecc_public_key(EccFamily::SECP_R1)],
        key_sizes = [256, 384],
    ),
    capability(
        entry_points = [sign_hash],
        algorithms = [Algorithm::ecdsa(Algorithm::SHA_256), Algorithm::ecdsa(Algorithm::SHA_384)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256, 384],
    ),
    capability(
        entry_points = [verify_hash],
        algorithms = [
            Algorithm::ecdsa(Algorithm::SHA_256), Algorithm::ecdsa(Algorithm::SHA_384),
            Algorithm::deterministic_ecdsa(Algorithm::SHA_256), Algorithm::deterministic_ecdsa(Algorithm::SHA_384),
        ],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1), KeyType::ecc_public_key(EccFamily::SECP_R1)],
        key_sizes = [256, 384],
    ),
    capability(
        entry_points = [key_agreement],
        algorithms = [Algorithm::ECDH],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256, 384],
    ),
)]
impl AwsLcDriver {
    /// Check a P-256/P-384 key in PSA export format and store it unchanged.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types or sizes; `INVALID_ARGUMENT` for malformed material;
    /// `BUFFER_TOO_SMALL`.
    pub fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        let curve = Curve::of(attributes, Some(data.len()))?;
        if attributes.key_type() == KEY_PAIR {
            parse_pair(curve, data)?;
        } else {
            parse_public(curve, data)?;
        }
        let length = write(key_buffer, data)?;
        Ok(ImportedKey {
            length,
            bits: curve.bits(),
        })
    }

    /// Derive the `0x04‖X‖Y` public key of a key pair.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for anything but a P-256/P-384 key pair; `INVALID_ARGUMENT`;
    /// `BUFFER_TOO_SMALL`.
    pub fn export_public_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        let key = parse_scalar(Curve::of(attributes, None)?, key_buffer)?;
        write_public(&key, data)
    }

    /// Generate a key pair with AWS-LC's generator; the buffer receives the scalar.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types; `BUFFER_TOO_SMALL`; `INSUFFICIENT_ENTROPY`.
    pub fn generate_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        let curve = Curve::of(attributes, None)?;
        let out = key_buffer
            .get_mut(..curve.scalar_len())
            .ok_or(Error::BufferTooSmall)?;
        let key = agreement::PrivateKey::generate(curve.ecdh())
            .map_err(|_| Error::InsufficientEntropy)?;
        let scalar: EcPrivateKeyBin<'static> =
            key.as_be_bytes().map_err(|_| Error::CorruptionDetected)?;
        write(out, scalar.as_ref())
    }

    /// Raw ECDH: the shared x-coordinate.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other algorithms or keys; `INVALID_ARGUMENT` for a bad peer key;
    /// `BUFFER_TOO_SMALL`.
    pub fn key_agreement(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        peer_key: &[u8],
        shared_secret: &mut [u8],
    ) -> Result<usize> {
        if alg != Algorithm::ECDH || attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        let curve = Curve::of(attributes, None)?;
        let key = parse_scalar(curve, key_buffer)?;
        ecdh(curve, &key, alg, peer_key, shared_secret)
    }

    /// Randomized ECDSA with the curve's hash; the signature is `r‖s`.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other algorithms, hashes or keys; `INVALID_ARGUMENT` for a hash of
    /// the wrong length; `BUFFER_TOO_SMALL`.
    pub fn sign_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        let curve = Curve::of(attributes, None)?;
        curve.digest(alg, hash)?;
        let key = parse_pair(curve, key_buffer)?;
        sign(&key, alg, hash, signature)
    }

    /// Verify an ECDSA signature made with the curve's hash.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE`; `NOT_SUPPORTED` for other algorithms or keys.
    pub fn verify_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        let curve = Curve::of(attributes, None)?;
        if !alg.is_ecdsa() {
            return Err(Error::NotSupported);
        }
        let public = if attributes.key_type() == KEY_PAIR {
            public_of(curve, &parse_scalar(curve, key_buffer)?)?
        } else {
            parse_public(curve, key_buffer)?
        };
        verify(curve, &public, alg, hash, signature)
    }
}

/// How many keys the store holds.
pub const AWS_LC_SLOTS: usize = 64;
const HANDLE_LEN: usize = 8;
const MAGIC: [u8; 2] = *b"AL";

enum StoredKey {
    Pair(Box<PairKey>),
    Public(Curve, ParsedPublicKey),
}

struct Slot {
    key: StoredKey,
    generation: u32,
}

struct Table {
    slots: [Option<Slot>; AWS_LC_SLOTS],
    generation: u32,
}

impl Table {
    fn slot_of(&self, key_buffer: &[u8]) -> Result<usize> {
        if key_buffer.len() < HANDLE_LEN || key_buffer[..2] != MAGIC {
            return Err(Error::CorruptionDetected);
        }
        let slot = usize::from(key_buffer[2]);
        let generation =
            u32::from_le_bytes([key_buffer[4], key_buffer[5], key_buffer[6], key_buffer[7]]);
        match self.slots.get(slot) {
            Some(Some(s)) if s.generation == generation => Ok(slot),
            _ => Err(Error::DoesNotExist),
        }
    }
    fn get(&self, key_buffer: &[u8]) -> Result<&StoredKey> {
        let slot = self.slot_of(key_buffer)?;
        self.slots[slot]
            .as_ref()
            .map(|s| &s.key)
            .ok_or(Error::DoesNotExist)
    }
    fn store(&mut self, key: StoredKey, key_buffer: &mut [u8]) -> Result<usize> {
        let out = key_buffer
            .get_mut(..HANDLE_LEN)
            .ok_or(Error::BufferTooSmall)?;
        let slot = self
            .slots
            .iter()
            .position(Option::is_none)
            .ok_or(Error::InsufficientMemory)?;
        self.generation = self.generation.wrapping_add(1);
        self.slots[slot] = Some(Slot {
            key,
            generation: self.generation,
        });
        out[..2].copy_from_slice(&MAGIC);
        out[2] = slot as u8;
        out[3] = 0;
        out[4..].copy_from_slice(&self.generation.to_le_bytes());
        Ok(HANDLE_LEN)
    }
}

/// The opaque aws-lc-rs key store at [`AWS_LC_LOCATION`]: parsed AWS-LC keys in a
/// fixed table of [`AWS_LC_SLOTS`] slots; the PSA core keeps only an 8-byte handle. Private
/// keys never leave it (no `export_key`); AWS-LC frees (and clears) a key's memory on
/// destroy.
pub struct AwsLcKeyStore {
    table: Mutex<Table>,
}

impl core::fmt::Debug for AwsLcKeyStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AwsLcKeyStore")
            .field("keys", &self.keys())
            .finish_non_exhaustive()
    }
}

impl Default for AwsLcKeyStore {
    fn default() -> Self {
        Self::new()
    }
}

impl AwsLcKeyStore {
    /// An empty store.
    pub const fn new() -> Self {
        AwsLcKeyStore {
            table: Mutex::new(Table {
                slots: [const { None }; AWS_LC_SLOTS],
                generation: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many keys the store holds.
    pub fn keys(&self) -> usize {
        self.lock().slots.iter().filter(|s| s.is_some()).count()
    }
}

#[psa_driver(
    prefix = "aws_lc_store",
    kind = "opaque",
    location = AWS_LC_LOCATION,
    entry_points = [
        import_key, generate_key, export_public_key, destroy_key,
        sign_hash, verify_hash, key_agreement,
    ],
    capability(
        entry_points = [sign_hash],
        algorithms = [Algorithm::ecdsa(Algorithm::SHA_256), Algorithm::ecdsa(Algorithm::SHA_384)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
    ),
    capability(entry_points = [key_agreement], algorithms = [Algorithm::ECDH]),
)]
impl AwsLcKeyStore {
    /// Parse a P-256/P-384 key into a slot; the key buffer receives the slot's handle.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types; `INVALID_ARGUMENT` for malformed material;
    /// `INSUFFICIENT_MEMORY` when the table is full; `BUFFER_TOO_SMALL`.
    pub fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        let curve = Curve::of(attributes, Some(data.len()))?;
        let key = if attributes.key_type() == KEY_PAIR {
            StoredKey::Pair(Box::new(parse_pair(curve, data)?))
        } else {
            StoredKey::Public(curve, parse_public(curve, data)?)
        };
        let length = self.lock().store(key, key_buffer)?;
        Ok(ImportedKey {
            length,
            bits: curve.bits(),
        })
    }

    /// Generate a key pair inside the store.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other types; `INSUFFICIENT_MEMORY`; `INSUFFICIENT_ENTROPY`.
    pub fn generate_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        let curve = Curve::of(attributes, None)?;
        let ecdh = agreement::PrivateKey::generate(curve.ecdh())
            .map_err(|_| Error::InsufficientEntropy)?;
        let key = StoredKey::Pair(Box::new(finish_pair(curve, ecdh)?));
        self.lock().store(key, key_buffer)
    }

    /// The `0x04‖X‖Y` public key of a stored key.
    ///
    /// # Errors
    /// `DOES_NOT_EXIST` for a stale handle; `BUFFER_TOO_SMALL`.
    pub fn export_public_key(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        let table = self.lock();
        match table.get(key_buffer)? {
            StoredKey::Pair(key) => write_public(&key.ecdh, data),
            StoredKey::Public(_, public) => write(data, public.as_ref()),
        }
    }

    /// Free a slot (AWS-LC clears and frees the key).
    ///
    /// # Errors
    /// `DOES_NOT_EXIST` for a stale handle.
    pub fn destroy_key(&self, _attributes: &KeyAttributes, key_buffer: &[u8]) -> Result<()> {
        let mut table = self.lock();
        let slot = table.slot_of(key_buffer)?;
        table.slots[slot] = None;
        Ok(())
    }

    /// Randomized ECDSA with the curve's hash.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other algorithms; `INVALID_ARGUMENT` for a public key;
    /// `BUFFER_TOO_SMALL`.
    pub fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        let table = self.lock();
        match table.get(key_buffer)? {
            StoredKey::Pair(key) => sign(key, alg, hash, signature),
            StoredKey::Public(..) => Err(Error::InvalidArgument),
        }
    }

    /// Verify an ECDSA signature made with the curve's hash.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE`; `NOT_SUPPORTED` for other algorithms.
    pub fn verify_hash(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        let table = self.lock();
        match table.get(key_buffer)? {
            StoredKey::Pair(key) => verify(key.curve, &key.public, alg, hash, signature),
            StoredKey::Public(curve, public) => verify(*curve, public, alg, hash, signature),
        }
    }

    /// Raw ECDH with a stored key pair.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other algorithms; `INVALID_ARGUMENT` for a public key or a bad
    /// peer key; `BUFFER_TOO_SMALL`.
    pub fn key_agreement(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        peer_key: &[u8],
        shared_secret: &mut [u8],
    ) -> Result<usize> {
        let table = self.lock();
        match table.get(key_buffer)? {
            StoredKey::Pair(key) => ecdh(key.curve, &key.ecdh, alg, peer_key, shared_secret),
            StoredKey::Public(..) => Err(Error::InvalidArgument),
        }
    }
}
