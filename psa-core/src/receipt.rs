//! Dispatch receipts: which driver served each call, which were skipped and why.
//!
//! With the `receipts` cargo feature, every dispatched call leaves a [`Receipt`] in the
//! dispatcher's [`Recorder`], and per-driver, per-entry-point counters are kept. Without
//! it, the recorder is a zero-sized type whose methods are empty and inlined away, so
//! receipts cost nothing.

use crate::Error;
use crate::entry::{EntryPoint, Request};

/// What happened to one candidate of a dispatched call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The request is outside the driver's capabilities (or its guard said no): not called.
    GuardMismatch,
    /// Called, answered `NOT_SUPPORTED`, and dispatch went on.
    Declined,
    /// Not called: the driver failed its power-on self-test (known-answer test) of this
    /// entry point and is out of the chain for it (`self_test:` in `register_drivers!`).
    SelfTestFailed,
    /// Called, and its status is final (`None` for success).
    Served(Option<Error>),
}

/// Who a receipt line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Candidate {
    /// A registered driver, by its index in the registration (transparent drivers first).
    Driver(u8),
    /// The built-in software implementation.
    Builtin,
    /// The core's own store of unstructured keys (AES, HMAC, raw data, …), which imports and
    /// generates them when no built-in is registered (`builtin: false`).
    CoreStore,
}

/// Most candidates one receipt records (16 drivers, an opaque one and the built-in); beyond,
/// [`Receipt::not_recorded`] counts them and the final status still takes the last slot.
pub const MAX_STEPS: usize = 18;

/// The record of one dispatched call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The entry point dispatched.
    pub entry_point: EntryPoint,
    steps: [(Candidate, Outcome); MAX_STEPS],
    len: u8,
    /// Set when the key's location had no driver (`INVALID_ARGUMENT`).
    pub unknown_location: bool,
    /// The request as capabilities saw it (single-part calls and setups); skips are
    /// explained from it.
    request: Option<Request>,
    not_recorded: u16,
}

impl Receipt {
    /// A receipt with no steps yet.
    pub const fn new(entry_point: EntryPoint) -> Receipt {
        Receipt {
            entry_point,
            steps: [(Candidate::Builtin, Outcome::Declined); MAX_STEPS],
            len: 0,
            unknown_location: false,
            request: None,
            not_recorded: 0,
        }
    }
    /// The request capabilities were matched against (single-part calls and setups; `None`
    /// for multi-part steps, which go to the operation's owner).
    pub fn request(&self) -> Option<&Request> {
        self.request.as_ref()
    }
    /// Each candidate considered, in order, with what happened.
    pub fn steps(&self) -> &[(Candidate, Outcome)] {
        &self.steps[..self.len as usize]
    }
    /// The candidate whose status was final, if any.
    pub fn served_by(&self) -> Option<Candidate> {
        self.steps()
            .iter()
            .rev()
            .find(|(_, o)| matches!(o, Outcome::Served(_)))
            .map(|(c, _)| *c)
    }
    #[cfg_attr(not(feature = "receipts"), allow(dead_code))]
    fn push(&mut self, c: Candidate, o: Outcome) {
        if (self.len as usize) < MAX_STEPS {
            self.steps[self.len as usize] = (c, o);
            self.len += 1;
            return;
        }
        // Full: the final status is what matters most, so it takes the last slot, and the
        // candidate it displaces is counted as not recorded.
        self.not_recorded = self.not_recorded.saturating_add(1);
        if matches!(o, Outcome::Served(_)) {
            self.steps[MAX_STEPS - 1] = (c, o);
        }
    }
    /// How many candidates were considered but not recorded because the receipt was full
    /// (more than [`MAX_STEPS`]); the final status is always recorded.
    pub fn not_recorded(&self) -> u16 {
        self.not_recorded
    }
}

