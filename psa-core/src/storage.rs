//! Persistent key storage: the trait an application's storage implements (shaped like PSA
//! Internal Trusted Storage), the "no storage" default, and the record format the core writes.
//!
//! The core stores one record per persistent key under the uid equal to its key id. A record
//! is the key's attributes and key buffer (export format for local keys, the driver's handle
//! for opaque keys), with a format version and a CRC-32, so a damaged record is detected
//! (`DATA_CORRUPT`) and one that decodes to an impossible key is refused (`DATA_INVALID`).
//! A record is read into the key's own store slot and decoded there (the key buffer moved to
//! the slot's front, the rest wiped), and written from the slot as its header, the key buffer
//! and its checksum ([`KeyStorage::set_parts`]), so the core holds no buffer of a record's
//! size: the largest persistent key is what the backend takes
//! ([`KeyStorage::MAX_DATA_SIZE`], less [`RECORD_OVERHEAD`]).
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

    /// The largest `data` this storage takes in one [`set`](KeyStorage::set) (and
    /// [`set_parts`](KeyStorage::set_parts)), chosen at compile time: it bounds the largest
    /// persistent key (a record is [`RECORD_OVERHEAD`] bytes more than its key buffer). The
    /// core refuses a larger key with `INSUFFICIENT_STORAGE` before it writes anything. The
    /// default, [`MAX_RECORD_SIZE`], holds keys of up to [`KEY_BUFFER_SIZE`] bytes; a backend
    /// that raises it overrides `set_parts` too.
    const MAX_DATA_SIZE: usize = MAX_RECORD_SIZE;

    /// Store the concatenation of `parts` under `uid`, as one atomic [`set`](KeyStorage::set)
    /// (the core writes a record as its header, the key buffer where it lies, and its
    /// checksum, so it needs no buffer of the record's size).
    ///
    /// The default copies the parts into a wiped-on-drop stack buffer of
    /// [`MAX_RECORD_SIZE`] bytes and calls `set`.
    ///
    /// # Errors
    /// As `set`; `INSUFFICIENT_STORAGE` if the parts add up to more than the buffer holds.
    fn set_parts(&self, uid: u64, parts: &[&[u8]], flags: CreateFlags) -> Result<()> {
        struct Buffer([u8; MAX_RECORD_SIZE]);
        impl Drop for Buffer {
            fn drop(&mut self) {
                self.0.zeroize();
            }
        }
        let mut buffer = Buffer([0; MAX_RECORD_SIZE]);
        let mut len = 0;
        for part in parts {
            let end = len + part.len();
            buffer
                .0
                .get_mut(len..end)
                .ok_or(Error::InsufficientStorage)?
                .copy_from_slice(part);
            len = end;
        }
        self.set(uid, &buffer.0[..len], flags)
    }

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
    const MAX_DATA_SIZE: usize = T::MAX_DATA_SIZE;

    fn set(&self, uid: u64, data: &[u8], flags: CreateFlags) -> Result<()> {
        (**self).set(uid, data, flags)
    }
    fn set_parts(&self, uid: u64, parts: &[&[u8]], flags: CreateFlags) -> Result<()> {
        (**self).set_parts(uid, parts, flags)
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
/// Bytes a record adds to its key buffer (header and checksum).
pub const RECORD_OVERHEAD: usize = RECORD_HEADER + RECORD_TRAILER;
/// The record of a key buffer of [`KEY_BUFFER_SIZE`] bytes: the default
/// [`KeyStorage::MAX_DATA_SIZE`].
pub const MAX_RECORD_SIZE: usize = RECORD_HEADER + KEY_BUFFER_SIZE + RECORD_TRAILER;
/// The largest key buffer the record format can hold (its length field is 16 bits).
pub const MAX_RECORD_KEY: usize = u16::MAX as usize;
const MAGIC: [u8; 4] = *b"PSAK";

/// The size of the record of a key whose buffer is `key_len` bytes.
pub const fn record_size(key_len: usize) -> usize {
    RECORD_HEADER + key_len + RECORD_TRAILER
}

/// The largest key buffer a storage that takes `max_data` bytes per uid can keep.
pub const fn max_key_len(max_data: usize) -> usize {
    let room = max_data.saturating_sub(RECORD_OVERHEAD);
    if room < MAX_RECORD_KEY {
        room
    } else {
        MAX_RECORD_KEY
    }
}

/// The storage uid of a persistent key id.
pub const fn uid(id: KeyId) -> u64 {
    id.0 as u64
}

/// CRC-32 (IEEE 802.3, reflected, as in zlib), bit by bit: records are small and written
/// rarely, so no table is worth its flash.
pub const fn crc32(data: &[u8]) -> u32 {
    !crc32_update(!0, data)
}

/// Run the CRC-32 register `crc` (not inverted) over `data`.
const fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
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
    crc
}

