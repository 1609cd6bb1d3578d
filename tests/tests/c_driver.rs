//! C drivers (tests/c/test_drivers.c, described by tests/drivers/*.json) registered with
//! `c_driver!` beside the built-in, through the front-end with receipts: they serve what
//! their JSON declares, their `NOT_SUPPORTED` falls through to the built-in, their results
//! equal the built-in's and the published vectors, and a length larger than the buffer is
//! refused by the core.

use psa_c_driver::c_driver;
use psa_core::receipt::{Candidate, Outcome};
use psa_core::{
    Algorithm, Dispatch, Error, KeyAttributes, KeyType, Lifetime, Location, Persistence, Psa,
    UsageFlags, builtin, entry, register_drivers,
};
// The C drivers are linked into the psa-tests library by its build script.
use psa_tests as _;

c_driver! {
    /// SHA-256 and HMAC-SHA-256 in C (declines SHA-384, which its JSON also declares).
    pub struct Acme = "drivers/acme.json";
}
c_driver! {
    /// A C driver that claims a hash one byte longer than its buffer.
    pub struct Liar = "drivers/liar.json";
}
c_driver! {
    /// An opaque C driver at location 0x800005 keeping HMAC keys in its own table.
    pub struct Vault = "drivers/vault.json";
}

register_drivers! {
    /// C drivers first, then the built-in.
    pub struct WithC {
        transparent: [acme: Acme, liar: Liar],
        opaque: [vault: Vault],
        builtin: true,
    }
}

const ACME: Candidate = Candidate::Driver(0);
const LIAR: Candidate = Candidate::Driver(1);
const VAULT: Candidate = Candidate::Driver(2);
const VAULT_LOCATION: Location = Location(0x80_0005);

#[allow(unsafe_code)]
mod vault_table {
    unsafe extern "C" {
        fn vault_keys_held() -> i32;
    }

    /// How many keys the C vault holds.
    pub(super) fn keys_in_vault() -> i32 {
        // SAFETY: a C function without arguments that reads the vault's table (the tests
        // that touch the vault run under `VAULT_LOCK`).
        unsafe { vault_keys_held() }
    }
}
use vault_table::keys_in_vault;
static VAULT_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn psa() -> Psa<WithC> {
    Psa::new(WithC::new(Acme, Liar, Vault))
}

