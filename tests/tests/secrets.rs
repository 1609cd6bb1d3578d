//! Secrets: key buffers and multi-part contexts are wiped, and `Debug` never prints them.
//!
//! A key buffer lives in the core's key store, a context in the operation object; neither is
//! reachable once destroyed or aborted, so these tests look at the memory through a driver:
//! a spy driver records *where* the core keeps the key buffer it is given (and a context
//! holds a copy of its key), and after destroy / abort / finish / a failed step the test
//! reads those bytes back. The reads are of memory inside objects the test still owns (the
//! `Psa`, boxed so it does not move, and the operation object), byte by byte with volatile
//! loads; a moved-from or freed value may be "uninitialized" to the compiler, which is why
//! this is a test-only technique.

#![allow(unsafe_code)]

use std::sync::Mutex;

use psa_core::{
    Algorithm, EccFamily, EntryPoint, Error, KeyAttributes, KeyType, Lifetime, Location, Psa,
    Result, Rng, UsageFlags, builtin, entry, psa_driver, register_drivers,
};
use psa_drivers::SecureElement;
use psa_drivers::secure_element::SE_LIFETIME;
use psa_tests::support::{hex, serial};
use psa_tests::{instrumented_opaque, instrumented_transparent, opaque_wrap};
use zeroize::Zeroize;

/// Where the spy saw key buffers: (address, length).
static SEEN: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());

fn seen() -> Vec<(usize, usize)> {
    SEEN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
}

fn record(key_buffer: &[u8]) {
    SEEN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push((key_buffer.as_ptr() as usize, key_buffer.len()));
}

/// Read `len` bytes at `addr`.
///
/// Only for addresses inside an object the caller keeps alive (the boxed `Psa`'s key store,
/// an operation object on the caller's stack).
fn peek(addr: usize, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| {
            // SAFETY: the caller guarantees `addr..addr + len` lies inside a live allocation
            // it owns; volatile byte loads keep the compiler from assuming anything about
            // bytes it considers dead.
            unsafe { std::ptr::read_volatile((addr as *const u8).add(i)) }
        })
        .collect()
}

/// The bytes of a live value (padding and moved-from parts included).
fn bytes_of<T>(value: &T) -> Vec<u8> {
    peek(value as *const T as usize, size_of::<T>())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A MAC context that keeps a copy of its key, as many hardware drivers do, and wipes it on
/// drop as a careful driver does.
pub struct SpyMac {
    key: [u8; 64],
    inner: builtin::MacContext,
}

impl Drop for SpyMac {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

impl SpyMac {
    fn new(
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        sign: bool,
    ) -> Result<SpyMac> {
        record(key_buffer);
        let mut key = [0u8; 64];
        key.get_mut(..key_buffer.len())
            .ok_or(Error::NotSupported)?
            .copy_from_slice(key_buffer);
        let inner = if sign {
            builtin::mac_sign_setup(&mut entry::mac_sign_setup::Args {
                attributes,
                key_buffer,
                alg,
            })?
        } else {
            builtin::mac_verify_setup(&mut entry::mac_verify_setup::Args {
                attributes,
                key_buffer,
                alg,
            })?
        };
        Ok(SpyMac { key, inner })
    }
}

/// A transparent driver that records where the key buffers it is given live, and serves MAC
/// with a context that holds its key. Everything else it declines.
#[derive(Debug, Default)]
pub struct Spy;

#[psa_driver(
    prefix = "spy",
    kind = "transparent",
    entry_points = [sign_hash, mac_compute, mac_sign_setup, mac_verify_setup, mac_update, mac_sign_finish, mac_verify_finish, mac_abort],
)]
impl Spy {
    /// Record the key buffer; decline.
    ///
    /// # Errors
    /// `NOT_SUPPORTED`.
    pub fn sign_hash(
        &self,
        _a: &KeyAttributes,
        key_buffer: &[u8],
        _alg: Algorithm,
        _h: &[u8],
        _s: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        record(key_buffer);
        Err(Error::NotSupported)
    }
    /// Record the key buffer; decline.
    ///
    /// # Errors
    /// `NOT_SUPPORTED`.
    pub fn mac_compute(
        &self,
        _a: &KeyAttributes,
        key_buffer: &[u8],
        _alg: Algorithm,
        _i: &[u8],
        _m: &mut [u8],
    ) -> Result<usize> {
        record(key_buffer);
        Err(Error::NotSupported)
    }
    /// # Errors
    /// The built-in's.
    pub fn mac_sign_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
    ) -> Result<SpyMac> {
        SpyMac::new(attributes, key_buffer, alg, true)
    }
    /// # Errors
    /// The built-in's.
    pub fn mac_verify_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
    ) -> Result<SpyMac> {
        SpyMac::new(attributes, key_buffer, alg, false)
    }
    /// # Errors
    /// The built-in's.
    pub fn mac_update(&self, ctx: &mut SpyMac, input: &[u8]) -> Result<()> {
        builtin::mac_update(&mut ctx.inner, &mut entry::mac_update::Args { input })
    }
    /// # Errors
    /// The built-in's.
    pub fn mac_sign_finish(&self, ctx: &mut SpyMac, mac: &mut [u8]) -> Result<usize> {
        builtin::mac_sign_finish(&mut ctx.inner, &mut entry::mac_sign_finish::Args { mac })
    }
    /// # Errors
    /// The built-in's.
    pub fn mac_verify_finish(&self, ctx: &mut SpyMac, mac: &[u8]) -> Result<()> {
        builtin::mac_verify_finish(&mut ctx.inner, &mut entry::mac_verify_finish::Args { mac })
    }
    /// # Errors
    /// None.
    pub fn mac_abort(&self, _ctx: &mut SpyMac) -> Result<()> {
        // The core drops the context in place after this call.
        Ok(())
    }
}

