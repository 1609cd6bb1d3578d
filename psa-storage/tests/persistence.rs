//! Persistent keys through the front-end, on both backends: a reboot finds every key,
//! errors are the spec's, and a power cut at any write/erase (flash) or file operation
//! (files) leaves a consistent store.

use std::collections::BTreeMap;
use std::path::PathBuf;

use psa_core::{
    Algorithm, DefaultEntropy, EccFamily, Error, KeyAttributes, KeyId, KeyStorage, KeyType,
    Lifetime, Location, Persistence, Psa, UsageFlags, register_drivers,
};
use psa_storage::sim::NorFlashSim;
use psa_storage::{FileStorage, FlashStorage, PowerCut};

register_drivers! {
    /// Built-in software only.
    pub struct App { builtin: true }
}

type Sim = NorFlashSim<4, 1024>;
const RANGE: core::ops::Range<u32> = 0..4096;
const P256: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const PERSISTENT: Lifetime = Lifetime::new(Persistence::DEFAULT, Location::LOCAL_STORAGE);

fn psa<S: KeyStorage>(storage: S) -> Psa<App, DefaultEntropy, 4, S> {
    Psa::with_storage(App::new(), storage)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("psa-storage-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A key of the script: its attributes and material, from a seed.
fn key(id: u32, seed: u32) -> (KeyAttributes, Vec<u8>) {
    let bytes: Vec<u8> = (0..48u32)
        .map(|i| (seed.wrapping_mul(31).wrapping_add(i * 7) % 251) as u8 + 1)
        .collect();
    let usage = UsageFlags::EXPORT | UsageFlags::COPY;
    let base = KeyAttributes::new()
        .with_id(KeyId(id))
        .with_lifetime(PERSISTENT)
        .with_usage(usage);
    let (attributes, bytes) = match seed % 4 {
        0 => (
            base.with_type(KeyType::AES)
                .with_algorithm(Algorithm::CTR)
                .with_usage(usage | UsageFlags::ENCRYPT),
            bytes[..16].to_vec(),
        ),
        1 => (
            base.with_type(KeyType::HMAC)
                .with_algorithm(Algorithm::hmac(Algorithm::SHA_256))
                .with_usage(usage | UsageFlags::SIGN_MESSAGE),
            bytes[..32].to_vec(),
        ),
        2 => {
            // A valid P-256 scalar: small leading byte keeps it below the order.
            let mut scalar = bytes[..32].to_vec();
            scalar[0] = 0x01;
            (
                base.with_type(P256)
                    .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256))
                    .with_usage(usage | UsageFlags::SIGN_HASH),
                scalar,
            )
        }
        _ => (base.with_type(KeyType::RAW_DATA), bytes),
    };
    // The size the core records.
    (attributes.with_bits(bytes.len() * 8), bytes)
}

/// What a reboot may find for an id.
#[derive(Clone, Debug)]
enum Expect {
    /// Created (its call returned success) and not destroyed.
    Present(KeyAttributes, Vec<u8>),
    /// Destroyed (its call returned success), or never created.
    Absent,
    /// A creation or destroy that did not return: this key, complete, or nothing.
    Either(KeyAttributes, Vec<u8>),
}

type Model = BTreeMap<u32, Expect>;

/// The scripted sequence: create keys of every type, destroy some, overwrite ids again and
/// again until the flash's pages rotate, create more. Stops at the first failure (the cut).
fn script<S: KeyStorage>(
    psa: &Psa<App, DefaultEntropy, 4, S>,
    model: &mut Model,
) -> Result<(), Error> {
    let create = |model: &mut Model, id: u32, seed: u32| -> Result<(), Error> {
        let (attributes, bytes) = key(id, seed);
        model.insert(id, Expect::Either(attributes, bytes.clone()));
        psa.import_key(&attributes, &bytes)?;
        model.insert(id, Expect::Present(attributes, bytes));
        Ok(())
    };
    let destroy = |model: &mut Model, id: u32| -> Result<(), Error> {
        if let Some(Expect::Present(a, b)) = model.get(&id).cloned() {
            model.insert(id, Expect::Either(a, b));
        }
        psa.destroy_key(KeyId(id))?;
        model.insert(id, Expect::Absent);
        Ok(())
    };
    for id in 1..=8 {
        create(model, id, id)?;
    }
    for id in (3..=8).step_by(3) {
        destroy(model, id)?;
    }
    for round in 0..24 {
        let id = 100 + round % 4;
        if round >= 4 {
            destroy(model, id)?;
        }
        create(model, id, round + 10)?;
    }
    for id in 200..204 {
        create(model, id, id)?;
    }
    Ok(())
}

