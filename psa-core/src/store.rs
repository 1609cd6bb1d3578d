//! The key store: a fixed number of slots, no heap. It holds volatile keys, and caches
//! persistent and built-in keys loaded on first use (evicted, unpinned, when a slot is needed).
//!
//! Key bytes never leave their slot. A key being created is written by the driver straight
//! into its reserved slot ([`Reservation::key_mut`]); readers get a borrowed view under the
//! slot's read lock ([`KeyStore::with_key`]); removal lends the bytes to the caller (an
//! opaque driver's `destroy_key`) and then wipes them where they lie ([`KeyStore::remove`]).
//! No `KeyBuffer` is ever returned by value, so no copy of a key is left in a dead stack
//! frame.
//!
//! Locks: a small directory lock (which slot holds which id, and the id counter) and one
//! read-write lock per slot for its attributes and bytes. The directory lock is a leaf: it
//! is held only for bookkeeping, never while waiting for a slot lock. A thread holds at most
//! one slot's write lock (a reservation being filled, or a key being removed) and may read
//! other slots meanwhile (`copy_key` reads its source while writing its reserved target);
//! nobody holding a slot's write lock waits for another slot, so there is no cycle.

// The store's bytes are one array shared by the slots, each reaching its own region under
// its own lock: `Arena` holds them in an `UnsafeCell`, and every access is an `unsafe` call
// whose `SAFETY` note names the lock that makes it exclusive.
#![allow(unsafe_code)]

use core::cell::UnsafeCell;

use zeroize::Zeroize;

use crate::lock::{Mutex, RawMutex};
use crate::{Error, KeyAttributes, KeyId, Result};

/// The key buffer most keys fit in (a P-384 public key is 97 bytes): what an opaque driver's
/// allocation ([`EntryPoint::AllocateKey`](crate::EntryPoint::AllocateKey)) gets, the room a
/// built-in key's `get_builtin_key` is first given (a driver
/// that answers `BUFFER_TOO_SMALL` is asked again with the largest run the store can free),
/// and the key size of the default storage record ([`MAX_RECORD_SIZE`](crate::storage::MAX_RECORD_SIZE)).
/// Keys in the store itself are limited only by the store's byte budget (`KEY_BYTES` of
/// [`Psa`](crate::Psa)).
pub const KEY_BUFFER_SIZE: usize = 256;

/// The key store's byte budget when the application names none: 8 KiB, what the default 32
/// slots of 256 bytes held before the store was sized in bytes. Enough for an RSA-4096 key
/// pair (2,350 bytes in export format) next to a dozen P-256 keys.
pub const DEFAULT_KEY_BYTES: usize = 8192;

/// What an opaque driver's `import_key` or `generate_key` gets beyond the key's export
/// size (its wrapping or handle); a driver that needs more reports `BUFFER_TOO_SMALL`,
/// which the caller sees as `INSUFFICIENT_MEMORY`.
pub(crate) const OPAQUE_OVERHEAD: usize = KEY_BUFFER_SIZE;

/// First and last id handed to volatile keys (inside the vendor range, below built-in ids).
const VOLATILE_MIN: u32 = KeyId::VENDOR_MIN.0;
const VOLATILE_MAX: u32 = KeyId::BUILTIN_MIN.0 - 1;

/// A key's material as the core holds it, where it lies (its region of the store's bytes, or
/// a caller's wiped-on-drop buffer): export format for local keys, the driver's own form for
/// opaque keys. `bytes` is the whole room given for the key; the key is its first `len`.
pub(crate) struct KeyBuffer<'a> {
    pub(crate) bytes: &'a mut [u8],
    pub(crate) len: usize,
}

impl<'a> KeyBuffer<'a> {
    /// A key buffer over `bytes` (a caller's buffer; the caller wipes it).
    pub(crate) fn over(bytes: &'a mut [u8]) -> Self {
        KeyBuffer { bytes, len: 0 }
    }
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len.min(self.bytes.len())]
    }
    /// Wipe the bytes where they lie.
    pub(crate) fn wipe(&mut self) {
        self.bytes.zeroize();
        self.len = 0;
    }
}

/// A wiped-on-drop stack buffer of [`KEY_BUFFER_SIZE`] bytes, for a key that is not in the
/// store (a built-in key used while the store is full, a derivation input).
pub(crate) struct LocalKey {
    bytes: [u8; KEY_BUFFER_SIZE],
}

impl LocalKey {
    pub(crate) const fn new() -> Self {
        LocalKey {
            bytes: [0; KEY_BUFFER_SIZE],
        }
    }
    /// The buffer as a [`KeyBuffer`].
    pub(crate) fn buffer(&mut self) -> KeyBuffer<'_> {
        KeyBuffer::over(&mut self.bytes)
    }
}

impl Drop for LocalKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

/// A run of the store's bytes: `len` bytes from `offset`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
struct Region {
    offset: usize,
    len: usize,
}

impl Region {
    const EMPTY: Region = Region { offset: 0, len: 0 };
    const fn end(self) -> usize {
        self.offset + self.len
    }
    const fn overlaps(self, other: Region) -> bool {
        self.len != 0 && other.len != 0 && self.offset < other.end() && other.offset < self.end()
    }
}

/// The store's key bytes: one array, split into regions the directory hands out.
struct Arena<const B: usize> {
    bytes: UnsafeCell<[u8; B]>,
}

// SAFETY: the arena is only reached through `Arena::region`, whose callers hold the lock of
// the slot that owns the region (a read lock for a shared view, the write lock for a mutable
// one); the directory never lets two slots own overlapping regions (`Directory::fits`
// counts every non-free entry's region and every evicted region not yet wiped). So no byte
// is written while anyone else reads or writes it, from any thread.
unsafe impl<const B: usize> Sync for Arena<B> {}

