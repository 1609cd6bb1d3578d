//! Paired measurement: three variants of one operation timed in alternation, a few
//! milliseconds each, so that whatever else the machine is doing weighs on all three alike.
//!
//! Criterion times each benchmark on its own, one after another; on a shared machine the
//! load can change between two benchmarks, and a ratio of their medians carries that change.
//! Here every round times a block of each variant (in rotating order), and the figures are the
//! medians over rounds of the per-round ratios `b / a`, `c / a` and differences `b − a`,
//! `c − a`, with 95% confidence intervals of those medians (order statistics).
//!
//! Results go to stdout and, as JSON, to `<target>/psa-bench-paired/<id>.json`, where
//! `bench-report` reads them.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A median and its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Median {
    /// The median.
    pub point: f64,
    /// The interval's lower end.
    pub lo: f64,
    /// The interval's upper end.
    pub hi: f64,
}

impl Median {
    /// The median of `values` with the distribution-free 95% interval of the order statistics
    /// `n/2 ± 0.98·√n` (the normal approximation of the binomial).
    pub fn of(values: &mut [f64]) -> Median {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n == 0 {
            return Median {
                point: f64::NAN,
                lo: f64::NAN,
                hi: f64::NAN,
            };
        }
        let half = 0.98 * (n as f64).sqrt();
        let lo = ((n as f64 / 2.0 - half).floor().max(0.0)) as usize;
        let hi = ((n as f64 / 2.0 + half).ceil() as usize).min(n - 1);
        let point = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        };
        Median {
            point,
            lo: values[lo],
            hi: values[hi],
        }
    }

    fn json(&self) -> String {
        format!(
            "{{\"median\":{},\"lo\":{},\"hi\":{}}}",
            self.point, self.lo, self.hi
        )
    }
}

/// The outcome of one paired comparison.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The comparison's id, e.g. `overhead/ecdsa_p256_sign`.
    pub id: String,
    /// The variants' names, baseline first.
    pub names: [&'static str; 3],
    /// Median time per call of each variant, in nanoseconds.
    pub per_call: [Median; 3],
    /// Per-round `b / a`.
    pub ratio_b: Median,
    /// Per-round `c / a`.
    pub ratio_c: Median,
    /// Per-round `c / b`.
    pub ratio_cb: Median,
    /// Per-round `b − a`, nanoseconds per call.
    pub diff_b: Median,
    /// Per-round `c − a`, nanoseconds per call.
    pub diff_c: Median,
    /// Rounds measured.
    pub rounds: usize,
    /// Calls per block.
    pub calls_per_block: u64,
}

impl Comparison {
    fn json(&self) -> String {
        format!(
            "{{\"id\":\"{}\",\"names\":[\"{}\",\"{}\",\"{}\"],\"per_call_ns\":[{},{},{}],\"ratio_b\":{},\"ratio_c\":{},\"ratio_cb\":{},\"diff_b_ns\":{},\"diff_c_ns\":{},\"rounds\":{},\"calls_per_block\":{}}}\n",
            self.id,
            self.names[0],
            self.names[1],
            self.names[2],
            self.per_call[0].json(),
            self.per_call[1].json(),
            self.per_call[2].json(),
            self.ratio_b.json(),
            self.ratio_c.json(),
            self.ratio_cb.json(),
            self.diff_b.json(),
            self.diff_c.json(),
            self.rounds,
            self.calls_per_block,
        )
    }
}

/// How long a paired comparison runs.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Time per block of one variant.
    pub block: Duration,
    /// Total time of the comparison.
    pub total: Duration,
}

impl Budget {
    /// The budget, cut to a tenth with `--quick` on the command line (as criterion's flag).
    pub fn from_args(block: Duration, total: Duration) -> Budget {
        if std::env::args().any(|a| a == "--quick") {
            Budget {
                block: block / 10,
                total: total / 10,
            }
        } else {
            Budget { block, total }
        }
    }
}

/// Whether paired comparisons should run: not when the bench binary is only listed or
/// tested (`--list`, `--test`, as `cargo test --benches` does), and, given a filter
/// argument, only if it matches `id`.
pub fn wanted(id: &str) -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list" || a == "--test") {
        return false;
    }
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    filters.is_empty() || filters.iter().any(|f| id.contains(f.as_str()))
}

