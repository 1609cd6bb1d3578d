//! The driver-interface entry points: the one definition of every signature.
//!
//! Each entry point has a module here (`entry::sign_hash`, …) holding:
//! - `DriverFn<D>` (or `DriverFn<D, C>` for multi-part steps on a context `C`): the type a
//!   driver's method must coerce to. `#[psa_driver]` checks each listed method against it,
//!   so a mismatch is reported at the driver author's method;
//! - `Args`: the call's arguments as one value, which generated dispatch hands from driver
//!   to driver without restating the parameter list;
//! - `ENTRY_POINT`: its [`EntryPoint`] id.
//!
//! Conventions, following the PSA driver interface: operations on a key take
//! `(attributes, key_buffer)`; outputs are `&mut [u8]` whose written length is returned;
//! multi-part setups return the driver's context, steps take it by `&mut`, and `*_abort`
//! releases it in place (the core calls abort exactly once per successful setup, then drops
//! the context where it lies, so a context that wipes itself on drop leaves no copy behind).

use crate::driver::{Admission, Driver};
use crate::receipt::ReceiptGuard;
use crate::{
    Algorithm, Error, KeyAttributes, KeyType, Location, PakeInputs, PakeStep, Result, Rng,
    SlotNumber,
};

/// Which kind of driver may implement an entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Implementers {
    /// Transparent and opaque drivers.
    Both,
    /// Transparent drivers only (no key, or no location: hash, random, key derivation).
    TransparentOnly,
    /// Opaque drivers only (key storage concerns of a location).
    OpaqueOnly,
}

/// How an entry point is shaped, which decides how dispatch routes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A single-part call on a key: routed by the key's location.
    Keyed,
    /// A single-part call without a key: transparent drivers, then the built-in.
    Keyless,
    /// A multi-part setup on a key: routed by location; the accepting driver owns the operation.
    KeyedSetup,
    /// A multi-part setup without a key.
    KeylessSetup,
    /// A later step of a multi-part operation: goes to the owning driver only.
    Step,
    /// Duplicates a multi-part context on its owning driver.
    Clone,
    /// Releases a multi-part context.
    Abort,
}

/// What a driver's guard sees of a request: enough to match capabilities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    /// The entry point being dispatched.
    pub entry_point: EntryPoint,
    /// The key's location (`LOCAL_STORAGE` for key-less requests).
    pub location: Location,
    /// The key's type (`NONE` for key-less requests).
    pub key_type: KeyType,
    /// The key's size in bits (0 for key-less requests, or not yet known on import).
    pub bits: usize,
    /// The requested algorithm; for key-management entry points (`import_key`,
    /// `generate_key`, `export_public_key`, …) the key's permitted algorithm from its policy;
    /// `NONE` where the request has none (`get_builtin_key`, `get_random`).
    pub alg: Algorithm,
}

/// What `import_key` reports about the key it stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportedKey {
    /// Bytes written to the key buffer.
    pub length: usize,
    /// The key's size in bits.
    pub bits: usize,
}

/// A key-derivation input step (`psa_key_derivation_step_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DerivationStep {
    /// `PSA_KEY_DERIVATION_INPUT_SECRET`.
    Secret,
    /// `PSA_KEY_DERIVATION_INPUT_SALT`.
    Salt,
    /// `PSA_KEY_DERIVATION_INPUT_INFO`.
    Info,
    /// `PSA_KEY_DERIVATION_INPUT_LABEL`.
    Label,
    /// `PSA_KEY_DERIVATION_INPUT_SEED`.
    Seed,
    /// `PSA_KEY_DERIVATION_INPUT_PASSWORD`: a low-entropy secret (PBKDF2's password).
    Password,
    /// `PSA_KEY_DERIVATION_INPUT_COST`: a numeric cost (PBKDF2's iteration count), input
    /// with `input_integer`.
    Cost,
}

/// Moves one argument out of an `Args` bundle for a call, reborrowing `&mut` outputs so the
/// bundle can be handed to the next driver when this one declines.
#[doc(hidden)]
pub trait Pass {
    type Out<'s>
    where
        Self: 's;
    fn pass(&mut self) -> Self::Out<'_>;
}

impl<'a, T: ?Sized> Pass for &'a T {
    type Out<'s>
        = &'a T
    where
        Self: 's;
    #[inline(always)]
    fn pass(&mut self) -> &'a T {
        self
    }
}

