//! The `Driver` trait that `#[psa_driver]` implements, and driver capabilities.

use crate::entry::{self, EntryPoint, EntryPointSet, Request};
use crate::{Algorithm, KeyType, Location};

/// Declares, inside [`Driver`], one context type per multi-part family and one
/// `Option<DriverFn>` const per entry point, from the catalogue.
macro_rules! driver_items {
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
        $($(
            #[doc = concat!(
                "Context of the driver's multi-part ", stringify!($fsnake),
                " operations ([`NoContext`] if it has none)."
            )]
            type $fctx;
        )?)*
        $(
            driver_items!(@const $name $konst [$($ctx)?]);
        )*
    };
    (@const $name:ident $konst:ident []) => {
        #[doc = concat!(
            "`Some(method)` when the driver implements `", stringify!($name),
            "`; the method's signature is [`entry::", stringify!($name), "::DriverFn`]."
        )]
        const $konst: Option<entry::$name::DriverFn<Self>> = None;
    };
    (@const $name:ident $konst:ident [$ctx:ident]) => {
        #[doc = concat!(
            "`Some(method)` when the driver implements `", stringify!($name),
            "`; the method's signature is [`entry::", stringify!($name), "::DriverFn`]."
        )]
        const $konst: Option<entry::$name::DriverFn<Self, Self::$ctx>> = None;
    };
}

/// Whether a driver is transparent (keys in local storage) or opaque (owns a location).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DriverKind {
    /// Works on key material in export format held by the core (location 0).
    Transparent,
    /// Holds its keys itself, at one location; the core sees only the driver's key buffer.
    Opaque,
}

/// What a driver serves for a set of entry points (the driver description's
/// `capabilities`). Empty lists mean "all".
#[derive(Clone, Copy, Debug)]
pub struct Capability {
    /// The entry points this capability covers.
    pub entry_points: EntryPointSet,
    /// Algorithms served; wildcards such as `ECDSA(ANY_HASH)` match their instances.
    pub algorithms: &'static [Algorithm],
    /// Key types served; an ECC type with [`EccFamily::ANY`](crate::EccFamily::ANY) matches
    /// every family.
    pub key_types: &'static [KeyType],
    /// Key sizes in bits served.
    pub key_sizes: &'static [usize],
    /// Whether the driver may decline with `NOT_SUPPORTED` so that dispatch goes on to the
    /// next driver and the built-in. `false`: the driver fully serves the capability, and a
    /// matching request goes nowhere else.
    pub fallback: bool,
}

impl Capability {
    /// Whether a request is inside this capability (entry point, algorithm, key type, size).
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub const fn matches(&self, req: &Request) -> bool {
        if !self.entry_points.contains(req.entry_point) {
            return false;
        }
        let mut ok = self.algorithms.is_empty();
        let mut i = 0;
        while !ok && i < self.algorithms.len() {
            ok = self.algorithms[i].permits(req.alg);
            i += 1;
        }
        if !ok {
            return false;
        }
        ok = self.key_types.is_empty();
        i = 0;
        while !ok && i < self.key_types.len() {
            ok = req.key_type.matches(self.key_types[i]);
            i += 1;
        }
        if !ok {
            return false;
        }
        ok = self.key_sizes.is_empty();
        i = 0;
        while !ok && i < self.key_sizes.len() {
            // On import the size may not be known yet (0): the driver decides.
            ok = req.bits == 0 || req.bits == self.key_sizes[i];
            i += 1;
        }
        ok
    }
}

/// Whether dispatch calls a driver for a request, and what its `NOT_SUPPORTED` means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Call it; `fallback` says whether `NOT_SUPPORTED` goes on to the next driver.
    Call {
        /// Whether `NOT_SUPPORTED` falls through.
        fallback: bool,
    },
    /// Outside its capabilities or refused by its guard: not called.
    Skip,
}

/// A PSA driver, implemented by `#[psa_driver]` on the driver's impl block.
///
/// Everything `register_drivers!` needs to know about a driver travels through this trait:
/// its prefix, kind, location, declared entry points (as `Some(method)` consts), capabilities
/// and multi-part context types. Do not implement it by hand.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a PSA driver",
    label = "not a `#[psa_driver]` type",
    note = "annotate the driver's impl block with `#[psa_driver(prefix = \"...\", kind = \"...\", entry_points = [...])]`"
)]
pub trait Driver: Sync + 'static {
    /// `Self`. Generated dispatch names a registered type as `<Type as Driver>::Itself`
    /// wherever it passes it on, so a type that is no driver is reported once, at the type.
    #[doc(hidden)]
    type Itself;
    /// The driver's prefix (unique among registered drivers).
    const PREFIX: &'static str;
    /// Transparent or opaque.
    const KIND: DriverKind;
    /// The location an opaque driver owns (`LOCAL_STORAGE` for transparent drivers).
    const LOCATION: Location;
    /// The entry points the driver declares.
    const ENTRY_POINTS: EntryPointSet;
    /// The driver's capabilities; empty means every declared entry point is served for every
    /// request, with fallback.
    const CAPABILITIES: &'static [Capability];
    /// An extra guard for what capability lists cannot express.
    const GUARD: Option<fn(&Request) -> bool> = None;

    /// Whether dispatch calls this driver for `req`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn admit(req: &Request) -> Admission {
        let mut named = false;
        let mut i = 0;
        while i < Self::CAPABILITIES.len() {
            let cap = &Self::CAPABILITIES[i];
            if cap.entry_points.contains(req.entry_point) {
                named = true;
                if cap.matches(req) {
                    return Self::guarded(req, cap.fallback);
                }
            }
            i += 1;
        }
        if named {
            Admission::Skip
        } else {
            Self::guarded(req, true)
        }
    }

    #[doc(hidden)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    fn guarded(req: &Request, fallback: bool) -> Admission {
        match Self::GUARD {
            Some(guard) if !guard(req) => Admission::Skip,
            _ => Admission::Call { fallback },
        }
    }

    psa_catalogue::entry_points!(driver_items);
}

/// The context type of a family a driver does not implement: uninhabited, so the
/// dispatcher's operation variant for that driver costs nothing and can never exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoContext {}

/// The static description of a registered driver, for rendering dispatch trees.
#[derive(Clone, Copy, Debug)]
pub struct DriverInfo {
    /// The driver's prefix.
    pub prefix: &'static str,
    /// The Rust type, as written in `register_drivers!`.
    pub type_name: &'static str,
    /// Transparent or opaque.
    pub kind: DriverKind,
    /// The owned location (opaque drivers).
    pub location: Location,
    /// Declared entry points.
    pub entry_points: EntryPointSet,
    /// Capabilities.
    pub capabilities: &'static [Capability],
    /// Whether a custom guard is present.
    pub has_guard: bool,
    /// The driver's position in the registration (transparent drivers first), as receipts
    /// name it. Drivers left out by `#[cfg]` keep their position, so indices may have gaps.
    pub index: u8,
}

impl DriverInfo {
    /// The description of driver `D`, named `type_name` at position `index` in the
    /// registration.
    pub const fn of<D: Driver>(type_name: &'static str, index: u8) -> DriverInfo {
        DriverInfo {
            index,
            prefix: D::PREFIX,
            type_name,
            kind: D::KIND,
            location: D::LOCATION,
            entry_points: D::ENTRY_POINTS,
            capabilities: D::CAPABILITIES,
            has_guard: D::GUARD.is_some(),
        }
    }
}

// Keeps `entry` referenced for rustdoc links from the macro-generated consts.
#[allow(unused_imports)]
use EntryPoint as _;
#[allow(unused_imports)]
use entry as _;