#[inline(never)]
fn block<R>(f: &mut impl FnMut() -> R, calls: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        black_box(f());
    }
    start.elapsed()
}

/// Time `a` (the baseline), `b` and `c` in alternation within `budget`, print the result and
/// save it for `bench-report`.
pub fn compare<RA, RB, RC>(
    id: &str,
    names: [&'static str; 3],
    budget: Budget,
    mut a: impl FnMut() -> RA,
    mut b: impl FnMut() -> RB,
    mut c: impl FnMut() -> RC,
) -> Option<Comparison> {
    if !wanted(id) {
        return None;
    }
    // Calibrate: calls per block so that the slowest variant's block takes about `block`.
    let mut calls = 1u64;
    loop {
        let slowest = block(&mut a, calls)
            .max(block(&mut b, calls))
            .max(block(&mut c, calls));
        if slowest >= budget.block || calls >= 1 << 30 {
            break;
        }
        let scale =
            (budget.block.as_secs_f64() / slowest.as_secs_f64().max(1e-9)).clamp(1.5, 100.0);
        calls = ((calls as f64) * scale).ceil() as u64;
    }
    // Warm-up: two rounds.
    for _ in 0..2 {
        block(&mut a, calls);
        block(&mut b, calls);
        block(&mut c, calls);
    }
    let mut times: [Vec<f64>; 3] = Default::default();
    let start = Instant::now();
    let mut round = 0usize;
    while start.elapsed() < budget.total || round < 30 {
        let mut t = [0f64; 3];
        // Rotate the order so no variant always runs first or after the same neighbour.
        for k in 0..3 {
            let v = (round + k) % 3;
            let d = match v {
                0 => block(&mut a, calls),
                1 => block(&mut b, calls),
                _ => block(&mut c, calls),
            };
            t[v] = d.as_secs_f64() * 1e9 / calls as f64;
        }
        for v in 0..3 {
            times[v].push(t[v]);
        }
        round += 1;
    }
    let per_round = |f: &dyn Fn(f64, f64) -> f64, x: usize, base: usize| -> Median {
        let mut v: Vec<f64> = times[x]
            .iter()
            .zip(&times[base])
            .map(|(&x, &a)| f(x, a))
            .collect();
        Median::of(&mut v)
    };
    let cmp = Comparison {
        id: id.to_owned(),
        names,
        per_call: [0, 1, 2].map(|v| Median::of(&mut times[v].clone())),
        ratio_b: per_round(&|x, a| x / a, 1, 0),
        ratio_c: per_round(&|x, a| x / a, 2, 0),
        ratio_cb: per_round(&|x, b| x / b, 2, 1),
        diff_b: per_round(&|x, a| x - a, 1, 0),
        diff_c: per_round(&|x, a| x - a, 2, 0),
        rounds: round,
        calls_per_block: calls,
    };
    println!(
        "{id} (paired, {round} rounds of {calls} calls): {} {:.1} ns, {} {:.1} ns, {} {:.1} ns; {}/{} = {:.4} [{:.4}, {:.4}], {}/{} = {:.4} [{:.4}, {:.4}]",
        names[0],
        cmp.per_call[0].point,
        names[1],
        cmp.per_call[1].point,
        names[2],
        cmp.per_call[2].point,
        names[1],
        names[0],
        cmp.ratio_b.point,
        cmp.ratio_b.lo,
        cmp.ratio_b.hi,
        names[2],
        names[0],
        cmp.ratio_c.point,
        cmp.ratio_c.lo,
        cmp.ratio_c.hi,
    );
    save(&cmp);
    Some(cmp)
}

/// `$CARGO_TARGET_DIR`, else the target directory this bench binary was built in
/// (`<target>/release/deps/<bench>`).
pub(crate) fn target_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(dir));
    }
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.parent()?.to_path_buf())
}

fn save(cmp: &Comparison) {
    let Some(dir) = target_dir().map(|t| t.join("psa-bench-paired")) else {
        return;
    };
    let file = dir.join(format!("{}.json", cmp.id.replace('/', "_")));
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, cmp.json())) {
        eprintln!("could not save {}: {e}", file.display());
    }
}
