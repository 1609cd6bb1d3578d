//! Key formats: PKCS#8, SEC1 and SPKI in DER or PEM, and ECDSA signatures in DER.
//!
//! PSA imports and exports keys in one raw format per type (for ECC: the private scalar,
//! or the uncompressed point `0x04‖X‖Y`). These functions translate the encodings other
//! tools write (`openssl genpkey`, `openssl ecparam -genkey`, `openssl pkey -pubout`, X.509
//! certificates) into that format and back, through RustCrypto's `der`, `pkcs8`, `sec1` and
//! `spki` crates. The key type and size come from the encoding (the curve OID) and are
//! checked against the attributes: a type or size the attributes give must agree
//! (`INVALID_ARGUMENT` otherwise), one they leave open (`KeyType::NONE`, 0 bits) is filled in.
//! Copies of private material made on the way are wiped.
//!
//! Curves: NIST P-256 and P-384 (`SECP_R1`), the curves psa-core serves.

use der::asn1::{BitStringRef, ObjectIdentifier};
use der::{Decode, Encode};
use pkcs8::PrivateKeyInfoRef;
use psa_core::{Dispatch, EccFamily, EntropySource, Error, KeyAttributes, KeyId, KeyType, Psa};
use sec1::{EcParameters, EcPrivateKey};
use spki::{AlgorithmIdentifier, SubjectPublicKeyInfo, SubjectPublicKeyInfoRef};
use zeroize::Zeroize;

/// `id-ecPublicKey` (RFC 5480).
pub const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `secp256r1` (NIST P-256).
pub const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// `secp384r1` (NIST P-384).
pub const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");

/// Largest DER this module decodes from PEM (a P-384 PKCS#8 key is 185 bytes).
const PEM_BUFFER: usize = 1024;

fn malformed<T>(_: T) -> Error {
    Error::InvalidArgument
}

/// The key size of a named curve.
fn curve_bits(oid: ObjectIdentifier) -> Result<usize, Error> {
    match oid {
        SECP256R1 => Ok(256),
        SECP384R1 => Ok(384),
        // A well-formed key on a curve PSA (here) does not serve.
        _ => Err(Error::NotSupported),
    }
}

/// The named curve of a key size.
fn curve_oid(bits: usize) -> Result<ObjectIdentifier, Error> {
    match bits {
        256 => Ok(SECP256R1),
        384 => Ok(SECP384R1),
        _ => Err(Error::NotSupported),
    }
}

/// The attributes to import with: `key_type` and `bits` from the encoding, which the
/// caller's attributes must agree with where they are set.
fn resolve(
    attributes: &KeyAttributes,
    key_type: KeyType,
    bits: usize,
) -> Result<KeyAttributes, Error> {
    let given = attributes.key_type();
    if given != KeyType::NONE && given != key_type {
        return Err(Error::InvalidArgument);
    }
    if attributes.bits() != 0 && attributes.bits() != bits {
        return Err(Error::InvalidArgument);
    }
    Ok(attributes.with_type(key_type).with_bits(bits))
}

/// Import a SEC1 `ECPrivateKey` whose curve is `outer` (from a PKCS#8 wrapper) and/or its
/// own parameters; at least one must name the curve, and they must agree.
fn import_ec_private<D: Dispatch, E: EntropySource, const N: usize>(
    psa: &Psa<D, E, N>,
    attributes: &KeyAttributes,
    key: &EcPrivateKey<'_>,
    outer: Option<ObjectIdentifier>,
) -> Result<KeyId, Error> {
    let inner = key.parameters.map(|p| match p {
        EcParameters::NamedCurve(oid) => oid,
    });
    let oid = match (outer, inner) {
        (Some(a), Some(b)) if a != b => return Err(Error::InvalidArgument),
        (Some(a), _) | (None, Some(a)) => a,
        (None, None) => curve_oid(attributes.bits()).map_err(|_| Error::InvalidArgument)?,
    };
    let bits = curve_bits(oid)?;
    let len = bits / 8;
    // RFC 5915 fixes the length; some encoders drop leading zeros: pad them back.
    if key.private_key.is_empty() || key.private_key.len() > len {
        return Err(Error::InvalidArgument);
    }
    let attributes = resolve(attributes, KeyType::ecc_key_pair(EccFamily::SECP_R1), bits)?;
    let mut scalar = [0u8; 48];
    scalar[len - key.private_key.len()..len].copy_from_slice(key.private_key);
    let r = psa.import_key(&attributes, &scalar[..len]);
    scalar.zeroize();
    r
}

