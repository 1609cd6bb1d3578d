//! Output sizes: `const fn` forms of the PSA Crypto API's size macros.
//!
//! Each function mirrors one `PSA_*_SIZE` / `PSA_*_LENGTH` macro of the specification and
//! returns 0 where the macro does (an algorithm or key type it does not describe). Callers
//! size their buffers with them instead of literals:
//!
//! ```
//! use psa_core::{sizes, Algorithm, EccFamily, KeyType};
//!
//! let p256 = KeyType::ecc_key_pair(EccFamily::SECP_R1);
//! let alg = Algorithm::ecdsa(Algorithm::SHA_256);
//! const SIG: usize = sizes::sign_output_size(
//!     KeyType::ecc_key_pair(EccFamily::SECP_R1),
//!     256,
//!     Algorithm::ecdsa(Algorithm::SHA_256),
//! );
//! let signature = [0u8; SIG];
//! assert_eq!(signature.len(), 64);
//! assert_eq!(sizes::export_public_key_output_size(p256, 256), 65);
//! assert_eq!(sizes::hash_length(alg.hash()), 32);
//! ```
//!
//! The core also uses them to check what drivers report: where a size is fixed by the
//! algorithm and key, a driver that returns any other length gets `CORRUPTION_DETECTED`.

use crate::{Algorithm, EccFamily, KeyType};

mod rsa;
pub use rsa::*;

/// Bytes needed for `bits` bits (`PSA_BITS_TO_BYTES`).
pub const fn bits_to_bytes(bits: usize) -> usize {
    bits.div_ceil(8)
}

/// `PSA_HASH_LENGTH(alg)`: the digest length of a hash, or of the hash inside a
/// hash-and-sign, HMAC or HKDF algorithm; 0 if unknown.
pub const fn hash_length(alg: Algorithm) -> usize {
    if alg.is_hash() {
        alg.hash_length()
    } else {
        alg.hash().hash_length()
    }
}

/// `PSA_HASH_MAX_SIZE`: the longest digest of any supported hash (SHA-512).
pub const HASH_MAX_SIZE: usize = 64;

/// `PSA_MAC_LENGTH(key_type, key_bits, alg)`: the MAC length of `alg` (its truncation, else
/// the full length of HMAC's hash or of the key's block cipher); 0 if unknown.
pub const fn mac_length(key_type: KeyType, _key_bits: usize, alg: Algorithm) -> usize {
    if !alg.is_mac() {
        return 0;
    }
    match alg.mac_truncation() {
        0 if alg.is_hmac() => alg.hash().hash_length(),
        0 if alg.is_block_cipher_mac() => key_type.block_length(),
        truncation => truncation,
    }
}

/// `PSA_MAC_MAX_SIZE`: the longest MAC of any supported algorithm (HMAC-SHA-512).
pub const MAC_MAX_SIZE: usize = 64;

/// `PSA_SIGN_OUTPUT_SIZE(key_type, key_bits, alg)`: ECDSA and EdDSA signatures are two
/// field elements, RSA signatures one modulus; 0 otherwise.
pub const fn sign_output_size(key_type: KeyType, key_bits: usize, alg: Algorithm) -> usize {
    if !alg.is_sign() || alg.is_vendor_defined() {
        return 0;
    }
    if key_type.is_ecc() {
        2 * ecc_element_bytes(key_type, key_bits)
    } else if key_type.0 & 0xcfff == KeyType::RSA_PUBLIC_KEY.0 {
        bits_to_bytes(key_bits)
    } else {
        0
    }
}

/// The length of one element (private key, coordinate, signature half) of an ECC key: the
/// bytes of its bits, except Edwards448, whose RFC 8032 encodings are 57 bytes (448 bits and
/// a sign bit), so an Ed448 key is 57 bytes and its signature 114.
const fn ecc_element_bytes(key_type: KeyType, key_bits: usize) -> usize {
    match key_type.ecc_family() {
        Some(EccFamily::TWISTED_EDWARDS) if key_bits == 448 => 57,
        _ => bits_to_bytes(key_bits),
    }
}

/// `PSA_SIGNATURE_MAX_SIZE` for what the core stores: ECC up to P-521 (132 bytes) and RSA up
/// to 4096 bits (512 bytes).
pub const SIGNATURE_MAX_SIZE: usize = bits_to_bytes(RSA_MAX_KEY_BITS);

