//! Peers in the same run: ECDSA P-256 sign and verify, ECDH P-256 and SHA-256 (64 B and
//! 16 KiB) through
//! - our front-end with the `p256` driver and a SHA-256 driver (`psa-rs (drivers)`),
//! - our front-end on the built-in only (`psa-rs (built-in)`),
//! - our front-end with the aws-lc-rs drivers: the opaque key store with pre-imported keys
//!   (`psa-rs (aws-lc opaque)`) and the transparent driver, which parses the key on every
//!   call (`psa-rs (aws-lc transparent)`),
//! - Mbed TLS's PSA API (`mbedtls-psa`),
//! - OpenSSL (`openssl`).
//!
//! Every path signs the same digest with the same scalar, verifies with a public-key id (or
//! object), derives with the same peer key, and the answers are cross-checked before timing:
//! each signature verifies under every other implementation, and all shared secrets and
//! digests agree.
//!
//! After criterion's groups, the ratios the targets are judged on are timed again in
//! alternation (`psa_bench::paired`: OpenSSL against the aws-lc opaque and transparent paths
//! on sign, verify and ECDH; Mbed TLS against the front-end on sign), and the ratios of this
//! run's criterion medians are printed (`ratio (criterion medians) …`), each a peer's time
//! over ours: above 1, we are faster.
//!
//! Run: `cargo bench --manifest-path bench-peers/Cargo.toml`

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput, criterion_group};
use psa_bench::paired::{self, Budget};
use psa_bench::{FixedEntropy, Sha256Engine};
use psa_bench_peers::{PEER_PRIVATE, PRIVATE, mbedtls, openssl};
use psa_core::{Algorithm, KeyAttributes, KeyId, Lifetime, Psa, register_drivers};
use psa_drivers::P256Driver;
use psa_drivers::aws_lc::{AWS_LC_LOCATION, AwsLcDriver, AwsLcKeyStore};

register_drivers! {
    /// The P-256 accelerator and a SHA-256 engine, then the built-in.
    pub struct Drivers {
        transparent: [p256: P256Driver, sha: Sha256Engine],
        builtin: true,
    }
}

register_drivers! {
    /// The aws-lc-rs transparent driver, then the built-in.
    pub struct AwsLc {
        transparent: [aws: AwsLcDriver],
        builtin: true,
    }
}

register_drivers! {
    /// The aws-lc-rs key store at its location, then the built-in.
    pub struct AwsLcStore {
        transparent: [],
        opaque: [store: AwsLcKeyStore],
        builtin: true,
    }
}

register_drivers! {
    /// The built-in software implementation only.
    pub struct BuiltinOnly {
        builtin: true,
    }
}

const ALG: Algorithm = Algorithm::ecdsa(Algorithm::SHA_256);

/// Our keys in one instance: key pair, public key, ECDH key.
struct Ours<D: psa_core::Dispatch> {
    psa: Psa<D, FixedEntropy>,
    pair: KeyId,
    public: KeyId,
    ecdh: KeyId,
}

impl<D: psa_core::Dispatch> Ours<D> {
    fn new(dispatch: D, public: &[u8; 65]) -> Self {
        Self::at(dispatch, public, Lifetime::VOLATILE)
    }

    /// The keys at `lifetime` (an opaque driver's location, or local).
    fn at(dispatch: D, public: &[u8; 65], lifetime: Lifetime) -> Self {
        let psa = Psa::with_entropy(dispatch, FixedEntropy::default());
        let at = |a: KeyAttributes| a.with_lifetime(lifetime);
        let pair = psa
            .import_key(&at(psa_bench::ecc_key_pair(256, ALG)), &PRIVATE)
            .expect("import");
        let public = psa
            .import_key(&at(psa_bench::ecc_public_key(256, ALG)), public)
            .expect("import");
        let ecdh = psa
            .import_key(&at(psa_bench::ecdh_key_pair(256)), &PRIVATE)
            .expect("import");
        Ours {
            psa,
            pair,
            public,
            ecdh,
        }
    }
}

/// The public keys, computed by our driver.
fn public_keys() -> ([u8; 65], [u8; 65]) {
    let psa: Psa<BuiltinOnly, FixedEntropy> =
        Psa::with_entropy(BuiltinOnly::new(), FixedEntropy::default());
    let mut out = [[0u8; 65]; 2];
    for (scalar, out) in [PRIVATE, PEER_PRIVATE].iter().zip(out.iter_mut()) {
        let id = psa
            .import_key(&psa_bench::ecdh_key_pair(256), scalar)
            .expect("import");
        psa.export_public_key(id, out).expect("export");
    }
    (out[0], out[1])
}