impl<T: ?Sized> Pass for &mut T {
    type Out<'s>
        = &'s mut T
    where
        Self: 's;
    #[inline(always)]
    fn pass(&mut self) -> &mut T {
        self
    }
}

macro_rules! pass_by_copy {
    ($($t:ty),*) => {$(
        impl Pass for $t {
            type Out<'s> = $t where Self: 's;
            #[inline(always)]
            fn pass(&mut self) -> $t { *self }
        }
    )*};
}
pass_by_copy!(Algorithm, usize, SlotNumber, DerivationStep, PakeStep);

impl<'r> Pass for Rng<'r> {
    type Out<'s>
        = Rng<'r>
    where
        Self: 's;
    #[inline(always)]
    fn pass(&mut self) -> Rng<'r> {
        *self
    }
}

/// Builds the `Request` of an `Args` bundle from the fields it has.
macro_rules! request {
    ($ep:ident, $s:ident, keyed_attrs_alg) => {
        Request {
            entry_point: EntryPoint::$ep,
            location: $s.attributes.location(),
            key_type: $s.attributes.key_type(),
            bits: $s.attributes.bits(),
            alg: $s.alg,
        }
    };
    // Key management: a capability's `algorithms` match the key's permitted algorithm.
    ($ep:ident, $s:ident, keyed_attrs) => {
        Request {
            entry_point: EntryPoint::$ep,
            location: $s.attributes.location(),
            key_type: $s.attributes.key_type(),
            bits: $s.attributes.bits(),
            alg: $s.attributes.algorithm(),
        }
    };
    // A built-in key by slot: only its location is known before the driver fills it in.
    ($ep:ident, $s:ident, slot) => {
        Request {
            entry_point: EntryPoint::$ep,
            location: $s.attributes.location(),
            key_type: KeyType::NONE,
            bits: 0,
            alg: Algorithm::NONE,
        }
    };
    ($ep:ident, $s:ident, keyless_alg) => {
        Request {
            entry_point: EntryPoint::$ep,
            location: Location::LOCAL_STORAGE,
            key_type: KeyType::NONE,
            bits: 0,
            alg: $s.alg,
        }
    };
    ($ep:ident, $s:ident, none) => {
        Request {
            entry_point: EntryPoint::$ep,
            location: Location::LOCAL_STORAGE,
            key_type: KeyType::NONE,
            bits: 0,
            alg: Algorithm::NONE,
        }
    };
}

