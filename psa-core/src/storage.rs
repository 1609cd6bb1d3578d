//! Persistent key storage: the trait an application's storage implements (shaped like PSA
//! Internal Trusted Storage), the "no storage" default, and the record format the core writes.
//!
//! The core stores one record per persistent key under the uid equal to its key id. A record
//! is the key's attributes and key buffer (export format for local keys, the driver's handle
//! for opaque keys), with a format version and a CRC-32, so a damaged record is detected
//! (`DATA_CORRUPT`) and one that decodes to an impossible key is refused (`DATA_INVALID`).
//! Records are built and read in a buffer that is wiped where it lies when it drops.
//!
//! Backends: `psa-storage` (flash over `embedded-storage`'s `NorFlash` through
//! `sequential-storage`, and one file per key with `std`).

use zeroize::Zeroize;

use crate::store::KEY_BUFFER_SIZE;
use crate::{Algorithm, Error, KeyAttributes, KeyId, KeyType, Lifetime, Result, UsageFlags};

/// Flags given to [`KeyStorage::set`] (`psa_storage_create_flags_t`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CreateFlags(pub u32);

impl CreateFlags {
    /// No flags.
    pub const NONE: CreateFlags = CreateFlags(0);
    /// The uid can never be modified or removed once written (`PSA_STORAGE_FLAG_WRITE_ONCE`).
    pub const WRITE_ONCE: CreateFlags = CreateFlags(1);

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: CreateFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

/// What [`KeyStorage::get_info`] reports (`struct psa_storage_info_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageInfo {
    /// The size of the stored data in bytes.
    pub size: usize,
    /// The flags it was stored with.
    pub flags: CreateFlags,
}

/// Storage for persistent keys, shaped like PSA Internal Trusted Storage
/// (`psa_its_set` / `get` / `get_info` / `remove` by a 64-bit uid).
///
/// Methods take `&self`: a backend serialises its own accesses (the core calls it from many
/// threads, never while holding its own lock). A `set` must be atomic: after a power cut
/// the uid holds either its old data or the new, never a mix.
pub trait KeyStorage {
    /// Whether this storage keeps anything. `false` only for [`NoStorage`]: persistent
    /// lifetimes are then `NOT_SUPPORTED`.
    const PERSISTENT: bool = true;

    /// Store `data` under `uid`, replacing what was there.
    ///
    /// # Errors
    /// `NOT_PERMITTED` if `uid` was written with `WRITE_ONCE`; `NOT_SUPPORTED` for unknown
    /// flags; `INSUFFICIENT_STORAGE` when full; `STORAGE_FAILURE` on an I/O failure.
    fn set(&self, uid: u64, data: &[u8], flags: CreateFlags) -> Result<()>;

    /// Read the data under `uid` from `offset` into `out`; the number of bytes read.
    ///
    /// # Errors
    /// `DOES_NOT_EXIST`; `INVALID_ARGUMENT` for an offset past the data;
    /// `STORAGE_FAILURE`; `DATA_CORRUPT` where the backend detects damage itself.
    fn get(&self, uid: u64, offset: usize, out: &mut [u8]) -> Result<usize>;

    /// The size and flags of the data under `uid`.
    ///
    /// # Errors
    /// `DOES_NOT_EXIST`; `STORAGE_FAILURE`.
    fn get_info(&self, uid: u64) -> Result<StorageInfo>;

    /// Remove the data under `uid`.
    ///
    /// # Errors
    /// `DOES_NOT_EXIST`; `NOT_PERMITTED` for `WRITE_ONCE` data; `STORAGE_FAILURE`.
    fn remove(&self, uid: u64) -> Result<()>;
}

/// No persistent storage (the default): every persistent lifetime is `NOT_SUPPORTED`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoStorage;

impl KeyStorage for NoStorage {
    const PERSISTENT: bool = false;

    fn set(&self, _uid: u64, _data: &[u8], _flags: CreateFlags) -> Result<()> {
        Err(Error::NotSupported)
    }
    fn get(&self, _uid: u64, _offset: usize, _out: &mut [u8]) -> Result<usize> {
        Err(Error::DoesNotExist)
    }
    fn get_info(&self, _uid: u64) -> Result<StorageInfo> {
        Err(Error::DoesNotExist)
    }
    fn remove(&self, _uid: u64) -> Result<()> {
        Err(Error::DoesNotExist)
    }
}

