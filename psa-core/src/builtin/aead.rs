//! Single-part AES-GCM and ChaCha20-Poly1305, through the crates' detached in-out APIs (no
//! heap: the ciphertext is written straight into the caller's buffer, the tag after it).

use aes_gcm::AesGcm;
use aes_gcm::aead::{AeadCore, AeadInOut, KeyInit, inout::InOutBuf};
use aes_gcm::aes::cipher::{
    BlockCipherEncrypt, BlockSizeUser, array::Array, consts, typenum::Unsigned,
};
use aes_gcm::aes::{Aes128, Aes192, Aes256};
use chacha20poly1305::ChaCha20Poly1305;

use crate::{Algorithm, Error, KeyType, Result};

use super::output;

/// The only nonce length served (for both algorithms): 96 bits.
const NONCE_LENGTH: usize = 12;

// The `zeroize` features of aes-gcm and chacha20poly1305 are on: the keyed ciphers are wiped
// when a call returns.
const _: () = {
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    let _ = zeroize_on_drop::<AesGcm<Aes192, consts::U12>>;
    let _ = zeroize_on_drop::<ChaCha20Poly1305>;
};

#[derive(Clone, Copy)]
enum Kind {
    Gcm,
    ChaChaPoly,
}

/// The algorithm and tag length of a request, after the PSA checks (in Mbed TLS's order:
/// algorithm, key type, tag length, nonce length, key size).
fn parameters(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    nonce: &[u8],
) -> Result<(Kind, usize)> {
    if !alg.is_aead() || alg.is_wildcard() {
        return Err(Error::InvalidArgument);
    }
    let tag_length = alg.aead_tag_length();
    let kind = match alg.aead_default() {
        Algorithm::GCM => {
            match key_type {
                KeyType::AES => {}
                // ARIA and Camellia GCM are valid, not implemented.
                _ if key_type.block_length() == 16 => return Err(Error::NotSupported),
                _ => return Err(Error::InvalidArgument),
            }
            match tag_length {
                12..=16 => {}
                // Valid GCM tag lengths the aes-gcm crate only offers behind `hazmat`.
                4 | 8 => return Err(Error::NotSupported),
                _ => return Err(Error::InvalidArgument),
            }
            match nonce.len() {
                NONCE_LENGTH => {}
                0 => return Err(Error::InvalidArgument),
                // GCM takes any non-empty nonce; only 96 bits are served.
                _ => return Err(Error::NotSupported),
            }
            if !matches!(key.len(), 16 | 24 | 32) {
                return Err(Error::InvalidArgument);
            }
            Kind::Gcm
        }
        Algorithm::CHACHA20_POLY1305 => {
            if key_type != KeyType::CHACHA20 || tag_length != 16 {
                return Err(Error::InvalidArgument);
            }
            match nonce.len() {
                NONCE_LENGTH => {}
                // The original 64-bit-nonce ChaCha20-Poly1305 is valid, not implemented.
                8 => return Err(Error::NotSupported),
                _ => return Err(Error::InvalidArgument),
            }
            if key.len() != 32 {
                return Err(Error::InvalidArgument);
            }
            Kind::ChaChaPoly
        }
        // CCM and vendor AEADs.
        _ => return Err(Error::NotSupported),
    };
    Ok((kind, tag_length))
}

/// One single-part AEAD call.
enum Call<'a> {
    Seal {
        plaintext: &'a [u8],
        ciphertext: &'a mut [u8],
    },
    Open {
        ciphertext: &'a [u8],
        plaintext: &'a mut [u8],
    },
}

/// `INVALID_ARGUMENT`, whatever the crate's error.
fn invalid<E>(_: E) -> Error {
    Error::InvalidArgument
}