const VAULT_LOCATION: Location = Location(0x7f_ffff);
instrumented_opaque!(
    /// The instrumented opaque driver.
    pub Vault, "vault", VAULT_LOCATION, VAULT
);
instrumented_transparent!(
    /// The instrumented transparent driver (context counting).
    pub Counted, "counted", COUNTED
);

register_drivers! {
    /// The spy first, the instrumented opaque driver for its location, the built-in.
    pub struct Spied {
        transparent: [spy: Spy],
        opaque: [vault: Vault],
        builtin: true,
    }
}

register_drivers! {
    /// The instrumented transparent driver (every multi-part family) and the built-in.
    pub struct CountedPath {
        transparent: [counted: Counted],
        opaque: [],
        builtin: true,
    }
}

/// Distinctive key material: no run of it occurs by chance.
const SECRET: [u8; 32] = [
    0x5e, 0xc2, 0xe7, 0x0b, 0xad, 0xc0, 0xff, 0xee, 0x13, 0x37, 0x42, 0x99, 0xa1, 0xb2, 0xc3, 0xd4,
    0x6b, 0x9d, 0x3d, 0xad, 0x2e, 0x1b, 0x8c, 0x1c, 0x05, 0xb1, 0x98, 0x75, 0xb6, 0x65, 0x9f, 0x4d,
];

fn spied() -> Box<Psa<Spied>> {
    SEEN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clear();
    VAULT.reset();
    Box::new(Psa::new(Spied::new(Spy, Vault)))
}

/// Destroying a local key wipes the key store's bytes in place: nothing of the key is left
/// where the driver was shown it.
#[test]
fn destroyed_local_keys_are_wiped_in_the_key_store() {
    let _serial = serial();
    let psa = spied();
    let usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE | UsageFlags::COPY;
    let hmac = Algorithm::hmac(Algorithm::SHA_256);
    let id = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::HMAC)
                .with_usage(usage)
                .with_algorithm(hmac),
            &SECRET,
        )
        .unwrap();
    let copy = psa
        .copy_key(
            id,
            &KeyAttributes::new().with_usage(usage).with_algorithm(hmac),
        )
        .unwrap();
    for key in [id, copy] {
        psa.mac_compute(key, hmac, b"m", &mut [0; 32]).unwrap();
    }
    let places = seen();
    assert_eq!(places.len(), 2, "the spy saw both key buffers");
    for &(addr, len) in &places {
        assert_eq!(
            peek(addr, len),
            SECRET,
            "the spy sees the key where the store keeps it"
        );
    }
    psa.destroy_key(id).unwrap();
    assert_eq!(
        peek(places[0].0, 32),
        [0; 32],
        "the destroyed key's bytes are wiped in the store"
    );
    assert_eq!(peek(places[1].0, 32), SECRET, "the copy is untouched");
    psa.destroy_key(copy).unwrap();
    assert_eq!(
        peek(places[1].0, 32),
        [0; 32],
        "the destroyed copy's bytes are wiped"
    );
    // A P-256 private key too.
    let pair = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    let scalar = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    let ecdsa = Algorithm::ecdsa(Algorithm::SHA_256);
    let key = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(pair)
                .with_usage(UsageFlags::SIGN_HASH)
                .with_algorithm(ecdsa),
            &scalar,
        )
        .unwrap();
    psa.sign_hash(key, ecdsa, &[1; 32], &mut [0; 64]).unwrap();
    let (addr, len) = *seen().last().unwrap();
    assert_eq!(peek(addr, len), scalar);
    psa.destroy_key(key).unwrap();
    assert_eq!(peek(addr, 32), [0; 32], "the private scalar is wiped");
}

