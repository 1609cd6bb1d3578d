//! Throughput of every built-in and driver path, through the PSA front-end (key ids, policy,
//! dispatch), so a user can see what a driver buys them.
//!
//! Two instances: `builtin` registers no driver (everything runs on the built-in software
//! implementation); `drivers` registers the `p256` accelerator and a SHA-256 engine
//! (transparent) and the simulated secure element (opaque, vendor location 0x800001). A
//! function id names the operation and the path that served it, e.g. `ecdsa_p256_sign/p256`.
//! Asymmetric operations report operations per second, the others bytes per second.
//!
//! Run: `cargo bench -p psa-bench --bench throughput`

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use psa_bench::{
    AES_128_KEY, FixedEntropy, KEY_256, P256_PEER_PRIVATE, P256_PRIVATE, P384_PEER_PRIVATE,
    P384_PRIVATE, Sha256Engine,
};
use psa_core::{
    Algorithm, DerivationStep, Dispatch, EntropySource, KeyAttributes, KeyType, Psa, UsageFlags,
    register_drivers,
};
use psa_drivers::P256Driver;
use psa_drivers::secure_element::{SE_LIFETIME, SecureElement};

register_drivers! {
    /// No driver: the built-in software implementation serves everything.
    pub struct BuiltinOnly {
        builtin: true,
    }
}

register_drivers! {
    /// The P-256 accelerator and the SHA-256 engine, the secure element, and the built-in.
    pub struct Drivers {
        transparent: [p256: P256Driver, sha: Sha256Engine],
        opaque: [se: SecureElement],
        builtin: true,
    }
}

const ECDSA_256: Algorithm = Algorithm::ecdsa(Algorithm::SHA_256);
const ECDSA_384: Algorithm = Algorithm::ecdsa(Algorithm::SHA_384);
const KIB16: usize = 16 * 1024;

fn builtin() -> Psa<BuiltinOnly, FixedEntropy> {
    Psa::with_entropy(BuiltinOnly::new(), FixedEntropy::default())
}

fn drivers() -> Psa<Drivers, FixedEntropy> {
    let se = SecureElement::provisioned(&P256_PEER_PRIVATE).expect("provision the secure element");
    Psa::with_entropy(
        Drivers::new(P256Driver::new(), Sha256Engine, se),
        FixedEntropy::default(),
    )
}

fn size_name(len: usize) -> String {
    if len >= 1024 {
        format!("{}KiB", len / 1024)
    } else {
        format!("{len}B")
    }
}

