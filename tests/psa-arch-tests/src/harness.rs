//! The harness every ported test is written against.
//!
//! # Writing a test
//!
//! A test is a module with one generic function over the dispatcher, registered with
//! [`arch_test!`](crate::arch_test):
//!
//! ```text
//! use psa_core::{Dispatch, Error, KeyType};
//! use crate::common::*;
//! use crate::harness::{Cx, Feature::*, SUCCESS, expect, same};
//!
//! pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
//!     // One call per entry of the suite's table, in table order (entries under every
//!     // `#ifdef` too, so the numbering is the suite's with all guards on).
//!     let attributes = cx.attributes().with_type(KeyType::AES); // this path's lifetime
//!     cx.case("Test psa_import_key 16 bytes AES", &[Ctr, Aes128], |psa| {
//!         let Some(id) = expect("import_key", psa.import_key(&attributes, &KEY_DATA[..16]), SUCCESS)?
//!         else { return Ok(()) };
//!         same("bits", &psa.get_key_attributes(id).map(|a| a.bits()), &Ok(128))?;
//!         Ok(())
//!     });
//!     cx.not_expressible("Test with NULL output buffer", "a slice cannot be NULL");
//! }
//!
//! // in cases/mod.rs (or cases/second.rs):
//! arch_test!("c002", "psa_import_key", c002::run, secure_element)
//! ```
//!
//! - [`Cx::case`] records a case that runs when every [`Feature`] it needs is supported on the
//!   path (else it is counted not applicable, naming the first missing feature). Its body gets
//!   a fresh [`Psa`] instance for the path and returns a [`Check`]: `Ok(())` or a [`Failure`]
//!   saying what differed. Panics are caught and count as failures.
//! - [`Cx::case_with_instances`] is the same for a body that constructs instances itself.
//! - [`Cx::awaiting`] records a case whose body needs an API the front-end lacks (named by a
//!   [`Feature`] such as `KdfCapacity`); it fails once that feature is marked supported, until
//!   the body is written.
//! - [`Cx::not_applicable`] records a case that needs something the project lacks that no
//!   [`Feature`] names (prefer `case` with a feature, so the case runs once it lands).
//! - [`Cx::not_expressible`] records a case the safe-Rust API cannot even express (a NULL
//!   pointer, an uninitialised operation), with the reason.
//! - Cases are numbered 1, 2, … in the order they are recorded; the number identifies a case in
//!   the expected-to-fail marks ([`Gap`]), so record every table entry on every path.
//! - Helpers: [`expect`] and [`expect_one_of`] compare a `Result` with the status the suite
//!   expects; [`ensure!`](crate::ensure) and [`same`] check values.
//!
//! # Paths
//!
//! Every test runs on the built-in-only path and on the P-256 driver + built-in path; tests
//! registered with `secure_element` (key management and signatures) also run with their keys in
//! the simulated secure element, where [`Cx::attributes`] and [`Cx::lifetime`] place keys at
//! its location. A case should build key attributes from [`Cx::attributes`] so it follows the
//! path.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use psa_core::{Dispatch, Error, KeyAttributes, Lifetime, Psa};
use psa_drivers::secure_element::SE_LIFETIME;
use psa_tests::paths::{BuiltinOnly, P256WithBuiltin, SecureElementWithBuiltin};

pub use crate::feature::Feature;

/// A serving path: which registration the front-end dispatches to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Path {
    /// The built-in software implementation alone.
    Builtin,
    /// The P-256 accelerator first, the built-in for the rest.
    P256,
    /// Keys in the simulated secure element (location 0x800001), the built-in for the rest.
    SecureElement,
}

impl Path {
    /// Every path, in table order.
    pub const ALL: [Path; 3] = [Path::Builtin, Path::P256, Path::SecureElement];

