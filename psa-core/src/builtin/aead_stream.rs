//! Streaming AEAD: multi-part AES-GCM, AES-CCM and ChaCha20-Poly1305 (and single-part AES-CCM,
//! and the AES-GCM nonce and tag lengths the aes-gcm crate does not offer), built from the
//! primitives the RustCrypto AEAD crates are made of:
//!
//! - AES-GCM (NIST SP 800-38D): `ghash` over the additional data and the ciphertext, AES in
//!   32-bit counter mode from `inc32(J0)`, the tag `GHASH ⊕ E(K, J0)`; any non-empty nonce,
//!   tags of 4, 8 and 12 to 16 bytes.
//! - AES-CCM (NIST SP 800-38C): AES CBC-MAC over `B0`, the encoded additional data and the
//!   plaintext, AES in counter mode from `A1`, the tag `MSB_t(Y) ⊕ MSB_t(E(K, A0))`; nonces
//!   of 7 to 13 bytes, tags of 4 to 16 bytes (even). `B0` holds the plaintext length, so the
//!   lengths must be set (`set_lengths`) before any data: `BAD_STATE` otherwise.
//! - ChaCha20-Poly1305 (RFC 8439): `chacha20` from block 1, `poly1305` keyed with block 0, over
//!   the padded additional data, the padded ciphertext and both lengths.
//!
//! Nothing is buffered beyond one partial block for the authenticator: `update` writes exactly
//! as many bytes as it is given. Decryption writes plaintext in `update` before the tag is
//! checked, which the PSA Crypto API allows for multi-part AEAD; `verify` compares the tag in
//! constant time. The context (key schedules, hash keys and state, counter blocks, key streams,
//! buffered block) is wiped on drop, after `finish` or `verify`, and on abort.

use core::fmt;

use aes::cipher::{Array, BlockCipherEncrypt, KeyInit};
use aes::{Aes128, Aes192, Aes256};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::{Algorithm, Error, KeyType, Result};

use super::output;

const BLOCK: usize = 16;

#[cfg(feature = "builtin-aead")]
use chacha20::cipher::{KeyIvInit, StreamCipher};
#[cfg(feature = "builtin-aead")]
use ghash::universal_hash::UniversalHash;

// The `zeroize` features of aes, ghash, chacha20 and poly1305 are on: key schedules, hash keys
// and states are wiped on drop.
const _: () = {
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    let _ = zeroize_on_drop::<Aes128>;
    let _ = zeroize_on_drop::<Aes192>;
    let _ = zeroize_on_drop::<Aes256>;
};

/// Which way a context runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction {
    Encrypt,
    Decrypt,
}

/// An AES key schedule, by key size.
#[allow(clippy::large_enum_variant)] // No heap: the context is inline.
enum Aes {
    A128(Aes128),
    A192(Aes192),
    A256(Aes256),
}

impl Aes {
    fn new(key: &[u8]) -> Result<Aes> {
        let e = |_| Error::InvalidArgument;
        Ok(match key.len() {
            16 => Aes::A128(Aes128::new_from_slice(key).map_err(e)?),
            24 => Aes::A192(Aes192::new_from_slice(key).map_err(e)?),
            32 => Aes::A256(Aes256::new_from_slice(key).map_err(e)?),
            _ => return Err(Error::InvalidArgument),
        })
    }

    fn encrypt(&self, block: &mut [u8; BLOCK]) {
        let block: &mut Array<u8, _> = block.into();
        match self {
            Aes::A128(c) => c.encrypt_block(block),
            Aes::A192(c) => c.encrypt_block(block),
            Aes::A256(c) => c.encrypt_block(block),
        }
    }
}

/// AES in counter mode: the counter is the last `width` bytes of the counter block, big-endian
/// (GCM: 4, CCM: 15 - nonce length), wrapping within them.
struct Ctr {
    counter: [u8; BLOCK],
    stream: [u8; BLOCK],
    /// Key stream bytes of `stream` already used (`BLOCK`: none left).
    used: usize,
    width: usize,
}