/// ECDSA sign and verify, ECDH and key generation on one curve, through one instance; `at`
/// is applied to every key's attributes (to place keys in the secure element).
#[allow(clippy::too_many_arguments)]
fn ecc<D: Dispatch, E: EntropySource>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    psa: &Psa<D, E>,
    path: &str,
    curve: &str,
    bits: usize,
    alg: Algorithm,
    private: &[u8],
    peer: &[u8],
    digest: &[u8],
    at: fn(KeyAttributes) -> KeyAttributes,
) {
    let pair = psa
        .import_key(&at(psa_bench::ecc_key_pair(bits, alg)), private)
        .expect("import key pair");
    let mut public_bytes = [0u8; 133];
    let n = psa
        .export_public_key(pair, &mut public_bytes)
        .expect("export public key");
    let public = psa
        .import_key(
            &at(psa_bench::ecc_public_key(bits, alg)),
            &public_bytes[..n],
        )
        .expect("import public key");
    let mut signature = [0u8; 96];
    let sig_len = psa
        .sign_hash(pair, alg, digest, &mut signature)
        .expect("sign");
    psa.verify_hash(public, alg, digest, &signature[..sig_len])
        .expect("verify");
    let ecdh = psa
        .import_key(&at(psa_bench::ecdh_key_pair(bits)), private)
        .expect("import ECDH key");
    let peer_id = psa
        .import_key(&psa_bench::ecdh_key_pair(bits), peer)
        .expect("import peer key");
    let mut peer_public = [0u8; 133];
    let m = psa
        .export_public_key(peer_id, &mut peer_public)
        .expect("export peer key");
    let mut secret = [0u8; 66];
    psa.raw_key_agreement(Algorithm::ECDH, ecdh, &peer_public[..m], &mut secret)
        .expect("ECDH");

    g.throughput(Throughput::Elements(1));
    g.bench_function(format!("ecdsa_{curve}_sign/{path}"), |b| {
        let mut sig = [0u8; 96];
        b.iter(|| psa.sign_hash(black_box(pair), alg, black_box(digest), &mut sig));
    });
    g.bench_function(format!("ecdsa_{curve}_verify/{path}"), |b| {
        b.iter(|| {
            psa.verify_hash(
                black_box(public),
                alg,
                black_box(digest),
                black_box(&signature[..sig_len]),
            )
        });
    });
    g.bench_function(format!("ecdh_{curve}/{path}"), |b| {
        let mut out = [0u8; 66];
        b.iter(|| {
            psa.raw_key_agreement(
                Algorithm::ECDH,
                black_box(ecdh),
                black_box(&peer_public[..m]),
                &mut out,
            )
        });
    });
    let generate = at(psa_bench::ecc_key_pair(bits, alg));
    g.bench_function(format!("generate_{curve}/{path}"), |b| {
        b.iter(|| {
            let id = psa.generate_key(black_box(&generate)).expect("generate");
            psa.destroy_key(id).expect("destroy");
        });
    });
}

fn local(a: KeyAttributes) -> KeyAttributes {
    a
}

fn in_secure_element(a: KeyAttributes) -> KeyAttributes {
    a.with_lifetime(SE_LIFETIME)
}

fn asymmetric(c: &mut Criterion) {
    psa_bench::check_build();
    let (b, d) = (builtin(), drivers());
    let digest = psa_bench::digest();
    let digest_384 = psa_bench::digest_384();
    let mut g = c.benchmark_group("throughput/asymmetric");
    ecc(
        &mut g,
        &d,
        "p256",
        "p256",
        256,
        ECDSA_256,
        &P256_PRIVATE,
        &P256_PEER_PRIVATE,
        &digest,
        local,
    );
    ecc(
        &mut g,
        &b,
        "builtin",
        "p256",
        256,
        ECDSA_256,
        &P256_PRIVATE,
        &P256_PEER_PRIVATE,
        &digest,
        local,
    );
    ecc(
        &mut g,
        &d,
        "se",
        "p256",
        256,
        ECDSA_256,
        &P256_PRIVATE,
        &P256_PEER_PRIVATE,
        &digest,
        in_secure_element,
    );
    ecc(
        &mut g,
        &b,
        "builtin",
        "p384",
        384,
        ECDSA_384,
        &P384_PRIVATE,
        &P384_PEER_PRIVATE,
        &digest_384,
        local,
    );

    // Deterministic ECDSA: the p256 driver declines it, so the built-in serves.
    let det = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let key = b
        .import_key(&psa_bench::ecc_key_pair(256, det), &P256_PRIVATE)
        .expect("import");
    g.bench_function("ecdsa_p256_sign_deterministic/builtin", |bench| {
        let mut sig = [0u8; 64];
        bench.iter(|| b.sign_hash(black_box(key), det, black_box(&digest), &mut sig));
    });

    // sign_message: the core hashes (dispatched hash_compute) and signs (dispatched sign_hash).
    let message = psa_bench::message(64);
    let dk = d
        .import_key(&psa_bench::ecc_key_pair(256, ECDSA_256), &P256_PRIVATE)
        .expect("import");
    let bk = b
        .import_key(&psa_bench::ecc_key_pair(256, ECDSA_256), &P256_PRIVATE)
        .expect("import");
    g.bench_function("ecdsa_p256_sign_message_64B/p256+sha_engine", |bench| {
        let mut sig = [0u8; 64];
        bench.iter(|| d.sign_message(black_box(dk), ECDSA_256, black_box(&message), &mut sig));
    });
    g.bench_function("ecdsa_p256_sign_message_64B/builtin", |bench| {
        let mut sig = [0u8; 64];
        bench.iter(|| b.sign_message(black_box(bk), ECDSA_256, black_box(&message), &mut sig));
    });
    g.finish();
}

