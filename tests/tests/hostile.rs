//! Hostile input, table by table: one table per front-end function family, each row a
//! malformed call and the exact PSA status the PSA Crypto API names for it. Lengths are
//! probed at 0, 1, max-1, max and max+1; keys of the wrong type, wildcard and vendor
//! algorithms, unknown locations, destroyed key ids and output buffers one byte short are
//! tried everywhere they apply. Every output buffer is filled with a canary first: bytes past
//! the returned length (and the whole buffer on an error) must be untouched.
//!
//! The tables run on two paths (the built-in alone, and the P-256 driver before the
//! built-in), which must agree. A table reports every failing row at once.
//!
//! The same families run on keys in opaque drivers (the simulated secure element and the
//! instrumented opaque driver), whose results must equal the local path's; on declared
//! built-in keys and undeclared built-in ids; with claimed sizes at `usize::MAX` (`bits`,
//! AEAD lengths, nonce lengths); and on hash operations cloned while active, after finish,
//! after an error and after abort. Concurrent use is `tests/concurrency.rs`.
//!
//! Where the spec allows two statuses for a row, the row accepts both and says why. The last
//! tables are rows this suite found the core getting wrong when it was written (built-in ids
//! that name no key, AEAD length and nonce limits, the secure element's other curves); each
//! asserts the spec's status.

use psa_core::{
    Algorithm, BuiltinKey, DEFAULT_KEY_BYTES, DefaultEntropy, DerivationStep, Dispatch, EccFamily,
    Error, KeyAttributes, KeyId, KeyType, Lifetime, Location, Persistence, Psa, Result, UsageFlags,
};
use psa_drivers::SecureElement;
use psa_drivers::secure_element::{DEVICE_KEY_SLOT, ELEMENT_SLOTS, SE_LIFETIME, SE_LOCATION};
use psa_tests::paths::{self, BuiltinOnly};
use psa_tests::support::{canary, hex, untouched_from, within};
use psa_tests::{OPAQUE_BUILTIN_KEY, OPAQUE_BUILTIN_SLOT, OPAQUE_PREFIX};
use sha2::Digest;

use Error::{
    BadState, BufferTooSmall, InsufficientMemory, InsufficientStorage, InvalidArgument,
    InvalidHandle, InvalidPadding, InvalidSignature, NotPermitted, NotSupported,
};

/// The rows of one table and the ones that failed.
struct Table {
    name: String,
    rows: usize,
    failures: Vec<String>,
}

impl Table {
    fn new(name: &str, path: &str) -> Table {
        Table {
            name: format!("{name} [{path}]"),
            rows: 0,
            failures: Vec::new(),
        }
    }
    fn fail(&mut self, msg: String) {
        self.failures.push(msg);
    }
    /// A row whose result must be `expected`.
    fn eq<T: PartialEq + core::fmt::Debug>(&mut self, what: &str, got: T, expected: T) {
        self.rows += 1;
        if got != expected {
            self.fail(format!("{what}: got {got:?}, expected {expected:?}"));
        }
    }
    /// A row where the spec allows any of `allowed`.
    fn one_of<T: PartialEq + core::fmt::Debug>(&mut self, what: &str, got: T, allowed: &[T]) {
        self.rows += 1;
        if !allowed.contains(&got) {
            self.fail(format!("{what}: got {got:?}, expected one of {allowed:?}"));
        }
    }
    /// A row with an output buffer of `size` canary bytes: the result must be `expected`,
    /// nothing may be written past the returned length, and nothing at all on an error.
    fn out(
        &mut self,
        what: &str,
        size: usize,
        expected: Result<usize>,
        call: impl FnOnce(&mut [u8]) -> Result<usize>,
    ) {
        let mut buf = canary(size);
        let got = call(&mut buf);
        self.rows += 1;
        if got != expected {
            self.fail(format!("{what}: got {got:?}, expected {expected:?}"));
        }
        let n = match got {
            Ok(n) if n > size => {
                return self.fail(format!("{what}: returned length {n} > buffer size {size}"));
            }
            Ok(n) => n,
            Err(_) => 0,
        };
        if !untouched_from(&buf, n) {
            self.fail(format!(
                "{what}: bytes past the returned length ({n}) were written (result {got:?})"
            ));
        }
    }
    fn done(self) {
        println!("hostile input: {}: {} rows", self.name, self.rows);
        assert!(self.rows > 0);
        assert!(
            self.failures.is_empty(),
            "{}: {} of {} rows failed:\n  {}",
            self.name,
            self.failures.len(),
            self.rows,
            self.failures.join("\n  ")
        );
    }
}

const P256_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const P256_PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
const P256_KEY: &str = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const P256_PUBLIC_KEY: &str = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
const P384_KEY: &str = "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5";
/// The P-256 group order n (not a valid private key).
const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const ECDSA_256: Algorithm = Algorithm::ecdsa(Algorithm::SHA_256);
const HMAC_256: Algorithm = Algorithm::hmac(Algorithm::SHA_256);
/// A vendor-defined signature algorithm (`PSA_ALG_VENDOR_FLAG` set).
const VENDOR_SIGN: Algorithm = Algorithm(0x8600_0609);
/// A vendor-defined hash algorithm.
const VENDOR_HASH: Algorithm = Algorithm(0x8200_0042);

fn attrs(t: KeyType, usage: UsageFlags, alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(t)
        .with_usage(usage)
        .with_algorithm(alg)
}

fn all_usage() -> UsageFlags {
    UsageFlags(0x0000_ff03)
}

fn import<D: Dispatch>(psa: &Psa<D>, t: KeyType, alg: Algorithm, data: &[u8]) -> Result<KeyId> {
    psa.import_key(&attrs(t, all_usage(), alg), data)
}

fn ok<T>(r: Result<T>) -> Result<()> {
    r.map(drop)
}

fn sha256(m: &[u8]) -> Vec<u8> {
    sha2::Sha256::digest(m).to_vec()
}

/// Run one table on every dispatcher: `on_every_path!(|t, new| { … }, "name")`, where `new`
/// makes a fresh `Psa<D>` and the body is generic over the dispatcher `D` (the front-end
/// itself, not a restatement of it).
macro_rules! on_every_path {
    (|$t:ident, $new:ident| $body:block, $name:expr $(,)?) => {{
        fn rows<D: Dispatch>($t: &mut Table, $new: &dyn Fn() -> Psa<D>) $body
        let mut t = Table::new($name, "built-in");
        rows(&mut t, &paths::builtin_only);
        t.done();
        let mut t = Table::new($name, "p256 driver + built-in");
        rows(&mut t, &paths::p256_with_builtin);
        t.done();
    }};
}

fn key<D: Dispatch>(
    p: &Psa<D>,
    t: KeyType,
    usage: UsageFlags,
    alg: Algorithm,
    data: &[u8],
) -> KeyId {
    p.import_key(&attrs(t, usage, alg), data)
        .unwrap_or_else(|e| panic!("fixture key {t:?}: {e:?}"))
}

fn gone<D: Dispatch>(p: &Psa<D>) -> KeyId {
    let id = key(
        p,
        KeyType::AES,
        UsageFlags::EXPORT,
        Algorithm::CTR,
        &[1; 16],
    );
    p.destroy_key(id).unwrap();
    id
}

// ----- key management ----------------------------------------------------------------------------

#[test]
fn import_key_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            // Each key is destroyed again: large rows must not crowd out later ones.
            let imp = |ty: KeyType, bits: usize, data: &[u8]| {
                let r = p.import_key(
                    &attrs(ty, all_usage(), Algorithm::NONE).with_bits(bits),
                    data,
                );
                r.map(|id| p.destroy_key(id).expect("destroy"))
            };
            // Unstructured keys: AES is 16, 24 or 32 bytes.
            for (n, expected) in [
                (0, Err(InvalidArgument)),
                (1, Err(InvalidArgument)),
                (15, Err(InvalidArgument)),
                (16, Ok(())),
                (17, Err(InvalidArgument)),
                (24, Ok(())),
                (31, Err(InvalidArgument)),
                (32, Ok(())),
                (33, Err(InvalidArgument)),
                (64, Err(InvalidArgument)),
            ] {
                t.eq(
                    &format!("AES, {n} bytes"),
                    imp(KeyType::AES, 0, &vec![7; n]),
                    expected,
                );
            }
            t.eq(
                "AES, 16 bytes declared 256 bits",
                imp(KeyType::AES, 256, &[7; 16]),
                Err(InvalidArgument),
            );
            t.eq(
                "AES, 16 bytes declared 129 bits",
                imp(KeyType::AES, 129, &[7; 16]),
                Err(InvalidArgument),
            );
            for (n, expected) in [
                (0, Err(InvalidArgument)),
                (31, Err(InvalidArgument)),
                (32, Ok(())),
                (33, Err(InvalidArgument)),
            ] {
                t.eq(
                    &format!("ChaCha20, {n} bytes"),
                    imp(KeyType::CHACHA20, 0, &vec![7; n]),
                    expected,
                );
            }
            // HMAC, raw and derivation keys: any length from 1 byte to what a key buffer holds.
            for ty in [KeyType::HMAC, KeyType::RAW_DATA, KeyType::DERIVE] {
                t.eq(
                    &format!("{ty:?}, 0 bytes"),
                    imp(ty, 0, &[]),
                    Err(InvalidArgument),
                );
                t.eq(&format!("{ty:?}, 1 byte"), imp(ty, 0, &[7]), Ok(()));
                t.eq(
                    &format!("{ty:?}, 1190 bytes (an RSA-2048 pair's size)"),
                    imp(ty, 0, &vec![7; 1190]),
                    Ok(()),
                );
                t.eq(
                    &format!("{ty:?}, 4096 bytes (half the store's bytes)"),
                    imp(ty, 0, &vec![7; 4096]),
                    Ok(()),
                );
                // A valid key larger than the implementation holds: the spec's status for a
                // key size the implementation does not support is NOT_SUPPORTED (Mbed TLS
                // answers so for keys above PSA_MAX_KEY_BITS); INSUFFICIENT_MEMORY is also
                // listed for psa_import_key.
                t.one_of(
                    &format!("{ty:?}, {} bytes (max + 1)", DEFAULT_KEY_BYTES + 1),
                    imp(ty, 0, &vec![7; DEFAULT_KEY_BYTES + 1]),
                    &[Err(NotSupported), Err(InsufficientMemory)],
                );
                t.eq(
                    &format!("{ty:?}, 8 bytes declared 72 bits"),
                    imp(ty, 72, &[7; 8]),
                    Err(InvalidArgument),
                );
            }
            // ECC key pairs: exactly the scalar, 0 < d < n.
            let d = hex(P256_KEY);
            t.eq("P-256 pair, 32 bytes", imp(P256_PAIR, 0, &d), Ok(()));
            t.eq(
                "P-256 pair, 32 bytes declared 256 bits",
                imp(P256_PAIR, 256, &d),
                Ok(()),
            );
            t.eq(
                "P-256 pair, declared 384 bits",
                imp(P256_PAIR, 384, &d),
                Err(InvalidArgument),
            );
            t.eq(
                "P-256 pair, 31 bytes declared 256 bits",
                imp(P256_PAIR, 256, &d[1..]),
                Err(InvalidArgument),
            );
            t.eq(
                "P-256 pair, 33 bytes declared 256 bits",
                imp(P256_PAIR, 256, &[&[0][..], &d].concat()),
                Err(InvalidArgument),
            );
            t.eq(
                "P-256 pair, d = 0",
                imp(P256_PAIR, 0, &[0; 32]),
                Err(InvalidArgument),
            );
            t.eq(
                "P-256 pair, d = n",
                imp(P256_PAIR, 0, &hex(P256_N)),
                Err(InvalidArgument),
            );
            t.eq(
                "P-256 pair, d = 2^256 - 1",
                imp(P256_PAIR, 0, &[0xff; 32]),
                Err(InvalidArgument),
            );
            let mut n_minus_1 = hex(P256_N);
            n_minus_1[31] -= 1;
            t.eq(
                "P-256 pair, d = n - 1",
                imp(P256_PAIR, 0, &n_minus_1),
                Ok(()),
            );
            t.eq(
                "P-256 pair, d = 1",
                imp(P256_PAIR, 0, &[&[0u8; 31][..], &[1]].concat()),
                Ok(()),
            );
            t.eq(
                "P-384 pair, 48 bytes",
                imp(P256_PAIR, 0, &hex(P384_KEY)),
                Ok(()),
            );
            // A length that is no SECP_R1 curve's size: the key is not of a supported size
            // (Mbed TLS: NOT_SUPPORTED) or malformed (INVALID_ARGUMENT); both are the spec's.
            for n in [0, 1, 31, 33, 47, 49, 66] {
                t.one_of(
                    &format!("SECP_R1 pair, {n} bytes"),
                    imp(P256_PAIR, 0, &vec![7; n]),
                    &[Err(InvalidArgument), Err(NotSupported)],
                );
            }
            // ECC public keys: exactly 0x04 ‖ X ‖ Y, on the curve.
            let q = hex(P256_PUBLIC_KEY);
            t.eq("P-256 public, 65 bytes", imp(P256_PUBLIC, 0, &q), Ok(()));
            t.eq(
                "P-256 public, X ‖ Y without 0x04",
                imp(P256_PUBLIC, 256, &q[1..]),
                Err(InvalidArgument),
            );
            t.eq(
                "P-256 public, 66 bytes declared 256 bits",
                imp(P256_PUBLIC, 256, &[&q[..], &[0]].concat()),
                Err(InvalidArgument),
            );
            let mut off_curve = q.clone();
            off_curve[64] ^= 1;
            t.eq(
                "P-256 public, off the curve",
                imp(P256_PUBLIC, 0, &off_curve),
                Err(InvalidArgument),
            );
            let mut bad_prefix = q.clone();
            bad_prefix[0] = 0x05;
            t.eq(
                "P-256 public, prefix 0x05",
                imp(P256_PUBLIC, 0, &bad_prefix),
                Err(InvalidArgument),
            );
            t.eq(
                "P-256 public, all zero after 0x04",
                imp(P256_PUBLIC, 0, &[&[4u8][..], &[0; 64]].concat()),
                Err(InvalidArgument),
            );
            let mut compressed = vec![0x02 | (q[64] & 1)];
            compressed.extend_from_slice(&q[1..33]);
            // PSA's import format is the uncompressed point; a compressed one is not of that
            // format (INVALID_ARGUMENT) or a format not supported (NOT_SUPPORTED).
            t.one_of(
                "P-256 public, compressed",
                imp(P256_PUBLIC, 0, &compressed),
                &[Err(InvalidArgument), Err(NotSupported)],
            );
            t.one_of(
                "P-256 public, compressed, declared 256 bits",
                imp(P256_PUBLIC, 256, &compressed),
                &[Err(InvalidArgument), Err(NotSupported)],
            );
            t.one_of(
                "SECP_R1 public, the point at infinity (0x00)",
                imp(P256_PUBLIC, 0, &[0]),
                &[Err(InvalidArgument), Err(NotSupported)],
            );
            t.eq(
                "P-256 public given a private key's bytes, declared 256 bits",
                imp(P256_PUBLIC, 256, &d),
                Err(InvalidArgument),
            );
            // RSA keys (`builtin-rsa`): DER or nothing; a path without the built-in has no
            // RSA.
            for ty in [KeyType::RSA_KEY_PAIR, KeyType::RSA_PUBLIC_KEY] {
                t.one_of(
                    &format!("{ty:?}, 32 bytes that are not DER"),
                    imp(ty, 0, &[7; 32]),
                    &[Err(InvalidArgument), Err(NotSupported)],
                );
            }
            // Types nobody here serves.
            for ty in [
                KeyType::ecc_key_pair(EccFamily::SECP_K1),
                KeyType::ecc_key_pair(EccFamily::SECT_R1),
                KeyType::ecc_key_pair(EccFamily::BRAINPOOL_P_R1),
                KeyType::DES,
                KeyType::ARIA,
                KeyType(0x8001),
            ] {
                t.eq(
                    &format!("{ty:?} (not served)"),
                    imp(ty, 0, &[7; 32]),
                    Err(NotSupported),
                );
            }
            // No implementation supports a key without a type (psa-arch-tests c002).
            t.eq(
                "type NONE",
                imp(KeyType::NONE, 0, &[7; 16]),
                Err(NotSupported),
            );
            // Attributes the core refuses.
            let aes = attrs(KeyType::AES, all_usage(), Algorithm::CTR);
            t.eq(
                "unknown location (vendor 0x42)",
                ok(p.import_key(
                    &aes.with_lifetime(Lifetime::volatile_at(Location::vendor(0x42))),
                    &[7; 16],
                )),
                Err(InvalidArgument),
            );
            t.eq(
                "primary secure element, no driver",
                ok(p.import_key(
                    &aes.with_lifetime(Lifetime::volatile_at(Location::PRIMARY_SECURE_ELEMENT)),
                    &[7; 16],
                )),
                Err(InvalidArgument),
            );
            t.eq(
                "persistent lifetime",
                ok(p.import_key(
                    &aes.with_lifetime(Lifetime::PERSISTENT).with_id(KeyId(1)),
                    &[7; 16],
                )),
                Err(NotSupported),
            );
            // A persistent key without an id has invalid attributes (psa-arch-tests c044).
            t.eq(
                "persistent lifetime, no id",
                ok(p.import_key(&aes.with_lifetime(Lifetime::PERSISTENT), &[7; 16])),
                Err(InvalidArgument),
            );
            t.eq(
                "read-only lifetime",
                ok(p.import_key(
                    &aes.with_lifetime(Lifetime::new(
                        Persistence::READ_ONLY,
                        Location::LOCAL_STORAGE,
                    ))
                    .with_id(KeyId(1)),
                    &[7; 16],
                )),
                Err(NotSupported),
            );
            t.eq(
                "an id on a volatile key",
                ok(p.import_key(&aes.with_id(KeyId(5)), &[7; 16])),
                Err(InvalidArgument),
            );
            // A vendor algorithm in a policy is stored as given (only its driver knows it).
            t.eq(
                "vendor algorithm in the policy",
                ok(p.import_key(
                    &attrs(KeyType::AES, all_usage(), Algorithm(0x8400_0001)),
                    &[7; 16],
                )),
                Ok(()),
            );
        },
        "import_key",
    );
}

#[test]
fn import_key_into_a_full_store_is_insufficient_memory() {
    let psa: Psa<BuiltinOnly, DefaultEntropy, 2> = Psa::new(BuiltinOnly::new());
    let mut t = Table::new("import_key, store of 2", "built-in");
    let a = attrs(KeyType::AES, UsageFlags::EXPORT, Algorithm::CTR);
    let first = psa.import_key(&a, &[1; 16]);
    t.eq("first", ok(first), Ok(()));
    t.eq("second", ok(psa.import_key(&a, &[2; 16])), Ok(()));
    t.eq(
        "third",
        ok(psa.import_key(&a, &[3; 16])),
        Err(InsufficientMemory),
    );
    t.eq(
        "generate into a full store",
        ok(psa.generate_key(&a.with_bits(128))),
        Err(InsufficientMemory),
    );
    t.eq("destroy one", psa.destroy_key(first.unwrap()), Ok(()));
    t.eq(
        "then import again",
        ok(psa.import_key(&a, &[3; 16])),
        Ok(()),
    );
    t.done();
}

#[test]
fn generate_key_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            // Each key is destroyed again: large rows must not crowd out later ones.
            let gen_ = |ty: KeyType, bits: usize| {
                p.generate_key(&attrs(ty, UsageFlags::EXPORT, Algorithm::NONE).with_bits(bits))
                    .map(|id| p.destroy_key(id).expect("destroy"))
            };
            for (bits, expected) in [
                (0, Err(InvalidArgument)),
                (8, Err(InvalidArgument)),
                (127, Err(InvalidArgument)),
                (128, Ok(())),
                (129, Err(InvalidArgument)),
                (192, Ok(())),
                (256, Ok(())),
                (257, Err(InvalidArgument)),
                (512, Err(InvalidArgument)),
            ] {
                t.eq(
                    &format!("AES, {bits} bits"),
                    gen_(KeyType::AES, bits),
                    expected,
                );
            }
            t.eq("ChaCha20, 256 bits", gen_(KeyType::CHACHA20, 256), Ok(()));
            t.eq(
                "ChaCha20, 128 bits",
                gen_(KeyType::CHACHA20, 128),
                Err(InvalidArgument),
            );
            for ty in [KeyType::HMAC, KeyType::RAW_DATA, KeyType::DERIVE] {
                t.eq(
                    &format!("{ty:?}, 0 bits"),
                    gen_(ty, 0),
                    Err(InvalidArgument),
                );
                t.eq(&format!("{ty:?}, 8 bits"), gen_(ty, 8), Ok(()));
                t.eq(
                    &format!("{ty:?}, 7 bits (not whole bytes)"),
                    gen_(ty, 7),
                    Err(InvalidArgument),
                );
                t.eq(
                    &format!("{ty:?}, {} bits (half the store's bytes)", 8 * 4096),
                    gen_(ty, 8 * 4096),
                    Ok(()),
                );
                t.one_of(
                    &format!("{ty:?}, {} bits (max + 1 byte)", 8 * DEFAULT_KEY_BYTES + 8),
                    gen_(ty, 8 * DEFAULT_KEY_BYTES + 8),
                    &[Err(NotSupported), Err(InsufficientMemory)],
                );
            }
            t.eq("P-256 pair", gen_(P256_PAIR, 256), Ok(()));
            t.eq("P-384 pair", gen_(P256_PAIR, 384), Ok(()));
            // No SECP_R1 curve has 255 bits: a size not valid for the type (INVALID_ARGUMENT)
            // or not supported (NOT_SUPPORTED, Mbed TLS); the spec lists both.
            t.one_of(
                "SECP_R1 pair, 255 bits",
                gen_(P256_PAIR, 255),
                &[Err(InvalidArgument), Err(NotSupported)],
            );
            t.eq(
                "SECP_R1 pair, 224 bits",
                gen_(P256_PAIR, 224),
                Err(NotSupported),
            );
            t.eq(
                "P-256 public key (cannot be generated)",
                gen_(P256_PUBLIC, 256),
                Err(InvalidArgument),
            );
            t.eq(
                "SECP_K1 pair",
                gen_(KeyType::ecc_key_pair(EccFamily::SECP_K1), 256),
                Err(NotSupported),
            );
            t.eq("vendor type", gen_(KeyType(0x8001), 128), Err(NotSupported));
            // psa-arch-tests c016: an unsupported type, NONE included, is NOT_SUPPORTED.
            t.eq("type NONE", gen_(KeyType::NONE, 128), Err(NotSupported));
            let a = attrs(KeyType::AES, UsageFlags::EXPORT, Algorithm::NONE).with_bits(128);
            t.eq(
                "unknown location",
                ok(p.generate_key(&a.with_lifetime(Lifetime::volatile_at(Location::vendor(0x42))))),
                Err(InvalidArgument),
            );
            t.eq(
                "persistent",
                ok(p.generate_key(&a.with_lifetime(Lifetime::PERSISTENT).with_id(KeyId(1)))),
                Err(NotSupported),
            );
        },
        "generate_key",
    );
}

