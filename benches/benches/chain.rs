//! Dispatch alone: a trivial entry point (`hash_compute` that writes one byte) through a
//! chain of 1, 4, 16 and 64 registered transparent drivers, against the same chain built at run
//! time from `&dyn` trait objects with the same admit/decline logic.
//!
//! Every driver has a custom guard that admits one algorithm of its own (a distinct value per
//! driver, as real drivers have distinct capabilities). Three scenarios per length:
//! - `first_serves`: the first driver admits the request and serves it;
//! - `last_serves`: the first `n - 1` guards decline, the last driver serves;
//! - `none_serve`: all `n` guards decline and the call ends in `NOT_SUPPORTED` (`builtin:
//!   false`).
//!
//! `direct` is the serving driver's method called directly. The request's algorithm, input and
//! the `dyn` chain pass through `black_box`, so neither side can fold the routing decision
//! at compile time.
//!
//! Each of `direct`, `generated` and `dyn` is reached through one `#[inline(never)]` function
//! of the same shape, `(alg, input, hash) -> Result<usize>`, the way the front-end calls
//! dispatch: the call, the result's return through memory and the harness then cost the same
//! for all three, and what differs is the routing alone.
//!
//! Criterion gives the absolute times; a paired run (`psa_bench::paired`) then alternates
//! direct, generated and `dyn` every millisecond for each chain, and the targets are judged
//! on its per-round differences and ratios.
//!
//! Run: `cargo bench -p psa-bench --bench chain`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group};
use psa_bench::paired::{self, Budget};
use psa_core::{
    Algorithm, Dispatch, EntryPoint, Error, Location, Request, Result, entry, psa_driver,
    register_drivers,
};

/// The algorithm a request carries to reach the serving driver (a vendor hash id).
const SERVED: Algorithm = Algorithm(0x0200_0040);
/// An algorithm no driver admits.
const NOBODY: Algorithm = Algorithm(0x0200_00ff);

