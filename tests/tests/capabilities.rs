//! Capability matching by the spec's rules: key-management entry points match `algorithms`
//! against the key's policy, and a capability without `entry_points` covers only the entry
//! points whose requests its fields can describe.

use std::sync::atomic::{AtomicUsize, Ordering};

use psa_core::Dispatch;
use psa_core::entry::{self, ImportedKey};
use psa_core::{
    Algorithm, BuiltinKey, EccFamily, Error, KeyAttributes, KeyId, KeyType, Lifetime, Location,
    Persistence, Psa, Result, SlotNumber, UsageFlags, builtin, psa_driver, register_drivers,
};

// RFC 6979 A.2.5 (P-256) private key, and its public key 0x04‖Ux‖Uy.
const SCALAR: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const PUBLIC: &str = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6\
                      7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

/// Mbed TLS's p256-m driver description, as a transparent driver that hands the work to the
/// built-in and counts its calls.
pub struct P256m {
    imports: AtomicUsize,
}

#[psa_driver(
    prefix = "p256m",
    kind = "transparent",
    entry_points = [import_key, export_public_key],
    capability(
        entry_points = [import_key, export_public_key],
        algorithms = [Algorithm::ECDH, Algorithm::ecdsa(Algorithm::ANY_HASH)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256],
    ),
)]
impl P256m {
    fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        self.imports.fetch_add(1, Ordering::Relaxed);
        builtin::import_key(&mut entry::import_key::Args {
            attributes,
            data,
            key_buffer,
        })
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
}

const VAULT: Location = Location::vendor(7);
const VAULT_SLOT: SlotNumber = 3;
const VAULT_KEY: KeyId = KeyId(0x7fff_0042);
static VAULT_KEYS: [BuiltinKey; 1] = [BuiltinKey {
    id: VAULT_KEY,
    lifetime: Lifetime::new(Persistence::READ_ONLY, VAULT),
    slot: VAULT_SLOT,
}];

/// An opaque driver holding one pre-provisioned P-256 key, whose one capability lists only
/// key types.
pub struct Vault {
    loads: AtomicUsize,
}

#[psa_driver(
    prefix = "vault",
    kind = "opaque",
    location = VAULT,
    entry_points = [get_builtin_key, export_public_key],
    capability(key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)]),
)]
impl Vault {
    fn get_builtin_key(
        &self,
        slot_number: SlotNumber,
        attributes: &mut KeyAttributes,
        key_buffer: &mut [u8],
    ) -> Result<usize> {
        self.loads.fetch_add(1, Ordering::Relaxed);
        if slot_number != VAULT_SLOT {
            return Err(Error::DoesNotExist);
        }
        let scalar = hex::decode(SCALAR).map_err(|_| Error::CorruptionDetected)?;
        let out = key_buffer.get_mut(..32).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(&scalar);
        *attributes = attributes
            .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
            .with_bits(256)
            .with_usage(UsageFlags::EXPORT)
            .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256));
        Ok(32)
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
}

register_drivers! {
    /// The p256-m shape first, the vault at its location, the built-in last.
    pub struct Shapes {
        transparent: [p256m: P256m],
        opaque: [vault: Vault],
        builtin: true,
    }
}

fn psa() -> Psa<Shapes> {
    Psa::new(Shapes::new(
        P256m {
            imports: AtomicUsize::new(0),
        },
        Vault {
            loads: AtomicUsize::new(0),
        },
    ))
    .with_builtin_keys(&VAULT_KEYS)
}

fn p256(policy: Algorithm) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(256)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::EXPORT)
        .with_algorithm(policy)
}

#[test]
fn p256m_shape_is_called_for_import_of_a_key_whose_policy_it_lists() {
    let psa = psa();
    let imports = || psa.dispatcher().p256m.imports.load(Ordering::Relaxed);
    let scalar = hex::decode(SCALAR).unwrap();

    let ecdsa = psa
        .import_key(&p256(Algorithm::ecdsa(Algorithm::SHA_256)), &scalar)
        .unwrap();
    assert_eq!(imports(), 1, "ECDSA(SHA_256) is inside ECDSA(ANY_HASH)");
    let mut public = [0u8; 65];
    assert_eq!(psa.export_public_key(ecdsa, &mut public), Ok(65));
    assert_eq!(public.as_slice(), hex::decode(PUBLIC).unwrap());

    psa.import_key(&p256(Algorithm::ECDH), &scalar).unwrap();
    assert_eq!(imports(), 2, "ECDH is listed");

    // A policy the capability does not list: the built-in imports it, p256m is not called.
    psa.import_key(
        &p256(Algorithm::deterministic_ecdsa(Algorithm::SHA_256)),
        &scalar,
    )
    .unwrap();
    assert_eq!(imports(), 2, "deterministic ECDSA is not listed");
}

#[test]
fn key_type_only_capability_does_not_hide_get_builtin_key() {
    let psa = psa();
    let mut public = [0u8; 65];
    assert_eq!(psa.export_public_key(VAULT_KEY, &mut public), Ok(65));
    assert_eq!(public.as_slice(), hex::decode(PUBLIC).unwrap());
    assert!(psa.dispatcher().vault.loads.load(Ordering::Relaxed) >= 1);
}

