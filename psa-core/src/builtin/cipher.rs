//! AES-CTR, AES-CBC without padding, AES-CBC with PKCS#7 padding and AES-ECB without padding
//! (no IV; the input a whole number of blocks).
//!
//! Single-part calls run the multi-part engine over the whole input, after computing the
//! exact output length, so that a short output buffer is reported before anything is written.

use core::{fmt, mem};

use aes::{Aes128, Aes192, Aes256};
use cbc::cipher::{
    Array, BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt,
    BlockSizeUser, InnerIvInit, KeyInit, StreamCipher, consts::U16,
};
use ctr::{Ctr128BE, CtrCore};
use subtle::{ConstantTimeEq, ConstantTimeGreater, ConstantTimeLess};
use zeroize::Zeroize;

use crate::{Algorithm, Error, KeyType, Result};

use super::output;

const BLOCK: usize = 16;

// The `zeroize` features of aes, cbc and ctr are on: key schedules and chaining state are wiped
// on drop.
const _: () = {
    fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    let _ = zeroize_on_drop::<Aes128>;
    let _ = zeroize_on_drop::<Aes192>;
    let _ = zeroize_on_drop::<Aes256>;
    let _ = zeroize_on_drop::<cbc::Encryptor<Aes256>>;
    let _ = zeroize_on_drop::<cbc::Decryptor<Aes256>>;
    let _ = zeroize_on_drop::<Ctr128BE<Aes256>>;
};

/// The cipher modes served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Ctr,
    CbcNoPadding,
    CbcPkcs7,
    /// `ECB_NO_PADDING`: each block alone, no IV.
    Ecb,
}

/// Which way a cipher context runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction {
    Encrypt,
    Decrypt,
}

/// The mode of `alg` for a key of `key_type`, after the PSA checks.
fn mode(key_type: KeyType, alg: Algorithm) -> Result<Mode> {
    if !alg.is_cipher() {
        return Err(Error::InvalidArgument);
    }
    let mode = match alg {
        Algorithm::CTR => Mode::Ctr,
        Algorithm::CBC_NO_PADDING => Mode::CbcNoPadding,
        Algorithm::CBC_PKCS7 => Mode::CbcPkcs7,
        Algorithm::ECB_NO_PADDING => Mode::Ecb,
        // CFB, OFB, XTS, the ChaCha20 stream cipher, vendor modes.
        _ => return Err(Error::NotSupported),
    };
    match key_type {
        KeyType::AES => Ok(mode),
        // ARIA, Camellia, DES: valid block ciphers for these modes, not implemented here.
        _ if key_type.block_length() > 1 => Err(Error::NotSupported),
        _ => Err(Error::InvalidArgument),
    }
}

/// A block cipher's progress through a message.
enum Stage<C: BlockCipherEncrypt + BlockCipherDecrypt + BlockSizeUser<BlockSize = U16>> {
    /// Keyed, waiting for `set_iv`.
    AwaitingIv(C),
    Ctr(Ctr128BE<C>),
    CbcEncrypt(cbc::Encryptor<C>),
    CbcDecrypt(cbc::Decryptor<C>),
    EcbEncrypt(C),
    EcbDecrypt(C),
    /// After `cipher_finish` (or a failed IV set-up): the key is gone.
    Done,
}

/// The key-size-independent face of a [`Stage`].
trait Engine {
    fn set_iv(&mut self, mode: Mode, direction: Direction, iv: &[u8]) -> Result<()>;
    /// ECB: start without an IV.
    fn start_ecb(&mut self, direction: Direction);
    fn has_iv(&self) -> bool;
    /// CTR: XOR the keystream over `input` into `output` (of the same length).
    fn ctr(&mut self, input: &[u8], output: &mut [u8]) -> Result<()>;
    /// CBC: encrypt or decrypt one block in place, chaining.
    fn cbc(&mut self, block: &mut [u8; BLOCK]) -> Result<()>;
    fn finish(&mut self);
}