/// `PSA_EXPORT_KEY_OUTPUT_SIZE(key_type, key_bits)` where the export format fixes it:
/// unstructured keys are their bytes, an ECC key pair its private scalar, an ECC public key
/// `0x04‖X‖Y` on Weierstrass curves and the coordinate on Montgomery and Edwards curves.
/// 0 for RSA (its DER length varies) and types the spec does not describe.
pub const fn export_key_output_size(key_type: KeyType, key_bits: usize) -> usize {
    if key_type.is_unstructured() {
        return bits_to_bytes(key_bits);
    }
    if key_type.is_ecc() && key_type.is_key_pair() {
        return ecc_element_bytes(key_type, key_bits);
    }
    if key_type.is_ecc() {
        return export_public_key_output_size(key_type, key_bits);
    }
    0
}

/// `PSA_EXPORT_PUBLIC_KEY_OUTPUT_SIZE(key_type, key_bits)` for ECC keys (pair or public);
/// 0 for RSA (its DER length varies) and non-asymmetric types.
pub const fn export_public_key_output_size(key_type: KeyType, key_bits: usize) -> usize {
    match key_type.ecc_family() {
        Some(EccFamily::MONTGOMERY) | Some(EccFamily::TWISTED_EDWARDS) => {
            ecc_element_bytes(key_type, key_bits)
        }
        Some(_) => 1 + 2 * bits_to_bytes(key_bits),
        None => 0,
    }
}

/// `PSA_RAW_KEY_AGREEMENT_OUTPUT_SIZE(key_type, key_bits)`: the shared secret of ECDH (and
/// FFDH) is one field element; 0 for other types.
pub const fn raw_key_agreement_output_size(key_type: KeyType, key_bits: usize) -> usize {
    if key_type.is_ecc() || key_type.0 & 0xcf00 == 0x4200 {
        bits_to_bytes(key_bits)
    } else {
        0
    }
}

/// `PSA_AEAD_TAG_LENGTH(key_type, key_bits, alg)`: the tag length encoded in the algorithm.
pub const fn aead_tag_length(_key_type: KeyType, _key_bits: usize, alg: Algorithm) -> usize {
    if alg.is_aead() {
        alg.aead_tag_length()
    } else {
        0
    }
}

/// `PSA_AEAD_NONCE_LENGTH(key_type, alg)`: the default nonce length (GCM and ChaCha20-Poly1305
/// 12, CCM 13); 0 if unknown.
pub const fn aead_nonce_length(key_type: KeyType, alg: Algorithm) -> usize {
    if !alg.is_aead() {
        return 0;
    }
    let base = alg.aead_default();
    if base.0 == Algorithm::GCM.0 && key_type.block_length() == 16 {
        12
    } else if base.0 == Algorithm::CCM.0 && key_type.block_length() == 16 {
        13
    } else if base.0 == Algorithm::CHACHA20_POLY1305.0 && key_type.0 == KeyType::CHACHA20.0 {
        12
    } else {
        0
    }
}

/// `PSA_AEAD_ENCRYPT_OUTPUT_SIZE(key_type, alg, plaintext_length)`: ciphertext and tag.
pub const fn aead_encrypt_output_size(
    key_type: KeyType,
    alg: Algorithm,
    plaintext_length: usize,
) -> usize {
    if aead_nonce_length(key_type, alg) == 0 {
        return 0;
    }
    plaintext_length.saturating_add(alg.aead_tag_length())
}

/// `PSA_AEAD_DECRYPT_OUTPUT_SIZE(key_type, alg, ciphertext_length)`: the plaintext, 0 if the
/// ciphertext is shorter than the tag.
pub const fn aead_decrypt_output_size(
    key_type: KeyType,
    alg: Algorithm,
    ciphertext_length: usize,
) -> usize {
    if aead_nonce_length(key_type, alg) == 0 {
        return 0;
    }
    ciphertext_length.saturating_sub(alg.aead_tag_length())
}

/// `PSA_AEAD_UPDATE_OUTPUT_SIZE(key_type, alg, input_length)`: what one update may write
/// (buffered input of a block cipher mode may come out with it).
pub const fn aead_update_output_size(
    key_type: KeyType,
    alg: Algorithm,
    input_length: usize,
) -> usize {
    if aead_nonce_length(key_type, alg) == 0 {
        return 0;
    }
    input_length.saturating_add(key_type.block_length())
}