/// Import a PKCS#8 `PrivateKeyInfo` (RFC 5208/5958) holding an EC key (`openssl genpkey`'s
/// format).
///
/// # Errors
/// `INVALID_ARGUMENT` for malformed DER, a non-EC key or attributes that disagree with the
/// encoding; `NOT_SUPPORTED` for a curve other than P-256/P-384; as `psa_import_key`.
pub fn import_pkcs8_der<D: Dispatch, E: EntropySource, const N: usize>(
    psa: &Psa<D, E, N>,
    attributes: &KeyAttributes,
    der: &[u8],
) -> Result<KeyId, Error> {
    let info = PrivateKeyInfoRef::from_der(der).map_err(malformed)?;
    if info.algorithm.oid != ID_EC_PUBLIC_KEY {
        return Err(Error::NotSupported);
    }
    let oid: ObjectIdentifier = info
        .algorithm
        .parameters
        .ok_or(Error::InvalidArgument)?
        .decode_as()
        .map_err(malformed)?;
    // A curve PSA does not serve is `NOT_SUPPORTED` whatever the key inside looks like.
    curve_bits(oid)?;
    let key = EcPrivateKey::from_der(info.private_key.as_bytes()).map_err(malformed)?;
    import_ec_private(psa, attributes, &key, Some(oid))
}

/// Import a SEC1 `ECPrivateKey` (RFC 5915; `openssl ecparam -genkey`'s format). Without
/// curve parameters in the encoding, the attributes' size names the curve.
///
/// # Errors
/// As [`import_pkcs8_der`].
pub fn import_sec1_der<D: Dispatch, E: EntropySource, const N: usize>(
    psa: &Psa<D, E, N>,
    attributes: &KeyAttributes,
    der: &[u8],
) -> Result<KeyId, Error> {
    let key = EcPrivateKey::from_der(der).map_err(malformed)?;
    import_ec_private(psa, attributes, &key, None)
}

/// The PSA public-key type, size and point of an EC `SubjectPublicKeyInfo` (RFC 5480).
///
/// # Errors
/// `INVALID_ARGUMENT` for malformed DER or a compressed point; `NOT_SUPPORTED` for other
/// algorithms and curves.
pub fn parse_spki_der(der: &[u8]) -> Result<(KeyType, usize, &[u8]), Error> {
    let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(malformed)?;
    if spki.algorithm.oid != ID_EC_PUBLIC_KEY {
        return Err(Error::NotSupported);
    }
    let oid: ObjectIdentifier = spki
        .algorithm
        .parameters
        .ok_or(Error::InvalidArgument)?
        .decode_as()
        .map_err(malformed)?;
    let bits = curve_bits(oid)?;
    let point = spki
        .subject_public_key
        .as_bytes()
        .ok_or(Error::InvalidArgument)?;
    if point.len() != 1 + 2 * bits / 8 || point[0] != 0x04 {
        return Err(Error::InvalidArgument);
    }
    Ok((KeyType::ecc_public_key(EccFamily::SECP_R1), bits, point))
}

/// Import an EC `SubjectPublicKeyInfo` (`openssl pkey -pubout`'s format) as a public key.
///
/// # Errors
/// As [`parse_spki_der`]; `INVALID_ARGUMENT` for attributes that disagree; as
/// `psa_import_key`.
pub fn import_spki_der<D: Dispatch, E: EntropySource, const N: usize>(
    psa: &Psa<D, E, N>,
    attributes: &KeyAttributes,
    der: &[u8],
) -> Result<KeyId, Error> {
    let (key_type, bits, point) = parse_spki_der(der)?;
    psa.import_key(&resolve(attributes, key_type, bits)?, point)
}

/// The body of the first PEM block labelled `label` in `text`.
fn pem_block<'t>(text: &'t str, label: &str) -> Option<&'t str> {
    let mut begin = [0u8; 64];
    let mut end = [0u8; 64];
    let b = framed(&mut begin, "-----BEGIN ", label)?;
    let e = framed(&mut end, "-----END ", label)?;
    let start = text.find(b)?;
    let stop = start + text[start..].find(e)? + e.len();
    text.get(start..stop)
}

fn framed<'b>(buf: &'b mut [u8; 64], head: &str, label: &str) -> Option<&'b str> {
    let parts = [head.as_bytes(), label.as_bytes(), b"-----"];
    let mut n = 0;
    for p in parts {
        buf.get_mut(n..n + p.len())?.copy_from_slice(p);
        n += p.len();
    }
    core::str::from_utf8(&buf[..n]).ok()
}

/// Import the key in a PEM text: the first `PRIVATE KEY` (PKCS#8), `EC PRIVATE KEY` (SEC1)
/// or `PUBLIC KEY` (SPKI) block, in that order of preference; other blocks (such as the
/// `EC PARAMETERS` that `openssl ecparam -genkey` writes first) are ignored.
///
/// # Errors
/// `INVALID_ARGUMENT` for text with none of those blocks or a malformed one; otherwise as
/// the DER function for the block's format.
pub fn import_pem<D: Dispatch, E: EntropySource, const N: usize>(
    psa: &Psa<D, E, N>,
    attributes: &KeyAttributes,
    pem: &str,
) -> Result<KeyId, Error> {
    type Import<D, E, const N: usize> =
        fn(&Psa<D, E, N>, &KeyAttributes, &[u8]) -> Result<KeyId, Error>;
    let formats: [(&str, Import<D, E, N>); 3] = [
        ("PRIVATE KEY", import_pkcs8_der::<D, E, N>),
        ("EC PRIVATE KEY", import_sec1_der::<D, E, N>),
        ("PUBLIC KEY", import_spki_der::<D, E, N>),
    ];
    for (label, import) in formats {
        if let Some(block) = pem_block(pem, label) {
            let mut buf = [0u8; PEM_BUFFER];
            let r = match pem_rfc7468::decode(block.as_bytes(), &mut buf) {
                Ok((found, der)) if found == label => import(psa, attributes, der),
                _ => Err(Error::InvalidArgument),
            };
            buf.zeroize();
            return r;
        }
    }
    Err(Error::InvalidArgument)
}

