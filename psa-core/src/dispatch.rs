//! The dispatch contract between the front-end and the dispatcher `register_drivers!`
//! generates, and the rendering of a dispatcher's dispatch tree.

use core::fmt;

use crate::driver::{DriverInfo, DriverKind};
use crate::entry::{self, EntryPoint, Implementers, Shape};
use crate::receipt::Recorder;

macro_rules! dispatch_trait {
    (
        plain: [$($p:ident),* $(,)?],
        setup: [$($s:ident => $sop:ident),* $(,)?],
        step: [$($t:ident => $top:ident),* $(,)?],
        clone: [$($c:ident => $cop:ident),* $(,)?],
        abort: [$($a:ident => $aop:ident),* $(,)?]
    ) => {
        /// The dispatch layer: one method per driver-interface entry point.
        ///
        /// `register_drivers!` implements it; the front-end ([`Psa`](crate::Psa)) calls it after
        /// policy checks. Single-part calls and setups route by the key's location through the
        /// registered drivers and the built-in; later multi-part steps go to the driver that owns
        /// the operation.
        pub trait Dispatch: Sync {
            /// Multi-part hash state: which driver owns it, and its context.
            type HashOperation;
            /// Multi-part MAC state.
            type MacOperation;
            /// Multi-part cipher state.
            type CipherOperation;
            /// Multi-part AEAD state.
            type AeadOperation;
            /// Key derivation state.
            type KeyDerivationOperation;

            /// The static description of this dispatcher.
            fn info(&self) -> &'static DispatchInfo;
            /// The receipt recorder (records only with the `receipts` feature).
            fn recorder(&self) -> &Recorder;

            $(
                #[doc = concat!("Dispatch `", stringify!($p), "`.")]
                fn $p(&self, args: entry::$p::Args<'_>) -> entry::$p::Output;
            )*
            $(
                #[doc = concat!("Dispatch `", stringify!($s), "`; the accepting driver owns the result.")]
                fn $s(&self, args: entry::$s::Args<'_>) -> crate::Result<Self::$sop>;
            )*
            $(
                #[doc = concat!("Dispatch `", stringify!($t), "` to the owner of `op`.")]
                fn $t(&self, op: &mut Self::$top, args: entry::$t::Args<'_>) -> entry::$t::Output;
            )*
            $(
                #[doc = concat!("Dispatch `", stringify!($c), "` to the owner of `op`.")]
                fn $c(&self, op: &Self::$cop) -> crate::Result<Self::$cop>;
            )*
            $(
                #[doc = concat!("Dispatch `", stringify!($a), "` to the owner of `op`; the caller then drops `op` in place.")]
                fn $a(&self, op: &mut Self::$aop) -> crate::Result<()>;
            )*
        }
    };
}

dispatch_trait! {
    plain: [
        import_key, export_public_key, export_key, copy_key, get_builtin_key, generate_key,
        allocate_key, destroy_key, hash_compute, mac_compute, cipher_encrypt, cipher_decrypt,
        aead_encrypt, aead_decrypt, sign_hash, verify_hash, sign_message, verify_message,
        asymmetric_encrypt, asymmetric_decrypt, key_agreement, get_random,
    ],
    setup: [
        hash_setup => HashOperation, mac_sign_setup => MacOperation,
        mac_verify_setup => MacOperation, cipher_encrypt_setup => CipherOperation,
        cipher_decrypt_setup => CipherOperation, aead_encrypt_setup => AeadOperation,
        aead_decrypt_setup => AeadOperation, key_derivation_setup => KeyDerivationOperation,
    ],
    step: [
        hash_update => HashOperation, hash_finish => HashOperation,
        mac_update => MacOperation, mac_sign_finish => MacOperation,
        mac_verify_finish => MacOperation, cipher_set_iv => CipherOperation,
        cipher_update => CipherOperation, cipher_finish => CipherOperation,
        aead_set_nonce => AeadOperation, aead_set_lengths => AeadOperation,
        aead_update_ad => AeadOperation, aead_update => AeadOperation,
        aead_finish => AeadOperation, aead_verify => AeadOperation,
        key_derivation_input_bytes => KeyDerivationOperation,
        key_derivation_output_bytes => KeyDerivationOperation,
    ],
    clone: [hash_clone => HashOperation],
    abort: [
        hash_abort => HashOperation, mac_abort => MacOperation, cipher_abort => CipherOperation,
        aead_abort => AeadOperation, key_derivation_abort => KeyDerivationOperation,
    ]
}

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
                if info.builtin {
                    writeln!(f, "{indent}└── built-in")?;
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
            let b = self.info.builtin && ep.implementers() != Implementers::OpaqueOnly;
            writeln!(f, " {:>10}", if b { "x" } else { "." })?;
        }
        Ok(())
    }
}
