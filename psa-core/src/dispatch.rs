//! The dispatch contract between the front-end and the dispatcher `register_drivers!`
//! generates, and the rendering of a dispatcher's dispatch tree.

use core::fmt;

use crate::driver::{DriverInfo, DriverKind};
use crate::entry::{self, EntryPoint, Implementers, Shape};
use crate::receipt::Recorder;

/// Declares [`Dispatch`] from the catalogue: one operation type per multi-part family and
/// one method per entry point.
macro_rules! dispatch_trait {
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
        /// The dispatch layer: one method per driver-interface entry point.
        ///
        /// `register_drivers!` implements it; the front-end ([`Psa`](crate::Psa)) calls it after
        /// policy checks. Single-part calls and setups route by the key's location through the
        /// registered drivers and the built-in; later multi-part steps go to the driver that owns
        /// the operation.
        pub trait Dispatch: Sync {
            $($(
                #[doc = concat!(
                    "Multi-part ", stringify!($fsnake),
                    " state: which driver owns it, and its context."
                )]
                type $fop;
            )?)*
            /// The lock the core uses for its bookkeeping (`lock:` in `register_drivers!`,
            /// default [`DefaultMutex`](crate::lock::DefaultMutex)); see [`crate::lock`].
            type Lock: crate::lock::RawMutex;

            /// The static description of this dispatcher.
            fn info(&self) -> &'static DispatchInfo;
            /// The receipt recorder (records only with the `receipts` feature).
            fn recorder(&self) -> &Recorder;
            /// The built-in keys the registration names (`builtin_keys:` in
            /// `register_drivers!`; empty without), which [`Psa`](crate::Psa) serves unless
            /// given a table of its own.
            fn builtin_keys(&self) -> &'static [crate::BuiltinKey] {
                &[]
            }
            /// What the power-on self-tests of the driver at `driver` (its index in the
            /// registration) found: `None` unless the registration has `self_test:` (or for
            /// an index with no driver).
            fn self_test_of(&self, driver: u8) -> Option<crate::SelfTestStatus> {
                let _ = driver;
                None
            }

            $(
                dispatch_trait!(@method $name $kind [$($lt)?] [$($op)?]);
            )*
        }
    };
    (@method $name:ident plain [$($lt:lifetime)?] []) => {
        #[doc = concat!("Dispatch [`", stringify!($name), "`](entry::", stringify!($name), ").")]
        fn $name(&self, args: args_type!($name [$($lt)?])) -> entry::$name::Output;
    };
    (@method $name:ident setup [$($lt:lifetime)?] [$op:ident]) => {
        #[doc = concat!(
            "Dispatch [`", stringify!($name), "`](entry::", stringify!($name),
            "); the accepting driver owns the result."
        )]
        fn $name(&self, args: args_type!($name [$($lt)?])) -> crate::Result<Self::$op>;
    };
    (@method $name:ident step [$($lt:lifetime)?] [$op:ident]) => {
        #[doc = concat!(
            "Dispatch [`", stringify!($name), "`](entry::", stringify!($name),
            ") to the owner of `op`."
        )]
        fn $name(&self, op: &mut Self::$op, args: args_type!($name [$($lt)?])) -> entry::$name::Output;
    };
    (@method $name:ident clone [] [$op:ident]) => {
        #[doc = concat!(
            "Dispatch [`", stringify!($name), "`](entry::", stringify!($name),
            ") to the owner of `op`."
        )]
        fn $name(&self, op: &Self::$op) -> crate::Result<Self::$op>;
    };
    (@method $name:ident abort [] [$op:ident]) => {
        #[doc = concat!(
            "Dispatch [`", stringify!($name), "`](entry::", stringify!($name),
            ") to the owner of `op`; the caller then drops `op` in place."
        )]
        fn $name(&self, op: &mut Self::$op) -> crate::Result<()>;
    };
}

/// `entry::<ep>::Args` with an elided lifetime where it has one.
macro_rules! args_type {
    ($name:ident [$lt:lifetime]) => { entry::$name::Args<'_> };
    ($name:ident []) => { entry::$name::Args };
}

psa_catalogue::entry_points!(dispatch_trait);

/// The static description of a generated dispatcher.
#[derive(Clone, Copy, Debug)]
pub struct DispatchInfo {
    /// The dispatcher's type name.
    pub name: &'static str,
    /// Registered drivers: transparent ones in priority order, then opaque ones.
    pub drivers: &'static [DriverInfo],
    /// Whether the built-in software implementation is the last resort.
    pub builtin: bool,
}

impl DispatchInfo {
    /// The dispatch tree: for each entry point, the path a call takes (as in the Mbed TLS
    /// driver guide's diagram, but generated).
    pub fn tree(&self) -> DispatchTree<'_> {
        DispatchTree {
            info: self,
            only: None,
        }
    }
    /// The dispatch tree of one entry point.
    pub fn tree_of(&self, ep: EntryPoint) -> DispatchTree<'_> {
        DispatchTree {
            info: self,
            only: Some(ep),
        }
    }
    /// A table of drivers × entry points (`x` = declared).
    pub fn table(&self) -> DriverTable<'_> {
        DriverTable { info: self }
    }
    /// Whether any registered driver declares `ep` (the front-end skips entry points that
    /// only it serves, such as `get_random` with no TRNG driver).
    pub fn declares(&self, ep: EntryPoint) -> bool {
        self.drivers.iter().any(|d| d.entry_points.contains(ep))
    }

    /// The prefix of the driver at `index` in the registration (as receipts name drivers).
    pub fn driver_name(&self, index: u8) -> &'static str {
        self.drivers
            .iter()
            .find(|d| d.index == index)
            .map_or("?", |d| d.prefix)
    }
}

