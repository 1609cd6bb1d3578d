//! An opaque key as the secret (or password) of a key derivation, routed to its driver
//! (`key_derivation_input_key`): the inputs given before the secret are held by the core and
//! replayed to the driver in order, every later step goes to that driver, the capacity stays
//! in the core, and the policy is checked before any driver runs.
//!
//! The test driver `Vault` is an opaque driver at its own location that keeps its keys in
//! its own table (the key buffer holds only a handle) and runs HKDF-SHA-256 and
//! PBKDF2-HMAC-SHA-256 on the RustCrypto `hkdf` and `pbkdf2` crates.
//!
//! Vectors: RFC 5869 Appendix A.1–A.3 (HKDF-SHA-256) and RFC 7914 §11's first
//! PBKDF2-HMAC-SHA-256 vector (`passwd` / `salt`, c = 1, 64 bytes); each value was also
//! recomputed with Python's `hmac` / `hashlib` when written. Longer-than-held salts are
//! compared with the `hkdf` crate computed in the test.
//!
//! `cargo test -p psa-tests --test kdf_opaque -- --nocapture` prints the vector counts and
//! the receipts.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use psa_core::entry::ImportedKey;
use psa_core::{
    Algorithm, DerivationStep, Dispatch, Error, KEY_DERIVATION_PENDING_BYTES,
    KEY_DERIVATION_PENDING_INPUTS, KeyAttributes, KeyId, KeyType, Lifetime, Location, Psa, Result,
    UsageFlags, psa_driver, register_drivers,
};
use psa_tests::support::hex;
use sha2::Sha256;
use zeroize::Zeroizing;

const VAULT: Location = Location::vendor(0x4b44);

fn hkdf_sha256() -> Algorithm {
    Algorithm::hkdf(Algorithm::SHA_256)
}

fn pbkdf2_sha256() -> Algorithm {
    Algorithm::pbkdf2_hmac(Algorithm::SHA_256)
}

/// What the vault's derivation has been given.
pub struct VaultKdf {
    alg: Algorithm,
    secret: Zeroizing<Vec<u8>>,
    salt: Option<Vec<u8>>,
    info: Option<Vec<u8>>,
    cost: Option<u32>,
    /// Output bytes already produced.
    position: usize,
}

/// An opaque driver that keeps its keys in its own table and derives in it.
pub struct Vault {
    keys: Mutex<Vec<Option<Zeroizing<Vec<u8>>>>>,
    /// `key_derivation_input_key` calls.
    setups: AtomicU32,
    /// `key_derivation_abort` calls.
    aborts: AtomicU32,
    /// The length of every output buffer the vault was handed.
    outputs: Mutex<Vec<usize>>,
    /// Refuse every `key_derivation_input_bytes` (a replay that fails).
    refuse_inputs: AtomicBool,
}

impl Vault {
    fn new() -> Self {
        Vault {
            keys: Mutex::new(Vec::new()),
            setups: AtomicU32::new(0),
            aborts: AtomicU32::new(0),
            outputs: Mutex::new(Vec::new()),
            refuse_inputs: AtomicBool::new(false),
        }
    }

    fn handle(key_buffer: &[u8]) -> Result<usize> {
        let handle: [u8; 4] = key_buffer.try_into().map_err(|_| Error::InvalidArgument)?;
        Ok(u32::from_le_bytes(handle) as usize)
    }
}

