//! Reads criterion's estimates of one run and prints the tables of `BENCHMARKS.md`: every
//! figure with its 95% confidence interval, the ratios the issue sets targets for, and
//! whether each target is met.
//!
//! Usage: `bench-report [TARGET_DIR]` (default: `$CARGO_TARGET_DIR`, else `target`); it reads
//! `TARGET_DIR/criterion` and `TARGET_DIR/psa-bench-paired`.
//!
//! Absolute figures are criterion's medians: the machine is shared, and the median resists
//! the outliers other processes cause. The dispatch ratios (overhead, chain) are judged on the
//! paired runs (`psa_bench::paired`: medians of per-round ratios, variants alternated every few
//! milliseconds). Other ratios divide two criterion medians, with the conservative interval
//! `[lo_x / hi_y, hi_x / lo_y]`. A target counts as met only if the point estimate meets it,
//! and the table says when the interval straddles it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

/// One benchmark's result: its median time per iteration in nanoseconds, with the 95%
/// confidence interval, and its throughput declaration.
#[derive(Clone, Copy, Debug)]
struct Estimate {
    median: f64,
    lo: f64,
    hi: f64,
    mean: f64,
    /// Bytes per iteration, if the benchmark declared them.
    bytes: Option<u64>,
}

/// A paired comparison, as `psa_bench::paired` saved it.
#[derive(Clone, Debug)]
struct Paired {
    per_call: [Ratio; 3],
    ratio_b: Ratio,
    ratio_c: Ratio,
    ratio_cb: Ratio,
    diff_b: Ratio,
    diff_c: Ratio,
    rounds: u64,
}

fn median(v: &Value) -> Option<Ratio> {
    Some(Ratio {
        point: v.get("median")?.as_f64()?,
        lo: v.get("lo")?.as_f64()?,
        hi: v.get("hi")?.as_f64()?,
    })
}

fn read_paired(dir: &Path) -> BTreeMap<String, Paired> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let parsed = (|| {
            let per = v.get("per_call_ns")?.as_array()?;
            Some((
                v.get("id")?.as_str()?.to_owned(),
                Paired {
                    per_call: [
                        median(per.first()?)?,
                        median(per.get(1)?)?,
                        median(per.get(2)?)?,
                    ],
                    ratio_b: median(v.get("ratio_b")?)?,
                    ratio_c: median(v.get("ratio_c")?)?,
                    ratio_cb: median(v.get("ratio_cb")?)?,
                    diff_b: median(v.get("diff_b_ns")?)?,
                    diff_c: median(v.get("diff_c_ns")?)?,
                    rounds: v.get("rounds")?.as_u64()?,
                },
            ))
        })();
        if let Some((id, p)) = parsed {
            out.insert(id, p);
        }
    }
    out
}

fn signed_interval(r: &Ratio) -> String {
    format!("{} [{}, {}]", signed(r.point), signed(r.lo), signed(r.hi))
}

/// A ratio `x / y` with its conservative interval.
#[derive(Clone, Copy, Debug)]
struct Ratio {
    point: f64,
    lo: f64,
    hi: f64,
}

impl Ratio {
    /// `1 / self`, with the interval's ends swapped.
    fn inverse(self) -> Ratio {
        Ratio {
            point: 1.0 / self.point,
            lo: 1.0 / self.hi,
            hi: 1.0 / self.lo,
        }
    }
    fn of(x: &Estimate, y: &Estimate) -> Ratio {
        Ratio {
            point: x.median / y.median,
            lo: x.lo / y.hi,
            hi: x.hi / y.lo,
        }
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = if self.point < 10.0 { 3 } else { 1 };
        write!(
            f,
            "{:.d$} [{:.d$}, {:.d$}]",
            self.point,
            self.lo,
            self.hi,
            d = digits
        )
    }
}

/// Whether a target is met (`at_most`: the ratio must not exceed `target`; else it must
/// reach it), with a note when the interval straddles it.
fn verdict(r: Ratio, target: f64, at_most: bool) -> String {
    let met = if at_most {
        r.point <= target
    } else {
        r.point >= target
    };
    let sure = if at_most {
        r.hi <= target
    } else {
        r.lo >= target
    };
    let doubtful = if at_most {
        r.lo <= target
    } else {
        r.hi >= target
    };
    match (met, sure, doubtful) {
        (true, true, _) => "met".into(),
        (true, false, _) => "met (interval straddles)".into(),
        (false, _, true) => "missed (interval straddles)".into(),
        (false, _, false) => "**missed**".into(),
    }
}