fn last(psa: &Psa<WithC>) -> psa_core::receipt::Receipt {
    psa.dispatcher().recorder().last().expect("a receipt")
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn c_driver_names_and_registration() {
    assert_eq!(WithC::INFO.driver_name(0), "acme");
    assert_eq!(WithC::INFO.driver_name(1), "liar");
    assert_eq!(WithC::INFO.driver_name(2), "vault");
    let tree = WithC::INFO.tree().to_string();
    assert!(tree.contains("acme") && tree.contains("vault"), "{tree}");
}

#[test]
fn c_driver_hash_compute_serves_sha256_fips_180_2() {
    let psa = psa();
    // FIPS 180-2 appendix B.1, B.2 and the empty message.
    for (msg, digest) in [
        (
            &b"abc"[..],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            &b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"[..],
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ),
        (
            &b""[..],
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
    ] {
        let mut out = [0u8; 32];
        let n = psa.hash_compute(Algorithm::SHA_256, msg, &mut out).unwrap();
        assert_eq!(hex::encode(&out[..n]), digest);
        assert_eq!(last(&psa).served_by(), Some(ACME), "served by the C driver");
        let mut builtin_out = [0u8; 32];
        builtin::hash_compute(&mut entry::hash_compute::Args {
            alg: Algorithm::SHA_256,
            input: msg,
            hash: &mut builtin_out,
        })
        .unwrap();
        assert_eq!(out, builtin_out, "equals the built-in");
    }
    // One million 'a' (FIPS 180-2 B.3).
    let million = vec![b'a'; 1_000_000];
    let mut out = [0u8; 32];
    psa.hash_compute(Algorithm::SHA_256, &million, &mut out)
        .unwrap();
    assert_eq!(
        hex::encode(out),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
    // A buffer too small is the driver's PSA_ERROR_BUFFER_TOO_SMALL.
    let mut short = [0u8; 31];
    assert_eq!(
        psa.hash_compute(Algorithm::SHA_256, b"abc", &mut short),
        Err(Error::BufferTooSmall)
    );
}

#[test]
fn c_driver_not_supported_falls_through_to_the_builtin() {
    let psa = psa();
    // SHA-384 is in acme.json, so the C driver is called, declines, and the built-in serves.
    let mut out = [0u8; 48];
    let n = psa
        .hash_compute(Algorithm::SHA_384, b"abc", &mut out)
        .unwrap();
    assert_eq!(
        hex::encode(&out[..n]),
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
    );
    let r = last(&psa);
    assert!(r.steps().contains(&(ACME, Outcome::Declined)), "{r:?}");
    assert_eq!(r.served_by(), Some(Candidate::Builtin));
    // SHA-224 is in no C driver's JSON: neither is called.
    let mut out = [0u8; 28];
    psa.hash_compute(Algorithm::SHA_224, b"abc", &mut out)
        .unwrap();
    let r = last(&psa);
    assert!(r.steps().contains(&(ACME, Outcome::GuardMismatch)), "{r:?}");
    assert!(r.steps().contains(&(LIAR, Outcome::GuardMismatch)), "{r:?}");
    assert_eq!(r.served_by(), Some(Candidate::Builtin));
}

#[test]
fn c_driver_returning_a_too_large_length_is_refused() {
    let psa = psa();
    let mut out = [0u8; 64];
    assert_eq!(
        psa.hash_compute(Algorithm::SHA_512, b"abc", &mut out),
        Err(Error::CorruptionDetected)
    );
    let r = last(&psa);
    assert_eq!(r.served_by(), Some(LIAR), "{r:?}");
}

/// RFC 4231 test cases 1 and 2 (HMAC-SHA-256).
const RFC4231: [(&str, &str, &str); 2] = [
    (
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "4869205468657265",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    ),
    (
        "4a656665",
        "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ),
];

fn hmac_attributes(lifetime: Lifetime) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::HMAC)
        .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE | UsageFlags::EXPORT)
        .with_algorithm(Algorithm::hmac(Algorithm::SHA_256))
        .with_lifetime(lifetime)
}

#[test]
fn c_driver_mac_compute_rfc_4231() {
    let psa = psa();
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    for (key, data, mac) in RFC4231 {
        let id = psa
            .import_key(&hmac_attributes(Lifetime::VOLATILE), &hex(key))
            .unwrap();
        let mut out = [0u8; 32];
        let n = psa.mac_compute(id, alg, &hex(data), &mut out).unwrap();
        assert_eq!(hex::encode(&out[..n]), mac);
        assert_eq!(last(&psa).served_by(), Some(ACME));
        let attributes = hmac_attributes(Lifetime::VOLATILE).with_bits(hex(key).len() * 8);
        let mut builtin_out = [0u8; 32];
        builtin::mac_compute(&mut entry::mac_compute::Args {
            attributes: &attributes,
            key_buffer: &hex(key),
            alg,
            input: &hex(data),
            mac: &mut builtin_out,
        })
        .unwrap();
        assert_eq!(out, builtin_out, "equals the built-in");
        psa.mac_verify(id, alg, &hex(data), &hex(mac)).unwrap();
        psa.destroy_key(id).unwrap();
    }
}

#[test]
fn c_driver_opaque_vault_keeps_keys_in_its_table() {
    let _lock = VAULT_LOCK.lock().unwrap();
    let psa = psa();
    let alg = Algorithm::hmac(Algorithm::SHA_256);
    let lifetime = Lifetime::new(Persistence::VOLATILE, VAULT_LOCATION);
    let before = keys_in_vault();
    let (key, data, mac) = RFC4231[1];
    let id = psa
        .import_key(&hmac_attributes(lifetime), &hex(key))
        .unwrap();
    assert_eq!(last(&psa).served_by(), Some(VAULT));
    assert_eq!(
        keys_in_vault(),
        before + 1,
        "the key is in the C driver's table"
    );

    let mut out = [0u8; 32];
    let n = psa.mac_compute(id, alg, &hex(data), &mut out).unwrap();
    assert_eq!(hex::encode(&out[..n]), mac, "RFC 4231 test case 2");
    assert_eq!(
        last(&psa).served_by(),
        Some(VAULT),
        "through `names`: vault_mac"
    );

    let mut exported = [0u8; 16];
    let n = psa.export_key(id, &mut exported).unwrap();
    assert_eq!(&exported[..n], &hex(key)[..]);
    assert_eq!(last(&psa).served_by(), Some(VAULT));

    psa.destroy_key(id).unwrap();
    assert_eq!(keys_in_vault(), before, "destroy_key emptied the slot");
    assert!(psa.mac_compute(id, alg, &hex(data), &mut out).is_err());
}