/// An opaque key: the driver's `destroy_key` is given the key buffer to release, and the
/// core's copy of that buffer is wiped in place.
#[test]
fn destroyed_opaque_keys_are_released_and_wiped() {
    let _serial = serial();
    let psa = spied();
    let attributes = KeyAttributes::new()
        .with_type(KeyType::HMAC)
        .with_usage(UsageFlags::SIGN_MESSAGE)
        .with_algorithm(Algorithm::hmac(Algorithm::SHA_256))
        .with_lifetime(Lifetime::volatile_at(VAULT_LOCATION));
    let id = psa.import_key(&attributes, &SECRET).unwrap();
    let mut wrapped = [0u8; 36];
    opaque_wrap(&SECRET, &mut wrapped).unwrap();
    // Find the core's copy of the wrapped buffer: the vault records it on destroy, and the
    // store's bytes are inside the boxed `Psa`.
    let store = bytes_of(&*psa);
    let at = store
        .windows(wrapped.len())
        .position(|w| w == wrapped)
        .expect("the store holds the wrapped key");
    psa.destroy_key(id).unwrap();
    assert_eq!(
        VAULT.recorded(),
        vec![wrapped.to_vec()],
        "the driver was given the buffer to release"
    );
    let after = bytes_of(&*psa);
    assert_eq!(
        &after[at..at + wrapped.len()],
        &[0; 36],
        "the core's copy of the opaque key buffer is wiped"
    );
}

/// The secure element erases its copy on destroy.
#[test]
fn secure_element_erases_destroyed_keys() {
    let psa = psa_tests::paths::secure_element();
    let before = psa.dispatcher().se.keys_in_element();
    let pair = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    let a = KeyAttributes::new()
        .with_type(pair)
        .with_usage(UsageFlags::SIGN_HASH)
        .with_lifetime(SE_LIFETIME);
    let id = psa
        .import_key(
            &a,
            &hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"),
        )
        .unwrap();
    assert_eq!(psa.dispatcher().se.keys_in_element(), before + 1);
    psa.destroy_key(id).unwrap();
    assert_eq!(psa.dispatcher().se.keys_in_element(), before);
}

/// A driver context that holds key material is wiped by the driver when dropped; the
/// operation object must not keep a copy of it either, after abort, finish or an error, in
/// debug and in release builds (the core drops the context in place and then zeroes the
/// operation's state memory itself: an enum assignment alone left copies of the context in
/// release builds).
#[test]
fn operation_objects_keep_no_copy_of_a_finished_context() {
    let _serial = serial();
    let psa = spied();
    let hmac = Algorithm::hmac(Algorithm::SHA_256);
    let usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
    let id = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::HMAC)
                .with_usage(usage)
                .with_algorithm(hmac),
            &SECRET,
        )
        .unwrap();
    let mut failures = Vec::new();
    for end in [
        "abort",
        "sign_finish",
        "verify_finish mismatch",
        "sign_finish into a short buffer",
    ] {
        let mut op = psa.mac_operation();
        if end.starts_with("verify") {
            op.verify_setup(id, hmac)
        } else {
            op.sign_setup(id, hmac)
        }
        .unwrap();
        op.update(b"message").unwrap();
        assert!(
            contains(&bytes_of(&op), &SECRET),
            "{end}: the active context holds the key (the spy's design)"
        );
        let _ = match end {
            "abort" => op.abort(),
            "sign_finish" => op.sign_finish(&mut [0; 32]).map(drop),
            "verify_finish mismatch" => op.verify_finish(&[0; 32]),
            _ => op.sign_finish(&mut [0; 8]).map(drop),
        };
        assert!(!op.is_active(), "{end}: the operation is over");
        if contains(&bytes_of(&op), &SECRET) {
            failures.push(end);
        }
    }
    assert!(
        failures.is_empty(),
        "the operation object still holds the driver context's key bytes after: {failures:?}"
    );
}