impl Ctr {
    fn new(counter: [u8; BLOCK], width: usize) -> Ctr {
        Ctr {
            counter,
            stream: [0; BLOCK],
            used: BLOCK,
            width,
        }
    }

    fn increment(&mut self) {
        for byte in self.counter[BLOCK - self.width..].iter_mut().rev() {
            *byte = byte.wrapping_add(1);
            if *byte != 0 {
                break;
            }
        }
    }

    /// `output = input ⊕ key stream`, `output.len() == input.len()`.
    fn apply(&mut self, aes: &Aes, input: &[u8], output: &mut [u8]) {
        for (i, o) in input.iter().zip(output.iter_mut()) {
            if self.used == BLOCK {
                self.stream = self.counter;
                aes.encrypt(&mut self.stream);
                self.increment();
                self.used = 0;
            }
            *o = i ^ self.stream[self.used];
            self.used += 1;
        }
    }
}

impl Drop for Ctr {
    fn drop(&mut self) {
        self.counter.zeroize();
        self.stream.zeroize();
    }
}

/// A partial block waiting for the authenticator.
struct Pending {
    buf: [u8; BLOCK],
    len: usize,
}

impl Pending {
    const fn new() -> Pending {
        Pending {
            buf: [0; BLOCK],
            len: 0,
        }
    }

    /// Feed `data` through `f` a whole block at a time, keeping the rest.
    fn absorb(&mut self, mut data: &[u8], mut f: impl FnMut(&[u8; BLOCK])) {
        while !data.is_empty() {
            let take = (BLOCK - self.len).min(data.len());
            self.buf[self.len..self.len + take].copy_from_slice(&data[..take]);
            self.len += take;
            data = &data[take..];
            if self.len == BLOCK {
                f(&self.buf);
                self.len = 0;
            }
        }
    }

    /// The partial block, zero-padded, through `f` (nothing if there is none).
    fn pad(&mut self, mut f: impl FnMut(&[u8; BLOCK])) {
        if self.len != 0 {
            self.buf[self.len..].fill(0);
            f(&self.buf);
            self.len = 0;
        }
        self.buf.zeroize();
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}

/// The algorithm family of a context and what its nonce set up.
#[allow(clippy::large_enum_variant)] // No heap: the context is inline.
enum Engine {
    #[cfg(feature = "builtin-aead")]
    Gcm(Gcm),
    #[cfg(feature = "builtin-ccm")]
    Ccm(Ccm),
    #[cfg(feature = "builtin-aead")]
    ChaChaPoly(ChaChaPoly),
}

#[cfg(feature = "builtin-aead")]
struct Gcm {
    aes: Aes,
    /// After the nonce: the hash, the counter from `inc32(J0)` and `E(K, J0)`.
    keyed: Option<(ghash::GHash, Ctr, [u8; BLOCK])>,
}

#[cfg(feature = "builtin-ccm")]
struct Ccm {
    aes: Aes,
    nonce: [u8; 13],
    nonce_len: usize,
    /// The CBC-MAC chaining value.
    y: [u8; BLOCK],
    /// After nonce and lengths: the counter from `A1` and `E(K, A0)`.
    keyed: Option<(Ctr, [u8; BLOCK])>,
}

#[cfg(feature = "builtin-aead")]
struct ChaChaPoly {
    key: [u8; 32],
    keyed: Option<(chacha20::ChaCha20, poly1305::Poly1305)>,
}

/// Where a context is in the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Before the nonce (and, for CCM, the lengths).
    Setup,
    AdditionalData,
    Body,
    Done,
}

/// Built-in multi-part AEAD context: AES-GCM and ChaCha20-Poly1305 (`builtin-aead`), AES-CCM
/// (`builtin-ccm`).
///
/// Fixed size, no heap; all key material and intermediate state is wiped on drop. `Debug`
/// shows the algorithm and the progress only.
pub struct AeadContext {
    engine: Engine,
    direction: Direction,
    alg: Algorithm,
    tag_length: usize,
    phase: Phase,
    /// Declared (`set_lengths`) additional data and plaintext lengths.
    lengths: Option<(u64, u64)>,
    ad_len: u64,
    body_len: u64,
    pending: Pending,
}