/// A record's header and checksum, built for a key buffer that stays where it lies: the
/// record is `header ‖ key ‖ trailer`. Wiped when dropped.
pub(crate) struct Record {
    pub(crate) header: [u8; RECORD_HEADER],
    pub(crate) trailer: [u8; RECORD_TRAILER],
}

impl Drop for Record {
    fn drop(&mut self) {
        self.header.zeroize();
        self.trailer.zeroize();
    }
}

impl Record {
    /// The header and checksum of the record of `attributes` and `key`.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for a key buffer longer than [`MAX_RECORD_KEY`] or a size past 32
    /// bits.
    pub(crate) fn encode(attributes: &KeyAttributes, key: &[u8]) -> Result<Record> {
        let key_len = u16::try_from(key.len()).map_err(|_| Error::InvalidArgument)?;
        let bits = u32::try_from(attributes.bits()).map_err(|_| Error::InvalidArgument)?;
        let mut b = [0u8; RECORD_HEADER];
        b[0..4].copy_from_slice(&MAGIC);
        b[4] = RECORD_VERSION;
        b[5] = 0;
        b[6..8].copy_from_slice(&attributes.key_type().0.to_le_bytes());
        b[8..12].copy_from_slice(&attributes.id().0.to_le_bytes());
        b[12..16].copy_from_slice(&bits.to_le_bytes());
        b[16..20].copy_from_slice(&attributes.lifetime().0.to_le_bytes());
        b[20..24].copy_from_slice(&attributes.usage().0.to_le_bytes());
        b[24..28].copy_from_slice(&attributes.algorithm().0.to_le_bytes());
        b[28..30].copy_from_slice(&key_len.to_le_bytes());
        b[30..32].copy_from_slice(&[0, 0]);
        let crc = !crc32_update(crc32_update(!0, &b), key);
        Ok(Record {
            header: b,
            trailer: crc.to_le_bytes(),
        })
    }

    /// Decode the record in the first `len` bytes of `bytes`, stored under key id `id`, in
    /// place: the key buffer is moved to the front of `bytes` and the rest of the record
    /// wiped. The attributes and the key buffer's length.
    ///
    /// # Errors
    /// `DATA_CORRUPT` for a truncated record or a bad checksum; `DATA_INVALID` for an
    /// unknown format version or a record that decodes to an impossible key.
    pub(crate) fn decode_in_place(
        bytes: &mut [u8],
        len: usize,
        id: KeyId,
    ) -> Result<(KeyAttributes, usize)> {
        let r = Self::decode(bytes.get(..len).ok_or(Error::DataCorrupt)?, id);
        let Ok((attributes, key_len)) = r else {
            bytes[..len].zeroize();
            return r;
        };
        bytes.copy_within(RECORD_HEADER..RECORD_HEADER + key_len, 0);
        bytes[key_len..len].zeroize();
        Ok((attributes, key_len))
    }