/// The same driver logic behind a `&dyn` interface: the run-time chain's element.
trait DynDriver: Sync {
    /// Whether this driver admits the request (its capability and guard).
    fn admit(&self, req: &Request) -> bool;
    /// The entry point.
    fn hash_compute(&self, alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize>;
}

/// The `&dyn` chain: ask each driver in turn, as generated dispatch does.
#[inline(never)]
fn via_dyn(
    chain: &[&dyn DynDriver],
    alg: Algorithm,
    input: &[u8],
    hash: &mut [u8],
) -> Result<usize> {
    let req = Request {
        entry_point: EntryPoint::HashCompute,
        location: Location::LOCAL_STORAGE,
        key_type: psa_core::KeyType::NONE,
        bits: 0,
        alg,
    };
    for driver in chain {
        if driver.admit(&req) {
            match driver.hash_compute(alg, input, hash) {
                Err(Error::NotSupported) => {}
                r => return r,
            }
        }
    }
    Err(Error::NotSupported)
}

/// The trivial entry point every driver shares: one byte out.
#[inline]
fn trivial(input: &[u8], hash: &mut [u8]) -> Result<usize> {
    let out = hash.first_mut().ok_or(Error::BufferTooSmall)?;
    *out = input.len() as u8;
    Ok(1)
}

/// The serving driver's method, called directly.
#[inline(never)]
fn via_direct(alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
    Serve.hash_compute(alg, input, hash)
}

/// The generated dispatch of `dispatcher`.
#[inline(never)]
fn via_generated<T: Dispatch>(
    dispatcher: &T,
    alg: Algorithm,
    input: &[u8],
    hash: &mut [u8],
) -> Result<usize> {
    dispatcher.hash_compute(entry::hash_compute::Args { alg, input, hash })
}

/// Stamps a driver type that admits only `alg`, both as a `#[psa_driver]` and as a
/// [`DynDriver`].
macro_rules! drivers {
    ($($ty:ident $guard:ident $prefix:literal $alg:expr;)*) => {$(
        #[doc = concat!("A chain driver that admits `hash_compute` for its own algorithm only (`", $prefix, "`).")]
        struct $ty;

        fn $guard(req: &Request) -> bool {
            req.alg == $alg
        }

        #[psa_driver(prefix = $prefix, kind = "transparent", entry_points = [hash_compute], guard = $guard)]
        impl $ty {
            #[inline]
            fn hash_compute(&self, _alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
                trivial(input, hash)
            }
        }

        impl DynDriver for $ty {
            fn admit(&self, req: &Request) -> bool {
                $guard(req)
            }
            fn hash_compute(&self, _alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
                trivial(input, hash)
            }
        }
    )*};
}

drivers! {
    Serve serve_guard "serve" SERVED;
    D01 d01_guard "d01" Algorithm(0x0200_0041);
    D02 d02_guard "d02" Algorithm(0x0200_0042);
    D03 d03_guard "d03" Algorithm(0x0200_0043);
    D04 d04_guard "d04" Algorithm(0x0200_0044);
    D05 d05_guard "d05" Algorithm(0x0200_0045);
    D06 d06_guard "d06" Algorithm(0x0200_0046);
    D07 d07_guard "d07" Algorithm(0x0200_0047);
    D08 d08_guard "d08" Algorithm(0x0200_0048);
    D09 d09_guard "d09" Algorithm(0x0200_0049);
    D10 d10_guard "d10" Algorithm(0x0200_004a);
    D11 d11_guard "d11" Algorithm(0x0200_004b);
    D12 d12_guard "d12" Algorithm(0x0200_004c);
    D13 d13_guard "d13" Algorithm(0x0200_004d);
    D14 d14_guard "d14" Algorithm(0x0200_004e);
    D15 d15_guard "d15" Algorithm(0x0200_004f);
    D16 d16_guard "d16" Algorithm(0x0200_0050);
    D17 d17_guard "d17" Algorithm(0x0200_0051);
    D18 d18_guard "d18" Algorithm(0x0200_0052);
    D19 d19_guard "d19" Algorithm(0x0200_0053);
    D20 d20_guard "d20" Algorithm(0x0200_0054);
    D21 d21_guard "d21" Algorithm(0x0200_0055);
    D22 d22_guard "d22" Algorithm(0x0200_0056);
    D23 d23_guard "d23" Algorithm(0x0200_0057);
    D24 d24_guard "d24" Algorithm(0x0200_0058);
    D25 d25_guard "d25" Algorithm(0x0200_0059);
    D26 d26_guard "d26" Algorithm(0x0200_005a);
    D27 d27_guard "d27" Algorithm(0x0200_005b);
    D28 d28_guard "d28" Algorithm(0x0200_005c);
    D29 d29_guard "d29" Algorithm(0x0200_005d);
    D30 d30_guard "d30" Algorithm(0x0200_005e);
    D31 d31_guard "d31" Algorithm(0x0200_005f);
    D32 d32_guard "d32" Algorithm(0x0200_0060);
    D33 d33_guard "d33" Algorithm(0x0200_0061);
    D34 d34_guard "d34" Algorithm(0x0200_0062);
    D35 d35_guard "d35" Algorithm(0x0200_0063);
    D36 d36_guard "d36" Algorithm(0x0200_0064);
    D37 d37_guard "d37" Algorithm(0x0200_0065);
    D38 d38_guard "d38" Algorithm(0x0200_0066);
    D39 d39_guard "d39" Algorithm(0x0200_0067);
    D40 d40_guard "d40" Algorithm(0x0200_0068);
    D41 d41_guard "d41" Algorithm(0x0200_0069);
    D42 d42_guard "d42" Algorithm(0x0200_006a);
    D43 d43_guard "d43" Algorithm(0x0200_006b);
    D44 d44_guard "d44" Algorithm(0x0200_006c);
    D45 d45_guard "d45" Algorithm(0x0200_006d);
    D46 d46_guard "d46" Algorithm(0x0200_006e);
    D47 d47_guard "d47" Algorithm(0x0200_006f);
    D48 d48_guard "d48" Algorithm(0x0200_0070);
    D49 d49_guard "d49" Algorithm(0x0200_0071);
    D50 d50_guard "d50" Algorithm(0x0200_0072);
    D51 d51_guard "d51" Algorithm(0x0200_0073);
    D52 d52_guard "d52" Algorithm(0x0200_0074);
    D53 d53_guard "d53" Algorithm(0x0200_0075);
    D54 d54_guard "d54" Algorithm(0x0200_0076);
    D55 d55_guard "d55" Algorithm(0x0200_0077);
    D56 d56_guard "d56" Algorithm(0x0200_0078);
    D57 d57_guard "d57" Algorithm(0x0200_0079);
    D58 d58_guard "d58" Algorithm(0x0200_007a);
    D59 d59_guard "d59" Algorithm(0x0200_007b);
    D60 d60_guard "d60" Algorithm(0x0200_007c);
    D61 d61_guard "d61" Algorithm(0x0200_007d);
    D62 d62_guard "d62" Algorithm(0x0200_007e);
    D63 d63_guard "d63" Algorithm(0x0200_007f);
    D64 d64_guard "d64" Algorithm(0x0200_0080);
}

register_drivers! {
    /// One driver, which serves.
    struct One { transparent: [serve: Serve], builtin: false }
}
register_drivers! {
    /// One driver, which declines.
    struct None1 { transparent: [d01: D01], builtin: false }
}
register_drivers! {
    /// Four drivers; the first serves.
    struct First4 { transparent: [serve: Serve, d01: D01, d02: D02, d03: D03], builtin: false }
}
register_drivers! {
    /// Four drivers; three decline, the last serves.
    struct Last4 { transparent: [d01: D01, d02: D02, d03: D03, serve: Serve], builtin: false }
}
register_drivers! {
    /// Four drivers, all decline.
    struct None4 { transparent: [d01: D01, d02: D02, d03: D03, d04: D04], builtin: false }
}
register_drivers! {
    /// Sixteen drivers; the first serves.
    struct First16 {
        transparent: [
            serve: Serve, d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07,
            d08: D08, d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15,
        ],
        builtin: false,
    }
}
register_drivers! {
    /// Sixteen drivers; fifteen decline, the last serves.
    struct Last16 {
        transparent: [
            d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07, d08: D08,
            d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15, serve: Serve,
        ],
        builtin: false,
    }
}
register_drivers! {
    /// Sixteen drivers, all decline.
    struct None16 {
        transparent: [
            d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07, d08: D08,
            d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15, d16: D16,
        ],
        builtin: false,
    }
}

register_drivers! {
    /// Sixty-four drivers; the first serves.
    struct First64 {
        transparent: [
            serve: Serve, d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07,
            d08: D08, d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15,
            d16: D16, d17: D17, d18: D18, d19: D19, d20: D20, d21: D21, d22: D22, d23: D23,
            d24: D24, d25: D25, d26: D26, d27: D27, d28: D28, d29: D29, d30: D30, d31: D31,
            d32: D32, d33: D33, d34: D34, d35: D35, d36: D36, d37: D37, d38: D38, d39: D39,
            d40: D40, d41: D41, d42: D42, d43: D43, d44: D44, d45: D45, d46: D46, d47: D47,
            d48: D48, d49: D49, d50: D50, d51: D51, d52: D52, d53: D53, d54: D54, d55: D55,
            d56: D56, d57: D57, d58: D58, d59: D59, d60: D60, d61: D61, d62: D62, d63: D63,
        ],
        builtin: false,
    }
}
register_drivers! {
    /// Sixty-four drivers; sixty-three decline, the last serves.
    struct Last64 {
        transparent: [
            d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07, d08: D08,
            d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15, d16: D16,
            d17: D17, d18: D18, d19: D19, d20: D20, d21: D21, d22: D22, d23: D23, d24: D24,
            d25: D25, d26: D26, d27: D27, d28: D28, d29: D29, d30: D30, d31: D31, d32: D32,
            d33: D33, d34: D34, d35: D35, d36: D36, d37: D37, d38: D38, d39: D39, d40: D40,
            d41: D41, d42: D42, d43: D43, d44: D44, d45: D45, d46: D46, d47: D47, d48: D48,
            d49: D49, d50: D50, d51: D51, d52: D52, d53: D53, d54: D54, d55: D55, d56: D56,
            d57: D57, d58: D58, d59: D59, d60: D60, d61: D61, d62: D62, d63: D63, serve: Serve,
        ],
        builtin: false,
    }
}
register_drivers! {
    /// Sixty-four drivers, all decline.
    struct None64 {
        transparent: [
            d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07, d08: D08,
            d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15, d16: D16,
            d17: D17, d18: D18, d19: D19, d20: D20, d21: D21, d22: D22, d23: D23, d24: D24,
            d25: D25, d26: D26, d27: D27, d28: D28, d29: D29, d30: D30, d31: D31, d32: D32,
            d33: D33, d34: D34, d35: D35, d36: D36, d37: D37, d38: D38, d39: D39, d40: D40,
            d41: D41, d42: D42, d43: D43, d44: D44, d45: D45, d46: D46, d47: D47, d48: D48,
            d49: D49, d50: D50, d51: D51, d52: D52, d53: D53, d54: D54, d55: D55, d56: D56,
            d57: D57, d58: D58, d59: D59, d60: D60, d61: D61, d62: D62, d63: D63, d64: D64,
        ],
        builtin: false,
    }
}

const D: [&dyn DynDriver; 64] = [
    &D01, &D02, &D03, &D04, &D05, &D06, &D07, &D08, &D09, &D10, &D11, &D12, &D13, &D14, &D15, &D16,
    &D17, &D18, &D19, &D20, &D21, &D22, &D23, &D24, &D25, &D26, &D27, &D28, &D29, &D30, &D31, &D32,
    &D33, &D34, &D35, &D36, &D37, &D38, &D39, &D40, &D41, &D42, &D43, &D44, &D45, &D46, &D47, &D48,
    &D49, &D50, &D51, &D52, &D53, &D54, &D55, &D56, &D57, &D58, &D59, &D60, &D61, &D62, &D63, &D64,
];

/// The run-time chain of `n` drivers for a scenario, built from `&dyn` objects.
fn dyn_chain(scenario: Scenario, n: usize) -> Vec<&'static dyn DynDriver> {
    let mut chain: Vec<&'static dyn DynDriver> = Vec::with_capacity(n);
    match scenario {
        Scenario::FirstServes => {
            chain.push(&Serve);
            chain.extend_from_slice(&D[..n - 1]);
        }
        Scenario::LastServes => {
            chain.extend_from_slice(&D[..n - 1]);
            chain.push(&Serve);
        }
        Scenario::NoneServe => chain.extend_from_slice(&D[..n]),
    }
    chain
}