#[test]
fn export_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            let aes = key(
                p,
                KeyType::AES,
                UsageFlags::EXPORT,
                Algorithm::CTR,
                &[9; 16],
            );
            let locked = key(
                p,
                KeyType::AES,
                UsageFlags::ENCRYPT,
                Algorithm::CTR,
                &[9; 16],
            );
            let pair = key(
                p,
                P256_PAIR,
                UsageFlags::EXPORT,
                Algorithm::NONE,
                &hex(P256_KEY),
            );
            let locked_pair = key(
                p,
                P256_PAIR,
                UsageFlags::NONE,
                Algorithm::NONE,
                &hex(P256_KEY),
            );
            let public = key(
                p,
                P256_PUBLIC,
                UsageFlags::NONE,
                Algorithm::NONE,
                &hex(P256_PUBLIC_KEY),
            );
            let dead = gone(p);
            t.out("export_key, exact size", 16, Ok(16), |o| {
                p.export_key(aes, o)
            });
            t.out("export_key, larger buffer", 300, Ok(16), |o| {
                p.export_key(aes, o)
            });
            t.out("export_key, one byte short", 15, Err(BufferTooSmall), |o| {
                p.export_key(aes, o)
            });
            t.out("export_key, empty buffer", 0, Err(BufferTooSmall), |o| {
                p.export_key(aes, o)
            });
            t.out("export_key, no EXPORT usage", 16, Err(NotPermitted), |o| {
                p.export_key(locked, o)
            });
            t.out("export_key, destroyed key", 16, Err(InvalidHandle), |o| {
                p.export_key(dead, o)
            });
            t.out("export_key, KeyId::NULL", 16, Err(InvalidHandle), |o| {
                p.export_key(KeyId::NULL, o)
            });
            t.out(
                "export_key, undeclared built-in id",
                16,
                Err(InvalidHandle),
                |o| p.export_key(KeyId::BUILTIN_MIN, o),
            );
            t.out("export_key, P-256 pair", 32, Ok(32), |o| {
                p.export_key(pair, o)
            });
            t.out("export_public_key, key pair, exact", 65, Ok(65), |o| {
                p.export_public_key(pair, o)
            });
            t.out(
                "export_public_key, key pair, one byte short",
                64,
                Err(BufferTooSmall),
                |o| p.export_public_key(pair, o),
            );
            t.out("export_public_key, needs no usage flag", 65, Ok(65), |o| {
                p.export_public_key(locked_pair, o)
            });
            t.out("export_public_key, public key, exact", 65, Ok(65), |o| {
                p.export_public_key(public, o)
            });
            t.out(
                "export_public_key, public key, one byte short",
                64,
                Err(BufferTooSmall),
                |o| p.export_public_key(public, o),
            );
            t.out(
                "export_public_key, public key, empty",
                0,
                Err(BufferTooSmall),
                |o| p.export_public_key(public, o),
            );
            t.out(
                "export_public_key, AES key",
                65,
                Err(InvalidArgument),
                |o| p.export_public_key(aes, o),
            );
            t.out(
                "export_public_key, destroyed",
                65,
                Err(InvalidHandle),
                |o| p.export_public_key(dead, o),
            );
        },
        "export_key / export_public_key",
    );
}

#[test]
fn copy_destroy_and_attributes_table() {
    // In a thread with a time-out: `copy_key` once deadlocked on the key store's lock, and a
    // regression should fail here rather than hang the run.
    within(60, "copy_key table", || {
        on_every_path!(
            |t, new| {
                let p = new();
                let p = &p;
                let copyable = UsageFlags::COPY | UsageFlags::EXPORT | UsageFlags::ENCRYPT;
                let src = key(p, KeyType::AES, copyable, Algorithm::CTR, &[9; 16]);
                let no_copy = key(
                    p,
                    KeyType::AES,
                    UsageFlags::EXPORT,
                    Algorithm::CTR,
                    &[9; 16],
                );
                let dead = gone(p);
                let same = KeyAttributes::new()
                    .with_usage(copyable)
                    .with_algorithm(Algorithm::CTR);
                t.eq("copy_key", ok(p.copy_key(src, &same)), Ok(()));
                t.eq(
                    "copy_key without COPY usage",
                    ok(p.copy_key(no_copy, &same)),
                    Err(NotPermitted),
                );
                t.eq(
                    "copy_key, destroyed source",
                    ok(p.copy_key(dead, &same)),
                    Err(InvalidHandle),
                );
                t.eq(
                    "copy_key, wrong type given",
                    ok(p.copy_key(src, &same.with_type(KeyType::HMAC))),
                    Err(InvalidArgument),
                );
                t.eq(
                    "copy_key, wrong size given",
                    ok(p.copy_key(src, &same.with_bits(256))),
                    Err(InvalidArgument),
                );
                t.eq(
                    "copy_key, incompatible policy",
                    ok(p.copy_key(src, &same.with_algorithm(Algorithm::CBC_NO_PADDING))),
                    Err(InvalidArgument),
                );
                // Another location, known or not, is a copy across locations (as in Mbed TLS).
                t.eq(
                    "copy_key, to an unknown location",
                    ok(p.copy_key(
                        src,
                        &same.with_lifetime(Lifetime::volatile_at(Location::vendor(0x42))),
                    )),
                    Err(NotSupported),
                );
                t.eq(
                    "copy_key, persistent target",
                    ok(p.copy_key(
                        src,
                        &same.with_lifetime(Lifetime::PERSISTENT).with_id(KeyId(1)),
                    )),
                    Err(NotSupported),
                );
                // Without an id the target attributes are invalid (psa-arch-tests c044).
                t.eq(
                    "copy_key, persistent target without an id",
                    ok(p.copy_key(src, &same.with_lifetime(Lifetime::PERSISTENT))),
                    Err(InvalidArgument),
                );
                t.eq(
                    "destroy_key, KeyId::NULL",
                    p.destroy_key(KeyId::NULL),
                    Ok(()),
                );
                t.eq(
                    "destroy_key, destroyed key",
                    p.destroy_key(dead),
                    Err(InvalidHandle),
                );
                t.eq(
                    "destroy_key, never-used id",
                    p.destroy_key(KeyId(0x4000_7777)),
                    Err(InvalidHandle),
                );
                t.eq(
                    "destroy_key, user-range id",
                    p.destroy_key(KeyId(1)),
                    Err(InvalidHandle),
                );
                t.eq(
                    "destroy_key, undeclared built-in id",
                    p.destroy_key(KeyId::BUILTIN_MIN),
                    Err(InvalidHandle),
                );
                t.eq(
                    "get_key_attributes, destroyed key",
                    p.get_key_attributes(dead).map(|_| ()),
                    Err(InvalidHandle),
                );
                t.eq(
                    "get_key_attributes, KeyId::NULL",
                    p.get_key_attributes(KeyId::NULL).map(|_| ()),
                    Err(InvalidHandle),
                );
            },
            "copy_key / destroy_key / get_key_attributes",
        );
    });
}

// ----- signatures --------------------------------------------------------------------------------

#[test]
fn sign_and_verify_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            let sign = UsageFlags::SIGN_HASH
                | UsageFlags::VERIFY_HASH
                | UsageFlags::SIGN_MESSAGE
                | UsageFlags::VERIFY_MESSAGE;
            let any = Algorithm::ecdsa(Algorithm::ANY_HASH);
            let pair = key(p, P256_PAIR, sign, any, &hex(P256_KEY));
            let pair_384 = key(p, P256_PAIR, sign, any, &hex(P384_KEY));
            let public = key(p, P256_PUBLIC, sign, any, &hex(P256_PUBLIC_KEY));
            let sha384_only = key(
                p,
                P256_PAIR,
                sign,
                Algorithm::ecdsa(Algorithm::SHA_384),
                &hex(P256_KEY),
            );
            let verify_only = key(p, P256_PAIR, UsageFlags::VERIFY_HASH, any, &hex(P256_KEY));
            let aes = key(p, KeyType::AES, sign, ECDSA_256, &[9; 16]);
            let hmac = key(p, KeyType::HMAC, sign, ECDSA_256, &[9; 32]);
            let vendor_policy = key(p, P256_PAIR, sign, VENDOR_SIGN, &hex(P256_KEY));
            let dead = gone(p);
            let h = [0x5a; 32];
            // Hash lengths: exactly the algorithm's.
            for n in [0, 1, 31, 33, 48, 64] {
                t.out(
                    &format!("sign_hash, {n}-byte hash for SHA-256"),
                    64,
                    Err(InvalidArgument),
                    |o| p.sign_hash(pair, ECDSA_256, &vec![1; n], o),
                );
            }
            t.out("sign_hash, 32-byte hash", 64, Ok(64), |o| {
                p.sign_hash(pair, ECDSA_256, &h, o)
            });
            t.out("sign_hash, P-384, 48-byte hash", 96, Ok(96), |o| {
                p.sign_hash(pair_384, Algorithm::ecdsa(Algorithm::SHA_384), &[1; 48], o)
            });
            t.out(
                "sign_hash, P-384, one byte short",
                95,
                Err(BufferTooSmall),
                |o| p.sign_hash(pair_384, Algorithm::ecdsa(Algorithm::SHA_384), &[1; 48], o),
            );
            t.out(
                "sign_hash, signature buffer one byte short",
                63,
                Err(BufferTooSmall),
                |o| p.sign_hash(pair, ECDSA_256, &h, o),
            );
            t.out(
                "sign_hash, empty signature buffer",
                0,
                Err(BufferTooSmall),
                |o| p.sign_hash(pair, ECDSA_256, &h, o),
            );
            t.out("sign_hash, large buffer", 200, Ok(64), |o| {
                p.sign_hash(pair, ECDSA_256, &h, o)
            });
            // Algorithms.
            t.out(
                "sign_hash, wildcard ECDSA(ANY_HASH)",
                64,
                Err(InvalidArgument),
                |o| p.sign_hash(pair, any, &h, o),
            );
            t.out(
                "sign_hash, a MAC algorithm",
                64,
                Err(InvalidArgument),
                |o| p.sign_hash(pair, HMAC_256, &h, o),
            );
            t.out(
                "sign_hash, a hash algorithm",
                64,
                Err(InvalidArgument),
                |o| p.sign_hash(pair, Algorithm::SHA_256, &h, o),
            );
            t.out("sign_hash, NONE", 64, Err(InvalidArgument), |o| {
                p.sign_hash(pair, Algorithm::NONE, &h, o)
            });
            // A vendor algorithm this implementation does not know: not a (known) signature
            // algorithm (INVALID_ARGUMENT) or not supported (NOT_SUPPORTED); the spec lists
            // both for psa_sign_hash.
            let vendor = |o: &mut [u8]| p.sign_hash(vendor_policy, VENDOR_SIGN, &h, o);
            let mut buf = canary(64);
            t.one_of(
                "sign_hash, vendor algorithm",
                vendor(&mut buf),
                &[Err(InvalidArgument), Err(NotSupported)],
            );
            t.eq(
                "sign_hash, vendor algorithm: nothing written",
                untouched_from(&buf, 0),
                true,
            );
            // Policy and key.
            t.out(
                "sign_hash, algorithm outside the policy",
                64,
                Err(NotPermitted),
                |o| p.sign_hash(sha384_only, ECDSA_256, &h, o),
            );
            t.out(
                "sign_hash, no SIGN_HASH usage",
                64,
                Err(NotPermitted),
                |o| p.sign_hash(verify_only, ECDSA_256, &h, o),
            );
            t.out("sign_hash, a public key", 64, Err(InvalidArgument), |o| {
                p.sign_hash(public, ECDSA_256, &h, o)
            });
            t.out("sign_hash, an AES key", 64, Err(InvalidArgument), |o| {
                p.sign_hash(aes, ECDSA_256, &h, o)
            });
            t.out("sign_hash, an HMAC key", 64, Err(InvalidArgument), |o| {
                p.sign_hash(hmac, ECDSA_256, &h, o)
            });
            t.out("sign_hash, destroyed key", 64, Err(InvalidHandle), |o| {
                p.sign_hash(dead, ECDSA_256, &h, o)
            });
            // Verification.
            let mut sig = [0u8; 64];
            p.sign_hash(pair, ECDSA_256, &h, &mut sig).unwrap();
            t.eq(
                "verify_hash, valid",
                p.verify_hash(pair, ECDSA_256, &h, &sig),
                Ok(()),
            );
            t.eq(
                "verify_hash, valid, with the public key",
                p.verify_hash(public, ECDSA_256, &h, &sig),
                Ok(()),
            );
            for n in [0, 1, 63, 65, 128] {
                let s: Vec<u8> = sig.iter().copied().cycle().take(n).collect();
                t.eq(
                    &format!("verify_hash, {n}-byte signature"),
                    p.verify_hash(pair, ECDSA_256, &h, &s),
                    Err(InvalidSignature),
                );
            }
            t.eq(
                "verify_hash, all-zero signature",
                p.verify_hash(pair, ECDSA_256, &h, &[0; 64]),
                Err(InvalidSignature),
            );
            t.eq(
                "verify_hash, r = s = n",
                p.verify_hash(pair, ECDSA_256, &h, &[hex(P256_N), hex(P256_N)].concat()),
                Err(InvalidSignature),
            );
            t.eq(
                "verify_hash, all-ones signature",
                p.verify_hash(pair, ECDSA_256, &h, &[0xff; 64]),
                Err(InvalidSignature),
            );
            let mut flipped = sig;
            flipped[63] ^= 1;
            t.eq(
                "verify_hash, one bit flipped",
                p.verify_hash(pair, ECDSA_256, &h, &flipped),
                Err(InvalidSignature),
            );
            t.eq(
                "verify_hash, other hash",
                p.verify_hash(pair, ECDSA_256, &[0x5b; 32], &sig),
                Err(InvalidSignature),
            );
            t.eq(
                "verify_hash, 31-byte hash",
                p.verify_hash(pair, ECDSA_256, &h[1..], &sig),
                Err(InvalidArgument),
            );
            t.eq(
                "verify_hash, wildcard",
                p.verify_hash(pair, any, &h, &sig),
                Err(InvalidArgument),
            );
            t.eq(
                "verify_hash, an AES key",
                p.verify_hash(aes, ECDSA_256, &h, &sig),
                Err(InvalidArgument),
            );
            t.eq(
                "verify_hash, destroyed key",
                p.verify_hash(dead, ECDSA_256, &h, &sig),
                Err(InvalidHandle),
            );
            t.eq(
                "verify_hash, P-256 signature against the P-384 key",
                p.verify_hash(
                    pair_384,
                    Algorithm::ecdsa(Algorithm::SHA_384),
                    &[1; 48],
                    &sig,
                ),
                Err(InvalidSignature),
            );
            // Messages.
            t.out("sign_message, empty message", 64, Ok(64), |o| {
                p.sign_message(pair, ECDSA_256, &[], o)
            });
            t.out(
                "sign_message, one byte short",
                63,
                Err(BufferTooSmall),
                |o| p.sign_message(pair, ECDSA_256, b"m", o),
            );
            t.out("sign_message, wildcard", 64, Err(InvalidArgument), |o| {
                p.sign_message(pair, any, b"m", o)
            });
            t.out(
                "sign_message, ECDSA_ANY (no hash to hash with)",
                64,
                Err(InvalidArgument),
                |o| p.sign_message(pair, Algorithm::ECDSA_ANY, b"m", o),
            );
            t.out(
                "sign_message, a public key",
                64,
                Err(InvalidArgument),
                |o| p.sign_message(public, ECDSA_256, b"m", o),
            );
            t.out("sign_message, destroyed key", 64, Err(InvalidHandle), |o| {
                p.sign_message(dead, ECDSA_256, b"m", o)
            });
            let mut msig = [0u8; 64];
            p.sign_message(pair, ECDSA_256, b"message", &mut msig)
                .unwrap();
            t.eq(
                "verify_message, valid",
                p.verify_message(public, ECDSA_256, b"message", &msig),
                Ok(()),
            );
            t.eq(
                "verify_message, other message",
                p.verify_message(public, ECDSA_256, b"messagE", &msig),
                Err(InvalidSignature),
            );
            t.eq(
                "verify_message, truncated signature",
                p.verify_message(public, ECDSA_256, b"message", &msig[..63]),
                Err(InvalidSignature),
            );
            t.eq(
                "verify_message, wildcard",
                p.verify_message(public, any, b"message", &msig),
                Err(InvalidArgument),
            );
            t.eq(
                "verify_message, 1 MiB message",
                p.verify_message(public, ECDSA_256, &vec![0; 1 << 20], &msig),
                Err(InvalidSignature),
            );
        },
        "sign_hash / verify_hash / sign_message / verify_message",
    );
}

// ----- key agreement -----------------------------------------------------------------------------

#[test]
fn raw_key_agreement_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            let ecdh = key(
                p,
                P256_PAIR,
                UsageFlags::DERIVE,
                Algorithm::ECDH,
                &hex(P256_KEY),
            );
            let ecdh_384 = key(
                p,
                P256_PAIR,
                UsageFlags::DERIVE,
                Algorithm::ECDH,
                &hex(P384_KEY),
            );
            let no_derive = key(
                p,
                P256_PAIR,
                UsageFlags::SIGN_HASH,
                Algorithm::ECDH,
                &hex(P256_KEY),
            );
            let public = key(
                p,
                P256_PUBLIC,
                UsageFlags::DERIVE,
                Algorithm::ECDH,
                &hex(P256_PUBLIC_KEY),
            );
            let aes = key(
                p,
                KeyType::AES,
                UsageFlags::DERIVE,
                Algorithm::ECDH,
                &[9; 16],
            );
            let dead = gone(p);
            let q = hex(P256_PUBLIC_KEY);
            t.out("ECDH, valid peer", 32, Ok(32), |o| {
                p.raw_key_agreement(Algorithm::ECDH, ecdh, &q, o)
            });
            t.out("ECDH, larger buffer", 100, Ok(32), |o| {
                p.raw_key_agreement(Algorithm::ECDH, ecdh, &q, o)
            });
            t.out("ECDH, one byte short", 31, Err(BufferTooSmall), |o| {
                p.raw_key_agreement(Algorithm::ECDH, ecdh, &q, o)
            });
            t.out("ECDH, empty buffer", 0, Err(BufferTooSmall), |o| {
                p.raw_key_agreement(Algorithm::ECDH, ecdh, &q, o)
            });
            for n in [0, 1, 33, 64, 66, 97] {
                let peer: Vec<u8> = q.iter().copied().cycle().take(n).collect();
                t.out(
                    &format!("ECDH, {n}-byte peer key"),
                    32,
                    Err(InvalidArgument),
                    |o| p.raw_key_agreement(Algorithm::ECDH, ecdh, &peer, o),
                );
            }
            let mut off = q.clone();
            off[64] ^= 1;
            t.out("ECDH, peer off the curve", 32, Err(InvalidArgument), |o| {
                p.raw_key_agreement(Algorithm::ECDH, ecdh, &off, o)
            });
            t.out("ECDH, peer all zero", 32, Err(InvalidArgument), |o| {
                p.raw_key_agreement(Algorithm::ECDH, ecdh, &[&[4u8][..], &[0; 64]].concat(), o)
            });
            let mut compressed = vec![0x02 | (q[64] & 1)];
            compressed.extend_from_slice(&q[1..33]);
            t.out("ECDH, compressed peer", 32, Err(InvalidArgument), |o| {
                p.raw_key_agreement(Algorithm::ECDH, ecdh, &compressed, o)
            });
            t.out(
                "ECDH, P-256 peer for a P-384 key",
                48,
                Err(InvalidArgument),
                |o| p.raw_key_agreement(Algorithm::ECDH, ecdh_384, &q, o),
            );
            t.out("ECDH + HKDF (not raw)", 32, Err(InvalidArgument), |o| {
                p.raw_key_agreement(
                    Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
                    ecdh,
                    &q,
                    o,
                )
            });
            t.out("a signature algorithm", 32, Err(InvalidArgument), |o| {
                p.raw_key_agreement(ECDSA_256, ecdh, &q, o)
            });
            t.out("FFDH with an ECC key", 32, Err(NotPermitted), |o| {
                p.raw_key_agreement(Algorithm::FFDH, ecdh, &q, o)
            });
            // Not a raw key agreement the core knows (INVALID_ARGUMENT) or outside the
            // policy (NOT_PERMITTED): either check may come first.
            let mut buf = canary(32);
            t.one_of(
                "vendor key agreement",
                p.raw_key_agreement(Algorithm(0x8902_0000), ecdh, &q, &mut buf),
                &[Err(InvalidArgument), Err(NotPermitted)],
            );
            t.eq(
                "vendor key agreement: nothing written",
                untouched_from(&buf, 0),
                true,
            );
            t.out("no DERIVE usage", 32, Err(NotPermitted), |o| {
                p.raw_key_agreement(Algorithm::ECDH, no_derive, &q, o)
            });
            t.out("a public key", 32, Err(InvalidArgument), |o| {
                p.raw_key_agreement(Algorithm::ECDH, public, &q, o)
            });
            t.out("an AES key", 32, Err(InvalidArgument), |o| {
                p.raw_key_agreement(Algorithm::ECDH, aes, &q, o)
            });
            t.out("destroyed key", 32, Err(InvalidHandle), |o| {
                p.raw_key_agreement(Algorithm::ECDH, dead, &q, o)
            });
        },
        "raw_key_agreement",
    );
}

// ----- hash and MAC ------------------------------------------------------------------------------

#[test]
fn hash_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            for (alg, len) in [
                (Algorithm::SHA_224, 28),
                (Algorithm::SHA_256, 32),
                (Algorithm::SHA_384, 48),
                (Algorithm::SHA_512, 64),
            ] {
                t.out(&format!("{alg:?}, exact buffer"), len, Ok(len), |o| {
                    p.hash_compute(alg, b"abc", o)
                });
                t.out(
                    &format!("{alg:?}, one byte short"),
                    len - 1,
                    Err(BufferTooSmall),
                    |o| p.hash_compute(alg, b"abc", o),
                );
                t.out(
                    &format!("{alg:?}, empty buffer"),
                    0,
                    Err(BufferTooSmall),
                    |o| p.hash_compute(alg, b"abc", o),
                );
                t.out(&format!("{alg:?}, empty input"), 100, Ok(len), |o| {
                    p.hash_compute(alg, &[], o)
                });
            }
            t.out("ANY_HASH (a wildcard)", 64, Err(InvalidArgument), |o| {
                p.hash_compute(Algorithm::ANY_HASH, b"abc", o)
            });
            t.out("a MAC algorithm", 64, Err(InvalidArgument), |o| {
                p.hash_compute(HMAC_256, b"abc", o)
            });
            t.out("NONE", 64, Err(InvalidArgument), |o| {
                p.hash_compute(Algorithm::NONE, b"abc", o)
            });
            t.out("MD5 (not served)", 64, Err(NotSupported), |o| {
                p.hash_compute(Algorithm::MD5, b"abc", o)
            });
            t.out("SHA-1 (not served)", 64, Err(NotSupported), |o| {
                p.hash_compute(Algorithm::SHA_1, b"abc", o)
            });
            t.out("SHA3-256 (not served)", 64, Err(NotSupported), |o| {
                p.hash_compute(Algorithm::SHA3_256, b"abc", o)
            });
            t.out("vendor hash", 64, Err(NotSupported), |o| {
                p.hash_compute(VENDOR_HASH, b"abc", o)
            });
            let digest = {
                let mut d = [0u8; 32];
                p.hash_compute(Algorithm::SHA_256, b"abc", &mut d).unwrap();
                d
            };
            t.eq(
                "hash_compare, equal",
                p.hash_compare(Algorithm::SHA_256, b"abc", &digest),
                Ok(()),
            );
            t.eq(
                "hash_compare, one byte short",
                p.hash_compare(Algorithm::SHA_256, b"abc", &digest[..31]),
                Err(InvalidSignature),
            );
            t.eq(
                "hash_compare, one byte long",
                p.hash_compare(Algorithm::SHA_256, b"abc", &[&digest[..], &[0]].concat()),
                Err(InvalidSignature),
            );
            t.eq(
                "hash_compare, empty",
                p.hash_compare(Algorithm::SHA_256, b"abc", &[]),
                Err(InvalidSignature),
            );
            t.eq(
                "hash_compare, wildcard",
                p.hash_compare(Algorithm::ANY_HASH, b"abc", &digest),
                Err(InvalidArgument),
            );
        },
        "hash_compute / hash_compare",
    );
}