fn run<A: AeadInOut + KeyInit>(
    key: &[u8],
    nonce: &[u8],
    ad: &[u8],
    call: Call<'_>,
) -> Result<usize> {
    let cipher = A::new_from_slice(key).map_err(invalid)?;
    let nonce: &Array<u8, <A as AeadCore>::NonceSize> = nonce.try_into().map_err(invalid)?;
    let tag_length = <A as AeadCore>::TagSize::USIZE;
    match call {
        Call::Seal {
            plaintext,
            ciphertext,
        } => {
            let length = plaintext
                .len()
                .checked_add(tag_length)
                .ok_or(Error::InvalidArgument)?;
            let (body, tag_out) = output(ciphertext, length)?.split_at_mut(plaintext.len());
            let buffer = InOutBuf::new(plaintext, body).map_err(invalid)?;
            // Fails only for inputs longer than the algorithm allows.
            let tag = cipher
                .encrypt_inout_detached(nonce, ad, buffer)
                .map_err(invalid)?;
            tag_out.copy_from_slice(&tag);
            Ok(length)
        }
        Call::Open {
            ciphertext,
            plaintext,
        } => {
            let length = ciphertext
                .len()
                .checked_sub(tag_length)
                .ok_or(Error::InvalidArgument)?;
            let (body, tag) = ciphertext.split_at(length);
            let tag = tag.try_into().map_err(invalid)?;
            let buffer = InOutBuf::new(body, output(plaintext, length)?).map_err(invalid)?;
            // Both crates check the tag before decrypting: on failure nothing is written.
            cipher
                .decrypt_inout_detached(nonce, ad, buffer, tag)
                .map_err(|_| Error::InvalidSignature)?;
            Ok(length)
        }
    }
}

/// AES-GCM with a 96-bit nonce and the given tag length.
fn gcm<C>(tag_length: usize, key: &[u8], nonce: &[u8], ad: &[u8], call: Call<'_>) -> Result<usize>
where
    C: BlockSizeUser<BlockSize = consts::U16> + BlockCipherEncrypt + KeyInit,
{
    use consts::{U12, U13, U14, U15, U16};
    match tag_length {
        12 => run::<AesGcm<C, U12, U12>>(key, nonce, ad, call),
        13 => run::<AesGcm<C, U12, U13>>(key, nonce, ad, call),
        14 => run::<AesGcm<C, U12, U14>>(key, nonce, ad, call),
        15 => run::<AesGcm<C, U12, U15>>(key, nonce, ad, call),
        16 => run::<AesGcm<C, U12, U16>>(key, nonce, ad, call),
        _ => Err(Error::NotSupported),
    }
}

fn dispatch(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    nonce: &[u8],
    ad: &[u8],
    call: Call<'_>,
) -> Result<usize> {
    let (kind, tag_length) = parameters(key_type, key, alg, nonce)?;
    match (kind, key.len()) {
        (Kind::Gcm, 16) => gcm::<Aes128>(tag_length, key, nonce, ad, call),
        (Kind::Gcm, 24) => gcm::<Aes192>(tag_length, key, nonce, ad, call),
        (Kind::Gcm, 32) => gcm::<Aes256>(tag_length, key, nonce, ad, call),
        (Kind::ChaChaPoly, _) => run::<ChaCha20Poly1305>(key, nonce, ad, call),
        (Kind::Gcm, _) => Err(Error::InvalidArgument),
    }
}

/// `aead_encrypt`: ciphertext then tag.
pub(super) fn encrypt(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    nonce: &[u8],
    ad: &[u8],
    plaintext: &[u8],
    ciphertext: &mut [u8],
) -> Result<usize> {
    dispatch(
        key_type,
        key,
        alg,
        nonce,
        ad,
        Call::Seal {
            plaintext,
            ciphertext,
        },
    )
}

/// `aead_decrypt`: `ciphertext` ends with the tag.
pub(super) fn decrypt(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    nonce: &[u8],
    ad: &[u8],
    ciphertext: &[u8],
    plaintext: &mut [u8],
) -> Result<usize> {
    dispatch(
        key_type,
        key,
        alg,
        nonce,
        ad,
        Call::Open {
            ciphertext,
            plaintext,
        },
    )
}