impl<T: KeyStorage + ?Sized> KeyStorage for &T {
    const PERSISTENT: bool = T::PERSISTENT;

    fn set(&self, uid: u64, data: &[u8], flags: CreateFlags) -> Result<()> {
        (**self).set(uid, data, flags)
    }
    fn get(&self, uid: u64, offset: usize, out: &mut [u8]) -> Result<usize> {
        (**self).get(uid, offset, out)
    }
    fn get_info(&self, uid: u64) -> Result<StorageInfo> {
        (**self).get_info(uid)
    }
    fn remove(&self, uid: u64) -> Result<()> {
        (**self).remove(uid)
    }
}

/// The record format version this core writes and reads.
pub const RECORD_VERSION: u8 = 1;
/// Bytes of a record before the key buffer.
pub const RECORD_HEADER: usize = 32;
/// Bytes of the checksum after the key buffer.
pub const RECORD_TRAILER: usize = 4;
/// The largest record: header, a full key buffer, checksum.
pub const MAX_RECORD_SIZE: usize = RECORD_HEADER + KEY_BUFFER_SIZE + RECORD_TRAILER;
const MAGIC: [u8; 4] = *b"PSAK";

/// The size of the record of a key whose buffer is `key_len` bytes.
pub const fn record_size(key_len: usize) -> usize {
    RECORD_HEADER + key_len + RECORD_TRAILER
}

/// The storage uid of a persistent key id.
pub const fn uid(id: KeyId) -> u64 {
    id.0 as u64
}

/// CRC-32 (IEEE 802.3, reflected, as in zlib), bit by bit: records are small and written
/// rarely, so no table is worth its flash.
pub const fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    let mut i = 0;
    while i < data.len() {
        crc ^= data[i] as u32;
        let mut b = 0;
        while b < 8 {
            crc = (crc >> 1) ^ (0xedb8_8320 & (crc & 1).wrapping_neg());
            b += 1;
        }
        i += 1;
    }
    !crc
}

/// A record being written or read: wiped where it lies when dropped (it holds key bytes).
pub(crate) struct Record {
    pub(crate) bytes: [u8; MAX_RECORD_SIZE],
}

impl Drop for Record {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl Record {
    pub(crate) const fn new() -> Record {
        Record {
            bytes: [0; MAX_RECORD_SIZE],
        }
    }

    /// Encode `attributes` and `key` into this record; its length.
    pub(crate) fn encode(&mut self, attributes: &KeyAttributes, key: &[u8]) -> Result<usize> {
        if key.len() > KEY_BUFFER_SIZE {
            return Err(Error::InvalidArgument);
        }
        let bits = u32::try_from(attributes.bits()).map_err(|_| Error::InvalidArgument)?;
        let b = &mut self.bytes;
        b[0..4].copy_from_slice(&MAGIC);
        b[4] = RECORD_VERSION;
        b[5] = 0;
        b[6..8].copy_from_slice(&attributes.key_type().0.to_le_bytes());
        b[8..12].copy_from_slice(&attributes.id().0.to_le_bytes());
        b[12..16].copy_from_slice(&bits.to_le_bytes());
        b[16..20].copy_from_slice(&attributes.lifetime().0.to_le_bytes());
        b[20..24].copy_from_slice(&attributes.usage().0.to_le_bytes());
        b[24..28].copy_from_slice(&attributes.algorithm().0.to_le_bytes());
        b[28..30].copy_from_slice(&(key.len() as u16).to_le_bytes());
        b[30..32].copy_from_slice(&[0, 0]);
        let end = RECORD_HEADER + key.len();
        b[RECORD_HEADER..end].copy_from_slice(key);
        let crc = crc32(&b[..end]);
        b[end..end + RECORD_TRAILER].copy_from_slice(&crc.to_le_bytes());
        Ok(end + RECORD_TRAILER)
    }