#[test]
fn mac_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            let mac_usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
            let any_length = Algorithm::at_least_this_length_mac(HMAC_256, 1);
            let hmac = key(p, KeyType::HMAC, mac_usage, any_length, &[9; 32]);
            let exact = key(p, KeyType::HMAC, mac_usage, HMAC_256, &[9; 32]);
            let verify_only = key(
                p,
                KeyType::HMAC,
                UsageFlags::VERIFY_MESSAGE,
                HMAC_256,
                &[9; 32],
            );
            let aes = key(p, KeyType::AES, mac_usage, HMAC_256, &[9; 16]);
            let cmac = key(p, KeyType::AES, mac_usage, Algorithm::CMAC, &[9; 16]);
            let dead = gone(p);
            t.out("HMAC-SHA-256, exact", 32, Ok(32), |o| {
                p.mac_compute(exact, HMAC_256, b"m", o)
            });
            t.out(
                "HMAC-SHA-256, one byte short",
                31,
                Err(BufferTooSmall),
                |o| p.mac_compute(exact, HMAC_256, b"m", o),
            );
            t.out("HMAC-SHA-256, empty buffer", 0, Err(BufferTooSmall), |o| {
                p.mac_compute(exact, HMAC_256, b"m", o)
            });
            // Truncation: at least 4 bytes (PSA_MAC_TRUNCATED_LENGTH's floor), at most the hash.
            for (n, expected) in [
                // Shorter than the built-in serves: NOT_SUPPORTED (psa-arch-tests c026).
                (1, Err(NotSupported)),
                (3, Err(NotSupported)),
                (4, Ok(4)),
                (31, Ok(31)),
                (32, Ok(32)),
                (33, Err(InvalidArgument)),
                (63, Err(InvalidArgument)),
            ] {
                let alg = Algorithm::truncated_mac(HMAC_256, n);
                t.out(
                    &format!("HMAC-SHA-256 truncated to {n}"),
                    64,
                    expected,
                    |o| p.mac_compute(hmac, alg, b"m", o),
                );
            }
            t.out(
                "truncated to 16, 15-byte buffer",
                15,
                Err(BufferTooSmall),
                |o| p.mac_compute(hmac, Algorithm::truncated_mac(HMAC_256, 16), b"m", o),
            );
            t.out(
                "at-least-this-length wildcard",
                64,
                Err(InvalidArgument),
                |o| p.mac_compute(hmac, any_length, b"m", o),
            );
            t.out("HMAC(ANY_HASH) wildcard", 64, Err(InvalidArgument), |o| {
                p.mac_compute(hmac, Algorithm::hmac(Algorithm::ANY_HASH), b"m", o)
            });
            t.out("a hash algorithm", 64, Err(InvalidArgument), |o| {
                p.mac_compute(exact, Algorithm::SHA_256, b"m", o)
            });
            t.out("HMAC with an AES key", 64, Err(InvalidArgument), |o| {
                p.mac_compute(aes, HMAC_256, b"m", o)
            });
            t.out("CMAC", 64, Ok(16), |o| {
                p.mac_compute(cmac, Algorithm::CMAC, b"m", o)
            });
            t.out("CMAC, one byte short", 15, Err(BufferTooSmall), |o| {
                p.mac_compute(cmac, Algorithm::CMAC, b"m", o)
            });
            t.out("outside the policy", 64, Err(NotPermitted), |o| {
                p.mac_compute(exact, Algorithm::hmac(Algorithm::SHA_384), b"m", o)
            });
            t.out("no SIGN_MESSAGE usage", 64, Err(NotPermitted), |o| {
                p.mac_compute(verify_only, HMAC_256, b"m", o)
            });
            t.out("destroyed key", 64, Err(InvalidHandle), |o| {
                p.mac_compute(dead, HMAC_256, b"m", o)
            });
            let mut mac = [0u8; 32];
            p.mac_compute(exact, HMAC_256, b"m", &mut mac).unwrap();
            t.eq(
                "mac_verify, valid",
                p.mac_verify(exact, HMAC_256, b"m", &mac),
                Ok(()),
            );
            t.eq(
                "mac_verify, no SIGN_MESSAGE needed",
                p.mac_verify(verify_only, HMAC_256, b"m", &mac),
                Ok(()),
            );
            t.eq(
                "mac_verify, one byte short",
                p.mac_verify(exact, HMAC_256, b"m", &mac[..31]),
                Err(InvalidSignature),
            );
            t.eq(
                "mac_verify, one byte long",
                p.mac_verify(exact, HMAC_256, b"m", &[&mac[..], &[0]].concat()),
                Err(InvalidSignature),
            );
            t.eq(
                "mac_verify, empty",
                p.mac_verify(exact, HMAC_256, b"m", &[]),
                Err(InvalidSignature),
            );
            let mut flipped = mac;
            flipped[0] ^= 0x80;
            t.eq(
                "mac_verify, one bit flipped",
                p.mac_verify(exact, HMAC_256, b"m", &flipped),
                Err(InvalidSignature),
            );
            t.eq(
                "mac_verify, wildcard",
                p.mac_verify(hmac, any_length, b"m", &mac),
                Err(InvalidArgument),
            );
            t.eq(
                "mac_verify, destroyed key",
                p.mac_verify(dead, HMAC_256, b"m", &mac),
                Err(InvalidHandle),
            );
        },
        "mac_compute / mac_verify",
    );
}

// ----- ciphers -----------------------------------------------------------------------------------

#[test]
fn cipher_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
            let ctr = key(p, KeyType::AES, crypt, Algorithm::CTR, &[9; 16]);
            let cbc = key(p, KeyType::AES, crypt, Algorithm::CBC_NO_PADDING, &[9; 16]);
            let pkcs7 = key(p, KeyType::AES, crypt, Algorithm::CBC_PKCS7, &[9; 16]);
            let ecb = key(p, KeyType::AES, crypt, Algorithm::ECB_NO_PADDING, &[9; 16]);
            let decrypt_only = key(
                p,
                KeyType::AES,
                UsageFlags::DECRYPT,
                Algorithm::CTR,
                &[9; 16],
            );
            let hmac = key(p, KeyType::HMAC, crypt, Algorithm::CTR, &[9; 16]);
            let stream = key(p, KeyType::AES, crypt, Algorithm::STREAM_CIPHER, &[9; 16]);
            let gcm = key(p, KeyType::AES, crypt, Algorithm::GCM, &[9; 16]);
            let dead = gone(p);
            // Encrypt: the output is the IV (16 bytes) then the ciphertext.
            for n in [0usize, 1, 15, 16, 17, 1000] {
                t.out(
                    &format!("CTR encrypt, {n} bytes, exact buffer"),
                    16 + n,
                    Ok(16 + n),
                    |o| p.cipher_encrypt(ctr, Algorithm::CTR, &vec![1; n], o),
                );
                t.out(
                    &format!("CTR encrypt, {n} bytes, one byte short"),
                    15 + n,
                    Err(BufferTooSmall),
                    |o| p.cipher_encrypt(ctr, Algorithm::CTR, &vec![1; n], o),
                );
            }
            for (n, expected) in [
                (0usize, Ok(16)),
                (1, Err(InvalidArgument)),
                (15, Err(InvalidArgument)),
                (16, Ok(32)),
                (17, Err(InvalidArgument)),
                (32, Ok(48)),
            ] {
                t.out(
                    &format!("CBC (no padding) encrypt, {n} bytes"),
                    64,
                    expected,
                    |o| p.cipher_encrypt(cbc, Algorithm::CBC_NO_PADDING, &vec![1; n], o),
                );
            }
            for (n, out) in [(0usize, 32), (15, 32), (16, 48)] {
                t.out(
                    &format!("CBC-PKCS7 encrypt, {n} bytes, exact"),
                    out,
                    Ok(out),
                    |o| p.cipher_encrypt(pkcs7, Algorithm::CBC_PKCS7, &vec![1; n], o),
                );
                t.out(
                    &format!("CBC-PKCS7 encrypt, {n} bytes, one byte short"),
                    out - 1,
                    Err(BufferTooSmall),
                    |o| p.cipher_encrypt(pkcs7, Algorithm::CBC_PKCS7, &vec![1; n], o),
                );
            }
            t.out(
                "encrypt, output shorter than the IV",
                8,
                Err(BufferTooSmall),
                |o| p.cipher_encrypt(ctr, Algorithm::CTR, &[1; 4], o),
            );
            // ECB has no IV: the output is the ciphertext alone.
            t.out("ECB, one block", 64, Ok(16), |o| {
                p.cipher_encrypt(ecb, Algorithm::ECB_NO_PADDING, &[1; 16], o)
            });
            t.out("ECB, not a whole block", 64, Err(InvalidArgument), |o| {
                p.cipher_encrypt(ecb, Algorithm::ECB_NO_PADDING, &[1; 17], o)
            });
            t.out(
                "STREAM_CIPHER with an AES key",
                64,
                Err(InvalidArgument),
                |o| p.cipher_encrypt(stream, Algorithm::STREAM_CIPHER, &[1; 16], o),
            );
            t.out("an AEAD algorithm", 64, Err(InvalidArgument), |o| {
                p.cipher_encrypt(gcm, Algorithm::GCM, &[1; 16], o)
            });
            t.out("a hash algorithm", 64, Err(InvalidArgument), |o| {
                p.cipher_encrypt(ctr, Algorithm::SHA_256, &[1; 16], o)
            });
            t.out("vendor cipher algorithm", 64, Err(NotPermitted), |o| {
                p.cipher_encrypt(ctr, Algorithm(0x84c0_1000), &[1; 16], o)
            });
            t.out("CTR with an HMAC key", 64, Err(InvalidArgument), |o| {
                p.cipher_encrypt(hmac, Algorithm::CTR, &[1; 16], o)
            });
            t.out("outside the policy", 64, Err(NotPermitted), |o| {
                p.cipher_encrypt(ctr, Algorithm::CBC_NO_PADDING, &[1; 16], o)
            });
            t.out("no ENCRYPT usage", 64, Err(NotPermitted), |o| {
                p.cipher_encrypt(decrypt_only, Algorithm::CTR, &[1; 16], o)
            });
            t.out("destroyed key", 64, Err(InvalidHandle), |o| {
                p.cipher_encrypt(dead, Algorithm::CTR, &[1; 16], o)
            });
            // Decrypt: the input is the IV then the ciphertext.
            for (n, expected) in [
                (0usize, Err(InvalidArgument)),
                (1, Err(InvalidArgument)),
                (15, Err(InvalidArgument)),
                (16, Ok(0)),
                (17, Ok(1)),
                (48, Ok(32)),
            ] {
                t.out(&format!("CTR decrypt, {n}-byte input"), 64, expected, |o| {
                    p.cipher_decrypt(ctr, Algorithm::CTR, &vec![1; n], o)
                });
            }
            t.out(
                "CTR decrypt, one byte short",
                31,
                Err(BufferTooSmall),
                |o| p.cipher_decrypt(ctr, Algorithm::CTR, &[1; 48], o),
            );
            for (n, expected) in [
                (16usize, Ok(0)),
                (17, Err(InvalidArgument)),
                (31, Err(InvalidArgument)),
                (32, Ok(16)),
            ] {
                t.out(
                    &format!("CBC (no padding) decrypt, {n}-byte input"),
                    64,
                    expected,
                    |o| p.cipher_decrypt(cbc, Algorithm::CBC_NO_PADDING, &vec![1; n], o),
                );
            }
            t.out(
                "CBC-PKCS7 decrypt, IV only",
                64,
                Err(InvalidArgument),
                |o| p.cipher_decrypt(pkcs7, Algorithm::CBC_PKCS7, &[1; 16], o),
            );
            t.out(
                "CBC-PKCS7 decrypt, 17-byte input",
                64,
                Err(InvalidArgument),
                |o| p.cipher_decrypt(pkcs7, Algorithm::CBC_PKCS7, &[1; 17], o),
            );
            let mut sealed = [0u8; 32];
            let n = p
                .cipher_encrypt(pkcs7, Algorithm::CBC_PKCS7, &[7; 10], &mut sealed)
                .unwrap();
            t.out("CBC-PKCS7 decrypt, valid", 64, Ok(10), |o| {
                p.cipher_decrypt(pkcs7, Algorithm::CBC_PKCS7, &sealed[..n], o)
            });
            t.out("CBC-PKCS7 decrypt, valid, exact buffer", 10, Ok(10), |o| {
                p.cipher_decrypt(pkcs7, Algorithm::CBC_PKCS7, &sealed[..n], o)
            });
            t.out(
                "CBC-PKCS7 decrypt, valid, one byte short",
                9,
                Err(BufferTooSmall),
                |o| p.cipher_decrypt(pkcs7, Algorithm::CBC_PKCS7, &sealed[..n], o),
            );
            let mut bad_pad = sealed;
            bad_pad[n - 17] ^= 0x01;
            t.out(
                "CBC-PKCS7 decrypt, corrupt padding",
                64,
                Err(InvalidPadding),
                |o| p.cipher_decrypt(pkcs7, Algorithm::CBC_PKCS7, &bad_pad[..n], o),
            );
            t.out("decrypt, destroyed key", 64, Err(InvalidHandle), |o| {
                p.cipher_decrypt(dead, Algorithm::CTR, &[1; 32], o)
            });
        },
        "cipher_encrypt / cipher_decrypt",
    );
}

#[test]
fn aead_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
            let gcm_any = Algorithm::aead_with_at_least_this_length_tag(Algorithm::GCM, 1);
            let gcm = key(p, KeyType::AES, crypt, gcm_any, &[9; 16]);
            let chacha = key(
                p,
                KeyType::CHACHA20,
                crypt,
                Algorithm::CHACHA20_POLY1305,
                &[9; 32],
            );
            let chacha_with_aes = key(
                p,
                KeyType::AES,
                crypt,
                Algorithm::CHACHA20_POLY1305,
                &[9; 16],
            );
            let ccm = key(p, KeyType::AES, crypt, Algorithm::CCM, &[9; 16]);
            let dead = gone(p);
            let n12 = [3u8; 12];
            let pt = [5u8; 20];
            t.out("GCM, exact buffer", 36, Ok(36), |o| {
                p.aead_encrypt(gcm, Algorithm::GCM, &n12, b"ad", &pt, o)
            });
            t.out("GCM, one byte short", 35, Err(BufferTooSmall), |o| {
                p.aead_encrypt(gcm, Algorithm::GCM, &n12, b"ad", &pt, o)
            });
            t.out(
                "GCM, empty buffer, empty plaintext",
                0,
                Err(BufferTooSmall),
                |o| p.aead_encrypt(gcm, Algorithm::GCM, &n12, b"", &[], o),
            );
            t.out("GCM, empty plaintext", 16, Ok(16), |o| {
                p.aead_encrypt(gcm, Algorithm::GCM, &n12, b"", &[], o)
            });
            t.out("GCM, 0-byte nonce", 64, Err(InvalidArgument), |o| {
                p.aead_encrypt(gcm, Algorithm::GCM, &[], b"", &pt, o)
            });
            // GCM takes any nonce of 1 byte or more (other than 12 bytes: streamed).
            t.out("GCM, 16-byte nonce", 64, Ok(36), |o| {
                p.aead_encrypt(gcm, Algorithm::GCM, &[3; 16], b"", &pt, o)
            });
            for (tag, expected) in [(12u8, Ok(32)), (13, Ok(33)), (16, Ok(36))] {
                let alg = Algorithm::aead_with_shortened_tag(Algorithm::GCM, tag);
                t.out(&format!("GCM, {tag}-byte tag"), 64, expected, |o| {
                    p.aead_encrypt(gcm, alg, &n12, b"", &pt, o)
                });
            }
            // GCM tags are 4, 8 or 12..=16 bytes (SP 800-38D); others cannot exist.
            // (A 0-byte tag cannot even be asked for: the policy's minimum refuses it first.)
            t.one_of(
                "GCM, 0-byte tag",
                p.aead_encrypt(
                    gcm,
                    Algorithm::aead_with_shortened_tag(Algorithm::GCM, 0),
                    &n12,
                    b"",
                    &pt,
                    &mut [0; 64],
                ),
                &[Err(InvalidArgument), Err(NotPermitted)],
            );
            for tag in [1u8, 3, 5, 11, 17, 63] {
                let alg = Algorithm::aead_with_shortened_tag(Algorithm::GCM, tag);
                t.out(
                    &format!("GCM, {tag}-byte tag (invalid)"),
                    64,
                    Err(InvalidArgument),
                    |o| p.aead_encrypt(gcm, alg, &n12, b"", &pt, o),
                );
            }
            t.out(
                "GCM, at-least-this-length wildcard",
                64,
                Err(InvalidArgument),
                |o| p.aead_encrypt(gcm, gcm_any, &n12, b"", &pt, o),
            );
            t.out("ChaCha20-Poly1305", 36, Ok(36), |o| {
                p.aead_encrypt(chacha, Algorithm::CHACHA20_POLY1305, &n12, b"ad", &pt, o)
            });
            t.out(
                "ChaCha20-Poly1305, 11-byte nonce",
                64,
                Err(InvalidArgument),
                |o| p.aead_encrypt(chacha, Algorithm::CHACHA20_POLY1305, &[3; 11], b"", &pt, o),
            );
            t.out(
                "ChaCha20-Poly1305, 13-byte nonce",
                64,
                Err(InvalidArgument),
                |o| p.aead_encrypt(chacha, Algorithm::CHACHA20_POLY1305, &[3; 13], b"", &pt, o),
            );
            t.out(
                "ChaCha20-Poly1305 with an AES key",
                64,
                Err(InvalidArgument),
                |o| {
                    p.aead_encrypt(
                        chacha_with_aes,
                        Algorithm::CHACHA20_POLY1305,
                        &n12,
                        b"",
                        &pt,
                        o,
                    )
                },
            );
            t.out("CCM", 64, Ok(36), |o| {
                p.aead_encrypt(ccm, Algorithm::CCM, &n12, b"", &pt, o)
            });
            t.out("CCM, 6-byte nonce", 64, Err(InvalidArgument), |o| {
                p.aead_encrypt(ccm, Algorithm::CCM, &[3; 6], b"", &pt, o)
            });
            t.out("a cipher algorithm", 64, Err(InvalidArgument), |o| {
                p.aead_encrypt(gcm, Algorithm::CTR, &n12, b"", &pt, o)
            });
            t.out("outside the policy", 64, Err(NotPermitted), |o| {
                p.aead_encrypt(chacha, Algorithm::GCM, &n12, b"", &pt, o)
            });
            t.out("destroyed key", 64, Err(InvalidHandle), |o| {
                p.aead_encrypt(dead, Algorithm::GCM, &n12, b"", &pt, o)
            });
            let mut sealed = [0u8; 36];
            p.aead_encrypt(gcm, Algorithm::GCM, &n12, b"ad", &pt, &mut sealed)
                .unwrap();
            t.out("GCM decrypt, exact", 20, Ok(20), |o| {
                p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"ad", &sealed, o)
            });
            t.out(
                "GCM decrypt, one byte short",
                19,
                Err(BufferTooSmall),
                |o| p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"ad", &sealed, o),
            );
            // A wrong tag releases no plaintext: the output stays untouched.
            let mut forged = sealed;
            forged[35] ^= 1;
            t.out("GCM decrypt, forged tag", 64, Err(InvalidSignature), |o| {
                p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"ad", &forged, o)
            });
            t.out(
                "GCM decrypt, other additional data",
                64,
                Err(InvalidSignature),
                |o| p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"AD", &sealed, o),
            );
            t.out(
                "GCM decrypt, tag only (empty plaintext)",
                64,
                Err(InvalidSignature),
                |o| p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"ad", &sealed[20..], o),
            );
            for n in [0usize, 1, 15] {
                t.out(
                    &format!("GCM decrypt, {n}-byte input (shorter than the tag)"),
                    64,
                    Err(InvalidArgument),
                    |o| p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"ad", &sealed[..n], o),
                );
            }
            t.out("decrypt, destroyed key", 64, Err(InvalidHandle), |o| {
                p.aead_decrypt(dead, Algorithm::GCM, &n12, b"ad", &sealed, o)
            });
        },
        "aead_encrypt / aead_decrypt",
    );
}

#[test]
fn generate_random_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            for n in [0usize, 1, 32, 65_535, 65_536, 65_537, 1 << 20] {
                let mut buf = vec![0u8; n];
                t.eq(
                    &format!("generate_random, {n} bytes"),
                    p.generate_random(&mut buf),
                    Ok(()),
                );
                if n >= 32 {
                    t.eq(
                        &format!("generate_random, {n} bytes: not all zero at the end"),
                        buf[n - 32..].iter().any(|&b| b != 0),
                        true,
                    );
                }
            }
        },
        "generate_random",
    );
}

// ----- multi-part --------------------------------------------------------------------------------