/// Every implementation's keys, cross-checked.
struct Fixture {
    peer: [u8; 65],
    digest: [u8; 32],
    /// A signature made by the `p256` driver, verified by everyone.
    sig: [u8; 64],
    drivers: Ours<Drivers>,
    builtin: Ours<BuiltinOnly>,
    aws: Ours<AwsLc>,
    store: Ours<AwsLcStore>,
    mbed: mbedtls::Keys,
    ossl: openssl::Keys,
}

/// Set every implementation up on the same keys and cross-check them: every signature
/// verifies everywhere; every shared secret agrees.
fn fixture() -> Fixture {
    let (public, peer) = public_keys();
    let digest = psa_bench::digest();
    let drivers = Ours::new(Drivers::new(P256Driver::new(), Sha256Engine), &public);
    let builtin = Ours::new(BuiltinOnly::new(), &public);
    let aws = Ours::new(AwsLc::new(AwsLcDriver::new()), &public);
    let store = Ours::at(
        AwsLcStore::new(AwsLcKeyStore::new()),
        &public,
        Lifetime::volatile_at(AWS_LC_LOCATION),
    );
    let mbed = mbedtls::setup(&PRIVATE, &public).expect("Mbed TLS setup");
    let ossl = openssl::setup(&PRIVATE).expect("OpenSSL setup");

    // Cross-checks: every signature verifies everywhere; every shared secret agrees.
    let mut sigs = [[0u8; 64]; 6];
    drivers
        .psa
        .sign_hash(drivers.pair, ALG, &digest, &mut sigs[0])
        .expect("sign");
    builtin
        .psa
        .sign_hash(builtin.pair, ALG, &digest, &mut sigs[1])
        .expect("sign");
    mbedtls::sign(&mbed, &digest, &mut sigs[2]).expect("Mbed TLS sign");
    openssl::sign(&ossl, &digest, &mut sigs[3]).expect("OpenSSL sign");
    aws.psa
        .sign_hash(aws.pair, ALG, &digest, &mut sigs[4])
        .expect("sign");
    store
        .psa
        .sign_hash(store.pair, ALG, &digest, &mut sigs[5])
        .expect("sign");
    for sig in &sigs {
        drivers
            .psa
            .verify_hash(drivers.public, ALG, &digest, sig)
            .expect("ours verifies");
        builtin
            .psa
            .verify_hash(builtin.public, ALG, &digest, sig)
            .expect("built-in verifies");
        mbedtls::verify(&mbed, &digest, sig).expect("Mbed TLS verifies");
        aws.psa
            .verify_hash(aws.public, ALG, &digest, sig)
            .expect("aws-lc verifies");
        store
            .psa
            .verify_hash(store.public, ALG, &digest, sig)
            .expect("aws-lc store verifies");
        assert!(
            openssl::verify(&ossl, &digest, sig).expect("OpenSSL verify"),
            "OpenSSL verifies"
        );
    }
    let mut secrets = [[0u8; 32]; 6];
    drivers
        .psa
        .raw_key_agreement(Algorithm::ECDH, drivers.ecdh, &peer, &mut secrets[0])
        .expect("ECDH");
    builtin
        .psa
        .raw_key_agreement(Algorithm::ECDH, builtin.ecdh, &peer, &mut secrets[1])
        .expect("ECDH");
    mbedtls::ecdh(&mbed, &peer, &mut secrets[2]).expect("Mbed TLS ECDH");
    openssl::ecdh(&ossl, &peer, &mut secrets[3]).expect("OpenSSL ECDH");
    aws.psa
        .raw_key_agreement(Algorithm::ECDH, aws.ecdh, &peer, &mut secrets[4])
        .expect("ECDH");
    store
        .psa
        .raw_key_agreement(Algorithm::ECDH, store.ecdh, &peer, &mut secrets[5])
        .expect("ECDH");
    assert!(
        secrets.iter().all(|s| *s == secrets[0]),
        "shared secrets agree"
    );

    Fixture {
        peer,
        digest,
        sig: sigs[0],
        drivers,
        builtin,
        aws,
        store,
        mbed,
        ossl,
    }
}