fn hashes(c: &mut Criterion) {
    let (b, d) = (builtin(), drivers());
    let mut g = c.benchmark_group("throughput/hash");
    for len in [64, KIB16] {
        let input = psa_bench::message(len);
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_function(format!("sha256_{}/sha_engine", size_name(len)), |bench| {
            let mut out = [0u8; 64];
            bench.iter(|| d.hash_compute(Algorithm::SHA_256, black_box(&input), &mut out));
        });
        for (name, alg) in [
            ("sha224", Algorithm::SHA_224),
            ("sha256", Algorithm::SHA_256),
            ("sha384", Algorithm::SHA_384),
            ("sha512", Algorithm::SHA_512),
        ] {
            let mut out = [0u8; 64];
            b.hash_compute(alg, &input, &mut out).expect("hash");
            g.bench_function(format!("{name}_{}/builtin", size_name(len)), |bench| {
                bench.iter(|| b.hash_compute(alg, black_box(&input), &mut out));
            });
        }
    }
    let input = psa_bench::message(KIB16);
    g.throughput(Throughput::Bytes(KIB16 as u64));
    g.bench_function("sha256_multipart_16KiB/builtin", |bench| {
        let mut out = [0u8; 32];
        bench.iter(|| {
            let mut op = b.hash_setup(Algorithm::SHA_256).expect("setup");
            for chunk in black_box(&input).chunks(1024) {
                op.update(chunk).expect("update");
            }
            op.finish(&mut out).expect("finish")
        });
    });
    g.finish();
}