/// Multi-part setups and steps with malformed arguments: the same statuses as the
/// single-part functions, and output buffers one byte short.
#[test]
fn multi_part_arguments_table() {
    fn table<D: Dispatch>(t: &mut Table, p: &Psa<D>) {
        let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
        let mac_usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
        let k = |ty: KeyType, usage: UsageFlags, alg: Algorithm, m: &[u8]| {
            p.import_key(&attrs(ty, usage, alg), m).unwrap()
        };
        let hmac = k(KeyType::HMAC, mac_usage, HMAC_256, &[9; 32]);
        let hmac_verify_only = k(
            KeyType::HMAC,
            UsageFlags::VERIFY_MESSAGE,
            HMAC_256,
            &[9; 32],
        );
        let aes_for_hmac = k(KeyType::AES, mac_usage, HMAC_256, &[9; 16]);
        let ctr = k(KeyType::AES, crypt, Algorithm::CTR, &[9; 16]);
        let pkcs7 = k(KeyType::AES, crypt, Algorithm::CBC_PKCS7, &[9; 16]);
        let derive = k(
            KeyType::DERIVE,
            UsageFlags::DERIVE,
            Algorithm::hkdf(Algorithm::SHA_256),
            &[9; 32],
        );
        let derive_no_usage = k(
            KeyType::DERIVE,
            UsageFlags::NONE,
            Algorithm::hkdf(Algorithm::SHA_256),
            &[9; 32],
        );
        let aes_derive = k(
            KeyType::AES,
            UsageFlags::DERIVE,
            Algorithm::hkdf(Algorithm::SHA_256),
            &[9; 16],
        );
        let dead = {
            let id = k(KeyType::HMAC, mac_usage, HMAC_256, &[9; 32]);
            p.destroy_key(id).unwrap();
            id
        };
        // Hash.
        for (what, alg, expected) in [
            ("ANY_HASH", Algorithm::ANY_HASH, Err(InvalidArgument)),
            ("a MAC algorithm", HMAC_256, Err(InvalidArgument)),
            ("NONE", Algorithm::NONE, Err(InvalidArgument)),
            (
                "SHA3-256 (not served)",
                Algorithm::SHA3_256,
                Err(NotSupported),
            ),
            ("vendor hash", VENDOR_HASH, Err(NotSupported)),
        ] {
            t.eq(
                &format!("hash setup, {what}"),
                p.hash_operation().setup(alg),
                expected,
            );
        }
        let mut h = p.hash_setup(Algorithm::SHA_384).unwrap();
        h.update(b"abc").unwrap();
        t.out(
            "hash finish, one byte short",
            47,
            Err(BufferTooSmall),
            |o| h.finish(o),
        );
        let mut h = p.hash_setup(Algorithm::SHA_384).unwrap();
        t.out("hash finish, larger buffer", 100, Ok(48), |o| h.finish(o));
        // MAC.
        t.eq(
            "mac sign setup, destroyed key",
            p.mac_operation().sign_setup(dead, HMAC_256),
            Err(InvalidHandle),
        );
        t.eq(
            "mac sign setup, AES key",
            p.mac_operation().sign_setup(aes_for_hmac, HMAC_256),
            Err(InvalidArgument),
        );
        t.eq(
            "mac sign setup, wildcard",
            p.mac_operation()
                .sign_setup(hmac, Algorithm::hmac(Algorithm::ANY_HASH)),
            Err(InvalidArgument),
        );
        t.eq(
            "mac sign setup, truncated to 3",
            p.mac_operation()
                .sign_setup(hmac, Algorithm::truncated_mac(HMAC_256, 3)),
            Err(NotPermitted),
        );
        t.eq(
            "mac sign setup, no SIGN_MESSAGE",
            p.mac_operation().sign_setup(hmac_verify_only, HMAC_256),
            Err(NotPermitted),
        );
        t.eq(
            "mac verify setup, verify-only key",
            p.mac_operation().verify_setup(hmac_verify_only, HMAC_256),
            Ok(()),
        );
        t.eq(
            "mac sign setup, a cipher algorithm",
            p.mac_operation().sign_setup(hmac, Algorithm::CTR),
            Err(InvalidArgument),
        );
        let mut m = p.mac_operation();
        m.sign_setup(hmac, HMAC_256).unwrap();
        t.out(
            "mac sign finish, one byte short",
            31,
            Err(BufferTooSmall),
            |o| m.sign_finish(o),
        );
        let mut m = p.mac_operation();
        m.verify_setup(hmac, HMAC_256).unwrap();
        t.eq(
            "mac verify finish, empty MAC",
            m.verify_finish(&[]),
            Err(InvalidSignature),
        );
        // Cipher.
        t.eq(
            "cipher setup, destroyed key",
            p.cipher_operation().encrypt_setup(dead, Algorithm::CTR),
            Err(InvalidHandle),
        );
        t.eq(
            "cipher setup, HMAC key",
            p.cipher_operation().encrypt_setup(hmac, Algorithm::CTR),
            Err(NotPermitted),
        );
        t.eq(
            "cipher setup, an AEAD algorithm",
            p.cipher_operation().encrypt_setup(ctr, Algorithm::GCM),
            Err(InvalidArgument),
        );
        t.eq(
            "cipher setup, outside the policy",
            p.cipher_operation()
                .decrypt_setup(ctr, Algorithm::CBC_NO_PADDING),
            Err(NotPermitted),
        );
        let mut c = p.cipher_operation();
        c.encrypt_setup(ctr, Algorithm::CTR).unwrap();
        t.out("cipher generate_iv, exact", 16, Ok(16), |o| {
            c.generate_iv(o)
        });
        t.out(
            "cipher update, one byte short",
            15,
            Err(BufferTooSmall),
            |o| c.update(&[1; 16], o),
        );
        let mut c = p.cipher_operation();
        c.encrypt_setup(pkcs7, Algorithm::CBC_PKCS7).unwrap();
        c.set_iv(&[0; 16]).unwrap();
        t.out("CBC-PKCS7 update, partial block", 16, Ok(0), |o| {
            c.update(&[1; 5], o)
        });
        t.out(
            "CBC-PKCS7 finish, one byte short",
            15,
            Err(BufferTooSmall),
            |o| c.finish(o),
        );
        let mut c = p.cipher_operation();
        c.decrypt_setup(pkcs7, Algorithm::CBC_PKCS7).unwrap();
        c.set_iv(&[0; 16]).unwrap();
        t.out(
            "CBC-PKCS7 decrypt finish, nothing input",
            16,
            Err(InvalidArgument),
            |o| c.finish(o),
        );
        // Key derivation.
        for (what, alg, expected) in [
            (
                "HKDF(ANY_HASH)",
                Algorithm::hkdf(Algorithm::ANY_HASH),
                Err(InvalidArgument),
            ),
            ("a hash algorithm", Algorithm::SHA_256, Err(InvalidArgument)),
            (
                "HKDF(SHA3-256) (not served)",
                Algorithm::hkdf(Algorithm::SHA3_256),
                Err(NotSupported),
            ),
            (
                "vendor derivation",
                Algorithm(0x8800_0109),
                Err(NotSupported),
            ),
        ] {
            t.eq(
                &format!("kdf setup, {what}"),
                p.key_derivation_operation().setup(alg),
                expected,
            );
        }
        let kdf = || {
            let mut op = p.key_derivation_operation();
            op.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
            op
        };
        t.eq(
            "kdf input_key, DERIVE key",
            kdf().input_key(DerivationStep::Secret, derive),
            Ok(()),
        );
        t.eq(
            "kdf input_key, no DERIVE usage",
            kdf().input_key(DerivationStep::Secret, derive_no_usage),
            Err(NotPermitted),
        );
        t.eq(
            "kdf input_key, AES key",
            kdf().input_key(DerivationStep::Secret, aes_derive),
            Err(InvalidArgument),
        );
        t.eq(
            "kdf input_key, destroyed key",
            kdf().input_key(DerivationStep::Secret, dead),
            Err(InvalidHandle),
        );
        let mut op = kdf();
        op.input_bytes(DerivationStep::Secret, b"secret").unwrap();
        op.input_bytes(DerivationStep::Info, b"").unwrap();
        t.eq(
            "kdf output, all of the capacity (255 × 32)",
            op.output_bytes(&mut [0; 255 * 32]),
            Ok(()),
        );
        t.eq(
            "kdf output, one byte past the capacity",
            op.output_bytes(&mut [0; 1]),
            Err(Error::InsufficientData),
        );
        let mut op = kdf();
        op.input_bytes(DerivationStep::Secret, b"secret").unwrap();
        op.input_bytes(DerivationStep::Info, b"").unwrap();
        t.eq(
            "kdf output, capacity + 1 at once",
            op.output_bytes(&mut [0; 255 * 32 + 1]),
            Err(Error::InsufficientData),
        );
        t.eq(
            "kdf output (nothing) before the secret",
            kdf().output_bytes(&mut []),
            Err(BadState),
        );
    }
    let mut t = Table::new("multi-part setups and steps", "built-in");
    table(&mut t, &paths::builtin_only());
    t.done();
    let mut t = Table::new("multi-part setups and steps", "p256 driver + built-in");
    table(&mut t, &paths::p256_with_builtin());
    t.done();
}

/// PSA Crypto API 1.1, every multi-part function: "If this function returns an error
/// status, the operation enters an error state and must be aborted". So after *any* error —
/// `BAD_STATE` from a call out of order included — the next call is `BAD_STATE` until abort;
/// and abort always brings the operation back.
#[test]
fn multi_part_errors_enter_the_error_state() {
    let p = paths::builtin_only();
    let mut t = Table::new("multi-part: any error enters the error state", "built-in");
    let mac_usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
    let ctr = import(&p, KeyType::AES, Algorithm::CTR, &[9; 16]).unwrap();
    let hmac = p
        .import_key(&attrs(KeyType::HMAC, mac_usage, HMAC_256), &[9; 32])
        .unwrap();

    // Hash: setup on an active operation.
    let mut op = p.hash_setup(Algorithm::SHA_256).unwrap();
    t.eq(
        "hash: setup while active",
        op.setup(Algorithm::SHA_256),
        Err(BadState),
    );
    t.eq("hash: then update", op.update(b"x"), Err(BadState));
    t.eq("hash: abort", op.abort(), Ok(()));
    t.eq(
        "hash: setup after abort",
        op.setup(Algorithm::SHA_256),
        Ok(()),
    );
    // Hash: finish into a short buffer.
    t.eq(
        "hash: finish one byte short",
        op.finish(&mut [0; 31]),
        Err(BufferTooSmall),
    );
    t.eq(
        "hash: then finish",
        op.finish(&mut [0; 32]).map(drop),
        Err(BadState),
    );
    t.eq("hash: abort", op.abort(), Ok(()));
    // Hash: verify mismatch ends the operation.
    let mut op = p.hash_setup(Algorithm::SHA_256).unwrap();
    t.eq(
        "hash: verify mismatch",
        op.verify(&[0; 32]),
        Err(InvalidSignature),
    );
    t.eq("hash: then update", op.update(b"x"), Err(BadState));

    // MAC: the wrong finish for the operation's direction.
    let mut mac = p.mac_operation();
    mac.verify_setup(hmac, HMAC_256).unwrap();
    t.eq(
        "mac: sign_finish on a verify operation",
        mac.sign_finish(&mut [0; 32]).map(drop),
        Err(BadState),
    );
    let mut tag = [0u8; 32];
    p.mac_compute(hmac, HMAC_256, b"", &mut tag).unwrap();
    t.eq(
        "mac: then the right verify_finish",
        mac.verify_finish(&tag),
        Err(BadState),
    );
    t.eq("mac: abort", mac.abort(), Ok(()));
    t.eq(
        "mac: setup with a hash algorithm",
        mac.sign_setup(hmac, Algorithm::SHA_256),
        Err(InvalidArgument),
    );
    t.eq(
        "mac: setup again after a failed setup",
        mac.sign_setup(hmac, HMAC_256),
        Ok(()),
    );
    t.eq(
        "mac: sign_finish one byte short",
        mac.sign_finish(&mut [0; 31]).map(drop),
        Err(BufferTooSmall),
    );
    t.eq(
        "mac: then sign_finish",
        mac.sign_finish(&mut [0; 32]).map(drop),
        Err(BadState),
    );

    // Cipher: out-of-order and repeated steps.
    let mut c = p.cipher_operation();
    c.encrypt_setup(ctr, Algorithm::CTR).unwrap();
    t.eq(
        "cipher: update before the IV",
        c.update(b"x", &mut [0; 16]).map(drop),
        Err(BadState),
    );
    t.eq("cipher: then set_iv", c.set_iv(&[0; 16]), Err(BadState));
    t.eq("cipher: abort", c.abort(), Ok(()));
    c.encrypt_setup(ctr, Algorithm::CTR).unwrap();
    t.eq("cipher: set_iv", c.set_iv(&[0; 16]), Ok(()));
    t.eq("cipher: set_iv again", c.set_iv(&[0; 16]), Err(BadState));
    t.eq(
        "cipher: then update",
        c.update(b"x", &mut [0; 16]).map(drop),
        Err(BadState),
    );
    t.eq("cipher: abort", c.abort(), Ok(()));
    c.encrypt_setup(ctr, Algorithm::CTR).unwrap();
    t.eq(
        "cipher: generate_iv into a short buffer",
        c.generate_iv(&mut [0; 15]).map(drop),
        Err(BufferTooSmall),
    );
    t.eq(
        "cipher: then generate_iv",
        c.generate_iv(&mut [0; 16]).map(drop),
        Err(BadState),
    );
    t.eq("cipher: abort", c.abort(), Ok(()));
    c.decrypt_setup(ctr, Algorithm::CTR).unwrap();
    t.eq(
        "cipher: generate_iv on a decryption",
        c.generate_iv(&mut [0; 16]).map(drop),
        Err(BadState),
    );
    t.eq("cipher: then set_iv", c.set_iv(&[0; 16]), Err(BadState));
    t.eq("cipher: abort", c.abort(), Ok(()));
    c.decrypt_setup(ctr, Algorithm::CTR).unwrap();
    t.eq(
        "cipher: set_iv of 15 bytes",
        c.set_iv(&[0; 15]),
        Err(InvalidArgument),
    );
    t.eq(
        "cipher: then set_iv of 16",
        c.set_iv(&[0; 16]),
        Err(BadState),
    );
    t.eq(
        "cipher: setup while in the error state",
        c.decrypt_setup(ctr, Algorithm::CTR),
        Err(BadState),
    );
    t.eq("cipher: abort", c.abort(), Ok(()));
    t.eq(
        "cipher: update on an inactive operation",
        c.update(b"x", &mut [0; 16]).map(drop),
        Err(BadState),
    );
    t.eq(
        "cipher: finish on an inactive operation",
        c.finish(&mut [0; 16]).map(drop),
        Err(BadState),
    );

    // Key derivation: output before the secret.
    let mut kdf = p.key_derivation_operation();
    kdf.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
    t.eq(
        "kdf: output before any input",
        kdf.output_bytes(&mut [0; 8]),
        Err(BadState),
    );
    t.eq(
        "kdf: then the secret",
        kdf.input_bytes(DerivationStep::Secret, b"s"),
        Err(BadState),
    );
    t.eq("kdf: abort", kdf.abort(), Ok(()));
    t.eq(
        "kdf: setup with a wildcard",
        kdf.setup(Algorithm::hkdf(Algorithm::ANY_HASH)),
        Err(InvalidArgument),
    );
    t.eq(
        "kdf: setup with a MAC algorithm",
        kdf.setup(HMAC_256),
        Err(InvalidArgument),
    );
    t.eq(
        "kdf: setup after failed setups",
        kdf.setup(Algorithm::hkdf(Algorithm::SHA_256)),
        Ok(()),
    );
    t.eq(
        "kdf: an HKDF step it does not take (label)",
        kdf.input_bytes(DerivationStep::Label, b"l"),
        Err(InvalidArgument),
    );
    t.eq(
        "kdf: then the secret",
        kdf.input_bytes(DerivationStep::Secret, b"s"),
        Err(BadState),
    );
    t.done();
}

/// As [`multi_part_errors_enter_the_error_state`], for AEAD (through a driver that serves
/// multi-part AEAD).
#[test]
fn multi_part_aead_errors_enter_the_error_state() {
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let p = Psa::new(WithAeadDriver::new(AeadDriver));
    let mut t = Table::new(
        "multi-part AEAD: any error enters the error state",
        "instrumented driver",
    );
    let gcm = p
        .import_key(&attrs(KeyType::AES, crypt, Algorithm::GCM), &[9; 16])
        .unwrap();
    let mut a = p.aead_operation();
    let fresh = |a: &mut psa_core::AeadOperation<'_, WithAeadDriver, DefaultEntropy, 32>,
                 encrypt: bool| {
        let _ = a.abort();
        if encrypt {
            a.encrypt_setup(gcm, Algorithm::GCM)
        } else {
            a.decrypt_setup(gcm, Algorithm::GCM)
        }
        .unwrap();
    };
    fresh(&mut a, true);
    t.eq("aead: set_nonce", a.set_nonce(&[0; 12]), Ok(()));
    t.eq(
        "aead: set_nonce again",
        a.set_nonce(&[0; 12]),
        Err(BadState),
    );
    t.eq("aead: then update_ad", a.update_ad(b"ad"), Err(BadState));
    fresh(&mut a, true);
    t.eq(
        "aead: update_ad before the nonce",
        a.update_ad(b"ad"),
        Err(BadState),
    );
    t.eq("aead: then set_nonce", a.set_nonce(&[0; 12]), Err(BadState));
    fresh(&mut a, true);
    a.set_nonce(&[0; 12]).unwrap();
    t.eq(
        "aead: verify on an encryption",
        a.verify(&mut [0; 16], &[0; 16]).map(drop),
        Err(BadState),
    );
    t.eq(
        "aead: then finish",
        a.finish(&mut [0; 16], &mut [0; 16]).map(drop),
        Err(BadState),
    );
    fresh(&mut a, true);
    a.set_nonce(&[0; 12]).unwrap();
    a.update_ad(b"ad").unwrap();
    t.eq(
        "aead: set_lengths after additional data",
        a.set_lengths(2, 4),
        Err(BadState),
    );
    t.eq(
        "aead: then update",
        a.update(b"data", &mut [0; 16]).map(drop),
        Err(BadState),
    );
    fresh(&mut a, true);
    a.set_nonce(&[0; 12]).unwrap();
    a.set_lengths(2, 4).unwrap();
    t.eq(
        "aead: more additional data than declared",
        a.update_ad(b"add"),
        Err(InvalidArgument),
    );
    t.eq(
        "aead: then update",
        a.update(b"data", &mut [0; 16]).map(drop),
        Err(BadState),
    );
    fresh(&mut a, false);
    t.eq(
        "aead: generate_nonce on a decryption",
        a.generate_nonce(&mut [0; 12], 12).map(drop),
        Err(BadState),
    );
    t.eq("aead: then set_nonce", a.set_nonce(&[0; 12]), Err(BadState));
    fresh(&mut a, true);
    t.eq(
        "aead: generate_nonce into a short buffer",
        a.generate_nonce(&mut [0; 11], 12).map(drop),
        Err(BufferTooSmall),
    );
    t.eq(
        "aead: then generate_nonce",
        a.generate_nonce(&mut [0; 12], 12).map(drop),
        Err(BadState),
    );
    fresh(&mut a, true);
    t.eq(
        "aead: generate_nonce of 17 bytes",
        a.generate_nonce(&mut [0; 32], 17).map(drop),
        Err(InvalidArgument),
    );
    t.eq("aead: then set_nonce", a.set_nonce(&[0; 12]), Err(BadState));
    t.eq("aead: abort", a.abort(), Ok(()));
    t.eq(
        "aead: live contexts after abort",
        AEAD_HOOKS.live_contexts(),
        0,
    );
    t.done();
}

psa_tests::instrumented_transparent!(
    /// A driver that serves multi-part AEAD (its own buffering contexts).
    pub AeadDriver, "aead", AEAD_HOOKS
);

psa_core::register_drivers! {
    /// The AEAD-serving driver, then the built-in.
    pub struct WithAeadDriver {
        transparent: [aead: AeadDriver],
        opaque: [],
        builtin: true,
    }
}

/// With the built-in alone, multi-part AEAD is the built-in's (streamed); the operation's
/// states hold, and it is usable for another setup after abort.
#[test]
fn multi_part_aead_without_a_driver() {
    let p = paths::builtin_only();
    let mut t = Table::new("multi-part AEAD", "built-in");
    let gcm = p
        .import_key(
            &attrs(
                KeyType::AES,
                UsageFlags::ENCRYPT | UsageFlags::DECRYPT,
                Algorithm::GCM,
            ),
            &[9; 16],
        )
        .unwrap();
    let mut op = p.aead_operation();
    t.eq(
        "encrypt_setup",
        op.encrypt_setup(gcm, Algorithm::GCM),
        Ok(()),
    );
    t.eq(
        "a second setup",
        op.encrypt_setup(gcm, Algorithm::GCM),
        Err(BadState),
    );
    let mut op = p.aead_operation();
    t.eq(
        "set_nonce on the inactive operation",
        op.set_nonce(&[0; 12]),
        Err(BadState),
    );
    t.eq("abort", op.abort(), Ok(()));
    t.eq(
        "decrypt_setup with a wildcard",
        op.decrypt_setup(
            gcm,
            Algorithm::aead_with_at_least_this_length_tag(Algorithm::GCM, 8),
        ),
        Err(InvalidArgument),
    );
    t.eq(
        "encrypt_setup with a cipher algorithm",
        op.encrypt_setup(gcm, Algorithm::CTR),
        Err(InvalidArgument),
    );
    t.done();
}

// ----- opaque keys: the secure element and the instrumented opaque driver ------------------------
//
// The same families of malformed calls on keys that live in an opaque driver: the simulated
// secure element (location 0x800001, P-256 only, key buffer = a handle) and the instrumented
// opaque driver (Mbed TLS's test location 0x7fffff, key buffer = prefix ‖ key XOR 0xFF, every
// algorithm the built-in has). The core's checks (policy, algorithm, lengths) come before any
// driver, so the statuses are those of the local path; where the driver decides (what it
// supports, whether the element is full), the row says so.

/// The instrumented opaque driver's location (Mbed TLS's `PSA_CRYPTO_TEST_DRIVER_LOCATION`).
const VAULT_LOCATION: Location = Location(0x7f_ffff);
const VAULT_LIFETIME: Lifetime = Lifetime::volatile_at(VAULT_LOCATION);

psa_tests::instrumented_opaque!(
    /// The instrumented opaque driver (nothing is forced on it here).
    pub Vault, "vault", VAULT_LOCATION, VAULT_HOOKS
);

psa_core::register_drivers! {
    /// The secure element and the instrumented opaque driver for their locations, the
    /// built-in for local keys.
    pub struct Opaque {
        transparent: [],
        opaque: [se: SecureElement, vault: Vault],
        builtin: true,
    }
}

/// The secure element's provisioned device key, declared as a built-in key.
const DEVICE_ID: KeyId = KeyId(0x7fff_0001);
/// The instrumented opaque driver's built-in key (slot `OPAQUE_BUILTIN_SLOT`, exportable,
/// deterministic ECDSA only).
const VAULT_BUILTIN_ID: KeyId = KeyId(0x7fff_0007);
/// Declared, but the driver has no such slot.
const MISSING_SLOT_ID: KeyId = KeyId(0x7fff_0009);
/// Declared at a location no driver owns.
const NO_DRIVER_ID: KeyId = KeyId(0x7fff_000a);
/// Declared in local storage, which has no built-in keys.
const LOCAL_BUILTIN_ID: KeyId = KeyId(0x7fff_000b);
/// The public key of `paths::DEVICE_KEY`.
const DEVICE_PUBLIC: &str = "0485f64d89f00be66c88dd937efd6d7c445648dcb701150b8a9509295850f41c1931e571fb8f8c78317a20b380e866584bbc2516c3d2702d792f131a922095fd6c";
/// RFC 6979 A.2.5: P-256, SHA-256, message "sample" (deterministic ECDSA with `P256_KEY`).
const RFC6979_SAMPLE_SIG: &str = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";

static BUILTIN_KEYS: [BuiltinKey; 5] = [
    BuiltinKey {
        id: DEVICE_ID,
        lifetime: Lifetime::new(Persistence::READ_ONLY, SE_LOCATION),
        slot: DEVICE_KEY_SLOT,
    },
    BuiltinKey {
        id: VAULT_BUILTIN_ID,
        lifetime: Lifetime::new(Persistence::READ_ONLY, VAULT_LOCATION),
        slot: OPAQUE_BUILTIN_SLOT,
    },
    BuiltinKey {
        id: MISSING_SLOT_ID,
        lifetime: Lifetime::new(Persistence::READ_ONLY, VAULT_LOCATION),
        slot: 9,
    },
    BuiltinKey {
        id: NO_DRIVER_ID,
        lifetime: Lifetime::new(Persistence::READ_ONLY, Location::vendor(0x42)),
        slot: 1,
    },
    BuiltinKey {
        id: LOCAL_BUILTIN_ID,
        lifetime: Lifetime::new(Persistence::READ_ONLY, Location::LOCAL_STORAGE),
        slot: 1,
    },
];

fn opaque_psa() -> Psa<Opaque> {
    let se = SecureElement::provisioned(&paths::DEVICE_KEY).expect("valid device key");
    Psa::new(Opaque::new(se, Vault)).with_builtin_keys(&BUILTIN_KEYS)
}

/// The opaque locations under test.
#[derive(Clone, Copy, PartialEq)]
enum Where {
    Element,
    Vault,
}

impl Where {
    fn lifetime(self) -> Lifetime {
        match self {
            Where::Element => SE_LIFETIME,
            Where::Vault => VAULT_LIFETIME,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Where::Element => "secure element",
            Where::Vault => "instrumented opaque driver",
        }
    }
    fn other(self) -> Lifetime {
        match self {
            Where::Element => VAULT_LIFETIME,
            Where::Vault => SE_LIFETIME,
        }
    }
}

/// Attributes of a key at `w`.
fn at(w: Where, t: KeyType, usage: UsageFlags, alg: Algorithm) -> KeyAttributes {
    attrs(t, usage, alg).with_lifetime(w.lifetime())
}

/// Import a fixture key at `w`.
fn opaque_key(
    p: &Psa<Opaque>,
    w: Where,
    t: KeyType,
    usage: UsageFlags,
    alg: Algorithm,
    data: &[u8],
) -> KeyId {
    p.import_key(&at(w, t, usage, alg), data)
        .unwrap_or_else(|e| panic!("fixture key {t:?} at {}: {e:?}", w.name()))
}

/// The status of a key creation; a created key is destroyed again (the element has 15 free
/// slots, and a row must not depend on the rows before it).
fn created(p: &Psa<Opaque>, r: Result<KeyId>) -> Result<()> {
    r.map(|id| p.destroy_key(id).expect("destroy a created key"))
}

/// A destroyed key id at `w`.
fn gone_at(p: &Psa<Opaque>, w: Where) -> KeyId {
    let id = opaque_key(
        p,
        w,
        P256_PAIR,
        UsageFlags::SIGN_HASH | UsageFlags::EXPORT,
        ECDSA_256,
        &hex(P256_KEY),
    );
    p.destroy_key(id).unwrap();
    id
}