#[psa_driver(
    prefix = "vault",
    kind = "opaque",
    location = VAULT,
    entry_points = [
        import_key, destroy_key,
        key_derivation_input_key, key_derivation_input_bytes, key_derivation_input_integer,
        key_derivation_output_bytes, key_derivation_abort,
    ],
)]
impl Vault {
    fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        if !matches!(
            attributes.key_type(),
            KeyType::DERIVE | KeyType::PASSWORD | KeyType::RAW_DATA
        ) || data.is_empty()
        {
            return Err(Error::NotSupported);
        }
        let mut keys = self.keys.lock().unwrap();
        let handle = u32::try_from(keys.len()).map_err(|_| Error::InsufficientMemory)?;
        keys.push(Some(Zeroizing::new(data.to_vec())));
        key_buffer
            .get_mut(..4)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&handle.to_le_bytes());
        Ok(ImportedKey {
            length: 4,
            bits: data.len() * 8,
        })
    }

    fn destroy_key(&self, _attributes: &KeyAttributes, key_buffer: &[u8]) -> Result<()> {
        let handle = Self::handle(key_buffer)?;
        if let Some(slot) = self.keys.lock().unwrap().get_mut(handle) {
            *slot = None;
        }
        Ok(())
    }

    fn key_derivation_input_key(
        &self,
        _attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        step: DerivationStep,
    ) -> Result<VaultKdf> {
        self.setups.fetch_add(1, Ordering::SeqCst);
        let expected = if alg == hkdf_sha256() {
            DerivationStep::Secret
        } else if alg == pbkdf2_sha256() {
            DerivationStep::Password
        } else {
            return Err(Error::NotSupported);
        };
        if step != expected {
            return Err(Error::InvalidArgument);
        }
        let handle = Self::handle(key_buffer)?;
        let keys = self.keys.lock().unwrap();
        let secret = keys
            .get(handle)
            .and_then(Option::as_ref)
            .ok_or(Error::DoesNotExist)?;
        Ok(VaultKdf {
            alg,
            secret: Zeroizing::new(secret.to_vec()),
            salt: None,
            info: None,
            cost: None,
            position: 0,
        })
    }

    fn key_derivation_input_bytes(
        &self,
        ctx: &mut VaultKdf,
        step: DerivationStep,
        data: &[u8],
    ) -> Result<()> {
        if self.refuse_inputs.load(Ordering::SeqCst) {
            return Err(Error::HardwareFailure);
        }
        if ctx.position > 0 {
            return Err(Error::BadState);
        }
        match (ctx.alg == hkdf_sha256(), step) {
            (true, DerivationStep::Salt) if ctx.salt.is_none() && ctx.info.is_none() => {
                ctx.salt = Some(data.to_vec());
            }
            (true, DerivationStep::Info) if ctx.info.is_none() => ctx.info = Some(data.to_vec()),
            // PBKDF2: salts (concatenated) after the cost.
            (false, DerivationStep::Salt) if ctx.cost.is_some() => {
                ctx.salt
                    .get_or_insert_with(Vec::new)
                    .extend_from_slice(data);
            }
            _ => return Err(Error::BadState),
        }
        Ok(())
    }

    fn key_derivation_input_integer(
        &self,
        ctx: &mut VaultKdf,
        step: DerivationStep,
        value: u64,
    ) -> Result<()> {
        if ctx.alg != pbkdf2_sha256() || step != DerivationStep::Cost || ctx.cost.is_some() {
            return Err(Error::BadState);
        }
        ctx.cost = Some(
            u32::try_from(value)
                .ok()
                .filter(|&c| c > 0)
                .ok_or(Error::InvalidArgument)?,
        );
        Ok(())
    }

    fn key_derivation_output_bytes(&self, ctx: &mut VaultKdf, output: &mut [u8]) -> Result<()> {
        self.outputs.lock().unwrap().push(output.len());
        let end = ctx.position + output.len();
        let mut stream = Zeroizing::new(vec![0u8; end]);
        if ctx.alg == hkdf_sha256() {
            let info = ctx.info.as_ref().ok_or(Error::BadState)?;
            hkdf::Hkdf::<Sha256>::new(ctx.salt.as_deref(), &ctx.secret)
                .expand(info, &mut stream)
                .map_err(|_| Error::InsufficientData)?;
        } else {
            let (Some(cost), Some(salt)) = (ctx.cost, ctx.salt.as_ref()) else {
                return Err(Error::BadState);
            };
            pbkdf2::pbkdf2_hmac::<Sha256>(&ctx.secret, salt, cost, &mut stream);
        }
        output.copy_from_slice(&stream[ctx.position..]);
        ctx.position = end;
        Ok(())
    }

    fn key_derivation_abort(&self, _ctx: &mut VaultKdf) -> Result<()> {
        self.aborts.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

register_drivers! {
    /// The vault for its keys; the built-in (HKDF, PBKDF2) for local ones.
    pub struct App {
        opaque: [vault: Vault],
        builtin: true,
    }
}

register_drivers! {
    /// The vault alone: nobody serves a key derivation until an opaque secret arrives.
    pub struct VaultOnly {
        opaque: [vault: Vault],
        builtin: false,
    }
}

fn psa() -> Psa<App> {
    Psa::new(App::new(Vault::new()))
}

/// A DERIVE (or PASSWORD) key for `alg` at `location`.
fn key<D: Dispatch>(
    psa: &Psa<D>,
    key_type: KeyType,
    usage: UsageFlags,
    alg: Algorithm,
    location: Location,
    material: &[u8],
) -> KeyId {
    let attributes = KeyAttributes::new()
        .with_type(key_type)
        .with_usage(usage)
        .with_algorithm(alg)
        .with_lifetime(Lifetime::volatile_at(location));
    psa.import_key(&attributes, material).unwrap()
}

fn receipts<D: Dispatch>(psa: &Psa<D>) -> Vec<String> {
    let log: Vec<String> = psa
        .dispatcher()
        .recorder()
        .take()
        .map(|r| r.explain(psa.dispatcher().info()).to_string())
        .collect();
    println!("{}", log.join("\n"));
    log
}

fn served(log: &[String], entry_point: &str, driver: &str) -> usize {
    log.iter()
        .filter(|l| l.starts_with(entry_point) && l.contains(&format!("→ {driver}")))
        .count()
}

/// One RFC 5869 test case: (IKM, salt, info, OKM).
type Hkdf5869 = (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>);

/// RFC 5869 Appendix A.1–A.3.
fn rfc5869() -> [Hkdf5869; 3] {
    [
        (
            vec![0x0b; 22],
            (0x00..=0x0c).collect(),
            (0xf0..=0xf9).collect(),
            hex(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
            ),
        ),
        (
            (0x00..=0x4f).collect(),
            (0x60..=0xaf).collect(),
            (0xb0..=0xff).collect(),
            hex(concat!(
                "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c",
                "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71",
                "cc30c58179ec3e87c14c01d5c1f3434f1d87",
            )),
        ),
        (
            vec![0x0b; 22],
            Vec::new(),
            Vec::new(),
            hex(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
            ),
        ),
    ]
}

/// RFC 7914 §11, first vector: PBKDF2-HMAC-SHA-256 of `passwd` / `salt`, c = 1, 64 bytes.
const RFC7914_PASSWD: &str = "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783";

#[test]
fn rfc5869_through_the_vault_with_the_salt_before_or_after_the_secret() {
    let psa = psa();
    let mut vectors = 0;
    for (ikm, salt, info, okm) in rfc5869() {
        let secret = key(
            &psa,
            KeyType::DERIVE,
            UsageFlags::DERIVE,
            hkdf_sha256(),
            VAULT,
            &ikm,
        );
        // The salt before the secret: held by the core, replayed to the vault.
        let _ = receipts(&psa);
        let mut op = psa.key_derivation_operation();
        op.setup(hkdf_sha256()).unwrap();
        op.input_bytes(DerivationStep::Salt, &salt).unwrap();
        op.input_key(DerivationStep::Secret, secret).unwrap();
        op.input_bytes(DerivationStep::Info, &info).unwrap();
        let mut out = vec![0u8; okm.len()];
        op.output_bytes(&mut out).unwrap();
        assert_eq!(out, okm);
        assert_eq!(op.get_capacity(), Ok(255 * 32 - okm.len()));
        op.abort().unwrap();
        let log = receipts(&psa);
        // The built-in took the salt first; the vault got the secret, the replayed salt,
        // the info and the output; the built-in's context was released.
        assert_eq!(
            served(&log, "key_derivation_input_key", "vault"),
            1,
            "{log:?}"
        );
        assert_eq!(served(&log, "key_derivation_input_bytes", "vault"), 2);
        assert_eq!(served(&log, "key_derivation_output_bytes", "vault"), 1);
        assert_eq!(served(&log, "key_derivation_abort", "vault"), 1);
        assert!(
            log.iter()
                .any(|l| l.starts_with("key_derivation_abort") && l.contains("built-in")),
            "{log:?}"
        );
        // The salt after the secret: the vault from the start of its part. Streamed in two
        // outputs, the second continuing the first.
        let mut op = psa.key_derivation_operation();
        op.setup(hkdf_sha256()).unwrap();
        op.input_key(DerivationStep::Secret, secret).unwrap();
        // (The vault cannot tell this salt from a replayed one: the order of a KDF's
        // inputs is its implementation's to check, and the vault takes a salt before the
        // info.)
        op.input_bytes(DerivationStep::Salt, &salt).unwrap();
        op.input_bytes(DerivationStep::Info, &info).unwrap();
        let mut out = vec![0u8; okm.len()];
        let (first, second) = out.split_at_mut(10);
        op.output_bytes(first).unwrap();
        op.output_bytes(second).unwrap();
        assert_eq!(out, okm);
        drop(op);
        vectors += 1;
    }
    let vault = &psa.dispatcher().vault;
    assert_eq!(vault.setups.load(Ordering::SeqCst), 6);
    assert_eq!(
        vault.aborts.load(Ordering::SeqCst),
        6,
        "every context released once"
    );
    // The vault was handed exactly the lengths asked for.
    assert_eq!(
        *vault.outputs.lock().unwrap(),
        [42, 10, 32, 82, 10, 72, 42, 10, 32]
    );
    println!(
        "rfc5869 A.1-A.3 through an opaque driver (salt before and after the secret): {vectors} vectors"
    );
}

#[test]
fn pbkdf2_through_the_vault_with_the_cost_and_salt_before_the_password() {
    let psa = psa();
    let password = key(
        &psa,
        KeyType::PASSWORD,
        UsageFlags::DERIVE,
        pbkdf2_sha256(),
        VAULT,
        b"passwd",
    );
    let expected = hex(RFC7914_PASSWD);
    let _ = receipts(&psa);
    // The salt in three parts (concatenated): cost and three salts, four held inputs.
    let mut op = psa.key_derivation_operation();
    op.setup(pbkdf2_sha256()).unwrap();
    op.input_integer(DerivationStep::Cost, 1).unwrap();
    for part in [&b"s"[..], b"a", b"lt"] {
        op.input_bytes(DerivationStep::Salt, part).unwrap();
    }
    op.input_key(DerivationStep::Password, password).unwrap();
    let mut out = [0u8; 64];
    op.output_bytes(&mut out).unwrap();
    assert_eq!(out[..], expected[..]);
    drop(op);
    let log = receipts(&psa);
    assert_eq!(served(&log, "key_derivation_input_key", "vault"), 1);
    assert_eq!(served(&log, "key_derivation_input_integer", "vault"), 1);
    assert_eq!(served(&log, "key_derivation_input_bytes", "vault"), 3);
    assert_eq!(served(&log, "key_derivation_output_bytes", "vault"), 1);
    // The replay is in order: the integer before the salts.
    let replay: Vec<&String> = log
        .iter()
        .filter(|l| l.starts_with("key_derivation_input") && l.contains("→ vault"))
        .collect();
    assert!(
        replay[0].starts_with("key_derivation_input_key"),
        "{replay:?}"
    );
    assert!(
        replay[1].starts_with("key_derivation_input_integer"),
        "{replay:?}"
    );
    println!("rfc7914 §11 PBKDF2-HMAC-SHA-256 through an opaque driver: 1 vectors");
}

#[test]
fn without_derive_or_outside_the_algorithm_is_not_permitted_before_the_driver() {
    let psa = psa();
    let no_derive = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::EXPORT,
        hkdf_sha256(),
        VAULT,
        &[0x0b; 22],
    );
    let other_alg = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::DERIVE,
        Algorithm::hkdf(Algorithm::SHA_384),
        VAULT,
        &[0x0b; 22],
    );
    let _ = receipts(&psa);
    for id in [no_derive, other_alg] {
        let mut op = psa.key_derivation_operation();
        op.setup(hkdf_sha256()).unwrap();
        op.input_bytes(DerivationStep::Salt, b"salt").unwrap();
        assert_eq!(
            op.input_key(DerivationStep::Secret, id),
            Err(Error::NotPermitted)
        );
        // The error state: only abort.
        assert_eq!(
            op.input_bytes(DerivationStep::Info, b""),
            Err(Error::BadState)
        );
        op.abort().unwrap();
    }
    let log = receipts(&psa);
    assert_eq!(psa.dispatcher().vault.setups.load(Ordering::SeqCst), 0);
    assert!(
        !log.iter().any(|l| l.contains("→ vault")),
        "the vault was not called: {log:?}"
    );
}

