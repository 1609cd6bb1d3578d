//! PSA hash operations as `digest` traits.
//!
//! The `digest` traits cannot fail, while a PSA hash operation can (a driver error). The
//! [`Hasher`] therefore has fallible inherent methods ([`Hasher::try_update`],
//! [`Hasher::try_finalize`]) that return the PSA status, and its trait methods record the
//! first failure ([`Hasher::status`]): after a failure, `update` does nothing and
//! `finalize_into` writes zeros. Code that must distinguish a failure from a digest uses the
//! inherent methods.

use core::marker::PhantomData;

use digest::array::Array;
use digest::consts::{U28, U32, U48, U64};
use digest::{FixedOutput, FixedOutputReset, HashMarker, Output, OutputSizeUser, Reset, Update};
use psa_core::{Algorithm, DefaultEntropy, Dispatch, EntropySource, Error, HashOperation, Psa};

/// A hash algorithm PSA serves with a fixed output length.
pub trait HashAlgorithm {
    /// The PSA algorithm.
    const ALG: Algorithm;
    /// The digest length, as a type-level number.
    type OutputSize: digest::array::ArraySize;
}

macro_rules! hash_alg {
    ($(#[$doc:meta] $name:ident = $alg:expr, $size:ty;)*) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name;
        impl HashAlgorithm for $name {
            const ALG: Algorithm = $alg;
            type OutputSize = $size;
        }
    )*};
}

hash_alg! {
    /// SHA-224 (`PSA_ALG_SHA_224`).
    Sha224 = Algorithm::SHA_224, U28;
    /// SHA-256 (`PSA_ALG_SHA_256`).
    Sha256 = Algorithm::SHA_256, U32;
    /// SHA-384 (`PSA_ALG_SHA_384`).
    Sha384 = Algorithm::SHA_384, U48;
    /// SHA-512 (`PSA_ALG_SHA_512`).
    Sha512 = Algorithm::SHA_512, U64;
}

/// A multi-part PSA hash of algorithm `H` (dispatched to drivers like any PSA hash) behind
/// `digest::Update`, `FixedOutput`, `FixedOutputReset` and `Reset`.
pub struct Hasher<
    'p,
    H: HashAlgorithm,
    D: Dispatch,
    E: EntropySource = DefaultEntropy,
    const N: usize = 32,
> {
    op: HashOperation<'p, D, E, N>,
    status: Result<(), Error>,
    _alg: PhantomData<H>,
}

impl<H: HashAlgorithm, D: Dispatch, E: EntropySource, const N: usize> core::fmt::Debug
    for Hasher<'_, H, D, E, N>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Hasher")
            .field("alg", &H::ALG)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl<'p, H: HashAlgorithm, D: Dispatch, E: EntropySource, const N: usize> Hasher<'p, H, D, E, N> {
    /// A hash operation set up on `psa`.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` when no driver (and no built-in) serves `H`.
    pub fn new(psa: &'p Psa<D, E, N>) -> Result<Self, Error> {
        let h = Self::new_unchecked(psa);
        h.status.map(|()| h)
    }

    /// A hash operation on `psa` whose setup status is kept in [`Hasher::status`] (for
    /// `Default`).
    fn new_unchecked(psa: &'p Psa<D, E, N>) -> Self {
        let mut op = psa.hash_operation();
        let status = op.setup(H::ALG);
        Hasher {
            op,
            status,
            _alg: PhantomData,
        }
    }

    /// The first failure of a trait method, if any (`Ok` while all went well).
    ///
    /// # Errors
    /// The PSA status of the first failed step.
    pub fn status(&self) -> Result<(), Error> {
        self.status
    }

    /// Hash more input.
    ///
    /// # Errors
    /// A step that failed earlier (sticky), else the driver's status.
    pub fn try_update(&mut self, input: &[u8]) -> Result<(), Error> {
        self.status?;
        let r = self.op.update(input);
        self.status = r;
        r
    }

    /// The digest, ending the operation.
    ///
    /// # Errors
    /// A step that failed earlier, else the driver's status.
    pub fn try_finalize(mut self) -> Result<Output<Self>, Error> {
        let mut out = Array::default();
        self.finish_into(&mut out)?;
        Ok(out)
    }

    fn finish_into(&mut self, out: &mut Output<Self>) -> Result<(), Error> {
        self.status?;
        match self.op.finish(out) {
            Ok(n) if n == out.len() => Ok(()),
            Ok(_) => Err(Error::CorruptionDetected),
            Err(e) => Err(e),
        }
    }

    fn write_or_zero(&mut self, out: &mut Output<Self>) {
        if let Err(e) = self.finish_into(out) {
            self.status = Err(e);
            out.iter_mut().for_each(|b| *b = 0);
        }
    }

    /// Abort and set the operation up again, clearing a recorded failure.
    fn restart(&mut self) {
        let _ = self.op.abort();
        self.status = self.op.setup(H::ALG);
    }
}

