//! Tests c041–c080 and their expected-to-fail marks (owned by the second half of the port),
//! with the table plumbing they share.
//!
//! Each test module carries its suite table as `Row`s: an entry that runs (when the features
//! it is guarded by are supported on the path), or one that cannot run for a reason no
//! [`Feature`] names. [`rows`] records them in table order, so case numbers are the suite's
//! (with every guard on).

use psa_core::{Dispatch, Psa};

use crate::arch_test;
use crate::harness::{Check, Cx, Failure, Feature, Gap, Path, Test};

// The test modules sit next to this file (`cases/c041.rs` …).
#[path = "c041.rs"]
mod c041;
#[path = "c042.rs"]
mod c042;
#[path = "c043.rs"]
mod c043;
#[path = "c044.rs"]
mod c044;
#[path = "c045.rs"]
mod c045;
#[path = "c046.rs"]
mod c046;
#[path = "c047.rs"]
mod c047;
#[path = "c048.rs"]
mod c048;
#[path = "c049.rs"]
mod c049;
#[path = "c050.rs"]
mod c050;
#[path = "c051.rs"]
mod c051;
#[path = "c052.rs"]
mod c052;
#[path = "c053.rs"]
mod c053;
#[path = "c054.rs"]
mod c054;
#[path = "c055.rs"]
mod c055;
#[path = "c056.rs"]
mod c056;
#[path = "c057.rs"]
mod c057;
#[path = "c058.rs"]
mod c058;
#[path = "c059.rs"]
mod c059;
#[path = "c060.rs"]
mod c060;
#[path = "c061.rs"]
mod c061;
#[path = "c062.rs"]
mod c062;
#[path = "c063.rs"]
mod c063;
#[path = "c064.rs"]
mod c064;
#[path = "c065.rs"]
mod c065;
#[path = "c066.rs"]
mod c066;
#[path = "c067.rs"]
mod c067;
#[path = "c068.rs"]
mod c068;
#[path = "c069.rs"]
mod c069;
#[path = "c070.rs"]
mod c070;
#[path = "c071.rs"]
mod c071;
#[path = "c072.rs"]
mod c072;
#[path = "c073.rs"]
mod c073;
#[path = "c074.rs"]
mod c074;
#[path = "c075.rs"]
mod c075;
#[path = "c076.rs"]
mod c076;
#[path = "c077.rs"]
mod c077;
#[path = "c078.rs"]
mod c078;
#[path = "c079.rs"]
mod c079;
#[path = "c080.rs"]
mod c080;

/// The tests c041–c080, in suite order.
pub(crate) fn tests() -> Vec<Test> {
    vec![
        arch_test!("c041", "psa_sign_hash", c041::run, secure_element),
        arch_test!("c042", "psa_verify_hash", c042::run, secure_element),
        arch_test!("c043", "psa_raw_key_agreement", c043::run, secure_element),
        arch_test!("c044", "psa_copy_key", c044::run, secure_element),
        arch_test!("c045", "psa_hash_clone", c045::run),
        arch_test!("c046", "psa_mac_compute", c046::run),
        arch_test!("c047", "psa_mac_verify", c047::run),
        arch_test!("c048", "psa_mac_sign (multi-part)", c048::run),
        arch_test!("c049", "psa_mac_verify (multi-part)", c049::run),
        arch_test!("c050", "psa_cipher_encrypt", c050::run),
        arch_test!("c051", "psa_cipher_decrypt", c051::run),
        arch_test!("c052", "psa_sign_message", c052::run, secure_element),
        arch_test!("c053", "psa_verify_message", c053::run, secure_element),
        arch_test!("c054", "psa_aead_encrypt_setup", c054::run),
        arch_test!("c055", "psa_aead_decrypt_setup", c055::run),
        arch_test!("c056", "psa_aead_generate_nonce", c056::run),
        arch_test!("c057", "psa_aead_set_nonce", c057::run),
        arch_test!("c058", "psa_aead_set_lengths", c058::run),
        arch_test!("c059", "psa_aead_update_ad", c059::run),
        arch_test!("c060", "psa_aead_update", c060::run),
        arch_test!("c061", "psa_aead_finish", c061::run),
        arch_test!("c062", "psa_aead_abort", c062::run),
        arch_test!("c063", "psa_aead_verify", c063::run),
        arch_test!("c064", "psa_hash_suspend", c064::run),
        arch_test!("c065", "psa_hash_resume", c065::run),
        arch_test!("c066", "psa_key_derivation_input_integer", c066::run),
        arch_test!("c067", "psa_key_derivation_verify_bytes", c067::run),
        arch_test!("c068", "psa_key_derivation_verify_key", c068::run),
        arch_test!("c069", "psa_pake_setup", c069::run),
        arch_test!("c070", "psa_pake_set_role", c070::run),
        arch_test!("c071", "psa_pake_set_user", c071::run),
        arch_test!("c072", "psa_pake_set_peer", c072::run),
        arch_test!("c073", "psa_pake_set_context", c073::run),
        arch_test!("c074", "psa_pake_output", c074::run),
        arch_test!("c075", "psa_pake_input", c075::run),
        arch_test!("c076", "psa_pake_abort", c076::run),
        arch_test!("c077", "psa_pake_get_shared_key", c077::run),
        arch_test!("c078", "J-PAKE", c078::run),
        arch_test!("c079", "SPAKE2+", c079::run),
        arch_test!("c080", "psa_key_agreement", c080::run, secure_element),
    ]
}