#[test]
fn more_held_input_than_fits_is_insufficient_memory_while_local_keys_still_work() {
    let psa = psa();
    let ikm = [0x0b; 22];
    let opaque = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::DERIVE,
        hkdf_sha256(),
        VAULT,
        &ikm,
    );
    let local = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::DERIVE,
        hkdf_sha256(),
        Location::LOCAL_STORAGE,
        &ikm,
    );
    let derive = |salt: &[u8], secret: KeyId| -> Result<[u8; 42]> {
        let mut op = psa.key_derivation_operation();
        op.setup(hkdf_sha256())?;
        op.input_bytes(DerivationStep::Salt, salt)?;
        op.input_key(DerivationStep::Secret, secret)?;
        op.input_bytes(DerivationStep::Info, b"info")?;
        let mut out = [0u8; 42];
        op.output_bytes(&mut out)?;
        Ok(out)
    };
    let reference = |salt: &[u8]| {
        let mut out = [0u8; 42];
        hkdf::Hkdf::<Sha256>::new(Some(salt), &ikm)
            .expand(b"info", &mut out)
            .unwrap();
        out
    };
    // Exactly what the core holds: replayed.
    let fits: Vec<u8> = (0..KEY_DERIVATION_PENDING_BYTES as u8).collect();
    assert_eq!(derive(&fits, opaque), Ok(reference(&fits)));
    // One byte more: refused when the opaque secret arrives, the vault not asked.
    let long: Vec<u8> = (0..=KEY_DERIVATION_PENDING_BYTES as u8).collect();
    let setups = psa.dispatcher().vault.setups.load(Ordering::SeqCst);
    assert_eq!(derive(&long, opaque), Err(Error::InsufficientMemory));
    assert_eq!(psa.dispatcher().vault.setups.load(Ordering::SeqCst), setups);
    // The same long salts with a local secret: the built-in, as before.
    assert_eq!(derive(&long, local), Ok(reference(&long)));
    let longer = vec![0x5a; 1000];
    assert_eq!(derive(&longer, local), Ok(reference(&longer)));

    // More inputs than the core holds: the cost and four salts before the password.
    let password = key(
        &psa,
        KeyType::PASSWORD,
        UsageFlags::DERIVE,
        pbkdf2_sha256(),
        VAULT,
        b"passwd",
    );
    let local_password = key(
        &psa,
        KeyType::PASSWORD,
        UsageFlags::DERIVE,
        pbkdf2_sha256(),
        Location::LOCAL_STORAGE,
        b"passwd",
    );
    assert_eq!(KEY_DERIVATION_PENDING_INPUTS, 4);
    let pbkdf2 = |secret: KeyId| -> Result<[u8; 64]> {
        let mut op = psa.key_derivation_operation();
        op.setup(pbkdf2_sha256())?;
        op.input_integer(DerivationStep::Cost, 1)?;
        for part in [&b"s"[..], b"a", b"l", b"t"] {
            op.input_bytes(DerivationStep::Salt, part)?;
        }
        op.input_key(DerivationStep::Password, secret)?;
        let mut out = [0u8; 64];
        op.output_bytes(&mut out)?;
        Ok(out)
    };
    assert_eq!(pbkdf2(password), Err(Error::InsufficientMemory));
    assert_eq!(
        pbkdf2(local_password).map(|o| o.to_vec()),
        Ok(hex(RFC7914_PASSWD))
    );
}