/// Every multi-part family releases its driver context exactly once: after abort, drop,
/// finish, and a failed step.
#[test]
fn contexts_are_released_after_abort_drop_finish_and_error() {
    let _serial = serial();
    COUNTED.reset();
    let psa: Psa<CountedPath> = Psa::new(CountedPath::new(Counted));
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let import = |t: KeyType, usage: UsageFlags, alg: Algorithm, m: &[u8]| {
        psa.import_key(
            &KeyAttributes::new()
                .with_type(t)
                .with_usage(usage)
                .with_algorithm(alg),
            m,
        )
        .unwrap()
    };
    let hmac = import(
        KeyType::HMAC,
        UsageFlags::SIGN_MESSAGE,
        Algorithm::hmac(Algorithm::SHA_256),
        &SECRET,
    );
    let ctr = import(KeyType::AES, crypt, Algorithm::CTR, &SECRET[..16]);
    let gcm = import(KeyType::AES, crypt, Algorithm::GCM, &SECRET[..16]);
    let live = |what: &str, expected: i32| assert_eq!(COUNTED.live_contexts(), expected, "{what}");
    let mut runs = 0;
    for end in ["abort", "drop", "finish", "error"] {
        // Hash.
        let mut op = psa.hash_setup(Algorithm::SHA_256).unwrap();
        let clone = op.clone_operation().unwrap();
        live("hash and its clone", 2);
        drop(clone);
        live("dropped clone", 1);
        match end {
            "abort" => op.abort().unwrap(),
            "drop" => drop(op),
            "finish" => drop(op.finish(&mut [0; 32]).unwrap()),
            _ => {
                COUNTED.force_status(EntryPoint::HashUpdate, Error::HardwareFailure);
                assert_eq!(op.update(b"x"), Err(Error::HardwareFailure));
                COUNTED.clear_status(EntryPoint::HashUpdate);
            }
        }
        live(&format!("hash after {end}"), 0);
        // MAC.
        let mut op = psa.mac_operation();
        op.sign_setup(hmac, Algorithm::hmac(Algorithm::SHA_256))
            .unwrap();
        live("mac", 1);
        match end {
            "abort" => op.abort().unwrap(),
            "drop" => drop(op),
            "finish" => drop(op.sign_finish(&mut [0; 32]).unwrap()),
            _ => assert_eq!(op.sign_finish(&mut [0; 4]), Err(Error::BufferTooSmall)),
        }
        live(&format!("mac after {end}"), 0);
        // Cipher.
        let mut op = psa.cipher_operation();
        op.encrypt_setup(ctr, Algorithm::CTR).unwrap();
        live("cipher", 1);
        match end {
            "abort" => op.abort().unwrap(),
            "drop" => drop(op),
            "finish" => {
                op.set_iv(&[0; 16]).unwrap();
                op.finish(&mut [0; 16]).unwrap();
            }
            _ => assert_eq!(op.set_iv(&[0; 15]), Err(Error::InvalidArgument)),
        }
        live(&format!("cipher after {end}"), 0);
        // AEAD (served by the instrumented driver).
        let mut op = psa.aead_operation();
        op.encrypt_setup(gcm, Algorithm::GCM).unwrap();
        live("aead", 1);
        match end {
            "abort" => op.abort().unwrap(),
            "drop" => drop(op),
            "finish" => {
                op.set_nonce(&[0; 12]).unwrap();
                op.finish(&mut [0; 16], &mut [0; 16]).unwrap();
            }
            _ => {
                op.set_nonce(&[0; 12]).unwrap();
                op.set_lengths(1, 1).unwrap();
                assert_eq!(op.update_ad(b"too long"), Err(Error::InvalidArgument));
            }
        }
        live(&format!("aead after {end}"), 0);
        // Key derivation.
        let mut op = psa.key_derivation_operation();
        op.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
        live("kdf", 1);
        match end {
            "abort" => op.abort().unwrap(),
            "drop" => drop(op),
            "finish" => {
                op.input_bytes(psa_core::DerivationStep::Secret, &SECRET)
                    .unwrap();
                op.input_bytes(psa_core::DerivationStep::Info, &[]).unwrap();
                op.output_bytes(&mut [0; 32]).unwrap();
                drop(op);
            }
            _ => assert_eq!(op.output_bytes(&mut [0; 8]), Err(Error::BadState)),
        }
        live(&format!("kdf after {end}"), 0);
        runs += 5;
    }
    assert_eq!(
        COUNTED.hits(EntryPoint::HashAbort),
        8,
        "one abort per context, clones included"
    );
    println!(
        "context release: {runs} operations ended by abort, drop, finish or error; every context released once"
    );
}