impl<C> Engine for Stage<C>
where
    C: BlockCipherEncrypt + BlockCipherDecrypt + BlockSizeUser<BlockSize = U16>,
{
    fn set_iv(&mut self, mode: Mode, direction: Direction, iv: &[u8]) -> Result<()> {
        if !matches!(self, Stage::AwaitingIv(_)) {
            return Err(Error::BadState);
        }
        let iv: &Array<u8, U16> = iv.try_into().map_err(|_| Error::InvalidArgument)?;
        let Stage::AwaitingIv(cipher) = mem::replace(self, Stage::Done) else {
            return Err(Error::BadState);
        };
        *self = match (mode, direction) {
            // ECB takes no IV (the context started at set-up): put the key back.
            (Mode::Ecb, _) => {
                *self = Stage::AwaitingIv(cipher);
                return Err(Error::BadState);
            }
            (Mode::Ctr, _) => Stage::Ctr(Ctr128BE::from_core(CtrCore::inner_iv_init(cipher, iv))),
            (_, Direction::Encrypt) => Stage::CbcEncrypt(cbc::Encryptor::inner_iv_init(cipher, iv)),
            (_, Direction::Decrypt) => Stage::CbcDecrypt(cbc::Decryptor::inner_iv_init(cipher, iv)),
        };
        Ok(())
    }

    fn start_ecb(&mut self, direction: Direction) {
        if let Stage::AwaitingIv(cipher) = mem::replace(self, Stage::Done) {
            *self = match direction {
                Direction::Encrypt => Stage::EcbEncrypt(cipher),
                Direction::Decrypt => Stage::EcbDecrypt(cipher),
            };
        }
    }

    fn has_iv(&self) -> bool {
        matches!(
            self,
            Stage::Ctr(_)
                | Stage::CbcEncrypt(_)
                | Stage::CbcDecrypt(_)
                | Stage::EcbEncrypt(_)
                | Stage::EcbDecrypt(_)
        )
    }

    fn ctr(&mut self, input: &[u8], output: &mut [u8]) -> Result<()> {
        match self {
            // Fails only past 2^128 blocks, or on a length mismatch the caller rules out.
            Stage::Ctr(c) => c
                .try_apply_keystream_b2b(input, output)
                .map_err(|_| Error::InvalidArgument),
            _ => Err(Error::BadState),
        }
    }

    fn cbc(&mut self, block: &mut [u8; BLOCK]) -> Result<()> {
        let block: &mut Array<u8, U16> = block.into();
        match self {
            Stage::CbcEncrypt(c) => c.encrypt_block(block),
            Stage::CbcDecrypt(c) => c.decrypt_block(block),
            Stage::EcbEncrypt(c) => c.encrypt_block(block),
            Stage::EcbDecrypt(c) => c.decrypt_block(block),
            _ => return Err(Error::BadState),
        }
        Ok(())
    }

    fn finish(&mut self) {
        *self = Stage::Done;
    }
}

/// The keyed engine, by key size. The AES key schedules and chaining state zeroize on drop
/// (the `zeroize` features of aes, ctr and cbc).
#[allow(clippy::large_enum_variant)] // No heap (no_std without alloc): the context is inline.
enum Keyed {
    Aes128(Stage<Aes128>),
    Aes192(Stage<Aes192>),
    Aes256(Stage<Aes256>),
}

impl Keyed {
    fn new(key: &[u8]) -> Result<Keyed> {
        let e = |_| Error::InvalidArgument;
        Ok(match key.len() {
            16 => Keyed::Aes128(Stage::AwaitingIv(Aes128::new_from_slice(key).map_err(e)?)),
            24 => Keyed::Aes192(Stage::AwaitingIv(Aes192::new_from_slice(key).map_err(e)?)),
            32 => Keyed::Aes256(Stage::AwaitingIv(Aes256::new_from_slice(key).map_err(e)?)),
            _ => return Err(Error::InvalidArgument),
        })
    }

    fn engine(&mut self) -> &mut dyn Engine {
        match self {
            Keyed::Aes128(s) => s,
            Keyed::Aes192(s) => s,
            Keyed::Aes256(s) => s,
        }
    }

    fn engine_ref(&self) -> &dyn Engine {
        match self {
            Keyed::Aes128(s) => s,
            Keyed::Aes192(s) => s,
            Keyed::Aes256(s) => s,
        }
    }
}

/// Built-in multi-part cipher context (AES-CTR, AES-CBC, AES-CBC-PKCS7).
///
/// Key schedule, chaining state and buffered data are wiped on drop; `Debug` shows none of
/// them.
pub struct CipherContext {
    mode: Mode,
    direction: Direction,
    keyed: Keyed,
    /// CBC: input not yet processed (for PKCS#7 decryption, up to one whole block held back).
    pending: [u8; BLOCK],
    pending_len: usize,
    /// PKCS#7 decryption: `pending` holds the decrypted last block (see `finish`).
    last_block_decrypted: bool,
    finished: bool,
}