    /// The name the tables print.
    pub const fn name(self) -> &'static str {
        match self {
            Path::Builtin => "built-in",
            Path::P256 => "p256 + built-in",
            Path::SecureElement => "secure element",
        }
    }

    /// The lifetime of the keys a test creates on this path.
    pub const fn lifetime(self) -> Lifetime {
        match self {
            Path::SecureElement => SE_LIFETIME,
            _ => Lifetime::VOLATILE,
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a case did not meet the suite's expectation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a case body returns.
pub type Check = Result<(), Failure>;

/// A status the suite expects: `Ok(())` for `PSA_SUCCESS`, else the error.
pub type Status = Result<(), Error>;

/// `PSA_SUCCESS`.
pub const SUCCESS: Status = Ok(());

fn status_name(s: Status) -> &'static str {
    match s {
        Ok(()) => "SUCCESS",
        Err(e) => e.name(),
    }
}

/// Compare `got` with the status the suite expects. On a match, `Ok(Some(value))` for an
/// expected success and `Ok(None)` for an expected error (the case usually ends there).
///
/// # Errors
/// A [`Failure`] naming `what`, the expected and the actual status.
pub fn expect<T>(what: &str, got: psa_core::Result<T>, want: Status) -> Result<Option<T>, Failure> {
    expect_one_of(what, got, &[want])
}

/// [`expect`] for a case whose table accepts alternatives (the suite's `expected_status`
/// plus e.g. `PSA_ERROR_NOT_SUPPORTED`).
///
/// # Errors
/// A [`Failure`] naming `what`, the accepted and the actual status.
pub fn expect_one_of<T>(
    what: &str,
    got: psa_core::Result<T>,
    accepted: &[Status],
) -> Result<Option<T>, Failure> {
    let got_status = got.as_ref().map(|_| ()).map_err(|e| *e);
    if !accepted.contains(&got_status) {
        let names: Vec<&str> = accepted.iter().map(|s| status_name(*s)).collect();
        return Err(Failure(format!(
            "{what}: expected {}, got {}",
            names.join(" or "),
            status_name(got_status)
        )));
    }
    Ok(got.ok())
}

/// Check that `got == want` (outputs, attributes, lengths).
///
/// # Errors
/// A [`Failure`] naming `what` with both values.
pub fn same<T: PartialEq + fmt::Debug + ?Sized>(what: &str, got: &T, want: &T) -> Check {
    if got == want {
        Ok(())
    } else {
        Err(Failure(format!("{what}: expected {want:?}, got {got:?}")))
    }
}

/// Fail the case with a message unless a condition holds: `ensure!(cond, "fmt", args..)`.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err($crate::harness::Failure(format!($($msg)+)));
        }
    };
}

/// How a recorded case ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Ran and met the suite's expectation.
    Passed,
    /// Ran and did not.
    Failed(Failure),
    /// Needs a feature the project (or this path) lacks.
    NotApplicable(String),
    /// Cannot be expressed in the safe-Rust API.
    NotExpressible(String),
}

/// One recorded case on one path.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// The case number within its test, from 1, in recording order.
    pub index: usize,
    /// The suite's description of the check.
    pub desc: String,
    /// How it ended.
    pub outcome: Outcome,
}

/// The context a test runs in on one path: records its cases.
pub struct Cx<'r, D: Dispatch> {
    path: Path,
    new_psa: fn() -> Psa<D>,
    results: &'r mut Vec<CaseResult>,
}

impl<'r, D: Dispatch> Cx<'r, D> {
    /// A context recording into `results`, with `new_psa` making a fresh instance per case.
    pub fn new(path: Path, new_psa: fn() -> Psa<D>, results: &'r mut Vec<CaseResult>) -> Self {
        Cx {
            path,
            new_psa,
            results,
        }
    }

    /// The path this run serves through.
    pub fn path(&self) -> Path {
        self.path
    }

    /// The lifetime keys created on this path get.
    pub fn lifetime(&self) -> Lifetime {
        self.path.lifetime()
    }

    /// Fresh key attributes with this path's lifetime (`PSA_KEY_ATTRIBUTES_INIT` + lifetime).
    pub fn attributes(&self) -> KeyAttributes {
        KeyAttributes::new().with_lifetime(self.lifetime())
    }

    fn record(&mut self, desc: &str, outcome: Outcome) {
        let index = self.results.len() + 1;
        self.results.push(CaseResult {
            index,
            desc: desc.trim().to_string(),
            outcome,
        });
    }

    /// The first feature in `needs` this path cannot serve, as a reason.
    pub fn missing(&self, needs: &[Feature]) -> Option<String> {
        if let Some(f) = needs.iter().find(|f| !f.supported()) {
            return Some(f.name().to_string());
        }
        if self.path == Path::SecureElement
            && let Some(f) = needs.iter().find(|f| !f.in_secure_element())
        {
            return Some(format!(
                "{} (the secure element holds P-256 keys only)",
                f.name()
            ));
        }
        None
    }