impl<const B: usize> Arena<B> {
    const fn new() -> Self {
        Arena {
            bytes: UnsafeCell::new([0; B]),
        }
    }

    /// The bytes of `region`, to read.
    ///
    /// # Safety
    /// The caller holds a lock (read or write) of the slot the directory gave `region` to
    /// for as long as the slice lives; `region` lies inside the arena.
    unsafe fn region(&self, region: Region) -> &[u8] {
        debug_assert!(region.end() <= B);
        let base = self.bytes.get().cast::<u8>().cast_const();
        // SAFETY: inside the arena, and by the caller's lock nobody writes these bytes
        // while the slice lives (writers hold the slot's write lock).
        unsafe { core::slice::from_raw_parts(base.add(region.offset), region.len) }
    }

    /// The bytes of `region`, to write.
    ///
    /// # Safety
    /// The caller holds the write lock of the slot the directory gave `region` to (or the
    /// evicted region that slot is wiping) for as long as the slice lives, and makes no other
    /// slice of it meanwhile; `region` lies inside the arena.
    #[allow(clippy::mut_from_ref)]
    unsafe fn region_mut(&self, region: Region) -> &mut [u8] {
        debug_assert!(region.end() <= B);
        let base = self.bytes.get().cast::<u8>();
        // SAFETY: inside the arena, and by the caller's write lock no other reference to
        // these bytes exists while the slice lives.
        unsafe { core::slice::from_raw_parts_mut(base.add(region.offset), region.len) }
    }
}

/// What the directory knows about a slot.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    Free,
    /// Held for a key being created (under the application's id for a persistent key, so a
    /// second creation of that id fails), or being loaded; so a full store fails before any
    /// driver runs.
    Reserved(Option<KeyId>),
    /// A live key, and how many calls are using it right now.
    Occupied {
        id: KeyId,
        pins: u32,
    },
    /// Destroyed (or purged) while `pins` calls were using it: no longer found, and wiped
    /// when the last of them finishes (its driver told if `release`). Its id is not handed
    /// out until then.
    Removing {
        id: KeyId,
        pins: u32,
        release: bool,
    },
}

/// Whether a key's slot only caches it (a persistent key, whose record is in storage, or a
/// built-in key, which its driver serves again): such a key may be evicted when unpinned.
const fn cached(id: KeyId) -> bool {
    id.is_user() || id.is_builtin()
}

/// Which slot holds which id, how many calls use it, and the next volatile id to try.
struct Directory<const N: usize> {
    entries: [Entry; N],
    /// Each slot's region of the store's bytes (empty for a free slot).
    regions: [Region; N],
    /// A region a slot's evicted key held, until that slot's new owner has wiped it.
    stale: [Region; N],
    next_id: u32,
    /// Counts removals of cached keys, so a load that raced with one is discarded.
    epoch: u32,
}

impl<const N: usize> Directory<N> {
    fn find(&self, id: KeyId) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| matches!(e, Entry::Occupied { id: i, .. } if *i == id))
    }

    fn is_live(&self, id: KeyId) -> bool {
        self.entries.iter().any(|e| {
            matches!(e, Entry::Occupied { id: i, .. } | Entry::Removing { id: i, .. } | Entry::Reserved(Some(i)) if *i == id)
        })
    }

    /// Whether `want` overlaps no region owned by a slot other than `except` (live,
    /// reserved or being removed, or evicted and not yet wiped).
    fn clear(&self, want: Region, except: Option<usize>) -> bool {
        (0..N).filter(|&i| Some(i) != except).all(|i| {
            let owned = self.entries[i] != Entry::Free;
            let taken = owned && want.overlaps(self.regions[i]);
            !taken && !want.overlaps(self.stale[i])
        })
    }

    /// The first run of `need` bytes within `B` that no slot but `except` owns.
    fn fits<const B: usize>(&self, need: usize, except: Option<usize>) -> Option<Region> {
        if need == 0 {
            return Some(Region::EMPTY);
        }
        let starts = core::iter::once(0)
            .chain((0..N).flat_map(|i| [self.regions[i].end(), self.stale[i].end()]));
        starts
            .map(|offset| Region { offset, len: need })
            .filter(|r| r.end() <= B && self.clear(*r, except))
            .min_by_key(|r| r.offset)
    }

    /// Take a free slot and `need` bytes, else evict an unpinned cached key to make room
    /// (its slot, and bytes that may include its region); the slot is `Reserved(id)`, owns
    /// the region, and whether it must wipe an evicted key's region first. A shorter run of
    /// at least `at_least` bytes does if `need` bytes are not to be had in one run (a key
    /// whose size the core cannot tell before its driver writes it).
    fn take<const B: usize>(
        &mut self,
        id: Option<KeyId>,
        need: usize,
        at_least: usize,
    ) -> Option<(usize, Region, bool)> {
        let fit = |d: &Self, except: Option<usize>| {
            d.fits::<B>(need, except).or_else(|| {
                let largest = d.largest_free::<B>(except);
                (largest >= at_least.max(1))
                    .then(|| d.fits::<B>(largest, except))
                    .flatten()
            })
        };
        let free = self.entries.iter().position(|e| *e == Entry::Free);
        let (index, region, evicted) = match free.and_then(|i| Some((i, fit(self, None)?))) {
            Some((index, region)) => (index, region, false),
            None => {
                let (index, region) = (0..N)
                    .filter(|&i| {
                        matches!(self.entries[i], Entry::Occupied { id, pins: 0 } if cached(id))
                    })
                    .find_map(|i| Some((i, fit(self, Some(i))?)))?;
                // The evicted key's bytes stay owned until this slot's new owner wipes them.
                self.stale[index] = self.regions[index];
                (index, region, true)
            }
        };
        self.entries[index] = Entry::Reserved(id);
        self.regions[index] = region;
        Some((index, region, evicted))
    }

    /// The largest run of bytes no slot but `except` owns (at most `B`).
    fn largest_free<const B: usize>(&self, except: Option<usize>) -> usize {
        let owned = |i: usize| {
            let live = self.entries[i] != Entry::Free && Some(i) != except;
            [live.then_some(self.regions[i]), Some(self.stale[i])]
        };
        let starts = core::iter::once(0)
            .chain((0..N).flat_map(|i| [self.regions[i].end(), self.stale[i].end()]));
        starts
            .filter(|&start| {
                start < B
                    && self.clear(
                        Region {
                            offset: start,
                            len: 1,
                        },
                        except,
                    )
            })
            .map(|start| {
                // Up to the next owned byte.
                let next = (0..N)
                    .flat_map(owned)
                    .flatten()
                    .filter(|r| r.len != 0 && r.offset >= start)
                    .map(|r| r.offset)
                    .min()
                    .unwrap_or(B);
                next.min(B).saturating_sub(start)
            })
            .max()
            .unwrap_or(0)
    }

    /// A volatile id no live key has. The counter wraps at the end of the range; at most
    /// `N` ids are live, so at most `N + 1` candidates are tried.
    fn fresh_id(&mut self) -> KeyId {
        loop {
            let id = KeyId(self.next_id);
            self.next_id = if self.next_id >= VOLATILE_MAX {
                VOLATILE_MIN
            } else {
                self.next_id + 1
            };
            if !self.is_live(id) {
                return id;
            }
        }
    }

    /// Pin the key `id` for a call: it cannot be wiped until unpinned.
    fn pin(&mut self, id: KeyId) -> Option<usize> {
        let index = self.find(id)?;
        if let Entry::Occupied { pins, .. } = &mut self.entries[index] {
            *pins = pins.checked_add(1)?;
        }
        Some(index)
    }

    /// Unpin; `Some(release)` if the caller was the last user of a removed key (and must
    /// wipe it, telling its driver if `release`).
    fn unpin(&mut self, index: usize) -> Option<bool> {
        match &mut self.entries[index] {
            Entry::Occupied { pins, .. } => {
                *pins = pins.saturating_sub(1);
                None
            }
            Entry::Removing { pins, release, .. } => {
                *pins = pins.saturating_sub(1);
                (*pins == 0).then_some(*release)
            }
            Entry::Free | Entry::Reserved(_) => None,
        }
    }
}