macro_rules! catalogue {
    (
        families { $(
            $(#[doc = $fdoc:literal])* $fam:ident / $fsnake:ident $([$fctx:ident, $fop:ident])?;
        )* }
        entry_points { $(
            $(#[doc = $doc:literal])*
            $name:ident / $variant:ident / $konst:ident: $family:ident $([$ctx:ident, $op:ident])?,
            $who:ident, $shape:ident, $rule:ident $(($partner:ident))?, request($req:ident),
            $kind:ident $(<$lt:lifetime>)? ( $($arg:ident : $ty:ty),* ) -> $out:ty $(, c $cfn:ident ( $($cp:ident : $cty:ty),* ))?;
        )* }
    ) => {
        /// The operation family an entry point belongs to (and, for multi-part ones, which
        /// context type of the driver it uses).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Family {
            $( $(#[doc = $fdoc])* $fam, )*
        }

        /// Every entry point of the driver interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum EntryPoint {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl EntryPoint {
            /// Every entry point, in catalogue order.
            pub const ALL: &'static [EntryPoint] = &[$(EntryPoint::$variant),*];
            /// The number of entry points.
            pub const COUNT: usize = Self::ALL.len();

            /// The spec's name, e.g. `sign_hash`.
            pub const fn name(self) -> &'static str {
                match self { $(EntryPoint::$variant => stringify!($name),)* }
            }
            /// The operation family.
            pub const fn family(self) -> Family {
                match self { $(EntryPoint::$variant => Family::$family,)* }
            }
            /// Which kind of driver may implement it.
            pub const fn implementers(self) -> Implementers {
                match self { $(EntryPoint::$variant => Implementers::$who,)* }
            }
            /// How it is routed.
            pub const fn shape(self) -> Shape {
                match self { $(EntryPoint::$variant => Shape::$shape,)* }
            }
            /// Its position in [`EntryPoint::ALL`].
            pub const fn index(self) -> usize {
                self as usize
            }
            /// The entry point with this spec name.
            pub fn from_name(name: &str) -> Option<EntryPoint> {
                Self::ALL.iter().copied().find(|e| e.name() == name)
            }
        }

        $(
            catalogue!(@module $(#[doc = $doc])* $name / $variant / $konst [$($ctx)?], $req, $kind [$($lt)?] ( $($arg : $ty),* ) -> $out);
        )*
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident / $konst:ident [], $req:ident,
        plain [$($lt:lifetime)?] ( $($arg:ident : $ty:ty),* ) -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to: `fn(&self, …)`.
            pub type DriverFn<D> = for<'a> fn(&'a D, $($ty),*) -> $out;

            /// What the call returns.
            pub type Output = $out;

            /// The call's arguments.
            #[allow(missing_docs)]
            pub struct Args$(<$lt>)? {
                $(pub $arg: $ty,)*
            }

            impl$(<$lt>)? Args$(<$lt>)? {
                /// Call a driver's method with these arguments (outputs are reborrowed, so
                /// the bundle can be passed on if the driver declines).
                #[inline(always)]
                pub fn call<D>(&mut self, f: DriverFn<D>, driver: &D) -> $out {
                    f(driver, $(Pass::pass(&mut self.$arg)),*)
                }
                /// What a capability guard sees of this call.
                #[inline(always)]
                pub fn request(&self) -> Request {
                    request!($variant, self, $req)
                }
            }

            catalogue!(@dispatch [$($lt)?] $konst ($($arg),*) -> $out);
        }
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident / $konst:ident [$ctx:ident], $req:ident,
        setup [$($lt:lifetime)?] ( $($arg:ident : $ty:ty),* ) -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to; `C` is the driver's context type.
            pub type DriverFn<D, C> = for<'a> fn(&'a D, $($ty),*) -> Result<C>;

            /// The call's arguments.
            #[allow(missing_docs)]
            pub struct Args$(<$lt>)? {
                $(pub $arg: $ty,)*
            }

            impl$(<$lt>)? Args$(<$lt>)? {
                /// Call a driver's setup with these arguments.
                #[inline(always)]
                pub fn call<D, C>(&mut self, f: DriverFn<D, C>, driver: &D) -> Result<C> {
                    f(driver, $(Pass::pass(&mut self.$arg)),*)
                }
                /// What a capability guard sees of this call.
                #[inline(always)]
                pub fn request(&self) -> Request {
                    request!($variant, self, $req)
                }
            }

            catalogue!(@dispatch [$($lt)?] $konst ($($arg),*) -> Result<D::$ctx>);
        }
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident / $konst:ident [$ctx:ident], $req:ident,
        step [$($lt:lifetime)?] ( $($arg:ident : $ty:ty),* ) -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to; `C` is the driver's context type.
            pub type DriverFn<D, C> = for<'a> fn(&'a D, &'a mut C, $($ty),*) -> $out;

            /// What the call returns.
            pub type Output = $out;

            /// The call's arguments (besides the context).
            #[allow(missing_docs)]
            pub struct Args$(<$lt>)? {
                $(pub $arg: $ty,)*
            }

            impl$(<$lt>)? Args$(<$lt>)? {
                /// Call the owning driver's step on its context.
                #[inline(always)]
                pub fn call<D, C>(&mut self, f: DriverFn<D, C>, driver: &D, context: &mut C) -> $out {
                    f(driver, context, $(Pass::pass(&mut self.$arg)),*)
                }
            }

            /// Generated dispatch: the step on the operation's owner, `driver` (position
            /// `index`); `BAD_STATE` if it has no such step.
            #[doc(hidden)]
            #[inline]
            pub fn step<$($lt,)? D: Driver>(
                driver: &D,
                index: u8,
                context: &mut D::$ctx,
                args: &mut Args$(<$lt>)?,
                receipt: &mut ReceiptGuard<'_>,
            ) -> $out {
                let r = match D::$konst {
                    Some(f) => args.call(f, driver, context),
                    None => Err(Error::BadState),
                };
                receipt.served(index, &r);
                r
            }
        }
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident / $konst:ident [$ctx:ident], $req:ident,
        clone [] () -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to; `C` is the driver's context type.
            pub type DriverFn<D, C> = for<'a> fn(&'a D, &'a C) -> Result<C>;

            /// Generated dispatch: the clone on the operation's owner, `driver` (position
            /// `index`); `NOT_SUPPORTED` if it cannot clone.
            #[doc(hidden)]
            #[inline]
            pub fn clone<D: Driver>(
                driver: &D,
                index: u8,
                context: &D::$ctx,
                receipt: &mut ReceiptGuard<'_>,
            ) -> Result<D::$ctx> {
                let r = match D::$konst {
                    Some(f) => f(driver, context),
                    None => Err(Error::NotSupported),
                };
                receipt.served(index, &r);
                r
            }
        }
    };

    (@module $(#[doc = $doc:literal])* $name:ident / $variant:ident / $konst:ident [$ctx:ident], $req:ident,
        abort [] () -> $out:ty) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// This entry point's id.
            pub const ENTRY_POINT: EntryPoint = EntryPoint::$variant;

            /// The type a driver's method must coerce to; `C` is the driver's context type.
            /// The core calls abort exactly once per successful setup, then drops the context
            /// in place (contexts holding secrets should wipe themselves on drop).
            pub type DriverFn<D, C> = for<'a> fn(&'a D, &'a mut C) -> Result<()>;

            /// Generated dispatch: the abort on the operation's owner, `driver` (position
            /// `index`); nothing to release if it declares no abort.
            #[doc(hidden)]
            #[inline]
            pub fn abort<D: Driver>(
                driver: &D,
                index: u8,
                context: &mut D::$ctx,
                receipt: &mut ReceiptGuard<'_>,
            ) -> Result<()> {
                let r = match D::$konst {
                    Some(f) => f(driver, context),
                    None => Ok(()),
                };
                receipt.served(index, &r);
                r
            }
        }
    };
    // A transparent driver's turn (`offer`) and an opaque owner's call (`own`) for a
    // single-part entry point or a setup; `$ret` is what the driver's method returns.
    (@dispatch [$($lt:lifetime)?] $konst:ident ($($arg:ident),*) -> $ret:ty) => {
        /// Generated dispatch: offers the call to transparent driver `driver` (position
        /// `index`); `Some` is the answer, `None` goes on to the next candidate. `failed` is
        /// the self-test gate ([`never`] without `self_test:`), asked once the driver's
        /// capabilities admit the call.
        #[doc(hidden)]
        #[inline]
        pub fn offer<$($lt,)? D: Driver, G: FnOnce() -> bool>(
            driver: &D,
            index: u8,
            req: &Request,
            args: &mut Args$(<$lt>)?,
            receipt: &mut ReceiptGuard<'_>,
            failed: G,
        ) -> Option<$ret> {
            // Decided per driver at compile time: a driver without this entry point costs
            // no code.
            if const { D::$konst.is_none() } {
                return None;
            }
            // `let … else`, not `?`: that would add a `Try` instance per driver and entry
            // point to every debug build.
            #[allow(clippy::question_mark)]
            let Some(f) = D::$konst else {
                return None;
            };
            #[allow(clippy::question_mark)]
            let Some(fallback) = gated(D::admit(req), index, receipt, failed) else {
                return None;
            };
            settle(f(driver, $(Pass::pass(&mut args.$arg)),*), fallback, index, receipt)
        }

        /// Generated dispatch: the call to opaque driver `driver` (position `index`), which
        /// owns the key's location: its answer is final. `failed` is the self-test gate, as
        /// for `offer`.
        #[doc(hidden)]
        #[inline]
        pub fn own<$($lt,)? D: Driver, G: FnOnce() -> bool>(
            driver: &D,
            index: u8,
            req: &Request,
            args: &mut Args$(<$lt>)?,
            receipt: &mut ReceiptGuard<'_>,
            failed: G,
        ) -> $ret {
            match D::$konst {
                Some(f) => match gated(D::admit(req), index, receipt, failed) {
                    Some(_) => {
                        let r = f(driver, $(Pass::pass(&mut args.$arg)),*);
                        receipt.served(index, &r);
                        r
                    }
                    None => Err(Error::NotSupported),
                },
                None => Err(Error::NotSupported),
            }
        }
    };
}

