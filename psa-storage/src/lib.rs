//! Persistent key storage for `psa-core` ([`psa_core::KeyStorage`], shaped like PSA Internal
//! Trusted Storage).
//!
//! - [`FlashStorage`] (feature `flash`, `no_std`, no heap): NOR flash over
//!   `embedded-storage`'s `NorFlash`, through `sequential-storage`'s power-fail-safe map; its
//!   work buffer (a const generic, [`DEFAULT_BUFFER`] by default, [`buffer_for_key`] for
//!   larger keys such as RSA key pairs) bounds the largest key.
//! - [`FileStorage`] (feature `file`, `std`): one file per key, written atomically (temporary
//!   file, `fsync`, rename, `fsync` of the directory), as Mbed TLS's `psa_its_file`; keys of
//!   any size.
//! - `sim::NorFlashSim` (feature `sim`): an in-memory NOR flash that enforces the part's
//!   rules and can cut the power after any operation, for tests and benchmarks.
//!
//! ```
//! use psa_core::{register_drivers, Psa, DefaultEntropy};
//! use psa_storage::FileStorage;
//! register_drivers! {
//!     /// Built-in software only.
//!     pub struct App { builtin: true }
//! }
//! # let dir = std::env::temp_dir().join(format!("psa-storage-doc-{}", std::process::id()));
//! let storage = FileStorage::open(&dir)?;
//! let psa: Psa<App, DefaultEntropy, 8, FileStorage> = Psa::with_storage(App::new(), storage);
//! # let _ = psa; std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), std::io::Error>(())
//! ```

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "file")]
mod file;
#[cfg(feature = "flash")]
mod flash;
#[cfg(feature = "sim")]
pub mod sim;

#[cfg(feature = "file")]
pub use file::{FileOp, FileStorage, PowerCut};
#[cfg(feature = "flash")]
pub use flash::{BUFFER_OVERHEAD, Blocking, DEFAULT_BUFFER, FlashStorage, buffer_for_key};