#[cfg(feature = "receipts")]
mod imp {
    use super::*;
    use core::sync::atomic::Ordering;
    // Counting needs `fetch_add`, which targets without compare-and-swap (thumbv6m, riscv32imc)
    // get from portable-atomic (over the application's critical-section).
    #[cfg(target_has_atomic = "ptr")]
    use core::sync::atomic::AtomicU32;
    #[cfg(not(target_has_atomic = "ptr"))]
    use portable_atomic::AtomicU32;

    const LOG: usize = 64;

    /// One candidate's call counters, one per entry point.
    pub type Row = [AtomicU32; EntryPoint::COUNT];

    /// Per-dispatcher receipt log and counters. `H` holds the counter rows: a dispatcher
    /// owns a `Recorder<[Row; N]>` with a row per registered driver, then the built-in's and
    /// the core store's (`register_drivers!` sizes it), and lends it as `&Recorder`, which
    /// is `Recorder<[Row]>` — so counters work for any number of drivers.
    pub struct Recorder<H: ?Sized = [Row]> {
        log: spin::Mutex<([Option<Receipt>; LOG], usize)>,
        observer: spin::Mutex<Option<fn(&Receipt)>>,
        hits: H,
    }

    impl<const N: usize> Recorder<[Row; N]> {
        /// An empty recorder with `N` counter rows: one per registered driver, then the
        /// built-in's and the core store's (fewer than 2 rows count nothing).
        pub const fn new() -> Self {
            #[allow(clippy::declare_interior_mutable_const)]
            const Z: AtomicU32 = AtomicU32::new(0);
            #[allow(clippy::declare_interior_mutable_const)]
            const ROW: Row = [Z; EntryPoint::COUNT];
            Recorder {
                log: spin::Mutex::new(([None; LOG], 0)),
                observer: spin::Mutex::new(None),
                hits: [ROW; N],
            }
        }
    }

