//! Persistent key storage on NOR flash, through `sequential-storage`'s map: items are appended
//! to pages (each item with its own CRC), a page is erased only when the map rotates, and an
//! item interrupted by a power cut is detected and repaired on the next access. Removal
//! writes an empty item (a tombstone), so any `NorFlash` serves, not only multi-write parts.
//!
//! The flash is blocking (`embedded-storage`'s `NorFlash`); sequential-storage's API is
//! `async`, so each call is driven to completion here by polling it (a blocking flash never
//! returns `Pending`). Calls are serialised by a spin lock: do not call into one store from
//! an interrupt handler that may preempt a caller.
//!
//! Each item is the uid (8 bytes) and the value `flags ‖ data`; the work buffer, which holds
//! key records, is wiped after every call.

use core::future::Future;
use core::ops::Range;
use core::pin::pin;
use core::task::{Context, Poll, Waker};

use embedded_storage::nor_flash::{ErrorType, NorFlash, NorFlashError, ReadNorFlash};
use psa_core::{CreateFlags, Error, KeyStorage, Result, StorageInfo};
use sequential_storage::cache::{Cache, Uncached};
use sequential_storage::map::{MapConfig, MapStorage};
use sequential_storage::map::{SerializationError, Value};
use zeroize::Zeroize;

/// What the work buffer holds beyond an item's data: the uid (8 bytes), the flags byte, and
/// 32 bytes of room for sequential-storage's rounding to the flash's word size.
pub const BUFFER_OVERHEAD: usize = 8 + 1 + 32;

/// The work buffer's default size, 352 bytes: an item holding the default largest record
/// ([`MAX_RECORD_SIZE`](psa_core::storage::MAX_RECORD_SIZE), keys of up to 256 bytes such as EC and AES keys).
pub const DEFAULT_BUFFER: usize = buffer_for_key(psa_core::KEY_BUFFER_SIZE);

/// The work buffer that holds records of keys of up to `key_len` bytes (for
/// [`FlashStorage`]'s `BUFFER`): `FlashStorage<F, { buffer_for_key(2400) }>` stores an
/// RSA-4096 key pair. The item, rounded up to 32 bytes, and 32 bytes more.
pub const fn buffer_for_key(key_len: usize) -> usize {
    (psa_core::storage::record_size(key_len) + 8 + 1).div_ceil(32) * 32 + 32
}

/// An item's value written straight from its parts: the flags byte, then the data.
struct Parts<'a> {
    flag: u8,
    parts: &'a [&'a [u8]],
}

impl<'a> Value<'a> for Parts<'a> {
    fn serialize_into(&self, buffer: &mut [u8]) -> core::result::Result<usize, SerializationError> {
        let mut len = 1;
        *buffer
            .first_mut()
            .ok_or(SerializationError::BufferTooSmall)? = self.flag;
        for part in self.parts {
            let end = len + part.len();
            buffer
                .get_mut(len..end)
                .ok_or(SerializationError::BufferTooSmall)?
                .copy_from_slice(part);
            len = end;
        }
        Ok(len)
    }

    fn deserialize_from(_: &'a [u8]) -> core::result::Result<(Self, usize), SerializationError> {
        // Values are read back as byte slices, never as parts.
        Err(SerializationError::InvalidFormat)
    }
}

/// A blocking `NorFlash` seen through the `async` trait sequential-storage takes.
#[derive(Debug)]
pub struct Blocking<F>(pub F);

impl<F: ErrorType> embedded_storage_async::nor_flash::ErrorType for Blocking<F> {
    type Error = F::Error;
}

impl<F: ReadNorFlash> embedded_storage_async::nor_flash::ReadNorFlash for Blocking<F> {
    const READ_SIZE: usize = F::READ_SIZE;
    async fn read(&mut self, offset: u32, bytes: &mut [u8]) -> core::result::Result<(), F::Error> {
        self.0.read(offset, bytes)
    }
    fn capacity(&self) -> usize {
        self.0.capacity()
    }
}