#[test]
fn output_key_and_verify_bytes_from_an_opaque_secret() {
    let psa = psa();
    let [(ikm, salt, info, okm), ..] = rfc5869();
    let secret = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::DERIVE | UsageFlags::VERIFY_DERIVATION,
        hkdf_sha256(),
        VAULT,
        &ikm,
    );
    let run = || {
        let mut op = psa.key_derivation_operation();
        op.setup(hkdf_sha256()).unwrap();
        op.input_bytes(DerivationStep::Salt, &salt).unwrap();
        op.input_key(DerivationStep::Secret, secret).unwrap();
        op.input_bytes(DerivationStep::Info, &info).unwrap();
        op
    };
    // output_key: the first 16 bytes as an AES-128 key, the next 26 as raw data.
    let mut op = run();
    let aes = op
        .output_key(
            &KeyAttributes::new()
                .with_type(KeyType::AES)
                .with_bits(128)
                .with_usage(UsageFlags::EXPORT),
        )
        .unwrap();
    let raw = op
        .output_key(
            &KeyAttributes::new()
                .with_type(KeyType::RAW_DATA)
                .with_bits(26 * 8)
                .with_usage(UsageFlags::EXPORT),
        )
        .unwrap();
    drop(op);
    let mut exported = [0u8; 26];
    assert_eq!(psa.export_key(aes, &mut exported), Ok(16));
    assert_eq!(exported[..16], okm[..16]);
    assert_eq!(psa.export_key(raw, &mut exported), Ok(26));
    assert_eq!(exported[..], okm[16..]);

    // verify_bytes: the RFC's OKM matches; one flipped bit does not.
    let mut op = run();
    assert_eq!(op.verify_bytes(&okm), Ok(()));
    let mut wrong = okm.clone();
    wrong[41] ^= 1;
    let mut op2 = run();
    assert_eq!(op2.verify_bytes(&wrong), Err(Error::InvalidSignature));
    op.abort().unwrap();
    op2.abort().unwrap();
}