fn peers(c: &mut Criterion) {
    let f = fixture();
    let Fixture {
        peer,
        digest,
        sig,
        ref drivers,
        ref builtin,
        ref aws,
        ref store,
        ref mbed,
        ref ossl,
    } = f;
    let mut g = c.benchmark_group("peers/ecdsa_p256_sign");
    g.throughput(Throughput::Elements(1));
    g.bench_function("psa-rs (drivers)", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| {
            drivers
                .psa
                .sign_hash(black_box(drivers.pair), ALG, black_box(&digest), &mut sig)
        });
    });
    g.bench_function("psa-rs (built-in)", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| {
            builtin
                .psa
                .sign_hash(black_box(builtin.pair), ALG, black_box(&digest), &mut sig)
        });
    });
    g.bench_function("psa-rs (aws-lc opaque)", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| {
            store
                .psa
                .sign_hash(black_box(store.pair), ALG, black_box(&digest), &mut sig)
        });
    });
    g.bench_function("psa-rs (aws-lc transparent)", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| {
            aws.psa
                .sign_hash(black_box(aws.pair), ALG, black_box(&digest), &mut sig)
        });
    });
    g.bench_function("mbedtls-psa", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| mbedtls::sign(black_box(mbed), black_box(&digest), &mut sig));
    });
    g.bench_function("openssl", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| openssl::sign(black_box(ossl), black_box(&digest), &mut sig));
    });
    g.finish();

    let mut g = c.benchmark_group("peers/ecdsa_p256_verify");
    g.throughput(Throughput::Elements(1));
    g.bench_function("psa-rs (drivers)", |b| {
        b.iter(|| {
            drivers.psa.verify_hash(
                black_box(drivers.public),
                ALG,
                black_box(&digest),
                black_box(&sig),
            )
        });
    });
    g.bench_function("psa-rs (built-in)", |b| {
        b.iter(|| {
            builtin.psa.verify_hash(
                black_box(builtin.public),
                ALG,
                black_box(&digest),
                black_box(&sig),
            )
        });
    });
    g.bench_function("psa-rs (aws-lc opaque)", |b| {
        b.iter(|| {
            store.psa.verify_hash(
                black_box(store.public),
                ALG,
                black_box(&digest),
                black_box(&sig),
            )
        });
    });
    g.bench_function("psa-rs (aws-lc transparent)", |b| {
        b.iter(|| {
            aws.psa.verify_hash(
                black_box(aws.public),
                ALG,
                black_box(&digest),
                black_box(&sig),
            )
        });
    });
    g.bench_function("mbedtls-psa", |b| {
        b.iter(|| mbedtls::verify(black_box(mbed), black_box(&digest), black_box(&sig)));
    });
    g.bench_function("openssl", |b| {
        b.iter(|| openssl::verify(black_box(ossl), black_box(&digest), black_box(&sig)));
    });
    g.finish();

    let mut g = c.benchmark_group("peers/ecdh_p256");
    g.throughput(Throughput::Elements(1));
    g.bench_function("psa-rs (drivers)", |b| {
        let mut out = [0u8; 32];
        b.iter(|| {
            drivers.psa.raw_key_agreement(
                Algorithm::ECDH,
                black_box(drivers.ecdh),
                black_box(&peer),
                &mut out,
            )
        });
    });
    g.bench_function("psa-rs (built-in)", |b| {
        let mut out = [0u8; 32];
        b.iter(|| {
            builtin.psa.raw_key_agreement(
                Algorithm::ECDH,
                black_box(builtin.ecdh),
                black_box(&peer),
                &mut out,
            )
        });
    });
    g.bench_function("psa-rs (aws-lc opaque)", |b| {
        let mut out = [0u8; 32];
        b.iter(|| {
            store.psa.raw_key_agreement(
                Algorithm::ECDH,
                black_box(store.ecdh),
                black_box(&peer),
                &mut out,
            )
        });
    });
    g.bench_function("psa-rs (aws-lc transparent)", |b| {
        let mut out = [0u8; 32];
        b.iter(|| {
            aws.psa.raw_key_agreement(
                Algorithm::ECDH,
                black_box(aws.ecdh),
                black_box(&peer),
                &mut out,
            )
        });
    });
    g.bench_function("mbedtls-psa", |b| {
        let mut out = [0u8; 32];
        b.iter(|| mbedtls::ecdh(black_box(mbed), black_box(&peer), &mut out));
    });
    g.bench_function("openssl", |b| {
        let mut out = [0u8; 32];
        b.iter(|| openssl::ecdh(black_box(ossl), black_box(&peer), &mut out));
    });
    g.finish();

    for (name, len) in [("sha256_64B", 64), ("sha256_16KiB", 16 * 1024)] {
        let input = psa_bench::message(len);
        let expected = openssl::sha256(&input);
        let mut out = [0u8; 32];
        drivers
            .psa
            .hash_compute(Algorithm::SHA_256, &input, &mut out)
            .expect("hash");
        assert_eq!(out, expected, "our SHA-256 agrees with OpenSSL's");
        mbedtls::sha256(&input, &mut out).expect("Mbed TLS hash");
        assert_eq!(out, expected, "Mbed TLS's SHA-256 agrees with OpenSSL's");

        let mut g = c.benchmark_group(format!("peers/{name}"));
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_function("psa-rs (drivers)", |b| {
            let mut out = [0u8; 32];
            b.iter(|| {
                drivers
                    .psa
                    .hash_compute(Algorithm::SHA_256, black_box(&input), &mut out)
            });
        });
        g.bench_function("psa-rs (built-in)", |b| {
            let mut out = [0u8; 32];
            b.iter(|| {
                builtin
                    .psa
                    .hash_compute(Algorithm::SHA_256, black_box(&input), &mut out)
            });
        });
        g.bench_function("mbedtls-psa", |b| {
            let mut out = [0u8; 32];
            b.iter(|| mbedtls::sha256(black_box(&input), &mut out));
        });
        g.bench_function("openssl", |b| b.iter(|| openssl::sha256(black_box(&input))));
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(100)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = peers
}

