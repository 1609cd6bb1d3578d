//! Persistent keys: first use of a key (loaded from storage into the slot cache) against a
//! cache hit, on the flash backend (simulated NOR flash, sequential-storage) and the file
//! backend; and, printed before the timings, flash writes and bytes written per key
//! creation and how many keys fit in a 4 KiB page.
//!
//! `cargo bench -p psa-bench --bench persistence`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use psa_core::{
    Algorithm, DefaultEntropy, EccFamily, Error, KeyAttributes, KeyId, KeyStorage, KeyType,
    Lifetime, Location, Persistence, Psa, UsageFlags, register_drivers,
};
use psa_storage::sim::NorFlashSim;
use psa_storage::{FileStorage, FlashStorage};

register_drivers! {
    /// Built-in software only.
    pub struct App { builtin: true }
}

type Flash = NorFlashSim<8, 4096>;

fn p256(id: u32) -> (KeyAttributes, [u8; 32]) {
    let mut scalar = [0x5au8; 32];
    scalar[0] = 0x01;
    scalar[28..].copy_from_slice(&id.to_le_bytes());
    (
        KeyAttributes::new()
            .with_id(KeyId(id))
            .with_lifetime(Lifetime::new(Persistence::DEFAULT, Location::LOCAL_STORAGE))
            .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
            .with_bits(256)
            .with_usage(UsageFlags::SIGN_HASH)
            .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256)),
        scalar,
    )
}

fn psa<S: KeyStorage>(storage: S) -> Psa<App, DefaultEntropy, 8, S> {
    Psa::with_storage(App::new(), storage)
}

/// Flash cost of key creation, and keys per 4 KiB page (printed, not timed).
fn flash_figures() {
    let storage = FlashStorage::new(Flash::new(), 0..8 * 4096);
    let p = psa(&storage);
    let (attributes, scalar) = p256(1);
    let before = storage.with_flash(|f| f.stats);
    p.import_key(&attributes, &scalar).unwrap();
    let after = storage.with_flash(|f| f.stats);
    println!(
        "flash: one P-256 key creation = {} writes, {} bytes written, {} erases",
        after.writes - before.writes,
        after.bytes_written - before.bytes_written,
        after.erases - before.erases
    );
    // Fill a two-page map: sequential-storage keeps one page free to rotate into, so what
    // fits is one page's worth.
    let storage = FlashStorage::new(NorFlashSim::<2, 4096>::new(), 0..2 * 4096);
    let p = psa(&storage);
    let mut keys = 0;
    loop {
        let (attributes, scalar) = p256(keys + 1);
        match p.import_key(&attributes, &scalar) {
            Ok(_) => keys += 1,
            Err(Error::InsufficientStorage) => break,
            Err(e) => panic!("{e:?}"),
        }
    }
    println!("flash: P-256 keys that fit in one 4 KiB page: {keys}");
}

fn bench(c: &mut Criterion) {
    flash_figures();
    let storage = FlashStorage::new(Flash::new(), 0..8 * 4096);
    let p = psa(&storage);
    // A store with some history: 16 keys before the one measured.
    for id in 1..=16 {
        let (a, s) = p256(id);
        p.import_key(&a, &s).unwrap();
    }
    let id = KeyId(16);
    let mut g = c.benchmark_group("persistent key, flash");
    g.bench_function("first use (load from flash)", |b| {
        b.iter(|| {
            p.purge_key(id).unwrap();
            black_box(p.get_key_attributes(black_box(id)).unwrap())
        })
    });
    g.bench_function("cache hit", |b| {
        b.iter(|| black_box(p.get_key_attributes(black_box(id)).unwrap()))
    });
    g.finish();

    let dir = std::env::temp_dir().join(format!("psa-bench-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = FileStorage::open(&dir).unwrap();
    let p = psa(&files);
    for id in 1..=16 {
        let (a, s) = p256(id);
        p.import_key(&a, &s).unwrap();
    }
    let mut g = c.benchmark_group("persistent key, files");
    g.bench_function("first use (load from file)", |b| {
        b.iter(|| {
            p.purge_key(id).unwrap();
            black_box(p.get_key_attributes(black_box(id)).unwrap())
        })
    });
    g.bench_function("cache hit", |b| {
        b.iter(|| black_box(p.get_key_attributes(black_box(id)).unwrap()))
    });
    g.finish();
    drop(p);
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
