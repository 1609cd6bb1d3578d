//! The volatile key store: a fixed number of slots, no heap.

use zeroize::Zeroize;

use crate::{Error, KeyAttributes, KeyId, Result};

/// Bytes of key buffer per slot: room for every key the built-in serves in export format
/// (a P-384 public key is 97 bytes) and for opaque drivers' wrapped keys.
pub const KEY_BUFFER_SIZE: usize = 256;

/// First and last id handed to volatile keys (inside the vendor range, below built-in ids).
const VOLATILE_MIN: u32 = KeyId::VENDOR_MIN.0;
const VOLATILE_MAX: u32 = KeyId::BUILTIN_MIN.0 - 1;

/// A key's material as the core holds it: export format for local keys, the driver's own
/// form for opaque keys. Zeroized on drop.
pub(crate) struct KeyBuffer {
    pub(crate) bytes: [u8; KEY_BUFFER_SIZE],
    pub(crate) len: usize,
}

impl KeyBuffer {
    pub(crate) const fn new() -> Self {
        KeyBuffer {
            bytes: [0; KEY_BUFFER_SIZE],
            len: 0,
        }
    }
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl Drop for KeyBuffer {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

// The store is a fixed array with no heap to box into: every slot is sized for a key.
#[allow(clippy::large_enum_variant)]
enum Slot {
    Free,
    /// Held for a key being created, so a full store fails before any driver runs.
    Reserved,
    Occupied {
        attributes: KeyAttributes,
        key: KeyBuffer,
    },
}

/// The store's contents, behind the store's lock.
struct Slots<const N: usize> {
    slots: [Slot; N],
    next_id: u32,
}

/// A fixed-capacity store of volatile keys, safe to share between threads.
pub(crate) struct KeyStore<const N: usize> {
    inner: spin::RwLock<Slots<N>>,
}

/// A reserved slot; released unless filled.
pub(crate) struct Reservation<'s, const N: usize> {
    store: &'s KeyStore<N>,
    index: usize,
    filled: bool,
}

impl<const N: usize> Reservation<'_, N> {
    /// Store the key, assigning it a fresh volatile id, and return the id.
    pub(crate) fn fill(mut self, mut attributes: KeyAttributes, key: KeyBuffer) -> KeyId {
        let mut inner = self.store.inner.write();
        let id = KeyId(inner.next_id);
        inner.next_id = if inner.next_id >= VOLATILE_MAX {
            VOLATILE_MIN
        } else {
            inner.next_id + 1
        };
        attributes.set_id(id);
        inner.slots[self.index] = Slot::Occupied { attributes, key };
        self.filled = true;
        id
    }
}

impl<const N: usize> Drop for Reservation<'_, N> {
    fn drop(&mut self) {
        if !self.filled {
            self.store.inner.write().slots[self.index] = Slot::Free;
        }
    }
}

impl<const N: usize> KeyStore<N> {
    pub(crate) const fn new() -> Self {
        KeyStore {
            inner: spin::RwLock::new(Slots {
                slots: [const { Slot::Free }; N],
                next_id: VOLATILE_MIN,
            }),
        }
    }

    /// Reserve a slot for a key being created.
    ///
    /// # Errors
    /// `INSUFFICIENT_MEMORY` when every slot is taken.
    pub(crate) fn reserve(&self) -> Result<Reservation<'_, N>> {
        let mut inner = self.inner.write();
        let index = inner
            .slots
            .iter()
            .position(|s| matches!(s, Slot::Free))
            .ok_or(Error::InsufficientMemory)?;
        inner.slots[index] = Slot::Reserved;
        Ok(Reservation {
            store: self,
            index,
            filled: false,
        })
    }

    /// Run `f` on a key's attributes and buffer, under the store's read lock (other readers
    /// proceed; creation and destruction wait).
    ///
    /// # Errors
    /// `INVALID_HANDLE` if no key has this id; otherwise what `f` returns.
    pub(crate) fn with_key<R>(
        &self,
        id: KeyId,
        f: impl FnOnce(&KeyAttributes, &[u8]) -> Result<R>,
    ) -> Result<R> {
        let inner = self.inner.read();
        for slot in &inner.slots {
            if let Slot::Occupied { attributes, key } = slot
                && attributes.id() == id
            {
                return f(attributes, key.as_slice());
            }
        }
        Err(Error::InvalidHandle)
    }

    /// Remove a key; its buffer is returned (and zeroized when dropped) so an opaque driver
    /// can release it.
    ///
    /// # Errors
    /// `INVALID_HANDLE` if no key has this id.
    pub(crate) fn remove(&self, id: KeyId) -> Result<(KeyAttributes, KeyBuffer)> {
        let mut inner = self.inner.write();
        for slot in inner.slots.iter_mut() {
            if matches!(slot, Slot::Occupied { attributes, .. } if attributes.id() == id)
                && let Slot::Occupied { attributes, key } = core::mem::replace(slot, Slot::Free)
            {
                return Ok((attributes, key));
            }
        }
        Err(Error::InvalidHandle)
    }

    /// How many slots hold keys.
    pub(crate) fn occupied(&self) -> usize {
        self.inner
            .read()
            .slots
            .iter()
            .filter(|s| matches!(s, Slot::Occupied { .. }))
            .count()
    }
}