/// One slot's contents: the key's attributes, the region of the store's bytes it owns
/// (lent by the directory, which records the same region) and the key's length in it. The
/// bytes are wiped where they lie when the key is removed (or its creation fails).
struct Slot {
    attributes: KeyAttributes,
    region: Region,
    len: usize,
}

impl Slot {
    const fn free() -> Slot {
        Slot {
            attributes: KeyAttributes::new(),
            region: Region::EMPTY,
            len: 0,
        }
    }
}

/// A fixed-capacity store of volatile keys, safe to share between threads (and, with a
/// critical-section lock, with interrupt handlers).
///
/// The directory sits behind the application's lock `L`, held only for bookkeeping. Each
/// slot's contents sit behind a read-write lock that is never contended: the directory hands
/// a slot to one writer only while no call has it pinned (a reservation, or the wipe of a
/// key whose last user has finished), and readers only pin occupied slots. So a driver call
/// on a key holds no lock anyone waits for: creating, using and destroying other keys go on,
/// and destroying the key itself completes when the call returns.
pub(crate) struct KeyStore<L, const N: usize, const B: usize> {
    directory: Mutex<L, Directory<N>>,
    slots: [spin::RwLock<Slot>; N],
    arena: Arena<B>,
}

/// A reserved slot, write-locked for the key being created, with the region of the store's
/// bytes it was given; wiped and released unless filled. Filling keeps only the key's own
/// length of the region (the rest is wiped and returned to the store).
pub(crate) struct Reservation<'s, L: RawMutex, const N: usize, const B: usize> {
    store: &'s KeyStore<L, N, B>,
    index: usize,
    /// The region's bytes: declared before `slot`, so the view is gone before the lock is.
    key: KeyBuffer<'s>,
    slot: spin::RwLockWriteGuard<'s, Slot>,
    filled: bool,
}