#[test]
fn abort_releases_the_vault_and_forgets_the_held_inputs() {
    let psa = psa();
    let [_, _, (ikm, _, _, okm_a3)] = rfc5869();
    let secret = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::DERIVE,
        hkdf_sha256(),
        VAULT,
        &ikm,
    );
    let mut op = psa.key_derivation_operation();
    // A salt held, then abort: the next derivation on the same object has no salt.
    op.setup(hkdf_sha256()).unwrap();
    op.input_bytes(DerivationStep::Salt, b"a salt to forget")
        .unwrap();
    op.abort().unwrap();
    assert!(!op.is_active());
    // A bound operation aborted: the vault's context released once.
    op.setup(hkdf_sha256()).unwrap();
    op.input_key(DerivationStep::Secret, secret).unwrap();
    op.abort().unwrap();
    assert_eq!(psa.dispatcher().vault.aborts.load(Ordering::SeqCst), 1);
    assert_eq!(
        format!("{op:?}"),
        "KeyDerivationOperation { state: \"inactive\", .. }"
    );
    // RFC 5869 A.3 (no salt, no info): nothing of the aborted operations is replayed.
    let _ = receipts(&psa);
    op.setup(hkdf_sha256()).unwrap();
    op.input_key(DerivationStep::Secret, secret).unwrap();
    op.input_bytes(DerivationStep::Info, b"").unwrap();
    let mut out = [0u8; 42];
    op.output_bytes(&mut out).unwrap();
    assert_eq!(out[..], okm_a3[..]);
    drop(op);
    let log = receipts(&psa);
    assert_eq!(
        served(&log, "key_derivation_input_bytes", "vault"),
        1,
        "{log:?}"
    );
    assert_eq!(psa.dispatcher().vault.aborts.load(Ordering::SeqCst), 2);
}

