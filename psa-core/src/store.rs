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
/// form for opaque keys. Wiped on drop.
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
    fn copy_from(&mut self, other: &KeyBuffer) {
        self.bytes[..other.len].copy_from_slice(other.as_slice());
        self.len = other.len;
    }
}

impl Drop for KeyBuffer {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

/// Whether a slot holds a key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SlotState {
    Free,
    /// Held for a key being created, so a full store fails before any driver runs.
    Reserved,
    Occupied,
}

/// One slot. Its buffer lives in the slot for the store's lifetime and is wiped in place
/// when the key is removed, so no key bytes are left behind in freed memory (moving a buffer
/// out of a slot would copy the bytes and leave the original).
struct Slot {
    state: SlotState,
    attributes: KeyAttributes,
    key: KeyBuffer,
}

impl Slot {
    const FREE: Slot = Slot {
        state: SlotState::Free,
        attributes: KeyAttributes::new(),
        key: KeyBuffer::new(),
    };

    fn holds(&self, id: KeyId) -> bool {
        self.state == SlotState::Occupied && self.attributes.id() == id
    }
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
    /// Store a copy of the key in the slot, assign it a fresh volatile id, and return the id.
    /// The caller's buffer is wiped when it drops.
    pub(crate) fn fill(mut self, mut attributes: KeyAttributes, key: &KeyBuffer) -> KeyId {
        let mut inner = self.store.inner.write();
        let id = KeyId(inner.next_id);
        inner.next_id = if inner.next_id >= VOLATILE_MAX {
            VOLATILE_MIN
        } else {
            inner.next_id + 1
        };
        attributes.set_id(id);
        let slot = &mut inner.slots[self.index];
        slot.key.copy_from(key);
        slot.attributes = attributes;
        slot.state = SlotState::Occupied;
        self.filled = true;
        id
    }
}

impl<const N: usize> Drop for Reservation<'_, N> {
    fn drop(&mut self) {
        if !self.filled {
            self.store.inner.write().slots[self.index].state = SlotState::Free;
        }
    }
}

impl<const N: usize> KeyStore<N> {
    pub(crate) const fn new() -> Self {
        KeyStore {
            inner: spin::RwLock::new(Slots {
                slots: [Slot::FREE; N],
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
            .position(|s| s.state == SlotState::Free)
            .ok_or(Error::InsufficientMemory)?;
        inner.slots[index].state = SlotState::Reserved;
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
        match inner.slots.iter().find(|s| s.holds(id)) {
            Some(slot) => f(&slot.attributes, slot.key.as_slice()),
            None => Err(Error::InvalidHandle),
        }
    }

    /// Remove a key. A copy of its buffer is returned (wiped when dropped) so an opaque
    /// driver can release it; the slot's own bytes are wiped in place.
    ///
    /// # Errors
    /// `INVALID_HANDLE` if no key has this id.
    pub(crate) fn remove(&self, id: KeyId) -> Result<(KeyAttributes, KeyBuffer)> {
        let mut inner = self.inner.write();
        let slot = inner
            .slots
            .iter_mut()
            .find(|s| s.holds(id))
            .ok_or(Error::InvalidHandle)?;
        let attributes = slot.attributes;
        let mut copy = KeyBuffer::new();
        copy.copy_from(&slot.key);
        slot.key.bytes.zeroize();
        slot.key.len = 0;
        slot.attributes = KeyAttributes::new();
        slot.state = SlotState::Free;
        Ok((attributes, copy))
    }

    /// How many slots hold keys.
    pub(crate) fn occupied(&self) -> usize {
        self.inner
            .read()
            .slots
            .iter()
            .filter(|s| s.state == SlotState::Occupied)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_wipes_the_slot_in_place() {
        let store: KeyStore<2> = KeyStore::new();
        let mut key = KeyBuffer::new();
        key.bytes[..4].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
        key.len = 4;
        let id = store.reserve().unwrap().fill(KeyAttributes::new(), &key);
        assert_eq!(
            store.with_key(id, |_, k| Ok(k.to_vec())).unwrap(),
            [0xde, 0xad, 0xbe, 0xef]
        );
        let (_, copy) = store.remove(id).unwrap();
        assert_eq!(copy.as_slice(), &[0xde, 0xad, 0xbe, 0xef]);
        let inner = store.inner.read();
        assert!(inner.slots.iter().all(|s| s.state == SlotState::Free));
        assert!(
            inner
                .slots
                .iter()
                .all(|s| s.key.bytes.iter().all(|&b| b == 0)),
            "no key bytes left in the store"
        );
    }

    #[test]
    fn a_dropped_reservation_frees_its_slot() {
        let store: KeyStore<1> = KeyStore::new();
        drop(store.reserve().unwrap());
        let held = store.reserve();
        assert!(held.is_ok());
        assert_eq!(store.reserve().err(), Some(Error::InsufficientMemory));
    }
}