#[derive(Clone, Copy)]
enum Scenario {
    FirstServes,
    LastServes,
    NoneServe,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::FirstServes => "first_serves",
            Scenario::LastServes => "last_serves",
            Scenario::NoneServe => "none_serve",
        }
    }
    /// The request's algorithm: the serving driver's, or one nobody admits.
    fn alg(self) -> Algorithm {
        match self {
            Scenario::NoneServe => NOBODY,
            _ => SERVED,
        }
    }
    fn expected(self) -> Result<usize> {
        match self {
            Scenario::NoneServe => Err(Error::NotSupported),
            _ => Ok(1),
        }
    }
}

/// Time one generated dispatcher and its `dyn` twin, after checking that both route the
/// request as the scenario says.
fn pair<T: Dispatch>(c: &mut Criterion, scenario: Scenario, n: usize, dispatcher: &T) {
    let alg = scenario.alg();
    let input = [0u8; 1];
    let chain = dyn_chain(scenario, n);
    let mut out = [0u8; 1];
    let generated = via_generated(dispatcher, alg, &input, &mut out);
    assert_eq!(
        generated,
        scenario.expected(),
        "generated chain, {} of {n}",
        scenario.name()
    );
    assert_eq!(
        via_dyn(&chain, alg, &input, &mut out),
        scenario.expected(),
        "dyn chain, {} of {n}",
        scenario.name()
    );

    let mut g = c.benchmark_group(format!("chain/{}", scenario.name()));
    g.bench_with_input(BenchmarkId::new("generated", n), &n, |b, _| {
        let mut out = [0u8; 1];
        b.iter(|| {
            via_generated(
                black_box(dispatcher),
                black_box(alg),
                black_box(&input),
                &mut out,
            )
        });
    });
    g.bench_with_input(BenchmarkId::new("dyn", n), &n, |b, _| {
        let chain = black_box(chain.as_slice());
        let mut out = [0u8; 1];
        b.iter(|| {
            via_dyn(
                black_box(chain),
                black_box(alg),
                black_box(&input),
                &mut out,
            )
        });
    });
    g.finish();

    let budget = Budget::from_args(Duration::from_millis(1), Duration::from_secs(2));
    let mut out = [[0u8; 1]; 3];
    let [oa, ob, oc] = &mut out;
    paired::compare(
        &format!("chain/{}/{n}", scenario.name()),
        ["direct", "generated", "dyn"],
        budget,
        || via_direct(black_box(SERVED), black_box(&input), oa),
        || via_generated(black_box(dispatcher), black_box(alg), black_box(&input), ob),
        || {
            via_dyn(
                black_box(chain.as_slice()),
                black_box(alg),
                black_box(&input),
                oc,
            )
        },
    );
}

