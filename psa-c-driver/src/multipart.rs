//! Multi-part operations of C drivers: the core holds the C driver's operation context in a
//! [`Context`] of the size and alignment stated in `c_driver!` (`hash_context(size = …,
//! align = …)`, `mac_context`, `cipher_context`, `aead_context`, `key_derivation_context`,
//! `pake_context`), which the C driver checks against its type
//! with `PSA_DRIVER_CONTEXT_FITS`.
//!
//! The C context is moved with the operation (as a C core moves `psa_hash_operation_t`), so
//! it must hold no pointers into itself; it is zeroed before setup and wiped when dropped,
//! after the core's `abort`.

use core::ffi::c_void;

use psa_core::{
    Algorithm, DerivationStep, Error, KeyAttributes, PakeInputs, PakeStep, Result, Rng,
};

use crate::{Attributes, Status, attrs, output, random, status};

/// An alignment for [`Context`]: one of [`Align1`] … [`Align64`].
pub trait Align: Sized + Send + Sync + 'static {}

macro_rules! aligns {
    ($($name:ident = $n:literal),*) => { $(
        #[doc = concat!("Alignment ", stringify!($n), " for [`Context`].")]
        #[repr(align($n))]
        #[derive(Clone, Copy, Debug)]
        pub struct $name;
        impl Align for $name {}
    )* };
}
aligns!(
    Align1 = 1,
    Align2 = 2,
    Align4 = 4,
    Align8 = 8,
    Align16 = 16,
    Align32 = 32,
    Align64 = 64
);

/// A C driver's operation context: `N` bytes aligned as `A`.
#[repr(C)]
pub struct Context<const N: usize, A: Align> {
    _align: [A; 0],
    bytes: [u8; N],
}

impl<const N: usize, A: Align> core::fmt::Debug for Context<N, A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Context<{N}>")
    }
}

impl<const N: usize, A: Align> Context<N, A> {
    fn zeroed() -> Self {
        Context {
            _align: [],
            bytes: [0; N],
        }
    }
    fn ptr(&mut self) -> *mut c_void {
        self.bytes.as_mut_ptr().cast()
    }
}

impl<const N: usize, A: Align> Drop for Context<N, A> {
    fn drop(&mut self) {
        for b in &mut self.bytes {
            // SAFETY: `b` is a valid, exclusive reference; volatile so the wipe stays.
            unsafe { core::ptr::write_volatile(b, 0) };
        }
    }
}

/// `psa_status_t hash_setup(<context> *operation, psa_algorithm_t alg)`; also
/// `key_derivation_setup`.
pub type HashSetupFn = unsafe extern "C" fn(*mut c_void, u32) -> Status;
/// `psa_status_t mac_sign_setup(<context> *operation, const psa_key_attributes_t
/// *attributes, const uint8_t *key_buffer, size_t key_buffer_size, psa_algorithm_t alg)`;
/// also `mac_verify_setup`.
pub type MacSetupFn =
    unsafe extern "C" fn(*mut c_void, Attributes, *const u8, usize, u32) -> Status;
/// `psa_status_t hash_update(<context> *operation, const uint8_t *input, size_t
/// input_length)`; also `mac_update`, `mac_verify_finish` (with the expected MAC) and
/// `cipher_set_iv` (with the IV).
pub type InputFn = unsafe extern "C" fn(*mut c_void, *const u8, usize) -> Status;
/// `psa_status_t hash_finish(<context> *operation, uint8_t *hash, size_t hash_size, size_t
/// *hash_length)`; also `mac_sign_finish` and `cipher_finish`.
pub type FinishFn = unsafe extern "C" fn(*mut c_void, *mut u8, usize, *mut usize) -> Status;
/// `psa_status_t hash_clone(const <context> *source_operation, <context>
/// *target_operation)`.
pub type CloneFn = unsafe extern "C" fn(*const c_void, *mut c_void) -> Status;
/// `psa_status_t cipher_update(<context> *operation, const uint8_t *input, size_t
/// input_length, uint8_t *output, size_t output_size, size_t *output_length)`.
pub type UpdateFn =
    unsafe extern "C" fn(*mut c_void, *const u8, usize, *mut u8, usize, *mut usize) -> Status;