/// Renders a dispatcher's dispatch tree; see [`DispatchInfo::tree`].
#[derive(Clone, Copy, Debug)]
pub struct DispatchTree<'a> {
    info: &'a DispatchInfo,
    only: Option<EntryPoint>,
}

/// A driver's guard for one entry point, as dispatch trees show it (` if alg ∈ {..}`).
pub(crate) struct Guard<'a>(pub(crate) &'a DriverInfo, pub(crate) EntryPoint);

impl fmt::Display for Guard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_guard(f, self.0, self.1)
    }
}

fn write_guard(f: &mut fmt::Formatter<'_>, d: &DriverInfo, ep: EntryPoint) -> fmt::Result {
    let caps = d
        .capabilities
        .iter()
        .filter(|c| c.entry_points.contains(ep));
    let mut any = false;
    for (i, c) in caps.enumerate() {
        any = true;
        f.write_str(if i == 0 { " if " } else { " or " })?;
        let mut parts = 0;
        let mut part = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
            parts += 1;
            f.write_str(if parts > 1 { " && " } else { "" })
        };
        if !c.algorithms.is_empty() {
            part(f)?;
            f.write_str("alg ∈ ")?;
            write_list(f, c.algorithms.iter())?;
        }
        if !c.key_types.is_empty() {
            part(f)?;
            f.write_str("type ∈ ")?;
            write_list(f, c.key_types.iter())?;
        }
        if !c.key_sizes.is_empty() {
            part(f)?;
            f.write_str("bits ∈ ")?;
            write_list(f, c.key_sizes.iter())?;
        }
        if parts == 0 {
            f.write_str("always")?;
        }
        if !c.fallback {
            f.write_str(" (no fallback)")?;
        }
    }
    if d.has_guard {
        f.write_str(if any {
            " && custom guard"
        } else {
            " if custom guard"
        })?;
    }
    Ok(())
}

fn write_list<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = T>,
) -> fmt::Result {
    f.write_str("{")?;
    for (i, it) in items.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{it}")?;
    }
    f.write_str("}")
}

impl fmt::Display for DispatchTree<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.info;
        if self.only.is_none() {
            writeln!(f, "{} dispatch tree", info.name)?;
        }
        for &ep in EntryPoint::ALL {
            if self.only.is_some_and(|o| o != ep) {
                continue;
            }
            let shape = ep.shape();
            if matches!(shape, Shape::Step | Shape::Clone | Shape::Abort) {
                continue;
            }
            writeln!(f, "├── {}", ep.name())?;
            let keyed = matches!(shape, Shape::Keyed | Shape::KeyedSetup);
            let transparent: &mut dyn Iterator<Item = &DriverInfo> = &mut info
                .drivers
                .iter()
                .filter(|d| d.kind == DriverKind::Transparent && d.entry_points.contains(ep));
            if keyed {
                writeln!(f, "│   ├── LOCAL_STORAGE")?;
            }
            let indent = if keyed { "│   │   " } else { "│   " };
            if ep.implementers() != Implementers::OpaqueOnly {
                for d in transparent {
                    write!(f, "{indent}├── {}", d.prefix)?;
                    write_guard(f, d, ep)?;
                    writeln!(f)?;
                }
                if info.builtin && crate::builtin::SERVES.contains(ep) {
                    writeln!(f, "{indent}└── built-in")?;
                } else if info.builtin {
                    writeln!(
                        f,
                        "{indent}└── NOT_SUPPORTED (the built-in does not serve it)"
                    )?;
                } else if crate::builtin::CORE_STORE.contains(ep) {
                    writeln!(
                        f,
                        "{indent}└── core key store (AES, ChaCha20, HMAC, raw data, derivation keys)"
                    )?;
                } else {
                    writeln!(f, "{indent}└── NOT_SUPPORTED (no built-in registered)")?;
                }
            } else {
                writeln!(f, "{indent}└── INVALID_ARGUMENT (no opaque driver here)")?;
            }
            if keyed {
                for d in info.drivers.iter().filter(|d| d.kind == DriverKind::Opaque) {
                    write!(f, "│   ├── {} ({})", d.location, d.prefix)?;
                    if d.entry_points.contains(ep) {
                        write!(f, ": {}", d.prefix)?;
                        write_guard(f, d, ep)?;
                        writeln!(f, ", status final")?;
                    } else {
                        writeln!(f, ": NOT_SUPPORTED (not declared)")?;
                    }
                }
                writeln!(f, "│   └── other locations: INVALID_ARGUMENT")?;
            }
        }
        Ok(())
    }
}

/// Renders a table of drivers × entry points; see [`DispatchInfo::table`].
#[derive(Clone, Copy, Debug)]
pub struct DriverTable<'a> {
    info: &'a DispatchInfo,
}

impl fmt::Display for DriverTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let drivers = self.info.drivers;
        write!(f, "{:<28}", "entry point")?;
        for d in drivers {
            write!(f, " {:>10}", d.prefix)?;
        }
        writeln!(f, " {:>10}", "built-in")?;
        for &ep in EntryPoint::ALL {
            write!(f, "{:<28}", ep.name())?;
            for d in drivers {
                write!(
                    f,
                    " {:>10}",
                    if d.entry_points.contains(ep) {
                        "x"
                    } else {
                        "."
                    }
                )?;
            }
            let b = self.info.builtin && crate::builtin::SERVES.contains(ep);
            writeln!(f, " {:>10}", if b { "x" } else { "." })?;
        }
        Ok(())
    }
}