impl<F: NorFlash> embedded_storage_async::nor_flash::NorFlash for Blocking<F> {
    const WRITE_SIZE: usize = F::WRITE_SIZE;
    const ERASE_SIZE: usize = F::ERASE_SIZE;
    async fn erase(&mut self, from: u32, to: u32) -> core::result::Result<(), F::Error> {
        self.0.erase(from, to)
    }
    async fn write(&mut self, offset: u32, bytes: &[u8]) -> core::result::Result<(), F::Error> {
        self.0.write(offset, bytes)
    }
}

/// Drive a future over a blocking flash to completion.
fn block_on<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

struct Inner<F: NorFlash, const BUFFER: usize> {
    map: MapStorage<u64, Blocking<F>, Cache<Uncached, Uncached, Uncached, u64>>,
    buffer: [u8; BUFFER],
}

/// Persistent key storage in a range of NOR flash (at least two erase pages), with a work
/// buffer of `BUFFER` bytes (inside the store, no heap).
///
/// The work buffer bounds the largest record, so the largest persistent key: the default
/// ([`DEFAULT_BUFFER`], 352 bytes as before) holds keys of up to 256 bytes; a device that stores
/// RSA keys names a larger one with [`buffer_for_key`]. A key too large for it is
/// `INSUFFICIENT_STORAGE`, and nothing is written. An item must also fit in one erase page.
pub struct FlashStorage<F: NorFlash, const BUFFER: usize = DEFAULT_BUFFER> {
    inner: spin::Mutex<Inner<F, BUFFER>>,
}

impl<F: NorFlash, const BUFFER: usize> core::fmt::Debug for FlashStorage<F, BUFFER> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FlashStorage").finish_non_exhaustive()
    }
}

fn map_error<E: NorFlashError>(e: sequential_storage::Error<E>) -> Error {
    match e {
        sequential_storage::Error::FullStorage | sequential_storage::Error::ItemTooBig => {
            Error::InsufficientStorage
        }
        sequential_storage::Error::Corrupted { .. } => Error::DataCorrupt,
        _ => Error::StorageFailure,
    }
}

impl<F: NorFlash> FlashStorage<F> {
    /// A store in `range` of `flash` (page-aligned, at least two pages; `const`, so it can
    /// be part of a `static` instance), with the default work buffer ([`DEFAULT_BUFFER`]);
    /// [`FlashStorage::with_buffer`] names another.
    ///
    /// # Panics
    /// At compile time in a `const` context (else at run time) if `range` is not page-aligned
    /// or shorter than two pages.
    pub const fn new(flash: F, range: Range<u32>) -> FlashStorage<F> {
        FlashStorage::with_buffer(flash, range)
    }
}

impl<F: NorFlash, const BUFFER: usize> FlashStorage<F, BUFFER> {
    /// The largest data one uid takes: the work buffer less the item's overhead.
    pub const MAX_DATA: usize = BUFFER.saturating_sub(BUFFER_OVERHEAD);

    /// A store in `range` of `flash` with a work buffer of `BUFFER` bytes, named by the
    /// type (`FlashStorage::<F, { buffer_for_key(2400) }>::with_buffer(flash, range)`); as
    /// [`FlashStorage::new`] otherwise.
    ///
    /// # Panics
    /// As [`FlashStorage::new`].
    pub const fn with_buffer(flash: F, range: Range<u32>) -> FlashStorage<F, BUFFER> {
        FlashStorage {
            inner: spin::Mutex::new(Inner {
                map: MapStorage::new(
                    Blocking(flash),
                    MapConfig::new(range),
                    Cache::new_uncached(),
                ),
                buffer: [0; BUFFER],
            }),
        }
    }

    /// Run `f` on the flash itself (statistics, a power switch in tests).
    pub fn with_flash<R>(&self, f: impl FnOnce(&mut F) -> R) -> R {
        f(&mut self.inner.lock().map.flash().0)
    }

    /// Give the flash back (the store's end; a "reboot" opens a new store on it).
    pub fn into_flash(self) -> F {
        self.inner.into_inner().map.destroy().0.0
    }