fn time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.2} ns")
    }
}

fn with_interval(e: &Estimate) -> String {
    format!("{} [{}, {}]", time(e.median), time(e.lo), time(e.hi))
}

/// Operations per second, or MB/s (10^6 bytes) for benchmarks that declared bytes.
fn rate(e: &Estimate) -> String {
    match e.bytes {
        Some(b) => format!("{:.1} MB/s", b as f64 / e.median * 1e3),
        None => {
            let ops = 1e9 / e.median;
            if ops >= 1e6 {
                format!("{:.2} M ops/s", ops / 1e6)
            } else {
                format!("{ops:.0} ops/s")
            }
        }
    }
}

fn number(v: &Value, path: &[&str]) -> Option<f64> {
    path.iter()
        .try_fold(v, |v, k| v.get(k))
        .and_then(Value::as_f64)
}

fn read(dir: &Path) -> Option<(String, Estimate)> {
    let bench: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("benchmark.json")).ok()?).ok()?;
    let est: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("estimates.json")).ok()?).ok()?;
    let id = bench.get("full_id")?.as_str()?.to_owned();
    let bytes = bench
        .get("throughput")
        .and_then(|t| t.get("Bytes"))
        .and_then(Value::as_u64);
    let e = Estimate {
        median: number(&est, &["median", "point_estimate"])?,
        lo: number(&est, &["median", "confidence_interval", "lower_bound"])?,
        hi: number(&est, &["median", "confidence_interval", "upper_bound"])?,
        mean: number(&est, &["mean", "point_estimate"])?,
        bytes,
    };
    Some((id, e))
}

/// Every `…/new/` directory under `root`, read.
fn collect(root: &Path, out: &mut BTreeMap<String, Estimate>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            if let Some((id, e)) = read(&path) {
                out.insert(id, e);
            }
        } else {
            collect(&path, out);
        }
    }
}

struct Report {
    all: BTreeMap<String, Estimate>,
    paired: BTreeMap<String, Paired>,
    text: String,
    missing: Vec<String>,
}

impl Report {
    fn get(&mut self, id: &str) -> Option<Estimate> {
        let e = self.all.get(id).copied();
        if e.is_none() {
            self.missing.push(id.to_owned());
        }
        e
    }

    fn line(&mut self, s: impl AsRef<str>) {
        self.text.push_str(s.as_ref());
        self.text.push('\n');
    }

    /// Item 1: direct, generated dispatch, front-end.
    fn overhead(&mut self) {
        const OPS: [(&str, bool); 5] = [
            ("ecdsa_p256_sign", true),
            ("ecdsa_p256_verify", true),
            ("ecdh_p256", true),
            ("sha256_64B", false),
            ("sha256_16KiB", false),
        ];
        self.line("### Dispatch overhead: (a) direct on the driver, (b) generated dispatch, (c) front-end with a key id");
        self.line("");
        self.line("Paired runs (variants alternated every few ms; medians of per-round ratios, 95% intervals):");
        self.line("");
        self.line("| operation | (a) direct | (b) dispatch | (c) front-end | (b)/(a) | (b)−(a) | target ≤ 1.01 | (c)/(a) | (c)−(a) | target ≤ 1.03 | rounds |");
        self.line("|---|---|---|---|---|---|---|---|---|---|---|");
        for (op, targeted) in OPS {
            let id = format!("overhead/{op}");
            let Some(p) = self.paired.get(&id).cloned() else {
                self.missing.push(format!("{id} (paired)"));
                continue;
            };
            let (vb, vc) = if targeted {
                (
                    verdict(p.ratio_b, 1.01, true),
                    verdict(p.ratio_c, 1.03, true),
                )
            } else {
                ("(no target)".into(), "(no target)".into())
            };
            let row = format!(
                "| {op} | {} | {} | {} | {} | {} | {vb} | {} | {} | {vc} | {} |",
                time(p.per_call[0].point),
                time(p.per_call[1].point),
                time(p.per_call[2].point),
                p.ratio_b,
                signed_interval(&p.diff_b),
                p.ratio_c,
                signed_interval(&p.diff_c),
                p.rounds,
            );
            self.line(row);
        }
        self.line("");
        self.line("Criterion, each benchmark on its own (medians, 95% intervals; ratios of medians for reference):");
        self.line("");
        self.line("| operation | (a) direct | (b) dispatch | (c) front-end | (b)/(a) | (c)/(a) |");
        self.line("|---|---|---|---|---|---|");
        for (op, _) in OPS {
            let ids = ["direct", "dispatch", "frontend"].map(|f| format!("overhead/{op}/{f}"));
            let (Some(a), Some(b), Some(c)) =
                (self.get(&ids[0]), self.get(&ids[1]), self.get(&ids[2]))
            else {
                continue;
            };
            let row = format!(
                "| {op} | {} | {} | {} | {} | {} |",
                with_interval(&a),
                with_interval(&b),
                with_interval(&c),
                Ratio::of(&b, &a),
                Ratio::of(&c, &a),
            );
            self.line(row);
        }
        self.line("");
    }