fn on_both_opaque_locations(name: &str, table: fn(&mut Table, &Psa<Opaque>, Where)) {
    for w in [Where::Element, Where::Vault] {
        let p = opaque_psa();
        let mut t = Table::new(name, w.name());
        table(&mut t, &p, w);
        t.done();
    }
}

#[test]
fn opaque_import_and_generate_table() {
    on_both_opaque_locations("opaque import_key / generate_key", |t, p, w| {
        let imp = |ty: KeyType, bits: usize, data: &[u8]| {
            created(
                p,
                p.import_key(
                    &at(w, ty, all_usage(), Algorithm::NONE).with_bits(bits),
                    data,
                ),
            )
        };
        let gen_ = |ty: KeyType, bits: usize| {
            created(
                p,
                p.generate_key(&at(w, ty, UsageFlags::EXPORT, Algorithm::NONE).with_bits(bits)),
            )
        };
        let d = hex(P256_KEY);
        t.eq("P-256 pair", imp(P256_PAIR, 0, &d), Ok(()));
        t.eq(
            "P-256 pair, declared 256 bits",
            imp(P256_PAIR, 256, &d),
            Ok(()),
        );
        // 32 bytes declared as another size: incompatible with the data (INVALID_ARGUMENT),
        // or a size the location does not support (NOT_SUPPORTED); the spec lists both.
        for bits in [255, 384, usize::MAX] {
            t.one_of(
                &format!("P-256 pair, 32 bytes declared {bits} bits"),
                imp(P256_PAIR, bits, &d),
                &[Err(InvalidArgument), Err(NotSupported)],
            );
        }
        for n in [0usize, 1, 31, 33] {
            let data: Vec<u8> = d.iter().copied().cycle().take(n).collect();
            t.eq(
                &format!("P-256 pair, {n} bytes declared 256 bits"),
                imp(P256_PAIR, 256, &data),
                Err(InvalidArgument),
            );
        }
        t.eq(
            "P-256 pair, d = 0",
            imp(P256_PAIR, 0, &[0; 32]),
            Err(InvalidArgument),
        );
        t.eq(
            "P-256 pair, d = n",
            imp(P256_PAIR, 0, &hex(P256_N)),
            Err(InvalidArgument),
        );
        t.eq(
            "P-256 pair, d = 2^256 - 1",
            imp(P256_PAIR, 0, &[0xff; 32]),
            Err(InvalidArgument),
        );
        let q = hex(P256_PUBLIC_KEY);
        t.eq("P-256 public", imp(P256_PUBLIC, 0, &q), Ok(()));
        let mut off_curve = q.clone();
        off_curve[64] ^= 1;
        t.eq(
            "P-256 public, off the curve",
            imp(P256_PUBLIC, 0, &off_curve),
            Err(InvalidArgument),
        );
        t.eq(
            "P-256 public, X ‖ Y without 0x04, declared 256 bits",
            imp(P256_PUBLIC, 256, &q[1..]),
            Err(InvalidArgument),
        );
        t.eq(
            "SECP_K1 pair (not served)",
            imp(KeyType::ecc_key_pair(EccFamily::SECP_K1), 0, &d),
            Err(NotSupported),
        );
        // psa-arch-tests c002: an unsupported type, NONE included, is NOT_SUPPORTED.
        t.eq("type NONE", imp(KeyType::NONE, 0, &d), Err(NotSupported));
        t.eq(
            "a volatile id given",
            ok(p.import_key(
                &at(w, P256_PAIR, all_usage(), ECDSA_256).with_id(KeyId(7)),
                &d,
            )),
            Err(InvalidArgument),
        );
        let persistent = Lifetime::new(Persistence::DEFAULT, w.lifetime().location());
        t.eq(
            "a persistent lifetime at the location, with a user id",
            ok(p.import_key(
                &attrs(P256_PAIR, all_usage(), ECDSA_256)
                    .with_lifetime(persistent)
                    .with_id(KeyId(1)),
                &d,
            )),
            Err(NotSupported),
        );
        // psa-arch-tests c044: id 0 is never valid for a persistent key.
        t.eq(
            "a persistent lifetime at the location, no id",
            ok(p.import_key(
                &attrs(P256_PAIR, all_usage(), ECDSA_256).with_lifetime(persistent),
                &d,
            )),
            Err(InvalidArgument),
        );
        t.eq("generate P-256 pair", gen_(P256_PAIR, 256), Ok(()));
        t.eq("generate, 0 bits", gen_(P256_PAIR, 0), Err(InvalidArgument));
        t.eq(
            "generate a public key",
            gen_(P256_PUBLIC, 256),
            Err(InvalidArgument),
        );
        // A size no curve of the family has, or one the location does not serve: the spec
        // lists NOT_SUPPORTED and INVALID_ARGUMENT.
        for bits in [255, 257, 224, usize::MAX] {
            t.one_of(
                &format!("generate SECP_R1 pair, {bits} bits"),
                gen_(P256_PAIR, bits),
                &[Err(NotSupported), Err(InvalidArgument)],
            );
        }
        match w {
            Where::Element => {
                // The element holds P-256 keys only.
                t.eq(
                    "AES, 16 bytes",
                    imp(KeyType::AES, 0, &[7; 16]),
                    Err(NotSupported),
                );
                t.eq(
                    "HMAC, 32 bytes",
                    imp(KeyType::HMAC, 0, &[7; 32]),
                    Err(NotSupported),
                );
                t.eq(
                    "P-384 pair, declared 384 bits",
                    imp(P256_PAIR, 384, &hex(P384_KEY)),
                    Err(NotSupported),
                );
                t.eq(
                    "generate AES-128",
                    gen_(KeyType::AES, 128),
                    Err(NotSupported),
                );
                t.eq("generate P-384", gen_(P256_PAIR, 384), Err(NotSupported));
            }
            Where::Vault => {
                t.eq("AES, 16 bytes", imp(KeyType::AES, 0, &[7; 16]), Ok(()));
                t.eq(
                    "AES, 15 bytes",
                    imp(KeyType::AES, 0, &[7; 15]),
                    Err(InvalidArgument),
                );
                t.eq(
                    "AES, 16 bytes declared usize::MAX bits",
                    imp(KeyType::AES, usize::MAX, &[7; 16]),
                    Err(InvalidArgument),
                );
                t.eq("P-384 pair", imp(P256_PAIR, 0, &hex(P384_KEY)), Ok(()));
                // The wrapped buffer is 4 bytes longer than the key: a key 4 bytes short of
                // half the store's bytes fits; one 4 bytes short of all of them and one more
                // does not.
                let max = 4096 - OPAQUE_PREFIX.len();
                let too_large = DEFAULT_KEY_BYTES - OPAQUE_PREFIX.len() + 1;
                t.eq(
                    &format!("HMAC, {max} bytes (max)"),
                    imp(KeyType::HMAC, 0, &vec![7; max]),
                    Ok(()),
                );
                t.one_of(
                    &format!("HMAC, {too_large} bytes (the store's bytes + 1)"),
                    imp(KeyType::HMAC, 0, &vec![7; too_large]),
                    &[Err(NotSupported), Err(InsufficientMemory)],
                );
                t.eq("generate AES-128", gen_(KeyType::AES, 128), Ok(()));
                t.eq(
                    "generate AES-129",
                    gen_(KeyType::AES, 129),
                    Err(InvalidArgument),
                );
                t.eq(
                    &format!("generate HMAC, {} bits (max)", 8 * max),
                    gen_(KeyType::HMAC, 8 * max),
                    Ok(()),
                );
                for bits in [8 * too_large, usize::MAX & !7] {
                    t.one_of(
                        &format!("generate HMAC, {bits} bits (too large)"),
                        gen_(KeyType::HMAC, bits),
                        &[Err(NotSupported), Err(InsufficientMemory)],
                    );
                }
                // Not a whole number of bytes: invalid for the type, or not supported.
                t.one_of(
                    "generate HMAC, usize::MAX bits",
                    gen_(KeyType::HMAC, usize::MAX),
                    &[Err(InvalidArgument), Err(NotSupported)],
                );
            }
        }
    });
}

/// The secure element has 16 slots, one of them the device key's: the 16th key is
/// INSUFFICIENT_STORAGE (a status psa_import_key, psa_generate_key and psa_copy_key list),
/// and destroying keys gives the slots back.
#[test]
fn a_full_secure_element_is_insufficient_storage() {
    let p = opaque_psa();
    let mut t = Table::new("opaque: a full element", "secure element");
    let usage = UsageFlags::SIGN_HASH | UsageFlags::COPY;
    let a = at(Where::Element, P256_PAIR, usage, ECDSA_256);
    let d = hex(P256_KEY);
    let mut ids = Vec::new();
    for i in 0..ELEMENT_SLOTS - 1 {
        let r = p.import_key(&a, &d);
        t.eq(&format!("import #{i}"), r.map(drop), Ok(()));
        ids.extend(r);
    }
    t.eq(
        "import into the full element",
        ok(p.import_key(&a, &d)),
        Err(InsufficientStorage),
    );
    t.eq(
        "generate into the full element",
        ok(p.generate_key(&a.with_bits(256))),
        Err(InsufficientStorage),
    );
    t.eq(
        "copy into the full element",
        ok(p.copy_key(ids[0], &a)),
        Err(InsufficientStorage),
    );
    t.eq(
        "local keys are unaffected",
        ok(import(&p, KeyType::AES, Algorithm::CTR, &[1; 16])),
        Ok(()),
    );
    let mut sig = [0u8; 64];
    t.eq(
        "the keys in the element still sign",
        p.sign_hash(ids[ELEMENT_SLOTS - 2], ECDSA_256, &[1; 32], &mut sig),
        Ok(64),
    );
    for id in ids.drain(..) {
        p.destroy_key(id).unwrap();
    }
    t.eq("every slot back", p.dispatcher().se.keys_in_element(), 1);
    for i in 0..ELEMENT_SLOTS - 1 {
        let r = p.import_key(&a, &d);
        t.eq(&format!("import #{i} again"), ok(r), Ok(()));
    }
    t.done();
}

#[test]
fn opaque_export_copy_destroy_table() {
    within(60, "opaque copy_key table", || {
        on_both_opaque_locations("opaque export / copy / destroy", |t, p, w| {
            let d = hex(P256_KEY);
            let q = hex(P256_PUBLIC_KEY);
            let exportable = UsageFlags::EXPORT | UsageFlags::COPY | UsageFlags::SIGN_HASH;
            let pair = opaque_key(p, w, P256_PAIR, exportable, ECDSA_256, &d);
            let locked = opaque_key(p, w, P256_PAIR, UsageFlags::SIGN_HASH, ECDSA_256, &d);
            let public = opaque_key(p, w, P256_PUBLIC, UsageFlags::NONE, ECDSA_256, &q);
            let dead = gone_at(p, w);
            t.out("export_key, exact", 32, Ok(32), |o| p.export_key(pair, o));
            let mut out = [0u8; 32];
            p.export_key(pair, &mut out).unwrap();
            t.eq(
                "export_key: the imported scalar",
                out.as_slice(),
                d.as_slice(),
            );
            t.out("export_key, larger buffer", 300, Ok(32), |o| {
                p.export_key(pair, o)
            });
            t.out("export_key, one byte short", 31, Err(BufferTooSmall), |o| {
                p.export_key(pair, o)
            });
            t.out("export_key, empty", 0, Err(BufferTooSmall), |o| {
                p.export_key(pair, o)
            });
            t.out("export_key, no EXPORT usage", 32, Err(NotPermitted), |o| {
                p.export_key(locked, o)
            });
            t.out("export_key, destroyed key", 32, Err(InvalidHandle), |o| {
                p.export_key(dead, o)
            });
            for (what, id) in [
                ("key pair", pair),
                ("no usage", locked),
                ("public key", public),
            ] {
                t.out(
                    &format!("export_public_key, {what}, exact"),
                    65,
                    Ok(65),
                    |o| p.export_public_key(id, o),
                );
                let mut out = [0u8; 65];
                p.export_public_key(id, &mut out).unwrap();
                t.eq(
                    &format!("export_public_key, {what}: the point"),
                    out.as_slice(),
                    q.as_slice(),
                );
                t.out(
                    &format!("export_public_key, {what}, one byte short"),
                    64,
                    Err(BufferTooSmall),
                    |o| p.export_public_key(id, o),
                );
                t.out(
                    &format!("export_public_key, {what}, empty"),
                    0,
                    Err(BufferTooSmall),
                    |o| p.export_public_key(id, o),
                );
            }
            t.out(
                "export_public_key, destroyed",
                65,
                Err(InvalidHandle),
                |o| p.export_public_key(dead, o),
            );
            // Copies within the location.
            let same = KeyAttributes::new()
                .with_lifetime(w.lifetime())
                .with_usage(exportable)
                .with_algorithm(ECDSA_256);
            let copy = p.copy_key(pair, &same);
            t.eq("copy_key within the location", ok(copy), Ok(()));
            if let Ok(copy) = copy {
                let mut out = [0u8; 32];
                t.eq(
                    "copy: exports the same scalar",
                    p.export_key(copy, &mut out),
                    Ok(32),
                );
                t.eq("copy: the scalar", out.as_slice(), d.as_slice());
                t.eq(
                    "copy: at the location",
                    p.get_key_attributes(copy).map(|a| a.lifetime()),
                    Ok(w.lifetime()),
                );
                t.eq("destroy the copy", p.destroy_key(copy), Ok(()));
                t.eq(
                    "the source survives its copy's destruction",
                    p.export_key(pair, &mut out),
                    Ok(32),
                );
            }
            t.eq(
                "copy_key, narrowed usage: no EXPORT on the copy",
                p.copy_key(pair, &same.with_usage(UsageFlags::SIGN_HASH))
                    .and_then(|c| {
                        let r = p.export_key(c, &mut [0; 32]);
                        p.destroy_key(c)?;
                        r
                    }),
                Err(NotPermitted),
            );
            t.eq(
                "copy_key, no COPY usage",
                ok(p.copy_key(locked, &same)),
                Err(NotPermitted),
            );
            t.eq(
                "copy_key, destroyed source",
                ok(p.copy_key(dead, &same)),
                Err(InvalidHandle),
            );
            t.eq(
                "copy_key, to local storage",
                ok(p.copy_key(pair, &same.with_lifetime(Lifetime::VOLATILE))),
                Err(NotSupported),
            );
            t.eq(
                "copy_key, to the other opaque location",
                ok(p.copy_key(pair, &same.with_lifetime(w.other()))),
                Err(NotSupported),
            );
            t.eq(
                "copy_key, wrong type given",
                ok(p.copy_key(pair, &same.with_type(P256_PUBLIC))),
                Err(InvalidArgument),
            );
            for bits in [384, usize::MAX] {
                t.eq(
                    &format!("copy_key, {bits} bits given"),
                    ok(p.copy_key(pair, &same.with_bits(bits))),
                    Err(InvalidArgument),
                );
            }
            t.eq(
                "copy_key, incompatible policy",
                ok(p.copy_key(pair, &same.with_algorithm(HMAC_256))),
                Err(InvalidArgument),
            );
            // Local keys cannot be copied into an opaque location either.
            let local = key(p, P256_PAIR, exportable, ECDSA_256, &d);
            t.eq(
                "copy_key, local key into the location",
                ok(p.copy_key(local, &same)),
                Err(NotSupported),
            );
            t.eq(
                "get_key_attributes",
                p.get_key_attributes(pair)
                    .map(|a| (a.key_type(), a.bits(), a.lifetime(), a.usage())),
                // SIGN_HASH implies SIGN_MESSAGE (PSA_KEY_USAGE_SIGN_HASH).
                Ok((P256_PAIR, 256, w.lifetime(), exportable.extended())),
            );
            t.eq("destroy_key", p.destroy_key(pair), Ok(()));
            t.eq(
                "destroy_key, again",
                p.destroy_key(pair),
                Err(InvalidHandle),
            );
            t.eq(
                "get_key_attributes, destroyed",
                p.get_key_attributes(pair).map(drop),
                Err(InvalidHandle),
            );
            t.out(
                "export_public_key after destroy",
                65,
                Err(InvalidHandle),
                |o| p.export_public_key(pair, o),
            );
        });
    });
}

#[test]
fn opaque_sign_and_verify_table() {
    on_both_opaque_locations("opaque sign / verify", |t, p, w| {
        let sign = UsageFlags::SIGN_HASH
            | UsageFlags::VERIFY_HASH
            | UsageFlags::SIGN_MESSAGE
            | UsageFlags::VERIFY_MESSAGE;
        let any = Algorithm::ecdsa(Algorithm::ANY_HASH);
        let det_any = Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH);
        let d = hex(P256_KEY);
        let k = |t_: KeyType, u: UsageFlags, a: Algorithm, m: &[u8]| opaque_key(p, w, t_, u, a, m);
        let pair = k(P256_PAIR, sign, any, &d);
        let det = k(P256_PAIR, sign, det_any, &d);
        let public = k(P256_PUBLIC, sign, any, &hex(P256_PUBLIC_KEY));
        let sha384_only = k(P256_PAIR, sign, Algorithm::ecdsa(Algorithm::SHA_384), &d);
        let verify_only = k(P256_PAIR, UsageFlags::VERIFY_HASH, any, &d);
        let mac_usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
        let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
        let hmac_policy = k(P256_PAIR, mac_usage, HMAC_256, &d);
        let ctr_policy = k(P256_PAIR, crypt, Algorithm::CTR, &d);
        let gcm_policy = k(P256_PAIR, UsageFlags::ENCRYPT, Algorithm::GCM, &d);
        let dead = gone_at(p, w);
        let h = [0x5a; 32];
        for n in [0usize, 1, 31, 33, 48, 64] {
            t.out(
                &format!("sign_hash, {n}-byte hash for SHA-256"),
                64,
                Err(InvalidArgument),
                |o| p.sign_hash(pair, ECDSA_256, &vec![1; n], o),
            );
        }
        t.out("sign_hash", 64, Ok(64), |o| {
            p.sign_hash(pair, ECDSA_256, &h, o)
        });
        t.out("sign_hash, large buffer", 200, Ok(64), |o| {
            p.sign_hash(pair, ECDSA_256, &h, o)
        });
        t.out("sign_hash, one byte short", 63, Err(BufferTooSmall), |o| {
            p.sign_hash(pair, ECDSA_256, &h, o)
        });
        t.out("sign_hash, empty buffer", 0, Err(BufferTooSmall), |o| {
            p.sign_hash(pair, ECDSA_256, &h, o)
        });
        for (what, alg) in [
            ("wildcard ECDSA(ANY_HASH)", any),
            ("a MAC algorithm", HMAC_256),
            ("a hash algorithm", Algorithm::SHA_256),
            ("NONE", Algorithm::NONE),
        ] {
            t.out(
                &format!("sign_hash, {what}"),
                64,
                Err(InvalidArgument),
                |o| p.sign_hash(pair, alg, &h, o),
            );
        }
        t.out(
            "sign_hash, outside the policy",
            64,
            Err(NotPermitted),
            |o| p.sign_hash(sha384_only, ECDSA_256, &h, o),
        );
        t.out(
            "sign_hash, no SIGN_HASH usage",
            64,
            Err(NotPermitted),
            |o| p.sign_hash(verify_only, ECDSA_256, &h, o),
        );
        t.out("sign_hash, a public key", 64, Err(InvalidArgument), |o| {
            p.sign_hash(public, ECDSA_256, &h, o)
        });
        t.out("sign_hash, destroyed key", 64, Err(InvalidHandle), |o| {
            p.sign_hash(dead, ECDSA_256, &h, o)
        });
        // Deterministic ECDSA: the published signature, at either location.
        let digest = sha256(b"sample");
        let det_256 = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
        let mut sig = canary(64);
        t.eq(
            "deterministic sign_hash, RFC 6979 A.2.5",
            p.sign_hash(det, det_256, &digest, &mut sig),
            Ok(64),
        );
        t.eq(
            "deterministic signature: the RFC's",
            sig,
            hex(RFC6979_SAMPLE_SIG),
        );
        t.out(
            "deterministic sign_message, RFC 6979 A.2.5",
            64,
            Ok(64),
            |o| p.sign_message(det, det_256, b"sample", o),
        );
        // Verification.
        let mut sig = [0u8; 64];
        p.sign_hash(pair, ECDSA_256, &h, &mut sig).unwrap();
        t.eq(
            "verify_hash, valid",
            p.verify_hash(pair, ECDSA_256, &h, &sig),
            Ok(()),
        );
        t.eq(
            "verify_hash, valid, with the public key",
            p.verify_hash(public, ECDSA_256, &h, &sig),
            Ok(()),
        );
        t.eq(
            "verify_hash, with verify-only usage",
            p.verify_hash(verify_only, ECDSA_256, &h, &sig),
            Ok(()),
        );
        for n in [0usize, 1, 63, 65, 128] {
            let s: Vec<u8> = sig.iter().copied().cycle().take(n).collect();
            t.eq(
                &format!("verify_hash, {n}-byte signature"),
                p.verify_hash(pair, ECDSA_256, &h, &s),
                Err(InvalidSignature),
            );
        }
        for (what, s) in [
            ("all zero", vec![0u8; 64]),
            ("all ones", vec![0xff; 64]),
            ("r = s = n", [hex(P256_N), hex(P256_N)].concat()),
        ] {
            t.eq(
                &format!("verify_hash, {what} signature"),
                p.verify_hash(pair, ECDSA_256, &h, &s),
                Err(InvalidSignature),
            );
        }
        let mut flipped = sig;
        flipped[0] ^= 1;
        t.eq(
            "verify_hash, one bit flipped",
            p.verify_hash(pair, ECDSA_256, &h, &flipped),
            Err(InvalidSignature),
        );
        t.eq(
            "verify_hash, other hash",
            p.verify_hash(pair, ECDSA_256, &[0x5b; 32], &sig),
            Err(InvalidSignature),
        );
        t.eq(
            "verify_hash, 31-byte hash",
            p.verify_hash(pair, ECDSA_256, &h[1..], &sig),
            Err(InvalidArgument),
        );
        t.eq(
            "verify_hash, wildcard",
            p.verify_hash(pair, any, &h, &sig),
            Err(InvalidArgument),
        );
        t.eq(
            "verify_hash, no VERIFY_HASH usage",
            p.verify_hash(hmac_policy, ECDSA_256, &h, &sig),
            Err(NotPermitted),
        );
        t.eq(
            "verify_hash, destroyed key",
            p.verify_hash(dead, ECDSA_256, &h, &sig),
            Err(InvalidHandle),
        );
        // Messages: the core hashes when the driver has no sign_message (the element).
        t.out("sign_message, empty message", 64, Ok(64), |o| {
            p.sign_message(pair, ECDSA_256, &[], o)
        });
        t.out(
            "sign_message, one byte short",
            63,
            Err(BufferTooSmall),
            |o| p.sign_message(pair, ECDSA_256, b"m", o),
        );
        t.out("sign_message, wildcard", 64, Err(InvalidArgument), |o| {
            p.sign_message(pair, any, b"m", o)
        });
        t.out("sign_message, ECDSA_ANY", 64, Err(InvalidArgument), |o| {
            p.sign_message(pair, Algorithm::ECDSA_ANY, b"m", o)
        });
        t.out(
            "sign_message, a public key",
            64,
            Err(InvalidArgument),
            |o| p.sign_message(public, ECDSA_256, b"m", o),
        );
        t.out(
            "sign_message, no SIGN_MESSAGE usage",
            64,
            Err(NotPermitted),
            |o| p.sign_message(verify_only, ECDSA_256, b"m", o),
        );
        let mut msig = [0u8; 64];
        p.sign_message(pair, ECDSA_256, b"message", &mut msig)
            .unwrap();
        t.eq(
            "verify_message, valid (public key)",
            p.verify_message(public, ECDSA_256, b"message", &msig),
            Ok(()),
        );
        let local_public = key(p, P256_PUBLIC, sign, any, &hex(P256_PUBLIC_KEY));
        t.eq(
            "verify_message, valid, with the local public key",
            p.verify_message(local_public, ECDSA_256, b"message", &msig),
            Ok(()),
        );
        t.eq(
            "verify_message, other message",
            p.verify_message(public, ECDSA_256, b"messagE", &msig),
            Err(InvalidSignature),
        );
        t.eq(
            "verify_message, truncated signature",
            p.verify_message(public, ECDSA_256, b"message", &msig[..63]),
            Err(InvalidSignature),
        );
        t.eq(
            "verify_message, empty signature",
            p.verify_message(public, ECDSA_256, b"message", &[]),
            Err(InvalidSignature),
        );
        // Symmetric functions on an ECC key. With a policy naming the function's algorithm,
        // only the key type is wrong: INVALID_ARGUMENT.
        t.out(
            "mac_compute, ECC key, HMAC policy",
            32,
            Err(InvalidArgument),
            |o| p.mac_compute(hmac_policy, HMAC_256, b"m", o),
        );
        t.out(
            "cipher_encrypt, ECC key, CTR policy",
            64,
            Err(InvalidArgument),
            |o| p.cipher_encrypt(ctr_policy, Algorithm::CTR, b"m", o),
        );
        t.eq(
            "mac_verify, ECC key, HMAC policy",
            p.mac_verify(hmac_policy, HMAC_256, b"m", &[0; 32]),
            Err(InvalidArgument),
        );
        t.out(
            "cipher_decrypt, ECC key, CTR policy",
            64,
            Err(InvalidArgument),
            |o| p.cipher_decrypt(ctr_policy, Algorithm::CTR, &[0; 32], o),
        );
        t.out(
            "aead_encrypt, ECC key, GCM policy",
            64,
            Err(InvalidArgument),
            |o| p.aead_encrypt(gcm_policy, Algorithm::GCM, &[0; 12], b"", b"m", o),
        );
        // With an ECDSA policy both the policy and the type are wrong: the spec names
        // NOT_PERMITTED and INVALID_ARGUMENT, and does not order them.
        let both = [Err(NotPermitted), Err(InvalidArgument)];
        let mut buf = canary(64);
        t.one_of(
            "mac_compute, ECDSA key",
            p.mac_compute(pair, HMAC_256, b"m", &mut buf),
            &both,
        );
        t.one_of(
            "cipher_encrypt, ECDSA key",
            p.cipher_encrypt(pair, Algorithm::CTR, b"m", &mut buf),
            &both,
        );
        t.one_of(
            "aead_decrypt, ECDSA key",
            p.aead_decrypt(pair, Algorithm::GCM, &[0; 12], b"", &[0; 32], &mut buf),
            &both,
        );
        t.eq("nothing written", untouched_from(&buf, 0), true);
    });
}

