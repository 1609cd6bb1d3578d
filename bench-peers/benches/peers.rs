//! Peers in the same run: ECDSA P-256 sign and verify, ECDH P-256 and SHA-256 (64 B and
//! 16 KiB) through
//! - our front-end with the `p256` driver and a SHA-256 driver (`psa-rs (drivers)`),
//! - our front-end on the built-in only (`psa-rs (built-in)`),
//! - Mbed TLS's PSA API (`mbedtls-psa`),
//! - OpenSSL (`openssl`).
//!
//! Every path signs the same digest with the same scalar, verifies with a public-key id (or
//! object), derives with the same peer key, and the answers are cross-checked before timing:
//! each signature verifies under every other implementation, and all shared secrets and
//! digests agree.
//!
//! Run: `cargo bench --manifest-path bench-peers/Cargo.toml`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use psa_bench::{FixedEntropy, Sha256Engine};
use psa_bench_peers::{PEER_PRIVATE, PRIVATE, mbedtls, openssl};
use psa_core::{Algorithm, KeyId, Psa, register_drivers};
use psa_drivers::P256Driver;

register_drivers! {
    /// The P-256 accelerator and a SHA-256 engine, then the built-in.
    pub struct Drivers {
        transparent: [p256: P256Driver, sha: Sha256Engine],
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
        let psa = Psa::with_entropy(dispatch, FixedEntropy::default());
        let pair = psa
            .import_key(&psa_bench::ecc_key_pair(256, ALG), &PRIVATE)
            .expect("import");
        let public = psa
            .import_key(&psa_bench::ecc_public_key(256, ALG), public)
            .expect("import");
        let ecdh = psa
            .import_key(&psa_bench::ecdh_key_pair(256), &PRIVATE)
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

fn peers(c: &mut Criterion) {
    let (public, peer) = public_keys();
    let digest = psa_bench::digest();
    let drivers = Ours::new(Drivers::new(P256Driver::new(), Sha256Engine), &public);
    let builtin = Ours::new(BuiltinOnly::new(), &public);
    let mbed = mbedtls::setup(&PRIVATE, &public).expect("Mbed TLS setup");
    let ossl = openssl::setup(&PRIVATE).expect("OpenSSL setup");

    // Cross-checks: every signature verifies everywhere; every shared secret agrees.
    let mut sigs = [[0u8; 64]; 4];
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
        assert!(
            openssl::verify(&ossl, &digest, sig).expect("OpenSSL verify"),
            "OpenSSL verifies"
        );
    }
    let mut secrets = [[0u8; 32]; 4];
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
    assert!(
        secrets.iter().all(|s| *s == secrets[0]),
        "shared secrets agree"
    );

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
    g.bench_function("mbedtls-psa", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| mbedtls::sign(black_box(&mbed), black_box(&digest), &mut sig));
    });
    g.bench_function("openssl", |b| {
        let mut sig = [0u8; 64];
        b.iter(|| openssl::sign(black_box(&ossl), black_box(&digest), &mut sig));
    });
    g.finish();

    let sig = sigs[0];
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
    g.bench_function("mbedtls-psa", |b| {
        b.iter(|| mbedtls::verify(black_box(&mbed), black_box(&digest), black_box(&sig)));
    });
    g.bench_function("openssl", |b| {
        b.iter(|| openssl::verify(black_box(&ossl), black_box(&digest), black_box(&sig)));
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
    g.bench_function("mbedtls-psa", |b| {
        let mut out = [0u8; 32];
        b.iter(|| mbedtls::ecdh(black_box(&mbed), black_box(&peer), &mut out));
    });
    g.bench_function("openssl", |b| {
        let mut out = [0u8; 32];
        b.iter(|| openssl::ecdh(black_box(&ossl), black_box(&peer), &mut out));
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
        .sample_size(60)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = peers
}
criterion_main!(benches);