fn symmetric(c: &mut Criterion) {
    let b = builtin();
    let mut g = c.benchmark_group("throughput/symmetric");
    let both = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let hmac_alg = Algorithm::hmac(Algorithm::SHA_256);
    let hmac = b
        .import_key(
            &psa_bench::symmetric_key(KeyType::HMAC, 256, UsageFlags::SIGN_MESSAGE, hmac_alg),
            &KEY_256,
        )
        .expect("import HMAC key");
    for len in [64, KIB16] {
        let input = psa_bench::message(len);
        let mut mac = [0u8; 32];
        b.mac_compute(hmac, hmac_alg, &input, &mut mac)
            .expect("HMAC");
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_function(format!("hmac_sha256_{}/builtin", size_name(len)), |bench| {
            bench.iter(|| b.mac_compute(black_box(hmac), hmac_alg, black_box(&input), &mut mac));
        });
    }

    let input = psa_bench::message(KIB16);
    g.throughput(Throughput::Bytes(KIB16 as u64));
    for (name, key_type, bits, key, alg) in [
        (
            "aes128_ctr",
            KeyType::AES,
            128,
            &AES_128_KEY[..],
            Algorithm::CTR,
        ),
        (
            "aes256_ctr",
            KeyType::AES,
            256,
            &KEY_256[..],
            Algorithm::CTR,
        ),
        (
            "aes128_cbc_no_padding",
            KeyType::AES,
            128,
            &AES_128_KEY[..],
            Algorithm::CBC_NO_PADDING,
        ),
    ] {
        let id = b
            .import_key(&psa_bench::symmetric_key(key_type, bits, both, alg), key)
            .expect("import");
        let mut ciphertext = vec![0u8; KIB16 + 16];
        let n = b
            .cipher_encrypt(id, alg, &input, &mut ciphertext)
            .expect("encrypt");
        let mut plaintext = vec![0u8; KIB16];
        b.cipher_decrypt(id, alg, &ciphertext[..n], &mut plaintext)
            .expect("decrypt");
        assert!(plaintext == input, "{name} round trip");
        g.bench_function(format!("{name}_encrypt_16KiB/builtin"), |bench| {
            bench.iter(|| b.cipher_encrypt(black_box(id), alg, black_box(&input), &mut ciphertext));
        });
        g.bench_function(format!("{name}_decrypt_16KiB/builtin"), |bench| {
            bench.iter(|| {
                b.cipher_decrypt(
                    black_box(id),
                    alg,
                    black_box(&ciphertext[..n]),
                    &mut plaintext,
                )
            });
        });
    }

    let nonce = [7u8; 12];
    let ad = [1u8; 16];
    for (name, key_type, bits, key, alg) in [
        (
            "aes128_gcm",
            KeyType::AES,
            128,
            &AES_128_KEY[..],
            Algorithm::GCM,
        ),
        (
            "aes256_gcm",
            KeyType::AES,
            256,
            &KEY_256[..],
            Algorithm::GCM,
        ),
        (
            "chacha20_poly1305",
            KeyType::CHACHA20,
            256,
            &KEY_256[..],
            Algorithm::CHACHA20_POLY1305,
        ),
    ] {
        let id = b
            .import_key(&psa_bench::symmetric_key(key_type, bits, both, alg), key)
            .expect("import");
        let mut ciphertext = vec![0u8; KIB16 + 16];
        let n = b
            .aead_encrypt(id, alg, &nonce, &ad, &input, &mut ciphertext)
            .expect("seal");
        let mut plaintext = vec![0u8; KIB16];
        b.aead_decrypt(id, alg, &nonce, &ad, &ciphertext[..n], &mut plaintext)
            .expect("open");
        assert!(plaintext == input, "{name} round trip");
        g.bench_function(format!("{name}_encrypt_16KiB/builtin"), |bench| {
            bench.iter(|| {
                b.aead_encrypt(
                    black_box(id),
                    alg,
                    &nonce,
                    &ad,
                    black_box(&input),
                    &mut ciphertext,
                )
            });
        });
        g.bench_function(format!("{name}_decrypt_16KiB/builtin"), |bench| {
            bench.iter(|| {
                b.aead_decrypt(
                    black_box(id),
                    alg,
                    &nonce,
                    &ad,
                    black_box(&ciphertext[..n]),
                    &mut plaintext,
                )
            });
        });
    }
    g.finish();
}

fn derivation_and_random(c: &mut Criterion) {
    let b = builtin();
    let mut g = c.benchmark_group("throughput/kdf_random");
    let hkdf = Algorithm::hkdf(Algorithm::SHA_256);
    let derive = |out: &mut [u8; 32]| {
        let mut op = b.key_derivation_operation();
        op.setup(hkdf)?;
        op.input_bytes(DerivationStep::Salt, b"salt")?;
        op.input_bytes(DerivationStep::Secret, black_box(&KEY_256))?;
        op.input_bytes(DerivationStep::Info, b"psa-bench")?;
        op.output_bytes(out)
    };
    let mut okm = [0u8; 32];
    derive(&mut okm).expect("HKDF");
    g.throughput(Throughput::Elements(1));
    g.bench_function("hkdf_sha256_32B/builtin", |bench| {
        bench.iter(|| derive(&mut okm))
    });
    for len in [32, KIB16] {
        let mut out = vec![0u8; len];
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_function(
            format!("generate_random_{}/drbg", size_name(len)),
            |bench| {
                bench.iter(|| b.generate_random(black_box(&mut out)));
            },
        );
    }
    g.finish();
}

criterion_group! {
    name = throughput;
    // Figures for users to compare, not ratios near 1.00: shorter runs suffice.
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(700))
        .measurement_time(Duration::from_secs(2));
    targets = asymmetric, hashes, symmetric, derivation_and_random
}
criterion_main!(throughput);
