//! Dispatch overhead: the same operation called
//! (a) `direct`ly on the driver,
//! (b) through the generated `dispatch` (`Dispatch::<entry point>` with an `Args` bundle),
//! (c) through the PSA `frontend` with a key id (key lookup, policy checks, dispatch).
//!
//! Operations: ECDSA P-256 sign and verify and ECDH on the `p256` driver, SHA-256 on 64 B and
//! 16 KiB on a small transparent SHA-256 driver.
//!
//! All three variants of a signature draw their randomness from the same place, the
//! front-end's HMAC_DRBG (`Rng::new(&psa)`), seeded from a fixed entropy stream: the
//! difference between them is then dispatch, key lookup and policy, nothing else.
//!
//! Each operation is measured twice: by criterion (absolute times, one benchmark after the
//! other) and by a paired run that alternates the three variants every few milliseconds
//! (`psa_bench::paired`), whose per-round ratios are what the targets are judged on: on a
//! shared machine they do not drift with the load between two criterion benchmarks.
//!
//! Run: `cargo bench -p psa-bench --bench overhead`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group};
use psa_bench::paired::{self, Budget};
use psa_bench::{P256_PRIVATE, Sha256Engine};
use psa_core::{Algorithm, Dispatch, Rng, entry};
use psa_drivers::P256Driver;

use psa_bench::overhead::{ALG, fixture};

fn ecdsa_sign(c: &mut Criterion) {
    let f = fixture();
    let driver = P256Driver::new();
    let d = f.psa.dispatcher();
    let mut g = c.benchmark_group("overhead/ecdsa_p256_sign");
    g.throughput(Throughput::Elements(1));
    g.bench_function("direct", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| {
            driver.sign_hash(
                black_box(&f.pair_attributes),
                black_box(&P256_PRIVATE),
                black_box(ALG),
                black_box(&f.digest),
                &mut sig,
                Rng::new(&f.psa),
            )
        });
    });
    g.bench_function("dispatch", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| {
            d.sign_hash(entry::sign_hash::Args {
                attributes: black_box(&f.pair_attributes),
                key_buffer: black_box(&P256_PRIVATE),
                alg: black_box(ALG),
                hash: black_box(&f.digest),
                signature: &mut sig,
                rng: Rng::new(&f.psa),
            })
        });
    });
    g.bench_function("frontend", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| {
            f.psa.sign_hash(
                black_box(f.pair),
                black_box(ALG),
                black_box(&f.digest),
                &mut sig,
            )
        });
    });
    g.finish();
}

fn ecdsa_verify(c: &mut Criterion) {
    let f = fixture();
    let driver = P256Driver::new();
    let d = f.psa.dispatcher();
    let mut g = c.benchmark_group("overhead/ecdsa_p256_verify");
    g.throughput(Throughput::Elements(1));
    g.bench_function("direct", |b| {
        b.iter(|| {
            driver.verify_hash(
                black_box(&f.public_attributes),
                black_box(&f.public_bytes),
                black_box(ALG),
                black_box(&f.digest),
                black_box(&f.signature),
            )
        });
    });
    g.bench_function("dispatch", |b| {
        b.iter(|| {
            d.verify_hash(entry::verify_hash::Args {
                attributes: black_box(&f.public_attributes),
                key_buffer: black_box(&f.public_bytes),
                alg: black_box(ALG),
                hash: black_box(&f.digest),
                signature: black_box(&f.signature),
            })
        });
    });
    g.bench_function("frontend", |b| {
        b.iter(|| {
            f.psa.verify_hash(
                black_box(f.public),
                black_box(ALG),
                black_box(&f.digest),
                black_box(&f.signature),
            )
        });
    });
    g.finish();
}

fn ecdh(c: &mut Criterion) {
    let f = fixture();
    let driver = P256Driver::new();
    let d = f.psa.dispatcher();
    let mut g = c.benchmark_group("overhead/ecdh_p256");
    g.throughput(Throughput::Elements(1));
    g.bench_function("direct", |b| {
        let mut secret = [0u8; 32];
        b.iter(|| {
            driver.key_agreement(
                black_box(&f.ecdh_attributes),
                black_box(&P256_PRIVATE),
                black_box(Algorithm::ECDH),
                black_box(&f.peer_public),
                &mut secret,
            )
        });
    });
    g.bench_function("dispatch", |b| {
        let mut secret = [0u8; 32];
        b.iter(|| {
            d.key_agreement(entry::key_agreement::Args {
                attributes: black_box(&f.ecdh_attributes),
                key_buffer: black_box(&P256_PRIVATE),
                alg: black_box(Algorithm::ECDH),
                peer_key: black_box(&f.peer_public),
                shared_secret: &mut secret,
            })
        });
    });
    g.bench_function("frontend", |b| {
        let mut secret = [0u8; 32];
        b.iter(|| {
            f.psa.raw_key_agreement(
                black_box(Algorithm::ECDH),
                black_box(f.ecdh),
                black_box(&f.peer_public),
                &mut secret,
            )
        });
    });
    g.finish();
}