impl fmt::Debug for AeadContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AeadContext")
            .field("alg", &self.alg)
            .field("direction", &self.direction)
            .field("phase", &self.phase)
            .finish_non_exhaustive()
    }
}

/// The multi-part algorithms served (a subset of what [`AeadContext::new`] checks).
fn kind(key_type: KeyType, alg: Algorithm) -> Result<(Algorithm, usize)> {
    if !alg.is_aead() || alg.is_wildcard() {
        return Err(Error::InvalidArgument);
    }
    let base = alg.aead_default();
    let tag = alg.aead_tag_length();
    let aes_mode = base == Algorithm::GCM || base == Algorithm::CCM;
    if aes_mode {
        match key_type {
            KeyType::AES => {}
            // ARIA and Camellia GCM/CCM are valid, not implemented.
            _ if key_type.block_length() == 16 => return Err(Error::NotSupported),
            _ => return Err(Error::InvalidArgument),
        }
    }
    let tag_ok = if base == Algorithm::GCM {
        matches!(tag, 4 | 8 | 12..=16)
    } else if base == Algorithm::CCM {
        (4..=16).contains(&tag) && tag.is_multiple_of(2)
    } else if base == Algorithm::CHACHA20_POLY1305 {
        if key_type != KeyType::CHACHA20 {
            return Err(Error::InvalidArgument);
        }
        tag == 16
    } else {
        // Vendor AEADs.
        return Err(Error::NotSupported);
    };
    if !tag_ok {
        return Err(Error::InvalidArgument);
    }
    Ok((base, tag))
}

impl AeadContext {
    /// A context for `alg` with this key, before its nonce.
    pub(super) fn new(
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
        direction: Direction,
    ) -> Result<AeadContext> {
        let (base, tag_length) = kind(key_type, alg)?;
        let engine = match base {
            #[cfg(feature = "builtin-aead")]
            Algorithm::GCM => Engine::Gcm(Gcm {
                aes: Aes::new(key)?,
                keyed: None,
            }),
            #[cfg(feature = "builtin-ccm")]
            Algorithm::CCM => Engine::Ccm(Ccm {
                aes: Aes::new(key)?,
                nonce: [0; 13],
                nonce_len: 0,
                y: [0; BLOCK],
                keyed: None,
            }),
            #[cfg(feature = "builtin-aead")]
            Algorithm::CHACHA20_POLY1305 => {
                let key: [u8; 32] = key.try_into().map_err(|_| Error::InvalidArgument)?;
                Engine::ChaChaPoly(ChaChaPoly { key, keyed: None })
            }
            _ => return Err(Error::NotSupported),
        };
        Ok(AeadContext {
            engine,
            direction,
            alg,
            tag_length,
            phase: Phase::Setup,
            lengths: None,
            ad_len: 0,
            body_len: 0,
            pending: Pending::new(),
        })
    }

