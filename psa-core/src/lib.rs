#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
#[allow(unused_extern_crates)]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod algorithm;
pub mod bom;
pub mod builtin;
pub mod dispatch;
mod distrust;
mod drbg;
pub mod driver;
pub mod entry;
mod error;
mod key;
pub mod lock;
mod operation;
mod pake;
mod policy;
mod psa;
pub mod receipt;
mod rng;
pub mod selftest;
pub mod sizes;
pub mod storage;
mod store;

pub use algorithm::Algorithm;
pub use dispatch::{Dispatch, DispatchInfo};
#[cfg(feature = "std")]
pub use drbg::OsEntropy;
pub use drbg::{DefaultEntropy, EntropySource, HmacDrbg, NoEntropy};
pub use driver::{Admission, Capability, Driver, DriverInfo, DriverKind, NoContext};
pub use entry::{DerivationStep, EntryPoint, EntryPointSet, ImportedKey, Request};
pub use error::{Error, Result};
pub use key::{
    EccFamily, KeyAttributes, KeyId, KeyType, Lifetime, Location, Persistence, SlotNumber,
    UsageFlags,
};
pub use operation::PakeOperation;
pub use operation::{
    AeadOperation, CipherOperation, HashOperation, KEY_DERIVATION_PENDING_BYTES,
    KEY_DERIVATION_PENDING_INPUTS, KeyDerivationOperation, MacOperation,
};
pub use pake::{
    PAKE_INPUT_CAPACITY, PakeCipherSuite, PakeInputs, PakeKeyConfirmation, PakePrimitive,
    PakePrimitiveType, PakeRole, PakeStep,
};
pub use psa::{BuiltinKey, Psa};
pub use rng::{RandomSource, Rng};
pub use selftest::{SelfTestMode, SelfTestStatus, SelfTested};
pub use storage::{CreateFlags, KeyStorage, NoStorage, StorageInfo};
pub use store::{DEFAULT_KEY_BYTES, KEY_BUFFER_SIZE};

pub use psa_driver_macros::{psa_driver, register_drivers};

/// What generated code reaches through; not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::bom::{self, Registered, Requirement};
    pub use crate::builtin;
    pub use crate::dispatch::{Dispatch, DispatchInfo};
    pub use crate::driver::{Admission, Capability, Driver, DriverInfo, DriverKind, NoContext};
    pub use crate::entry::{self, EntryPoint, EntryPointSet, Request};
    pub use crate::lock;
    pub use crate::receipt::{ReceiptGuard, Recorder, Row as RecorderRow};
    pub use crate::selftest::{SelfTestCell, SelfTestMode, SelfTestStatus};
    pub use crate::{Algorithm, EccFamily, Error, KeyType, Location, Result};
    pub use core::option::Option::{self, None, Some};
    pub use core::panic;
    pub use core::result::Result::{Err, Ok};
    pub use core::{assert, matches};

    /// The names the catalogue's parameter types are written with, for code generated from
    /// it outside psa-core (`c_driver!` glob-imports this module).
    pub mod catalogue_types {
        pub use crate::{
            Algorithm, DerivationStep, ImportedKey, KeyAttributes, PakeInputs, PakeStep, Result,
            Rng, SlotNumber,
        };
    }

    /// The initial value of `register_drivers!`'s driver table, before each slot is filled.
    pub const VACANT_DRIVER_INFO: DriverInfo = DriverInfo {
        prefix: "",
        type_name: "",
        kind: DriverKind::Transparent,
        location: Location::LOCAL_STORAGE,
        entry_points: EntryPointSet::EMPTY,
        capabilities: &[],
        has_guard: false,
        index: 0,
    };

    /// Compile-time string equality, for duplicate-prefix checks in `register_drivers!`.
    pub const fn str_eq(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Compile-time fact for `#[psa_driver]`'s capability checks: whether a key of type `kt`
    /// can have `bits` bits (false only for an ECC family none of whose curves has that size).
    pub const fn key_size_fits(kt: KeyType, bits: usize) -> bool {
        match kt.ecc_family() {
            Some(family) => family.0 == EccFamily::ANY.0 || family.has_curve_size(bits),
            None => true,
        }
    }

    /// Compile-time fact for `#[psa_driver]`'s capability checks: whether `alg` can be used
    /// with a key of type `kt`.
    pub const fn algorithm_fits(alg: Algorithm, kt: KeyType) -> bool {
        crate::policy::algorithm_applies_to(alg, kt)
    }
}