// ----- Debug -------------------------------------------------------------------------------------

/// Whether `text` shows any 4-byte run of `key`, in hex (either case, with or without
/// separators) or as decimal bytes (`[94, 194, 231, …`).
fn leaks(text: &str, key: &[u8]) -> Option<String> {
    let lower = text.to_lowercase();
    let compact: String = lower.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    for w in key.windows(4) {
        let hex: String = w.iter().map(|b| format!("{b:02x}")).collect();
        if compact.contains(&hex) {
            return Some(format!("hex {hex}"));
        }
        let decimal = w.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
        if text.contains(&decimal) {
            return Some(format!("decimal {decimal}"));
        }
        let spaced = w
            .iter()
            .map(|b| format!("0x{b:02x}"))
            .collect::<Vec<_>>()
            .join(", ");
        if lower.contains(&spaced) {
            return Some(format!("hex list {spaced}"));
        }
    }
    None
}

#[test]
fn debug_output_never_shows_key_material() {
    let _serial = serial();
    let scalar = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    let mut shown = Vec::new();
    // The built-in with keys of every kind and operations in every state.
    let psa: Psa<CountedPath> = Psa::new(CountedPath::new(Counted));
    let all = UsageFlags(0xffff);
    let pair = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    let hmac = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::HMAC)
                .with_usage(all)
                .with_algorithm(Algorithm::hmac(Algorithm::SHA_256)),
            &SECRET,
        )
        .unwrap();
    let aes = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::AES)
                .with_usage(all)
                .with_algorithm(Algorithm::CTR),
            &SECRET,
        )
        .unwrap();
    let gcm = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::AES)
                .with_usage(all)
                .with_algorithm(Algorithm::GCM),
            &SECRET[..16],
        )
        .unwrap();
    let ecc = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(pair)
                .with_usage(all)
                .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH)),
            &scalar,
        )
        .unwrap();
    let derive = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::DERIVE)
                .with_usage(all)
                .with_algorithm(Algorithm::hkdf(Algorithm::SHA_256)),
            &SECRET,
        )
        .unwrap();
    shown.push(("Psa", format!("{psa:?}")));
    shown.push(("Psa {:#?}", format!("{psa:#?}")));
    for id in [hmac, aes, ecc] {
        shown.push((
            "KeyAttributes",
            format!("{:?}", psa.get_key_attributes(id).unwrap()),
        ));
        shown.push(("KeyId", format!("{id:?}")));
    }
    let mut h = psa.hash_setup(Algorithm::SHA_256).unwrap();
    h.update(&SECRET).unwrap();
    shown.push(("HashOperation", format!("{h:?} {h:#?}")));
    let mut m = psa.mac_operation();
    m.sign_setup(hmac, Algorithm::hmac(Algorithm::SHA_256))
        .unwrap();
    shown.push(("MacOperation", format!("{m:?} {m:#?}")));
    let mut c = psa.cipher_operation();
    c.encrypt_setup(aes, Algorithm::CTR).unwrap();
    c.set_iv(&SECRET[..16]).unwrap();
    shown.push(("CipherOperation", format!("{c:?} {c:#?}")));
    let mut a = psa.aead_operation();
    a.encrypt_setup(gcm, Algorithm::GCM).unwrap();
    a.set_nonce(&SECRET[..12]).unwrap();
    a.update_ad(&SECRET).unwrap();
    shown.push(("AeadOperation", format!("{a:?} {a:#?}")));
    let mut k = psa.key_derivation_operation();
    k.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
    k.input_key(psa_core::DerivationStep::Secret, derive)
        .unwrap();
    shown.push(("KeyDerivationOperation", format!("{k:?} {k:#?}")));
    shown.push((
        "Recorder",
        format!("{:?}", psa_core::Dispatch::recorder(psa.dispatcher())),
    ));
    for r in psa_core::Dispatch::recorder(psa.dispatcher()).take() {
        shown.push(("Receipt", format!("{r:?}")));
    }
    let rng = Rng::new(&psa);
    shown.push(("Rng", format!("{rng:?}")));
    // The secure element holding keys, including its provisioned device key.
    let se = SecureElement::provisioned(&psa_tests::paths::DEVICE_KEY).unwrap();
    shown.push(("SecureElement", format!("{se:?} {se:#?}")));
    let se_psa = psa_tests::paths::secure_element();
    let a_se = KeyAttributes::new()
        .with_type(pair)
        .with_usage(UsageFlags::SIGN_HASH)
        .with_lifetime(SE_LIFETIME);
    let _ = se_psa.import_key(&a_se, &scalar).unwrap();
    shown.push((
        "SecureElement with keys",
        format!("{:?}", se_psa.dispatcher().se),
    ));
    shown.push(("Psa over the secure element", format!("{se_psa:?}")));
    // The instrumented drivers' own types.
    let buf = psa_tests::AeadBuffer::new(
        &KeyAttributes::new().with_type(KeyType::AES),
        &SECRET[..16],
        Algorithm::GCM,
    )
    .unwrap();
    shown.push(("AeadBuffer", format!("{buf:?}")));
    let mut leaked = Vec::new();
    for (what, text) in &shown {
        for (name, key) in [
            ("SECRET", &SECRET[..]),
            ("P-256 scalar", &scalar[..]),
            ("device key", &psa_tests::paths::DEVICE_KEY[..]),
        ] {
            if let Some(how) = leaks(text, key) {
                leaked.push(format!("{what} shows {name} ({how}): {text}"));
            }
        }
    }
    println!(
        "Debug output: {} values formatted, none shows key material",
        shown.len()
    );
    assert!(
        leaked.is_empty(),
        "Debug output shows key material:\n{}",
        leaked.join("\n")
    );
}