psa_catalogue::entry_points!(catalogue);

/// The part of generated dispatch shared by every entry point and driver: whether the
/// driver's capabilities admit the call (`Some(fallback)`), with the receipt of a driver they
/// do not. The self-test gate is asked after this, so a lazy KAT runs only for a driver that
/// would be called.
#[inline]
fn admit(admission: Admission, index: u8, receipt: &mut ReceiptGuard<'_>) -> Option<bool> {
    match admission {
        Admission::Call { fallback } => Some(fallback),
        Admission::Skip => {
            receipt.skipped(index);
            None
        }
    }
}

/// [`admit`], then the self-test gate `failed` for a driver the capabilities admit: whether
/// the driver is called (`Some(fallback)`), with the receipt of one that is not. Shared by
/// `offer` and `own`; generic only over the gate, which is [`never`] (one instance) without
/// `self_test:`.
#[inline(always)]
fn gated<G: FnOnce() -> bool>(
    admission: Admission,
    index: u8,
    receipt: &mut ReceiptGuard<'_>,
    failed: G,
) -> Option<bool> {
    let fallback = admit(admission, index, receipt)?;
    if failed() {
        receipt.self_test_failed(index);
        return None;
    }
    Some(fallback)
}

/// The self-test gate of a registration without `self_test:`: no driver is ever out of the
/// chain. A function item, so the gate costs nothing after inlining.
#[doc(hidden)]
#[inline(always)]
pub fn never() -> bool {
    false
}

