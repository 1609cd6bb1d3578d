//! A conformance kit for PSA drivers written with `#[psa_driver]`.
//!
//! A driver author runs it from their own tests, with the driver type and a constructor:
//!
//! ```
//! # use psa_drivers::P256Driver;
//! psa_conformance::check::<P256Driver>(P256Driver::new).run();
//! ```
//!
//! and, to check the driver as dispatch sees it (registered before the built-in, receipts
//! proving who served), with a `Psa` over a registration that holds it:
//!
//! ```
//! # use psa_drivers::P256Driver;
//! psa_core::register_drivers! {
//!     /// The driver first, the built-in for the rest.
//!     struct WithBuiltin { transparent: [d: P256Driver], builtin: true }
//! }
//! psa_conformance::check::<P256Driver>(P256Driver::new)
//!     .registered(0, || psa_core::Psa::new(WithBuiltin::new(P256Driver::new())))
//!     .run();
//! ```
//!
//! [`conformance_tests!`] writes both as one `#[test]`.
//!
//! Everything the kit runs is derived from what the driver declares: its entry-point consts
//! (`Driver::SIGN_HASH`, …), its kind and location, and its capabilities
//! (`Driver::admit`). For every declared (entry point, algorithm, key type, size) the kit
//! has material for, it runs
//!
//! - **published vectors** (Wycheproof ECDSA P-256 verification, RFC 6979 deterministic
//!   ECDSA, FIPS 180-2 SHA-2, RFC 4231 HMAC, NIST SP 800-38A AES-CBC/CTR, Wycheproof AES-GCM
//!   and ChaCha20-Poly1305, RFC 5869 HKDF-SHA-256, Wycheproof ECDSA P-384 P1363) through the
//!   driver alone, and through dispatch, checking with a receipt per call that the driver
//!   served (a driver that declines through dispatch, leaving the built-in to answer in its
//!   place, fails); one-shot encryption through dispatch uses an IV the core picks, so it is
//!   compared with the built-in under that IV;
//! - **differential tests** against the built-in on pseudo-random inputs (round trips for
//!   randomized ECDSA, equality for deterministic algorithms);
//! - **the driver contract**: requests just outside a capability get `NOT_SUPPORTED` (never
//!   `INVALID_ARGUMENT`) from the driver and never reach it through dispatch; nothing is
//!   written past the returned length; a too-short output gets `BUFFER_TOO_SMALL`;
//!   multi-part: abort is accepted after finish and releases the context (setup/abort cycles
//!   do not run out), finish lengths are right, a clone finishes independently, the core
//!   calls abort exactly once and sends no step after an error; an opaque driver never hands
//!   out key material the policy does not allow.
//!
//! A failing check names the capability, the vector or input, and the difference; a
//! passing [`Check::run`] prints what it covered per capability, and what it could not test.

use std::collections::BTreeMap;
use std::fmt;

use psa_core::{Dispatch, Driver, Psa};

mod direct;
mod dispatch;
mod material;
mod rng;
mod vectors;

/// Start a conformance check of driver `D`, built by `make` (called once per check, so
/// every check starts from a fresh driver).
pub fn check<D: Driver>(make: impl Fn() -> D + 'static) -> Check<D> {
    Check {
        make: Box::new(make),
        registered: Vec::new(),
    }
}

type DispatchRun = Box<dyn Fn(&mut Report)>;

/// A conformance check being configured; [`run`](Check::run) it.
pub struct Check<D: Driver> {
    make: Box<dyn Fn() -> D>,
    registered: Vec<DispatchRun>,
}

impl<D: Driver> Check<D> {
    /// Also run the dispatch checks on `Psa` instances from `make`, in whose registration the
    /// driver sits at position `index` (transparent drivers first; `0` for a lone driver).
    /// The dispatcher must be built with receipts (the kit enables psa-core's `receipts`).
    pub fn registered<P: Dispatch + 'static>(
        mut self,
        index: u8,
        make: impl Fn() -> Psa<P> + 'static,
    ) -> Self {
        self.registered.push(Box::new(move |report: &mut Report| {
            dispatch::run::<D, P>(&make, index, report);
        }));
        self
    }

    /// Run every check and return what was found, without panicking (for tests of the kit).
    pub fn report(self) -> Report {
        let mut report = Report::new(core::any::type_name::<D>());
        direct::run::<D>(&*self.make, &mut report);
        vectors::run::<D>(&*self.make, &mut report);
        for run in &self.registered {
            run(&mut report);
        }
        report
    }

    /// Run every check, print the coverage, and panic with every failure if there is one.
    ///
    /// # Panics
    /// When the driver fails a check: the message lists each failure.
    pub fn run(self) {
        let report = self.report();
        println!("{}", report.coverage());
        if !report.failures.is_empty() {
            panic!("{report}");
        }
    }
}