// ----- dead stack frames -------------------------------------------------------------------------

/// How far below the caller's frame the stack is scrubbed and searched.
const STACK_WINDOW: usize = 64 * 1024;

/// Zero the `STACK_WINDOW` bytes below the caller's frame.
#[inline(never)]
fn scrub_stack() {
    let mut area = [0u8; STACK_WINDOW];
    std::hint::black_box(&mut area);
}

/// Run `f` at least a page below the caller's frame, so the frames `f` leaves behind are
/// below the (small) frame of [`stack_copies`] when the caller then calls it.
#[inline(never)]
fn deep<R>(f: impl FnOnce() -> R) -> R {
    let mut pad = [0u8; 4096];
    std::hint::black_box(&mut pad);
    let r = f();
    std::hint::black_box(&mut pad);
    r
}

/// How many times `needle` occurs in the `STACK_WINDOW` bytes below this frame: the dead
/// frames of the calls the caller made before.
///
/// Only for a thread whose stack has more than `STACK_WINDOW` bytes left below the caller
/// (the tests run this on a thread with a 1 MiB stack): the bytes read are mapped memory of
/// this thread's own stack, but below the stack pointer, where no live value is; volatile
/// byte loads keep the compiler from assuming anything about them. Like `peek`, a test-only
/// technique outside what the language guarantees.
#[inline(never)]
fn stack_copies(needle: &[u8]) -> usize {
    let marker = 0u8;
    let top = std::hint::black_box(&marker) as *const u8 as usize;
    let bottom = top - STACK_WINDOW;
    let byte = |addr: usize| {
        // SAFETY: `addr` is in `bottom..top`, inside this thread's stack mapping (see above).
        unsafe { std::ptr::read_volatile(addr as *const u8) }
    };
    let mut found = 0;
    let mut addr = bottom;
    while addr + needle.len() <= top {
        if (0..needle.len()).all(|i| byte(addr + i) == needle[i]) {
            found += 1;
            addr += needle.len();
        } else {
            addr += 1;
        }
    }
    found
}

/// A deliberate copy of the key on the stack, the mistake the scan must catch.
#[inline(never)]
fn leave_a_copy(key: &[u8; 32]) {
    let mut copy = [0u8; 32];
    copy.copy_from_slice(std::hint::black_box(key));
    std::hint::black_box(&mut copy);
}

/// Run `f` on a thread with a 1 MiB stack (room below every frame for the scan).
fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