/// Expected-to-fail marks for c041–c080, in the form of [`crate::gaps::GAPS`].
pub(crate) const GAPS: &[Gap] = &[];

/// `what` must succeed (a step the suite asserts `PSA_SUCCESS` for).
///
/// # Errors
/// A [`Failure`] naming `what` and the status it gave.
pub(crate) fn ok<T>(what: &str, got: psa_core::Result<T>) -> Result<T, Failure> {
    got.map_err(|e| Failure(format!("{what}: expected SUCCESS, got {}", e.name())))
}

/// One entry of a suite table.
pub(crate) enum Row<E: 'static> {
    /// An entry that runs when every feature it needs is supported on the path.
    Run(E),
    /// An entry that needs something no [`Feature`] names: (description, what is missing).
    NotApplicable(&'static str, &'static str),
    /// An entry the safe-Rust API cannot express: (description, why).
    NotExpressible(&'static str, &'static str),
}

/// The reason for entries compiled only with `PSA_API_MODE_ON` (the suite's checks that an
/// implementation reports `PSA_ERROR_PROGRAMMER_ERROR`, a status this API does not have).
pub(crate) const API_MODE: &str = "PSA_API_MODE_ON (PSA_ERROR_PROGRAMMER_ERROR checks)";

/// A table entry's description and the features (the suite's guards) it needs.
pub(crate) trait Described {
    /// The suite's description of the check.
    fn desc(&self) -> &'static str;
    /// The features the entry is guarded by.
    fn needs(&self) -> &'static [Feature];
}

/// Implement [`Described`] for a table struct with `desc` and `needs` fields.
macro_rules! described {
    ($ty:ty) => {
        impl $crate::cases::second::Described for $ty {
            fn desc(&self) -> &'static str {
                self.desc
            }
            fn needs(&self) -> &'static [$crate::harness::Feature] {
                self.needs
            }
        }
    };
}
pub(crate) use described;

/// Record every row of a table in order; `body` runs an entry on a fresh instance.
pub(crate) fn rows<D: Dispatch, E: Described>(
    cx: &mut Cx<'_, D>,
    table: &'static [Row<E>],
    mut body: impl FnMut(Path, &Psa<D>, &'static E) -> Check,
) {
    let path = cx.path();
    for row in table {
        match row {
            Row::Run(e) => cx.case(e.desc(), e.needs(), |psa| body(path, psa, e)),
            Row::NotApplicable(desc, missing) => cx.not_applicable(desc, missing),
            Row::NotExpressible(desc, reason) => cx.not_expressible(desc, reason),
        }
    }
}

/// The entry the suite's negative tests reuse (its `valid_test_input_index`): the first that
/// runs on this path and passed, approximated as the first whose expected status is success and
/// whose features this path serves. `Err` names what is missing when there is none.
pub(crate) fn first_valid<D: Dispatch, E: Described>(
    cx: &Cx<'_, D>,
    table: &'static [Row<E>],
    succeeds: impl Fn(&E) -> bool,
) -> Result<&'static E, String> {
    let mut missing = None;
    for row in table {
        if let Row::Run(e) = row
            && succeeds(e)
        {
            match cx.missing(e.needs()) {
                None => return Ok(e),
                Some(m) => {
                    missing.get_or_insert(m);
                }
            }
        }
    }
    Err(missing.unwrap_or_else(|| "an entry that succeeds".to_string()))
}

/// Record a case built on [`first_valid`]'s entry, or not applicable when there is none.
pub(crate) fn negative<D: Dispatch, E: Described>(
    cx: &mut Cx<'_, D>,
    desc: &str,
    valid: &Result<&'static E, String>,
    body: impl FnOnce(&Psa<D>, &'static E) -> Check,
) {
    match valid {
        Ok(e) => cx.case(desc, e.needs(), |psa| body(psa, e)),
        Err(missing) => cx.not_applicable(desc, missing),
    }
}

/// Record every entry of a table whose logic needs an API the front-end does not have (`api`):
/// each is not applicable, naming the entry's first missing guard, else the API; once `api` is
/// marked supported they fail until the test is ported ([`Cx::awaiting`]).
pub(crate) fn unported<D: Dispatch>(
    cx: &mut Cx<'_, D>,
    api: Feature,
    table: &[(&'static str, &'static [Feature])],
) {
    for (desc, needs) in table {
        cx.awaiting(desc, needs, api);
    }
}