#[test]
fn a_failed_replay_or_an_unserved_derivation_ends_the_operation() {
    let psa = psa();
    let secret = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::DERIVE,
        hkdf_sha256(),
        VAULT,
        &[0x0b; 22],
    );
    let vault = &psa.dispatcher().vault;
    // The vault refuses the replayed salt: the error reaches the caller, the vault's new
    // context and the built-in's are both released, and the operation needs abort.
    vault.refuse_inputs.store(true, Ordering::SeqCst);
    let _ = receipts(&psa);
    let mut op = psa.key_derivation_operation();
    op.setup(hkdf_sha256()).unwrap();
    op.input_bytes(DerivationStep::Salt, b"salt").unwrap();
    assert_eq!(
        op.input_key(DerivationStep::Secret, secret),
        Err(Error::HardwareFailure)
    );
    assert_eq!(vault.setups.load(Ordering::SeqCst), 1);
    assert_eq!(vault.aborts.load(Ordering::SeqCst), 1);
    let log = receipts(&psa);
    assert!(
        log.iter()
            .any(|l| l.starts_with("key_derivation_abort") && l.contains("built-in")),
        "{log:?}"
    );
    assert_eq!(
        op.input_bytes(DerivationStep::Info, b""),
        Err(Error::BadState)
    );
    op.abort().unwrap();
    vault.refuse_inputs.store(false, Ordering::SeqCst);

    // HKDF-SHA-512: the built-in serves it for local keys, the vault does not; its
    // NOT_SUPPORTED is final (the key exists nowhere else).
    let hkdf512 = Algorithm::hkdf(Algorithm::SHA_512);
    let secret512 = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::DERIVE,
        hkdf512,
        VAULT,
        &[0x0b; 22],
    );
    op.setup(hkdf512).unwrap();
    assert_eq!(
        op.input_key(DerivationStep::Secret, secret512),
        Err(Error::NotSupported)
    );
    op.abort().unwrap();
    assert_eq!(vault.setups.load(Ordering::SeqCst), 2);
    // An opaque key as another input than the secret, and a second secret.
    let raw = key(
        &psa,
        KeyType::RAW_DATA,
        UsageFlags::DERIVE,
        hkdf_sha256(),
        VAULT,
        b"salt",
    );
    op.setup(hkdf_sha256()).unwrap();
    assert_eq!(
        op.input_key(DerivationStep::Salt, raw),
        Err(Error::NotSupported)
    );
    op.abort().unwrap();
    op.setup(hkdf_sha256()).unwrap();
    op.input_key(DerivationStep::Secret, secret).unwrap();
    assert_eq!(
        op.input_key(DerivationStep::Secret, secret),
        Err(Error::BadState)
    );
    op.abort().unwrap();
    // Output before the secret, capacity before and after the move.
    op.setup(hkdf_sha256()).unwrap();
    op.set_capacity(20).unwrap();
    op.input_key(DerivationStep::Secret, secret).unwrap();
    op.input_bytes(DerivationStep::Info, b"").unwrap();
    let mut out = [0u8; 21];
    assert_eq!(op.output_bytes(&mut out), Err(Error::InsufficientData));
    assert_eq!(op.get_capacity(), Ok(0));
    op.abort().unwrap();
}