#[test]
fn opaque_key_agreement_table() {
    on_both_opaque_locations("opaque raw_key_agreement", |t, p, w| {
        let d = hex(P256_KEY);
        let q = hex(P256_PUBLIC_KEY);
        let ecdh = opaque_key(p, w, P256_PAIR, UsageFlags::DERIVE, Algorithm::ECDH, &d);
        let no_derive = opaque_key(p, w, P256_PAIR, UsageFlags::SIGN_HASH, Algorithm::ECDH, &d);
        let public = opaque_key(p, w, P256_PUBLIC, UsageFlags::DERIVE, Algorithm::ECDH, &q);
        let dead = gone_at(p, w);
        let local = key(p, P256_PAIR, UsageFlags::DERIVE, Algorithm::ECDH, &d);
        // The peer is the device key's public half: the secret must equal the local path's.
        let peer = hex(DEVICE_PUBLIC);
        let mut expected = [0u8; 32];
        p.raw_key_agreement(Algorithm::ECDH, local, &peer, &mut expected)
            .unwrap();
        let mut secret = canary(32);
        t.eq(
            "ECDH, valid peer",
            p.raw_key_agreement(Algorithm::ECDH, ecdh, &peer, &mut secret),
            Ok(32),
        );
        t.eq(
            "ECDH: the local path's secret",
            secret.as_slice(),
            expected.as_slice(),
        );
        t.out("ECDH, larger buffer", 100, Ok(32), |o| {
            p.raw_key_agreement(Algorithm::ECDH, ecdh, &peer, o)
        });
        t.out("ECDH, one byte short", 31, Err(BufferTooSmall), |o| {
            p.raw_key_agreement(Algorithm::ECDH, ecdh, &peer, o)
        });
        t.out("ECDH, empty buffer", 0, Err(BufferTooSmall), |o| {
            p.raw_key_agreement(Algorithm::ECDH, ecdh, &peer, o)
        });
        for n in [0usize, 1, 33, 64, 66, 97] {
            let bad: Vec<u8> = peer.iter().copied().cycle().take(n).collect();
            t.out(
                &format!("ECDH, {n}-byte peer"),
                32,
                Err(InvalidArgument),
                |o| p.raw_key_agreement(Algorithm::ECDH, ecdh, &bad, o),
            );
        }
        let mut off = peer.clone();
        off[64] ^= 1;
        t.out("ECDH, peer off the curve", 32, Err(InvalidArgument), |o| {
            p.raw_key_agreement(Algorithm::ECDH, ecdh, &off, o)
        });
        let mut compressed = vec![0x02 | (peer[64] & 1)];
        compressed.extend_from_slice(&peer[1..33]);
        t.out("ECDH, compressed peer", 32, Err(InvalidArgument), |o| {
            p.raw_key_agreement(Algorithm::ECDH, ecdh, &compressed, o)
        });
        t.out("ECDH + HKDF (not raw)", 32, Err(InvalidArgument), |o| {
            p.raw_key_agreement(
                Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
                ecdh,
                &peer,
                o,
            )
        });
        t.out("a signature algorithm", 32, Err(InvalidArgument), |o| {
            p.raw_key_agreement(ECDSA_256, ecdh, &peer, o)
        });
        t.out("no DERIVE usage", 32, Err(NotPermitted), |o| {
            p.raw_key_agreement(Algorithm::ECDH, no_derive, &peer, o)
        });
        t.out("a public key", 32, Err(InvalidArgument), |o| {
            p.raw_key_agreement(Algorithm::ECDH, public, &peer, o)
        });
        t.out("destroyed key", 32, Err(InvalidHandle), |o| {
            p.raw_key_agreement(Algorithm::ECDH, dead, &peer, o)
        });
    });
}

/// Symmetric keys at the instrumented opaque driver (the element holds ECC keys only): the
/// results must equal the local path's, and the malformed calls get the local path's statuses.
#[test]
fn opaque_symmetric_table() {
    let p = opaque_psa();
    let p = &p;
    let mut t = Table::new("opaque MAC / cipher / AEAD", "instrumented opaque driver");
    let w = Where::Vault;
    let mac_usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let both = |ty: KeyType, u: UsageFlags, a: Algorithm, m: &[u8]| {
        (opaque_key(p, w, ty, u, a, m), key(p, ty, u, a, m))
    };
    let (hmac, hmac_local) = both(KeyType::HMAC, mac_usage, HMAC_256, &[9; 32]);
    let (verify_only, _) = both(
        KeyType::HMAC,
        UsageFlags::VERIFY_MESSAGE,
        HMAC_256,
        &[9; 32],
    );
    let (aes_hmac, _) = both(KeyType::AES, mac_usage, HMAC_256, &[9; 16]);
    let (ctr, ctr_local) = both(KeyType::AES, crypt, Algorithm::CTR, &[9; 16]);
    let (cbc, _) = both(KeyType::AES, crypt, Algorithm::CBC_NO_PADDING, &[9; 16]);
    let (pkcs7, _) = both(KeyType::AES, crypt, Algorithm::CBC_PKCS7, &[9; 16]);
    let (decrypt_only, _) = both(KeyType::AES, UsageFlags::DECRYPT, Algorithm::CTR, &[9; 16]);
    let (gcm, gcm_local) = both(KeyType::AES, crypt, Algorithm::GCM, &[9; 16]);
    let (chacha, _) = both(
        KeyType::CHACHA20,
        crypt,
        Algorithm::CHACHA20_POLY1305,
        &[9; 32],
    );
    let dead = gone_at(p, w);
    // MAC.
    let mut expected = [0u8; 32];
    p.mac_compute(hmac_local, HMAC_256, b"m", &mut expected)
        .unwrap();
    let mut mac = canary(32);
    t.eq(
        "mac_compute",
        p.mac_compute(hmac, HMAC_256, b"m", &mut mac),
        Ok(32),
    );
    t.eq(
        "mac_compute: the local path's MAC",
        mac.as_slice(),
        expected.as_slice(),
    );
    t.out(
        "mac_compute, one byte short",
        31,
        Err(BufferTooSmall),
        |o| p.mac_compute(hmac, HMAC_256, b"m", o),
    );
    t.out("mac_compute, empty buffer", 0, Err(BufferTooSmall), |o| {
        p.mac_compute(hmac, HMAC_256, b"m", o)
    });
    // An invalid truncation outside an exact policy: not a valid MAC algorithm
    // (INVALID_ARGUMENT) and not permitted (NOT_PERMITTED); the spec does not order them.
    let mut buf = canary(32);
    t.one_of(
        "mac_compute, truncated to 3 (invalid, outside the policy)",
        p.mac_compute(hmac, Algorithm::truncated_mac(HMAC_256, 3), b"m", &mut buf),
        &[Err(InvalidArgument), Err(NotPermitted)],
    );
    t.eq(
        "truncated to 3: nothing written",
        untouched_from(&buf, 0),
        true,
    );
    t.out(
        "mac_compute, a hash algorithm",
        32,
        Err(InvalidArgument),
        |o| p.mac_compute(hmac, Algorithm::SHA_256, b"m", o),
    );
    t.out(
        "mac_compute, HMAC(ANY_HASH)",
        32,
        Err(InvalidArgument),
        |o| p.mac_compute(hmac, Algorithm::hmac(Algorithm::ANY_HASH), b"m", o),
    );
    t.out(
        "mac_compute, outside the policy",
        64,
        Err(NotPermitted),
        |o| p.mac_compute(hmac, Algorithm::hmac(Algorithm::SHA_512), b"m", o),
    );
    t.out("mac_compute, no SIGN_MESSAGE", 32, Err(NotPermitted), |o| {
        p.mac_compute(verify_only, HMAC_256, b"m", o)
    });
    t.out("mac_compute, AES key", 32, Err(InvalidArgument), |o| {
        p.mac_compute(aes_hmac, HMAC_256, b"m", o)
    });
    t.out("mac_compute, destroyed key", 32, Err(InvalidHandle), |o| {
        p.mac_compute(dead, HMAC_256, b"m", o)
    });
    t.eq(
        "mac_verify, valid",
        p.mac_verify(hmac, HMAC_256, b"m", &expected),
        Ok(()),
    );
    t.eq(
        "mac_verify, verify-only key",
        p.mac_verify(verify_only, HMAC_256, b"m", &expected),
        Ok(()),
    );
    for n in [0usize, 1, 31, 33] {
        let tag: Vec<u8> = expected.iter().copied().cycle().take(n).collect();
        t.eq(
            &format!("mac_verify, {n}-byte MAC"),
            p.mac_verify(hmac, HMAC_256, b"m", &tag),
            Err(InvalidSignature),
        );
    }
    let mut flipped = expected;
    flipped[31] ^= 1;
    t.eq(
        "mac_verify, one bit flipped",
        p.mac_verify(hmac, HMAC_256, b"m", &flipped),
        Err(InvalidSignature),
    );
    // Cipher: the output is the IV then the ciphertext.
    for n in [0usize, 1, 16, 17] {
        t.out(
            &format!("CTR encrypt, {n} bytes, exact"),
            16 + n,
            Ok(16 + n),
            |o| p.cipher_encrypt(ctr, Algorithm::CTR, &vec![1; n], o),
        );
        t.out(
            &format!("CTR encrypt, {n} bytes, one byte short"),
            15 + n,
            Err(BufferTooSmall),
            |o| p.cipher_encrypt(ctr, Algorithm::CTR, &vec![1; n], o),
        );
    }
    let mut sealed = [0u8; 16 + 20];
    p.cipher_encrypt(ctr, Algorithm::CTR, &[7; 20], &mut sealed)
        .unwrap();
    let mut opened = canary(20);
    t.eq(
        "CTR decrypt with the local key",
        p.cipher_decrypt(ctr_local, Algorithm::CTR, &sealed, &mut opened),
        Ok(20),
    );
    t.eq(
        "CTR: the plaintext back",
        opened.as_slice(),
        [7u8; 20].as_slice(),
    );
    t.out("CTR decrypt, exact", 20, Ok(20), |o| {
        p.cipher_decrypt(ctr, Algorithm::CTR, &sealed, o)
    });
    t.out(
        "CTR decrypt, one byte short",
        19,
        Err(BufferTooSmall),
        |o| p.cipher_decrypt(ctr, Algorithm::CTR, &sealed, o),
    );
    for n in [0usize, 1, 15] {
        t.out(
            &format!("CTR decrypt, {n}-byte input"),
            64,
            Err(InvalidArgument),
            |o| p.cipher_decrypt(ctr, Algorithm::CTR, &sealed[..n], o),
        );
    }
    for (n, expected) in [
        (15usize, Err(InvalidArgument)),
        (16, Ok(32)),
        (17, Err(InvalidArgument)),
    ] {
        t.out(
            &format!("CBC (no padding) encrypt, {n} bytes"),
            64,
            expected,
            |o| p.cipher_encrypt(cbc, Algorithm::CBC_NO_PADDING, &vec![1; n], o),
        );
    }
    let mut padded = [0u8; 32];
    let n = p
        .cipher_encrypt(pkcs7, Algorithm::CBC_PKCS7, &[7; 10], &mut padded)
        .unwrap();
    t.out("CBC-PKCS7 decrypt, valid", 16, Ok(10), |o| {
        p.cipher_decrypt(pkcs7, Algorithm::CBC_PKCS7, &padded[..n], o)
    });
    let mut bad_pad = padded;
    bad_pad[n - 17] ^= 1;
    t.out(
        "CBC-PKCS7 decrypt, corrupt padding",
        64,
        Err(InvalidPadding),
        |o| p.cipher_decrypt(pkcs7, Algorithm::CBC_PKCS7, &bad_pad[..n], o),
    );
    t.out(
        "cipher_encrypt, no ENCRYPT usage",
        64,
        Err(NotPermitted),
        |o| p.cipher_encrypt(decrypt_only, Algorithm::CTR, &[1; 16], o),
    );
    t.out(
        "cipher_encrypt, outside the policy",
        64,
        Err(NotPermitted),
        |o| p.cipher_encrypt(ctr, Algorithm::CBC_NO_PADDING, &[1; 16], o),
    );
    t.out(
        "cipher_encrypt, an AEAD algorithm",
        64,
        Err(InvalidArgument),
        |o| p.cipher_encrypt(gcm, Algorithm::GCM, &[1; 16], o),
    );
    t.out(
        "cipher_encrypt, destroyed key",
        64,
        Err(InvalidHandle),
        |o| p.cipher_encrypt(dead, Algorithm::CTR, &[1; 16], o),
    );
    // AEAD: the same ciphertext as the local path.
    let n12 = [3u8; 12];
    let pt = [5u8; 20];
    let mut expected = [0u8; 36];
    p.aead_encrypt(gcm_local, Algorithm::GCM, &n12, b"ad", &pt, &mut expected)
        .unwrap();
    let mut sealed = canary(36);
    t.eq(
        "GCM encrypt",
        p.aead_encrypt(gcm, Algorithm::GCM, &n12, b"ad", &pt, &mut sealed),
        Ok(36),
    );
    t.eq(
        "GCM: the local path's ciphertext",
        sealed.as_slice(),
        expected.as_slice(),
    );
    t.out(
        "GCM encrypt, one byte short",
        35,
        Err(BufferTooSmall),
        |o| p.aead_encrypt(gcm, Algorithm::GCM, &n12, b"ad", &pt, o),
    );
    t.out("GCM encrypt, 0-byte nonce", 64, Err(InvalidArgument), |o| {
        p.aead_encrypt(gcm, Algorithm::GCM, &[], b"ad", &pt, o)
    });
    // As for the truncated MAC: invalid and outside the exact GCM policy.
    let mut buf = canary(64);
    t.one_of(
        "GCM encrypt, 5-byte tag (invalid, outside the policy)",
        p.aead_encrypt(
            gcm,
            Algorithm::aead_with_shortened_tag(Algorithm::GCM, 5),
            &n12,
            b"",
            &pt,
            &mut buf,
        ),
        &[Err(InvalidArgument), Err(NotPermitted)],
    );
    t.eq("5-byte tag: nothing written", untouched_from(&buf, 0), true);
    t.out("GCM decrypt, exact", 20, Ok(20), |o| {
        p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"ad", &expected, o)
    });
    t.out(
        "GCM decrypt, one byte short",
        19,
        Err(BufferTooSmall),
        |o| p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"ad", &expected, o),
    );
    let mut forged = expected;
    forged[35] ^= 1;
    t.out("GCM decrypt, forged tag", 64, Err(InvalidSignature), |o| {
        p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"ad", &forged, o)
    });
    for n in [0usize, 1, 15] {
        t.out(
            &format!("GCM decrypt, {n}-byte input (shorter than the tag)"),
            64,
            Err(InvalidArgument),
            |o| p.aead_decrypt(gcm, Algorithm::GCM, &n12, b"ad", &expected[..n], o),
        );
    }
    t.out("ChaCha20-Poly1305", 36, Ok(36), |o| {
        p.aead_encrypt(chacha, Algorithm::CHACHA20_POLY1305, &n12, b"ad", &pt, o)
    });
    for n in [11usize, 13] {
        t.out(
            &format!("ChaCha20-Poly1305, {n}-byte nonce"),
            64,
            Err(InvalidArgument),
            |o| {
                p.aead_encrypt(
                    chacha,
                    Algorithm::CHACHA20_POLY1305,
                    &vec![3; n],
                    b"",
                    &pt,
                    o,
                )
            },
        );
    }
    t.out("AEAD, outside the policy", 64, Err(NotPermitted), |o| {
        p.aead_encrypt(chacha, Algorithm::GCM, &n12, b"", &pt, o)
    });
    t.out("AEAD, destroyed key", 64, Err(InvalidHandle), |o| {
        p.aead_decrypt(dead, Algorithm::GCM, &n12, b"ad", &expected, o)
    });
    t.done();
}

/// Multi-part operations on opaque keys: the instrumented opaque driver serves multi-part
/// MAC, and declares no multi-part cipher or AEAD (NOT_SUPPORTED, which the spec lists for
/// the setups); the element serves no multi-part family.
#[test]
fn opaque_multi_part_table() {
    let p = opaque_psa();
    let p = &p;
    let mut t = Table::new(
        "opaque multi-part",
        "secure element + instrumented opaque driver",
    );
    let mac_usage = UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE;
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let v = |ty: KeyType, u: UsageFlags, a: Algorithm, m: &[u8]| {
        opaque_key(p, Where::Vault, ty, u, a, m)
    };
    let e = |ty: KeyType, u: UsageFlags, a: Algorithm| {
        opaque_key(p, Where::Element, ty, u, a, &hex(P256_KEY))
    };
    let hmac = v(KeyType::HMAC, mac_usage, HMAC_256, &[9; 32]);
    let ctr = v(KeyType::AES, crypt, Algorithm::CTR, &[9; 16]);
    let gcm = v(KeyType::AES, crypt, Algorithm::GCM, &[9; 16]);
    let derive = v(
        KeyType::DERIVE,
        UsageFlags::DERIVE,
        Algorithm::hkdf(Algorithm::SHA_256),
        &[9; 32],
    );
    let se_hmac = e(P256_PAIR, mac_usage, HMAC_256);
    let se_ctr = e(P256_PAIR, crypt, Algorithm::CTR);
    let se_gcm = e(P256_PAIR, crypt, Algorithm::GCM);
    let se_derive = e(
        P256_PAIR,
        UsageFlags::DERIVE,
        Algorithm::hkdf(Algorithm::ANY_HASH),
    );
    let dead = gone_at(p, Where::Vault);
    let mut expected = [0u8; 32];
    p.mac_compute(hmac, HMAC_256, b"abcdef", &mut expected)
        .unwrap();
    // MAC on the vault: a whole operation equals the single-part MAC.
    let mut mac = p.mac_operation();
    t.eq("mac sign setup", mac.sign_setup(hmac, HMAC_256), Ok(()));
    t.eq("mac update", mac.update(b"abc"), Ok(()));
    t.eq("mac update, empty", mac.update(b""), Ok(()));
    t.eq("mac update", mac.update(b"def"), Ok(()));
    let mut out = canary(40);
    t.eq(
        "mac sign finish, larger buffer",
        mac.sign_finish(&mut out),
        Ok(32),
    );
    t.eq("mac: the single-part MAC", &out[..32], expected.as_slice());
    t.eq("mac: nothing past it", untouched_from(&out, 32), true);
    t.eq(
        "mac: inactive after finish",
        mac.update(b"x"),
        Err(BadState),
    );
    t.eq("mac abort", mac.abort(), Ok(()));
    t.eq("mac sign setup", mac.sign_setup(hmac, HMAC_256), Ok(()));
    t.out(
        "mac sign finish, one byte short",
        31,
        Err(BufferTooSmall),
        |o| mac.sign_finish(o),
    );
    t.eq(
        "mac: then sign finish",
        mac.sign_finish(&mut [0; 32]).map(drop),
        Err(BadState),
    );
    t.eq("mac abort", mac.abort(), Ok(()));
    t.eq("mac verify setup", mac.verify_setup(hmac, HMAC_256), Ok(()));
    t.eq("mac update", mac.update(b"abcdef"), Ok(()));
    t.eq(
        "mac verify finish, empty MAC",
        mac.verify_finish(&[]),
        Err(InvalidSignature),
    );
    t.eq(
        "mac: then verify finish",
        mac.verify_finish(&expected),
        Err(BadState),
    );
    t.eq("mac abort", mac.abort(), Ok(()));
    t.eq("mac verify setup", mac.verify_setup(hmac, HMAC_256), Ok(()));
    t.eq("mac update", mac.update(b"abcdef"), Ok(()));
    t.eq(
        "mac verify finish, valid",
        mac.verify_finish(&expected),
        Ok(()),
    );
    t.eq(
        "mac sign setup, destroyed key",
        p.mac_operation().sign_setup(dead, HMAC_256),
        Err(InvalidHandle),
    );
    t.eq(
        "mac sign setup, outside the policy",
        p.mac_operation()
            .sign_setup(hmac, Algorithm::hmac(Algorithm::SHA_384)),
        Err(NotPermitted),
    );
    t.eq(
        "mac sign setup, AES key at the vault",
        p.mac_operation().sign_setup(ctr, HMAC_256),
        Err(NotPermitted),
    );
    t.eq(
        "mac sign setup, ECC key in the element (HMAC policy)",
        p.mac_operation().sign_setup(se_hmac, HMAC_256),
        Err(InvalidArgument),
    );
    t.eq(
        "mac verify setup, ECC key in the element (HMAC policy)",
        p.mac_operation().verify_setup(se_hmac, HMAC_256),
        Err(InvalidArgument),
    );
    // Cipher and AEAD: no multi-part driver at these locations.
    t.eq(
        "cipher encrypt setup, vault AES key",
        p.cipher_operation().encrypt_setup(ctr, Algorithm::CTR),
        Err(NotSupported),
    );
    t.eq(
        "cipher decrypt setup, vault AES key",
        p.cipher_operation().decrypt_setup(ctr, Algorithm::CTR),
        Err(NotSupported),
    );
    t.eq(
        "cipher encrypt setup, ECC key in the element (CTR policy)",
        p.cipher_operation().encrypt_setup(se_ctr, Algorithm::CTR),
        Err(InvalidArgument),
    );
    t.eq(
        "cipher encrypt setup, vault key, no such usage",
        p.cipher_operation().encrypt_setup(hmac, Algorithm::CTR),
        Err(NotPermitted),
    );
    t.eq(
        "aead encrypt setup, vault AES key",
        p.aead_operation().encrypt_setup(gcm, Algorithm::GCM),
        Err(NotSupported),
    );
    t.eq(
        "aead decrypt setup, ECC key in the element (GCM policy)",
        p.aead_operation().decrypt_setup(se_gcm, Algorithm::GCM),
        Err(InvalidArgument),
    );
    let mut op = p.cipher_operation();
    t.eq(
        "cipher: failed setup",
        op.encrypt_setup(ctr, Algorithm::CTR),
        Err(NotSupported),
    );
    t.eq("cipher: then set_iv", op.set_iv(&[0; 16]), Err(BadState));
    t.eq("cipher: abort", op.abort(), Ok(()));
    // Key derivation: opaque keys cannot be read by the core (NOT_SUPPORTED, listed by
    // psa_key_derivation_input_key for key inputs it does not support).
    let kdf = || {
        let mut op = p.key_derivation_operation();
        op.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
        op
    };
    t.eq(
        "kdf input_key, vault DERIVE key",
        kdf().input_key(DerivationStep::Secret, derive),
        Err(NotSupported),
    );
    t.eq(
        "kdf input_key, ECC key in the element",
        kdf().input_key(DerivationStep::Secret, se_derive),
        Err(InvalidArgument),
    );
    t.eq(
        "kdf input_key, destroyed key",
        kdf().input_key(DerivationStep::Secret, dead),
        Err(InvalidHandle),
    );
    let mut op = kdf();
    t.eq(
        "kdf: failed input_key",
        op.input_key(DerivationStep::Secret, derive),
        Err(NotSupported),
    );
    t.eq(
        "kdf: then input_bytes",
        op.input_bytes(DerivationStep::Secret, b"s"),
        Err(BadState),
    );
    t.done();
}