/// A transparent driver's answer: final (`Some`), or `NOT_SUPPORTED` with fallback, which
/// goes on to the next candidate.
#[inline]
fn settle<T>(
    r: Result<T>,
    fallback: bool,
    index: u8,
    receipt: &mut ReceiptGuard<'_>,
) -> Option<Result<T>> {
    match r {
        Err(Error::NotSupported) if fallback => {
            receipt.declined(index);
            None
        }
        r => {
            receipt.served(index, &r);
            Some(r)
        }
    }
}

/// The number of 64-bit words an [`EntryPointSet`] needs for the whole catalogue.
const SET_WORDS: usize = EntryPoint::COUNT.div_ceil(64);

/// A set of entry points, as a bit set over [`EntryPoint::index`] (as many words as the
/// catalogue needs).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EntryPointSet([u64; SET_WORDS]);

impl EntryPointSet {
    /// The empty set.
    pub const EMPTY: EntryPointSet = EntryPointSet([0; SET_WORDS]);

    /// The set of the given entry points.
    pub const fn of(entry_points: &[EntryPoint]) -> EntryPointSet {
        let mut set = Self::EMPTY;
        let mut i = 0;
        while i < entry_points.len() {
            set = set.with(entry_points[i]);
            i += 1;
        }
        set
    }
    /// This set with `ep` added.
    pub const fn with(self, ep: EntryPoint) -> EntryPointSet {
        let mut words = self.0;
        words[ep.index() / 64] |= 1 << (ep.index() % 64);
        EntryPointSet(words)
    }
    /// Whether `ep` is in the set.
    #[inline(always)]
    pub const fn contains(self, ep: EntryPoint) -> bool {
        self.0[ep.index() / 64] & (1 << (ep.index() % 64)) != 0
    }
    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        let mut i = 0;
        while i < SET_WORDS {
            if self.0[i] != 0 {
                return false;
            }
            i += 1;
        }
        true
    }
    /// The entry points in the set, in catalogue order.
    pub fn iter(self) -> impl Iterator<Item = EntryPoint> {
        EntryPoint::ALL
            .iter()
            .copied()
            .filter(move |e| self.contains(*e))
    }
}

impl core::fmt::Debug for EntryPointSet {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(EntryPoint::name))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_consistent() {
        for (i, ep) in EntryPoint::ALL.iter().enumerate() {
            assert_eq!(ep.index(), i);
            assert_eq!(EntryPoint::from_name(ep.name()), Some(*ep));
            // Multi-part steps never route by key; setups and single-part calls do or don't
            // according to whether the family has a key.
            if matches!(ep.family(), Family::Hash | Family::Random) {
                assert_eq!(
                    ep.implementers(),
                    Implementers::TransparentOnly,
                    "{}",
                    ep.name()
                );
            }
        }
        // Key derivation: keyless setup at a transparent driver, or keyed setup
        // (`key_derivation_input_key`) at the opaque secret key's driver.
        assert_eq!(
            EntryPoint::KeyDerivationSetup.implementers(),
            Implementers::TransparentOnly
        );
        assert_eq!(
            EntryPoint::KeyDerivationInputKey.implementers(),
            Implementers::OpaqueOnly
        );
        assert_eq!(EntryPoint::COUNT, 59);
        assert_eq!(EntryPoint::from_name("sign_hsh"), None);
    }

    #[test]
    fn entry_point_sets() {
        let s = EntryPointSet::of(&[EntryPoint::SignHash, EntryPoint::GetRandom]);
        assert!(s.contains(EntryPoint::SignHash) && s.contains(EntryPoint::GetRandom));
        assert!(!s.contains(EntryPoint::VerifyHash));
        assert_eq!(s.iter().count(), 2);
    }
}