/// `psa_status_t aead_set_lengths(<context> *operation, size_t ad_length, size_t
/// plaintext_length)`.
pub type SetLengthsFn = unsafe extern "C" fn(*mut c_void, usize, usize) -> Status;
/// `psa_status_t aead_finish(<context> *operation, uint8_t *ciphertext, size_t
/// ciphertext_size, size_t *ciphertext_length, uint8_t *tag, size_t tag_size, size_t
/// *tag_length)`.
pub type AeadFinishFn = unsafe extern "C" fn(
    *mut c_void,
    *mut u8,
    usize,
    *mut usize,
    *mut u8,
    usize,
    *mut usize,
) -> Status;
/// `psa_status_t aead_verify(<context> *operation, uint8_t *plaintext, size_t
/// plaintext_size, size_t *plaintext_length, const uint8_t *tag, size_t tag_length)`.
pub type AeadVerifyFn =
    unsafe extern "C" fn(*mut c_void, *mut u8, usize, *mut usize, *const u8, usize) -> Status;
/// `psa_status_t hash_abort(<context> *operation)`; also `mac_abort`, `cipher_abort`,
/// `aead_abort`, `key_derivation_abort` and `pake_abort`.
pub type AbortFn = unsafe extern "C" fn(*mut c_void) -> Status;

/// Calls a C `hash_setup` or `key_derivation_setup` on a zeroed context.
pub fn hash_setup<const N: usize, A: Align>(
    f: HashSetupFn,
    alg: Algorithm,
) -> Result<Context<N, A>> {
    let mut c = Context::zeroed();
    // SAFETY: the context is `N` bytes aligned as `A`, which the C driver's
    // PSA_DRIVER_CONTEXT_FITS checks its type against; it outlives the call.
    status(unsafe { f(c.ptr(), alg.0) })?;
    Ok(c)
}

/// Calls a C `mac_sign_setup`, `mac_verify_setup`, `cipher_encrypt_setup`,
/// `cipher_decrypt_setup`, `aead_encrypt_setup` or `aead_decrypt_setup` (the same C shape)
/// on a zeroed context.
pub fn mac_setup<const N: usize, A: Align>(
    f: MacSetupFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
) -> Result<Context<N, A>> {
    let mut c = Context::zeroed();
    // SAFETY: as in `hash_setup`; the key buffer and attributes are live for the call.
    status(unsafe {
        f(
            c.ptr(),
            attrs(attributes),
            key_buffer.as_ptr(),
            key_buffer.len(),
            alg.0,
        )
    })?;
    Ok(c)
}

/// Calls a C `hash_update`, `mac_update`, `mac_verify_finish`, `cipher_set_iv`,
/// `aead_set_nonce` or `aead_update_ad`.
pub fn input<const N: usize, A: Align>(
    f: InputFn,
    context: &mut Context<N, A>,
    input: &[u8],
) -> Result<()> {
    // SAFETY: the context is the one the driver's setup initialized; `input` is live.
    status(unsafe { f(context.ptr(), input.as_ptr(), input.len()) })
}