    /// Fetch the value of `uid` into the work buffer: where it starts there, and its length
    /// (flags byte included). A tombstone (an empty value) is no value.
    fn fetch(inner: &mut Inner<F, BUFFER>, uid: u64) -> Result<Option<(usize, usize)>> {
        let Inner { map, buffer } = inner;
        let base = buffer.as_ptr() as usize;
        let found: Option<&[u8]> = block_on(map.fetch_item(buffer, &uid)).map_err(map_error)?;
        Ok(found
            .filter(|v| !v.is_empty())
            .map(|v| (v.as_ptr() as usize - base, v.len())))
    }
}

impl<F: NorFlash, const BUFFER: usize> KeyStorage for FlashStorage<F, BUFFER> {
    const MAX_DATA_SIZE: usize = Self::MAX_DATA;

    fn set(&self, uid: u64, data: &[u8], flags: CreateFlags) -> Result<()> {
        self.set_parts(uid, &[data], flags)
    }

    fn set_parts(&self, uid: u64, parts: &[&[u8]], flags: CreateFlags) -> Result<()> {
        if flags.0 & !CreateFlags::WRITE_ONCE.0 != 0 {
            return Err(Error::NotSupported);
        }
        let flag = u8::from(flags.contains(CreateFlags::WRITE_ONCE));
        let len = parts.iter().try_fold(0usize, |n, p| n.checked_add(p.len()));
        if len.is_none_or(|len| len > Self::MAX_DATA) {
            return Err(Error::InsufficientStorage);
        }
        let mut inner = self.inner.lock();
        let inner = &mut *inner;
        let r = (|| {
            if let Some((at, _)) = Self::fetch(inner, uid)?
                && inner.buffer[at] & 1 != 0
            {
                return Err(Error::NotPermitted);
            }
            let Inner { map, buffer } = inner;
            block_on(map.store_item(buffer, &uid, &Parts { flag, parts })).map_err(map_error)
        })();
        inner.buffer.zeroize();
        r
    }

    fn get(&self, uid: u64, offset: usize, out: &mut [u8]) -> Result<usize> {
        let mut inner = self.inner.lock();
        let inner = &mut *inner;
        let r = (|| {
            let (at, len) = Self::fetch(inner, uid)?.ok_or(Error::DoesNotExist)?;
            let data = &inner.buffer[at + 1..at + len];
            let rest = data.get(offset..).ok_or(Error::InvalidArgument)?;
            let out = out.get_mut(..rest.len()).ok_or(Error::BufferTooSmall)?;
            out.copy_from_slice(rest);
            Ok(rest.len())
        })();
        inner.buffer.zeroize();
        r
    }

    fn get_info(&self, uid: u64) -> Result<StorageInfo> {
        let mut inner = self.inner.lock();
        let inner = &mut *inner;
        let r = (|| {
            let (at, len) = Self::fetch(inner, uid)?.ok_or(Error::DoesNotExist)?;
            Ok(StorageInfo {
                size: len - 1,
                flags: CreateFlags(u32::from(inner.buffer[at] & 1)),
            })
        })();
        inner.buffer.zeroize();
        r
    }

    fn remove(&self, uid: u64) -> Result<()> {
        let mut inner = self.inner.lock();
        let inner = &mut *inner;
        let r = (|| {
            let (at, _) = Self::fetch(inner, uid)?.ok_or(Error::DoesNotExist)?;
            if inner.buffer[at] & 1 != 0 {
                return Err(Error::NotPermitted);
            }
            let Inner { map, buffer } = inner;
            block_on(map.store_item(buffer, &uid, &&[][..])).map_err(map_error)
        })();
        inner.buffer.zeroize();
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use psa_core::storage::MAX_RECORD_SIZE;

    #[test]
    fn the_default_buffer_is_the_earlier_size_and_holds_the_default_record() {
        assert_eq!(DEFAULT_BUFFER, 352);
        const { assert!(DEFAULT_BUFFER - BUFFER_OVERHEAD >= MAX_RECORD_SIZE) };
        for key in [0, 1, 256, 2400, 4000] {
            let buffer = buffer_for_key(key);
            assert!(buffer - BUFFER_OVERHEAD >= psa_core::storage::record_size(key));
            assert_eq!(buffer % 32, 0);
        }
    }
}
