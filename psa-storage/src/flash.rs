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
use psa_core::storage::MAX_RECORD_SIZE;
use psa_core::{CreateFlags, Error, KeyStorage, Result, StorageInfo};
use sequential_storage::cache::{Cache, Uncached};
use sequential_storage::map::{MapConfig, MapStorage};
use zeroize::Zeroize;

/// Bytes of the work buffer: an item (uid, flags, the largest record) rounded up to any
/// word size sequential-storage supports.
const BUFFER: usize = (8 + 1 + MAX_RECORD_SIZE).div_ceil(32) * 32 + 32;

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

struct Inner<F: NorFlash> {
    map: MapStorage<u64, Blocking<F>, Cache<Uncached, Uncached, Uncached, u64>>,
    buffer: [u8; BUFFER],
}

/// Persistent key storage in a range of NOR flash (at least two erase pages).
pub struct FlashStorage<F: NorFlash> {
    inner: spin::Mutex<Inner<F>>,
}

impl<F: NorFlash> core::fmt::Debug for FlashStorage<F> {
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
    /// be part of a `static` instance).
    ///
    /// # Panics
    /// At compile time in a `const` context (else at run time) if `range` is not page-aligned
    /// or shorter than two pages.
    pub const fn new(flash: F, range: Range<u32>) -> FlashStorage<F> {
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
    fn fetch(inner: &mut Inner<F>, uid: u64) -> Result<Option<(usize, usize)>> {
        let Inner { map, buffer } = inner;
        let base = buffer.as_ptr() as usize;
        let found: Option<&[u8]> = block_on(map.fetch_item(buffer, &uid)).map_err(map_error)?;
        Ok(found
            .filter(|v| !v.is_empty())
            .map(|v| (v.as_ptr() as usize - base, v.len())))
    }
}

impl<F: NorFlash> KeyStorage for FlashStorage<F> {
    fn set(&self, uid: u64, data: &[u8], flags: CreateFlags) -> Result<()> {
        if flags.0 & !CreateFlags::WRITE_ONCE.0 != 0 {
            return Err(Error::NotSupported);
        }
        let flag = u8::from(flags.contains(CreateFlags::WRITE_ONCE));
        if data.len() > MAX_RECORD_SIZE {
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
            let mut value = [0u8; 1 + MAX_RECORD_SIZE];
            value[0] = flag;
            value[1..=data.len()].copy_from_slice(data);
            let Inner { map, buffer } = inner;
            let r =
                block_on(map.store_item(buffer, &uid, &&value[..=data.len()])).map_err(map_error);
            value.zeroize();
            r
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