fn sha256(c: &mut Criterion, len: usize) {
    let f = fixture();
    let engine = Sha256Engine;
    let d = f.psa.dispatcher();
    let input = psa_bench::message(len);
    let mut g = c.benchmark_group(format!("overhead/sha256_{}", size_name(len)));
    g.throughput(Throughput::Bytes(len as u64));
    g.bench_function("direct", |b| {
        let mut out = [0u8; 64];
        b.iter(|| engine.hash_compute(black_box(Algorithm::SHA_256), black_box(&input), &mut out));
    });
    g.bench_function("dispatch", |b| {
        let mut out = [0u8; 64];
        b.iter(|| {
            d.hash_compute(entry::hash_compute::Args {
                alg: black_box(Algorithm::SHA_256),
                input: black_box(&input),
                hash: &mut out,
            })
        });
    });
    g.bench_function("frontend", |b| {
        let mut out = [0u8; 64];
        b.iter(|| {
            f.psa
                .hash_compute(black_box(Algorithm::SHA_256), black_box(&input), &mut out)
        });
    });
    g.finish();
}

/// What a P-256 signature through the `p256` driver spends its time on: deriving the public
/// key (`SigningKey::from`, which the driver's `sign_prehash_with_rng` path pays on every call),
/// the RFC 6979 (hedged) signature itself, and the 32 bytes of randomness it draws from the
/// front-end's DRBG.
fn anatomy(c: &mut Criterion) {
    let f = fixture();
    let scalar = p256::SecretKey::from_bytes(&P256_PRIVATE.into())
        .expect("scalar")
        .to_nonzero_scalar();
    let ad = [0x5au8; 32];
    let mut g = c.benchmark_group("anatomy/ecdsa_p256_sign");
    g.throughput(Throughput::Elements(1));
    // The driver's own steps: parse the scalar, draw the hedge, sign with the scalar.
    g.bench_function("scalar_from_bytes", |b| {
        b.iter(|| {
            p256::SecretKey::from_bytes(black_box(&P256_PRIVATE.into()))
                .map(|sk| sk.to_nonzero_scalar())
        });
    });
    g.bench_function("sign_prehashed_rfc6979", |b| {
        b.iter(|| {
            ecdsa::hazmat::sign_prehashed_rfc6979::<p256::NistP256, sha2::Sha256>(
                black_box(&scalar),
                black_box(&f.digest),
                black_box(&ad),
            )
        });
    });
    g.bench_function("drbg_32B", |b| {
        let mut out = [0u8; 32];
        b.iter(|| f.psa.generate_random(black_box(&mut out)));
    });
    g.finish();
}

fn size_name(len: usize) -> String {
    if len >= 1024 {
        format!("{}KiB", len / 1024)
    } else {
        format!("{len}B")
    }
}

/// Before timing anything: the three variants do the same work. From the same DRBG state
/// they produce the same signature and the same shared secret, and the signature verifies.
fn check() {
    let sign_direct = {
        let f = fixture();
        let mut sig = [0u8; 64];
        P256Driver::new()
            .sign_hash(
                &f.pair_attributes,
                &P256_PRIVATE,
                ALG,
                &f.digest,
                &mut sig,
                Rng::new(&f.psa),
            )
            .expect("direct sign");
        sig
    };
    let sign_dispatch = {
        let f = fixture();
        let mut sig = [0u8; 64];
        f.psa
            .dispatcher()
            .sign_hash(entry::sign_hash::Args {
                attributes: &f.pair_attributes,
                key_buffer: &P256_PRIVATE,
                alg: ALG,
                hash: &f.digest,
                signature: &mut sig,
                rng: Rng::new(&f.psa),
            })
            .expect("dispatched sign");
        sig
    };
    let f = fixture();
    let mut sign_frontend = [0u8; 64];
    f.psa
        .sign_hash(f.pair, ALG, &f.digest, &mut sign_frontend)
        .expect("front-end sign");
    assert!(
        sign_direct == sign_dispatch && sign_dispatch == sign_frontend,
        "the three paths sign alike"
    );
    let driver = P256Driver::new();
    driver
        .verify_hash(
            &f.public_attributes,
            &f.public_bytes,
            ALG,
            &f.digest,
            &sign_direct,
        )
        .expect("verifies");
    assert!(
        driver
            .verify_hash(
                &f.public_attributes,
                &f.public_bytes,
                ALG,
                &[0; 32],
                &sign_direct
            )
            .is_err()
    );
    let (mut s1, mut s2, mut s3) = ([0u8; 32], [0u8; 32], [0u8; 32]);
    driver
        .key_agreement(
            &f.ecdh_attributes,
            &P256_PRIVATE,
            Algorithm::ECDH,
            &f.peer_public,
            &mut s1,
        )
        .expect("ecdh");
    f.psa
        .dispatcher()
        .key_agreement(entry::key_agreement::Args {
            attributes: &f.ecdh_attributes,
            key_buffer: &P256_PRIVATE,
            alg: Algorithm::ECDH,
            peer_key: &f.peer_public,
            shared_secret: &mut s2,
        })
        .expect("ecdh");
    f.psa
        .raw_key_agreement(Algorithm::ECDH, f.ecdh, &f.peer_public, &mut s3)
        .expect("ecdh");
    assert!(s1 == s2 && s2 == s3, "the three paths agree");
    let mut h = [0u8; 64];
    f.psa
        .hash_compute(Algorithm::SHA_256, b"abc", &mut h)
        .expect("sha-256");
    assert_eq!(h[..4], [0xba, 0x78, 0x16, 0xbf], "FIPS 180-2 B.1");
}