    /// `aead_set_nonce`.
    pub(super) fn set_nonce(&mut self, nonce: &[u8]) -> Result<()> {
        if self.phase != Phase::Setup || self.has_nonce() {
            return Err(Error::BadState);
        }
        let ccm = match &mut self.engine {
            #[cfg(feature = "builtin-aead")]
            Engine::Gcm(g) => {
                if nonce.is_empty() {
                    return Err(Error::InvalidArgument);
                }
                let mut h = [0u8; BLOCK];
                g.aes.encrypt(&mut h);
                let ghash = ghash::GHash::new(&h.into());
                h.zeroize();
                let mut j0 = [0u8; BLOCK];
                if nonce.len() == 12 {
                    j0[..12].copy_from_slice(nonce);
                    j0[15] = 1;
                } else {
                    // J0 = GHASH(IV ‖ 0^s ‖ 0^64 ‖ [len(IV)]_64), with a hash of its own.
                    let mut hj = ghash.clone();
                    hj.update_padded(nonce);
                    let mut lengths = [0u8; BLOCK];
                    let bits = (nonce.len() as u64)
                        .checked_mul(8)
                        .ok_or(Error::InvalidArgument)?;
                    lengths[8..].copy_from_slice(&bits.to_be_bytes());
                    hj.update(&[lengths.into()]);
                    j0 = hj.finalize().into();
                }
                let mut ek_j0 = j0;
                g.aes.encrypt(&mut ek_j0);
                let mut ctr = Ctr::new(j0, 4);
                ctr.increment();
                j0.zeroize();
                g.keyed = Some((ghash, ctr, ek_j0));
                ek_j0.zeroize();
                false
            }
            #[cfg(feature = "builtin-ccm")]
            Engine::Ccm(c) => {
                if !(7..=13).contains(&nonce.len()) {
                    return Err(Error::InvalidArgument);
                }
                c.nonce[..nonce.len()].copy_from_slice(nonce);
                c.nonce_len = nonce.len();
                true
            }
            #[cfg(feature = "builtin-aead")]
            Engine::ChaChaPoly(c) => {
                let nonce: &[u8; 12] = match nonce.len() {
                    12 => nonce.try_into().map_err(|_| Error::InvalidArgument)?,
                    // The original 64-bit-nonce construction: valid, not implemented.
                    8 => return Err(Error::NotSupported),
                    _ => return Err(Error::InvalidArgument),
                };
                let mut cipher = chacha20::ChaCha20::new(&c.key.into(), nonce.into());
                // Block 0 keys Poly1305; the data starts at block 1.
                let mut block0 = [0u8; 64];
                cipher.apply_keystream(&mut block0);
                let poly_key: &[u8; 32] = block0[..32]
                    .try_into()
                    .map_err(|_| Error::CorruptionDetected)?;
                let poly = poly1305::Poly1305::new(poly_key.into());
                block0.zeroize();
                c.keyed = Some((cipher, poly));
                false
            }
        };
        if ccm {
            // CCM starts once it has both nonce and lengths.
            #[cfg(feature = "builtin-ccm")]
            if self.lengths.is_some() {
                return self.start_ccm();
            }
            return Ok(());
        }
        self.phase = Phase::AdditionalData;
        Ok(())
    }

    fn has_nonce(&self) -> bool {
        match &self.engine {
            #[cfg(feature = "builtin-aead")]
            Engine::Gcm(g) => g.keyed.is_some(),
            #[cfg(feature = "builtin-ccm")]
            Engine::Ccm(c) => c.nonce_len != 0,
            #[cfg(feature = "builtin-aead")]
            Engine::ChaChaPoly(c) => c.keyed.is_some(),
        }
    }

    /// `aead_set_lengths`: once, before any data.
    pub(super) fn set_lengths(&mut self, ad: usize, plaintext: usize) -> Result<()> {
        if self.lengths.is_some() || !matches!(self.phase, Phase::Setup | Phase::AdditionalData) {
            return Err(Error::BadState);
        }
        if self.ad_len != 0 {
            return Err(Error::BadState);
        }
        crate::policy::check_aead_lengths(self.alg, ad, plaintext)?;
        self.lengths = Some((ad as u64, plaintext as u64));
        #[cfg(feature = "builtin-ccm")]
        if let Engine::Ccm(c) = &self.engine
            && c.nonce_len != 0
        {
            return self.start_ccm();
        }
        Ok(())
    }