impl Drop for CipherContext {
    fn drop(&mut self) {
        self.pending.zeroize();
    }
}

impl fmt::Debug for CipherContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CipherContext")
            .field("mode", &self.mode)
            .field("direction", &self.direction)
            .field("iv_set", &self.keyed.engine_ref().has_iv())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl CipherContext {
    pub(super) fn new(
        key_type: KeyType,
        key: &[u8],
        alg: Algorithm,
        direction: Direction,
    ) -> Result<CipherContext> {
        let mode = mode(key_type, alg)?;
        let mut ctx = CipherContext {
            mode,
            direction,
            keyed: Keyed::new(key)?,
            pending: [0; BLOCK],
            pending_len: 0,
            last_block_decrypted: false,
            finished: false,
        };
        if mode == Mode::Ecb {
            ctx.keyed.engine().start_ecb(direction);
        }
        Ok(ctx)
    }

    pub(super) fn set_iv(&mut self, iv: &[u8]) -> Result<()> {
        if self.finished {
            return Err(Error::BadState);
        }
        self.keyed.engine().set_iv(self.mode, self.direction, iv)
    }

    fn check_active(&self) -> Result<()> {
        if self.finished || !self.keyed.engine_ref().has_iv() {
            Err(Error::BadState)
        } else {
            Ok(())
        }
    }

    /// How many bytes [`update`](Self::update) writes for `input_len` more input bytes.
    fn update_length(&self, input_len: usize) -> Result<usize> {
        if self.mode == Mode::Ctr {
            return Ok(input_len);
        }
        let total = self
            .pending_len
            .checked_add(input_len)
            .ok_or(Error::InvalidArgument)?;
        // Decrypting with padding, the last whole block waits for `finish`, which strips the
        // padding: keep 1..=16 bytes back, never 0.
        let kept =
            if self.mode == Mode::CbcPkcs7 && self.direction == Direction::Decrypt && total > 0 {
                (total - 1) % BLOCK + 1
            } else {
                total % BLOCK
            };
        Ok(total - kept)
    }

    pub(super) fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.check_active()?;
        if self.last_block_decrypted {
            return Err(Error::BadState);
        }
        let length = self.update_length(input.len())?;
        let out = output(out, length)?;
        if self.mode == Mode::Ctr {
            self.keyed.engine().ctr(input, out)?;
            return Ok(length);
        }
        let mut input = input;
        let mut blocks = out.chunks_exact_mut(BLOCK);
        // `length` is a whole number of blocks taken from `pending` followed by `input`.
        for block_out in &mut blocks {
            let take = (BLOCK - self.pending_len).min(input.len());
            let (head, rest) = input.split_at(take);
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(head);
            self.pending_len += take;
            input = rest;
            if self.pending_len != BLOCK {
                return Err(Error::CorruptionDetected);
            }
            let mut block = self.pending;
            self.keyed.engine().cbc(&mut block)?;
            block_out.copy_from_slice(&block);
            block.zeroize();
            self.pending_len = 0;
        }
        let end = self.pending_len + input.len();
        self.pending
            .get_mut(self.pending_len..end)
            .ok_or(Error::CorruptionDetected)?
            .copy_from_slice(input);
        self.pending_len = end;
        Ok(length)
    }

    pub(super) fn finish(&mut self, out: &mut [u8]) -> Result<usize> {
        self.check_active()?;
        let length = match (self.mode, self.direction) {
            (Mode::Ctr, _) => 0,
            (Mode::CbcNoPadding | Mode::Ecb, _) => {
                if self.pending_len != 0 {
                    return Err(Error::InvalidArgument);
                }
                0
            }
            (Mode::CbcPkcs7, Direction::Encrypt) => {
                let out = output(out, BLOCK)?;
                // 1..=16 bytes of padding, each holding the padding length.
                let pad = BLOCK - self.pending_len;
                let mut block = self.pending;
                block[self.pending_len..].fill(pad as u8);
                self.keyed.engine().cbc(&mut block)?;
                out.copy_from_slice(&block);
                BLOCK
            }
            (Mode::CbcPkcs7, Direction::Decrypt) => {
                // Decrypted in place once, so that a retry after `BUFFER_TOO_SMALL` (the
                // length is known only now) finds the same plaintext.
                if !self.last_block_decrypted {
                    if self.pending_len != BLOCK {
                        return Err(Error::InvalidArgument);
                    }
                    self.keyed.engine().cbc(&mut self.pending)?;
                    self.last_block_decrypted = true;
                }
                let len = unpad(&self.pending)?;
                output(out, len)?.copy_from_slice(&self.pending[..len]);
                len
            }
        };
        self.pending.zeroize();
        self.pending_len = 0;
        self.finished = true;
        self.keyed.engine().finish();
        Ok(length)
    }
}

