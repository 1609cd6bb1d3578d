//! Instruction counts (valgrind's callgrind) of dispatch: the same operation called directly on
//! the driver, through the generated dispatch and through the front-end; and a trivial entry
//! point through generated chains of 1, 4, 16 and 64 drivers with the first, the last or no
//! driver serving. Instruction counts do not depend on the machine's load, so the CI can check
//! them: the run fails if generated dispatch adds more than `--max-overhead` instructions
//! (default 200) over the direct driver call in any case. Last, what power-on self-tests
//! cost (`selftest/*`, reported, not checked).
//!
//! Run: `cargo build --release -p psa-bench --bin icount && target/release/icount`
//! (needs `valgrind`). Each case runs in its own process under
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect=<measure>`: the case is
//! warmed up once (lazy tables, the DRBG) outside the collected region, then run once inside
//! it, and callgrind's `summary:` line is the figure. `icount --case <name>` runs one case
//! without valgrind (what each child process does).

use std::hint::black_box;
use std::process::Command;

use psa_bench::{P256_PRIVATE, Sha256Engine};
use psa_core::{
    Algorithm, Dispatch, Error, Request, Result, Rng, entry, psa_driver, register_drivers,
};
use psa_drivers::P256Driver;

use psa_bench::overhead::{ALG, fixture};

/// The function callgrind collects in (`--toggle-collect`): everything `f` executes, and the
/// call itself, which costs the same in every case.
#[inline(never)]
fn icount_measure(f: &mut dyn FnMut()) {
    f();
}

/// Warm up once outside the collected region, then once inside it.
fn run(mut f: impl FnMut()) {
    f();
    icount_measure(black_box(&mut f));
}

/// One operation's three variants.
fn operation(op: &str, variant: &str) -> bool {
    let f = fixture();
    let driver = P256Driver::new();
    let d = f.psa.dispatcher();
    let input = psa_bench::message(64);
    let mut sig = [0u8; 64];
    let mut secret = [0u8; 32];
    let mut out = [0u8; 64];
    let ok = |r: Result<usize>| assert!(matches!(r, Ok(n) if n > 0), "{op}/{variant}: {r:?}");
    match (op, variant) {
        ("sign", "direct") => run(|| {
            ok(driver.sign_hash(
                black_box(&f.pair_attributes),
                black_box(&P256_PRIVATE),
                black_box(ALG),
                black_box(&f.digest),
                &mut sig,
                Rng::new(&f.psa),
            ))
        }),
        ("sign", "dispatch") => run(|| {
            ok(d.sign_hash(entry::sign_hash::Args {
                attributes: black_box(&f.pair_attributes),
                key_buffer: black_box(&P256_PRIVATE),
                alg: black_box(ALG),
                hash: black_box(&f.digest),
                signature: &mut sig,
                rng: Rng::new(&f.psa),
            }))
        }),
        ("sign", "frontend") => run(|| {
            ok(f.psa.sign_hash(
                black_box(f.pair),
                black_box(ALG),
                black_box(&f.digest),
                &mut sig,
            ))
        }),
        ("verify", "direct") => run(|| {
            let r = driver.verify_hash(
                black_box(&f.public_attributes),
                black_box(&f.public_bytes),
                black_box(ALG),
                black_box(&f.digest),
                black_box(&f.signature),
            );
            assert_eq!(r, Ok(()));
        }),
        ("verify", "dispatch") => run(|| {
            let r = d.verify_hash(entry::verify_hash::Args {
                attributes: black_box(&f.public_attributes),
                key_buffer: black_box(&f.public_bytes),
                alg: black_box(ALG),
                hash: black_box(&f.digest),
                signature: black_box(&f.signature),
            });
            assert_eq!(r, Ok(()));
        }),
        ("verify", "frontend") => run(|| {
            let r = f.psa.verify_hash(
                black_box(f.public),
                black_box(ALG),
                black_box(&f.digest),
                black_box(&f.signature),
            );
            assert_eq!(r, Ok(()));
        }),
        ("ecdh", "direct") => run(|| {
            ok(driver.key_agreement(
                black_box(&f.ecdh_attributes),
                black_box(&P256_PRIVATE),
                black_box(Algorithm::ECDH),
                black_box(&f.peer_public),
                &mut secret,
            ))
        }),
        ("ecdh", "dispatch") => run(|| {
            ok(d.key_agreement(entry::key_agreement::Args {
                attributes: black_box(&f.ecdh_attributes),
                key_buffer: black_box(&P256_PRIVATE),
                alg: black_box(Algorithm::ECDH),
                peer_key: black_box(&f.peer_public),
                shared_secret: &mut secret,
            }))
        }),
        ("ecdh", "frontend") => run(|| {
            ok(f.psa.raw_key_agreement(
                black_box(Algorithm::ECDH),
                black_box(f.ecdh),
                black_box(&f.peer_public),
                &mut secret,
            ))
        }),
        ("sha256_64B", "direct") => run(|| {
            ok(Sha256Engine.hash_compute(
                black_box(Algorithm::SHA_256),
                black_box(&input),
                &mut out,
            ))
        }),
        ("sha256_64B", "dispatch") => run(|| {
            ok(d.hash_compute(entry::hash_compute::Args {
                alg: black_box(Algorithm::SHA_256),
                input: black_box(&input),
                hash: &mut out,
            }))
        }),
        ("sha256_64B", "frontend") => run(|| {
            ok(f.psa
                .hash_compute(black_box(Algorithm::SHA_256), black_box(&input), &mut out))
        }),
        _ => return false,
    }
    true
}

/// The algorithm a request carries to reach the serving chain driver.
const SERVED: Algorithm = Algorithm(0x0200_0040);
/// An algorithm no chain driver admits.
const NOBODY: Algorithm = Algorithm(0x0200_007f);

/// The trivial entry point every chain driver shares: one byte out.
#[inline]
fn trivial(input: &[u8], hash: &mut [u8]) -> Result<usize> {
    let out = hash.first_mut().ok_or(Error::BufferTooSmall)?;
    *out = input.len() as u8;
    Ok(1)
}

/// Stamps chain drivers that each admit only their own algorithm.
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
    )*};
}

drivers! {
    Serve serve_guard "serve" SERVED;
    D01 d01_guard "d01" Algorithm(0x0200_0081); D02 d02_guard "d02" Algorithm(0x0200_0082);
    D03 d03_guard "d03" Algorithm(0x0200_0083); D04 d04_guard "d04" Algorithm(0x0200_0084);
    D05 d05_guard "d05" Algorithm(0x0200_0085); D06 d06_guard "d06" Algorithm(0x0200_0086);
    D07 d07_guard "d07" Algorithm(0x0200_0087); D08 d08_guard "d08" Algorithm(0x0200_0088);
    D09 d09_guard "d09" Algorithm(0x0200_0089); D10 d10_guard "d10" Algorithm(0x0200_008a);
    D11 d11_guard "d11" Algorithm(0x0200_008b); D12 d12_guard "d12" Algorithm(0x0200_008c);
    D13 d13_guard "d13" Algorithm(0x0200_008d); D14 d14_guard "d14" Algorithm(0x0200_008e);
    D15 d15_guard "d15" Algorithm(0x0200_008f); D16 d16_guard "d16" Algorithm(0x0200_0090);
    D17 d17_guard "d17" Algorithm(0x0200_0091); D18 d18_guard "d18" Algorithm(0x0200_0092);
    D19 d19_guard "d19" Algorithm(0x0200_0093); D20 d20_guard "d20" Algorithm(0x0200_0094);
    D21 d21_guard "d21" Algorithm(0x0200_0095); D22 d22_guard "d22" Algorithm(0x0200_0096);
    D23 d23_guard "d23" Algorithm(0x0200_0097); D24 d24_guard "d24" Algorithm(0x0200_0098);
    D25 d25_guard "d25" Algorithm(0x0200_0099); D26 d26_guard "d26" Algorithm(0x0200_009a);
    D27 d27_guard "d27" Algorithm(0x0200_009b); D28 d28_guard "d28" Algorithm(0x0200_009c);
    D29 d29_guard "d29" Algorithm(0x0200_009d); D30 d30_guard "d30" Algorithm(0x0200_009e);
    D31 d31_guard "d31" Algorithm(0x0200_009f); D32 d32_guard "d32" Algorithm(0x0200_00a0);
    D33 d33_guard "d33" Algorithm(0x0200_00a1); D34 d34_guard "d34" Algorithm(0x0200_00a2);
    D35 d35_guard "d35" Algorithm(0x0200_00a3); D36 d36_guard "d36" Algorithm(0x0200_00a4);
    D37 d37_guard "d37" Algorithm(0x0200_00a5); D38 d38_guard "d38" Algorithm(0x0200_00a6);
    D39 d39_guard "d39" Algorithm(0x0200_00a7); D40 d40_guard "d40" Algorithm(0x0200_00a8);
    D41 d41_guard "d41" Algorithm(0x0200_00a9); D42 d42_guard "d42" Algorithm(0x0200_00aa);
    D43 d43_guard "d43" Algorithm(0x0200_00ab); D44 d44_guard "d44" Algorithm(0x0200_00ac);
    D45 d45_guard "d45" Algorithm(0x0200_00ad); D46 d46_guard "d46" Algorithm(0x0200_00ae);
    D47 d47_guard "d47" Algorithm(0x0200_00af); D48 d48_guard "d48" Algorithm(0x0200_00b0);
    D49 d49_guard "d49" Algorithm(0x0200_00b1); D50 d50_guard "d50" Algorithm(0x0200_00b2);
    D51 d51_guard "d51" Algorithm(0x0200_00b3); D52 d52_guard "d52" Algorithm(0x0200_00b4);
    D53 d53_guard "d53" Algorithm(0x0200_00b5); D54 d54_guard "d54" Algorithm(0x0200_00b6);
    D55 d55_guard "d55" Algorithm(0x0200_00b7); D56 d56_guard "d56" Algorithm(0x0200_00b8);
    D57 d57_guard "d57" Algorithm(0x0200_00b9); D58 d58_guard "d58" Algorithm(0x0200_00ba);
    D59 d59_guard "d59" Algorithm(0x0200_00bb); D60 d60_guard "d60" Algorithm(0x0200_00bc);
    D61 d61_guard "d61" Algorithm(0x0200_00bd); D62 d62_guard "d62" Algorithm(0x0200_00be);
    D63 d63_guard "d63" Algorithm(0x0200_00bf); D64 d64_guard "d64" Algorithm(0x0200_00c0);
}

/// Declares the three chains of one length: `First` (the serving driver first, then `n - 1`
/// that decline), `Last` (`n - 1` decline, then the serving one) and `None` (`n` decline).
macro_rules! chains {
    ($first:ident $last:ident $none:ident: [$($name:ident: $ty:ident),*] $lname:ident: $lty:ident) => {
        register_drivers! {
            /// The serving driver first, then drivers that decline.
            struct $first { transparent: [serve: Serve $(, $name: $ty)*], builtin: false }
        }
        register_drivers! {
            /// Drivers that decline, then the serving driver.
            struct $last { transparent: [$($name: $ty,)* serve: Serve], builtin: false }
        }
        register_drivers! {
            /// Drivers that all decline.
            struct $none { transparent: [$($name: $ty,)* $lname: $lty], builtin: false }
        }
    };
}

chains!(First1 Last1 None1: [] d01: D01);
chains!(First4 Last4 None4: [d01: D01, d02: D02, d03: D03] d04: D04);
chains!(First16 Last16 None16: [
    d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07, d08: D08,
    d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15] d16: D16);
chains!(First64 Last64 None64: [
    d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07, d08: D08,
    d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15, d16: D16,
    d17: D17, d18: D18, d19: D19, d20: D20, d21: D21, d22: D22, d23: D23, d24: D24,
    d25: D25, d26: D26, d27: D27, d28: D28, d29: D29, d30: D30, d31: D31, d32: D32,
    d33: D33, d34: D34, d35: D35, d36: D36, d37: D37, d38: D38, d39: D39, d40: D40,
    d41: D41, d42: D42, d43: D43, d44: D44, d45: D45, d46: D46, d47: D47, d48: D48,
    d49: D49, d50: D50, d51: D51, d52: D52, d53: D53, d54: D54, d55: D55, d56: D56,
    d57: D57, d58: D58, d59: D59, d60: D60, d61: D61, d62: D62, d63: D63] d64: D64);

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

fn chain_case<T: Dispatch>(dispatcher: T, alg: Algorithm, expected: Result<usize>) {
    let input = [0u8; 1];
    let mut out = [0u8; 1];
    run(|| {
        let r = via_generated(
            black_box(&dispatcher),
            black_box(alg),
            black_box(&input),
            &mut out,
        );
        assert_eq!(r, expected);
    });
}

/// One chain case: `chain/<first|last|none>/<n>`, or `chain/direct`.
fn chain(scenario: &str, n: &str) -> bool {
    let (served, none) = (Ok(1), Err(Error::NotSupported));
    match (scenario, n) {
        ("direct", "") => {
            let input = [0u8; 1];
            let mut out = [0u8; 1];
            run(|| {
                let r = via_direct(black_box(SERVED), black_box(&input), &mut out);
                assert_eq!(r, Ok(1));
            });
        }
        ("first", "1") => chain_case(First1::new(Serve), SERVED, served),
        ("last", "1") => chain_case(Last1::new(Serve), SERVED, served),
        ("none", "1") => chain_case(None1::new(D01), NOBODY, none),
        ("first", "4") => chain_case(First4::new(Serve, D01, D02, D03), SERVED, served),
        ("last", "4") => chain_case(Last4::new(D01, D02, D03, Serve), SERVED, served),
        ("none", "4") => chain_case(None4::new(D01, D02, D03, D04), NOBODY, none),
        ("first", "16") => chain_case(
            First16::new(
                Serve, D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15,
            ),
            SERVED,
            served,
        ),
        ("last", "16") => chain_case(
            Last16::new(
                D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, Serve,
            ),
            SERVED,
            served,
        ),
        ("none", "16") => chain_case(
            None16::new(
                D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, D16,
            ),
            NOBODY,
            none,
        ),
        ("first", "64") => chain_case(
            First64::new(
                Serve, D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15,
                D16, D17, D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31,
                D32, D33, D34, D35, D36, D37, D38, D39, D40, D41, D42, D43, D44, D45, D46, D47,
                D48, D49, D50, D51, D52, D53, D54, D55, D56, D57, D58, D59, D60, D61, D62, D63,
            ),
            SERVED,
            served,
        ),
        ("last", "64") => chain_case(
            Last64::new(
                D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, D16,
                D17, D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31, D32,
                D33, D34, D35, D36, D37, D38, D39, D40, D41, D42, D43, D44, D45, D46, D47, D48,
                D49, D50, D51, D52, D53, D54, D55, D56, D57, D58, D59, D60, D61, D62, D63, Serve,
            ),
            SERVED,
            served,
        ),
        ("none", "64") => chain_case(
            None64::new(
                D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, D16,
                D17, D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31, D32,
                D33, D34, D35, D36, D37, D38, D39, D40, D41, D42, D43, D44, D45, D46, D47, D48,
                D49, D50, D51, D52, D53, D54, D55, D56, D57, D58, D59, D60, D61, D62, D63, D64,
            ),
            NOBODY,
            none,
        ),
        _ => return false,
    }
    true
}

register_drivers! {
    /// The P-256 accelerator before the built-in, KATs run by the dispatcher's `self_test()`.
    struct StartupTested { transparent: [p256: P256Driver], builtin: true, self_test: startup }
}
register_drivers! {
    /// The P-256 accelerator before the built-in, each entry point's KAT on its first use.
    struct LazyTested { transparent: [p256: P256Driver], builtin: true, self_test: lazy }
}

/// A `sign_hash` through `dispatcher`'s generated dispatch, on the fixture's key.
fn dispatch_sign<T: Dispatch>(dispatcher: &T, f: &psa_bench::overhead::Fixture) {
    let mut sig = [0u8; 64];
    let r = dispatcher.sign_hash(entry::sign_hash::Args {
        attributes: black_box(&f.pair_attributes),
        key_buffer: black_box(&P256_PRIVATE),
        alg: black_box(ALG),
        hash: black_box(&f.digest),
        signature: &mut sig,
        rng: Rng::new(&f.psa),
    });
    assert_eq!(r, Ok(64));
}

/// Power-on self-tests of the P-256 driver (KATs of `sign_hash`, `verify_hash`,
/// `export_public_key`, with the built-in there to check the randomized signature):
/// `selftest/wrapper` and `selftest/startup` count one `self_test()` of a fresh
/// `SelfTested<P256Driver>` / `self_test: startup` dispatcher; `selftest/lazy` one first
/// `sign_hash` on a fresh `self_test: lazy` dispatcher (its KATs and the signature);
/// `selftest/after` a `sign_hash` on a startup-tested dispatcher whose KATs passed (what the
/// per-call state check costs, against `sign/dispatch`).
fn selftest(variant: &str) -> bool {
    let f = fixture();
    match variant {
        "wrapper" => run(|| {
            let tested = psa_core::SelfTested::startup(black_box(P256Driver::new()));
            assert!(tested.self_test().passed());
        }),
        "startup" => run(|| {
            let d = StartupTested::new(black_box(P256Driver::new()));
            assert!(d.self_test()[0].is_some_and(|s| s.passed()));
        }),
        "lazy" => run(|| {
            let d = LazyTested::new(black_box(P256Driver::new()));
            dispatch_sign(&d, &f);
        }),
        "after" => {
            let d = StartupTested::new(P256Driver::new());
            assert!(d.self_test()[0].is_some_and(|s| s.passed()));
            run(|| dispatch_sign(black_box(&d), &f));
        }
        _ => return false,
    }
    true
}

/// Run one named case in this process (no valgrind).
fn case(name: &str) -> bool {
    let mut parts = name.splitn(3, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("chain"), Some(scenario), n) => chain(scenario, n.unwrap_or("")),
        (Some("selftest"), Some(variant), None) => selftest(variant),
        (Some(op), Some(variant), None) => operation(op, variant),
        _ => false,
    }
}

/// The instructions `icount --case <name>` executes inside [`icount_measure`].
fn count(exe: &std::path::Path, name: &str) -> u64 {
    let out_file = std::env::temp_dir().join(format!(
        "psa-icount-{}-{}.out",
        std::process::id(),
        name.replace('/', "-")
    ));
    let status = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=*icount_measure*",
            "--quiet",
        ])
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(exe)
        .args(["--case", name])
        .status()
        .expect("run valgrind (apt-get install -y valgrind)");
    assert!(status.success(), "{name}: the case failed under valgrind");
    let text = std::fs::read_to_string(&out_file).expect("read callgrind's output");
    let _ = std::fs::remove_file(&out_file);
    let summary = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("summary: ")
                .or_else(|| l.strip_prefix("totals: "))
        })
        .expect("callgrind's summary line");
    let ir: u64 = summary
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .expect("an instruction count");
    assert!(
        ir > 0,
        "{name}: nothing collected (was icount_measure inlined?)"
    );
    ir
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--case") {
        let name = args.get(i + 1).expect("--case <name>");
        assert!(case(name), "unknown case {name}");
        return;
    }
    let max: u64 = args
        .iter()
        .position(|a| a == "--max-overhead")
        .and_then(|i| args.get(i + 1))
        .map(|s| s.parse().expect("--max-overhead <instructions>"))
        .unwrap_or(200);
    let exe = std::env::current_exe().expect("own path");
    let mut failed = Vec::new();

    println!("## Instructions per call (callgrind, one warmed-up call each)");
    println!();
    println!(
        "| operation | direct | generated dispatch | front-end | dispatch − direct | front-end − direct |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for op in ["sign", "verify", "ecdh", "sha256_64B"] {
        let direct = count(&exe, &format!("{op}/direct"));
        let dispatch = count(&exe, &format!("{op}/dispatch"));
        let frontend = count(&exe, &format!("{op}/frontend"));
        let over = dispatch as i64 - direct as i64;
        println!(
            "| {op} | {direct} | {dispatch} | {frontend} | {over:+} | {:+} |",
            frontend as i64 - direct as i64
        );
        if over > max as i64 {
            failed.push(format!("{op}: dispatch adds {over} instructions"));
        }
    }
    println!();
    let direct = count(&exe, "chain/direct");
    println!(
        "## Trivial entry point through a chain (direct call on the serving driver: {direct} instructions)"
    );
    println!();
    println!("| drivers | first serves | last serves | none serve | worst − direct |");
    println!("|---:|---:|---:|---:|---:|");
    for n in ["1", "4", "16", "64"] {
        let c: Vec<u64> = ["first", "last", "none"]
            .iter()
            .map(|s| count(&exe, &format!("chain/{s}/{n}")))
            .collect();
        let worst = *c.iter().max().expect("three") as i64 - direct as i64;
        println!("| {n} | {} | {} | {} | {worst:+} |", c[0], c[1], c[2]);
        if worst > max as i64 {
            failed.push(format!("chain of {n}: dispatch adds {worst} instructions"));
        }
    }
    println!();
    println!("## Power-on self-tests of the P-256 driver (KATs; the built-in registered after it)");
    println!();
    let wrapper = count(&exe, "selftest/wrapper");
    let startup = count(&exe, "selftest/startup");
    let sign = count(&exe, "sign/dispatch");
    let lazy = count(&exe, "selftest/lazy");
    let after = count(&exe, "selftest/after");
    println!("| case | instructions |");
    println!("|---|---:|");
    println!("| `SelfTested<P256Driver>::self_test()` | {wrapper} |");
    println!("| `self_test: startup`, the dispatcher's `self_test()` | {startup} |");
    println!(
        "| `self_test: lazy`, first `sign_hash` (its KATs and the signature) | {lazy} ({:+} over `sign/dispatch`) |",
        lazy as i64 - sign as i64
    );
    println!(
        "| `self_test: startup`, `sign_hash` after the KATs passed | {after} ({:+} over `sign/dispatch`) |",
        after as i64 - sign as i64
    );
    println!();
    if failed.is_empty() {
        println!(
            "icount: generated dispatch adds at most {max} instructions over a direct call in every case"
        );
    } else {
        for f in &failed {
            println!("icount: FAILED: {f} (limit {max})");
        }
        std::process::exit(1);
    }
}