/// The ratios the targets are judged on, timed in alternation (`psa_bench::paired`): our
/// aws-lc paths against OpenSSL on sign, verify and ECDH, and the front-end's signature
/// against Mbed TLS's. Printed as speed ratios (the peer's time over ours; above 1: we are
/// faster).
fn paired_runs() {
    let f = fixture();
    let budget = Budget::from_args(Duration::from_millis(5), Duration::from_secs(8));
    let names = ["openssl", "aws-lc opaque", "aws-lc transparent"];
    let (mut s0, mut s1, mut s2) = ([0u8; 64], [0u8; 64], [0u8; 64]);
    let sign = paired::compare(
        "peers/ecdsa_p256_sign/aws-lc",
        names,
        budget,
        || openssl::sign(black_box(&f.ossl), black_box(&f.digest), &mut s0),
        || {
            f.store
                .psa
                .sign_hash(black_box(f.store.pair), ALG, black_box(&f.digest), &mut s1)
        },
        || {
            f.aws
                .psa
                .sign_hash(black_box(f.aws.pair), ALG, black_box(&f.digest), &mut s2)
        },
    );
    let verify = paired::compare(
        "peers/ecdsa_p256_verify/aws-lc",
        names,
        budget,
        || openssl::verify(black_box(&f.ossl), black_box(&f.digest), black_box(&f.sig)),
        || {
            f.store.psa.verify_hash(
                black_box(f.store.public),
                ALG,
                black_box(&f.digest),
                black_box(&f.sig),
            )
        },
        || {
            f.aws.psa.verify_hash(
                black_box(f.aws.public),
                ALG,
                black_box(&f.digest),
                black_box(&f.sig),
            )
        },
    );
    let (mut e0, mut e1, mut e2) = ([0u8; 32], [0u8; 32], [0u8; 32]);
    let ecdh = paired::compare(
        "peers/ecdh_p256/aws-lc",
        names,
        budget,
        || openssl::ecdh(black_box(&f.ossl), black_box(&f.peer), &mut e0),
        || {
            f.store.psa.raw_key_agreement(
                Algorithm::ECDH,
                black_box(f.store.ecdh),
                black_box(&f.peer),
                &mut e1,
            )
        },
        || {
            f.aws.psa.raw_key_agreement(
                Algorithm::ECDH,
                black_box(f.aws.ecdh),
                black_box(&f.peer),
                &mut e2,
            )
        },
    );
    let mbed = paired::compare(
        "peers/ecdsa_p256_sign/mbedtls",
        ["mbedtls-psa", "psa-rs (drivers)", "psa-rs (built-in)"],
        budget,
        || mbedtls::sign(black_box(&f.mbed), black_box(&f.digest), &mut s0),
        || {
            f.drivers.psa.sign_hash(
                black_box(f.drivers.pair),
                ALG,
                black_box(&f.digest),
                &mut s1,
            )
        },
        || {
            f.builtin.psa.sign_hash(
                black_box(f.builtin.pair),
                ALG,
                black_box(&f.digest),
                &mut s2,
            )
        },
    );
    for (op, cmp, target) in [
        ("sign", sign, "target ≥ 1.0 (opaque)"),
        ("verify", verify, "target ≥ 1.0 (opaque)"),
        ("ECDH", ecdh, "target ≥ 1.0 (opaque)"),
        ("sign", mbed, "target ≥ 3.0"),
    ] {
        let Some(cmp) = cmp else { continue };
        let base = cmp.names[0];
        // `x / a` is a time ratio; its inverse is the speed ratio (the median and the
        // interval's ends are order statistics, so they invert too).
        let speed = |m: paired::Median| (1.0 / m.point, 1.0 / m.hi, 1.0 / m.lo);
        let (b, b_lo, b_hi) = speed(cmp.ratio_b);
        let (c, c_lo, c_hi) = speed(cmp.ratio_c);
        println!(
            "ratio (paired) {op}: {base} / {} = {b:.3} [{b_lo:.3}, {b_hi:.3}] ({target}); {base} / {} = {c:.3} [{c_lo:.3}, {c_hi:.3}]",
            cmp.names[1], cmp.names[2],
        );
    }
}