    fn decode(b: &[u8], id: KeyId) -> Result<(KeyAttributes, usize)> {
        let len = b.len();
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
            || attributes.usage().0 != u32_at(20)
        {
            return Err(Error::DataInvalid);
        }
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

    /// The whole record of `attributes` and `key`, and its length.
    fn record(attributes: &KeyAttributes, key: &[u8]) -> ([u8; 400], usize) {
        let r = Record::encode(attributes, key).unwrap();
        let mut out = [0u8; 400];
        let mut len = 0;
        for part in [&r.header[..], key, &r.trailer[..]] {
            out[len..len + part.len()].copy_from_slice(part);
            len += part.len();
        }
        (out, len)
    }

    #[test]
    fn a_record_round_trips_and_every_damage_is_detected() {
        let key = [0x5au8; 32];
        let (bytes, len) = record(&attributes(), &key);
        assert_eq!(len, record_size(32));
        let mut copy = bytes;
        let (a, n) = Record::decode_in_place(&mut copy, len, KeyId(7)).unwrap();
        assert_eq!((a, &copy[..n]), (attributes(), &key[..]));
        assert!(copy[n..].iter().all(|&b| b == 0), "the rest is wiped");
        // Every single-bit flip anywhere is caught.
        for bit in 0..len * 8 {
            let mut damaged = bytes;
            damaged[bit / 8] ^= 1 << (bit % 8);
            let r = Record::decode_in_place(&mut damaged, len, KeyId(7));
            assert!(
                matches!(r, Err(Error::DataCorrupt)),
                "bit {bit}: {:?}",
                r.map(|_| ())
            );
            assert!(damaged[..len].iter().all(|&b| b == 0), "wiped on failure");
        }
        // Truncated.
        let mut copy = bytes;
        assert_eq!(
            Record::decode_in_place(&mut copy, len - 1, KeyId(7)).err(),
            Some(Error::DataCorrupt)
        );
        // Filed under another id.
        let mut copy = bytes;
        assert_eq!(
            Record::decode_in_place(&mut copy, len, KeyId(8)).err(),
            Some(Error::DataInvalid)
        );
    }

    #[test]
    fn the_record_format_is_the_one_earlier_releases_wrote() {
        // A version-1 record of a 4-byte key, laid out by hand as the format documents.
        let mut old = [0u8; 40];
        old[..4].copy_from_slice(b"PSAK");
        old[4] = 1;
        old[6..8].copy_from_slice(&0x1001u16.to_le_bytes()); // RAW_DATA
        old[8..12].copy_from_slice(&7u32.to_le_bytes());
        old[12..16].copy_from_slice(&32u32.to_le_bytes());
        old[16..20].copy_from_slice(&1u32.to_le_bytes());
        old[20..24].copy_from_slice(&1u32.to_le_bytes()); // EXPORT
        old[28..30].copy_from_slice(&4u16.to_le_bytes());
        old[32..36].copy_from_slice(&[1, 2, 3, 4]);
        let crc = crc32(&old[..36]);
        old[36..40].copy_from_slice(&crc.to_le_bytes());
        let expected = KeyAttributes::new()
            .with_type(KeyType::RAW_DATA)
            .with_bits(32)
            .with_id(KeyId(7))
            .with_lifetime(Lifetime::PERSISTENT)
            .with_usage(UsageFlags::EXPORT);
        assert_eq!(record(&expected, &[1, 2, 3, 4]), {
            let mut o = [0u8; 400];
            o[..40].copy_from_slice(&old);
            (o, 40)
        });
        let (a, n) = Record::decode_in_place(&mut old, 40, KeyId(7)).unwrap();
        assert_eq!((a, &old[..n]), (expected, &[1u8, 2, 3, 4][..]));
    }

    #[test]
    fn a_well_formed_record_of_an_impossible_key_is_invalid() {
        for bad in [
            attributes().with_type(KeyType::NONE),
            attributes().with_lifetime(Lifetime::VOLATILE),
            attributes().with_lifetime(Lifetime::new(
                Persistence::READ_ONLY,
                Location::LOCAL_STORAGE,
            )),
        ] {
            let (mut bytes, len) = record(&bad, &[1; 32]);
            assert_eq!(
                Record::decode_in_place(&mut bytes, len, KeyId(7)).err(),
                Some(Error::DataInvalid)
            );
        }
        // A future format version, checksum intact.
        let (mut bytes, len) = record(&attributes(), &[1; 32]);
        bytes[4] = 2;
        let end = len - RECORD_TRAILER;
        let crc = crc32(&bytes[..end]);
        bytes[end..len].copy_from_slice(&crc.to_le_bytes());
        assert_eq!(
            Record::decode_in_place(&mut bytes, len, KeyId(7)).err(),
            Some(Error::DataInvalid)
        );
    }

    #[test]
    fn the_largest_key_follows_the_storage() {
        assert_eq!(max_key_len(MAX_RECORD_SIZE), KEY_BUFFER_SIZE);
        assert_eq!(max_key_len(10), 0);
        assert_eq!(max_key_len(usize::MAX), MAX_RECORD_KEY);
        assert_eq!(
            Record::encode(&attributes(), &[0; MAX_RECORD_KEY + 1]).err(),
            Some(Error::InvalidArgument)
        );
    }
}