impl<'s, L: RawMutex, const N: usize, const B: usize> Reservation<'s, L, N, B> {
    /// The reserved region, for a driver to write the new key into.
    pub(crate) fn key_mut(&mut self) -> &mut KeyBuffer<'s> {
        &mut self.key
    }

    /// The reserved region as written so far.
    pub(crate) fn key(&self) -> &KeyBuffer<'s> {
        &self.key
    }

    /// Keep only the first `key.len` bytes of the region: the rest is wiped and this
    /// reservation's view shrunk to the key, before the directory is told (so bytes given
    /// back are never touched again through this slot). The key's length.
    fn trim(&mut self) -> usize {
        let len = self.key.len.min(self.key.bytes.len());
        let bytes = core::mem::take(&mut self.key.bytes);
        bytes[len..].zeroize();
        self.key.bytes = &mut bytes[..len];
        len
    }

    /// Record the trimmed key in the slot, with `attributes` under `id`.
    fn keep(&mut self, id: KeyId, mut attributes: KeyAttributes, len: usize) {
        self.slot.region.len = len;
        self.slot.len = len;
        attributes.set_id(id);
        self.slot.attributes = attributes;
        self.filled = true;
    }

    /// Make the key in the slot live under the id it was reserved for
    /// ([`KeyStore::reserve_for`]) with `attributes`.
    ///
    /// # Errors
    /// `BAD_STATE` if the slot was not reserved for an id, or the store's lock is re-entered.
    pub(crate) fn fill_reserved(mut self, attributes: KeyAttributes) -> Result<KeyId> {
        let index = self.index;
        let len = self.trim();
        let id = self
            .store
            .directory
            .lock(|directory| {
                let Entry::Reserved(Some(id)) = directory.entries[index] else {
                    return None;
                };
                directory.entries[index] = Entry::Occupied { id, pins: 0 };
                directory.regions[index].len = len;
                Some(id)
            })
            .flatten()
            .ok_or(Error::BadState)?;
        self.keep(id, attributes, len);
        Ok(id)
    }

    /// Make a key loaded into this slot (from storage, or a built-in key from its driver)
    /// live under `id`, pinned once for the caller; its slot index. `None` (and the slot is
    /// wiped and freed) if another call loaded `id` meanwhile, or a cached key was removed
    /// since `epoch` (the load may have read a record being removed): the caller looks again.
    fn install(mut self, id: KeyId, attributes: KeyAttributes, epoch: u32) -> Option<usize> {
        let index = self.index;
        let len = self.trim();
        let installed = self
            .store
            .directory
            .lock(|directory| {
                if directory.epoch != epoch || directory.find(id).is_some() {
                    return false;
                }
                directory.entries[index] = Entry::Occupied { id, pins: 1 };
                directory.regions[index].len = len;
                true
            })
            .unwrap_or(false);
        if installed {
            self.keep(id, attributes, len);
            Some(index)
        } else {
            None
        }
    }

    /// Make the key in the slot live under a fresh volatile id (never a live key's id) with
    /// `attributes`, and return the id.
    ///
    /// # Errors
    /// `BAD_STATE` only if the store's lock is re-entered (never by the core).
    pub(crate) fn fill(mut self, attributes: KeyAttributes) -> Result<KeyId> {
        let index = self.index;
        let len = self.trim();
        let id = self
            .store
            .directory
            .lock(|directory| {
                let id = directory.fresh_id();
                directory.entries[index] = Entry::Occupied { id, pins: 0 };
                directory.regions[index].len = len;
                id
            })
            .ok_or(Error::BadState)?;
        // Readers that find the id in the directory take this slot's read lock after the
        // guard below is dropped (at the end of this call), then check the id they find.
        self.keep(id, attributes, len);
        Ok(id)
    }
}

impl<L: RawMutex, const N: usize, const B: usize> Drop for Reservation<'_, L, N, B> {
    fn drop(&mut self) {
        if !self.filled {
            // A driver may have written part of a key before failing.
            self.key.wipe();
            *self.slot = Slot::free();
            let index = self.index;
            let _ = self.store.directory.lock(|directory| {
                directory.entries[index] = Entry::Free;
                directory.regions[index] = Region::EMPTY;
            });
        }
    }
}

impl<L: RawMutex, const N: usize, const B: usize> KeyStore<L, N, B> {
    pub(crate) const fn new() -> Self {
        KeyStore {
            directory: Mutex::new(Directory {
                entries: [Entry::Free; N],
                regions: [Region::EMPTY; N],
                stale: [Region::EMPTY; N],
                next_id: VOLATILE_MIN,
                epoch: 0,
            }),
            slots: [const { spin::RwLock::new(Slot::free()) }; N],
            arena: Arena::new(),
        }
    }

