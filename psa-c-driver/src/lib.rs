//! Runtime support for C PSA drivers (`psa_core::c_driver!`).
//!
//! A C driver written against the PSA driver interface (Mbed TLS's conventions: pointer +
//! size pairs, `*_length` out-parameters, a `psa_status_t` result) is registered like a Rust
//! one: `c_driver!` reads its JSON description, declares its `extern "C"` entry points and
//! implements the driver through the call helpers here, which map the status to
//! [`Error`] and check every returned length against its buffer (a driver that claims more
//! than it was given is refused with `PSA_ERROR_CORRUPTION_DETECTED`).
//!
//! [`HEADER`] is the C header driver authors compile against (`include/psa_driver_c.h`,
//! generated from the Rust definitions by [`header`]; a test keeps the committed file equal
//! to it). The `psa_get_key_*` / `psa_set_key_*` accessors and the PAKE input accessors
//! (`psa_crypto_driver_pake_get_*`, `psa_pake_cs_get_*`) it declares are defined here.
#![no_std]
// C calls and `#[no_mangle]` accessors are this crate's purpose; each has a SAFETY note.
#![allow(unsafe_code)]

use core::ffi::c_void;

use psa_core::entry::ImportedKey;
use psa_core::{
    Algorithm, EccFamily, Error, KeyAttributes, KeyType, Location, PakeCipherSuite, PakeInputs,
    PakeKeyConfirmation, PakePrimitiveType, PakeRole, PakeStep, Result, Rng, UsageFlags,
};

pub mod multipart;
mod random;
pub use random::psa_generate_random;

/// `psa_status_t`.
pub type Status = i32;

/// The C header for driver authors, as committed in `include/psa_driver_c.h`.
pub const HEADER: &str = include_str!("../include/psa_driver_c.h");

/// Maps a C driver's status to a result.
pub fn status(code: Status) -> Result<()> {
    match code {
        0 => Ok(()),
        // An unknown or positive status is not a PSA status; the core does not trust it.
        c => Err(Error::from_code(c).unwrap_or(Error::CorruptionDetected)),
    }
}

/// Maps a status and an output length: success with `length <= size`, else refused.
pub fn output(code: Status, length: usize, size: usize) -> Result<usize> {
    status(code)?;
    if length > size {
        // The driver claims to have written past its buffer: refuse the result.
        return Err(Error::CorruptionDetected);
    }
    Ok(length)
}

/// `const psa_key_attributes_t *`: the C side sees an incomplete struct and reads it through
/// the `psa_get_key_*` accessors.
pub type Attributes = *const c_void;

fn attrs(a: &KeyAttributes) -> Attributes {
    (a as *const KeyAttributes).cast()
}

/// `psa_status_t hash_compute(psa_algorithm_t alg, const uint8_t *input, size_t input_length,
/// uint8_t *hash, size_t hash_size, size_t *hash_length)`.
pub type HashComputeFn =
    unsafe extern "C" fn(u32, *const u8, usize, *mut u8, usize, *mut usize) -> Status;
/// `psa_status_t mac_compute(const psa_key_attributes_t *attributes, const uint8_t *key_buffer,
/// size_t key_buffer_size, psa_algorithm_t alg, const uint8_t *input, size_t input_length,
/// uint8_t *mac, size_t mac_size, size_t *mac_length)`.
pub type MacComputeFn = unsafe extern "C" fn(
    Attributes,
    *const u8,
    usize,
    u32,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
) -> Status;
/// `psa_status_t import_key(const psa_key_attributes_t *attributes, const uint8_t *data,
/// size_t data_length, uint8_t *key_buffer, size_t key_buffer_size, size_t *key_buffer_length,
/// size_t *bits)`.
pub type ImportKeyFn = unsafe extern "C" fn(
    Attributes,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
    *mut usize,
) -> Status;
/// `psa_status_t export_key(const psa_key_attributes_t *attributes, const uint8_t *key_buffer,
/// size_t key_buffer_size, uint8_t *data, size_t data_size, size_t *data_length)`; also
/// `export_public_key`.
pub type ExportKeyFn =
    unsafe extern "C" fn(Attributes, *const u8, usize, *mut u8, usize, *mut usize) -> Status;
/// `psa_status_t destroy_key(const psa_key_attributes_t *attributes, const uint8_t *key_buffer,
/// size_t key_buffer_size)`.
pub type DestroyKeyFn = unsafe extern "C" fn(Attributes, *const u8, usize) -> Status;