    /// Where an ECDSA P-256 signature's time goes, next to the direct driver call.
    fn anatomy(&mut self) {
        let parts = ["scalar_from_bytes", "sign_prehashed_rfc6979", "drbg_32B"];
        let ids = parts.map(|p| format!("anatomy/ecdsa_p256_sign/{p}"));
        let (Some(key), Some(sign), Some(rng), Some(direct)) = (
            self.get(&ids[0]),
            self.get(&ids[1]),
            self.get(&ids[2]),
            self.get("overhead/ecdsa_p256_sign/direct"),
        ) else {
            return;
        };
        self.line("### Anatomy of an ECDSA P-256 signature on the `p256` driver");
        self.line("");
        self.line("| part | time | share of the direct call |");
        self.line("|---|---|---|");
        for (name, e) in [
            ("the private scalar parsed (`SecretKey::from_bytes`)", key),
            ("RFC 6979 hedged signature (`sign_prehashed_rfc6979`)", sign),
            ("32 bytes from the front-end's HMAC_DRBG", rng),
        ] {
            let row = format!(
                "| {name} | {} | {:.0}% |",
                with_interval(&e),
                100.0 * e.median / direct.median
            );
            self.line(row);
        }
        let sum = key.median + sign.median + rng.median;
        let row = format!(
            "| sum of the parts / direct call | {} / {} | {:.0}% |",
            time(sum),
            time(direct.median),
            100.0 * sum / direct.median
        );
        self.line(row);
        self.line("");
    }

    /// Item 2: the generated chain against the `dyn` chain.
    fn chain(&mut self) {
        self.line(
            "### Dispatch alone: a trivial entry point through a chain of n transparent drivers",
        );
        self.line("");
        self.line("Paired runs (direct, generated, `dyn` alternated every ms; per-call medians; differences and ratios are medians of per-round values, 95% intervals). The last two columns are criterion's own medians.");
        self.line("");
        self.line("| scenario | n | direct | generated | `&dyn` chain | generated − direct | target (first serves) ≤ 2 ns | `dyn` / generated | target: generated faster | criterion: generated | criterion: `dyn` |");
        self.line("|---|---|---|---|---|---|---|---|---|---|---|");
        for scenario in ["first_serves", "last_serves", "none_serve"] {
            for n in [1, 4, 16, 64] {
                let id = format!("chain/{scenario}/{n}");
                let Some(p) = self.paired.get(&id).cloned() else {
                    self.missing.push(format!("{id} (paired)"));
                    continue;
                };
                let near = if scenario == "first_serves" {
                    match (p.diff_b.point <= 2.0, p.diff_b.hi <= 2.0) {
                        (true, true) => "met".to_owned(),
                        (true, false) => "met (interval straddles)".to_owned(),
                        (false, _) => "**missed**".to_owned(),
                    }
                } else {
                    "—".to_owned()
                };
                let faster = verdict(p.ratio_cb, 1.0, false)
                    .replace("met", "faster")
                    .replace("**missed**", "**slower**");
                let crit = |this: &mut Self, which: &str| {
                    this.get(&format!("chain/{scenario}/{which}/{n}"))
                        .map_or("—".to_owned(), |e| with_interval(&e))
                };
                let (cg, cd) = (crit(self, "generated"), crit(self, "dyn"));
                let row = format!(
                    "| {scenario} | {n} | {} | {} | {} | {} | {near} | {} | {faster} | {cg} | {cd} |",
                    time(p.per_call[0].point),
                    time(p.per_call[1].point),
                    time(p.per_call[2].point),
                    signed_interval(&p.diff_b),
                    p.ratio_cb,
                );
                self.line(row);
            }
        }
        self.line("");
    }

