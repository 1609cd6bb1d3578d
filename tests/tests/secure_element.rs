//! The secure element through the PSA front-end: key material stays in the element,
//! policy is enforced twice (core and element), the provisioned key is a built-in key.

use psa_core::receipt::Candidate;
use psa_core::{
    Algorithm, BuiltinKey, Dispatch, EccFamily, EntropySource, Error, KeyAttributes, KeyId,
    KeyType, Lifetime, Persistence, Psa, Result, UsageFlags, register_drivers,
};
use psa_drivers::secure_element::{DEVICE_KEY_SLOT, SE_LIFETIME, SE_LOCATION};
use psa_drivers::{P256Driver, SecureElement};

register_drivers! {
    /// p256 for local keys, the element for its location, built-in last.
    pub struct Device {
        transparent: [p256: P256Driver],
        opaque: [se: SecureElement],
        builtin: true,
    }
}

struct Counter(u8);
impl EntropySource for Counter {
    fn fill_entropy(&mut self, out: &mut [u8]) -> Result<()> {
        for b in out {
            self.0 = self.0.wrapping_add(0x3b);
            *b = self.0;
        }
        Ok(())
    }
}

const DEVICE_KEY: KeyId = KeyId(0x7fff_0001);
static BUILTIN: [BuiltinKey; 1] = [BuiltinKey {
    id: DEVICE_KEY,
    lifetime: Lifetime::new(Persistence::READ_ONLY, SE_LOCATION),
    slot: DEVICE_KEY_SLOT,
}];
// Mbed TLS test opaque driver's built-in ECDSA key (facts §5) and its public key.
const DEVICE_SCALAR: &str = "dc7d9d26d67a4f632c34c2dc0b6986183882c206df04cdb7d69aabe28be4f81a";
const DEVICE_PUBLIC: &str = "0485f64d89f00be66c88dd937efd6d7c445648dcb701150b8a9509295850f41c1931e571fb8f8c78317a20b380e866584bbc2516c3d2702d792f131a922095fd6c";
const RFC6979_X: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn device() -> Psa<Device, Counter> {
    let scalar: [u8; 32] = hex(DEVICE_SCALAR).try_into().unwrap();
    let se = SecureElement::provisioned(&scalar).unwrap();
    Psa::with_entropy(Device::new(P256Driver::new(), se), Counter(0)).with_builtin_keys(&BUILTIN)
}

const SE: Candidate = Candidate::Driver(1);

fn served_by(psa: &Psa<Device, Counter>) -> Option<Candidate> {
    psa.dispatcher()
        .recorder()
        .last()
        .and_then(|r| r.served_by())
}

fn element_pair(usage: UsageFlags) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_lifetime(SE_LIFETIME)
        .with_usage(usage)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH))
}

#[test]
fn key_buffer_holds_a_handle_and_private_bytes_never_leave_without_export() {
    let psa = device();
    let scalar = hex(RFC6979_X);
    let id = psa
        .import_key(
            &element_pair(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH),
            &scalar,
        )
        .unwrap();
    assert_eq!(served_by(&psa), Some(SE));
    assert_eq!(psa.dispatcher().se.keys_in_element(), 2);
    // Every API path that could return key bytes.
    let mut out = [0u8; 256];
    assert_eq!(psa.export_key(id, &mut out), Err(Error::NotPermitted));
    assert!(out.iter().all(|&b| b == 0));
    let n = psa.export_public_key(id, &mut out).unwrap();
    assert_eq!(n, 65);
    assert!(
        !out.windows(32).any(|w| w == scalar.as_slice()),
        "public export must not contain the scalar"
    );
    // Copy within the location keeps the material in the element; export still refused.
    let copy_attrs = element_pair(UsageFlags::SIGN_HASH | UsageFlags::EXPORT);
    assert_eq!(
        psa.copy_key(id, &copy_attrs),
        Err(Error::NotPermitted),
        "source lacks USAGE_COPY"
    );
    // Copying to local storage (another location) is NOT_SUPPORTED.
    let src = psa
        .import_key(
            &element_pair(UsageFlags::SIGN_HASH | UsageFlags::COPY | UsageFlags::EXPORT),
            &scalar,
        )
        .unwrap();
    let local = copy_attrs.with_lifetime(Lifetime::VOLATILE);
    assert_eq!(psa.copy_key(src, &local), Err(Error::NotSupported));
    let in_element = psa.copy_key(src, &copy_attrs).unwrap();
    assert_eq!(served_by(&psa), Some(SE));
    // The key's policy permits export: the element releases it.
    assert_eq!(psa.export_key(in_element, &mut out), Ok(32));
    assert_eq!(&out[..32], scalar.as_slice());
}