    /// CCM with nonce and lengths: `B0` and the additional data's length into the CBC-MAC,
    /// the counter blocks.
    #[cfg(feature = "builtin-ccm")]
    #[allow(irrefutable_let_patterns)] // Without `builtin-aead`, CCM is the only engine.
    fn start_ccm(&mut self) -> Result<()> {
        let (ad, plaintext) = self.lengths.ok_or(Error::BadState)?;
        let tag = self.tag_length;
        let Engine::Ccm(c) = &mut self.engine else {
            return Err(Error::CorruptionDetected);
        };
        let n = c.nonce_len;
        let q = 15 - n;
        // The plaintext length must fit in q bytes.
        if q < 8 && plaintext >> (8 * q) != 0 {
            return Err(Error::InvalidArgument);
        }
        let mut b0 = [0u8; BLOCK];
        b0[0] = (u8::from(ad > 0) << 6) | ((((tag - 2) / 2) as u8) << 3) | (q as u8 - 1);
        b0[1..=n].copy_from_slice(&c.nonce[..n]);
        b0[1 + n..].copy_from_slice(&plaintext.to_be_bytes()[8 - q..]);
        c.y = b0;
        c.aes.encrypt(&mut c.y);
        let mut a0 = [0u8; BLOCK];
        a0[0] = q as u8 - 1;
        a0[1..=n].copy_from_slice(&c.nonce[..n]);
        let mut s0 = a0;
        c.aes.encrypt(&mut s0);
        let mut ctr = Ctr::new(a0, q);
        ctr.increment();
        c.keyed = Some((ctr, s0));
        s0.zeroize();
        // The additional data's length encoding starts the first block after B0.
        let mut encoded = [0u8; 10];
        let prefix: &[u8] = if ad == 0 {
            &[]
        } else if ad < (1 << 16) - (1 << 8) {
            encoded[..2].copy_from_slice(&(ad as u16).to_be_bytes());
            &encoded[..2]
        } else if ad >> 32 == 0 {
            encoded[..2].copy_from_slice(&[0xff, 0xfe]);
            encoded[2..6].copy_from_slice(&(ad as u32).to_be_bytes());
            &encoded[..6]
        } else {
            encoded[..2].copy_from_slice(&[0xff, 0xff]);
            encoded[2..].copy_from_slice(&ad.to_be_bytes());
            &encoded[..]
        };
        let (aes, y) = (&c.aes, &mut c.y);
        self.pending.absorb(prefix, |b| cbc_mac(aes, y, b));
        self.phase = Phase::AdditionalData;
        Ok(())
    }

    /// `aead_update_ad`.
    pub(super) fn update_ad(&mut self, input: &[u8]) -> Result<()> {
        if self.phase != Phase::AdditionalData {
            return Err(Error::BadState);
        }
        let total = self
            .ad_len
            .checked_add(input.len() as u64)
            .ok_or(Error::InvalidArgument)?;
        if self.lengths.is_some_and(|(ad, _)| total > ad) {
            return Err(Error::InvalidArgument);
        }
        self.ad_len = total;
        let pending = &mut self.pending;
        match &mut self.engine {
            #[cfg(feature = "builtin-aead")]
            Engine::Gcm(g) => {
                let (ghash, _, _) = g.keyed.as_mut().ok_or(Error::BadState)?;
                pending.absorb(input, |b| ghash.update(&[(*b).into()]));
            }
            #[cfg(feature = "builtin-ccm")]
            Engine::Ccm(c) => {
                let (aes, y) = (&c.aes, &mut c.y);
                pending.absorb(input, |b| cbc_mac(aes, y, b));
            }
            #[cfg(feature = "builtin-aead")]
            Engine::ChaChaPoly(c) => {
                let (_, poly) = c.keyed.as_mut().ok_or(Error::BadState)?;
                pending.absorb(input, |b| poly.update(&[(*b).into()]));
            }
        }
        Ok(())
    }

    /// Close the additional data: all of it given (CCM: as declared), its last block padded.
    fn end_additional_data(&mut self) -> Result<()> {
        match self.phase {
            Phase::Body => return Ok(()),
            Phase::AdditionalData => {}
            _ => return Err(Error::BadState),
        }
        if self.lengths.is_some_and(|(ad, _)| ad != self.ad_len) {
            return Err(Error::InvalidArgument);
        }
        self.pad();
        self.phase = Phase::Body;
        Ok(())
    }