    /// Item 3: every `throughput/…` benchmark.
    fn throughput(&mut self) {
        self.line("### Throughput through the front-end (median, 95% interval)");
        self.line("");
        self.line("| operation | path | time per operation | rate |");
        self.line("|---|---|---|---|");
        let rows: Vec<(String, Estimate)> = self
            .all
            .iter()
            .filter(|(id, _)| id.starts_with("throughput/"))
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        for (id, e) in rows {
            let rest = id.splitn(3, '/').nth(2).unwrap_or(&id).to_owned();
            let (op, path) = rest.rsplit_once('/').unwrap_or((&rest, ""));
            self.line(format!(
                "| {op} | {path} | {} | {} |",
                with_interval(&e),
                rate(&e)
            ));
        }
        self.line("");
    }

    /// Issue 20's verdicts: the paired peer comparisons bench-peers saves (OpenSSL against
    /// the aws-lc drivers, Mbed TLS against the front-end), as peer's time over ours.
    fn peers_paired(&mut self) {
        let groups = [
            (
                "sign",
                "ecdsa_p256_sign",
                "aws-lc",
                "OpenSSL",
                ["aws-lc opaque", "aws-lc transparent"],
                1.0,
            ),
            (
                "verify",
                "ecdsa_p256_verify",
                "aws-lc",
                "OpenSSL",
                ["aws-lc opaque", "aws-lc transparent"],
                1.0,
            ),
            (
                "ECDH",
                "ecdh_p256",
                "aws-lc",
                "OpenSSL",
                ["aws-lc opaque", "aws-lc transparent"],
                1.0,
            ),
            (
                "sign",
                "ecdsa_p256_sign",
                "mbedtls",
                "Mbed TLS",
                ["front-end (p256 driver)", "front-end (built-in)"],
                3.0,
            ),
        ];
        if !groups
            .iter()
            .any(|g| self.paired.contains_key(&format!("peers/{}/{}", g.1, g.2)))
        {
            return;
        }
        self.line("### Peers, paired (the two of ours alternated with the peer in one process)");
        self.line("");
        self.line("Peer's time over ours (above 1: ours is faster), the median of per-round ratios with its 95% interval; criterion's ratio of medians beside it. `aws-lc opaque` is `AwsLcKeyStore` (the key parsed once, at import), `aws-lc transparent` is `AwsLcDriver` (the key parsed on every call); both through `Psa`. The first ours of each group has the target; the second is reported.");
        self.line("");
        self.line("| ratio | paired | criterion | target | rounds |");
        self.line("|---|---|---|---|---|");
        for (what, op, group, peer, ours, target) in groups {
            let id = format!("peers/{op}/{group}");
            let Some(p) = self.paired.get(&id).cloned() else {
                self.missing.push(format!("{id} (paired)"));
                continue;
            };
            // The criterion ids of the peer and of ours, in the paired order.
            let ids: [&str; 3] = match group {
                "aws-lc" => [
                    "openssl",
                    "psa-rs (aws-lc opaque)",
                    "psa-rs (aws-lc transparent)",
                ],
                _ => ["mbedtls-psa", "psa-rs (drivers)", "psa-rs (built-in)"],
            };
            let peer_est = self.all.get(&format!("peers/{op}/{}", ids[0])).copied();
            for (i, (name, ratio)) in [(ours[0], p.ratio_b), (ours[1], p.ratio_c)]
                .into_iter()
                .enumerate()
            {
                let ratio = ratio.inverse();
                let ours_est = self.all.get(&format!("peers/{op}/{}", ids[i + 1])).copied();
                let crit = match (peer_est, ours_est) {
                    (Some(a), Some(b)) => format!("{:.3}", a.median / b.median),
                    _ => "—".to_owned(),
                };
                let target = if i == 0 {
                    format!("≥ {target:.1}: {}", verdict(ratio, target, false))
                } else {
                    "(reported)".to_owned()
                };
                let row = format!(
                    "| {what}: {peer} / {name} | {ratio} | {crit} | {target} | {} |",
                    p.rounds
                );
                self.line(row);
            }
        }
        self.line("");
    }