#[test]
fn with_no_other_implementation_the_operation_waits_for_the_opaque_secret() {
    let psa = Psa::new(VaultOnly::new(Vault::new()));
    let [(ikm, salt, info, okm), ..] = rfc5869();
    let secret = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::DERIVE,
        hkdf_sha256(),
        VAULT,
        &ikm,
    );
    let local = key(
        &psa,
        KeyType::DERIVE,
        UsageFlags::DERIVE,
        hkdf_sha256(),
        Location::LOCAL_STORAGE,
        &ikm,
    );
    let _ = receipts(&psa);
    let mut op = psa.key_derivation_operation();
    op.setup(hkdf_sha256()).unwrap();
    op.input_bytes(DerivationStep::Salt, &salt).unwrap();
    // No driver yet: nothing to output.
    let mut out = vec![0u8; okm.len()];
    assert_eq!(op.output_bytes(&mut out), Err(Error::BadState));
    op.abort().unwrap();
    op.setup(hkdf_sha256()).unwrap();
    op.input_bytes(DerivationStep::Salt, &salt).unwrap();
    op.input_key(DerivationStep::Secret, secret).unwrap();
    op.input_bytes(DerivationStep::Info, &info).unwrap();
    op.output_bytes(&mut out).unwrap();
    assert_eq!(out, okm);
    op.abort().unwrap();
    let log = receipts(&psa);
    assert_eq!(served(&log, "key_derivation_input_key", "vault"), 1);
    assert_eq!(served(&log, "key_derivation_input_bytes", "vault"), 2);
    // A local secret has nobody to go to.
    op.setup(hkdf_sha256()).unwrap();
    assert_eq!(
        op.input_key(DerivationStep::Secret, local),
        Err(Error::NotSupported)
    );
    op.abort().unwrap();
    op.setup(hkdf_sha256()).unwrap();
    assert_eq!(
        op.input_bytes(DerivationStep::Secret, &ikm),
        Err(Error::NotSupported)
    );
    op.abort().unwrap();
    println!("rfc5869 A.1 through an opaque driver alone: 1 vectors");
}
