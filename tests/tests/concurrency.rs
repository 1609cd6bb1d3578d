//! Concurrent use of one `Psa` (it is `Send + Sync`, every method takes `&self`): eight
//! threads run a mix of operations on shared keys (hash, MAC, AEAD, deterministic and
//! randomized ECDSA, HKDF, single-part and multi-part, local keys, the secure element and its
//! built-in device key) while each also imports, generates, copies and destroys keys of its
//! own, locally and in the secure element.
//!
//! Every result is checked against an independent reference (SHA-256 and HMAC from `sha2`,
//! checked against FIPS 180-2 and RFC 4231 first; RFC 6979 and RFC 5869 vectors; a private
//! built-in-only `Psa` per thread for AEAD and signatures). Counted and asserted: 0 wrong
//! results, 0 lost keys (every key a thread created and did not destroy is usable at the end
//! with its own material, a destroyed key's id never gives its material back, and no store or
//! element slot is leaked), 0 panics (every thread is joined and its result checked), and
//! every driver context released exactly once. Bounded by iterations and by time (a few
//! seconds in debug), and run under a time-out so a deadlock fails instead of hanging.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use psa_core::{
    Algorithm, BuiltinKey, DefaultEntropy, DerivationStep, EccFamily, Error, KeyAttributes, KeyId,
    KeyType, Lifetime, Persistence, Psa, UsageFlags, register_drivers,
};
use psa_drivers::secure_element::{DEVICE_KEY_SLOT, SE_LIFETIME, SE_LOCATION};
use psa_drivers::{P256Driver, SecureElement};
use psa_tests::paths;
use psa_tests::support::{hex, within};
use sha2::{Digest, Sha256};

psa_tests::instrumented_transparent!(
    /// Serves multi-part AEAD (the built-in has none) and everything else through the
    /// built-in, counting its contexts.
    pub Multipart, "multipart", MULTIPART_HOOKS
);

register_drivers! {
    /// The P-256 accelerator, the multi-part driver, the secure element, the built-in.
    pub struct Shared {
        transparent: [p256: P256Driver, multipart: Multipart],
        opaque: [se: SecureElement],
        builtin: true,
    }
}

const THREADS: usize = 8;
/// Iterations per thread (each runs one operation of the mix, several calls).
const ITERATIONS: usize = 240;
/// Wall-clock budget for the threads' loops (debug builds on a loaded machine stop here).
const BUDGET: Duration = Duration::from_secs(6);
/// Keys a thread keeps alive at once (local; plus at most one in the element).
const KEPT: usize = 4;
const SLOTS: usize = 96;

type SharedPsa = Psa<Shared, DefaultEntropy, SLOTS>;

const P256_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const P256_PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
const HMAC_256: Algorithm = Algorithm::hmac(Algorithm::SHA_256);
const ECDSA_256: Algorithm = Algorithm::ecdsa(Algorithm::SHA_256);
const DET_256: Algorithm = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
/// RFC 6979 A.2.5 private key.
const RFC6979_KEY: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const RFC6979_PUBLIC: &str = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
/// RFC 6979 A.2.5: SHA-256, message "sample".
const RFC6979_SAMPLE_SIG: &str = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
/// The public key of `paths::DEVICE_KEY`.
const DEVICE_PUBLIC: &str = "0485f64d89f00be66c88dd937efd6d7c445648dcb701150b8a9509295850f41c1931e571fb8f8c78317a20b380e866584bbc2516c3d2702d792f131a922095fd6c";
/// RFC 5869 A.1 (HKDF-SHA-256, test case 1).
const HKDF_IKM: [u8; 22] = [0x0b; 22];
const HKDF_SALT: &str = "000102030405060708090a0b0c";
const HKDF_INFO: &str = "f0f1f2f3f4f5f6f7f8f9";
const HKDF_OKM: &str =
    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865";

const DEVICE_ID: KeyId = KeyId(0x7fff_0001);
static BUILTIN_KEYS: [BuiltinKey; 1] = [BuiltinKey {
    id: DEVICE_ID,
    lifetime: Lifetime::new(Persistence::READ_ONLY, SE_LOCATION),
    slot: DEVICE_KEY_SLOT,
}];

fn attrs(t: KeyType, usage: UsageFlags, alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(t)
        .with_usage(usage)
        .with_algorithm(alg)
}

fn sha256(m: &[u8]) -> Vec<u8> {
    Sha256::digest(m).to_vec()
}

/// HMAC-SHA-256 (RFC 2104) over `sha2`: the reference the core's MACs are checked against.
fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .to_vec()
}