fn benches(c: &mut Criterion) {
    psa_bench::check_build();
    // The baseline: the serving driver's method, called directly.
    let mut g = c.benchmark_group("chain/first_serves");
    g.bench_function("direct", |b| {
        let input = [0u8; 1];
        let mut out = [0u8; 1];
        b.iter(|| via_direct(black_box(SERVED), black_box(&input), &mut out));
    });
    g.finish();

    pair(c, Scenario::FirstServes, 1, &One::new(Serve));
    pair(
        c,
        Scenario::FirstServes,
        4,
        &First4::new(Serve, D01, D02, D03),
    );
    pair(
        c,
        Scenario::FirstServes,
        16,
        &First16::new(
            Serve, D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15,
        ),
    );
    pair(c, Scenario::LastServes, 1, &One::new(Serve));
    pair(
        c,
        Scenario::LastServes,
        4,
        &Last4::new(D01, D02, D03, Serve),
    );
    pair(
        c,
        Scenario::LastServes,
        16,
        &Last16::new(
            D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, Serve,
        ),
    );
    pair(c, Scenario::NoneServe, 1, &None1::new(D01));
    pair(c, Scenario::NoneServe, 4, &None4::new(D01, D02, D03, D04));
    pair(
        c,
        Scenario::NoneServe,
        16,
        &None16::new(
            D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, D16,
        ),
    );
    pair(
        c,
        Scenario::FirstServes,
        64,
        &First64::new(
            Serve, D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, D16,
            D17, D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31, D32, D33,
            D34, D35, D36, D37, D38, D39, D40, D41, D42, D43, D44, D45, D46, D47, D48, D49, D50,
            D51, D52, D53, D54, D55, D56, D57, D58, D59, D60, D61, D62, D63,
        ),
    );
    pair(
        c,
        Scenario::LastServes,
        64,
        &Last64::new(
            D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, D16, D17,
            D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31, D32, D33, D34,
            D35, D36, D37, D38, D39, D40, D41, D42, D43, D44, D45, D46, D47, D48, D49, D50, D51,
            D52, D53, D54, D55, D56, D57, D58, D59, D60, D61, D62, D63, Serve,
        ),
    );
    pair(
        c,
        Scenario::NoneServe,
        64,
        &None64::new(
            D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, D16, D17,
            D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31, D32, D33, D34,
            D35, D36, D37, D38, D39, D40, D41, D42, D43, D44, D45, D46, D47, D48, D49, D50, D51,
            D52, D53, D54, D55, D56, D57, D58, D59, D60, D61, D62, D63, D64,
        ),
    );
}

criterion_group! {
    name = chain;
    // Nanosecond calls: short, many-sample runs are precise enough.
    config = Criterion::default()
        .sample_size(100)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = benches
}
fn main() {
    chain();
    Criterion::default().configure_from_args().final_summary();
}