/// The criterion results under `root` written since `since`, by full id: median time in
/// nanoseconds.
fn criterion_medians(root: &Path, since: SystemTime, out: &mut BTreeMap<String, f64>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            let fresh = std::fs::metadata(path.join("estimates.json"))
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since);
            let read = |file: &str| -> Option<serde_json::Value> {
                serde_json::from_str(&std::fs::read_to_string(path.join(file)).ok()?).ok()
            };
            if let (true, Some(bench), Some(est)) =
                (fresh, read("benchmark.json"), read("estimates.json"))
            {
                let id = bench.get("full_id").and_then(|v| v.as_str());
                let median = est
                    .get("median")
                    .and_then(|m| m.get("point_estimate"))
                    .and_then(serde_json::Value::as_f64);
                if let (Some(id), Some(median)) = (id, median) {
                    out.insert(id.to_owned(), median);
                }
            }
        } else {
            criterion_medians(&path, since, out);
        }
    }
}

/// Where criterion writes: `$CRITERION_HOME`, `$CARGO_TARGET_DIR/criterion`, else the target
/// directory this bench was built in (`<target>/release/deps/<bench>`).
fn criterion_root() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return Some(PathBuf::from(home));
    }
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(dir).join("criterion"));
    }
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.parent()?.join("criterion"))
}

/// The ratios of this run's criterion medians: each peer's time over each of our paths'.
fn criterion_ratios(since: SystemTime) {
    let Some(root) = criterion_root() else { return };
    let mut medians = BTreeMap::new();
    criterion_medians(&root, since, &mut medians);
    let ours = [
        "psa-rs (drivers)",
        "psa-rs (built-in)",
        "psa-rs (aws-lc opaque)",
        "psa-rs (aws-lc transparent)",
    ];
    for op in [
        "ecdsa_p256_sign",
        "ecdsa_p256_verify",
        "ecdh_p256",
        "sha256_64B",
        "sha256_16KiB",
    ] {
        for peer in ["openssl", "mbedtls-psa"] {
            let Some(p) = medians.get(&format!("peers/{op}/{peer}")) else {
                continue;
            };
            let cells: Vec<String> = ours
                .iter()
                .filter_map(|o| {
                    let t = medians.get(&format!("peers/{op}/{o}"))?;
                    Some(format!("{o} {:.3}", p / t))
                })
                .collect();
            if !cells.is_empty() {
                println!(
                    "ratio (criterion medians) {op}: {peer} / ours: {}",
                    cells.join(", ")
                );
            }
        }
    }
}

fn main() {
    let start = SystemTime::now();
    benches();
    paired_runs();
    Criterion::default().configure_from_args().final_summary();
    if !std::env::args().any(|a| a == "--list" || a == "--test") {
        criterion_ratios(start);
    }
}