    /// Record and run one case: not applicable if a feature in `needs` is missing on this path,
    /// else `body` runs on a fresh instance (a panic counts as a failure).
    pub fn case(&mut self, desc: &str, needs: &[Feature], body: impl FnOnce(&Psa<D>) -> Check) {
        if let Some(missing) = self.missing(needs) {
            self.record(desc, Outcome::NotApplicable(missing));
            return;
        }
        let psa = (self.new_psa)();
        let outcome = match catch_unwind(AssertUnwindSafe(|| body(&psa))) {
            Ok(Ok(())) => Outcome::Passed,
            Ok(Err(f)) => Outcome::Failed(f),
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Outcome::Failed(Failure(format!("panicked: {msg}")))
            }
        };
        self.record(desc, outcome);
    }

    /// [`Cx::case`] for a body that makes its own instances (with the path's constructor).
    pub fn case_with_instances(
        &mut self,
        desc: &str,
        needs: &[Feature],
        body: impl FnOnce(fn() -> Psa<D>) -> Check,
    ) {
        let new_psa = self.new_psa;
        self.case(desc, needs, move |_| body(new_psa));
    }

    /// Record a case whose body needs an API the front-end lacks (`api`, a [`Feature`] that is
    /// not supported): not applicable, naming the first missing feature of `needs` and `api`.
    /// Once `api` is marked supported the case fails until its body is written, so a landed
    /// API cannot leave its cases silently uncounted.
    pub fn awaiting(&mut self, desc: &str, needs: &[Feature], api: Feature) {
        let mut all = needs.to_vec();
        all.push(api);
        match self.missing(&all) {
            Some(missing) => self.record(desc, Outcome::NotApplicable(missing)),
            None => self.record(
                desc,
                Outcome::Failed(Failure(format!(
                    "{} is supported now: port this case's body",
                    api.name()
                ))),
            ),
        }
    }

    /// Record a case that needs something the project lacks and no [`Feature`] names.
    pub fn not_applicable(&mut self, desc: &str, missing: &str) {
        self.record(desc, Outcome::NotApplicable(missing.to_string()));
    }

    /// Record a case the safe-Rust API cannot express, with the reason.
    pub fn not_expressible(&mut self, desc: &str, reason: &str) {
        self.record(desc, Outcome::NotExpressible(reason.to_string()));
    }
}

/// One ported test (`test_cNNN`), instantiated for every path; build it with
/// [`arch_test!`](crate::arch_test).
pub struct Test {
    /// The suite's id, e.g. `"c002"`.
    pub id: &'static str,
    /// The API it tests, e.g. `"psa_import_key"`.
    pub name: &'static str,
    /// Whether it also runs with keys in the secure element.
    pub secure_element: bool,
    /// The test on the built-in path.
    pub builtin: fn(&mut Cx<'_, BuiltinOnly>),
    /// The test on the P-256 driver + built-in path.
    pub p256: fn(&mut Cx<'_, P256WithBuiltin>),
    /// The test on the secure-element path.
    pub se: fn(&mut Cx<'_, SecureElementWithBuiltin>),
}

impl Test {
    /// The paths this test runs on.
    pub fn paths(&self) -> &'static [Path] {
        if self.secure_element {
            &Path::ALL
        } else {
            &[Path::Builtin, Path::P256]
        }
    }

    /// Run it on `path`, returning its recorded cases.
    pub fn run(&self, path: Path) -> Vec<CaseResult> {
        let mut results = Vec::new();
        match path {
            Path::Builtin => (self.builtin)(&mut Cx::new(
                path,
                psa_tests::paths::builtin_only,
                &mut results,
            )),
            Path::P256 => (self.p256)(&mut Cx::new(
                path,
                psa_tests::paths::p256_with_builtin,
                &mut results,
            )),
            Path::SecureElement => (self.se)(&mut Cx::new(
                path,
                psa_tests::paths::secure_element,
                &mut results,
            )),
        }
        results
    }
}

/// Build a [`Test`]: `arch_test!("c002", "psa_import_key", c002::run)`, with `, secure_element`
/// at the end for tests that also run with keys in the secure element. `run` is a function
/// `fn run<D: psa_core::Dispatch>(cx: &mut Cx<'_, D>)`.
#[macro_export]
macro_rules! arch_test {
    ($id:literal, $name:literal, $run:path) => {
        $crate::arch_test!(@build $id, $name, $run, false)
    };
    ($id:literal, $name:literal, $run:path, secure_element) => {
        $crate::arch_test!(@build $id, $name, $run, true)
    };
    (@build $id:literal, $name:literal, $run:path, $se:literal) => {
        $crate::harness::Test {
            id: $id,
            name: $name,
            secure_element: $se,
            builtin: $run,
            p256: $run,
            se: $run,
        }
    };
}

/// An expected-to-fail mark: a case that fails because of a known, named, open gap. A marked
/// case that passes makes the run fail (a stale mark), so marks cannot outlive their gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gap {
    /// The test id, e.g. `"c018"`.
    pub test: &'static str,
    /// The case number within the test ([`CaseResult::index`]).
    pub case: usize,
    /// The path it fails on; `None` for every path the case runs on (it must run on one).
    pub path: Option<Path>,
    /// The open gap, named (e.g. `"issue 12: key_derivation capacity"`).
    pub gap: &'static str,
}

impl Gap {
    /// Whether the mark covers case `index` of `test` on `path`.
    pub fn covers(&self, test: &str, index: usize, path: Path) -> bool {
        self.test == test && self.case == index && self.path.is_none_or(|p| p == path)
    }
}