    impl Recorder {
        /// Start the receipt of a call; it is logged when the guard drops.
        #[inline(always)]
        pub fn begin(&self, entry_point: EntryPoint) -> ReceiptGuard<'_> {
            ReceiptGuard {
                recorder: self,
                receipt: Receipt::new(entry_point),
            }
        }
        /// Start the receipt of a dispatched request; skips are explained from it.
        #[inline(always)]
        pub fn begin_request(&self, req: &crate::entry::Request) -> ReceiptGuard<'_> {
            let mut receipt = Receipt::new(req.entry_point);
            receipt.request = Some(*req);
            ReceiptGuard {
                recorder: self,
                receipt,
            }
        }
        /// The receipts logged since the last `take`, oldest first (at most 64 are kept).
        pub fn take(&self) -> impl Iterator<Item = Receipt> {
            let mut log = self.log.lock();
            let (entries, n) = &mut *log;
            let count = (*n).min(LOG);
            let start = *n - count;
            let mut out = [None; LOG];
            for (i, slot) in out.iter_mut().enumerate().take(count) {
                *slot = entries[(start + i) % LOG].take();
            }
            *n = 0;
            out.into_iter().flatten()
        }
        /// The last receipt logged, if any.
        pub fn last(&self) -> Option<Receipt> {
            let log = self.log.lock();
            let (entries, n) = &*log;
            if *n == 0 {
                None
            } else {
                entries[(*n - 1) % LOG]
            }
        }
        /// How many times `candidate` was called for `entry_point` (0 for a driver index
        /// the registration does not have).
        pub fn hits(&self, candidate: Candidate, entry_point: EntryPoint) -> u32 {
            self.counter(candidate, entry_point)
                .map_or(0, |c| c.load(Ordering::Relaxed))
        }
        /// Call `observer` with every receipt as it is logged (`None`: stop), for a log
        /// longer than the recorder's 64 entries. It runs on the calling thread after the
        /// call returned, with no lock of the recorder held, so it may call the front-end.
        pub fn observe(&self, observer: Option<fn(&Receipt)>) {
            *self.observer.lock() = observer;
        }
        /// Reset the counters and the log.
        pub fn reset(&self) {
            for row in &self.hits {
                for c in row {
                    c.store(0, Ordering::Relaxed);
                }
            }
            let _ = self.take();
        }
        /// The counter of `c` for `ep`: drivers' rows first, the built-in's and the core
        /// store's last.
        fn counter(&self, c: Candidate, ep: EntryPoint) -> Option<&AtomicU32> {
            let drivers = self.hits.len().checked_sub(2)?;
            let row = match c {
                Candidate::Driver(i) if (i as usize) < drivers => i as usize,
                Candidate::Driver(_) => return None,
                Candidate::Builtin => drivers,
                Candidate::CoreStore => drivers + 1,
            };
            self.hits.get(row)?.get(ep.index())
        }
        fn count(&self, c: Candidate, ep: EntryPoint) {
            if let Some(counter) = self.counter(c, ep) {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }
        fn commit(&self, r: Receipt) {
            {
                let mut log = self.log.lock();
                let (entries, n) = &mut *log;
                entries[*n % LOG] = Some(r);
                *n += 1;
            }
            let observer = *self.observer.lock();
            if let Some(f) = observer {
                f(&r);
            }
        }
    }

    /// The receipt of a call in progress.
    pub struct ReceiptGuard<'r> {
        recorder: &'r Recorder,
        receipt: Receipt,
    }

    impl ReceiptGuard<'_> {
        /// Candidate `i`: a registered driver, or the built-in, which generated dispatch
        /// numbers after the last driver (its counter row).
        #[inline(always)]
        fn candidate(&self, i: u8) -> Candidate {
            if i as usize + 2 == self.recorder.hits.len() {
                Candidate::Builtin
            } else {
                Candidate::Driver(i)
            }
        }
        /// Driver `i` was not called: outside its capabilities.
        #[inline(always)]
        pub fn skipped(&mut self, i: u8) {
            let c = self.candidate(i);
            self.receipt.push(c, Outcome::GuardMismatch);
        }
        /// Driver `i` was not called: it failed its self-test of this entry point.
        #[inline(always)]
        pub fn self_test_failed(&mut self, i: u8) {
            let c = self.candidate(i);
            self.receipt.push(c, Outcome::SelfTestFailed);
        }
        /// Driver `i` answered `NOT_SUPPORTED` and dispatch went on.
        #[inline(always)]
        pub fn declined(&mut self, i: u8) {
            let c = self.candidate(i);
            self.recorder.count(c, self.receipt.entry_point);
            self.receipt.push(c, Outcome::Declined);
        }
        /// Driver `i`'s status is final.
        #[inline(always)]
        pub fn served<T>(&mut self, i: u8, r: &crate::Result<T>) {
            let c = self.candidate(i);
            self.recorder.count(c, self.receipt.entry_point);
            self.receipt
                .push(c, Outcome::Served(r.as_ref().err().copied()));
        }
        /// The core key store was tried (`builtin: false`): `NOT_SUPPORTED` is recorded as
        /// declined (not an unstructured key), any other status as served.
        #[inline(always)]
        pub fn core_store<T>(&mut self, r: &crate::Result<T>) {
            self.recorder
                .count(Candidate::CoreStore, self.receipt.entry_point);
            let outcome = match r {
                Err(crate::Error::NotSupported) => Outcome::Declined,
                r => Outcome::Served(r.as_ref().err().copied()),
            };
            self.receipt.push(Candidate::CoreStore, outcome);
        }
        /// No driver owns the key's location.
        #[inline(always)]
        pub fn unknown_location(&mut self) {
            self.receipt.unknown_location = true;
        }
    }

    impl Drop for ReceiptGuard<'_> {
        fn drop(&mut self) {
            self.recorder.commit(self.receipt);
        }
    }
}

#[cfg(not(feature = "receipts"))]
mod imp {
    use super::*;

    /// A candidate's counters: nothing without the `receipts` feature.
    pub type Row = ();