    /// Reserve a slot and `need` bytes for a volatile key being created (evicting an
    /// unpinned cached key if no slot or no such run of bytes is free); with a free slot, a
    /// shorter run of at least `at_least` bytes does if `need` are not to be had.
    ///
    /// # Errors
    /// `INSUFFICIENT_MEMORY` when every slot is taken by a volatile or pinned key, or the
    /// bytes are not to be had in one run.
    pub(crate) fn reserve(&self, need: usize, at_least: usize) -> Result<Reservation<'_, L, N, B>> {
        let taken = self
            .directory
            .lock(|directory| directory.take::<B>(None, need, at_least))
            .ok_or(Error::BadState)?
            .ok_or(Error::InsufficientMemory)?;
        Ok(self.reservation(taken))
    }

    /// Reserve a slot for a persistent key being created under the application's `id`, as
    /// [`KeyStore::reserve`].
    ///
    /// # Errors
    /// `ALREADY_EXISTS` if a key with this id is live, loaded or being created;
    /// `INSUFFICIENT_MEMORY` as [`KeyStore::reserve`].
    pub(crate) fn reserve_for(
        &self,
        id: KeyId,
        need: usize,
        at_least: usize,
    ) -> Result<Reservation<'_, L, N, B>> {
        let taken = self
            .directory
            .lock(|directory| {
                if directory.is_live(id) {
                    return Err(Error::AlreadyExists);
                }
                directory
                    .take::<B>(Some(id), need, at_least)
                    .ok_or(Error::InsufficientMemory)
            })
            .ok_or(Error::BadState)??;
        Ok(self.reservation(taken))
    }

    fn reservation(
        &self,
        (index, region, evicted): (usize, Region, bool),
    ) -> Reservation<'_, L, N, B> {
        // A free slot has no reader and no writer, nor has an unpinned one once its filler
        // has returned (see `KeyStore`), so this does not wait.
        let mut slot = self.slots[index].write();
        if evicted {
            // Evicted: the key stays in storage (or its driver); only this copy goes, wiped
            // where it lay, and then its bytes are the store's again.
            // SAFETY: the evicted region is still owned by this slot (`Directory::stale`)
            // and this slot is write-locked.
            unsafe { self.arena.region_mut(slot.region) }.zeroize();
            let _ = self
                .directory
                .lock(|directory| directory.stale[index] = Region::EMPTY);
        }
        *slot = Slot {
            attributes: KeyAttributes::new(),
            region,
            len: 0,
        };
        // SAFETY: the directory gave `region` to this slot, which is write-locked for as
        // long as the reservation (and so this slice) lives.
        let bytes = unsafe { self.arena.region_mut(region) };
        Reservation {
            store: self,
            index,
            key: KeyBuffer::over(bytes),
            slot,
            filled: false,
        }
    }

    /// Run `f` on a key's attributes and a borrowed view of its bytes, with the key pinned:
    /// the store's lock is not held while `f` runs. If the key is destroyed meanwhile, the
    /// last user finishes the removal: `release` (the opaque driver's `destroy_key`) is lent
    /// the key, which is then wiped in place.
    ///
    /// # Errors
    /// `INVALID_HANDLE` if no key has this id; otherwise what `f` returns.
    pub(crate) fn with_key<R>(
        &self,
        id: KeyId,
        f: impl FnOnce(&KeyAttributes, &[u8]) -> Result<R>,
        release: impl FnOnce(&KeyAttributes, &[u8]),
    ) -> Result<R> {
        self.with_key_or_load(
            id,
            None::<(
                fn() -> Result<(usize, usize)>,
                fn(&mut KeyBuffer<'_>) -> Result<KeyAttributes>,
            )>,
            f,
            release,
        )
    }

    /// As [`KeyStore::with_key`], but a key not in the store is first loaded by `load`, a
    /// pair: how many bytes to give the load and the fewest that do (a persistent key's
    /// record size, a built-in key's [`KEY_BUFFER_SIZE`] or the store's largest free run, or any
    /// shorter run), and the load itself, which writes the key buffer into the
    /// region it is given and returns the attributes. The region is a free slot's, or one
    /// whose unpinned cached key is evicted; the load keeps only the key's length of it.
    ///
    /// # Errors
    /// `INVALID_HANDLE` if no key has this id and there is no `load`; what `load` returns;
    /// `INSUFFICIENT_MEMORY` if every slot holds a volatile or pinned key.
    pub(crate) fn with_key_or_load<R>(
        &self,
        id: KeyId,
        load: Option<(
            impl Fn() -> Result<(usize, usize)>,
            impl Fn(&mut KeyBuffer<'_>) -> Result<KeyAttributes>,
        )>,
        f: impl FnOnce(&KeyAttributes, &[u8]) -> Result<R>,
        release: impl FnOnce(&KeyAttributes, &[u8]),
    ) -> Result<R> {
        let index = loop {
            let (pinned, epoch) = self
                .directory
                .lock(|directory| (directory.pin(id), directory.epoch))
                .ok_or(Error::BadState)?;
            if let Some(index) = pinned {
                break index;
            }
            let Some((size, load)) = &load else {
                return Err(Error::InvalidHandle);
            };
            let (need, at_least) = size()?;
            let mut reservation = self.reserve(need, at_least)?;
            let attributes = load(reservation.key_mut())?;
            if let Some(index) = reservation.install(id, attributes, epoch) {
                break index;
            }
        };
        /// Unpins even if `f` panics, and finishes a removal that waited for this call.
        struct Pin<
            's,
            L: RawMutex,
            const N: usize,
            const B: usize,
            F: FnOnce(&KeyAttributes, &[u8]),
        > {
            store: &'s KeyStore<L, N, B>,
            index: usize,
            release: Option<F>,
        }
        impl<L: RawMutex, const N: usize, const B: usize, F: FnOnce(&KeyAttributes, &[u8])> Drop
            for Pin<'_, L, N, B, F>
        {
            fn drop(&mut self) {
                let index = self.index;
                let last = self
                    .store
                    .directory
                    .lock(|directory| directory.unpin(index))
                    .flatten();
                match (last, self.release.take()) {
                    (Some(true), Some(release)) => self.store.wipe(index, release),
                    (Some(_), _) => self.store.wipe(index, |_, _| ()),
                    (None, _) => {}
                }
            }
        }
        let _pin = Pin {
            store: self,
            index,
            release: Some(release),
        };
        // Pinned: no writer until unpinned, so this read lock is uncontended.
        let slot = self.slots[index].read();
        // SAFETY: the slot owns its region and is read-locked while the view lives.
        let key = unsafe { self.arena.region(slot.region) };
        f(&slot.attributes, &key[..slot.len.min(key.len())])
    }

    /// Remove a key: it is no longer found from now on. Unless a call is using it, `f` (an
    /// opaque driver's release) is lent its attributes and bytes at once, then the bytes are
    /// wiped where they lie and the slot is freed, whatever `f` returns; otherwise the last
    /// call using it does that when it finishes (with its own release).
    ///
    /// # Errors
    /// `INVALID_HANDLE` if no key has this id.
    pub(crate) fn remove(&self, id: KeyId, f: impl FnOnce(&KeyAttributes, &[u8])) -> Result<()> {
        self.remove_entry(id, true, f)
    }

    /// Drop the RAM copy of a cached key (`psa_purge_key`): as [`KeyStore::remove`], but its
    /// driver is not told. `false` if it was not in the store.
    pub(crate) fn purge(&self, id: KeyId) -> bool {
        self.remove_entry(id, false, |_, _| ()).is_ok()
    }

    fn remove_entry(
        &self,
        id: KeyId,
        release: bool,
        f: impl FnOnce(&KeyAttributes, &[u8]),
    ) -> Result<()> {
        let now = self
            .directory
            .lock(|directory| {
                if cached(id) {
                    directory.epoch = directory.epoch.wrapping_add(1);
                }
                let index = directory.find(id)?;
                let Entry::Occupied { pins, .. } = directory.entries[index] else {
                    return None;
                };
                directory.entries[index] = Entry::Removing { id, pins, release };
                Some((index, pins == 0))
            })
            .ok_or(Error::BadState)?
            .ok_or(Error::InvalidHandle)?;
        if let (index, true) = now {
            self.wipe(index, f);
        }
        Ok(())
    }

    /// Lend a removed key to `release`, then wipe its slot in place and free it (also if
    /// `release` panics). Only for a `Removing` slot nobody has pinned.
    fn wipe(&self, index: usize, release: impl FnOnce(&KeyAttributes, &[u8])) {
        // Removing and unpinned: no reader, and no other writer (see `KeyStore`).
        let mut slot = self.slots[index].write();
        /// Wipes and frees the slot even if `release` panics.
        struct Wipe<'a, 's, L: RawMutex, const N: usize, const B: usize> {
            store: &'s KeyStore<L, N, B>,
            index: usize,
            slot: &'a mut Slot,
        }
        impl<L: RawMutex, const N: usize, const B: usize> Drop for Wipe<'_, '_, L, N, B> {
            fn drop(&mut self) {
                // SAFETY: the slot owns its region until freed below, and is write-locked;
                // the view lent to `release` is no longer used.
                unsafe { self.store.arena.region_mut(self.slot.region) }.zeroize();
                *self.slot = Slot::free();
                let index = self.index;
                let _ = self.store.directory.lock(|directory| {
                    directory.entries[index] = Entry::Free;
                    directory.regions[index] = Region::EMPTY;
                });
            }
        }
        let wipe = Wipe {
            store: self,
            index,
            slot: &mut slot,
        };
        // SAFETY: the slot owns its region and is write-locked; the view is only read, and
        // not used after `release` returns.
        let key = unsafe { self.arena.region(wipe.slot.region) };
        release(&wipe.slot.attributes, &key[..wipe.slot.len.min(key.len())]);
        drop(wipe);
    }

    /// How many slots hold live volatile keys.
    pub(crate) fn occupied(&self) -> usize {
        self.count(|id| !cached(id))
    }

    /// How many slots hold cached (persistent or built-in) keys.
    pub(crate) fn cached(&self) -> usize {
        self.count(cached)
    }

    fn count(&self, which: impl Fn(KeyId) -> bool) -> usize {
        self.directory
            .lock(|directory| {
                directory
                    .entries
                    .iter()
                    .filter(|e| matches!(e, Entry::Occupied { id, .. } if which(*id)))
                    .count()
            })
            .unwrap_or(0)
    }

    /// Set the id counter (tests of wrap-around).
    #[cfg(test)]
    fn set_next_id(&self, next: u32) {
        let _ = self.directory.lock(|directory| directory.next_id = next);
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    type Store<const N: usize> = KeyStore<crate::lock::SpinMutex, N, 64>;

    /// Whether every byte of the store's arena is zero (no other call is using the store).
    fn wiped<const N: usize, const B: usize>(
        store: &KeyStore<crate::lock::SpinMutex, N, B>,
    ) -> bool {
        // SAFETY: the test holds no slot lock, but no other thread uses the store and no
        // slice of the arena is alive.
        let bytes: &[u8; B] = unsafe { &*store.arena.bytes.get() };
        bytes.iter().all(|&b| b == 0)
    }

    fn put<const N: usize>(store: &Store<N>, bytes: &[u8]) -> KeyId {
        let mut r = store.reserve(8, 8).unwrap();
        r.key_mut().bytes[..bytes.len()].copy_from_slice(bytes);
        r.key_mut().len = bytes.len();
        r.fill(KeyAttributes::new()).unwrap()
    }

    fn read<const N: usize, const B: usize>(
        store: &KeyStore<crate::lock::SpinMutex, N, B>,
        id: KeyId,
    ) -> Result<std::vec::Vec<u8>> {
        store.with_key(
            id,
            |a, k| {
                assert_eq!(a.id(), id);
                Ok(k.to_vec())
            },
            |_, _| (),
        )
    }

    #[test]
    fn removal_lends_the_bytes_then_wipes_the_slot_in_place() {
        let store: Store<2> = KeyStore::new();
        let id = put(&store, &[0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(read(&store, id).unwrap(), [0xde, 0xad, 0xbe, 0xef]);
        let mut lent = std::vec::Vec::new();
        store
            .remove(id, |a, k| {
                assert_eq!(a.id(), id);
                lent.extend_from_slice(k);
            })
            .unwrap();
        assert_eq!(lent, [0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(read(&store, id), Err(Error::InvalidHandle));
        assert_eq!(store.remove(id, |_, _| ()), Err(Error::InvalidHandle));
        assert_eq!(store.occupied(), 0);
        assert!(wiped(&store), "no key bytes left");
        for slot in &store.slots {
            assert_eq!(slot.read().len, 0);
        }
    }

    #[test]
    fn a_dropped_reservation_wipes_and_frees_its_slot() {
        let store: Store<1> = KeyStore::new();
        let mut r = store.reserve(8, 8).unwrap();
        r.key_mut().bytes[..3].copy_from_slice(&[1, 2, 3]);
        r.key_mut().len = 3;
        drop(r);
        assert!(wiped(&store));
        let held = store.reserve(8, 8);
        assert!(held.is_ok());
        assert_eq!(store.reserve(8, 8).err(), Some(Error::InsufficientMemory));
    }

    #[test]
    fn ids_are_never_those_of_live_keys_after_the_counter_wraps() {
        let store: Store<4> = KeyStore::new();
        let first = put(&store, b"first");
        let second = put(&store, b"second");
        assert_eq!((first.0, second.0), (VOLATILE_MIN, VOLATILE_MIN + 1));
        store.set_next_id(VOLATILE_MAX);
        let last = put(&store, b"last");
        assert_eq!(last.0, VOLATILE_MAX);
        // The counter wraps to the start of the range, where `first` and `second` live.
        let wrapped = put(&store, b"wrapped");
        assert_eq!(wrapped.0, VOLATILE_MIN + 2, "live ids are skipped");
        for (id, bytes) in [
            (first, &b"first"[..]),
            (second, b"second"),
            (last, b"last"),
            (wrapped, b"wrapped"),
        ] {
            assert_eq!(
                read(&store, id).unwrap(),
                bytes,
                "each id reads its own key"
            );
        }
        // A freed id is handed out again once the counter comes round to it.
        store.remove(first, |_, _| ()).unwrap();
        store.set_next_id(VOLATILE_MAX);
        store.remove(last, |_, _| ()).unwrap();
        assert_eq!(put(&store, b"again").0, VOLATILE_MAX);
        assert_eq!(put(&store, b"reused").0, VOLATILE_MIN);
        assert_eq!(read(&store, second).unwrap(), b"second");
    }

    #[test]
    fn concurrent_create_copy_read_and_remove_keep_every_key_its_own() {
        static STORE: Store<6> = KeyStore::new();
        let threads: std::vec::Vec<_> = (0u8..4)
            .map(|t| {
                std::thread::spawn(move || {
                    let mut wrong = 0;
                    for i in 0..300u32 {
                        let bytes = [t, (i & 0xff) as u8, (i >> 8) as u8, 0xa5];
                        let Ok(mut r) = STORE.reserve(8, 8) else {
                            continue;
                        };
                        r.key_mut().bytes[..4].copy_from_slice(&bytes);
                        r.key_mut().len = 4;
                        let id = r.fill(KeyAttributes::new()).unwrap();
                        // A copy: reserve the target, then read the source into it.
                        if let Ok(mut target) = STORE.reserve(8, 8) {
                            STORE
                                .with_key(
                                    id,
                                    |_, k| {
                                        target.key_mut().bytes[..k.len()].copy_from_slice(k);
                                        target.key_mut().len = k.len();
                                        Ok(())
                                    },
                                    |_, _| (),
                                )
                                .unwrap();
                            let copy = target.fill(KeyAttributes::new()).unwrap();
                            wrong += usize::from(read(&STORE, copy).unwrap() != bytes);
                            STORE.remove(copy, |_, _| ()).unwrap();
                        }
                        wrong += usize::from(read(&STORE, id).unwrap() != bytes);
                        let mut lent = [0u8; 4];
                        STORE.remove(id, |_, k| lent.copy_from_slice(k)).unwrap();
                        wrong += usize::from(lent != bytes);
                        assert_eq!(read(&STORE, id), Err(Error::InvalidHandle));
                    }
                    wrong
                })
            })
            .collect();
        let wrong: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(wrong, 0, "every id read its own key");
        assert_eq!(STORE.occupied(), 0);
    }

    #[test]
    fn reading_a_key_while_holding_a_reservation_does_not_block() {
        let store: Store<2> = KeyStore::new();
        let id = put(&store, b"k");
        let target = store.reserve(8, 8).unwrap();
        // As `copy_key` does: the target slot is write-locked, the source is read.
        assert_eq!(read(&store, id).unwrap(), b"k");
        drop(target);
    }

    #[test]
    fn a_key_destroyed_while_in_use_is_wiped_when_its_last_user_finishes() {
        let store: Store<2> = KeyStore::new();
        let id = put(&store, b"in use");
        let released = core::cell::Cell::new(0);
        let r = store.with_key(
            id,
            |_, k| {
                assert_eq!(k, b"in use");
                // Destroyed during the call: not found from now on, but not wiped yet.
                store.remove(id, |_, _| unreachable!("wiped by the last user"))?;
                assert_eq!(read(&store, id), Err(Error::InvalidHandle));
                assert_eq!(k, b"in use", "the caller's view is intact");
                // Other keys come and go meanwhile.
                let other = put(&store, b"other");
                store.remove(other, |_, _| ())?;
                Ok(())
            },
            |_, k| {
                assert_eq!(k, b"in use", "the release sees the key");
                released.set(released.get() + 1);
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(released.get(), 1, "released once, by the last user");
        assert_eq!(store.occupied(), 0);
        assert!(wiped(&store));
        // The slot is free again.
        let again = put(&store, b"again");
        assert_eq!(read(&store, again).unwrap(), b"again");
    }

    /// Load `id` (a cached key) with `bytes` through `with_key_or_load`; whether `load` ran.
    fn load<const N: usize>(store: &Store<N>, id: KeyId, bytes: &[u8]) -> Result<bool> {
        let loaded = core::cell::Cell::new(false);
        store.with_key_or_load(
            id,
            Some((
                || Ok((KEY_BUFFER_SIZE, 1)),
                |key: &mut KeyBuffer<'_>| {
                    loaded.set(true);
                    key.bytes[..bytes.len()].copy_from_slice(bytes);
                    key.len = bytes.len();
                    Ok(KeyAttributes::new())
                },
            )),
            |a, k| {
                assert_eq!((a.id(), k), (id, bytes));
                Ok(())
            },
            |_, _| unreachable!("a cached key is never released"),
        )?;
        Ok(loaded.get())
    }

    #[test]
    fn cached_keys_load_once_and_an_unpinned_one_is_evicted_when_the_store_is_full() {
        let store: Store<2> = KeyStore::new();
        let (a, b, c) = (KeyId(1), KeyId(2), KeyId(3));
        assert_eq!(load(&store, a, b"a"), Ok(true));
        assert_eq!(load(&store, a, b"a"), Ok(false), "a hit");
        assert_eq!(load(&store, b, b"b"), Ok(true));
        // Full: loading `c` evicts an unpinned cached key, and wipes its slot.
        assert_eq!(load(&store, c, b"c"), Ok(true));
        assert_eq!(store.cached(), 2);
        // Pin `c`: a volatile key then takes the other cached key's place, and with `c`
        // pinned and the volatile key live, nothing can be evicted for a load.
        let mut volatile = None;
        let r = store.with_key(
            c,
            |_, _| {
                volatile = Some(put(&store, b"volatile"));
                Ok(load(&store, a, b"a"))
            },
            |_, _| (),
        );
        assert_eq!(r, Ok(Err(Error::InsufficientMemory)));
        assert_eq!((store.occupied(), store.cached()), (1, 1));
        assert_eq!(load(&store, c, b"c"), Ok(false), "the pinned key stayed");
        let v = volatile.unwrap();
        // Purge drops the copy; the next use loads it again.
        store.remove(v, |_, _| ()).unwrap();
        let _ = load(&store, a, b"a");
        assert!(store.purge(a));
        assert!(!store.purge(a));
        assert_eq!(load(&store, a, b"a"), Ok(true));
    }

    #[test]
    fn a_persistent_id_being_created_or_live_cannot_be_created_again() {
        let store: Store<2> = KeyStore::new();
        let id = KeyId(9);
        let r = store.reserve_for(id, 8, 8).unwrap();
        assert_eq!(
            store.reserve_for(id, 8, 8).err(),
            Some(Error::AlreadyExists)
        );
        assert_eq!(r.fill_reserved(KeyAttributes::new()), Ok(id));
        assert_eq!(
            store.reserve_for(id, 8, 8).err(),
            Some(Error::AlreadyExists)
        );
        assert_eq!(read(&store, id).unwrap(), b"");
        store.remove(id, |_, _| ()).unwrap();
        assert!(store.reserve_for(id, 8, 8).is_ok());
    }

    /// Put `len` bytes of `fill` under a fresh id in a store of `B` bytes.
    fn put_n<const N: usize, const B: usize>(
        store: &KeyStore<crate::lock::SpinMutex, N, B>,
        len: usize,
        fill: u8,
    ) -> Result<KeyId> {
        let mut r = store.reserve(len, len)?;
        r.key_mut().bytes.fill(fill);
        r.key_mut().len = len;
        r.fill(KeyAttributes::new())
    }

    #[test]
    fn keys_share_the_bytes_and_running_out_of_them_is_insufficient_memory() {
        let store: KeyStore<crate::lock::SpinMutex, 8, 100> = KeyStore::new();
        let a = put_n(&store, 40, 0xa1).unwrap();
        let b = put_n(&store, 40, 0xb2).unwrap();
        // Slots are free, bytes are not.
        assert_eq!(put_n(&store, 21, 0xc3), Err(Error::InsufficientMemory));
        let c = put_n(&store, 20, 0xc3).unwrap();
        assert_eq!(put_n(&store, 1, 0xd4), Err(Error::InsufficientMemory));
        // A removed key's bytes are wiped where they lie and handed out again.
        store.remove(a, |_, k| assert_eq!(k, [0xa1; 40])).unwrap();
        // SAFETY: as in `wiped`.
        let arena: &[u8; 100] = unsafe { &*store.arena.bytes.get() };
        assert!(arena[..40].iter().all(|&x| x == 0), "wiped in place");
        assert!(arena[40..80].iter().all(|&x| x == 0xb2));
        let d = put_n(&store, 30, 0xd4).unwrap();
        let e = put_n(&store, 10, 0xe5).unwrap();
        for (id, len, fill) in [(b, 40, 0xb2), (c, 20, 0xc3), (d, 30, 0xd4), (e, 10, 0xe5)] {
            assert_eq!(read(&store, id).unwrap(), std::vec![fill; len]);
        }
        for id in [b, c, d, e] {
            store.remove(id, |_, _| ()).unwrap();
        }
        assert!(wiped(&store));
        // All of it for one key.
        let whole = put_n(&store, 100, 0x77).unwrap();
        assert_eq!(read(&store, whole).unwrap().len(), 100);
    }

    #[test]
    fn a_filled_key_keeps_only_its_length_and_the_rest_is_wiped_and_given_back() {
        let store: KeyStore<crate::lock::SpinMutex, 4, 64> = KeyStore::new();
        // A driver is given 64 bytes, scribbles over all of them, reports 16.
        let mut r = store.reserve(64, 64).unwrap();
        r.key_mut().bytes.fill(0x5a);
        r.key_mut().len = 16;
        let id = r.fill(KeyAttributes::new()).unwrap();
        assert_eq!(read(&store, id).unwrap(), [0x5a; 16]);
        // SAFETY: as in `wiped`.
        let arena: &[u8; 64] = unsafe { &*store.arena.bytes.get() };
        assert!(
            arena[16..].iter().all(|&x| x == 0),
            "the unused tail is wiped"
        );
        assert!(put_n(&store, 48, 1).is_ok(), "and is the store's again");
        // With `at_least`, a shorter run does when the whole is not to be had.
        assert_eq!(store.reserve(8, 8).err(), Some(Error::InsufficientMemory));
    }

    #[test]
    fn a_cached_key_is_evicted_for_bytes_as_well_as_for_slots() {
        let store: KeyStore<crate::lock::SpinMutex, 4, 32> = KeyStore::new();
        let cached_id = KeyId(5);
        let r = store.with_key_or_load(
            cached_id,
            Some((
                || Ok((KEY_BUFFER_SIZE, 1)),
                |key: &mut KeyBuffer<'_>| {
                    key.bytes[..24].fill(0xcc);
                    key.len = 24;
                    Ok(KeyAttributes::new())
                },
            )),
            |_, k| Ok(k.len()),
            |_, _| (),
        );
        assert_eq!(r, Ok(24));
        // A free slot, but only 8 free bytes: the unpinned cached key goes, wiped.
        let v = put_n(&store, 20, 0x11).unwrap();
        assert_eq!(store.cached(), 0);
        assert_eq!(read(&store, v).unwrap(), [0x11; 20]);
        // A volatile key is never evicted.
        assert_eq!(put_n(&store, 20, 0x22), Err(Error::InsufficientMemory));
        store.remove(v, |_, _| ()).unwrap();
        assert!(wiped(&store));
    }
}