// ----- declared built-in keys --------------------------------------------------------------------

/// Every front-end function that takes a key, on `id`, with arguments that are valid for a
/// P-256 key: each must answer `expected` (the id does not name a usable key, so nothing
/// about the arguments is looked at after the id) and write nothing.
fn every_key_function(t: &mut Table, p: &Psa<Opaque>, what: &str, id: KeyId, expected: Error) {
    let h = [0x5a; 32];
    let sig = [1u8; 64];
    let peer = hex(DEVICE_PUBLIC);
    let e = Err(expected);
    t.eq(
        &format!("{what}: get_key_attributes"),
        p.get_key_attributes(id).map(drop),
        e,
    );
    t.out(&format!("{what}: export_key"), 64, Err(expected), |o| {
        p.export_key(id, o)
    });
    t.out(
        &format!("{what}: export_public_key"),
        65,
        Err(expected),
        |o| p.export_public_key(id, o),
    );
    t.eq(
        &format!("{what}: copy_key"),
        ok(p.copy_key(id, &KeyAttributes::new().with_lifetime(SE_LIFETIME))),
        e,
    );
    t.out(&format!("{what}: sign_hash"), 64, Err(expected), |o| {
        p.sign_hash(id, ECDSA_256, &h, o)
    });
    t.eq(
        &format!("{what}: verify_hash"),
        p.verify_hash(id, ECDSA_256, &h, &sig),
        e,
    );
    t.out(&format!("{what}: sign_message"), 64, Err(expected), |o| {
        p.sign_message(id, ECDSA_256, b"m", o)
    });
    t.eq(
        &format!("{what}: verify_message"),
        p.verify_message(id, ECDSA_256, b"m", &sig),
        e,
    );
    t.out(
        &format!("{what}: raw_key_agreement"),
        32,
        Err(expected),
        |o| p.raw_key_agreement(Algorithm::ECDH, id, &peer, o),
    );
    t.out(&format!("{what}: mac_compute"), 32, Err(expected), |o| {
        p.mac_compute(id, HMAC_256, b"m", o)
    });
    t.eq(
        &format!("{what}: mac_verify"),
        p.mac_verify(id, HMAC_256, b"m", &[0; 32]),
        e,
    );
    t.out(&format!("{what}: cipher_encrypt"), 64, Err(expected), |o| {
        p.cipher_encrypt(id, Algorithm::CTR, b"m", o)
    });
    t.out(&format!("{what}: cipher_decrypt"), 64, Err(expected), |o| {
        p.cipher_decrypt(id, Algorithm::CTR, &[0; 32], o)
    });
    t.out(&format!("{what}: aead_encrypt"), 64, Err(expected), |o| {
        p.aead_encrypt(id, Algorithm::GCM, &[0; 12], b"", b"m", o)
    });
    t.out(&format!("{what}: aead_decrypt"), 64, Err(expected), |o| {
        p.aead_decrypt(id, Algorithm::GCM, &[0; 12], b"", &[0; 32], o)
    });
    t.eq(
        &format!("{what}: mac sign setup"),
        p.mac_operation().sign_setup(id, HMAC_256),
        e,
    );
    t.eq(
        &format!("{what}: mac verify setup"),
        p.mac_operation().verify_setup(id, HMAC_256),
        e,
    );
    t.eq(
        &format!("{what}: cipher encrypt setup"),
        p.cipher_operation().encrypt_setup(id, Algorithm::CTR),
        e,
    );
    t.eq(
        &format!("{what}: cipher decrypt setup"),
        p.cipher_operation().decrypt_setup(id, Algorithm::CTR),
        e,
    );
    t.eq(
        &format!("{what}: aead encrypt setup"),
        p.aead_operation().encrypt_setup(id, Algorithm::GCM),
        e,
    );
    t.eq(
        &format!("{what}: aead decrypt setup"),
        p.aead_operation().decrypt_setup(id, Algorithm::GCM),
        e,
    );
    let mut kdf = p.key_derivation_operation();
    kdf.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
    t.eq(
        &format!("{what}: kdf input_key"),
        kdf.input_key(DerivationStep::Secret, id),
        e,
    );
}

/// Built-in keys the application declared (`Psa::with_builtin_keys`): usable within their
/// policy, read-only (destroy is NOT_PERMITTED, PSA_KEY_PERSISTENCE_READ_ONLY), exportable
/// only with EXPORT; ids in the built-in range that are not declared are INVALID_HANDLE for
/// every function, and so are ids just outside the range.
#[test]
fn builtin_keys_table() {
    let p = opaque_psa();
    let p = &p;
    let mut t = Table::new(
        "declared built-in keys",
        "secure element + instrumented opaque driver",
    );
    let h = [0x5a; 32];
    let device_public = hex(DEVICE_PUBLIC);
    let verify = UsageFlags::VERIFY_HASH | UsageFlags::VERIFY_MESSAGE;
    let verifier = key(
        p,
        P256_PUBLIC,
        verify,
        Algorithm::ecdsa(Algorithm::ANY_HASH),
        &device_public,
    );
    // The device key in the element: ECDSA(ANY_HASH), SIGN_HASH | VERIFY_HASH, no EXPORT.
    t.eq(
        "device key: attributes",
        p.get_key_attributes(DEVICE_ID).map(|a| {
            (
                a.id(),
                a.key_type(),
                a.bits(),
                a.location(),
                a.lifetime().is_read_only(),
            )
        }),
        Ok((DEVICE_ID, P256_PAIR, 256, SE_LOCATION, true)),
    );
    let mut sig = [0u8; 64];
    t.eq(
        "device key: sign_hash",
        p.sign_hash(DEVICE_ID, ECDSA_256, &h, &mut sig),
        Ok(64),
    );
    t.eq(
        "device key: its signature verifies with its public key",
        p.verify_hash(verifier, ECDSA_256, &h, &sig),
        Ok(()),
    );
    t.eq(
        "device key: verify_hash",
        p.verify_hash(DEVICE_ID, ECDSA_256, &h, &sig),
        Ok(()),
    );
    let mut flipped = sig;
    flipped[5] ^= 4;
    t.eq(
        "device key: verify_hash, one bit flipped",
        p.verify_hash(DEVICE_ID, ECDSA_256, &h, &flipped),
        Err(InvalidSignature),
    );
    t.eq(
        "device key: verify_hash, empty signature",
        p.verify_hash(DEVICE_ID, ECDSA_256, &h, &[]),
        Err(InvalidSignature),
    );
    let mut msig = [0u8; 64];
    t.eq(
        "device key: sign_message (SIGN_MESSAGE implied)",
        p.sign_message(DEVICE_ID, ECDSA_256, b"boot", &mut msig),
        Ok(64),
    );
    t.eq(
        "device key: the message signature verifies",
        p.verify_message(verifier, ECDSA_256, b"boot", &msig),
        Ok(()),
    );
    t.out(
        "device key: sign_hash, one byte short",
        63,
        Err(BufferTooSmall),
        |o| p.sign_hash(DEVICE_ID, ECDSA_256, &h, o),
    );
    t.out(
        "device key: sign_hash, 31-byte hash",
        64,
        Err(InvalidArgument),
        |o| p.sign_hash(DEVICE_ID, ECDSA_256, &h[1..], o),
    );
    t.out(
        "device key: sign_hash, wildcard",
        64,
        Err(InvalidArgument),
        |o| p.sign_hash(DEVICE_ID, Algorithm::ecdsa(Algorithm::ANY_HASH), &h, o),
    );
    t.out(
        "device key: sign_hash, a MAC algorithm",
        64,
        Err(InvalidArgument),
        |o| p.sign_hash(DEVICE_ID, HMAC_256, &h, o),
    );
    t.out(
        "device key: export_key (no EXPORT)",
        64,
        Err(NotPermitted),
        |o| p.export_key(DEVICE_ID, o),
    );
    t.out("device key: export_public_key", 65, Ok(65), |o| {
        p.export_public_key(DEVICE_ID, o)
    });
    let mut out = [0u8; 65];
    p.export_public_key(DEVICE_ID, &mut out).unwrap();
    t.eq(
        "device key: its public key",
        out.as_slice(),
        device_public.as_slice(),
    );
    t.out(
        "device key: export_public_key, one byte short",
        64,
        Err(BufferTooSmall),
        |o| p.export_public_key(DEVICE_ID, o),
    );
    t.eq(
        "device key: copy_key (no COPY)",
        ok(p.copy_key(DEVICE_ID, &KeyAttributes::new().with_lifetime(SE_LIFETIME))),
        Err(NotPermitted),
    );
    t.eq(
        "device key: destroy_key",
        p.destroy_key(DEVICE_ID),
        Err(NotPermitted),
    );
    t.eq(
        "device key: destroy_key again",
        p.destroy_key(DEVICE_ID),
        Err(NotPermitted),
    );
    t.eq(
        "device key: still signs after the refused destroys",
        p.sign_hash(DEVICE_ID, ECDSA_256, &h, &mut sig),
        Ok(64),
    );
    t.out(
        "device key: raw_key_agreement (no DERIVE)",
        32,
        Err(NotPermitted),
        |o| p.raw_key_agreement(Algorithm::ECDH, DEVICE_ID, &device_public, o),
    );
    // Symmetric functions: outside the policy (NOT_PERMITTED) and the wrong key type
    // (INVALID_ARGUMENT); the spec does not order the two checks.
    let both = [Err(NotPermitted), Err(InvalidArgument)];
    let mut buf = canary(64);
    t.one_of(
        "device key: mac_compute",
        ok(p.mac_compute(DEVICE_ID, HMAC_256, b"m", &mut buf)),
        &both,
    );
    t.one_of(
        "device key: mac_verify",
        p.mac_verify(DEVICE_ID, HMAC_256, b"m", &[0; 32]),
        &both,
    );
    t.one_of(
        "device key: cipher_encrypt",
        ok(p.cipher_encrypt(DEVICE_ID, Algorithm::CTR, b"m", &mut buf)),
        &both,
    );
    t.one_of(
        "device key: aead_encrypt",
        ok(p.aead_encrypt(DEVICE_ID, Algorithm::GCM, &[0; 12], b"", b"m", &mut buf)),
        &both,
    );
    t.one_of(
        "device key: mac sign setup",
        p.mac_operation().sign_setup(DEVICE_ID, HMAC_256),
        &both,
    );
    t.one_of(
        "device key: cipher decrypt setup",
        p.cipher_operation()
            .decrypt_setup(DEVICE_ID, Algorithm::CTR),
        &both,
    );
    t.one_of(
        "device key: aead encrypt setup",
        p.aead_operation().encrypt_setup(DEVICE_ID, Algorithm::GCM),
        &both,
    );
    let mut kdf = p.key_derivation_operation();
    kdf.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
    t.one_of(
        "device key: kdf input_key",
        kdf.input_key(DerivationStep::Secret, DEVICE_ID),
        &both,
    );
    t.eq("device key: nothing written", untouched_from(&buf, 0), true);
    // The instrumented opaque driver's built-in key: deterministic ECDSA, EXPORT.
    t.out("vault built-in: export_key", 32, Ok(32), |o| {
        p.export_key(VAULT_BUILTIN_ID, o)
    });
    let mut out = [0u8; 32];
    p.export_key(VAULT_BUILTIN_ID, &mut out).unwrap();
    t.eq("vault built-in: its key", out, OPAQUE_BUILTIN_KEY);
    t.out(
        "vault built-in: export_key, one byte short",
        31,
        Err(BufferTooSmall),
        |o| p.export_key(VAULT_BUILTIN_ID, o),
    );
    let det_256 = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);
    let mut sig = canary(64);
    t.eq(
        "vault built-in: deterministic sign_hash",
        p.sign_hash(VAULT_BUILTIN_ID, det_256, &sha256(b"sample"), &mut sig),
        Ok(64),
    );
    t.eq(
        "vault built-in: RFC 6979 A.2.5",
        sig,
        hex(RFC6979_SAMPLE_SIG),
    );
    t.out(
        "vault built-in: randomized ECDSA (outside the policy)",
        64,
        Err(NotPermitted),
        |o| p.sign_hash(VAULT_BUILTIN_ID, ECDSA_256, &h, o),
    );
    t.eq(
        "vault built-in: destroy_key",
        p.destroy_key(VAULT_BUILTIN_ID),
        Err(NotPermitted),
    );
    t.eq(
        "vault built-in: copy_key (no COPY)",
        ok(p.copy_key(
            VAULT_BUILTIN_ID,
            &KeyAttributes::new().with_lifetime(VAULT_LIFETIME),
        )),
        Err(NotPermitted),
    );
    // Creating a key with a built-in id.
    let a = attrs(P256_PAIR, all_usage(), ECDSA_256);
    t.eq(
        "import with a built-in id (volatile)",
        ok(p.import_key(
            &a.with_lifetime(SE_LIFETIME).with_id(DEVICE_ID),
            &hex(P256_KEY),
        )),
        Err(InvalidArgument),
    );
    // A read-only lifetime cannot be created (NOT_SUPPORTED: no persistent storage here; the
    // spec also lists INVALID_ARGUMENT for a lifetime or id not valid for a new key).
    t.one_of(
        "import with a built-in id and its read-only lifetime",
        ok(p.import_key(
            &a.with_lifetime(Lifetime::new(Persistence::READ_ONLY, SE_LOCATION))
                .with_id(DEVICE_ID),
            &hex(P256_KEY),
        )),
        &[Err(NotSupported), Err(InvalidArgument)],
    );
    t.one_of(
        "generate with a built-in id and its read-only lifetime",
        ok(p.generate_key(
            &a.with_bits(256)
                .with_lifetime(Lifetime::new(Persistence::READ_ONLY, SE_LOCATION))
                .with_id(DEVICE_ID),
        )),
        &[Err(NotSupported), Err(InvalidArgument)],
    );
    t.eq(
        "the device key is unchanged",
        p.export_public_key(DEVICE_ID, &mut [0; 65]),
        Ok(65),
    );
    // Ids that name no key.
    for (what, id) in [
        ("undeclared built-in id (BUILTIN_MIN)", KeyId::BUILTIN_MIN),
        ("undeclared built-in id (BUILTIN_MAX)", KeyId::BUILTIN_MAX),
        (
            "undeclared built-in id next to the device key",
            KeyId(DEVICE_ID.0 + 1),
        ),
        ("below the built-in range", KeyId(KeyId::BUILTIN_MIN.0 - 1)),
        ("above the built-in range", KeyId(KeyId::BUILTIN_MAX.0 + 1)),
        ("KeyId(u32::MAX)", KeyId(u32::MAX)),
        ("KeyId::USER_MAX", KeyId::USER_MAX),
        ("KeyId::NULL", KeyId::NULL),
        ("declared, no such slot in the driver", MISSING_SLOT_ID),
    ] {
        every_key_function(&mut t, p, what, id, InvalidHandle);
        if id != KeyId::NULL && id != MISSING_SLOT_ID {
            t.eq(
                &format!("{what}: destroy_key"),
                p.destroy_key(id),
                Err(InvalidHandle),
            );
        }
    }
    t.eq(
        "destroy_key, KeyId::NULL",
        p.destroy_key(KeyId::NULL),
        Ok(()),
    );
    t.done();
}

// ----- huge claimed sizes and counts ------------------------------------------------------------

/// Sizes and counts the caller claims rather than passes: `bits` in attributes, lifetimes,
/// key ids and algorithm values at their maximum, AEAD declared lengths at 0 and 1 around
/// what was passed, nonce and IV lengths at 0 and far past the maximum. No claimed size may
/// make the core allocate, overflow or panic; each gets the spec's status.
#[test]
fn huge_claimed_sizes_table() {
    on_every_path!(
        |t, new| {
            let p = new();
            let p = &p;
            let imp = |ty: KeyType, bits: usize, data: &[u8]| {
                ok(p.import_key(
                    &attrs(ty, all_usage(), Algorithm::NONE).with_bits(bits),
                    data,
                ))
            };
            // Each key is destroyed again: large rows must not crowd out later ones.
            let gen_ = |ty: KeyType, bits: usize| {
                p.generate_key(&attrs(ty, UsageFlags::EXPORT, Algorithm::NONE).with_bits(bits))
                    .map(|id| p.destroy_key(id).expect("destroy"))
            };
            for bits in [usize::MAX, usize::MAX - 7, 1 << 63, u32::MAX as usize + 1] {
                t.eq(
                    &format!("import AES-128 declared {bits} bits"),
                    imp(KeyType::AES, bits, &[7; 16]),
                    Err(InvalidArgument),
                );
                t.eq(
                    &format!("import HMAC (32 bytes) declared {bits} bits"),
                    imp(KeyType::HMAC, bits, &[7; 32]),
                    Err(InvalidArgument),
                );
                t.one_of(
                    &format!("import P-256 pair declared {bits} bits"),
                    imp(P256_PAIR, bits, &hex(P256_KEY)),
                    &[Err(InvalidArgument), Err(NotSupported)],
                );
                t.one_of(
                    &format!("import P-256 public key declared {bits} bits"),
                    imp(P256_PUBLIC, bits, &hex(P256_PUBLIC_KEY)),
                    &[Err(InvalidArgument), Err(NotSupported)],
                );
                t.eq(
                    &format!("generate AES, {bits} bits"),
                    gen_(KeyType::AES, bits),
                    Err(InvalidArgument),
                );
                t.eq(
                    &format!("generate ChaCha20, {bits} bits"),
                    gen_(KeyType::CHACHA20, bits),
                    Err(InvalidArgument),
                );
                // A size no curve has: invalid for the type or not supported; both listed.
                t.one_of(
                    &format!("generate SECP_R1 pair, {bits} bits"),
                    gen_(P256_PAIR, bits),
                    &[Err(InvalidArgument), Err(NotSupported)],
                );
                for ty in [KeyType::HMAC, KeyType::RAW_DATA, KeyType::DERIVE] {
                    // Whole bytes but far too many (NOT_SUPPORTED, or INSUFFICIENT_MEMORY
                    // for psa_generate_key); or not whole bytes (INVALID_ARGUMENT, or
                    // NOT_SUPPORTED for a size the implementation does not support).
                    let allowed: &[Result<()>] = if bits % 8 == 0 {
                        &[Err(NotSupported), Err(InsufficientMemory)]
                    } else {
                        &[Err(InvalidArgument), Err(NotSupported)]
                    };
                    t.one_of(
                        &format!("generate {ty:?}, {bits} bits"),
                        gen_(ty, bits),
                        allowed,
                    );
                }
            }
            t.eq(
                "generate HMAC, 1 bit",
                gen_(KeyType::HMAC, 1),
                Err(InvalidArgument),
            );
            t.eq(
                "generate RAW_DATA, 9 bits",
                gen_(KeyType::RAW_DATA, 9),
                Err(InvalidArgument),
            );
            // copy_key with a claimed size.
            let src = key(
                p,
                KeyType::AES,
                UsageFlags::COPY | UsageFlags::EXPORT,
                Algorithm::CTR,
                &[9; 16],
            );
            let same = KeyAttributes::new()
                .with_usage(UsageFlags::EXPORT)
                .with_algorithm(Algorithm::CTR);
            for bits in [usize::MAX, 127, 129] {
                t.eq(
                    &format!("copy_key, {bits} bits given"),
                    ok(p.copy_key(src, &same.with_bits(bits))),
                    Err(InvalidArgument),
                );
            }
            t.eq(
                "copy_key, 128 bits given",
                ok(p.copy_key(src, &same.with_bits(128))),
                Ok(()),
            );
            // Lifetimes and locations at their maximum.
            let aes = attrs(KeyType::AES, all_usage(), Algorithm::CTR);
            t.eq(
                "import at location 0xffffff (no driver)",
                ok(p.import_key(
                    &aes.with_lifetime(Lifetime::volatile_at(Location(0xff_ffff))),
                    &[7; 16],
                )),
                Err(InvalidArgument),
            );
            // Persistence 0xff (read-only) at location 0xffffff: not creatable here
            // (NOT_SUPPORTED) or an invalid lifetime (INVALID_ARGUMENT).
            t.one_of(
                "import with Lifetime(u32::MAX)",
                ok(p.import_key(&aes.with_lifetime(Lifetime(u32::MAX)), &[7; 16])),
                &[Err(NotSupported), Err(InvalidArgument)],
            );
            t.one_of(
                "generate with Lifetime(u32::MAX)",
                ok(p.generate_key(&aes.with_bits(128).with_lifetime(Lifetime(u32::MAX)))),
                &[Err(NotSupported), Err(InvalidArgument)],
            );
            t.eq(
                "import with KeyId(u32::MAX) on a volatile key",
                ok(p.import_key(&aes.with_id(KeyId(u32::MAX)), &[7; 16])),
                Err(InvalidArgument),
            );
            // Algorithm values at their maximum: not an algorithm of the function's kind
            // (INVALID_ARGUMENT) or a vendor algorithm not supported (NOT_SUPPORTED); the
            // spec lists both. Nothing is written either way.
            let ctr = key(
                p,
                KeyType::AES,
                UsageFlags::ENCRYPT,
                Algorithm::CTR,
                &[9; 16],
            );
            let pair = key(
                p,
                P256_PAIR,
                UsageFlags::SIGN_HASH,
                ECDSA_256,
                &hex(P256_KEY),
            );
            let hmac = key(
                p,
                KeyType::HMAC,
                UsageFlags::SIGN_MESSAGE,
                HMAC_256,
                &[9; 32],
            );
            let either = [Err(InvalidArgument), Err(NotSupported), Err(NotPermitted)];
            for alg in [Algorithm(u32::MAX), Algorithm(0x7fff_ffff)] {
                let mut buf = canary(64);
                t.one_of(
                    &format!("hash_compute, {alg:?}"),
                    p.hash_compute(alg, b"m", &mut buf),
                    &either[..2],
                );
                t.one_of(
                    &format!("mac_compute, {alg:?}"),
                    p.mac_compute(hmac, alg, b"m", &mut buf),
                    &either,
                );
                t.one_of(
                    &format!("sign_hash, {alg:?}"),
                    p.sign_hash(pair, alg, &[1; 32], &mut buf),
                    &either,
                );
                t.one_of(
                    &format!("cipher_encrypt, {alg:?}"),
                    p.cipher_encrypt(ctr, alg, b"m", &mut buf),
                    &either,
                );
                t.one_of(
                    &format!("aead_encrypt, {alg:?}"),
                    p.aead_encrypt(ctr, alg, &[0; 12], b"", b"m", &mut buf),
                    &either,
                );
                t.one_of(
                    &format!("raw_key_agreement, {alg:?}"),
                    p.raw_key_agreement(alg, pair, &hex(P256_PUBLIC_KEY), &mut buf),
                    &either,
                );
                t.eq(
                    &format!("{alg:?}: nothing written"),
                    untouched_from(&buf, 0),
                    true,
                );
            }
        },
        "huge claimed sizes",
    );
}