/// The store lends key buffers and writes them in place: after `copy_key` and
/// `destroy_key` returns, no copy of the key is in the dead stack frames of the front-end or
/// the store (a copy left by a driver would be the driver's, and these keys are local: no
/// driver sees them). The scan finds a deliberate copy, so it can fail.
#[test]
fn copy_and_destroy_leave_no_key_bytes_in_dead_stack_frames() {
    let _serial = serial();
    on_big_stack(|| {
        let psa = spied();
        let usage = UsageFlags::SIGN_MESSAGE | UsageFlags::COPY;
        let hmac = Algorithm::hmac(Algorithm::SHA_256);
        let attributes = KeyAttributes::new()
            .with_type(KeyType::HMAC)
            .with_usage(usage)
            .with_algorithm(hmac);
        scrub_stack();
        assert_eq!(stack_copies(&SECRET), 0, "a scrubbed stack holds no key");
        deep(|| leave_a_copy(&SECRET));
        assert!(
            stack_copies(&SECRET) >= 1,
            "the scan finds a copy left in a dead frame"
        );
        let id = psa.import_key(&attributes, &SECRET).unwrap();
        let mut counts = Vec::new();
        scrub_stack();
        let target = KeyAttributes::new().with_usage(usage).with_algorithm(hmac);
        let copy = deep(|| psa.copy_key(id, &target)).unwrap();
        counts.push(("copy_key", stack_copies(&SECRET)));
        scrub_stack();
        deep(|| psa.destroy_key(copy)).unwrap();
        counts.push(("destroy_key of the copy", stack_copies(&SECRET)));
        scrub_stack();
        deep(|| psa.destroy_key(id)).unwrap();
        counts.push(("destroy_key", stack_copies(&SECRET)));
        // An opaque key: the store lends the driver's buffer (the wrapped key) to the
        // driver's `copy_key` and `destroy_key` in place.
        let mut wrapped = [0u8; 36];
        opaque_wrap(&SECRET, &mut wrapped).unwrap();
        let opaque = attributes.with_lifetime(Lifetime::volatile_at(VAULT_LOCATION));
        let id = psa.import_key(&opaque, &SECRET).unwrap();
        scrub_stack();
        deep(|| psa.destroy_key(id)).unwrap();
        counts.push(("destroy_key (opaque)", stack_copies(&wrapped)));
        println!("key copies in dead stack frames: {counts:?}");
        assert!(
            counts.iter().all(|&(_, n)| n == 0),
            "key bytes left in dead stack frames: {counts:?}"
        );
    });
}

// ----- secure element storage on failed creation ---------------------------------------------------

/// A failed import or generate after `allocate_key` took an element slot gives the slot
/// back (the core calls the element's `destroy_key` on the allocation).
#[test]
fn failed_creation_releases_the_secure_elements_allocated_slot() {
    let psa = psa_tests::paths::secure_element();
    let se = &psa.dispatcher().se;
    let free = se.free_slots();
    let pair = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_usage(UsageFlags::SIGN_HASH)
        .with_lifetime(SE_LIFETIME);
    // A scalar above the group order: the element allocates, then rejects the material.
    assert_eq!(
        psa.import_key(&pair, &[0xff; 32]),
        Err(Error::InvalidArgument)
    );
    let allocations = psa_tests::support::receipts_for(psa.dispatcher(), EntryPoint::AllocateKey);
    assert_eq!(allocations.len(), 1, "the element allocated a slot first");
    assert_eq!(
        se.free_slots(),
        free,
        "the failed import's slot is free again"
    );
    // A successful import fills the allocated slot (no second slot).
    let id = psa
        .import_key(
            &pair,
            &hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"),
        )
        .unwrap();
    assert_eq!(se.free_slots(), free - 1);
    psa.destroy_key(id).unwrap();
    assert_eq!(se.free_slots(), free);
    // Generation without entropy fails inside the element, after allocation.
    let no_entropy: Psa<_, _> = Psa::with_entropy(
        psa_tests::paths::SecureElementWithBuiltin::new(
            SecureElement::provisioned(&psa_tests::paths::DEVICE_KEY).unwrap(),
        ),
        psa_core::NoEntropy,
    );
    let se = &no_entropy.dispatcher().se;
    let free = se.free_slots();
    assert_eq!(
        no_entropy.generate_key(&pair.with_bits(256)),
        Err(Error::InsufficientEntropy)
    );
    let allocations =
        psa_tests::support::receipts_for(no_entropy.dispatcher(), EntryPoint::AllocateKey);
    assert_eq!(allocations.len(), 1, "the element allocated a slot first");
    assert_eq!(
        se.free_slots(),
        free,
        "the failed generation's slot is free again"
    );
    // The store's slot is free again too.
    assert!(format!("{no_entropy:?}").contains("keys: 0"));
}

// ----- a driver abort that panics ---------------------------------------------------------------