/// After a reboot: every key is as the model allows, nothing is corrupt, and the store
/// still creates, reads and destroys keys.
fn check<S: KeyStorage>(psa: &Psa<App, DefaultEntropy, 4, S>, model: &Model) -> Result<(), String> {
    let mut out = [0u8; 64];
    for (&id, expect) in model {
        let found = psa.get_key_attributes(KeyId(id));
        let present = |a: &KeyAttributes, b: &[u8], out: &mut [u8]| -> Result<(), String> {
            let got = found.map_err(|e| format!("key {id}: {e:?}"))?;
            if got != *a {
                return Err(format!("key {id}: attributes {got:?}, want {a:?}"));
            }
            let n = psa
                .export_key(KeyId(id), out)
                .map_err(|e| format!("key {id}: export {e:?}"))?;
            if out[..n] != *b {
                return Err(format!("key {id}: material differs"));
            }
            Ok(())
        };
        match expect {
            Expect::Present(a, b) => present(a, b, &mut out)?,
            Expect::Absent => {
                if found != Err(Error::InvalidHandle) {
                    return Err(format!("key {id}: destroyed, but {found:?}"));
                }
            }
            Expect::Either(a, b) => {
                if found != Err(Error::InvalidHandle) {
                    present(a, b, &mut out)?;
                }
            }
        }
    }
    let (attributes, bytes) = key(999, 3);
    psa.import_key(&attributes, &bytes)
        .map_err(|e| format!("store stopped working: {e:?}"))?;
    let n = psa
        .export_key(KeyId(999), &mut out)
        .map_err(|e| format!("{e:?}"))?;
    if out[..n] != bytes[..] {
        return Err("new key reads back wrong".into());
    }
    psa.destroy_key(KeyId(999)).map_err(|e| format!("{e:?}"))?;
    Ok(())
}