psa_tests::instrumented_transparent!(
    /// A driver that serves multi-part AEAD for the length tests (its own hooks, so the
    /// context count other tests assert on is not disturbed).
    pub LengthsDriver, "lengths", LENGTHS_HOOKS
);

psa_core::register_drivers! {
    /// The multi-part AEAD driver of the length tests, then the built-in.
    pub struct WithLengthsDriver {
        transparent: [lengths: LengthsDriver],
        opaque: [],
        builtin: true,
    }
}

/// Multi-part boundaries: AEAD declared lengths met, missed by one and exceeded by one;
/// nonce and IV lengths of 0 and `usize::MAX`; a key derivation read to its capacity by
/// single bytes.
#[test]
fn multi_part_length_boundaries_table() {
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let p: Psa<WithLengthsDriver> = Psa::new(WithLengthsDriver::new(LengthsDriver));
    let mut t = Table::new("multi-part length boundaries", "instrumented driver");
    let gcm = p
        .import_key(&attrs(KeyType::AES, crypt, Algorithm::GCM), &[9; 16])
        .unwrap();
    let ctr = p
        .import_key(&attrs(KeyType::AES, crypt, Algorithm::CTR), &[9; 16])
        .unwrap();
    let n12 = [3u8; 12];
    let enc = || {
        let mut a = p.aead_operation();
        a.encrypt_setup(gcm, Algorithm::GCM).unwrap();
        a.set_nonce(&n12).unwrap();
        a
    };
    let mut expected = [0u8; 16 + 3];
    p.aead_encrypt(gcm, Algorithm::GCM, &n12, b"ad", b"abc", &mut expected)
        .unwrap();
    let mut a = enc();
    t.eq("set_lengths (2, 3)", a.set_lengths(2, 3), Ok(()));
    t.eq("update_ad, 2 bytes", a.update_ad(b"ad"), Ok(()));
    t.out("update, 3 bytes", 3, Ok(0), |o| a.update(b"abc", o));
    let (mut ct, mut tag) = (canary(3), canary(16));
    t.eq(
        "finish, lengths met",
        a.finish(&mut ct, &mut tag),
        Ok((3, 16)),
    );
    t.eq(
        "finish: the single-part result",
        [ct, tag].concat(),
        expected.to_vec(),
    );
    let mut a = enc();
    t.eq("set_lengths (0, 0)", a.set_lengths(0, 0), Ok(()));
    t.eq("update_ad, empty", a.update_ad(b""), Ok(()));
    t.eq(
        "update_ad, 1 byte past (0, 0)",
        a.update_ad(b"a"),
        Err(InvalidArgument),
    );
    t.eq(
        "then finish",
        a.finish(&mut [0; 16], &mut [0; 16]).map(drop),
        Err(BadState),
    );
    let mut a = enc();
    t.eq("set_lengths (0, 0)", a.set_lengths(0, 0), Ok(()));
    t.eq(
        "finish with nothing input",
        a.finish(&mut [0; 16], &mut [0; 16]),
        Ok((0, 16)),
    );
    let mut a = enc();
    t.eq("set_lengths (3, 0)", a.set_lengths(3, 0), Ok(()));
    t.eq("update_ad, 2 of 3 bytes", a.update_ad(b"ad"), Ok(()));
    t.eq(
        "finish, additional data 1 byte short",
        a.finish(&mut [0; 16], &mut [0; 16]).map(drop),
        Err(InvalidArgument),
    );
    let mut a = enc();
    t.eq("set_lengths (0, 4)", a.set_lengths(0, 4), Ok(()));
    t.out("update, 3 of 4 bytes", 16, Ok(0), |o| a.update(b"abc", o));
    t.eq(
        "finish, plaintext 1 byte short",
        a.finish(&mut [0; 16], &mut [0; 16]).map(drop),
        Err(InvalidArgument),
    );
    let mut a = enc();
    t.eq("set_lengths (0, 2)", a.set_lengths(0, 2), Ok(()));
    t.out("update, 3 bytes of 2", 16, Err(InvalidArgument), |o| {
        a.update(b"abc", o)
    });
    let mut a = enc();
    t.eq("set_lengths (1, 0)", a.set_lengths(1, 0), Ok(()));
    t.out(
        "update before the declared additional data",
        16,
        Err(InvalidArgument),
        |o| a.update(b"", o),
    );
    let mut a = enc();
    t.eq("set_lengths (0, 0)", a.set_lengths(0, 0), Ok(()));
    t.eq("set_lengths again", a.set_lengths(0, 0), Err(BadState));
    let mut a = p.aead_operation();
    a.encrypt_setup(gcm, Algorithm::GCM).unwrap();
    t.eq(
        "generate_nonce, usize::MAX bytes",
        a.generate_nonce(&mut [0; 16], usize::MAX).map(drop),
        Err(InvalidArgument),
    );
    let mut a = p.aead_operation();
    a.encrypt_setup(gcm, Algorithm::GCM).unwrap();
    t.out(
        "generate_nonce into an empty buffer",
        0,
        Err(BufferTooSmall),
        |o| a.generate_nonce(o, 12),
    );
    let mut a = p.aead_operation();
    a.encrypt_setup(gcm, Algorithm::GCM).unwrap();
    t.out("generate_nonce, 12 bytes", 16, Ok(12), |o| {
        a.generate_nonce(o, 12)
    });
    // Cipher IVs.
    for n in [0usize, 1, 15, 17, 64] {
        let mut c = p.cipher_operation();
        c.decrypt_setup(ctr, Algorithm::CTR).unwrap();
        t.eq(
            &format!("cipher set_iv, {n} bytes"),
            c.set_iv(&vec![0; n]),
            Err(InvalidArgument),
        );
        t.eq(
            "then update",
            c.update(b"x", &mut [0; 16]).map(drop),
            Err(BadState),
        );
    }
    let mut c = p.cipher_operation();
    c.encrypt_setup(ctr, Algorithm::CTR).unwrap();
    t.out(
        "cipher generate_iv into an empty buffer",
        0,
        Err(BufferTooSmall),
        |o| c.generate_iv(o),
    );
    let mut c = p.cipher_operation();
    c.encrypt_setup(ctr, Algorithm::CTR).unwrap();
    c.set_iv(&[0; 16]).unwrap();
    t.out("cipher update, empty input, empty buffer", 0, Ok(0), |o| {
        c.update(b"", o)
    });
    t.out(
        "cipher update, 1 byte, empty buffer",
        0,
        Err(BufferTooSmall),
        |o| c.update(b"x", o),
    );
    // HKDF-SHA-256: 255 × 32 bytes, read one byte at a time, then nothing more.
    let mut kdf = p.key_derivation_operation();
    kdf.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
    kdf.input_bytes(DerivationStep::Secret, b"secret").unwrap();
    kdf.input_bytes(DerivationStep::Info, b"").unwrap();
    let mut all = Ok(());
    for _ in 0..255 * 32 {
        all = all.and(kdf.output_bytes(&mut [0; 1]));
    }
    t.eq("kdf: 8160 single-byte outputs", all, Ok(()));
    t.eq(
        "kdf: an empty output at the end",
        kdf.output_bytes(&mut []),
        Ok(()),
    );
    t.eq(
        "kdf: one byte more",
        kdf.output_bytes(&mut [0; 1]),
        Err(Error::InsufficientData),
    );
    t.done();
}

// ----- cloning hash operations -------------------------------------------------------------------

psa_tests::instrumented_transparent!(
    /// A driver that serves hashing (and clones) through its own contexts, counted.
    pub CloneDriver, "clone", CLONE_HOOKS
);

psa_core::register_drivers! {
    /// The counting driver, then the built-in.
    pub struct WithCloneDriver {
        transparent: [clone: CloneDriver],
        opaque: [],
        builtin: true,
    }
}

/// psa_hash_clone: "PSA_ERROR_BAD_STATE: the source operation state is not valid (it must be
/// active)". A finished, failed, aborted, never-set-up or failed-setup operation cannot be
/// cloned; a clone of an active operation is independent of its source (either may finish,
/// abort or be dropped first, and each gives the digest of its own input).
fn hash_clone_rows<D: Dispatch>(t: &mut Table, p: &Psa<D>) {
    let sha = Algorithm::SHA_256;
    let digest_of = |op: &mut psa_core::HashOperation<'_, D, DefaultEntropy, 32>| {
        let mut d = [0u8; 32];
        op.finish(&mut d).map(|_| d.to_vec())
    };
    t.eq(
        "clone, never set up",
        p.hash_operation().clone_operation().map(drop).err(),
        Some(BadState),
    );
    let mut op = p.hash_operation();
    t.eq(
        "setup with a wildcard",
        op.setup(Algorithm::ANY_HASH),
        Err(InvalidArgument),
    );
    t.eq(
        "clone after a failed setup",
        op.clone_operation().map(drop).err(),
        Some(BadState),
    );
    let mut op = p.hash_setup(sha).unwrap();
    op.update(b"ab").unwrap();
    let c = op.clone_operation();
    t.eq(
        "clone an active operation",
        c.as_ref().map(drop).err(),
        None,
    );
    let mut c = c.unwrap();
    t.eq("source finishes", digest_of(&mut op), Ok(sha256(b"ab")));
    t.eq(
        "clone after finish",
        op.clone_operation().map(drop).err(),
        Some(BadState),
    );
    t.eq("the clone lives on", c.update(b"c"), Ok(()));
    let mut cc = c.clone_operation().unwrap();
    t.eq(
        "the clone finishes with its own input",
        digest_of(&mut c),
        Ok(sha256(b"abc")),
    );
    t.eq("a clone of the clone too", cc.update(b"d"), Ok(()));
    t.eq("the clone's clone", digest_of(&mut cc), Ok(sha256(b"abcd")));
    // Divergent updates.
    let mut op = p.hash_setup(sha).unwrap();
    op.update(b"common ").unwrap();
    let mut c = op.clone_operation().unwrap();
    op.update(b"left").unwrap();
    c.update(b"right").unwrap();
    t.eq(
        "clone: right branch",
        digest_of(&mut c),
        Ok(sha256(b"common right")),
    );
    t.eq(
        "source: left branch",
        digest_of(&mut op),
        Ok(sha256(b"common left")),
    );
    // Abort and drop in either order.
    let mut op = p.hash_setup(sha).unwrap();
    op.update(b"x").unwrap();
    let mut c = op.clone_operation().unwrap();
    t.eq("abort the source", op.abort(), Ok(()));
    t.eq(
        "clone after abort",
        op.clone_operation().map(drop).err(),
        Some(BadState),
    );
    t.eq(
        "the clone survives its source's abort",
        digest_of(&mut c),
        Ok(sha256(b"x")),
    );
    let mut op = p.hash_setup(sha).unwrap();
    op.update(b"y").unwrap();
    drop(op.clone_operation().unwrap());
    t.eq(
        "the source survives its clone's drop",
        digest_of(&mut op),
        Ok(sha256(b"y")),
    );
    let c = {
        let mut op = p.hash_setup(sha).unwrap();
        op.update(b"z").unwrap();
        op.clone_operation().unwrap()
    };
    let mut c = c;
    t.eq(
        "the clone survives its source's drop",
        digest_of(&mut c),
        Ok(sha256(b"z")),
    );
    // After errors.
    let mut op = p.hash_setup(sha).unwrap();
    t.eq(
        "finish one byte short",
        op.finish(&mut [0; 31]).map(drop),
        Err(BufferTooSmall),
    );
    t.eq(
        "clone after an error",
        op.clone_operation().map(drop).err(),
        Some(BadState),
    );
    t.eq("abort", op.abort(), Ok(()));
    t.eq(
        "clone after the abort",
        op.clone_operation().map(drop).err(),
        Some(BadState),
    );
    t.eq("setup again", op.setup(sha), Ok(()));
    t.eq("clone again", op.clone_operation().map(drop).err(), None);
    let mut op = p.hash_setup(sha).unwrap();
    let mut c = op.clone_operation().unwrap();
    t.eq(
        "verify mismatch on the source",
        op.verify(&[0; 32]),
        Err(InvalidSignature),
    );
    t.eq(
        "clone after a failed verify",
        op.clone_operation().map(drop).err(),
        Some(BadState),
    );
    t.eq("the clone verifies", c.verify(&sha256(b"")), Ok(()));
    t.eq(
        "clone after a verify",
        c.clone_operation().map(drop).err(),
        Some(BadState),
    );
    let mut op = p.hash_setup(sha).unwrap();
    let c = op.clone_operation().unwrap();
    t.eq("setup on an active source", op.setup(sha), Err(BadState));
    t.eq(
        "clone of the failed source",
        op.clone_operation().map(drop).err(),
        Some(BadState),
    );
    let mut c = c;
    t.eq(
        "its earlier clone still finishes",
        digest_of(&mut c),
        Ok(sha256(b"")),
    );
    // A large input, split across a clone.
    let big = vec![0xa5u8; 1 << 20];
    let mut op = p.hash_setup(Algorithm::SHA_512).unwrap();
    op.update(&big[..1 << 19]).unwrap();
    let mut c = op.clone_operation().unwrap();
    c.update(&big[1 << 19..]).unwrap();
    let mut d = [0u8; 64];
    t.eq("SHA-512 of 1 MiB across a clone", c.finish(&mut d), Ok(64));
    t.eq(
        "its digest",
        d.to_vec(),
        sha2::Sha512::digest(&big).to_vec(),
    );
}

#[test]
fn hash_clone_table() {
    let mut t = Table::new("hash clone", "built-in");
    hash_clone_rows(&mut t, &paths::builtin_only());
    t.done();
    let mut t = Table::new("hash clone", "p256 driver + built-in");
    hash_clone_rows(&mut t, &paths::p256_with_builtin());
    t.done();
    // Through a driver's own contexts: each clone is a context the driver made, and every
    // context is released exactly once, whatever ended it.
    CLONE_HOOKS.reset();
    {
        let p: Psa<WithCloneDriver> = Psa::new(WithCloneDriver::new(CloneDriver));
        let mut t = Table::new("hash clone", "instrumented driver");
        hash_clone_rows(&mut t, &p);
        t.eq(
            "the driver made the clones",
            CLONE_HOOKS.hits(psa_core::EntryPoint::HashClone) >= 10,
            true,
        );
        t.eq("every context released", CLONE_HOOKS.live_contexts(), 0);
        t.done();
    }
}

// ----- rows the core once got wrong ----------------------------------------------------------------

/// A built-in id the application declared at a location no driver owns, or in local storage
/// (which has no built-in keys), names no key: PSA_ERROR_INVALID_HANDLE ("key is not a valid
/// key identifier"), as for a declared id whose driver lacks the slot. (Mbed TLS's
/// `psa_driver_wrapper_get_builtin_key` answers DOES_NOT_EXIST for every location without a
/// driver, and the core turns that into INVALID_HANDLE.)
#[test]
fn builtin_ids_without_a_driver_are_invalid_handles() {
    let p = opaque_psa();
    let mut t = Table::new(
        "built-in ids that no driver serves",
        "secure element + instrumented opaque driver",
    );
    every_key_function(
        &mut t,
        &p,
        "declared at an unknown location",
        NO_DRIVER_ID,
        InvalidHandle,
    );
    every_key_function(
        &mut t,
        &p,
        "declared in local storage",
        LOCAL_BUILTIN_ID,
        InvalidHandle,
    );
    t.done();
}

/// psa_destroy_key on a declared built-in id that resolves to no key: there is no key, so
/// PSA_ERROR_INVALID_HANDLE, not NOT_PERMITTED (which is for a key that exists and is
/// read-only).
#[test]
fn destroying_a_builtin_id_that_names_no_key_is_invalid_handle() {
    let p = opaque_psa();
    let mut t = Table::new(
        "destroy_key on built-in ids that name no key",
        "secure element + instrumented opaque driver",
    );
    for (what, id) in [
        ("declared, no such slot", MISSING_SLOT_ID),
        ("declared at an unknown location", NO_DRIVER_ID),
        ("declared in local storage", LOCAL_BUILTIN_ID),
    ] {
        t.eq(
            &format!("{what}: destroy_key"),
            p.destroy_key(id),
            Err(InvalidHandle),
        );
    }
    t.done();
}

/// psa_aead_set_lengths: "PSA_ERROR_INVALID_ARGUMENT: at least one of the lengths is not
/// acceptable for the chosen algorithm". GCM takes at most 2^36 - 32 bytes of plaintext and
/// fewer than 2^61 bytes of additional data (NIST SP 800-38D: len(P) <= 2^39 - 256 bits,
/// len(A) <= 2^64 - 1 bits); ChaCha20-Poly1305 at most 2^38 - 64 bytes of plaintext (RFC 8439
/// section 2.8: a 32-bit block counter). Mbed TLS's `psa_aead_set_lengths` checks the GCM
/// limits in the core (the same bounds as here) and leaves ChaCha20-Poly1305 unchecked; the
/// ChaCha20-Poly1305 row rests on the RFC's limit alone.
#[test]
fn aead_set_lengths_beyond_the_algorithm_is_invalid_argument() {
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let p: Psa<WithLengthsDriver> = Psa::new(WithLengthsDriver::new(LengthsDriver));
    let mut t = Table::new(
        "aead set_lengths beyond the algorithm's limits",
        "instrumented driver",
    );
    let gcm = p
        .import_key(&attrs(KeyType::AES, crypt, Algorithm::GCM), &[9; 16])
        .unwrap();
    let chacha = p
        .import_key(
            &attrs(KeyType::CHACHA20, crypt, Algorithm::CHACHA20_POLY1305),
            &[9; 32],
        )
        .unwrap();
    let gcm_max_pt = (1usize << 36) - 32;
    for (what, id, alg, ad, pt, expected) in [
        (
            "GCM, (0, 2^36 - 32)",
            gcm,
            Algorithm::GCM,
            0,
            gcm_max_pt,
            Ok(()),
        ),
        (
            "GCM, (0, 2^36 - 31)",
            gcm,
            Algorithm::GCM,
            0,
            gcm_max_pt + 1,
            Err(InvalidArgument),
        ),
        (
            "GCM, (0, usize::MAX)",
            gcm,
            Algorithm::GCM,
            0,
            usize::MAX,
            Err(InvalidArgument),
        ),
        (
            "GCM, (2^61, 0)",
            gcm,
            Algorithm::GCM,
            1usize << 61,
            0,
            Err(InvalidArgument),
        ),
        (
            "GCM, (usize::MAX, 0)",
            gcm,
            Algorithm::GCM,
            usize::MAX,
            0,
            Err(InvalidArgument),
        ),
        (
            "GCM, (usize::MAX, usize::MAX)",
            gcm,
            Algorithm::GCM,
            usize::MAX,
            usize::MAX,
            Err(InvalidArgument),
        ),
        (
            "ChaCha20-Poly1305, (0, 2^38 - 64)",
            chacha,
            Algorithm::CHACHA20_POLY1305,
            0,
            (1usize << 38) - 64,
            Ok(()),
        ),
        (
            "ChaCha20-Poly1305, (0, usize::MAX)",
            chacha,
            Algorithm::CHACHA20_POLY1305,
            0,
            usize::MAX,
            Err(InvalidArgument),
        ),
    ] {
        for encrypt in [true, false] {
            let mut op = p.aead_operation();
            if encrypt {
                op.encrypt_setup(id, alg).unwrap();
            } else {
                op.decrypt_setup(id, alg).unwrap();
            }
            let dir = if encrypt { "encrypt" } else { "decrypt" };
            t.eq(&format!("{dir}: {what}"), op.set_lengths(ad, pt), expected);
        }
    }
    t.done();
}

/// psa_aead_set_nonce: "PSA_ERROR_INVALID_ARGUMENT: the size of nonce is not acceptable for
/// the chosen algorithm" (GCM: at least 1 byte; ChaCha20-Poly1305: 12 bytes). The single-part
/// functions already refuse these nonces before any driver runs; the multi-part front-end
/// passes them to the driver, and this driver (which checks at finish) accepts them. Mbed
/// TLS's core checks the length in `psa_aead_set_nonce` itself.
#[test]
fn aead_nonces_the_algorithm_cannot_take_are_invalid_argument() {
    let crypt = UsageFlags::ENCRYPT | UsageFlags::DECRYPT;
    let p: Psa<WithLengthsDriver> = Psa::new(WithLengthsDriver::new(LengthsDriver));
    let mut t = Table::new(
        "aead set_nonce of a length the algorithm cannot take",
        "instrumented driver",
    );
    let gcm = p
        .import_key(&attrs(KeyType::AES, crypt, Algorithm::GCM), &[9; 16])
        .unwrap();
    let chacha = p
        .import_key(
            &attrs(KeyType::CHACHA20, crypt, Algorithm::CHACHA20_POLY1305),
            &[9; 32],
        )
        .unwrap();
    for (what, id, alg, n) in [
        ("GCM, 0 bytes", gcm, Algorithm::GCM, 0usize),
        (
            "ChaCha20-Poly1305, 0 bytes",
            chacha,
            Algorithm::CHACHA20_POLY1305,
            0,
        ),
        (
            "ChaCha20-Poly1305, 11 bytes",
            chacha,
            Algorithm::CHACHA20_POLY1305,
            11,
        ),
        (
            "ChaCha20-Poly1305, 13 bytes",
            chacha,
            Algorithm::CHACHA20_POLY1305,
            13,
        ),
    ] {
        let mut op = p.aead_operation();
        op.encrypt_setup(id, alg).unwrap();
        t.eq(
            &format!("set_nonce, {what}"),
            op.set_nonce(&vec![3; n]),
            Err(InvalidArgument),
        );
        let mut op = p.aead_operation();
        op.decrypt_setup(id, alg).unwrap();
        t.eq(
            &format!("set_nonce, decryption, {what}"),
            op.set_nonce(&vec![3; n]),
            Err(InvalidArgument),
        );
        let mut op = p.aead_operation();
        op.encrypt_setup(id, alg).unwrap();
        t.eq(
            &format!("generate_nonce, {what}"),
            op.generate_nonce(&mut [0; 16], n).map(drop),
            Err(InvalidArgument),
        );
    }
    t.done();
}

/// The secure element (psa-drivers, not the core) takes the size of a key whose attributes
/// give no size from the data: 48 bytes are a P-384 scalar, a size the element does not
/// support (NOT_SUPPORTED, as it answers for the same key declared 384 bits), not malformed
/// data.
#[test]
fn secure_element_p384_scalar_without_a_declared_size_is_not_supported() {
    let p = opaque_psa();
    let mut t = Table::new(
        "secure element: a P-384 scalar, size from the data",
        "secure element",
    );
    t.eq(
        "import P-384 scalar, bits 0",
        created(
            &p,
            p.import_key(
                &at(Where::Element, P256_PAIR, all_usage(), ECDSA_256),
                &hex(P384_KEY),
            ),
        ),
        Err(NotSupported),
    );
    t.done();
}