impl<H: HashAlgorithm, D: Dispatch, E: EntropySource, const N: usize> OutputSizeUser
    for Hasher<'_, H, D, E, N>
{
    type OutputSize = H::OutputSize;
}

impl<H: HashAlgorithm, D: Dispatch, E: EntropySource, const N: usize> HashMarker
    for Hasher<'_, H, D, E, N>
{
}

impl<H: HashAlgorithm, D: Dispatch, E: EntropySource, const N: usize> Update
    for Hasher<'_, H, D, E, N>
{
    fn update(&mut self, data: &[u8]) {
        let _ = self.try_update(data);
    }
}

impl<H: HashAlgorithm, D: Dispatch, E: EntropySource, const N: usize> FixedOutput
    for Hasher<'_, H, D, E, N>
{
    /// The digest; zeros if a step failed (see [`Hasher::status`]).
    fn finalize_into(mut self, out: &mut Output<Self>) {
        self.write_or_zero(out);
    }
}

impl<H: HashAlgorithm, D: Dispatch, E: EntropySource, const N: usize> Reset
    for Hasher<'_, H, D, E, N>
{
    fn reset(&mut self) {
        self.restart();
    }
}

impl<H: HashAlgorithm, D: Dispatch, E: EntropySource, const N: usize> FixedOutputReset
    for Hasher<'_, H, D, E, N>
{
    /// The digest (zeros if a step failed), then a fresh operation.
    fn finalize_into_reset(&mut self, out: &mut Output<Self>) {
        self.write_or_zero(out);
        self.restart();
    }
}

/// A `'static` PSA instance that hashers can find without being handed one, so that they
/// implement `Default` and hence `digest::Digest`.
///
/// ```ignore
/// static PSA: LazyLock<Psa<App>> = LazyLock::new(|| Psa::new(App::new()));
/// struct Global;
/// impl StaticPsa for Global {
///     type Dispatch = App;
///     type Entropy = DefaultEntropy;
///     fn psa() -> &'static Psa<App> { &PSA }
/// }
/// type PsaSha256 = StaticDigest<Sha256, Global>;
/// let d = <PsaSha256 as digest::Digest>::digest(b"abc");
/// ```
pub trait StaticPsa: 'static {
    /// The instance's dispatcher.
    type Dispatch: Dispatch + 'static;
    /// The instance's entropy source.
    type Entropy: EntropySource + 'static;
    /// The instance (a key store of the default 32 slots).
    fn psa() -> &'static Psa<Self::Dispatch, Self::Entropy>;
}

/// A [`Hasher`] over the instance `S` names: `Default`, so it is a `digest::Digest`.
pub struct StaticDigest<H: HashAlgorithm, S: StaticPsa>(
    Hasher<'static, H, S::Dispatch, S::Entropy>,
);

impl<H: HashAlgorithm, S: StaticPsa> core::fmt::Debug for StaticDigest<H, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.fmt(f)
    }
}

impl<H: HashAlgorithm, S: StaticPsa> StaticDigest<H, S> {
    /// The underlying hasher (for [`Hasher::status`] and the fallible methods).
    pub fn hasher(&mut self) -> &mut Hasher<'static, H, S::Dispatch, S::Entropy> {
        &mut self.0
    }
    /// The hasher, consumed (for [`Hasher::try_finalize`]).
    pub fn into_hasher(self) -> Hasher<'static, H, S::Dispatch, S::Entropy> {
        self.0
    }
}

impl<H: HashAlgorithm, S: StaticPsa> Default for StaticDigest<H, S> {
    /// A new operation; a setup failure is kept in [`Hasher::status`].
    fn default() -> Self {
        StaticDigest(Hasher::new_unchecked(S::psa()))
    }
}

impl<H: HashAlgorithm, S: StaticPsa> OutputSizeUser for StaticDigest<H, S> {
    type OutputSize = H::OutputSize;
}
impl<H: HashAlgorithm, S: StaticPsa> HashMarker for StaticDigest<H, S> {}
impl<H: HashAlgorithm, S: StaticPsa> Update for StaticDigest<H, S> {
    fn update(&mut self, data: &[u8]) {
        Update::update(&mut self.0, data);
    }
}
impl<H: HashAlgorithm, S: StaticPsa> FixedOutput for StaticDigest<H, S> {
    fn finalize_into(self, out: &mut Output<Self>) {
        FixedOutput::finalize_into(self.0, out);
    }
}
impl<H: HashAlgorithm, S: StaticPsa> Reset for StaticDigest<H, S> {
    fn reset(&mut self) {
        Reset::reset(&mut self.0);
    }
}
impl<H: HashAlgorithm, S: StaticPsa> FixedOutputReset for StaticDigest<H, S> {
    fn finalize_into_reset(&mut self, out: &mut Output<Self>) {
        FixedOutputReset::finalize_into_reset(&mut self.0, out);
    }
}