/// Export the public key of `id` (an EC key pair or public key, local or opaque) as an
/// RFC 5480 `SubjectPublicKeyInfo` in DER; returns the length written to `out` (91 bytes for
/// P-256, 120 for P-384).
///
/// # Errors
/// `NOT_SUPPORTED` for keys other than P-256/P-384; `BUFFER_TOO_SMALL`; as
/// `psa_export_public_key`.
pub fn export_spki_der<D: Dispatch, E: EntropySource, const N: usize>(
    psa: &Psa<D, E, N>,
    id: KeyId,
    out: &mut [u8],
) -> Result<usize, Error> {
    let attributes = psa.get_key_attributes(id)?;
    if attributes.key_type().ecc_family() != Some(EccFamily::SECP_R1) {
        return Err(Error::NotSupported);
    }
    let oid = curve_oid(attributes.bits())?;
    let mut point = [0u8; 97];
    let n = psa.export_public_key(id, &mut point)?;
    let spki = SubjectPublicKeyInfo {
        algorithm: AlgorithmIdentifier {
            oid: ID_EC_PUBLIC_KEY,
            parameters: Some(oid),
        },
        subject_public_key: BitStringRef::from_bytes(&point[..n]).map_err(malformed)?,
    };
    let len = spki.encoded_len().map_err(malformed)?;
    let len = usize::try_from(u32::from(len)).map_err(malformed)?;
    let dst = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    spki.encode_to_slice(dst)
        .map_err(|_| Error::BufferTooSmall)?;
    Ok(len)
}

/// Export the public key of `id` as a `PUBLIC KEY` PEM block (LF line endings), which
/// `openssl pkey -pubin` reads; returns the text's length in `out` (ASCII).
///
/// # Errors
/// As [`export_spki_der`].
pub fn export_spki_pem<D: Dispatch, E: EntropySource, const N: usize>(
    psa: &Psa<D, E, N>,
    id: KeyId,
    out: &mut [u8],
) -> Result<usize, Error> {
    let mut der = [0u8; 160];
    let n = export_spki_der(psa, id, &mut der)?;
    pem_rfc7468::encode("PUBLIC KEY", pem_rfc7468::LineEnding::LF, &der[..n], out)
        .map(str::len)
        .map_err(|_| Error::BufferTooSmall)
}

/// Convert an ECDSA signature from PSA's `r‖s` (64 bytes for P-256, 96 for P-384) to the DER
/// `ECDSA-Sig-Value` of X.509 and TLS; returns the length written.
///
/// # Errors
/// `INVALID_ARGUMENT` for another length or a zero `r` or `s`; `BUFFER_TOO_SMALL`.
pub fn ecdsa_signature_to_der(rs: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    fn write(der: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let dst = out.get_mut(..der.len()).ok_or(Error::BufferTooSmall)?;
        dst.copy_from_slice(der);
        Ok(der.len())
    }
    match rs.len() {
        64 => write(
            ecdsa::Signature::<p256::NistP256>::from_slice(rs)
                .map_err(malformed)?
                .to_der()
                .as_bytes(),
            out,
        ),
        96 => write(
            ecdsa::Signature::<p384::NistP384>::from_slice(rs)
                .map_err(malformed)?
                .to_der()
                .as_bytes(),
            out,
        ),
        _ => Err(Error::InvalidArgument),
    }
}

/// Convert a DER `ECDSA-Sig-Value` to PSA's `r‖s` for a key of `bits` (256 or 384); returns
/// the length written (64 or 96).
///
/// # Errors
/// `INVALID_SIGNATURE` for malformed DER or values out of range (a signature that cannot
/// verify); `NOT_SUPPORTED` for other sizes; `BUFFER_TOO_SMALL`.
pub fn ecdsa_signature_from_der(der: &[u8], bits: usize, out: &mut [u8]) -> Result<usize, Error> {
    fn write(rs: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let dst = out.get_mut(..rs.len()).ok_or(Error::BufferTooSmall)?;
        dst.copy_from_slice(rs);
        Ok(rs.len())
    }
    let bad = |_| Error::InvalidSignature;
    match bits {
        256 => write(
            &ecdsa::Signature::<p256::NistP256>::from_der(der)
                .map_err(bad)?
                .to_bytes(),
            out,
        ),
        384 => write(
            &ecdsa::Signature::<p384::NistP384>::from_der(der)
                .map_err(bad)?
                .to_bytes(),
            out,
        ),
        _ => Err(Error::NotSupported),
    }
}