/// `PSA_AEAD_FINISH_OUTPUT_SIZE(key_type, alg)` (and `PSA_AEAD_VERIFY_OUTPUT_SIZE`): the
/// buffered partial block an AEAD may still write at the end.
pub const fn aead_finish_output_size(key_type: KeyType, alg: Algorithm) -> usize {
    if aead_nonce_length(key_type, alg) == 0 {
        return 0;
    }
    key_type.block_length()
}

/// `PSA_CIPHER_IV_LENGTH(key_type, alg)`: the IV the core generates (0 for ECB, 12 for
/// ChaCha20, the block length for the other block modes).
pub const fn cipher_iv_length(key_type: KeyType, alg: Algorithm) -> usize {
    if !alg.is_cipher() || key_type.block_length() == 0 || alg.0 == Algorithm::ECB_NO_PADDING.0 {
        0
    } else if alg.0 == Algorithm::STREAM_CIPHER.0 {
        12
    } else {
        key_type.block_length()
    }
}

/// `PSA_CIPHER_ENCRYPT_OUTPUT_SIZE(key_type, alg, input_length)`: the IV and the ciphertext
/// (PKCS#7 pads to the next whole block).
pub const fn cipher_encrypt_output_size(
    key_type: KeyType,
    alg: Algorithm,
    input_length: usize,
) -> usize {
    if !alg.is_cipher() || key_type.block_length() == 0 {
        return 0;
    }
    cipher_iv_length(key_type, alg).saturating_add(cipher_body_length(key_type, alg, input_length))
}

/// The ciphertext a one-shot encryption writes after the IV: as long as the input, or padded
/// to the next whole block with PKCS#7.
pub(crate) const fn cipher_body_length(
    key_type: KeyType,
    alg: Algorithm,
    input_length: usize,
) -> usize {
    if alg.0 == Algorithm::CBC_PKCS7.0 {
        let block = key_type.block_length();
        (input_length / block)
            .saturating_add(1)
            .saturating_mul(block)
    } else {
        input_length
    }
}

/// `PSA_CIPHER_DECRYPT_OUTPUT_SIZE(key_type, alg, input_length)`: at most the input.
pub const fn cipher_decrypt_output_size(
    key_type: KeyType,
    alg: Algorithm,
    input_length: usize,
) -> usize {
    if !alg.is_cipher() || key_type.block_length() == 0 {
        return 0;
    }
    input_length
}

/// `PSA_CIPHER_UPDATE_OUTPUT_SIZE(key_type, alg, input_length)`: one update may also write
/// a buffered block.
pub const fn cipher_update_output_size(
    key_type: KeyType,
    alg: Algorithm,
    input_length: usize,
) -> usize {
    if !alg.is_cipher() || key_type.block_length() == 0 {
        return 0;
    }
    input_length.saturating_add(key_type.block_length())
}

