//! The core's lock (`lock:` in `register_drivers!`) is held only for bookkeeping, never across
//! a driver call: while a driver is in the middle of a call on a key, other keys are created
//! and destroyed, the key itself can be destroyed (it is wiped, and its driver told, when the
//! call returns), and nothing waits. Run for every lock the core offers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};

use psa_core::lock::{CriticalSectionMutex, NoopMutex, SpinMutex, StdMutex};
use psa_core::{
    Algorithm, EccFamily, Error, KeyAttributes, KeyType, Psa, Result, Rng, UsageFlags, builtin,
    entry, psa_driver, register_drivers,
};
use psa_tests::support::{serial, within};

/// A gate a driver call waits at until the test opens it.
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
    inside: AtomicBool,
}

static GATE: Gate = Gate {
    open: Mutex::new(true),
    opened: Condvar::new(),
    inside: AtomicBool::new(false),
};

impl Gate {
    fn close(&self) {
        *self.open.lock().unwrap() = false;
        self.inside.store(false, Ordering::SeqCst);
    }
    fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }
    fn wait(&self) {
        self.inside.store(true, Ordering::SeqCst);
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.opened.wait(open).unwrap();
        }
    }
    fn someone_inside(&self) -> bool {
        self.inside.load(Ordering::SeqCst)
    }
}

/// A P-256 signer that stops at the gate in the middle of every signature (as a secure
/// element on a slow bus would), then signs with the built-in.
pub struct SlowSigner;

#[psa_driver(
    prefix = "slow",
    kind = "transparent",
    entry_points = [sign_hash],
    capability(entry_points = [sign_hash], key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)]),
)]
impl SlowSigner {
    fn sign_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        GATE.wait();
        builtin::sign_hash(&mut entry::sign_hash::Args {
            attributes,
            key_buffer,
            alg,
            hash,
            signature,
            rng,
        })
    }
}

macro_rules! registration {
    ($name:ident, $lock:ty) => {
        register_drivers! {
            /// The slow signer before the built-in, with the core's lock chosen.
            pub struct $name {
                transparent: [slow: SlowSigner],
                builtin: true,
                lock: $lock,
            }
        }
    };
}
registration!(WithStd, StdMutex);
registration!(WithSpin, SpinMutex);
registration!(WithCriticalSection, CriticalSectionMutex);
registration!(WithNoop, NoopMutex);

const P256_KEY: [u8; 32] = [
    0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
    0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
];
const ECDSA: Algorithm = Algorithm::ecdsa(Algorithm::SHA_256);

fn signing_key() -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH)
        .with_algorithm(ECDSA)
}

fn aes_key() -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT)
        .with_algorithm(Algorithm::CTR)
}

/// While a signature is stopped inside the driver: create, use and destroy other keys,
/// destroy the key being used, then let the signature finish.
fn a_driver_call_in_progress_blocks_nothing<D>(psa: &'static Psa<D>)
where
    D: psa_core::Dispatch + Send + Sync + 'static,
    Psa<D>: Sync,
{
    let key = psa.import_key(&signing_key(), &P256_KEY).unwrap();
    let other = psa.import_key(&aes_key(), &[7; 16]).unwrap();
    GATE.close();
    let signer = std::thread::spawn(move || {
        let mut signature = [0u8; 64];
        psa.sign_hash(key, ECDSA, &[0x5a; 32], &mut signature)
            .map(|n| signature[..n].to_vec())
    });
    while !GATE.someone_inside() {
        std::thread::yield_now();
    }
    // The signature is inside the driver. None of this waits for it (a deadlock or a
    // spinning store would time out here).
    let while_signing = within(20, "key management during a driver call", move || {
        let fresh = psa.import_key(&aes_key(), &[9; 16])?;
        let mut out = [0u8; 48];
        psa.cipher_encrypt(fresh, Algorithm::CTR, b"while signing", &mut out)?;
        psa.destroy_key(fresh)?;
        psa.destroy_key(other)?;
        let generated = psa.generate_key(&aes_key().with_bits(128))?;
        psa.destroy_key(generated)?;
        // The key in use: destroyed now, wiped when the signature returns.
        psa.destroy_key(key)?;
        assert_eq!(
            psa.get_key_attributes(key),
            Err(Error::InvalidHandle),
            "a destroyed key is gone at once"
        );
        Ok::<_, Error>(format!("{psa:?}"))
    });
    assert!(while_signing.is_ok(), "{while_signing:?}");
    assert!(
        GATE.someone_inside(),
        "the signature was still in the driver"
    );
    GATE.open();
    let signature = signer
        .join()
        .expect("no panic")
        .expect("the signature completes");
    assert_eq!(signature.len(), 64);
    // The slot of the destroyed key was freed when its last user returned: the whole store
    // is free again.
    let mut ids = Vec::new();
    while let Ok(id) = psa.import_key(&aes_key(), &[1; 16]) {
        ids.push(id);
    }
    assert_eq!(ids.len(), 32, "every slot is free once the call returned");
    for id in ids {
        psa.destroy_key(id).unwrap();
    }
}

fn leak<D: psa_core::Dispatch>(psa: Psa<D>) -> &'static Psa<D> {
    Box::leak(Box::new(psa))
}

#[test]
fn a_driver_call_holds_no_lock_with_each_lock() {
    // One at a time: the gate is shared (also with the other test of this file).
    let _serial = serial();
    a_driver_call_in_progress_blocks_nothing(leak(Psa::new(WithStd::new(SlowSigner))));
    a_driver_call_in_progress_blocks_nothing(leak(Psa::new(WithSpin::new(SlowSigner))));
    a_driver_call_in_progress_blocks_nothing(leak(Psa::new(WithCriticalSection::new(SlowSigner))));
}

/// The no-op lock serves one thread, and the type system keeps it there.
#[test]
fn the_no_op_lock_serves_one_thread() {
    fn is_sync<T: Sync>(_: &T) -> bool {
        true
    }
    let _serial = serial();
    let psa: Psa<WithNoop> = Psa::new(WithNoop::new(SlowSigner));
    let key = psa.import_key(&signing_key(), &P256_KEY).unwrap();
    let mut signature = [0u8; 64];
    assert_eq!(psa.sign_hash(key, ECDSA, &[1; 32], &mut signature), Ok(64));
    assert_eq!(psa.verify_hash(key, ECDSA, &[1; 32], &signature), Ok(()));
    psa.destroy_key(key).unwrap();
    // `Psa<WithStd>` can be shared; `Psa<WithNoop>` cannot (`is_sync(&psa)` does not compile).
    let shared: Psa<WithStd> = Psa::new(WithStd::new(SlowSigner));
    assert!(is_sync(&shared));
}