/// HKDF-SHA-256 (RFC 5869) over [`hmac_sha256`].
fn hkdf_sha256(salt: &[u8], ikm: &[u8], info: &[u8], len: usize) -> Vec<u8> {
    let prk = hmac_sha256(salt, ikm);
    let mut okm = Vec::new();
    let mut t = Vec::new();
    for i in 1..=len.div_ceil(32) {
        let mut m = t.clone();
        m.extend_from_slice(info);
        m.push(i as u8);
        t = hmac_sha256(&prk, &m);
        okm.extend_from_slice(&t);
    }
    okm.truncate(len);
    okm
}

/// The keys every thread uses.
#[derive(Clone, Copy)]
struct SharedKeys {
    hmac: KeyId,
    gcm: KeyId,
    det: KeyId,
    derive: KeyId,
    device_verifier: KeyId,
    se_det: KeyId,
}

const HMAC_KEY: [u8; 32] = [0x4b; 32];
const GCM_KEY: [u8; 16] = [0x6c; 16];

fn shared_keys(p: &SharedPsa) -> SharedKeys {
    let mac = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let sign = UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH;
    let det_any = Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH);
    let imp = |a: KeyAttributes, m: &[u8]| p.import_key(&a, m).expect("shared key");
    SharedKeys {
        hmac: imp(attrs(KeyType::HMAC, mac, HMAC_256), &HMAC_KEY),
        gcm: imp(attrs(KeyType::AES, crypt, Algorithm::GCM), &GCM_KEY),
        det: imp(attrs(P256_PAIR, sign, det_any), &hex(RFC6979_KEY)),
        derive: imp(
            attrs(
                KeyType::DERIVE,
                UsageFlags::DERIVE,
                Algorithm::hkdf(Algorithm::SHA_256),
            ),
            &HKDF_IKM,
        ),
        device_verifier: imp(
            attrs(P256_PUBLIC, UsageFlags::VERIFY_HASH, ECDSA_256),
            &hex(DEVICE_PUBLIC),
        ),
        se_det: imp(
            attrs(P256_PAIR, sign, det_any).with_lifetime(SE_LIFETIME),
            &hex(RFC6979_KEY),
        ),
    }
}

/// A key a thread created and has not destroyed, with what it must still give back.
enum Owned {
    /// A local AES key: exports its material.
    Aes(KeyId, Vec<u8>),
    /// A local generated HMAC key: exports its material, and MACs with it.
    Hmac(KeyId, Vec<u8>),
    /// A key in the element: exports this public key.
    Element(KeyId, Vec<u8>),
}

/// What one thread saw.
#[derive(Default)]
struct Tally {
    calls: usize,
    iterations: usize,
    wrong: Vec<String>,
    created: usize,
    destroyed: usize,
    kept: Vec<Owned>,
}

impl Tally {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.calls += 1;
        if !ok {
            self.wrong.push(what());
        }
    }
    fn eq<T: PartialEq + core::fmt::Debug>(&mut self, what: &str, got: T, expected: T) {
        self.calls += 1;
        if got != expected {
            self.wrong
                .push(format!("{what}: got {got:?}, expected {expected:?}"));
        }
    }
}