#[test]
fn hmac_sha256_at_any_truncation() {
    use psa_core::{Capability, EntryPoint, EntryPointSet, Request};
    const HMAC: Algorithm = Algorithm::hmac(Algorithm::SHA_256);
    static ANY: [Algorithm; 1] = [Algorithm::at_least_this_length_mac(HMAC, 4)];
    static FULL: [Algorithm; 1] = [HMAC];
    let hmac = HMAC;
    // The documented declaration: "HMAC-SHA-256, full length or truncated to 4 bytes or more".
    let any = Capability {
        entry_points: EntryPointSet::of(&[EntryPoint::MacCompute]),
        algorithms: &ANY,
        key_types: &[],
        key_sizes: &[],
        fallback: true,
    };
    let req = |alg| Request {
        entry_point: EntryPoint::MacCompute,
        location: Location::LOCAL_STORAGE,
        key_type: KeyType::HMAC,
        bits: 256,
        alg,
    };
    assert!(any.matches(&req(hmac)));
    for length in [4, 16, 31] {
        assert!(
            any.matches(&req(Algorithm::truncated_mac(hmac, length))),
            "{length}"
        );
    }
    assert!(!any.matches(&req(Algorithm::hmac(Algorithm::SHA_384))));
    // `hmac(SHA_256)` alone is the full-length MAC only.
    let full = Capability {
        algorithms: &FULL,
        ..any
    };
    assert!(full.matches(&req(hmac)));
    assert!(!full.matches(&req(Algorithm::truncated_mac(hmac, 16))));
}

#[test]
fn dispatch_tree_shows_each_capability_where_it_applies() {
    use psa_core::EntryPoint;
    let tree = |ep| Shapes::INFO.tree_of(ep).to_string();
    assert_eq!(
        tree(EntryPoint::ImportKey),
        "├── import_key\n\
         │   ├── LOCAL_STORAGE\n\
         │   │   ├── p256m if alg ∈ {ECDH, ECDSA(ANY_HASH)} && type ∈ {ECC_KEY_PAIR(SECP_R1)} && bits ∈ {256}\n\
         │   │   └── built-in\n\
         │   ├── 0x800007 (vault): NOT_SUPPORTED (not declared)\n\
         │   └── other locations: INVALID_ARGUMENT\n"
    );
    // The vault's key-type capability does not apply to `get_builtin_key` (no key type yet)…
    assert_eq!(
        tree(EntryPoint::GetBuiltinKey),
        "├── get_builtin_key\n\
         │   ├── LOCAL_STORAGE\n\
         │   │   └── INVALID_ARGUMENT (no opaque driver here)\n\
         │   ├── 0x800007 (vault): vault, status final\n\
         │   └── other locations: INVALID_ARGUMENT\n"
    );
    // …but does to `export_public_key`.
    assert!(
        tree(EntryPoint::ExportPublicKey)
            .contains("0x800007 (vault): vault if type ∈ {ECC_KEY_PAIR(SECP_R1)}, status final\n")
    );
}

#[test]
fn built_in_is_shown_only_where_it_serves() {
    use psa_core::EntryPoint;
    assert_eq!(
        Shapes::INFO.tree_of(EntryPoint::GetRandom).to_string(),
        "├── get_random\n│   └── NOT_SUPPORTED (the built-in does not serve it)\n"
    );
    assert_eq!(
        Shapes::INFO.tree_of(EntryPoint::HashCompute).to_string(),
        "├── hash_compute\n│   └── built-in\n"
    );
    let table = Shapes::INFO.table().to_string();
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>())
    };
    assert_eq!(
        row("entry"),
        Some(vec!["point", "p256m", "vault", "built-in"])
    );
    assert_eq!(row("import_key"), Some(vec!["x", ".", "x"]));
    assert_eq!(row("get_builtin_key"), Some(vec![".", "x", "."]));
    // `sign_message` is the built-in's with `builtin-curve25519` (PureEdDSA on Ed25519).
    assert_eq!(row("sign_message"), Some(vec![".", ".", "x"]));
    for refused in ["get_random", "asymmetric_encrypt"] {
        assert_eq!(row(refused), Some(vec![".", ".", "."]), "{refused}");
    }
    assert_eq!(row("aead_encrypt"), Some(vec![".", ".", "x"]));
    // The built-in streams multi-part AEAD (GCM, CCM, ChaCha20-Poly1305).
    assert_eq!(row("aead_encrypt_setup"), Some(vec![".", ".", "x"]));
}

register_drivers! {
    /// The p256-m shape alone, without the built-in.
    pub struct NoBuiltin {
        transparent: [p256m: P256m],
        builtin: false,
    }
}