fn benches(c: &mut Criterion) {
    psa_bench::check_build();
    check();
    ecdsa_sign(c);
    ecdsa_verify(c);
    ecdh(c);
    sha256(c, 64);
    sha256(c, 16 * 1024);
    anatomy(c);
}

/// The same five operations, paired: direct, dispatch and front-end in alternation.
fn paired_runs() {
    let f = fixture();
    let driver = P256Driver::new();
    let d = f.psa.dispatcher();
    let budget = Budget::from_args(Duration::from_millis(3), Duration::from_secs(6));
    let names = ["direct", "dispatch", "frontend"];
    let (mut sa, mut sb, mut sc) = ([0u8; 64], [0u8; 64], [0u8; 64]);
    paired::compare(
        "overhead/ecdsa_p256_sign",
        names,
        budget,
        || {
            let rng = Rng::new(&f.psa);
            driver.sign_hash(
                black_box(&f.pair_attributes),
                black_box(&P256_PRIVATE),
                black_box(ALG),
                black_box(&f.digest),
                &mut sa,
                rng,
            )
        },
        || {
            d.sign_hash(entry::sign_hash::Args {
                attributes: black_box(&f.pair_attributes),
                key_buffer: black_box(&P256_PRIVATE),
                alg: black_box(ALG),
                hash: black_box(&f.digest),
                signature: &mut sb,
                rng: Rng::new(&f.psa),
            })
        },
        || {
            f.psa.sign_hash(
                black_box(f.pair),
                black_box(ALG),
                black_box(&f.digest),
                &mut sc,
            )
        },
    );
    paired::compare(
        "overhead/ecdsa_p256_verify",
        names,
        budget,
        || {
            driver.verify_hash(
                black_box(&f.public_attributes),
                black_box(&f.public_bytes),
                black_box(ALG),
                black_box(&f.digest),
                black_box(&f.signature),
            )
        },
        || {
            d.verify_hash(entry::verify_hash::Args {
                attributes: black_box(&f.public_attributes),
                key_buffer: black_box(&f.public_bytes),
                alg: black_box(ALG),
                hash: black_box(&f.digest),
                signature: black_box(&f.signature),
            })
        },
        || {
            f.psa.verify_hash(
                black_box(f.public),
                black_box(ALG),
                black_box(&f.digest),
                black_box(&f.signature),
            )
        },
    );
    let (mut ka, mut kb, mut kc) = ([0u8; 32], [0u8; 32], [0u8; 32]);
    paired::compare(
        "overhead/ecdh_p256",
        names,
        budget,
        || {
            driver.key_agreement(
                black_box(&f.ecdh_attributes),
                black_box(&P256_PRIVATE),
                black_box(Algorithm::ECDH),
                black_box(&f.peer_public),
                &mut ka,
            )
        },
        || {
            d.key_agreement(entry::key_agreement::Args {
                attributes: black_box(&f.ecdh_attributes),
                key_buffer: black_box(&P256_PRIVATE),
                alg: black_box(Algorithm::ECDH),
                peer_key: black_box(&f.peer_public),
                shared_secret: &mut kb,
            })
        },
        || {
            f.psa.raw_key_agreement(
                black_box(Algorithm::ECDH),
                black_box(f.ecdh),
                black_box(&f.peer_public),
                &mut kc,
            )
        },
    );
    let engine = Sha256Engine;
    for len in [64, 16 * 1024] {
        let input = psa_bench::message(len);
        let (mut ha, mut hb, mut hc) = ([0u8; 64], [0u8; 64], [0u8; 64]);
        paired::compare(
            &format!("overhead/sha256_{}", size_name(len)),
            names,
            budget,
            || engine.hash_compute(black_box(Algorithm::SHA_256), black_box(&input), &mut ha),
            || {
                d.hash_compute(entry::hash_compute::Args {
                    alg: black_box(Algorithm::SHA_256),
                    input: black_box(&input),
                    hash: &mut hb,
                })
            },
            || {
                f.psa
                    .hash_compute(black_box(Algorithm::SHA_256), black_box(&input), &mut hc)
            },
        );
    }
}

criterion_group! {
    name = overhead;
    // Absolute figures; the ratios' verdicts come from `paired_runs`.
    config = Criterion::default()
        .sample_size(100)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .noise_threshold(0.02);
    targets = benches
}

fn main() {
    overhead();
    paired_runs();
    Criterion::default().configure_from_args().final_summary();
}