    /// The pending partial block, zero-padded, into the authenticator.
    fn pad(&mut self) {
        let pending = &mut self.pending;
        match &mut self.engine {
            #[cfg(feature = "builtin-aead")]
            Engine::Gcm(g) => {
                if let Some((ghash, _, _)) = g.keyed.as_mut() {
                    pending.pad(|b| ghash.update(&[(*b).into()]));
                }
            }
            #[cfg(feature = "builtin-ccm")]
            Engine::Ccm(c) => {
                let (aes, y) = (&c.aes, &mut c.y);
                pending.pad(|b| cbc_mac(aes, y, b));
            }
            #[cfg(feature = "builtin-aead")]
            Engine::ChaChaPoly(c) => {
                if let Some((_, poly)) = c.keyed.as_mut() {
                    pending.pad(|b| poly.update(&[(*b).into()]));
                }
            }
        }
    }

    /// `aead_update`: exactly `input.len()` bytes out.
    pub(super) fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        if self.phase == Phase::Setup || self.phase == Phase::Done {
            return Err(Error::BadState);
        }
        let total = self
            .body_len
            .checked_add(input.len() as u64)
            .ok_or(Error::InvalidArgument)?;
        if self.lengths.is_some_and(|(_, pt)| total > pt) {
            return Err(Error::InvalidArgument);
        }
        crate::policy::check_aead_lengths(self.alg, 0, total as usize)?;
        let out = output(out, input.len())?;
        self.end_additional_data()?;
        self.body_len = total;
        let encrypt = self.direction == Direction::Encrypt;
        let pending = &mut self.pending;
        match &mut self.engine {
            #[cfg(feature = "builtin-aead")]
            Engine::Gcm(g) => {
                let (ghash, ctr, _) = g.keyed.as_mut().ok_or(Error::BadState)?;
                if encrypt {
                    ctr.apply(&g.aes, input, out);
                    pending.absorb(out, |b| ghash.update(&[(*b).into()]));
                } else {
                    pending.absorb(input, |b| ghash.update(&[(*b).into()]));
                    ctr.apply(&g.aes, input, out);
                }
            }
            #[cfg(feature = "builtin-ccm")]
            Engine::Ccm(c) => {
                let (ctr, _) = c.keyed.as_mut().ok_or(Error::BadState)?;
                let (aes, y) = (&c.aes, &mut c.y);
                if encrypt {
                    pending.absorb(input, |b| cbc_mac(aes, y, b));
                    ctr.apply(aes, input, out);
                } else {
                    ctr.apply(aes, input, out);
                    pending.absorb(out, |b| cbc_mac(aes, y, b));
                }
            }
            #[cfg(feature = "builtin-aead")]
            Engine::ChaChaPoly(c) => {
                let (cipher, poly) = c.keyed.as_mut().ok_or(Error::BadState)?;
                if encrypt {
                    cipher
                        .try_apply_keystream_b2b(input, out)
                        .map_err(|_| Error::InvalidArgument)?;
                    pending.absorb(out, |b| poly.update(&[(*b).into()]));
                } else {
                    pending.absorb(input, |b| poly.update(&[(*b).into()]));
                    cipher
                        .try_apply_keystream_b2b(input, out)
                        .map_err(|_| Error::InvalidArgument)?;
                }
            }
        }
        Ok(input.len())
    }

    /// The full tag (the first `tag_length` bytes count), then the context is wiped.
    fn compute_tag(&mut self) -> Result<[u8; BLOCK]> {
        if self.phase == Phase::Setup || self.phase == Phase::Done {
            return Err(Error::BadState);
        }
        if self.lengths.is_some_and(|(_, pt)| pt != self.body_len) {
            return Err(Error::InvalidArgument);
        }
        self.end_additional_data()?;
        self.pad();
        let (ad_len, body_len) = (self.ad_len, self.body_len);
        let _ = (ad_len, body_len); // CCM has them in B0 and the encoded additional data.
        let tag = match &mut self.engine {
            #[cfg(feature = "builtin-aead")]
            Engine::Gcm(g) => {
                let (ghash, _, ek_j0) = g.keyed.as_ref().ok_or(Error::BadState)?;
                let mut hash = ghash.clone();
                let mut lengths = [0u8; BLOCK];
                lengths[..8].copy_from_slice(&ad_len.wrapping_mul(8).to_be_bytes());
                lengths[8..].copy_from_slice(&body_len.wrapping_mul(8).to_be_bytes());
                hash.update(&[lengths.into()]);
                let mut tag: [u8; BLOCK] = hash.finalize().into();
                for (t, k) in tag.iter_mut().zip(ek_j0) {
                    *t ^= k;
                }
                tag
            }
            #[cfg(feature = "builtin-ccm")]
            Engine::Ccm(c) => {
                let (_, s0) = c.keyed.as_ref().ok_or(Error::BadState)?;
                let mut tag = c.y;
                for (t, k) in tag.iter_mut().zip(s0) {
                    *t ^= k;
                }
                tag
            }
            #[cfg(feature = "builtin-aead")]
            Engine::ChaChaPoly(c) => {
                let (_, poly) = c.keyed.as_ref().ok_or(Error::BadState)?;
                let mut poly = poly.clone();
                let mut lengths = [0u8; BLOCK];
                lengths[..8].copy_from_slice(&ad_len.to_le_bytes());
                lengths[8..].copy_from_slice(&body_len.to_le_bytes());
                poly.update(&[lengths.into()]);
                poly.finalize().into()
            }
        };
        self.wipe();
        Ok(tag)
    }

    /// Drop every key and state (each wipes itself) and mark the context finished.
    fn wipe(&mut self) {
        match &mut self.engine {
            #[cfg(feature = "builtin-aead")]
            Engine::Gcm(g) => {
                if let Some((_, _, ek_j0)) = g.keyed.as_mut() {
                    ek_j0.zeroize();
                }
                g.keyed = None;
            }
            #[cfg(feature = "builtin-ccm")]
            Engine::Ccm(c) => {
                if let Some((_, s0)) = c.keyed.as_mut() {
                    s0.zeroize();
                }
                c.keyed = None;
                c.y.zeroize();
                c.nonce.zeroize();
            }
            #[cfg(feature = "builtin-aead")]
            Engine::ChaChaPoly(c) => {
                c.keyed = None;
                c.key.zeroize();
            }
        }
        self.pending.buf.zeroize();
        self.pending.len = 0;
        self.phase = Phase::Done;
    }

    /// `aead_finish`: no ciphertext is left (`update` streams); the tag.
    pub(super) fn finish(&mut self, tag: &mut [u8]) -> Result<(usize, usize)> {
        if self.direction != Direction::Encrypt {
            return Err(Error::BadState);
        }
        if matches!(self.phase, Phase::Setup | Phase::Done) {
            return Err(Error::BadState);
        }
        let out = output(tag, self.tag_length)?;
        let mut full = self.compute_tag()?;
        out.copy_from_slice(&full[..out.len()]);
        full.zeroize();
        Ok((0, self.tag_length))
    }

    /// `aead_verify`: compare the tag in constant time; no plaintext is left.
    pub(super) fn verify(&mut self, tag: &[u8]) -> Result<usize> {
        if self.direction != Direction::Decrypt {
            return Err(Error::BadState);
        }
        let mut full = self.compute_tag()?;
        let expected = &full[..self.tag_length];
        // The tag's length is public.
        let ok = tag.len() == expected.len() && bool::from(expected.ct_eq(tag));
        full.zeroize();
        if ok {
            Ok(0)
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

impl Drop for AeadContext {
    fn drop(&mut self) {
        self.wipe();
    }
}

/// One CBC-MAC step: `y = E(K, y ⊕ block)`.
#[cfg(feature = "builtin-ccm")]
fn cbc_mac(aes: &Aes, y: &mut [u8; BLOCK], block: &[u8; BLOCK]) {
    for (a, b) in y.iter_mut().zip(block) {
        *a ^= b;
    }
    aes.encrypt(y);
}

/// Single-part `aead_encrypt` through a context: ciphertext then tag.
pub(super) fn encrypt(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    nonce: &[u8],
    ad: &[u8],
    plaintext: &[u8],
    ciphertext: &mut [u8],
) -> Result<usize> {
    let mut ctx = AeadContext::new(key_type, key, alg, Direction::Encrypt)?;
    ctx.set_nonce(nonce)?;
    ctx.set_lengths(ad.len(), plaintext.len())?;
    let length = plaintext
        .len()
        .checked_add(ctx.tag_length)
        .ok_or(Error::InvalidArgument)?;
    let (body, tag) = output(ciphertext, length)?.split_at_mut(plaintext.len());
    ctx.update_ad(ad)?;
    ctx.update(plaintext, body)?;
    ctx.finish(tag)?;
    Ok(length)
}

/// Single-part `aead_decrypt` through a context; on a tag mismatch the plaintext written is
/// wiped before `INVALID_SIGNATURE` is returned.
pub(super) fn decrypt(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    nonce: &[u8],
    ad: &[u8],
    ciphertext: &[u8],
    plaintext: &mut [u8],
) -> Result<usize> {
    let mut ctx = AeadContext::new(key_type, key, alg, Direction::Decrypt)?;
    ctx.set_nonce(nonce)?;
    let length = ciphertext
        .len()
        .checked_sub(ctx.tag_length)
        .ok_or(Error::InvalidArgument)?;
    let (body, tag) = ciphertext.split_at(length);
    ctx.set_lengths(ad.len(), length)?;
    let out = output(plaintext, length)?;
    ctx.update_ad(ad)?;
    let r = ctx.update(body, out).and_then(|_| ctx.verify(tag));
    if let Err(e) = r {
        out.zeroize();
        return Err(e);
    }
    Ok(length)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context is inline in every AEAD operation: keep it bounded (AES-256 key schedule,
    /// GHASH key and state, two counter blocks, one pending block).
    #[test]
    fn the_context_is_fixed_and_bounded() {
        extern crate std;
        let size = core::mem::size_of::<AeadContext>();
        std::println!("AeadContext: {size} bytes");
        assert!(size <= 2048, "{size}");
    }

    /// CCM refuses data before its lengths, and more data than declared.
    #[cfg(feature = "builtin-ccm")]
    #[test]
    fn ccm_needs_lengths_before_data() {
        let mut ctx =
            AeadContext::new(KeyType::AES, &[1; 16], Algorithm::CCM, Direction::Encrypt).unwrap();
        ctx.set_nonce(&[2; 13]).unwrap();
        assert_eq!(ctx.update_ad(b"a"), Err(Error::BadState));
        assert_eq!(ctx.update(b"a", &mut [0; 1]), Err(Error::BadState));
        ctx.set_lengths(1, 1).unwrap();
        assert_eq!(ctx.set_lengths(1, 1), Err(Error::BadState));
        ctx.update_ad(b"a").unwrap();
        assert_eq!(ctx.update(b"ab", &mut [0; 2]), Err(Error::InvalidArgument));
        assert_eq!(ctx.update(b"a", &mut []), Err(Error::BufferTooSmall));
        assert_eq!(ctx.update(b"a", &mut [0; 1]), Ok(1));
        assert_eq!(ctx.finish(&mut [0; 15]), Err(Error::BufferTooSmall));
        assert_eq!(ctx.finish(&mut [0; 16]), Ok((0, 16)));
        assert_eq!(ctx.finish(&mut [0; 16]), Err(Error::BadState));
        // A 13-byte nonce leaves 2 bytes for the plaintext length.
        let mut ctx =
            AeadContext::new(KeyType::AES, &[1; 16], Algorithm::CCM, Direction::Encrypt).unwrap();
        ctx.set_lengths(0, 1 << 16).unwrap();
        assert_eq!(ctx.set_nonce(&[2; 13]), Err(Error::InvalidArgument));
    }
}