/// One failed check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The capability checked, e.g. `sign_hash ECDSA(SHA_256) ECC_KEY_PAIR(SECP_R1) 256`.
    pub capability: String,
    /// The vector or input, e.g. `RFC 6979 A.2.5 "sample"`.
    pub input: String,
    /// What differed from what the contract or the vector says.
    pub difference: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {}: {}",
            self.capability, self.input, self.difference
        )
    }
}

/// What one capability's checks covered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Checks run.
    pub checks: usize,
    /// Published vectors run.
    pub vectors: usize,
}

/// The result of a conformance run.
#[derive(Clone, Debug)]
pub struct Report {
    driver: &'static str,
    /// Every failed check.
    pub failures: Vec<Failure>,
    /// Checks and vectors per capability.
    pub covered: BTreeMap<String, Coverage>,
    /// Declared capabilities the kit could not test, with the reason.
    pub not_tested: Vec<String>,
}

impl Report {
    fn new(driver: &'static str) -> Report {
        Report {
            driver,
            failures: Vec::new(),
            covered: BTreeMap::new(),
            not_tested: Vec::new(),
        }
    }

    /// Whether no check failed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// Whether some failure's text contains `needle` (for tests of the kit).
    pub fn failed_with(&self, needle: &str) -> bool {
        self.failures.iter().any(|f| f.to_string().contains(needle))
    }

    /// The coverage summary a passing run prints.
    pub fn coverage(&self) -> String {
        let mut s = format!("psa-conformance: {}\n", self.driver);
        let (mut checks, mut vectors) = (0, 0);
        for (cap, c) in &self.covered {
            s += &format!("  {cap}: {} checks, {} vectors\n", c.checks, c.vectors);
            checks += c.checks;
            vectors += c.vectors;
        }
        for n in &self.not_tested {
            s += &format!("  not tested: {n}\n");
        }
        s += &format!(
            "  total: {checks} checks, {vectors} vectors, {} failures",
            self.failures.len()
        );
        s
    }

    pub(crate) fn check(
        &mut self,
        cap: &str,
        ok: bool,
        input: &str,
        difference: impl Into<String>,
    ) {
        self.covered.entry(cap.to_owned()).or_default().checks += 1;
        if !ok {
            self.failures.push(Failure {
                capability: cap.to_owned(),
                input: input.to_owned(),
                difference: difference.into(),
            });
        }
    }

    pub(crate) fn vector(&mut self, cap: &str) {
        self.covered.entry(cap.to_owned()).or_default().vectors += 1;
    }

    pub(crate) fn skip(&mut self, what: String) {
        if !self.not_tested.contains(&what) {
            self.not_tested.push(what);
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} failed {} conformance check(s):",
            self.driver,
            self.failures.len()
        )?;
        for failure in &self.failures {
            writeln!(f, "  {failure}")?;
        }
        write!(f, "{}", self.coverage())
    }
}

/// Expands into a `#[test]` that runs the whole kit on a driver, alone and registered before
/// the built-in: `conformance_tests!(transparent MyDriver, MyDriver::new());` or
/// `conformance_tests!(opaque MySe, MySe::new());`. The expression is evaluated for every
/// fresh driver the kit needs.
#[macro_export]
macro_rules! conformance_tests {
    ($kind:ident $driver:ty, $make:expr) => {
        #[allow(missing_docs, unreachable_pub)]
        mod psa_conformance_tests {
            use super::*;
            $crate::__registration!($kind $driver);

            #[test]
            fn psa_conformance() {
                $crate::check::<$driver>(|| $make)
                    .registered(0, || ::psa_core::Psa::new(WithBuiltin::new($make)))
                    .run();
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __registration {
    (transparent $driver:ty) => {
        ::psa_core::register_drivers! {
            /// The driver under test before the built-in.
            pub struct WithBuiltin { transparent: [d: $driver], builtin: true }
        }
    };
    (opaque $driver:ty) => {
        ::psa_core::register_drivers! {
            /// The driver under test at its location, the built-in for local keys.
            pub struct WithBuiltin { transparent: [], opaque: [d: $driver], builtin: true }
        }
    };
}