/// One thread's loop.
fn worker(p: &SharedPsa, keys: SharedKeys, t: usize, deadline: Instant) -> Tally {
    let mut tally = Tally::default();
    // A private reference instance with the same shared material (nothing else touches it).
    let reference = paths::builtin_only();
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let ref_gcm = reference
        .import_key(&attrs(KeyType::AES, crypt, Algorithm::GCM), &GCM_KEY)
        .unwrap();
    let ref_det = reference
        .import_key(
            &attrs(
                P256_PAIR,
                UsageFlags::SIGN_HASH,
                Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH),
            ),
            &hex(RFC6979_KEY),
        )
        .unwrap();
    let mut local: Vec<Owned> = Vec::new();
    let mut element: Option<Owned> = None;
    for i in 0..ITERATIONS {
        if Instant::now() > deadline {
            break;
        }
        tally.iterations += 1;
        let msg = format!("thread {t} iteration {i} ")
            .repeat(1 + i % 7)
            .into_bytes();
        let tag = format!("t{t}i{i}");
        match (i * 5 + t) % 12 {
            0 => {
                let mut d = [0u8; 32];
                tally.eq(
                    &format!("{tag} hash_compute"),
                    p.hash_compute(Algorithm::SHA_256, &msg, &mut d)
                        .map(|_| d.to_vec()),
                    Ok(sha256(&msg)),
                );
                tally.eq(
                    &format!("{tag} hash_compare"),
                    p.hash_compare(Algorithm::SHA_256, &msg, &sha256(&msg)),
                    Ok(()),
                );
                tally.eq(
                    &format!("{tag} hash_compare, other message"),
                    p.hash_compare(Algorithm::SHA_256, &msg, &sha256(b"other")),
                    Err(Error::InvalidSignature),
                );
            }
            1 => {
                let (a, b) = msg.split_at(msg.len() / 2);
                let mut op = p.hash_setup(Algorithm::SHA_256).unwrap();
                op.update(a).unwrap();
                let mut clone = op.clone_operation().unwrap();
                op.update(b).unwrap();
                clone.update(b"!").unwrap();
                let (mut d1, mut d2) = ([0u8; 32], [0u8; 32]);
                tally.eq(
                    &format!("{tag} multi-part hash"),
                    op.finish(&mut d1).map(|_| d1.to_vec()),
                    Ok(sha256(&msg)),
                );
                tally.eq(
                    &format!("{tag} cloned hash"),
                    clone.finish(&mut d2).map(|_| d2.to_vec()),
                    Ok(sha256(&[a, b"!"].concat())),
                );
            }
            2 => {
                let expected = hmac_sha256(&HMAC_KEY, &msg);
                let mut mac = [0u8; 32];
                tally.eq(
                    &format!("{tag} mac_compute"),
                    p.mac_compute(keys.hmac, HMAC_256, &msg, &mut mac)
                        .map(|_| mac.to_vec()),
                    Ok(expected.clone()),
                );
                tally.eq(
                    &format!("{tag} mac_verify"),
                    p.mac_verify(keys.hmac, HMAC_256, &msg, &expected),
                    Ok(()),
                );
                let mut forged = expected;
                forged[i % 32] ^= 1;
                tally.eq(
                    &format!("{tag} mac_verify, forged"),
                    p.mac_verify(keys.hmac, HMAC_256, &msg, &forged),
                    Err(Error::InvalidSignature),
                );
            }
            3 => {
                let expected = hmac_sha256(&HMAC_KEY, &msg);
                let mut op = p.mac_operation();
                op.sign_setup(keys.hmac, HMAC_256).unwrap();
                for chunk in msg.chunks(13) {
                    op.update(chunk).unwrap();
                }
                let mut mac = [0u8; 32];
                tally.eq(
                    &format!("{tag} multi-part MAC"),
                    op.sign_finish(&mut mac).map(|_| mac.to_vec()),
                    Ok(expected.clone()),
                );
                let mut op = p.mac_operation();
                op.verify_setup(keys.hmac, HMAC_256).unwrap();
                op.update(&msg).unwrap();
                tally.eq(
                    &format!("{tag} multi-part MAC verify"),
                    op.verify_finish(&expected),
                    Ok(()),
                );
            }
            4 => {
                let nonce = {
                    let mut n = [0u8; 12];
                    n[..8].copy_from_slice(&((t as u64) << 32 | i as u64).to_le_bytes());
                    n
                };
                let mut expected = vec![0u8; msg.len() + 16];
                reference
                    .aead_encrypt(
                        ref_gcm,
                        Algorithm::GCM,
                        &nonce,
                        &tag.clone().into_bytes(),
                        &msg,
                        &mut expected,
                    )
                    .unwrap();
                let mut sealed = vec![0u8; msg.len() + 16];
                tally.eq(
                    &format!("{tag} aead_encrypt"),
                    p.aead_encrypt(
                        keys.gcm,
                        Algorithm::GCM,
                        &nonce,
                        tag.as_bytes(),
                        &msg,
                        &mut sealed,
                    )
                    .map(|n| sealed[..n].to_vec()),
                    Ok(expected.clone()),
                );
                let mut opened = vec![0u8; msg.len()];
                tally.eq(
                    &format!("{tag} aead_decrypt"),
                    p.aead_decrypt(
                        keys.gcm,
                        Algorithm::GCM,
                        &nonce,
                        tag.as_bytes(),
                        &expected,
                        &mut opened,
                    )
                    .map(|n| opened[..n].to_vec()),
                    Ok(msg.clone()),
                );
                let mut forged = expected;
                forged[i % msg.len()] ^= 0x40;
                tally.eq(
                    &format!("{tag} aead_decrypt, forged"),
                    p.aead_decrypt(
                        keys.gcm,
                        Algorithm::GCM,
                        &nonce,
                        tag.as_bytes(),
                        &forged,
                        &mut opened,
                    )
                    .map(drop),
                    Err(Error::InvalidSignature),
                );
            }
            5 => {
                let nonce = [t as u8 ^ 0x80; 12];
                let mut expected = vec![0u8; msg.len() + 16];
                reference
                    .aead_encrypt(ref_gcm, Algorithm::GCM, &nonce, b"ad", &msg, &mut expected)
                    .unwrap();
                let mut op = p.aead_operation();
                op.encrypt_setup(keys.gcm, Algorithm::GCM).unwrap();
                op.set_nonce(&nonce).unwrap();
                op.set_lengths(2, msg.len()).unwrap();
                op.update_ad(b"ad").unwrap();
                let mut out = vec![0u8; msg.len() + 16];
                let mut n = 0;
                for chunk in msg.chunks(17) {
                    n += op.update(chunk, &mut out[n..]).unwrap();
                }
                let (mut last, mut tag16) = (vec![0u8; msg.len()], [0u8; 16]);
                let r = op.finish(&mut last, &mut tag16).map(|(c, t_)| {
                    let mut all = out[..n].to_vec();
                    all.extend_from_slice(&last[..c]);
                    all.extend_from_slice(&tag16[..t_]);
                    all
                });
                tally.eq(&format!("{tag} multi-part AEAD"), r, Ok(expected));
            }
            6 => {
                let digest = sha256(&msg);
                let mut expected = [0u8; 64];
                reference
                    .sign_hash(ref_det, DET_256, &digest, &mut expected)
                    .unwrap();
                let mut sig = [0u8; 64];
                tally.eq(
                    &format!("{tag} deterministic sign_hash"),
                    p.sign_hash(keys.det, DET_256, &digest, &mut sig)
                        .map(|_| sig),
                    Ok(expected),
                );
                tally.eq(
                    &format!("{tag} verify_hash"),
                    p.verify_hash(keys.det, DET_256, &digest, &expected),
                    Ok(()),
                );
                let mut okm = vec![0u8; 42];
                let mut kdf = p.key_derivation_operation();
                let r = kdf
                    .setup(Algorithm::hkdf(Algorithm::SHA_256))
                    .and_then(|()| kdf.input_bytes(DerivationStep::Salt, &hex(HKDF_SALT)))
                    .and_then(|()| kdf.input_key(DerivationStep::Secret, keys.derive))
                    .and_then(|()| kdf.input_bytes(DerivationStep::Info, &hex(HKDF_INFO)))
                    .and_then(|()| kdf.output_bytes(&mut okm[..i % 42]))
                    .and_then(|()| kdf.output_bytes(&mut okm[i % 42..]));
                tally.eq(
                    &format!("{tag} HKDF (RFC 5869 A.1)"),
                    r.map(|()| okm),
                    Ok(hex(HKDF_OKM)),
                );
            }
            7 => {
                let digest = sha256(&msg);
                let mut sig = [0u8; 64];
                let r = p.sign_hash(DEVICE_ID, ECDSA_256, &digest, &mut sig);
                tally.eq(&format!("{tag} device key sign_hash"), r, Ok(64));
                tally.eq(
                    &format!("{tag} device signature verifies"),
                    p.verify_hash(keys.device_verifier, ECDSA_256, &digest, &sig),
                    Ok(()),
                );
                sig[i % 64] ^= 0x10;
                tally.eq(
                    &format!("{tag} device signature, altered"),
                    p.verify_hash(keys.device_verifier, ECDSA_256, &digest, &sig),
                    Err(Error::InvalidSignature),
                );
                tally.eq(
                    &format!("{tag} device key destroy"),
                    p.destroy_key(DEVICE_ID),
                    Err(Error::NotPermitted),
                );
            }
            8 => {
                let mut sig = [0u8; 64];
                tally.eq(
                    &format!("{tag} element deterministic sign (RFC 6979 A.2.5)"),
                    p.sign_hash(keys.se_det, DET_256, &sha256(b"sample"), &mut sig)
                        .map(|_| sig.to_vec()),
                    Ok(hex(RFC6979_SAMPLE_SIG)),
                );
                let mut q = [0u8; 65];
                tally.eq(
                    &format!("{tag} element export_public_key"),
                    p.export_public_key(keys.se_det, &mut q).map(|_| q.to_vec()),
                    Ok(hex(RFC6979_PUBLIC)),
                );
            }
            9 => {
                // A local AES key with material only this key has.
                let mut material = sha256(tag.as_bytes());
                material.truncate(16);
                let usage = UsageFlags::EXPORT | UsageFlags::COPY | crypt;
                let r = p.import_key(&attrs(KeyType::AES, usage, Algorithm::CTR), &material);
                tally.check(r.is_ok(), || format!("{tag} import AES: {r:?}"));
                if let Ok(id) = r {
                    tally.created += 1;
                    let mut out = [0u8; 16];
                    tally.eq(
                        &format!("{tag} export own AES key"),
                        p.export_key(id, &mut out).map(|_| out.to_vec()),
                        Ok(material.clone()),
                    );
                    if i % 3 == 0 {
                        let c = p.copy_key(
                            id,
                            &KeyAttributes::new()
                                .with_usage(usage)
                                .with_algorithm(Algorithm::CTR),
                        );
                        tally.check(c.is_ok(), || format!("{tag} copy own key: {c:?}"));
                        if let Ok(c) = c {
                            tally.created += 1;
                            tally.eq(
                                &format!("{tag} export the copy"),
                                p.export_key(c, &mut out).map(|_| out.to_vec()),
                                Ok(material.clone()),
                            );
                            local.push(Owned::Aes(c, material.clone()));
                        }
                    }
                    local.push(Owned::Aes(id, material));
                }
            }
            10 => {
                let r = p.generate_key(
                    &attrs(
                        KeyType::HMAC,
                        UsageFlags::EXPORT | UsageFlags::SIGN_MESSAGE,
                        HMAC_256,
                    )
                    .with_bits(256),
                );
                tally.check(r.is_ok(), || format!("{tag} generate HMAC: {r:?}"));
                if let Ok(id) = r {
                    tally.created += 1;
                    let mut material = [0u8; 32];
                    let e = p.export_key(id, &mut material);
                    tally.eq(&format!("{tag} export generated key"), e, Ok(32));
                    let mut mac = [0u8; 32];
                    tally.eq(
                        &format!("{tag} MAC with the generated key"),
                        p.mac_compute(id, HMAC_256, &msg, &mut mac)
                            .map(|_| mac.to_vec()),
                        Ok(hmac_sha256(&material, &msg)),
                    );
                    local.push(Owned::Hmac(id, material.to_vec()));
                }
            }
            _ => {
                // The element: replace this thread's key there (import or generate).
                if let Some(Owned::Element(old, public)) = element.take() {
                    tally.eq(
                        &format!("{tag} destroy own element key"),
                        p.destroy_key(old),
                        Ok(()),
                    );
                    tally.destroyed += 1;
                    stale_use(p, &mut tally, &tag, old, &public);
                }
                let usage = UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH;
                let a = attrs(P256_PAIR, usage, ECDSA_256).with_lifetime(SE_LIFETIME);
                let (r, expected_public) = if i % 2 == 0 {
                    let scalar = sha256(format!("element {tag}").as_bytes());
                    let local_pair = reference
                        .import_key(&attrs(P256_PAIR, UsageFlags::NONE, ECDSA_256), &scalar)
                        .unwrap();
                    let mut q = [0u8; 65];
                    reference.export_public_key(local_pair, &mut q).unwrap();
                    reference.destroy_key(local_pair).unwrap();
                    (p.import_key(&a, &scalar), Some(q.to_vec()))
                } else {
                    (p.generate_key(&a.with_bits(256)), None)
                };
                tally.check(r.is_ok(), || format!("{tag} create element key: {r:?}"));
                if let Ok(id) = r {
                    tally.created += 1;
                    let mut q = [0u8; 65];
                    let e = p.export_public_key(id, &mut q);
                    tally.eq(&format!("{tag} element key's public key"), e, Ok(65));
                    if let Some(expected) = expected_public {
                        tally.eq(&format!("{tag} element public key"), q.to_vec(), expected);
                    }
                    let verifier = reference
                        .import_key(&attrs(P256_PUBLIC, UsageFlags::VERIFY_HASH, ECDSA_256), &q)
                        .unwrap();
                    let digest = sha256(&msg);
                    let mut sig = [0u8; 64];
                    tally.eq(
                        &format!("{tag} element sign_hash"),
                        p.sign_hash(id, ECDSA_256, &digest, &mut sig),
                        Ok(64),
                    );
                    tally.eq(
                        &format!("{tag} element signature verifies"),
                        reference.verify_hash(verifier, ECDSA_256, &digest, &sig),
                        Ok(()),
                    );
                    reference.destroy_key(verifier).unwrap();
                    element = Some(Owned::Element(id, q.to_vec()));
                }
            }
        }
        // Keep a few keys; destroy the oldest beyond that, and check its id is dead.
        while local.len() > KEPT {
            let (id, material) = match local.remove(0) {
                Owned::Aes(id, m) | Owned::Hmac(id, m) | Owned::Element(id, m) => (id, m),
            };
            tally.eq(&format!("{tag} destroy own key"), p.destroy_key(id), Ok(()));
            tally.destroyed += 1;
            let mut out = [0u8; 64];
            let r = p.export_key(id, &mut out);
            tally.check(!matches!(r, Ok(n) if out[..n] == material[..]), || {
                format!("{tag} a destroyed key's id gave its material back")
            });
            tally.eq(
                &format!("{tag} export a destroyed key"),
                r,
                Err(Error::InvalidHandle),
            );
        }
    }
    tally.kept = local;
    tally.kept.extend(element);
    tally
}