/// `PSA_CIPHER_FINISH_OUTPUT_SIZE(key_type, alg)`: at most one buffered block.
pub const fn cipher_finish_output_size(key_type: KeyType, alg: Algorithm) -> usize {
    if !alg.is_cipher() {
        return 0;
    }
    key_type.block_length()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_spec_macros() {
        let p256 = KeyType::ecc_key_pair(EccFamily::SECP_R1);
        let p521 = KeyType::ecc_public_key(EccFamily::SECP_R1);
        let ecdsa = Algorithm::ecdsa(Algorithm::SHA_256);
        assert_eq!(sign_output_size(p256, 256, ecdsa), 64);
        assert_eq!(sign_output_size(p521, 521, ecdsa), 132);
        assert_eq!(
            sign_output_size(KeyType::RSA_KEY_PAIR, 2048, Algorithm(0x0602_0209)),
            256
        );
        assert_eq!(sign_output_size(KeyType::AES, 128, ecdsa), 0);
        assert_eq!(export_public_key_output_size(p256, 256), 65);
        assert_eq!(export_public_key_output_size(p521, 521), 133);
        let x25519 = KeyType::ecc_key_pair(EccFamily::MONTGOMERY);
        assert_eq!(export_public_key_output_size(x25519, 255), 32);
        assert_eq!(export_key_output_size(p256, 256), 32);
        assert_eq!(export_key_output_size(KeyType::AES, 192), 24);
        assert_eq!(export_key_output_size(KeyType::RSA_KEY_PAIR, 2048), 0);
        assert_eq!(raw_key_agreement_output_size(p256, 256), 32);
        assert_eq!(raw_key_agreement_output_size(KeyType::AES, 128), 0);
        let hmac = Algorithm::hmac(Algorithm::SHA_384);
        assert_eq!(mac_length(KeyType::HMAC, 256, hmac), 48);
        assert_eq!(
            mac_length(KeyType::HMAC, 256, Algorithm::truncated_mac(hmac, 10)),
            10
        );
        assert_eq!(mac_length(KeyType::AES, 128, Algorithm::CMAC), 16);
        assert_eq!(mac_length(KeyType::AES, 128, Algorithm::GCM), 0);
        assert_eq!(hash_length(Algorithm::SHA_224), 28);
        assert_eq!(hash_length(ecdsa), 32);
        assert_eq!(
            aead_encrypt_output_size(KeyType::AES, Algorithm::GCM, 10),
            26
        );
        assert_eq!(
            aead_decrypt_output_size(KeyType::AES, Algorithm::GCM, 26),
            10
        );
        assert_eq!(aead_decrypt_output_size(KeyType::AES, Algorithm::GCM, 3), 0);
        assert_eq!(aead_nonce_length(KeyType::AES, Algorithm::CCM), 13);
        assert_eq!(
            aead_nonce_length(KeyType::CHACHA20, Algorithm::CHACHA20_POLY1305),
            12
        );
        assert_eq!(aead_nonce_length(KeyType::CHACHA20, Algorithm::GCM), 0);
        assert_eq!(
            cipher_encrypt_output_size(KeyType::AES, Algorithm::CBC_PKCS7, 16),
            48
        );
        assert_eq!(
            cipher_encrypt_output_size(KeyType::AES, Algorithm::CTR, 5),
            21
        );
        assert_eq!(
            cipher_encrypt_output_size(KeyType::AES, Algorithm::ECB_NO_PADDING, 32),
            32
        );
        assert_eq!(
            cipher_encrypt_output_size(KeyType::CHACHA20, Algorithm::STREAM_CIPHER, 7),
            19
        );
        assert_eq!(
            cipher_decrypt_output_size(KeyType::AES, Algorithm::CTR, 21),
            21
        );
        assert_eq!(
            cipher_finish_output_size(KeyType::AES, Algorithm::CBC_PKCS7),
            16
        );
        assert_eq!(bits_to_bytes(521), 66);
    }

    /// Curve25519, Curve448 and P-521 sizes, from RFC 7748, RFC 8032 and SEC 1.
    #[test]
    fn edwards_montgomery_and_p521_sizes() {
        let ed = |bits| (KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS), bits);
        let x = |bits| (KeyType::ecc_key_pair(EccFamily::MONTGOMERY), bits);
        let eddsa = Algorithm::PURE_EDDSA;
        let (t, b) = ed(255);
        assert_eq!(sign_output_size(t, b, eddsa), 64);
        assert_eq!(export_key_output_size(t, b), 32);
        assert_eq!(export_public_key_output_size(t, b), 32);
        let (t, b) = ed(448);
        assert_eq!(sign_output_size(t, b, eddsa), 114);
        assert_eq!(export_key_output_size(t, b), 57);
        assert_eq!(export_public_key_output_size(t, b), 57);
        let (t, b) = x(255);
        assert_eq!(export_key_output_size(t, b), 32);
        assert_eq!(raw_key_agreement_output_size(t, b), 32);
        let (t, b) = x(448);
        assert_eq!(export_key_output_size(t, b), 56);
        assert_eq!(export_public_key_output_size(t, b), 56);
        assert_eq!(raw_key_agreement_output_size(t, b), 56);
        let p521 = KeyType::ecc_key_pair(EccFamily::SECP_R1);
        assert_eq!(export_key_output_size(p521, 521), 66);
        assert_eq!(raw_key_agreement_output_size(p521, 521), 66);
        assert_eq!(
            sign_output_size(p521, 521, Algorithm::ecdsa(Algorithm::SHA_512)),
            132
        );
        const { assert!(SIGNATURE_MAX_SIZE >= 132) };
    }
}