#[test]
fn element_enforces_its_own_record_of_the_policy() {
    // The element does not trust the attributes the core passes: a key loaded without
    // EXPORT stays unexportable even if a (compromised) caller claims EXPORT.
    let psa = device();
    let se = &psa.dispatcher().se;
    let honest = element_pair(UsageFlags::SIGN_HASH);
    let mut handle = [0u8; 64];
    let imported = se
        .import_key(&honest, &hex(RFC6979_X), &mut handle)
        .unwrap();
    assert_eq!(
        imported.length, 8,
        "the key buffer is a handle, not the key"
    );
    let scalar = hex(RFC6979_X);
    let buffer = &handle[..imported.length];
    assert!(
        !buffer.windows(4).any(|w| scalar.windows(4).any(|k| k == w)),
        "no key bytes in the buffer"
    );
    let lying = honest.with_usage(UsageFlags::EXPORT);
    let mut out = [0u8; 64];
    assert_eq!(
        se.export_key(&lying, &handle[..imported.length], &mut out),
        Err(Error::NotPermitted)
    );
    assert!(out.iter().all(|&b| b == 0));
    // The device key is never exportable, whatever the attributes say.
    let mut attrs = KeyAttributes::new().with_lifetime(SE_LIFETIME);
    let n = se
        .get_builtin_key(DEVICE_KEY_SLOT, &mut attrs, &mut handle)
        .unwrap();
    assert_eq!(
        se.export_key(
            &attrs.with_usage(UsageFlags::EXPORT),
            &handle[..n],
            &mut out
        ),
        Err(Error::NotPermitted)
    );
}

#[test]
fn builtin_device_key_signs_inside_the_element_and_survives_a_fresh_instance() {
    let alg = Algorithm::ecdsa(Algorithm::SHA_256);
    let digest = [0x5au8; 32];
    let mut public = [0u8; 65];
    {
        let psa = device();
        let attrs = psa.get_key_attributes(DEVICE_KEY).unwrap();
        assert_eq!(attrs.id(), DEVICE_KEY);
        assert_eq!(attrs.location(), SE_LOCATION);
        assert!(attrs.lifetime().is_read_only());
        assert!(
            attrs.usage().contains(UsageFlags::SIGN_MESSAGE),
            "implied by SIGN_HASH"
        );
        assert!(!attrs.usage().contains(UsageFlags::EXPORT));
        assert_eq!(psa.export_public_key(DEVICE_KEY, &mut public), Ok(65));
        assert_eq!(public.as_slice(), hex(DEVICE_PUBLIC).as_slice());
        assert_eq!(psa.destroy_key(DEVICE_KEY), Err(Error::NotPermitted));
        assert_eq!(
            psa.export_key(DEVICE_KEY, &mut [0u8; 64]),
            Err(Error::NotPermitted)
        );
    }
    // A fresh instance: the key is provisioned, not created, so its id resolves again.
    let psa = device();
    let mut sig = [0u8; 64];
    assert_eq!(psa.sign_hash(DEVICE_KEY, alg, &digest, &mut sig), Ok(64));
    assert_eq!(served_by(&psa), Some(SE));
    // Verify on local storage with the p256 driver.
    let verifier = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::ecc_public_key(EccFamily::SECP_R1))
                .with_usage(UsageFlags::VERIFY_HASH)
                .with_algorithm(alg),
            &public,
        )
        .unwrap();
    assert_eq!(psa.verify_hash(verifier, alg, &digest, &sig), Ok(()));
    assert_eq!(served_by(&psa), Some(Candidate::Driver(0)));
    // sign_message on the element key: no element sign_message, so the core hashes and the
    // element signs the digest (never the built-in).
    assert_eq!(psa.sign_message(DEVICE_KEY, alg, b"boot", &mut sig), Ok(64));
    assert_eq!(served_by(&psa), Some(SE));
    assert_eq!(psa.verify_message(verifier, alg, b"boot", &sig), Ok(()));
    // An unknown built-in id is INVALID_HANDLE.
    assert_eq!(
        psa.get_key_attributes(KeyId(0x7fff_0002)),
        Err(Error::InvalidHandle)
    );
}

#[test]
fn element_keys_are_erased_on_destroy_and_stale_handles_fail() {
    let psa = device();
    let before = psa.dispatcher().se.keys_in_element();
    let id = psa
        .generate_key(&element_pair(UsageFlags::SIGN_HASH).with_bits(256))
        .unwrap();
    assert_eq!(psa.dispatcher().se.keys_in_element(), before + 1);
    psa.destroy_key(id).unwrap();
    assert_eq!(psa.dispatcher().se.keys_in_element(), before);
    assert_eq!(
        psa.sign_hash(
            id,
            Algorithm::ecdsa(Algorithm::SHA_256),
            &[0; 32],
            &mut [0; 64]
        ),
        Err(Error::InvalidHandle)
    );
}

#[test]
fn opaque_not_supported_is_final() {
    let psa = device();
    // The element serves P-256 only; a P-384 import at its location is NOT_SUPPORTED and
    // the built-in is never tried.
    let attrs = element_pair(UsageFlags::SIGN_HASH).with_bits(384);
    let p384_scalar = [0x11u8; 48];
    assert_eq!(
        psa.import_key(&attrs, &p384_scalar),
        Err(Error::NotSupported)
    );
    let r = psa.dispatcher().recorder().last().unwrap();
    assert_eq!(r.served_by(), Some(SE));
    assert!(r.steps().iter().all(|(c, _)| *c == SE));
    // ECDH on the element with the wrong algorithm: outside its capability → NOT_SUPPORTED.
    let key = psa
        .import_key(
            &element_pair(UsageFlags::DERIVE).with_algorithm(Algorithm::ECDH),
            &hex(RFC6979_X),
        )
        .unwrap();
    let mut peer = [0u8; 65];
    psa.export_public_key(DEVICE_KEY, &mut peer).unwrap();
    let mut secret = [0u8; 32];
    assert_eq!(
        psa.raw_key_agreement(Algorithm::ECDH, key, &peer, &mut secret),
        Ok(32)
    );
    assert_eq!(served_by(&psa), Some(SE));
}