    /// Decode the first `len` bytes, stored under key id `id`: the attributes, and the key
    /// buffer copied into `key` (the caller's slot).
    ///
    /// # Errors
    /// `DATA_CORRUPT` for a truncated record or a bad checksum; `DATA_INVALID` for an
    /// unknown format version or a record that decodes to an impossible key.
    pub(crate) fn decode(
        &self,
        len: usize,
        id: KeyId,
        key: &mut [u8],
    ) -> Result<(KeyAttributes, usize)> {
        let b = self.bytes.get(..len).ok_or(Error::DataCorrupt)?;
        if len < RECORD_HEADER + RECORD_TRAILER {
            return Err(Error::DataCorrupt);
        }
        let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let key_len = usize::from(u16_at(28));
        if RECORD_HEADER + key_len + RECORD_TRAILER != len {
            return Err(Error::DataCorrupt);
        }
        let end = RECORD_HEADER + key_len;
        if crc32(&b[..end]) != u32_at(end) {
            return Err(Error::DataCorrupt);
        }
        if b[0..4] != MAGIC || b[4] != RECORD_VERSION {
            return Err(Error::DataInvalid);
        }
        let attributes = KeyAttributes::new()
            .with_type(KeyType(u16_at(6)))
            .with_id(KeyId(u32_at(8)))
            .with_bits(u32_at(12) as usize)
            .with_lifetime(Lifetime(u32_at(16)))
            .with_usage(UsageFlags(u32_at(20)))
            .with_algorithm(Algorithm(u32_at(24)));
        if attributes.id() != id
            || attributes.key_type() == KeyType::NONE
            || attributes.lifetime().is_volatile()
            || attributes.lifetime().is_read_only()
            || !attributes.location().is_valid()
            || key_len == 0
            || key_len > KEY_BUFFER_SIZE
            || attributes.usage().0 != u32_at(20)
        {
            return Err(Error::DataInvalid);
        }
        // The region the store found for the key may be shorter than a record's largest.
        key.get_mut(..key_len)
            .ok_or(Error::InsufficientMemory)?
            .copy_from_slice(&b[RECORD_HEADER..end]);
        Ok((attributes, key_len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EccFamily, Location, Persistence};

    fn attributes() -> KeyAttributes {
        KeyAttributes::new()
            .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
            .with_bits(256)
            .with_id(KeyId(7))
            .with_lifetime(Lifetime::new(Persistence::DEFAULT, Location::LOCAL_STORAGE))
            .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
            .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256))
    }

    #[test]
    fn crc32_matches_the_published_check_value() {
        // The CRC-32 catalogue's check value: CRC of "123456789".
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn a_record_round_trips_and_every_damage_is_detected() {
        let mut record = Record::new();
        let key = [0x5au8; 32];
        let len = record.encode(&attributes(), &key).unwrap();
        assert_eq!(len, record_size(32));
        let mut out = [0u8; KEY_BUFFER_SIZE];
        let (a, n) = record.decode(len, KeyId(7), &mut out).unwrap();
        assert_eq!((a, &out[..n]), (attributes(), &key[..]));
        // Every single-bit flip anywhere is caught.
        for bit in 0..len * 8 {
            let mut damaged = Record::new();
            damaged.bytes[..len].copy_from_slice(&record.bytes[..len]);
            damaged.bytes[bit / 8] ^= 1 << (bit % 8);
            let r = damaged.decode(len, KeyId(7), &mut out);
            assert!(
                matches!(r, Err(Error::DataCorrupt)),
                "bit {bit}: {:?}",
                r.map(|_| ())
            );
        }
        // Truncated.
        assert_eq!(
            record.decode(len - 1, KeyId(7), &mut out).err(),
            Some(Error::DataCorrupt)
        );
        // Filed under another id.
        assert_eq!(
            record.decode(len, KeyId(8), &mut out).err(),
            Some(Error::DataInvalid)
        );
    }

    #[test]
    fn a_well_formed_record_of_an_impossible_key_is_invalid() {
        let mut out = [0u8; KEY_BUFFER_SIZE];
        for bad in [
            attributes().with_type(KeyType::NONE),
            attributes().with_lifetime(Lifetime::VOLATILE),
            attributes().with_lifetime(Lifetime::new(
                Persistence::READ_ONLY,
                Location::LOCAL_STORAGE,
            )),
        ] {
            let mut record = Record::new();
            let len = record.encode(&bad, &[1; 32]).unwrap();
            assert_eq!(
                record.decode(len, KeyId(7), &mut out).err(),
                Some(Error::DataInvalid)
            );
        }
        // A future format version, checksum intact.
        let mut record = Record::new();
        let len = record.encode(&attributes(), &[1; 32]).unwrap();
        record.bytes[4] = 2;
        let end = len - RECORD_TRAILER;
        let crc = crc32(&record.bytes[..end]);
        record.bytes[end..len].copy_from_slice(&crc.to_le_bytes());
        assert_eq!(
            record.decode(len, KeyId(7), &mut out).err(),
            Some(Error::DataInvalid)
        );
    }
}
