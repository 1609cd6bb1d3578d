//! RSA sizes: export formats (DER), signatures, asymmetric encryption and decryption.

use super::bits_to_bytes;
use crate::{Algorithm, KeyType};

/// The largest RSA modulus the size maxima below allow for, in bits (what `builtin-rsa`
/// imports; a driver serving larger keys sizes its callers' buffers itself).
pub const RSA_MAX_KEY_BITS: usize = 4096;

/// `PSA_KEY_EXPORT_ASN1_INTEGER_MAX_SIZE(bits)`: a DER INTEGER of up to `bits` bits (tag,
/// up to 3 length bytes, a sign byte).
const fn asn1_integer_max_size(bits: usize) -> usize {
    bits / 8 + 5
}

/// `PSA_KEY_EXPORT_RSA_PUBLIC_KEY_MAX_SIZE(key_bits)`: the longest DER `RSAPublicKey` of a
/// `key_bits`-bit modulus (exponent up to 32 bits).
pub const fn rsa_public_key_export_max_size(key_bits: usize) -> usize {
    asn1_integer_max_size(key_bits) + 11
}

/// `PSA_KEY_EXPORT_RSA_KEY_PAIR_MAX_SIZE(key_bits)`: the longest DER two-prime
/// `RSAPrivateKey` of a `key_bits`-bit modulus.
pub const fn rsa_key_pair_export_max_size(key_bits: usize) -> usize {
    9 * asn1_integer_max_size(key_bits / 2 + 1) + 14
}

/// `PSA_EXPORT_KEY_OUTPUT_SIZE(key_type, key_bits)` as a buffer size for every type: the
/// exact size where the format fixes it ([`export_key_output_size`](super::export_key_output_size)),
/// the DER maximum for RSA keys; 0 for types the spec does not describe.
pub const fn export_key_buffer_size(key_type: KeyType, key_bits: usize) -> usize {
    match key_type {
        KeyType::RSA_KEY_PAIR => rsa_key_pair_export_max_size(key_bits),
        KeyType::RSA_PUBLIC_KEY => rsa_public_key_export_max_size(key_bits),
        _ => super::export_key_output_size(key_type, key_bits),
    }
}

/// `PSA_EXPORT_PUBLIC_KEY_OUTPUT_SIZE(key_type, key_bits)` as a buffer size for every type:
/// the exact size for ECC keys, the DER maximum for RSA keys (pair or public).
pub const fn export_public_key_buffer_size(key_type: KeyType, key_bits: usize) -> usize {
    if key_type.0 & 0xcfff == KeyType::RSA_PUBLIC_KEY.0 {
        rsa_public_key_export_max_size(key_bits)
    } else {
        super::export_public_key_output_size(key_type, key_bits)
    }
}

/// `PSA_EXPORT_KEY_PAIR_MAX_SIZE`: any key pair up to RSA-4096 or P-521.
pub const EXPORT_KEY_PAIR_MAX_SIZE: usize = rsa_key_pair_export_max_size(RSA_MAX_KEY_BITS);

/// `PSA_EXPORT_PUBLIC_KEY_MAX_SIZE`: any public key up to RSA-4096 or P-521.
pub const EXPORT_PUBLIC_KEY_MAX_SIZE: usize = rsa_public_key_export_max_size(RSA_MAX_KEY_BITS);

/// `PSA_ASYMMETRIC_ENCRYPT_OUTPUT_SIZE(key_type, key_bits, alg)`: an RSA ciphertext is one
/// modulus long; 0 for other keys and algorithms.
pub const fn asymmetric_encrypt_output_size(
    key_type: KeyType,
    key_bits: usize,
    alg: Algorithm,
) -> usize {
    if alg.is_asymmetric_encryption() && key_type.0 & 0xcfff == KeyType::RSA_PUBLIC_KEY.0 {
        bits_to_bytes(key_bits)
    } else {
        0
    }
}

/// `PSA_ASYMMETRIC_DECRYPT_OUTPUT_SIZE(key_type, key_bits, alg)`: a buffer that holds any
/// plaintext (as Mbed TLS: one modulus; the plaintext is shorter, see
/// [`rsa_decrypt_plaintext_max`]); 0 for other keys and algorithms.
pub const fn asymmetric_decrypt_output_size(
    key_type: KeyType,
    key_bits: usize,
    alg: Algorithm,
) -> usize {
    asymmetric_encrypt_output_size(key_type, key_bits, alg)
}

/// The longest plaintext RSA `alg` carries with a `key_bits`-bit modulus: `k - 11` for
/// PKCS#1 v1.5, `k - 2·hLen - 2` for OAEP (RFC 8017 7.1.1, 7.2.1); 0 if unknown.
pub const fn rsa_decrypt_plaintext_max(key_bits: usize, alg: Algorithm) -> usize {
    let k = bits_to_bytes(key_bits);
    if alg.0 == Algorithm::RSA_PKCS1V15_CRYPT.0 {
        k.saturating_sub(11)
    } else if alg.is_rsa_oaep() {
        k.saturating_sub(2 * alg.hash().hash_length() + 2)
    } else {
        0
    }
}

/// `PSA_ASYMMETRIC_ENCRYPT_OUTPUT_MAX_SIZE` (and `..._DECRYPT_...`): up to RSA-4096.
pub const ASYMMETRIC_ENCRYPT_OUTPUT_MAX_SIZE: usize = bits_to_bytes(RSA_MAX_KEY_BITS);

/// `PSA_ASYMMETRIC_DECRYPT_OUTPUT_MAX_SIZE`: up to RSA-4096.
pub const ASYMMETRIC_DECRYPT_OUTPUT_MAX_SIZE: usize = bits_to_bytes(RSA_MAX_KEY_BITS);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_sizes_follow_the_spec_macros() {
        // Mbed TLS's values for 2048 and 4096 bits.
        assert_eq!(rsa_public_key_export_max_size(2048), 272);
        assert_eq!(rsa_key_pair_export_max_size(2048), 1211);
        assert_eq!(rsa_key_pair_export_max_size(4096), 2363);
        assert_eq!(EXPORT_PUBLIC_KEY_MAX_SIZE, 528);
        assert_eq!(
            export_public_key_buffer_size(KeyType::RSA_KEY_PAIR, 2048),
            272
        );
        assert_eq!(export_key_buffer_size(KeyType::AES, 128), 16);
        let oaep = Algorithm::rsa_oaep(Algorithm::SHA_256);
        assert_eq!(
            asymmetric_encrypt_output_size(KeyType::RSA_PUBLIC_KEY, 2048, oaep),
            256
        );
        assert_eq!(asymmetric_encrypt_output_size(KeyType::AES, 128, oaep), 0);
        assert_eq!(rsa_decrypt_plaintext_max(2048, oaep), 190);
        assert_eq!(
            rsa_decrypt_plaintext_max(2048, Algorithm::RSA_PKCS1V15_CRYPT),
            245
        );
        assert_eq!(ASYMMETRIC_ENCRYPT_OUTPUT_MAX_SIZE, 512);
        assert_eq!(super::super::SIGNATURE_MAX_SIZE, 512);
    }
}