/// Calls a C `hash_finish`, `mac_sign_finish` or `cipher_finish`; the length is checked
/// against `out`.
pub fn finish<const N: usize, A: Align>(
    f: FinishFn,
    context: &mut Context<N, A>,
    out: &mut [u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `input`.
    let code = unsafe { f(context.ptr(), out.as_mut_ptr(), out.len(), &mut length) };
    output(code, length, out.len())
}

/// Calls a C `cipher_update` or `aead_update`; the length is checked against `out`.
pub fn update<const N: usize, A: Align>(
    f: UpdateFn,
    context: &mut Context<N, A>,
    input: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `input`; `out` is live and writable for its length.
    let code = unsafe {
        f(
            context.ptr(),
            input.as_ptr(),
            input.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut length,
        )
    };
    output(code, length, out.len())
}

/// Calls a C `aead_set_lengths`.
pub fn set_lengths<const N: usize, A: Align>(
    f: SetLengthsFn,
    context: &mut Context<N, A>,
    ad_length: usize,
    plaintext_length: usize,
) -> Result<()> {
    // SAFETY: as in `input`.
    status(unsafe { f(context.ptr(), ad_length, plaintext_length) })
}

/// Calls a C `aead_finish`; both lengths are checked against their buffers.
pub fn aead_finish<const N: usize, A: Align>(
    f: AeadFinishFn,
    context: &mut Context<N, A>,
    ciphertext: &mut [u8],
    tag: &mut [u8],
) -> Result<(usize, usize)> {
    let (mut length, mut tag_length) = (0usize, 0usize);
    // SAFETY: as in `update`; the two output buffers are distinct live slices.
    let code = unsafe {
        f(
            context.ptr(),
            ciphertext.as_mut_ptr(),
            ciphertext.len(),
            &mut length,
            tag.as_mut_ptr(),
            tag.len(),
            &mut tag_length,
        )
    };
    let length = output(code, length, ciphertext.len())?;
    let tag_length = output(0, tag_length, tag.len())?;
    Ok((length, tag_length))
}

/// Calls a C `aead_verify`; the length is checked against `plaintext`.
pub fn aead_verify<const N: usize, A: Align>(
    f: AeadVerifyFn,
    context: &mut Context<N, A>,
    plaintext: &mut [u8],
    tag: &[u8],
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `update`.
    let code = unsafe {
        f(
            context.ptr(),
            plaintext.as_mut_ptr(),
            plaintext.len(),
            &mut length,
            tag.as_ptr(),
            tag.len(),
        )
    };
    output(code, length, plaintext.len())
}

/// Calls a C `hash_clone` into a zeroed context.
pub fn clone<const N: usize, A: Align>(
    f: CloneFn,
    context: &Context<N, A>,
) -> Result<Context<N, A>> {
    let mut target = Context::zeroed();
    // SAFETY: both contexts are `N` bytes aligned as `A`; the source is only read.
    status(unsafe { f(context.bytes.as_ptr().cast(), target.ptr()) })?;
    Ok(target)
}

/// Calls a C `hash_abort`, `mac_abort`, `cipher_abort`, `aead_abort`, `key_derivation_abort`
/// or `pake_abort`.
pub fn abort<const N: usize, A: Align>(f: AbortFn, context: &mut Context<N, A>) -> Result<()> {
    // SAFETY: as in `input`.
    status(unsafe { f(context.ptr()) })
}

/// `psa_key_derivation_step_t`: the value of a [`DerivationStep`] the C driver sees (the
/// `PSA_KEY_DERIVATION_INPUT_*` constants of the header are generated from this table).
pub const DERIVATION_STEPS: &[(&str, DerivationStep, u16)] = &[
    ("SECRET", DerivationStep::Secret, 0x0101),
    ("PASSWORD", DerivationStep::Password, 0x0102),
    ("LABEL", DerivationStep::Label, 0x0201),
    ("SALT", DerivationStep::Salt, 0x0202),
    ("INFO", DerivationStep::Info, 0x0203),
    ("SEED", DerivationStep::Seed, 0x0204),
    ("COST", DerivationStep::Cost, 0x0205),
];

/// The `psa_key_derivation_step_t` of `step`; `NOT_SUPPORTED` for a step the C header has no
/// constant for.
pub fn derivation_step(step: DerivationStep) -> Result<u16> {
    DERIVATION_STEPS
        .iter()
        .find(|(_, s, _)| *s == step)
        .map(|(_, _, v)| *v)
        .ok_or(Error::NotSupported)
}

/// `psa_status_t key_derivation_input_bytes(<context> *operation, psa_key_derivation_step_t
/// step, const uint8_t *data, size_t data_length)`.
pub type KdfInputBytesFn = unsafe extern "C" fn(*mut c_void, u16, *const u8, usize) -> Status;
/// `psa_status_t key_derivation_input_integer(<context> *operation,
/// psa_key_derivation_step_t step, uint64_t value)`.
pub type KdfInputIntegerFn = unsafe extern "C" fn(*mut c_void, u16, u64) -> Status;
/// `psa_status_t key_derivation_output_bytes(<context> *operation, uint8_t *output, size_t
/// output_length)`: the driver fills all of `output` (the core has checked the capacity).
pub type KdfOutputBytesFn = unsafe extern "C" fn(*mut c_void, *mut u8, usize) -> Status;

/// Calls a C `key_derivation_input_bytes`.
pub fn key_derivation_input_bytes<const N: usize, A: Align>(
    f: KdfInputBytesFn,
    context: &mut Context<N, A>,
    step: DerivationStep,
    data: &[u8],
) -> Result<()> {
    let step = derivation_step(step)?;
    // SAFETY: as in `input`.
    status(unsafe { f(context.ptr(), step, data.as_ptr(), data.len()) })
}

/// Calls a C `key_derivation_input_integer`.
pub fn key_derivation_input_integer<const N: usize, A: Align>(
    f: KdfInputIntegerFn,
    context: &mut Context<N, A>,
    step: DerivationStep,
    value: u64,
) -> Result<()> {
    let step = derivation_step(step)?;
    // SAFETY: as in `input`.
    status(unsafe { f(context.ptr(), step, value) })
}

/// Calls a C `key_derivation_output_bytes`. The driver interface returns no length (the
/// driver writes the whole buffer); the buffer is zeroed first, so a driver that fails
/// leaves nothing of an earlier output behind.
pub fn key_derivation_output_bytes<const N: usize, A: Align>(
    f: KdfOutputBytesFn,
    context: &mut Context<N, A>,
    out: &mut [u8],
) -> Result<()> {
    out.fill(0);
    // SAFETY: as in `update`.
    let r = status(unsafe { f(context.ptr(), out.as_mut_ptr(), out.len()) });
    if r.is_err() {
        out.fill(0);
    }
    r
}

/// `const psa_crypto_driver_pake_inputs_t *`: what `pake_setup` receives besides the password
/// key, read through the `psa_crypto_driver_pake_get_*` accessors.
pub type PakeInputsPtr = *const c_void;

/// `psa_status_t pake_setup(<context> *operation, const psa_key_attributes_t *attributes,
/// const uint8_t *key_buffer, size_t key_buffer_size, psa_algorithm_t alg, const
/// psa_crypto_driver_pake_inputs_t *inputs)`.
pub type PakeSetupFn =
    unsafe extern "C" fn(*mut c_void, Attributes, *const u8, usize, u32, PakeInputsPtr) -> Status;
/// `psa_status_t pake_output(<context> *operation, psa_pake_step_t step, uint8_t *output,
/// size_t output_size, size_t *output_length)` (ephemeral secrets from
/// `psa_generate_random`).
pub type PakeOutputFn = unsafe extern "C" fn(*mut c_void, u8, *mut u8, usize, *mut usize) -> Status;
/// `psa_status_t pake_input(<context> *operation, psa_pake_step_t step, const uint8_t *input,
/// size_t input_length)`.
pub type PakeInputFn = unsafe extern "C" fn(*mut c_void, u8, *const u8, usize) -> Status;
/// `psa_status_t pake_get_shared_key(<context> *operation, uint8_t *output, size_t
/// output_size, size_t *output_length)` (Mbed TLS 3.6: `pake_get_implicit_key`).
pub type PakeSharedKeyFn = FinishFn;

/// Calls a C `pake_setup` on a zeroed context; `inputs` is readable through the accessors
/// during the call only.
pub fn pake_setup<const N: usize, A: Align>(
    f: PakeSetupFn,
    attributes: &KeyAttributes,
    key_buffer: &[u8],
    alg: Algorithm,
    inputs: &PakeInputs<'_>,
) -> Result<Context<N, A>> {
    let mut c = Context::zeroed();
    let inputs: PakeInputsPtr = (inputs as *const PakeInputs<'_>).cast();
    // SAFETY: as in `mac_setup`; `inputs` is live for the call and only read through this
    // crate's accessors.
    status(unsafe {
        f(
            c.ptr(),
            attrs(attributes),
            key_buffer.as_ptr(),
            key_buffer.len(),
            alg.0,
            inputs,
        )
    })?;
    Ok(c)
}

/// Calls a C `pake_output`, with `rng` serving its `psa_generate_random` calls; the length is
/// checked against `out`.
pub fn pake_output<const N: usize, A: Align>(
    f: PakeOutputFn,
    context: &mut Context<N, A>,
    step: PakeStep,
    out: &mut [u8],
    rng: Rng<'_>,
) -> Result<usize> {
    let mut length = 0usize;
    // SAFETY: as in `update`.
    let code = random::with(rng, || unsafe {
        f(
            context.ptr(),
            step.value(),
            out.as_mut_ptr(),
            out.len(),
            &mut length,
        )
    });
    output(code, length, out.len())
}

/// Calls a C `pake_input`.
pub fn pake_input<const N: usize, A: Align>(
    f: PakeInputFn,
    context: &mut Context<N, A>,
    step: PakeStep,
    input: &[u8],
) -> Result<()> {
    // SAFETY: as in `input`.
    status(unsafe { f(context.ptr(), step.value(), input.as_ptr(), input.len()) })
}