    /// Receipts are off (the `receipts` feature): a zero-sized recorder that records nothing.
    /// Shaped like the recording one (`Recorder<[Row; N]>`, lent as `&Recorder`), so
    /// generated code is the same either way.
    pub struct Recorder<H: ?Sized = [Row]> {
        _rows: H,
    }

    impl<const N: usize> Recorder<[Row; N]> {
        /// An empty recorder (the rows hold nothing without the `receipts` feature).
        pub const fn new() -> Self {
            Recorder { _rows: [(); N] }
        }
    }

    impl Recorder {
        /// Start the receipt of a call (nothing is recorded without the `receipts` feature).
        #[inline(always)]
        pub fn begin(&self, _entry_point: EntryPoint) -> ReceiptGuard<'_> {
            ReceiptGuard(core::marker::PhantomData)
        }
        /// Start the receipt of a dispatched request (nothing is recorded without the
        /// `receipts` feature).
        #[inline(always)]
        pub fn begin_request(&self, _req: &crate::entry::Request) -> ReceiptGuard<'_> {
            ReceiptGuard(core::marker::PhantomData)
        }
        /// Always empty without the `receipts` feature.
        pub fn take(&self) -> impl Iterator<Item = Receipt> {
            core::iter::empty()
        }
        /// Always `None` without the `receipts` feature.
        pub fn last(&self) -> Option<Receipt> {
            None
        }
        /// Always 0 without the `receipts` feature.
        pub fn hits(&self, _candidate: Candidate, _entry_point: EntryPoint) -> u32 {
            0
        }
        /// Does nothing without the `receipts` feature.
        pub fn reset(&self) {}
        /// Never calls `observer` without the `receipts` feature.
        pub fn observe(&self, _observer: Option<fn(&Receipt)>) {}
    }

    /// The receipt of a call in progress (records nothing without the `receipts` feature).
    pub struct ReceiptGuard<'r>(core::marker::PhantomData<&'r ()>);

    impl ReceiptGuard<'_> {
        /// Driver `i` was not called.
        #[inline(always)]
        pub fn skipped(&mut self, _i: u8) {}
        /// Driver `i` failed its self-test.
        #[inline(always)]
        pub fn self_test_failed(&mut self, _i: u8) {}
        /// Driver `i` declined.
        #[inline(always)]
        pub fn declined(&mut self, _i: u8) {}
        /// Driver `i` served.
        #[inline(always)]
        pub fn served<T>(&mut self, _i: u8, _r: &crate::Result<T>) {}
        /// The core key store was tried.
        #[inline(always)]
        pub fn core_store<T>(&mut self, _r: &crate::Result<T>) {}
        /// No driver owns the location.
        #[inline(always)]
        pub fn unknown_location(&mut self) {}
    }
}

pub use imp::{ReceiptGuard, Recorder, Row};

// What both recorders share: the default, a `Debug` that shows only the type, and the
// coercion of a dispatcher's `Recorder<[Row; N]>` to the `&Recorder` it lends.
impl<const N: usize> Default for Recorder<[Row; N]> {
    fn default() -> Self {
        Self::new()
    }
}

impl<H: ?Sized> core::fmt::Debug for Recorder<H> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Recorder")
    }
}

impl<const N: usize> core::ops::Deref for Recorder<[Row; N]> {
    type Target = Recorder;
    fn deref(&self) -> &Recorder {
        self
    }
}

/// Whether this build records receipts (the `receipts` feature).
pub const ENABLED: bool = cfg!(feature = "receipts");

impl Receipt {
    /// Render this receipt with driver names from `info`: who served the call, and why each
    /// earlier candidate did not.
    pub fn explain<'a>(&'a self, info: &'a crate::DispatchInfo) -> Explained<'a> {
        Explained {
            receipt: self,
            info,
        }
    }
}