/// Calls a C `hash_compute`.
pub fn hash_compute(
    f: HashComputeFn,
    alg: Algorithm,
    input: &[u8],
    hash: &mut [u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: every pointer comes from a live slice with its length (or a local), as the
    // driver interface's C signature takes them; the C driver must stay within them, and any
    // length it reports is checked below before use.
    let code = unsafe {
        f(
            alg.0,
            input.as_ptr(),
            input.len(),
            hash.as_mut_ptr(),
            hash.len(),
            &mut length,
        )
    };
    output(code, length, hash.len())
}

/// Calls a C `mac_compute`.
pub fn mac_compute(
    f: MacComputeFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    input: &[u8],
    mac: &mut [u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `hash_compute`; `attributes` outlives the call and is only read through
    // this crate's accessors.
    let code = unsafe {
        f(
            attrs(attributes),
            key_buffer.as_ptr(),
            key_buffer.len(),
            alg.0,
            input.as_ptr(),
            input.len(),
            mac.as_mut_ptr(),
            mac.len(),
            &mut length,
        )
    };
    output(code, length, mac.len())
}

/// Calls a C `import_key`.
pub fn import_key(
    f: ImportKeyFn,
    attributes: &KeyAttributes,
    data: &[u8],
    key_buffer: &mut [u8],
) -> Result<ImportedKey> {
    let (mut length, mut bits) = (0usize, attributes.bits());
    // SAFETY: as in `mac_compute`.
    let code = unsafe {
        f(
            attrs(attributes),
            data.as_ptr(),
            data.len(),
            key_buffer.as_mut_ptr(),
            key_buffer.len(),
            &mut length,
            &mut bits,
        )
    };
    let length = output(code, length, key_buffer.len())?;
    Ok(ImportedKey { length, bits })
}

/// Calls a C `export_key` or `export_public_key`.
pub fn export_key(
    f: ExportKeyFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    data: &mut [u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `mac_compute`.
    let code = unsafe {
        f(
            attrs(attributes),
            key_buffer.as_ptr(),
            key_buffer.len(),
            data.as_mut_ptr(),
            data.len(),
            &mut length,
        )
    };
    output(code, length, data.len())
}

/// Calls a C `destroy_key`.
pub fn destroy_key(f: DestroyKeyFn, attributes: &KeyAttributes, key_buffer: &[u8]) -> Result<()> {
    // SAFETY: as in `mac_compute`.
    status(unsafe { f(attrs(attributes), key_buffer.as_ptr(), key_buffer.len()) })
}

/// `psa_key_attributes_t *` for `get_builtin_key`, the one entry point whose driver writes
/// the attributes (through the `psa_set_key_*` setters).
pub type AttributesMut = *mut c_void;

fn attrs_mut(a: &mut KeyAttributes) -> AttributesMut {
    (a as *mut KeyAttributes).cast()
}

/// `psa_status_t generate_key(const psa_key_attributes_t *attributes, uint8_t *key_buffer,
/// size_t key_buffer_size, size_t *key_buffer_length)` (the driver draws randomness with
/// `psa_generate_random`).
pub type GenerateKeyFn = unsafe extern "C" fn(Attributes, *mut u8, usize, *mut usize) -> Status;
/// `psa_status_t allocate_key(const psa_key_attributes_t *attributes, uint8_t *key_buffer,
/// size_t key_buffer_size)` (the spec's prototype: the driver may use the whole buffer).
pub type AllocateKeyFn = unsafe extern "C" fn(Attributes, *mut u8, usize) -> Status;
/// `psa_status_t copy_key(const psa_key_attributes_t *attributes, const uint8_t *source_key,
/// size_t source_key_length, uint8_t *target_key_buffer, size_t target_key_buffer_size,
/// size_t *target_key_buffer_length)`.
pub type CopyKeyFn =
    unsafe extern "C" fn(Attributes, *const u8, usize, *mut u8, usize, *mut usize) -> Status;
/// `psa_status_t get_builtin_key(psa_drv_slot_number_t slot_number, psa_key_attributes_t
/// *attributes, uint8_t *key_buffer, size_t key_buffer_size, size_t *key_buffer_length)`.
pub type GetBuiltinKeyFn =
    unsafe extern "C" fn(u64, AttributesMut, *mut u8, usize, *mut usize) -> Status;
/// `psa_status_t sign_hash(const psa_key_attributes_t *attributes, const uint8_t *key_buffer,
/// size_t key_buffer_size, psa_algorithm_t alg, const uint8_t *hash, size_t hash_length,
/// uint8_t *signature, size_t signature_size, size_t *signature_length)`; also
/// `sign_message` (with the message for the hash).
pub type SignFn = unsafe extern "C" fn(
    Attributes,
    *const u8,
    usize,
    u32,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
) -> Status;
/// `psa_status_t verify_hash(const psa_key_attributes_t *attributes, const uint8_t
/// *key_buffer, size_t key_buffer_size, psa_algorithm_t alg, const uint8_t *hash, size_t
/// hash_length, const uint8_t *signature, size_t signature_length)`; also `verify_message`.
pub type VerifyFn = unsafe extern "C" fn(
    Attributes,
    *const u8,
    usize,
    u32,
    *const u8,
    usize,
    *const u8,
    usize,
) -> Status;
/// `psa_status_t cipher_encrypt(const psa_key_attributes_t *attributes, const uint8_t
/// *key_buffer, size_t key_buffer_size, psa_algorithm_t alg, const uint8_t *iv, size_t
/// iv_length, const uint8_t *input, size_t input_length, uint8_t *output, size_t output_size,
/// size_t *output_length)`.
pub type CipherEncryptFn = unsafe extern "C" fn(
    Attributes,
    *const u8,
    usize,
    u32,
    *const u8,
    usize,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
) -> Status;
/// `psa_status_t cipher_decrypt(const psa_key_attributes_t *attributes, const uint8_t
/// *key_buffer, size_t key_buffer_size, psa_algorithm_t alg, const uint8_t *input, size_t
/// input_length, uint8_t *output, size_t output_size, size_t *output_length)` (the input
/// starts with the IV); also `key_agreement`, in Mbed TLS's order (`alg` after the key
/// buffer, then the peer key and the shared secret).
pub type CipherDecryptFn = MacComputeFn;
/// `psa_status_t aead_encrypt(const psa_key_attributes_t *attributes, const uint8_t
/// *key_buffer, size_t key_buffer_size, psa_algorithm_t alg, const uint8_t *nonce, size_t
/// nonce_length, const uint8_t *additional_data, size_t additional_data_length, const uint8_t
/// *plaintext, size_t plaintext_length, uint8_t *ciphertext, size_t ciphertext_size, size_t
/// *ciphertext_length)`; also `aead_decrypt` (ciphertext in, plaintext out).
pub type AeadFn = unsafe extern "C" fn(
    Attributes,
    *const u8,
    usize,
    u32,
    *const u8,
    usize,
    *const u8,
    usize,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
) -> Status;

/// Calls a C `generate_key`, with `rng` serving its `psa_generate_random` calls.
pub fn generate_key(
    f: GenerateKeyFn,
    attributes: &KeyAttributes,
    key_buffer: &mut [u8],
    rng: Rng<'_>,
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `mac_compute`.
    let code = random::with(rng, || unsafe {
        f(
            attrs(attributes),
            key_buffer.as_mut_ptr(),
            key_buffer.len(),
            &mut length,
        )
    });
    output(code, length, key_buffer.len())
}

/// Calls a C `allocate_key`; the driver's reservation is the whole buffer (the spec's
/// prototype has no length).
pub fn allocate_key(
    f: AllocateKeyFn,
    attributes: &KeyAttributes,
    key_buffer: &mut [u8],
) -> Result<usize> {
    // SAFETY: as in `mac_compute`.
    status(unsafe { f(attrs(attributes), key_buffer.as_mut_ptr(), key_buffer.len()) })?;
    Ok(key_buffer.len())
}

/// Calls a C `copy_key`.
pub fn copy_key(
    f: CopyKeyFn,
    attributes: &KeyAttributes,
    source_key: &[u8],
    target_key_buffer: &mut [u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `mac_compute`.
    let code = unsafe {
        f(
            attrs(attributes),
            source_key.as_ptr(),
            source_key.len(),
            target_key_buffer.as_mut_ptr(),
            target_key_buffer.len(),
            &mut length,
        )
    };
    output(code, length, target_key_buffer.len())
}

/// Calls a C `get_builtin_key`: the driver fills `attributes` (type, size, usage,
/// algorithm) through the `psa_set_key_*` setters; the core checks the location it returns.
pub fn get_builtin_key(
    f: GetBuiltinKeyFn,
    slot_number: u64,
    attributes: &mut KeyAttributes,
    key_buffer: &mut [u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `mac_compute`; `attributes` is exclusively borrowed for the call, so
    // the driver's writes through the setters alias nothing.
    let code = unsafe {
        f(
            slot_number,
            attrs_mut(attributes),
            key_buffer.as_mut_ptr(),
            key_buffer.len(),
            &mut length,
        )
    };
    output(code, length, key_buffer.len())
}

/// Calls a C `sign_hash` or `sign_message`, with `rng` serving its `psa_generate_random`.
pub fn sign(
    f: SignFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    input: &[u8],
    signature: &mut [u8],
    rng: Rng<'_>,
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `mac_compute`.
    let code = random::with(rng, || unsafe {
        f(
            attrs(attributes),
            key_buffer.as_ptr(),
            key_buffer.len(),
            alg.0,
            input.as_ptr(),
            input.len(),
            signature.as_mut_ptr(),
            signature.len(),
            &mut length,
        )
    });
    output(code, length, signature.len())
}

/// Calls a C `verify_hash` or `verify_message`.
pub fn verify(
    f: VerifyFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    input: &[u8],
    signature: &[u8],
) -> Result<()> {
    // SAFETY: as in `mac_compute`.
    status(unsafe {
        f(
            attrs(attributes),
            key_buffer.as_ptr(),
            key_buffer.len(),
            alg.0,
            input.as_ptr(),
            input.len(),
            signature.as_ptr(),
            signature.len(),
        )
    })
}

/// Calls a C `cipher_encrypt`.
pub fn cipher_encrypt(
    f: CipherEncryptFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    iv: &[u8],
    input: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `mac_compute`.
    let code = unsafe {
        f(
            attrs(attributes),
            key_buffer.as_ptr(),
            key_buffer.len(),
            alg.0,
            iv.as_ptr(),
            iv.len(),
            input.as_ptr(),
            input.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut length,
        )
    };
    output(code, length, out.len())
}

/// Calls a C `cipher_decrypt` or `key_agreement` (the same C shape as `mac_compute`: key,
/// algorithm, one input, one output).
pub fn cipher_decrypt(
    f: CipherDecryptFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    input: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    mac_compute(f, attributes, key_buffer, alg, input, out)
}

/// Calls a C `aead_encrypt` (`input` the plaintext) or `aead_decrypt` (the ciphertext
/// with its tag).
#[allow(clippy::too_many_arguments)] // the entry point's own parameters, in its order
pub fn aead(
    f: AeadFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    nonce: &[u8],
    additional_data: &[u8],
    input: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `mac_compute`.
    let code = unsafe {
        f(
            attrs(attributes),
            key_buffer.as_ptr(),
            key_buffer.len(),
            alg.0,
            nonce.as_ptr(),
            nonce.len(),
            additional_data.as_ptr(),
            additional_data.len(),
            input.as_ptr(),
            input.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut length,
        )
    };
    output(code, length, out.len())
}

/// `psa_status_t asymmetric_encrypt(const psa_key_attributes_t *attributes, const uint8_t
/// *key_buffer, size_t key_buffer_size, psa_algorithm_t alg, const uint8_t *input, size_t
/// input_length, const uint8_t *salt, size_t salt_length, uint8_t *output, size_t
/// output_size, size_t *output_length)`; also `asymmetric_decrypt`.
pub type AsymmetricFn = unsafe extern "C" fn(
    Attributes,
    *const u8,
    usize,
    u32,
    *const u8,
    usize,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
) -> Status;

/// `psa_status_t get_random(uint8_t *output, size_t output_size, size_t *output_length)`:
/// the driver interface's `get_random` without the random context (the catalogue's
/// `get_random` is single-part: no `init_random` / `add_entropy`).
pub type GetRandomFn = unsafe extern "C" fn(*mut u8, usize, *mut usize) -> Status;

#[allow(clippy::too_many_arguments)] // the entry point's own parameters, in its order
fn asymmetric(
    f: AsymmetricFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    input: &[u8],
    salt: &[u8],
    out: &mut [u8],
    rng: Option<Rng<'_>>,
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `mac_compute`.
    let mut call = || unsafe {
        f(
            attrs(attributes),
            key_buffer.as_ptr(),
            key_buffer.len(),
            alg.0,
            input.as_ptr(),
            input.len(),
            salt.as_ptr(),
            salt.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut length,
        )
    };
    let code = match rng {
        Some(rng) => random::with(rng, call),
        None => call(),
    };
    output(code, length, out.len())
}

/// Calls a C `asymmetric_encrypt`, with `rng` serving its `psa_generate_random` calls (the
/// padding's randomness).
#[allow(clippy::too_many_arguments)] // the entry point's own parameters, in its order
pub fn asymmetric_encrypt(
    f: AsymmetricFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    input: &[u8],
    salt: &[u8],
    out: &mut [u8],
    rng: Rng<'_>,
) -> Result<usize> {
    asymmetric(f, attributes, key_buffer, alg, input, salt, out, Some(rng))
}

/// Calls a C `asymmetric_decrypt`.
pub fn asymmetric_decrypt(
    f: AsymmetricFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    input: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    asymmetric(f, attributes, key_buffer, alg, input, salt, out, None)
}

/// Calls a C `get_random` until `out` is full. Every length it reports is checked against
/// what was left to fill (more is `CORRUPTION_DETECTED`); a success that writes nothing is
/// `INSUFFICIENT_ENTROPY`, so a driver cannot stall the core or leave bytes unfilled.
pub fn get_random(f: GetRandomFn, out: &mut [u8]) -> Result<()> {
    let mut filled = 0;
    while filled < out.len() {
        let rest = &mut out[filled..];
        let mut length = 0usize;
        // SAFETY: `rest` is a live, writable slice of its length; the reported length is
        // checked below before use.
        let code = unsafe { f(rest.as_mut_ptr(), rest.len(), &mut length) };
        match output(code, length, rest.len())? {
            0 => return Err(Error::InsufficientEntropy),
            n => filled += n,
        }
    }
    Ok(())
}

/// Reads the attributes behind a C driver's `const psa_key_attributes_t *`.
///
/// # Safety
/// `a` is the pointer this crate passed to the driver, valid for the call.
unsafe fn read<'a>(a: Attributes) -> &'a KeyAttributes {
    // SAFETY: the caller's contract: `a` came from `attrs(&KeyAttributes)` during the call.
    unsafe { &*a.cast::<KeyAttributes>() }
}

macro_rules! accessors {
    ($( $(#[$doc:meta])* $name:ident -> $ty:ty = |$a:ident| $e:expr; )*) => { $(
        $(#[$doc])*
        ///
        /// # Safety
        /// `attributes` is the pointer the core passed to the C driver, during that call.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(attributes: Attributes) -> $ty {
            // SAFETY: forwarded from the caller's contract.
            let $a = unsafe { read(attributes) };
            $e
        }
    )* };
}

accessors! {
    /// `psa_key_type_t psa_get_key_type(const psa_key_attributes_t *attributes)`.
    psa_get_key_type -> u16 = |a| a.key_type().0;
    /// `size_t psa_get_key_bits(const psa_key_attributes_t *attributes)`.
    psa_get_key_bits -> usize = |a| a.bits();
    /// `psa_key_lifetime_t psa_get_key_lifetime(const psa_key_attributes_t *attributes)`.
    psa_get_key_lifetime -> u32 = |a| a.lifetime().0;
    /// `psa_algorithm_t psa_get_key_algorithm(const psa_key_attributes_t *attributes)`.
    psa_get_key_algorithm -> u32 = |a| a.algorithm().0;
    /// `psa_key_usage_t psa_get_key_usage_flags(const psa_key_attributes_t *attributes)`.
    psa_get_key_usage_flags -> u32 = |a| a.usage().0;
    /// `psa_key_id_t psa_get_key_id(const psa_key_attributes_t *attributes)`.
    psa_get_key_id -> u32 = |a| a.id().0;
}

/// Writes the attributes behind `get_builtin_key`'s `psa_key_attributes_t *`.
///
/// # Safety
/// `a` is the pointer this crate passed to `get_builtin_key`, valid for the call.
unsafe fn write<'a>(a: AttributesMut) -> &'a mut KeyAttributes {
    // SAFETY: the caller's contract: `a` came from `attrs_mut(&mut KeyAttributes)`.
    unsafe { &mut *a.cast::<KeyAttributes>() }
}

macro_rules! setters {
    ($( $(#[$doc:meta])* $name:ident($ty:ty) = |$a:ident, $v:ident| $e:expr; )*) => { $(
        $(#[$doc])*
        ///
        /// # Safety
        /// `attributes` is the (mutable) pointer the core passed to the C driver's
        /// `get_builtin_key`, during that call; no other entry point's attributes may be
        /// written.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(attributes: AttributesMut, $v: $ty) {
            // SAFETY: forwarded from the caller's contract.
            let $a = unsafe { write(attributes) };
            $e
        }
    )* };
}

setters! {
    /// `void psa_set_key_type(psa_key_attributes_t *attributes, psa_key_type_t type)`.
    psa_set_key_type(u16) = |a, v| a.set_type(KeyType(v));
    /// `void psa_set_key_bits(psa_key_attributes_t *attributes, size_t bits)`.
    psa_set_key_bits(usize) = |a, v| a.set_bits(v);
    /// `void psa_set_key_algorithm(psa_key_attributes_t *attributes, psa_algorithm_t alg)`.
    psa_set_key_algorithm(u32) = |a, v| a.set_algorithm(Algorithm(v));
    /// `void psa_set_key_usage_flags(psa_key_attributes_t *attributes, psa_key_usage_t usage)`.
    psa_set_key_usage_flags(u32) = |a, v| a.set_usage(UsageFlags(v));
}

/// Reads the inputs behind a C driver's `const psa_crypto_driver_pake_inputs_t *`.
///
/// # Safety
/// `p` is the pointer this crate passed to the driver's `pake_setup`, valid for the call.
unsafe fn pake_inputs<'a>(p: multipart::PakeInputsPtr) -> &'a PakeInputs<'a> {
    // SAFETY: the caller's contract: `p` came from `&PakeInputs` during `pake_setup`.
    unsafe { &*p.cast::<PakeInputs<'a>>() }
}

/// Copies `data` to a C buffer: `BUFFER_TOO_SMALL` if it does not fit.
///
/// # Safety
/// `buffer` is valid for writes of `size` bytes, `length` for one write.
unsafe fn copy_out(data: &[u8], buffer: *mut u8, size: usize, length: *mut usize) -> Status {
    if data.len() > size {
        return Error::BufferTooSmall.code();
    }
    // SAFETY: the caller's contract; `data` fits in `buffer` and does not overlap it (it
    // lives in the core's operation).
    unsafe {
        core::ptr::copy_nonoverlapping(data.as_ptr(), buffer, data.len());
        *length = data.len();
    }
    0
}

macro_rules! pake_ids {
    ($( $(#[$doc:meta])* $len:ident, $get:ident = $field:ident; )*) => { $(
        $(#[$doc])*
        ///
        /// # Safety
        /// `inputs` is the pointer the core passed to the C driver's `pake_setup`, during
        /// that call; the out-pointers are valid for writes.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $len(inputs: multipart::PakeInputsPtr, length: *mut usize) -> Status {
            // SAFETY: forwarded from the caller's contract.
            unsafe { *length = pake_inputs(inputs).$field.len() };
            0
        }
        $(#[$doc])*
        ///
        /// # Safety
        /// As for the `_len` accessor; `buffer` is valid for writes of `size` bytes.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $get(
            inputs: multipart::PakeInputsPtr,
            buffer: *mut u8,
            size: usize,
            length: *mut usize,
        ) -> Status {
            // SAFETY: forwarded from the caller's contract.
            unsafe { copy_out(pake_inputs(inputs).$field, buffer, size, length) }
        }
    )* };
}

pake_ids! {
    /// `psa_crypto_driver_pake_get_user_len` / `psa_crypto_driver_pake_get_user`: this party's
    /// identity (`psa_pake_set_user`; empty if not set).
    psa_crypto_driver_pake_get_user_len, psa_crypto_driver_pake_get_user = user;
    /// `psa_crypto_driver_pake_get_peer_len` / `psa_crypto_driver_pake_get_peer`: the other
    /// party's identity (`psa_pake_set_peer`; empty if not set).
    psa_crypto_driver_pake_get_peer_len, psa_crypto_driver_pake_get_peer = peer;
    /// `psa_crypto_driver_pake_get_context_len` / `psa_crypto_driver_pake_get_context`: the
    /// protocol context (`psa_pake_set_context`; empty if not set).
    psa_crypto_driver_pake_get_context_len, psa_crypto_driver_pake_get_context = context;
}

/// `psa_pake_role_t psa_crypto_driver_pake_get_role(const psa_crypto_driver_pake_inputs_t
/// *inputs)`.
///
/// # Safety
/// `inputs` is the pointer the core passed to the C driver's `pake_setup`, during that call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_crypto_driver_pake_get_role(inputs: multipart::PakeInputsPtr) -> u8 {
    // SAFETY: forwarded from the caller's contract.
    unsafe { pake_inputs(inputs).role.0 }
}

/// `const psa_pake_cipher_suite_t *psa_crypto_driver_pake_get_cipher_suite(const
/// psa_crypto_driver_pake_inputs_t *inputs)`: the suite, read with the `psa_pake_cs_get_*`
/// accessors while `pake_setup` runs.
///
/// # Safety
/// `inputs` is the pointer the core passed to the C driver's `pake_setup`, during that call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn psa_crypto_driver_pake_get_cipher_suite(
    inputs: multipart::PakeInputsPtr,
) -> *const c_void {
    // SAFETY: forwarded from the caller's contract.
    let suite: *const PakeCipherSuite = unsafe { &pake_inputs(inputs).cipher_suite };
    suite.cast()
}

/// Reads a cipher suite from `psa_crypto_driver_pake_get_cipher_suite`.
///
/// # Safety
/// `p` came from `psa_crypto_driver_pake_get_cipher_suite` during the same `pake_setup`.
unsafe fn suite<'a>(p: *const c_void) -> &'a PakeCipherSuite {
    // SAFETY: the caller's contract.
    unsafe { &*p.cast::<PakeCipherSuite>() }
}

/// `PSA_PAKE_CONFIRMED_KEY` / `PSA_PAKE_UNCONFIRMED_KEY` (the header's constants come from
/// this function).
pub const fn key_confirmation(k: PakeKeyConfirmation) -> u32 {
    match k {
        PakeKeyConfirmation::Confirmed => 0,
        PakeKeyConfirmation::Unconfirmed => 1,
    }
}

macro_rules! suite_accessors {
    ($( $(#[$doc:meta])* $name:ident -> $ty:ty = |$s:ident| $e:expr; )*) => { $(
        $(#[$doc])*
        ///
        /// # Safety
        /// `cipher_suite` came from `psa_crypto_driver_pake_get_cipher_suite` during the same
        /// `pake_setup` call.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(cipher_suite: *const c_void) -> $ty {
            // SAFETY: forwarded from the caller's contract.
            let $s = unsafe { suite(cipher_suite) };
            $e
        }
    )* };
}

suite_accessors! {
    /// `psa_algorithm_t psa_pake_cs_get_algorithm(const psa_pake_cipher_suite_t *cipher_suite)`.
    psa_pake_cs_get_algorithm -> u32 = |s| s.algorithm.0;
    /// `psa_pake_primitive_t psa_pake_cs_get_primitive(const psa_pake_cipher_suite_t
    /// *cipher_suite)`.
    psa_pake_cs_get_primitive -> u32 = |s| s.primitive.0;
    /// `uint32_t psa_pake_cs_get_key_confirmation(const psa_pake_cipher_suite_t
    /// *cipher_suite)`.
    psa_pake_cs_get_key_confirmation -> u32 = |s| key_confirmation(s.key_confirmation);
}

/// Writes `psa_driver_c.h` from the Rust definitions into `out` (the committed header is
/// this text; the values cannot drift from psa-core's).
pub fn header(out: &mut impl core::fmt::Write) -> core::fmt::Result {
    w(out, HEAD)?;
    for e in Error::ALL {
        writeln!(out, "#define {} ((psa_status_t){})", e.name(), e.code())?;
    }
    w(out, "\n/* Algorithms */\n")?;
    for (name, alg) in ALGORITHMS {
        writeln!(
            out,
            "#define PSA_ALG_{name} ((psa_algorithm_t){:#010x})",
            alg.0
        )?;
    }
    writeln!(
        out,
        "#define PSA_ALG_HMAC(hash_alg) ((psa_algorithm_t)({:#010x} | ((hash_alg) & {:#x})))",
        Algorithm::hmac(Algorithm::NONE).0,
        Algorithm::ANY_HASH.0 & 0xff,
    )?;
    writeln!(
        out,
        "#define PSA_ALG_ECDSA(hash_alg) ((psa_algorithm_t)({:#010x} | ((hash_alg) & {:#x})))",
        Algorithm::ecdsa(Algorithm::NONE).0,
        Algorithm::ANY_HASH.0 & 0xff,
    )?;
    writeln!(
        out,
        "#define PSA_ALG_DETERMINISTIC_ECDSA(hash_alg) ((psa_algorithm_t)({:#010x} | ((hash_alg) & {:#x})))",
        Algorithm::deterministic_ecdsa(Algorithm::NONE).0,
        Algorithm::ANY_HASH.0 & 0xff,
    )?;
    writeln!(
        out,
        "#define PSA_ALG_RSA_OAEP(hash_alg) ((psa_algorithm_t)({:#010x} | ((hash_alg) & {:#x})))",
        Algorithm::rsa_oaep(Algorithm::NONE).0,
        Algorithm::ANY_HASH.0 & 0xff,
    )?;
    w(out, "\n/* Key types */\n")?;
    for (name, kt) in KEY_TYPES {
        writeln!(
            out,
            "#define PSA_KEY_TYPE_{name} ((psa_key_type_t){:#06x})",
            kt.0
        )?;
    }
    writeln!(
        out,
        "#define PSA_KEY_TYPE_ECC_KEY_PAIR(curve) ((psa_key_type_t)({:#06x} | (curve)))",
        KeyType::ecc_key_pair(EccFamily(0)).0
    )?;
    writeln!(
        out,
        "#define PSA_KEY_TYPE_ECC_PUBLIC_KEY(curve) ((psa_key_type_t)({:#06x} | (curve)))",
        KeyType::ecc_public_key(EccFamily(0)).0
    )?;
    writeln!(
        out,
        "#define PSA_ECC_FAMILY_SECP_R1 ((psa_ecc_family_t){:#04x})",
        EccFamily::SECP_R1.0
    )?;
    w(out, "\n/* Lifetimes and locations */\n")?;
    writeln!(
        out,
        "#define PSA_KEY_LOCATION_LOCAL_STORAGE ((psa_key_location_t){:#x})",
        Location::LOCAL_STORAGE.0
    )?;
    writeln!(
        out,
        "#define PSA_KEY_LOCATION_VENDOR_FLAG ((psa_key_location_t){:#x})",
        Location::VENDOR_FLAG
    )?;
    w(
        out,
        "#define PSA_KEY_LIFETIME_GET_LOCATION(lifetime) ((psa_key_location_t)((lifetime) >> 8))\n",
    )?;
    w(out, "\n/* Usage flags */\n")?;
    for (name, u) in USAGE {
        writeln!(
            out,
            "#define PSA_KEY_USAGE_{name} ((psa_key_usage_t){:#010x})",
            u.0
        )?;
    }
    key_derivation_header(out)?;
    pake_header(out)?;
    w(out, TAIL)
}

fn key_derivation_header(out: &mut impl core::fmt::Write) -> core::fmt::Result {
    w(out, "\n/* Key derivation */\n")?;
    for (name, _, v) in multipart::DERIVATION_STEPS {
        writeln!(
            out,
            "#define PSA_KEY_DERIVATION_INPUT_{name} ((psa_key_derivation_step_t){v:#06x})"
        )?;
    }
    writeln!(
        out,
        "#define PSA_ALG_HKDF(hash_alg) ((psa_algorithm_t)({:#010x} | ((hash_alg) & {:#x})))",
        Algorithm::hkdf(Algorithm::NONE).0,
        Algorithm::ANY_HASH.0 & 0xff,
    )
}

fn pake_header(out: &mut impl core::fmt::Write) -> core::fmt::Result {
    w(out, "\n/* PAKE */\n")?;
    for (name, f) in [
        ("JPAKE", Algorithm::jpake as fn(Algorithm) -> Algorithm),
        ("SPAKE2P_HMAC", Algorithm::spake2p_hmac),
        ("SPAKE2P_CMAC", Algorithm::spake2p_cmac),
    ] {
        writeln!(
            out,
            "#define PSA_ALG_{name}(hash_alg) ((psa_algorithm_t)({:#010x} | ((hash_alg) & {:#x})))",
            f(Algorithm::NONE).0,
            Algorithm::ANY_HASH.0 & 0xff,
        )?;
    }
    writeln!(
        out,
        "#define PSA_ALG_SPAKE2P_MATTER ((psa_algorithm_t){:#010x})",
        Algorithm::SPAKE2P_MATTER.0
    )?;
    writeln!(
        out,
        "#define PSA_KEY_TYPE_SPAKE2P_KEY_PAIR(curve) ((psa_key_type_t)({:#06x} | (curve)))",
        KeyType::spake2p_key_pair(EccFamily(0)).0
    )?;
    writeln!(
        out,
        "#define PSA_KEY_TYPE_SPAKE2P_PUBLIC_KEY(curve) ((psa_key_type_t)({:#06x} | (curve)))",
        KeyType::spake2p_public_key(EccFamily(0)).0
    )?;
    for (name, t) in [
        ("ECC", PakePrimitiveType::ECC),
        ("DH", PakePrimitiveType::DH),
    ] {
        writeln!(
            out,
            "#define PSA_PAKE_PRIMITIVE_TYPE_{name} ((psa_pake_primitive_type_t){:#04x})",
            t.0
        )?;
    }
    // PakePrimitive::new's encoding (tests/header.rs checks the two agree).
    w(
        out,
        "#define PSA_PAKE_PRIMITIVE(pake_type, pake_family, pake_bits) \\\n    ((pake_bits) > 0xffff ? (psa_pake_primitive_t)0 : \\\n     (psa_pake_primitive_t)(((uint32_t)(pake_type) << 24) | ((uint32_t)(pake_family) << 16) | (uint32_t)(pake_bits)))\n",
    )?;
    w(
        out,
        "#define PSA_PAKE_PRIMITIVE_GET_TYPE(primitive) ((psa_pake_primitive_type_t)((primitive) >> 24))\n\
         #define PSA_PAKE_PRIMITIVE_GET_FAMILY(primitive) ((psa_pake_family_t)((primitive) >> 16))\n\
         #define PSA_PAKE_PRIMITIVE_GET_BITS(primitive) ((size_t)((primitive) & 0xffff))\n",
    )?;
    for (name, r) in [
        ("NONE", PakeRole::NONE),
        ("FIRST", PakeRole::FIRST),
        ("SECOND", PakeRole::SECOND),
        ("CLIENT", PakeRole::CLIENT),
        ("SERVER", PakeRole::SERVER),
    ] {
        writeln!(
            out,
            "#define PSA_PAKE_ROLE_{name} ((psa_pake_role_t){:#04x})",
            r.0
        )?;
    }
    for (name, s) in [
        ("KEY_SHARE", PakeStep::KeyShare),
        ("ZK_PUBLIC", PakeStep::ZkPublic),
        ("ZK_PROOF", PakeStep::ZkProof),
        ("CONFIRM", PakeStep::Confirm),
    ] {
        writeln!(
            out,
            "#define PSA_PAKE_STEP_{name} ((psa_pake_step_t){:#04x})",
            s.value()
        )?;
    }
    for (name, k) in [
        ("CONFIRMED_KEY", PakeKeyConfirmation::Confirmed),
        ("UNCONFIRMED_KEY", PakeKeyConfirmation::Unconfirmed),
    ] {
        writeln!(out, "#define PSA_PAKE_{name} {}", key_confirmation(k))?;
    }
    Ok(())
}

fn w(out: &mut impl core::fmt::Write, s: &str) -> core::fmt::Result {
    out.write_str(s)
}

const ALGORITHMS: &[(&str, Algorithm)] = &[
    ("NONE", Algorithm::NONE),
    ("SHA_224", Algorithm::SHA_224),
    ("SHA_256", Algorithm::SHA_256),
    ("SHA_384", Algorithm::SHA_384),
    ("SHA_512", Algorithm::SHA_512),
    ("ANY_HASH", Algorithm::ANY_HASH),
    ("CMAC", Algorithm::CMAC),
    ("CTR", Algorithm::CTR),
    ("CBC_NO_PADDING", Algorithm::CBC_NO_PADDING),
    ("CBC_PKCS7", Algorithm::CBC_PKCS7),
    ("ECB_NO_PADDING", Algorithm::ECB_NO_PADDING),
    ("GCM", Algorithm::GCM),
    ("CCM", Algorithm::CCM),
    ("CHACHA20_POLY1305", Algorithm::CHACHA20_POLY1305),
    ("ECDH", Algorithm::ECDH),
    ("RSA_PKCS1V15_CRYPT", Algorithm::RSA_PKCS1V15_CRYPT),
];

const KEY_TYPES: &[(&str, KeyType)] = &[
    ("NONE", KeyType::NONE),
    ("RAW_DATA", KeyType::RAW_DATA),
    ("HMAC", KeyType::HMAC),
    ("DERIVE", KeyType::DERIVE),
    ("AES", KeyType::AES),
    ("CHACHA20", KeyType::CHACHA20),
    ("RSA_KEY_PAIR", KeyType::RSA_KEY_PAIR),
    ("RSA_PUBLIC_KEY", KeyType::RSA_PUBLIC_KEY),
];

const USAGE: &[(&str, UsageFlags)] = &[
    ("EXPORT", UsageFlags::EXPORT),
    ("COPY", UsageFlags::COPY),
    ("ENCRYPT", UsageFlags::ENCRYPT),
    ("DECRYPT", UsageFlags::DECRYPT),
    ("SIGN_MESSAGE", UsageFlags::SIGN_MESSAGE),
    ("VERIFY_MESSAGE", UsageFlags::VERIFY_MESSAGE),
    ("SIGN_HASH", UsageFlags::SIGN_HASH),
    ("VERIFY_HASH", UsageFlags::VERIFY_HASH),
    ("DERIVE", UsageFlags::DERIVE),
];

const HEAD: &str = "\
/* psa_driver_c.h: the PSA driver interface types and constants a C driver registered with
 * c_driver! compiles against. GENERATED from the Rust definitions by psa_c_driver::header();
 * do not edit (the test `c_driver_header_matches_rust` fails if this file drifts). */
#ifndef PSA_DRIVER_C_H
#define PSA_DRIVER_C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern \"C\" {
#endif

typedef int32_t psa_status_t;
typedef uint32_t psa_algorithm_t;
typedef uint16_t psa_key_type_t;
typedef uint8_t psa_ecc_family_t;
typedef uint32_t psa_key_lifetime_t;
typedef uint32_t psa_key_location_t;
typedef uint32_t psa_key_usage_t;
typedef uint32_t psa_key_id_t;
typedef uint16_t psa_key_derivation_step_t;
typedef uint32_t psa_pake_primitive_t;
typedef uint8_t psa_pake_primitive_type_t;
typedef uint8_t psa_pake_family_t;
typedef uint8_t psa_pake_role_t;
typedef uint8_t psa_pake_step_t;
/* Incomplete: read it with the accessors below. */
typedef struct psa_key_attributes_s psa_key_attributes_t;

psa_key_type_t psa_get_key_type(const psa_key_attributes_t *attributes);
size_t psa_get_key_bits(const psa_key_attributes_t *attributes);
psa_key_lifetime_t psa_get_key_lifetime(const psa_key_attributes_t *attributes);
psa_algorithm_t psa_get_key_algorithm(const psa_key_attributes_t *attributes);
psa_key_usage_t psa_get_key_usage_flags(const psa_key_attributes_t *attributes);
psa_key_id_t psa_get_key_id(const psa_key_attributes_t *attributes);

/* get_builtin_key only: it describes the key through these. */
typedef uint64_t psa_drv_slot_number_t;
void psa_set_key_type(psa_key_attributes_t *attributes, psa_key_type_t type);
void psa_set_key_bits(psa_key_attributes_t *attributes, size_t bits);
void psa_set_key_algorithm(psa_key_attributes_t *attributes, psa_algorithm_t alg);
void psa_set_key_usage_flags(psa_key_attributes_t *attributes, psa_key_usage_t usage);

/* Random bytes from the core's source, during generate_key, sign_hash, sign_message,
 * asymmetric_encrypt and pake_output (PSA_ERROR_BAD_STATE elsewhere). */
psa_status_t psa_generate_random(uint8_t *output, size_t output_size);

/* Multi-part operations: the core holds the driver's context in the size and alignment
 * stated in c_driver! (`hash_context(size = S, align = A);`). This fails to compile unless
 * `type` fits them. */
#define PSA_DRIVER_CONTEXT_FITS(name, type, size, align) \
    typedef char name[(sizeof(type) <= (size) && \
                       (align) % offsetof(struct { char c; type t; }, t) == 0) ? 1 : -1]

/* PAKE: what pake_setup receives besides the password key (incomplete types, read during
 * pake_setup only). The id and context getters copy into a buffer (PSA_ERROR_BUFFER_TOO_SMALL
 * if it is too small; an input that was not set is empty). */
typedef struct psa_crypto_driver_pake_inputs_s psa_crypto_driver_pake_inputs_t;
typedef struct psa_pake_cipher_suite_s psa_pake_cipher_suite_t;
const psa_pake_cipher_suite_t *psa_crypto_driver_pake_get_cipher_suite(
    const psa_crypto_driver_pake_inputs_t *inputs);
psa_algorithm_t psa_pake_cs_get_algorithm(const psa_pake_cipher_suite_t *cipher_suite);
psa_pake_primitive_t psa_pake_cs_get_primitive(const psa_pake_cipher_suite_t *cipher_suite);
uint32_t psa_pake_cs_get_key_confirmation(const psa_pake_cipher_suite_t *cipher_suite);
psa_pake_role_t psa_crypto_driver_pake_get_role(const psa_crypto_driver_pake_inputs_t *inputs);
psa_status_t psa_crypto_driver_pake_get_user_len(const psa_crypto_driver_pake_inputs_t *inputs,
                                                 size_t *user_len);
psa_status_t psa_crypto_driver_pake_get_user(const psa_crypto_driver_pake_inputs_t *inputs,
                                             uint8_t *user_id, size_t user_id_size,
                                             size_t *user_id_len);
psa_status_t psa_crypto_driver_pake_get_peer_len(const psa_crypto_driver_pake_inputs_t *inputs,
                                                 size_t *peer_len);
psa_status_t psa_crypto_driver_pake_get_peer(const psa_crypto_driver_pake_inputs_t *inputs,
                                             uint8_t *peer_id, size_t peer_id_size,
                                             size_t *peer_id_len);
psa_status_t psa_crypto_driver_pake_get_context_len(
    const psa_crypto_driver_pake_inputs_t *inputs, size_t *context_len);
psa_status_t psa_crypto_driver_pake_get_context(const psa_crypto_driver_pake_inputs_t *inputs,
                                                uint8_t *context, size_t context_size,
                                                size_t *context_length);

/* Status */
#define PSA_SUCCESS ((psa_status_t)0)
";

const TAIL: &str = "
#ifdef __cplusplus
}
#endif

#endif /* PSA_DRIVER_C_H */
";

pub use psa_driver_macros::c_driver;

/// The C types the entry-point catalogue writes the driver interface's C signatures with
/// (`psa_catalogue`'s `c glue(…)` clauses); `c_driver!` glob-imports this module.
#[doc(hidden)]
pub mod c_types {
    pub use crate::multipart::PakeInputsPtr;
    pub use crate::{Attributes, AttributesMut};
    pub use core::ffi::c_void;
}