/// A destroyed element key's id must be dead: no signature that verifies under its public key.
fn stale_use(p: &SharedPsa, tally: &mut Tally, tag: &str, id: KeyId, _public: &[u8]) {
    let mut sig = [0u8; 64];
    tally.eq(
        &format!("{tag} sign with a destroyed element key"),
        p.sign_hash(id, ECDSA_256, &[1; 32], &mut sig),
        Err(Error::InvalidHandle),
    );
    tally.eq(
        &format!("{tag} export_public_key of a destroyed element key"),
        p.export_public_key(id, &mut [0; 65]),
        Err(Error::InvalidHandle),
    );
}

/// The reference implementations agree with published vectors before they judge anything.
#[test]
fn references_match_published_vectors() {
    // FIPS 180-2: SHA-256("abc").
    assert_eq!(
        hex::encode(sha256(b"abc")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // RFC 4231 test case 2.
    assert_eq!(
        hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    // RFC 4231 test case 6: a key longer than the block.
    assert_eq!(
        hex::encode(hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First"
        )),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
    // RFC 5869 A.1.
    assert_eq!(
        hkdf_sha256(&hex(HKDF_SALT), &HKDF_IKM, &hex(HKDF_INFO), 42),
        hex(HKDF_OKM)
    );
}

#[test]
fn eight_threads_share_one_instance() {
    within(120, "eight threads on one Psa", run);
}

fn run() {
    MULTIPART_HOOKS.reset();
    let se = SecureElement::provisioned(&paths::DEVICE_KEY).expect("valid device key");
    let psa: SharedPsa =
        Psa::new(Shared::new(P256Driver::new(), Multipart, se)).with_builtin_keys(&BUILTIN_KEYS);
    let keys = shared_keys(&psa);
    let in_element = psa.dispatcher().se.keys_in_element();
    let start = Instant::now();
    let deadline = start + BUDGET;
    let results: Vec<std::thread::Result<Tally>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                s.spawn({
                    let psa = &psa;
                    move || worker(psa, keys, t, deadline)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    let elapsed = start.elapsed();
    let mut panics = 0;
    let mut wrong = Vec::new();
    let (mut calls, mut iterations, mut created, mut destroyed) = (0, 0, 0, 0);
    let mut kept = Vec::new();
    for (t, r) in results.into_iter().enumerate() {
        match r {
            Err(_) => panics += 1,
            Ok(tally) => {
                calls += tally.calls;
                iterations += tally.iterations;
                created += tally.created;
                destroyed += tally.destroyed;
                wrong.extend(tally.wrong.into_iter().map(|w| format!("thread {t}: {w}")));
                // 12 iterations run each of the 12 operations once ((i * 5 + t) % 12 with 5
                // coprime to 12); fewer would leave part of the mix untested.
                assert!(
                    tally.iterations >= 12,
                    "thread {t} ran only {} iterations in {elapsed:?}: too few to cover the mix",
                    tally.iterations
                );
                kept.extend(tally.kept);
            }
        }
    }
    println!(
        "concurrency: {THREADS} threads, {iterations} iterations, {calls} checked results, \
         {created} keys created, {destroyed} destroyed, {} kept, in {elapsed:?}",
        kept.len()
    );
    assert_eq!(panics, 0, "threads panicked");
    assert!(
        wrong.is_empty(),
        "{} wrong results:\n  {}",
        wrong.len(),
        wrong.join("\n  ")
    );
    // No key lost: every kept key still gives its own material.
    let mut lost = Vec::new();
    for k in &kept {
        match k {
            Owned::Aes(id, m) | Owned::Hmac(id, m) => {
                let mut out = [0u8; 32];
                match psa.export_key(*id, &mut out) {
                    Ok(n) if out[..n] == m[..] => {}
                    r => lost.push(format!("{id:?}: export gave {r:?}")),
                }
            }
            Owned::Element(id, q) => {
                let mut out = [0u8; 65];
                match psa.export_public_key(*id, &mut out) {
                    Ok(65) if out[..] == q[..] => {}
                    r => lost.push(format!("{id:?} (element): export_public_key gave {r:?}")),
                }
            }
        }
    }
    assert!(lost.is_empty(), "lost keys:\n  {}", lost.join("\n  "));
    // Created and not destroyed: exactly the kept keys.
    assert_eq!(
        created - destroyed,
        kept.len(),
        "created - destroyed = kept"
    );
    // The shared keys still serve.
    let mut mac = [0u8; 32];
    assert_eq!(
        psa.mac_compute(keys.hmac, HMAC_256, b"end", &mut mac),
        Ok(32)
    );
    assert_eq!(mac.to_vec(), hmac_sha256(&HMAC_KEY, b"end"));
    // Destroy everything kept: the element and the store get every slot back.
    for k in kept {
        let (Owned::Aes(id, _) | Owned::Hmac(id, _) | Owned::Element(id, _)) = k;
        assert_eq!(psa.destroy_key(id), Ok(()));
    }
    assert_eq!(
        psa.dispatcher().se.keys_in_element(),
        in_element,
        "element slots leaked"
    );
    let shared = 6;
    let mut fill = Vec::new();
    loop {
        match psa.import_key(
            &attrs(KeyType::RAW_DATA, UsageFlags::EXPORT, Algorithm::NONE),
            &[1],
        ) {
            Ok(id) => fill.push(id),
            Err(e) => {
                assert_eq!(e, Error::InsufficientMemory);
                break;
            }
        }
    }
    assert_eq!(fill.len(), SLOTS - shared, "store slots leaked");
    assert_eq!(
        MULTIPART_HOOKS.live_contexts(),
        0,
        "a driver context was not released exactly once"
    );
}

/// Keys destroyed while other threads are using them: every call on a key being destroyed
/// gives either the right result (it ran before the destruction) or INVALID_HANDLE (after),
/// never a wrong result, another key's result or a panic; once a thread has seen
/// INVALID_HANDLE for a key, the key never answers again; the element's freed slots are
/// reused by new keys without a stale id reaching them. The readers pause briefly between
/// calls (see [`destroy_is_not_starved_by_busy_readers`] for readers that do not).
#[test]
fn keys_destroyed_while_in_use() {
    let race = within(60, "keys destroyed while in use", || {
        destroy_race(Some(Duration::from_millis(1)), BUDGET)
    });
    println!(
        "destroy race: {} calls served, {} refused with INVALID_HANDLE, slowest destroy {:?}",
        race.served, race.refused, race.slowest_destroy
    );
    assert!(
        race.all_destroyed,
        "the destroyer did not finish within the budget"
    );
    assert!(
        race.served > 0 && race.refused > 0,
        "the race never happened"
    );
}

/// Readers that never pause use the victims back to back (each call pins its key for the
/// whole driver call, an ECDSA signature included). A key store that held a lock across the
/// driver call made `destroy_key` (and `import_key`, `generate_key`) wait until the readers
/// stopped; pinned keys hold no lock, so every destroy goes through while the readers keep
/// coming (a key in use is wiped when its last call returns) and the destroyer finishes long
/// before the readers' 10 s are up.
#[test]
fn destroy_is_not_starved_by_busy_readers() {
    let race = within(60, "destroy with busy readers", || {
        destroy_race(None, Duration::from_secs(10))
    });
    println!(
        "destroy with busy readers: {} calls served, slowest destroy {:?}",
        race.served, race.slowest_destroy
    );
    assert!(
        race.all_destroyed,
        "the destroyer did not finish while the readers were busy (slowest destroy {:?})",
        race.slowest_destroy
    );
    assert!(race.served > 0, "the readers never ran");
}

/// A key the destroyer thread removes while readers use it.
struct Victim {
    id: KeyId,
    /// HMAC material (local keys) or the public key (element keys).
    check: Vec<u8>,
    in_element: bool,
}

/// What a destroy race showed.
struct Race {
    served: usize,
    refused: usize,
    slowest_destroy: Duration,
    /// Whether every victim was destroyed before the readers' time ran out.
    all_destroyed: bool,
}

/// What one thread of a destroy race reports: (served or, for the destroyer, 1 if it finished
/// in time; refused; wrong results; the slowest destroy).
type ThreadReport = (usize, usize, Vec<String>, Duration);

/// One destroyer and seven readers on the same keys; readers pause for `pause` between
/// calls (or never) and stop when the destroyer is done or after `budget`. Asserts the
/// correctness properties (no wrong result, no resurrection, no panic, no leaked slot) and
/// returns the counts.
fn destroy_race(pause: Option<Duration>, budget: Duration) -> Race {
    let se = SecureElement::provisioned(&paths::DEVICE_KEY).expect("valid device key");
    let psa: SharedPsa = Psa::new(Shared::new(P256Driver::new(), Multipart, se));
    let reference = paths::builtin_only();
    let mut victims = Vec::new();
    for v in 0..24u8 {
        let material = sha256(&[b'v', v]);
        let id = psa
            .import_key(
                &attrs(KeyType::HMAC, UsageFlags::SIGN_MESSAGE, HMAC_256),
                &material,
            )
            .unwrap();
        victims.push(Victim {
            id,
            check: material,
            in_element: false,
        });
    }
    for v in 0..6u8 {
        let scalar = sha256(&[b's', v]);
        let a = attrs(P256_PAIR, UsageFlags::SIGN_HASH, ECDSA_256);
        let id = psa
            .import_key(&a.with_lifetime(SE_LIFETIME), &scalar)
            .unwrap();
        let r = reference.import_key(&a, &scalar).unwrap();
        let mut q = [0u8; 65];
        reference.export_public_key(r, &mut q).unwrap();
        victims.push(Victim {
            id,
            check: q.to_vec(),
            in_element: true,
        });
    }
    let victims = &victims;
    let deadline = Instant::now() + budget;
    let done = std::sync::atomic::AtomicBool::new(false);
    let done = &done;
    // Readers report what they saw so far, so that on a loaded machine the destroyer neither
    // starts before any reader has run nor ends the race before a reader met a destroyed key.
    let (seen_served, seen_refused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let (seen_served, seen_refused) = (&seen_served, &seen_refused);
    let psa = &psa;
    let results: Vec<std::thread::Result<ThreadReport>> = std::thread::scope(|s| {
        let mut handles = Vec::new();
        // The destroyer: removes the victims in turn, refilling the element with new
        // keys (which reuse the freed element slots) as it goes.
        handles.push(s.spawn(move || {
            let mut wrong = Vec::new();
            let mut fresh = Vec::new();
            let mut slowest = Duration::ZERO;
            while seen_served.load(Ordering::SeqCst) == 0 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(1));
            }
            for (n, v) in victims.iter().enumerate() {
                std::thread::sleep(Duration::from_millis(2));
                let started = Instant::now();
                let r = psa.destroy_key(v.id);
                slowest = slowest.max(started.elapsed());
                if r != Ok(()) {
                    wrong.push(format!("destroy victim {n}: {r:?}"));
                }
                if v.in_element {
                    let a = attrs(P256_PAIR, UsageFlags::SIGN_HASH, ECDSA_256)
                        .with_lifetime(SE_LIFETIME)
                        .with_bits(256);
                    match psa.generate_key(&a) {
                        Ok(id) => fresh.push(id),
                        Err(e) => wrong.push(format!("refill the element: {e:?}")),
                    }
                }
            }
            let in_time = usize::from(Instant::now() < deadline);
            while seen_refused.load(Ordering::SeqCst) == 0 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(1));
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            for id in fresh {
                if let Err(e) = psa.destroy_key(id) {
                    wrong.push(format!("destroy a refill key: {e:?}"));
                }
            }
            (in_time, 0, wrong, slowest)
        }));
        for t in 1..THREADS {
            handles.push(s.spawn(move || {
                let reference = paths::builtin_only();
                let mut dead = vec![false; victims.len()];
                let (mut served, mut refused) = (0, 0);
                let mut wrong = Vec::new();
                let mut round = 0usize;
                while !done.load(std::sync::atomic::Ordering::SeqCst) && Instant::now() < deadline {
                    round += 1;
                    for (n, v) in victims.iter().enumerate().skip((t + round) % 3) {
                        let msg = format!("reader {t} round {round}");
                        let r = if v.in_element {
                            let digest = sha256(msg.as_bytes());
                            let mut sig = [0u8; 64];
                            psa.sign_hash(v.id, ECDSA_256, &digest, &mut sig).map(|_| {
                                let q = reference
                                    .import_key(
                                        &attrs(P256_PUBLIC, UsageFlags::VERIFY_HASH, ECDSA_256),
                                        &v.check,
                                    )
                                    .unwrap();
                                let ok = reference.verify_hash(q, ECDSA_256, &digest, &sig);
                                reference.destroy_key(q).unwrap();
                                ok.is_ok()
                            })
                        } else {
                            let mut mac = [0u8; 32];
                            psa.mac_compute(v.id, HMAC_256, msg.as_bytes(), &mut mac)
                                .map(|_| mac.to_vec() == hmac_sha256(&v.check, msg.as_bytes()))
                        };
                        match r {
                            Ok(true) if dead[n] => {
                                wrong.push(format!("victim {n} answered after INVALID_HANDLE"))
                            }
                            Ok(true) => {
                                served += 1;
                                seen_served.fetch_add(1, Ordering::SeqCst);
                            }
                            Ok(false) => wrong.push(format!("victim {n}: a wrong result")),
                            Err(Error::InvalidHandle) => {
                                dead[n] = true;
                                refused += 1;
                                seen_refused.fetch_add(1, Ordering::SeqCst);
                            }
                            Err(e) => wrong.push(format!("victim {n}: {e:?}")),
                        }
                        if let Some(d) = pause {
                            std::thread::sleep(d);
                        }
                    }
                }
                (served, refused, wrong, Duration::ZERO)
            }));
        }
        handles.into_iter().map(|h| h.join()).collect()
    });
    let (mut served, mut refused, mut wrong, mut panics) = (0, 0, Vec::new(), 0);
    let (mut slowest_destroy, mut all_destroyed) = (Duration::ZERO, false);
    for (t, r) in results.into_iter().enumerate() {
        match r {
            Ok((s_, r_, w, slowest)) => {
                if t > 0 {
                    served += s_;
                    refused += r_;
                } else {
                    all_destroyed = s_ == 1;
                    slowest_destroy = slowest;
                }
                wrong.extend(w.into_iter().map(|w| format!("thread {t}: {w}")));
            }
            Err(_) => panics += 1,
        }
    }
    assert_eq!(panics, 0, "threads panicked");
    assert!(
        wrong.is_empty(),
        "{} wrong:\n  {}",
        wrong.len(),
        wrong.join("\n  ")
    );
    for v in victims {
        assert_eq!(
            psa.get_key_attributes(v.id).map(drop),
            Err(Error::InvalidHandle)
        );
    }
    assert_eq!(
        psa.dispatcher().se.keys_in_element(),
        1,
        "element slots leaked"
    );
    Race {
        served,
        refused,
        slowest_destroy,
        all_destroyed,
    }
}