static PANICKY_LIVE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);
static PANICKY_ABORTS: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// A hash context that counts itself while alive.
pub struct PanickyContext(builtin::HashContext);

impl Drop for PanickyContext {
    fn drop(&mut self) {
        PANICKY_LIVE.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// A transparent hash driver whose abort panics.
#[derive(Debug, Default)]
pub struct PanickyAbort;

#[psa_driver(
    prefix = "panicky",
    kind = "transparent",
    entry_points = [hash_setup, hash_update, hash_finish, hash_clone, hash_abort],
)]
impl PanickyAbort {
    /// # Errors
    /// The built-in's.
    pub fn hash_setup(&self, alg: Algorithm) -> Result<PanickyContext> {
        let inner = builtin::hash_setup(&mut entry::hash_setup::Args { alg })?;
        PANICKY_LIVE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(PanickyContext(inner))
    }
    /// # Errors
    /// The built-in's.
    pub fn hash_update(&self, ctx: &mut PanickyContext, input: &[u8]) -> Result<()> {
        builtin::hash_update(&mut ctx.0, &mut entry::hash_update::Args { input })
    }
    /// # Errors
    /// The built-in's.
    pub fn hash_finish(&self, ctx: &mut PanickyContext, hash: &mut [u8]) -> Result<usize> {
        builtin::hash_finish(&mut ctx.0, &mut entry::hash_finish::Args { hash })
    }
    /// # Errors
    /// `NOT_SUPPORTED`.
    pub fn hash_clone(&self, _ctx: &PanickyContext) -> Result<PanickyContext> {
        Err(Error::NotSupported)
    }
    /// # Errors
    /// Never returns: it panics.
    pub fn hash_abort(&self, _ctx: &mut PanickyContext) -> Result<()> {
        PANICKY_ABORTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        panic!("the driver's abort panics");
    }
}

register_drivers! {
    /// The driver whose abort panics, and the built-in.
    pub struct PanickyPath {
        transparent: [panicky: PanickyAbort],
        opaque: [],
        builtin: true,
    }
}

/// A driver whose abort panics: dropping an active operation while the application is
/// already unwinding does not abort the process (the second panic is caught), and dropping
/// it otherwise propagates the driver's panic; the context is released both times.
#[test]
fn a_panicking_driver_abort_during_unwinding_does_not_abort_the_process() {
    use std::sync::atomic::Ordering::SeqCst;
    let _serial = serial();
    let psa: Psa<PanickyPath> = Psa::new(PanickyPath::new(PanickyAbort));
    PANICKY_LIVE.store(0, SeqCst);
    PANICKY_ABORTS.store(0, SeqCst);
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut op = psa.hash_setup(Algorithm::SHA_256).unwrap();
        op.update(b"data").unwrap();
        assert_eq!(PANICKY_LIVE.load(SeqCst), 1);
        panic!("the application panics with an operation active");
    }));
    let message = unwound.expect_err("the application's panic reaches catch_unwind");
    assert_eq!(
        message.downcast_ref::<&str>(),
        Some(&"the application panics with an operation active"),
        "the first panic is the one that unwinds"
    );
    assert_eq!(PANICKY_ABORTS.load(SeqCst), 1, "abort was called once");
    assert_eq!(PANICKY_LIVE.load(SeqCst), 0, "the context was released");
    // Not unwinding: the driver's panic propagates from the drop; the context is released.
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let op = psa.hash_setup(Algorithm::SHA_256).unwrap();
        drop(op);
    }));
    let message = dropped.expect_err("the driver's panic propagates");
    assert_eq!(
        message.downcast_ref::<&str>(),
        Some(&"the driver's abort panics")
    );
    assert_eq!(PANICKY_ABORTS.load(SeqCst), 2);
    assert_eq!(PANICKY_LIVE.load(SeqCst), 0, "the context was released");
    // An explicit abort that panics leaves an inactive operation that can be set up again.
    let mut op = psa.hash_operation();
    op.setup(Algorithm::SHA_256).unwrap();
    let aborted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| op.abort()));
    assert!(aborted.is_err());
    assert!(!op.is_active());
    assert_eq!(PANICKY_LIVE.load(SeqCst), 0);
    op.setup(Algorithm::SHA_256).unwrap();
    assert_eq!(PANICKY_LIVE.load(SeqCst), 1);
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(op)));
    assert_eq!(PANICKY_LIVE.load(SeqCst), 0);
}
