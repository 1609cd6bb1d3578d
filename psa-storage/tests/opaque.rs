//! A persistent key on an opaque location (the simulated secure element) survives a reboot
//! of the core and is still served by its driver; storage holds only its handle.

use psa_core::{
    Algorithm, DefaultEntropy, EccFamily, Error, ImportedKey, KeyAttributes, KeyId, KeyType,
    Lifetime, Persistence, Psa, Result, Rng, UsageFlags, psa_driver, register_drivers,
};
use psa_drivers::SecureElement;
use psa_drivers::secure_element::SE_LOCATION;
use psa_storage::FlashStorage;
use psa_storage::sim::NorFlashSim;

/// The element outlives the core: a reboot of the MCU does not erase the chip.
static ELEMENT: std::sync::LazyLock<SecureElement> =
    std::sync::LazyLock::new(|| SecureElement::provisioned(&[0x11; 32]).unwrap());

/// The session with that element, as a fresh core opens it after a reboot.
pub struct Session;

#[psa_driver(
    prefix = "session",
    kind = "opaque",
    location = SE_LOCATION,
    entry_points = [allocate_key, import_key, generate_key, export_public_key, destroy_key, sign_hash],
)]
impl Session {
    fn allocate_key(&self, attributes: &KeyAttributes, key_buffer: &mut [u8]) -> Result<usize> {
        ELEMENT.allocate_key(attributes, key_buffer)
    }
    fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        ELEMENT.import_key(attributes, data, key_buffer)
    }
    fn generate_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        ELEMENT.generate_key(attributes, key_buffer, rng)
    }
    fn export_public_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        ELEMENT.export_public_key(attributes, key_buffer, data)
    }
    fn destroy_key(&self, attributes: &KeyAttributes, key_buffer: &[u8]) -> Result<()> {
        ELEMENT.destroy_key(attributes, key_buffer)
    }
    fn sign_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        ELEMENT.sign_hash(attributes, key_buffer, alg, hash, signature, rng)
    }
}

register_drivers! {
    /// The element's session and the built-in.
    pub struct Board {
        opaque: [se: Session],
        builtin: true,
    }
}

type Sim = NorFlashSim<4, 1024>;

#[test]
fn an_opaque_persistent_key_survives_a_reboot_and_only_its_handle_is_stored() {
    let scalar = [0x42u8; 32];
    let id = KeyId(0x1234);
    let attributes = KeyAttributes::new()
        .with_id(id)
        .with_lifetime(Lifetime::new(Persistence::DEFAULT, SE_LOCATION))
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_usage(UsageFlags::SIGN_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256));
    let before = ELEMENT.keys_in_element();
    let storage = FlashStorage::new(Sim::new(), 0..4096);
    let mut public = [0u8; 65];
    {
        let psa: Psa<Board, DefaultEntropy, 4, _> =
            Psa::with_storage(Board::new(Session), &storage);
        assert_eq!(psa.import_key(&attributes, &scalar), Ok(id));
        assert_eq!(psa.export_public_key(id, &mut public), Ok(65));
    }
    assert_eq!(
        ELEMENT.keys_in_element(),
        before + 1,
        "the element holds the key"
    );
    // The flash holds the record, but never the key material.
    let flash = storage.into_flash();
    assert!(
        !flash.as_bytes().windows(32).any(|w| w == scalar),
        "key material reached storage"
    );
    // Reboot: a new core on the surviving flash and the same element.
    let storage = FlashStorage::new(flash, 0..4096);
    let psa: Psa<Board, DefaultEntropy, 4, _> = Psa::with_storage(Board::new(Session), &storage);
    let found = psa.get_key_attributes(id).unwrap();
    assert_eq!(found, attributes);
    let mut again = [0u8; 65];
    assert_eq!(psa.export_public_key(id, &mut again), Ok(65));
    assert_eq!(again, public, "served by the element after the reboot");
    let digest = [0x5a; 32];
    let mut sig = [0u8; 64];
    assert_eq!(
        psa.sign_hash(id, Algorithm::ecdsa(Algorithm::SHA_256), &digest, &mut sig),
        Ok(64)
    );
    let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&public).unwrap();
    let sig = p256::ecdsa::Signature::from_slice(&sig).unwrap();
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    assert!(vk.verify_prehash(&digest, &sig).is_ok());
    // Purge drops only the RAM copy: the element keeps the key.
    psa.purge_key(id).unwrap();
    assert_eq!(ELEMENT.keys_in_element(), before + 1);
    // Destroy removes the record and tells the element.
    psa.destroy_key(id).unwrap();
    assert_eq!(ELEMENT.keys_in_element(), before);
    assert_eq!(psa.get_key_attributes(id), Err(Error::InvalidHandle));
    drop(psa);
    let storage = FlashStorage::new(storage.into_flash(), 0..4096);
    let psa: Psa<Board, DefaultEntropy, 4, _> = Psa::with_storage(Board::new(Session), &storage);
    assert_eq!(
        psa.get_key_attributes(id),
        Err(Error::InvalidHandle),
        "gone after a reboot"
    );
}