    /// Item 5: our front-end against Mbed TLS's PSA API and OpenSSL.
    fn peers(&mut self) {
        if !self.all.keys().any(|k| k.starts_with("peers/")) {
            self.line(
                "### Peers: no `peers/…` results (run the bench-peers crate in the same run)",
            );
            self.line("");
            return;
        }
        self.line("### Peers: the same operations through Mbed TLS's PSA API and OpenSSL");
        self.line("");
        self.line("Ratios are the peer's time over ours (above 1: we are faster).");
        self.line("");
        self.line("| operation | ours: front-end + drivers | ours: built-in only | Mbed TLS (PSA) | OpenSSL | Mbed TLS / ours | target | Mbed TLS / ours (built-in) | OpenSSL / ours |");
        self.line("|---|---|---|---|---|---|---|---|---|");
        for (op, target) in [
            ("ecdsa_p256_sign", Some(3.0)),
            ("ecdsa_p256_verify", Some(2.5)),
            ("ecdh_p256", Some(2.0)),
            ("sha256_64B", None),
            ("sha256_16KiB", Some(5.0)),
        ] {
            let ours = self.get(&format!("peers/{op}/psa-rs (drivers)"));
            let builtin = self.get(&format!("peers/{op}/psa-rs (built-in)"));
            let mbed = self.all.get(&format!("peers/{op}/mbedtls-psa")).copied();
            let ossl = self.all.get(&format!("peers/{op}/openssl")).copied();
            let Some(ours) = ours else { continue };
            let cell = |e: Option<Estimate>| {
                e.map_or("not measured".to_owned(), |e| {
                    format!("{} ({})", with_interval(&e), rate(&e))
                })
            };
            let ratio = |e: Option<Estimate>, base: Option<Estimate>| match (e, base) {
                (Some(e), Some(b)) => Ratio::of(&e, &b).to_string(),
                _ => "—".to_owned(),
            };
            let verdict = match (mbed, target) {
                (Some(m), Some(t)) => {
                    format!("≥ {t:.1}: {}", verdict(Ratio::of(&m, &ours), t, false))
                }
                (None, Some(t)) => format!("≥ {t:.1}: not measured"),
                _ => "(no target)".to_owned(),
            };
            let row = format!(
                "| {op} | {} | {} | {} | {} | {} | {verdict} | {} | {} |",
                cell(Some(ours)),
                cell(builtin),
                cell(mbed),
                cell(ossl),
                ratio(mbed, Some(ours)),
                ratio(mbed, builtin),
                ratio(ossl, Some(ours)),
            );
            self.line(row);
        }
        self.line("");
    }
}

fn signed(ns: f64) -> String {
    if ns.abs() >= 1e3 {
        format!("{:+.2} µs", ns / 1e3)
    } else {
        format!("{ns:+.2} ns")
    }
}

fn main() -> ExitCode {
    let target = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| PathBuf::from("target"), PathBuf::from)
        });
    let root = target.join("criterion");
    let mut all = BTreeMap::new();
    collect(&root, &mut all);
    let paired = read_paired(&target.join("psa-bench-paired"));
    if all.is_empty() {
        eprintln!(
            "no criterion results under {}; run `cargo bench -p psa-bench` first",
            root.display()
        );
        return ExitCode::FAILURE;
    }
    let receipts = std::fs::read_to_string(target.join("psa-bench-paired").join("build.json"))
        .is_ok_and(|b| b.contains("\"receipts\":true"));
    let mut report = Report {
        all,
        paired,
        text: String::new(),
        missing: Vec::new(),
    };
    if receipts {
        report.line("> **Warning: these figures come from a build with psa-core's `receipts` feature on** (a plain `cargo bench` at the workspace root unifies features with the examples and tests). They include receipt recording and are not the figures users get; run `cargo bench -p psa-bench`.");
        report.line("");
    }
    report.overhead();
    report.anatomy();
    report.chain();
    report.throughput();
    report.peers();
    report.peers_paired();
    let mut out = report.text;
    if !report.missing.is_empty() {
        let _ = writeln!(out, "Missing results: {}", report.missing.join(", "));
    }
    let means = report
        .all
        .values()
        .filter(|e| (e.mean - e.median).abs() / e.median > 0.05)
        .count();
    let _ = writeln!(
        out,
        "_{} criterion benchmarks read from `{}` and {} paired comparisons; {means} of the criterion benchmarks have a mean more than 5% off their median (outliers from other load)._",
        report.all.len(),
        root.display(),
        report.paired.len()
    );
    print!("{out}");
    ExitCode::SUCCESS
}