/// The plaintext length of a decrypted last block, or `INVALID_PADDING`; constant time in the
/// block's content.
fn unpad(block: &[u8; BLOCK]) -> Result<usize> {
    let pad = block[BLOCK - 1];
    let mut valid = !pad.ct_eq(&0) & !pad.ct_gt(&(BLOCK as u8));
    for (i, byte) in block.iter().enumerate() {
        // Byte `i` is padding when it is among the last `pad` bytes.
        let in_padding = ((BLOCK - 1 - i) as u8).ct_lt(&pad);
        valid &= !in_padding | byte.ct_eq(&pad);
    }
    if bool::from(valid) {
        Ok(BLOCK - usize::from(pad))
    } else {
        Err(Error::InvalidPadding)
    }
}

/// `cipher_encrypt`: the ciphertext only (the core writes the IV before it).
pub(super) fn encrypt(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    iv: &[u8],
    input: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    let mut ctx = CipherContext::new(key_type, key, alg, Direction::Encrypt)?;
    if ctx.mode == Mode::Ecb {
        if !iv.is_empty() {
            return Err(Error::InvalidArgument);
        }
    } else {
        ctx.set_iv(iv)?;
    }
    let length = match ctx.mode {
        Mode::Ctr => input.len(),
        Mode::CbcNoPadding | Mode::Ecb if input.len().is_multiple_of(BLOCK) => input.len(),
        Mode::CbcNoPadding | Mode::Ecb => return Err(Error::InvalidArgument),
        Mode::CbcPkcs7 => (input.len() / BLOCK)
            .checked_add(1)
            .and_then(|n| n.checked_mul(BLOCK))
            .ok_or(Error::InvalidArgument)?,
    };
    let out = output(out, length)?;
    let (body, tail) = out.split_at_mut(ctx.update_length(input.len())?.min(length));
    let n = ctx.update(input, body)?;
    Ok(n + ctx.finish(tail)?)
}

/// `cipher_decrypt`: `input` is the IV followed by the ciphertext.
pub(super) fn decrypt(
    key_type: KeyType,
    key: &[u8],
    alg: Algorithm,
    input: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    let mut ctx = CipherContext::new(key_type, key, alg, Direction::Decrypt)?;
    let iv_length = if ctx.mode == Mode::Ecb { 0 } else { BLOCK };
    if input.len() < iv_length {
        return Err(Error::InvalidArgument);
    }
    let (iv, ciphertext) = input.split_at(iv_length);
    if ctx.mode != Mode::Ecb {
        ctx.set_iv(iv)?;
    }
    let length = match ctx.mode {
        Mode::Ctr => ciphertext.len(),
        Mode::CbcNoPadding | Mode::Ecb if ciphertext.len().is_multiple_of(BLOCK) => {
            ciphertext.len()
        }
        Mode::CbcPkcs7 if ciphertext.len().is_multiple_of(BLOCK) && !ciphertext.is_empty() => {
            // The plaintext length depends on the padding: decrypt the last block alone first
            // (CBC needs only it and the block before it), so that a bad padding or a short
            // buffer is reported before anything is written.
            let (previous, last) = input.split_at(input.len() - BLOCK);
            let chain = previous
                .len()
                .checked_sub(BLOCK)
                .and_then(|start| previous.get(start..))
                .ok_or(Error::CorruptionDetected)?;
            let mut probe = CipherContext::new(key_type, key, alg, Direction::Decrypt)?;
            probe.set_iv(chain)?;
            probe.update(last, &mut [])?;
            let mut tail = [0u8; BLOCK];
            let tail_len = probe.finish(&mut tail);
            tail.zeroize();
            ciphertext.len() - BLOCK + tail_len?
        }
        Mode::CbcNoPadding | Mode::CbcPkcs7 | Mode::Ecb => return Err(Error::InvalidArgument),
    };
    let out = output(out, length)?;
    let (body, tail) = out.split_at_mut(ctx.update_length(ciphertext.len())?.min(length));
    let n = ctx.update(ciphertext, body)?;
    Ok(n + ctx.finish(tail)?)
}