#[test]
fn a_reboot_on_files_finds_every_key_with_its_attributes_and_material() {
    let dir = temp_dir("reboot");
    let mut model = Model::new();
    {
        let psa = psa(FileStorage::open(&dir).unwrap());
        script(&psa, &mut model).unwrap();
        check(&psa, &model).unwrap();
    }
    let psa = psa(FileStorage::open(&dir).unwrap());
    check(&psa, &model).unwrap();
    // A key loaded from storage is usable, not only readable: sign with it.
    let (a, _) = key(2, 2);
    assert_eq!(a.key_type(), P256);
    let mut sig = [0u8; 64];
    assert_eq!(
        psa.sign_hash(
            KeyId(2),
            Algorithm::ecdsa(Algorithm::SHA_256),
            &[7; 32],
            &mut sig
        ),
        Ok(64)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_reboot_on_flash_finds_every_key_and_pages_rotate() {
    let storage = FlashStorage::new(Sim::new(), RANGE);
    let mut model = Model::new();
    {
        let psa = psa(&storage);
        script(&psa, &mut model).unwrap();
    }
    let flash = storage.into_flash();
    assert!(
        flash.stats.erases > 0,
        "the script fills the flash until pages rotate"
    );
    let storage = FlashStorage::new(flash, RANGE);
    check(&psa(&storage), &model).unwrap();
}

#[test]
fn persistent_key_errors_are_the_spec_s() {
    let dir = temp_dir("errors");
    let storage = FileStorage::open(&dir).unwrap();
    let p = psa(&storage);
    let (a, b) = key(5, 0);
    assert_eq!(p.import_key(&a, &b), Ok(KeyId(5)));
    assert_eq!(
        p.import_key(&a, &b),
        Err(Error::AlreadyExists),
        "id in use (RAM)"
    );
    p.purge_key(KeyId(5)).unwrap();
    assert_eq!(
        p.import_key(&a, &b),
        Err(Error::AlreadyExists),
        "id in use (storage)"
    );
    assert_eq!(
        p.copy_key(KeyId(5), &a),
        Err(Error::AlreadyExists),
        "copy onto an id in use"
    );
    // Outside the user range.
    for id in [0, 0x4000_0000, 0x7fff_0000] {
        assert_eq!(
            p.import_key(&a.with_id(KeyId(id)), &b),
            Err(Error::InvalidArgument),
            "id {id:#x}"
        );
    }
    // Unknown id.
    assert_eq!(p.get_key_attributes(KeyId(6)), Err(Error::InvalidHandle));
    assert_eq!(p.destroy_key(KeyId(6)), Err(Error::InvalidHandle));
    assert_eq!(p.purge_key(KeyId(6)), Err(Error::InvalidHandle));
    // A copy to a persistent id survives like any other key.
    let copy = a.with_id(KeyId(7));
    assert_eq!(p.copy_key(KeyId(5), &copy), Ok(KeyId(7)));
    assert!(storage.path_of(7).exists());
    // Destroy removes the file.
    p.destroy_key(KeyId(7)).unwrap();
    assert!(!storage.path_of(7).exists());
    drop(p);
    // A damaged record: DATA_CORRUPT, and nothing else is affected.
    let path = storage.path_of(5);
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 0x40;
    std::fs::write(&path, &bytes).unwrap();
    let p = psa(&storage);
    assert_eq!(p.get_key_attributes(KeyId(5)), Err(Error::DataCorrupt));
    // It can still be destroyed.
    assert_eq!(p.destroy_key(KeyId(5)), Ok(()));
    assert!(!path.exists());
    // A record that decodes to an impossible key (checksum intact): DATA_INVALID.
    let mut record = std::fs::read(storage.path_of(5)).unwrap_or_default();
    assert!(record.is_empty());
    let (a, b) = key(8, 0);
    p.import_key(&a, &b).unwrap();
    drop(p);
    record = std::fs::read(storage.path_of(8)).unwrap();
    // The file's 11-byte header, then the record: its key type at bytes 6..8 becomes an
    // ECC key pair (of 128 bits, over a 16-byte AES key), and the CRC is recomputed.
    let r = &mut record[11..];
    r[6..8].copy_from_slice(&P256.0.to_le_bytes());
    let end = r.len() - 4;
    let crc = psa_core::storage::crc32(&r[..end]);
    r[end..].copy_from_slice(&crc.to_le_bytes());
    std::fs::write(storage.path_of(8), &record).unwrap();
    let p = psa(&storage);
    assert_eq!(p.get_key_attributes(KeyId(8)), Err(Error::DataInvalid));
    drop(p);
    // Without storage, persistent lifetimes are NOT_SUPPORTED, as before.
    let none: Psa<App> = Psa::new(App::new());
    assert_eq!(none.import_key(&a, &b), Err(Error::NotSupported));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn full_flash_is_insufficient_storage_and_leaves_no_half_key() {
    let storage = FlashStorage::new(NorFlashSim::<2, 1024>::new(), 0..2048);
    let p = psa(&storage);
    let mut created = 0;
    let err = loop {
        let (a, b) = key(1 + created, 3);
        match p.import_key(&a, &b) {
            Ok(_) => created += 1,
            Err(e) => break e,
        }
    };
    assert_eq!(err, Error::InsufficientStorage);
    assert!(created > 3);
    assert_eq!(
        p.get_key_attributes(KeyId(1 + created)),
        Err(Error::InvalidHandle)
    );
    p.destroy_key(KeyId(1)).unwrap();
}

#[test]
fn a_full_cache_evicts_a_persistent_key_rather_than_failing() {
    let storage = FlashStorage::new(Sim::new(), RANGE);
    // Four slots, eight persistent keys, used round-robin.
    let p = psa(&storage);
    for id in 1..=8 {
        let (a, b) = key(id, 1);
        p.import_key(&a, &b).unwrap();
    }
    let mut mac = [0u8; 32];
    for _ in 0..3 {
        for id in 1..=8 {
            assert_eq!(
                p.mac_compute(
                    KeyId(id),
                    Algorithm::hmac(Algorithm::SHA_256),
                    b"m",
                    &mut mac
                ),
                Ok(32)
            );
        }
    }
    // Volatile keys cannot be evicted: with every slot volatile, a persistent key cannot
    // be loaded.
    let volatile: Vec<_> = (0..4)
        .map(|_| {
            p.import_key(
                &KeyAttributes::new().with_type(KeyType::RAW_DATA),
                &[1, 2, 3],
            )
            .unwrap()
        })
        .collect();
    assert_eq!(
        p.get_key_attributes(KeyId(1)),
        Err(Error::InsufficientMemory)
    );
    p.destroy_key(volatile[0]).unwrap();
    assert!(p.get_key_attributes(KeyId(1)).is_ok());
}

/// Run the script with the power cut at `cut`, reboot, check. `None` once the script ran
/// to its end without reaching the cut.
fn cut_run(cut: u64, runs: &mut u64) -> Option<()> {
    let storage = FlashStorage::new(Sim::new(), RANGE);
    storage.with_flash(|f| f.cut_power_after(Some(cut)));
    let mut model = Model::new();
    let finished = script(&psa(&storage), &mut model).is_ok();
    let mut flash = storage.into_flash();
    let was_cut = flash.is_off();
    flash.cut_power_after(None);
    let storage = FlashStorage::new(flash, RANGE);
    if let Err(e) = check(&psa(&storage), &model) {
        panic!("power cut after {cut} flash operations: {e}");
    }
    *runs += 1;
    (was_cut || !finished).then_some(())
}

#[test]
fn power_loss_flash_at_every_write_and_erase() {
    let mut runs = 0;
    let mut cut = 0;
    while cut_run(cut, &mut runs).is_some() {
        cut += 1;
    }
    println!("power_loss_flash: {runs} cut points (every write and erase of the script)");
    assert!(runs > 100, "the script makes many flash operations: {runs}");
}

#[test]
fn power_loss_file_at_every_file_operation() {
    let mut runs = 0;
    for cut in 0.. {
        let dir = temp_dir(&format!("cut-{cut}"));
        let power = PowerCut::after(cut);
        let mut model = Model::new();
        let storage = FileStorage::open(&dir)
            .unwrap()
            .with_power_cut(power.clone());
        let finished = script(&psa(&storage), &mut model).is_ok();
        drop(storage);
        let storage = FileStorage::open(&dir).unwrap();
        if let Err(e) = check(&psa(&storage), &model) {
            panic!("power cut after {cut} file operations: {e}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
        runs += 1;
        if finished && power.operations() < cut {
            break;
        }
    }
    println!("power_loss_file: {runs} cut points (every file operation of the script)");
    assert!(runs > 100, "{runs}");
}