#[test]
fn without_the_built_in_the_tree_has_no_built_in_leaf() {
    use psa_core::EntryPoint;
    let tree = |ep| NoBuiltin::INFO.tree_of(ep).to_string();
    assert_eq!(
        tree(EntryPoint::SignHash),
        "├── sign_hash\n\
         │   ├── LOCAL_STORAGE\n\
         │   │   └── NOT_SUPPORTED (no built-in registered)\n\
         │   └── other locations: INVALID_ARGUMENT\n"
    );
    // Unstructured keys are still stored by the core.
    assert_eq!(
        tree(EntryPoint::ImportKey),
        "├── import_key\n\
         │   ├── LOCAL_STORAGE\n\
         │   │   ├── p256m if alg ∈ {ECDH, ECDSA(ANY_HASH)} && type ∈ {ECC_KEY_PAIR(SECP_R1)} && bits ∈ {256}\n\
         │   │   └── core key store (AES, ChaCha20, HMAC, raw data, derivation keys)\n\
         │   └── other locations: INVALID_ARGUMENT\n"
    );
    let whole = NoBuiltin::INFO.tree().to_string();
    assert!(!whole.contains("built-in\n"), "{whole}");
}

#[test]
fn without_the_built_in_the_core_stores_unstructured_keys() {
    use psa_core::receipt::Candidate;
    let psa: Psa<NoBuiltin> = Psa::new(NoBuiltin::new(P256m {
        imports: AtomicUsize::new(0),
    }));
    let last = || {
        psa.dispatcher()
            .recorder()
            .last()
            .and_then(|r| r.served_by())
    };
    for (key_type, data) in [
        (KeyType::AES, &[1u8; 16][..]),
        (KeyType::HMAC, &[2u8; 20][..]),
        (KeyType::RAW_DATA, &[3u8; 5][..]),
    ] {
        let attrs = KeyAttributes::new()
            .with_type(key_type)
            .with_usage(UsageFlags::EXPORT);
        let id = psa.import_key(&attrs, data).expect("stored by the core");
        assert_eq!(last(), Some(Candidate::CoreStore));
        let mut out = [0u8; 32];
        assert_eq!(psa.export_key(id, &mut out), Ok(data.len()));
        assert_eq!(&out[..data.len()], data);
    }
    // An AES key of a size AES does not have is still rejected, by the spec's error.
    let aes = KeyAttributes::new().with_type(KeyType::AES);
    assert_eq!(psa.import_key(&aes, &[0; 15]), Err(Error::InvalidArgument));
    // Asymmetric keys need a driver or the built-in: the core store does not take a
    // secp256k1 key that p256m's capability leaves out.
    let k1 = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_K1))
        .with_usage(UsageFlags::SIGN_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH));
    assert_eq!(psa.import_key(&k1, &[1; 32]), Err(Error::NotSupported));
}

#[test]
fn multi_part_steps_leave_receipts() {
    let psa = psa();
    let _ = psa.dispatcher().recorder().take().count();
    let mut op = psa.hash_setup(Algorithm::SHA_256).unwrap();
    op.update(b"abc").unwrap();
    let mut out = [0u8; 32];
    assert_eq!(op.finish(&mut out), Ok(32));
    // FIPS 180-2, SHA-256("abc").
    assert_eq!(
        out.as_slice(),
        hex::decode("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad").unwrap()
    );
    drop(op);
    let log: Vec<String> = psa
        .dispatcher()
        .recorder()
        .take()
        .map(|r| r.explain(psa.dispatcher().info()).to_string())
        .collect();
    assert_eq!(
        log,
        [
            "hash_setup         → built-in",
            "hash_update        → built-in",
            "hash_finish        → built-in",
            // The front-end releases the context after finishing.
            "hash_abort         → built-in",
        ]
    );
}

#[test]
fn a_skip_says_which_criterion_failed() {
    let psa = psa();
    let explain = || {
        psa.dispatcher()
            .recorder()
            .last()
            .map(|r| r.explain(psa.dispatcher().info()).to_string())
    };
    // P-384 under an ECDSA policy: the algorithm and key type fit p256m, the size does not.
    let p384 = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_bits(384)
        .with_usage(UsageFlags::SIGN_HASH)
        .with_algorithm(Algorithm::ecdsa(Algorithm::ANY_HASH));
    assert!(psa.import_key(&p384, &[1; 48]).is_ok());
    assert_eq!(
        explain().as_deref(),
        Some("import_key         → built-in  (skipped: p256m outside its capabilities: key size)")
    );
    // An ECDSA policy on a secp256k1 key: the key type.
    let k1 = p384
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_K1))
        .with_bits(256);
    assert_eq!(psa.import_key(&k1, &[1; 32]), Err(Error::NotSupported));
    assert_eq!(
        explain().as_deref(),
        Some(
            "import_key         → built-in returned PSA_ERROR_NOT_SUPPORTED  (skipped: p256m outside its capabilities: key type)"
        )
    );
    // An HMAC key: its policy names no algorithm p256m lists.
    let hmac = KeyAttributes::new()
        .with_type(KeyType::HMAC)
        .with_usage(UsageFlags::SIGN_MESSAGE)
        .with_algorithm(Algorithm::hmac(Algorithm::SHA_256));
    assert!(psa.import_key(&hmac, &[1; 32]).is_ok());
    assert_eq!(
        explain().as_deref(),
        Some("import_key         → built-in  (skipped: p256m outside its capabilities: algorithm)")
    );
}