/// A receipt rendered with driver names; see [`Receipt::explain`].
#[derive(Clone, Copy, Debug)]
pub struct Explained<'a> {
    receipt: &'a Receipt,
    info: &'a crate::DispatchInfo,
}

impl core::fmt::Display for Explained<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let name = |c: Candidate| match c {
            Candidate::Driver(i) => self.info.driver_name(i),
            Candidate::Builtin => "built-in",
            Candidate::CoreStore => "core key store",
        };
        let r = self.receipt;
        write!(f, "{:<18} ", r.entry_point.name())?;
        if r.unknown_location {
            return f.write_str("→ INVALID_ARGUMENT: no driver owns the key's location");
        }
        match r
            .steps()
            .iter()
            .rev()
            .find(|(_, o)| matches!(o, Outcome::Served(_)))
        {
            Some((c, Outcome::Served(None))) => write!(f, "→ {}", name(*c))?,
            Some((c, Outcome::Served(Some(e)))) => {
                write!(f, "→ {} returned {}", name(*c), e.name())?
            }
            _ => f.write_str("→ NOT_SUPPORTED: nobody served it")?,
        }
        let mut first = true;
        for (c, o) in r.steps() {
            let why = match o {
                Outcome::GuardMismatch => skip_reason(self.info, *c, r.request()),
                Outcome::Declined => "declined with NOT_SUPPORTED",
                Outcome::SelfTestFailed => "out of the chain: failed its power-on self-test",
                Outcome::Served(_) => continue,
            };
            f.write_str(if first { "  (skipped: " } else { "; " })?;
            write!(f, "{} {why}", name(*c))?;
            first = false;
        }
        if r.not_recorded > 0 {
            f.write_str(if first { "  (" } else { "; " })?;
            write!(f, "{} more candidates not recorded", r.not_recorded)?;
            first = false;
        }
        if !first {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// Why a driver was not called for `req`: the first criterion that kept out the capability
/// that came closest (algorithm, then key type, then key size), the location, or its guard.
fn skip_reason(info: &crate::DispatchInfo, c: Candidate, req: Option<&Request>) -> &'static str {
    const UNKNOWN: &str = "outside its capabilities";
    let (Candidate::Driver(i), Some(req)) = (c, req) else {
        return UNKNOWN;
    };
    let Some(d) = info.drivers.iter().find(|d| d.index == i) else {
        return UNKNOWN;
    };
    if d.kind == crate::DriverKind::Opaque && d.location != req.location {
        return "outside its capabilities: another location";
    }
    // How many criteria (of algorithm, key type, size) each naming capability passes.
    let mut best: Option<usize> = None;
    for cap in d
        .capabilities
        .iter()
        .filter(|cap| cap.entry_points.contains(req.entry_point))
    {
        let alg = cap.algorithms.is_empty() || cap.algorithms.iter().any(|a| a.permits(req.alg));
        let key_type =
            cap.key_types.is_empty() || cap.key_types.iter().any(|&t| req.key_type.matches(t));
        let size = cap.key_sizes.is_empty() || req.bits == 0 || cap.key_sizes.contains(&req.bits);
        let passed = [alg, key_type, size].iter().take_while(|&&ok| ok).count();
        best = Some(best.map_or(passed, |b| b.max(passed)));
    }
    match best {
        Some(0) => "outside its capabilities: algorithm",
        Some(1) => "outside its capabilities: key type",
        Some(2) => "outside its capabilities: key size",
        _ if d.has_guard => "refused by its guard",
        _ => UNKNOWN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_receipt_keeps_the_final_status_and_counts_what_it_dropped() {
        let mut r = Receipt::new(EntryPoint::HashCompute);
        for i in 0..20 {
            r.push(Candidate::Driver(i), Outcome::Declined);
        }
        r.push(Candidate::Builtin, Outcome::Served(None));
        assert_eq!(r.steps().len(), MAX_STEPS);
        assert_eq!(r.not_recorded(), 3);
        assert_eq!(r.served_by(), Some(Candidate::Builtin));
    }
}
