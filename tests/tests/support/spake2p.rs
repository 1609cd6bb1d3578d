//! A SPAKE2+ (RFC 9383: P-256, SHA-256, HKDF, HMAC) for the tests, checked against the
//! RFC's Appendix C vectors in tests/pake.rs: the exchange behind pake.rs's Rust drivers and
//! behind the C PAKE shim driver of c_driver.rs (`#[path]`-included by both; test code, not a
//! product implementation).

use std::collections::VecDeque;
use std::sync::Mutex;

use hmac::{KeyInit, Mac};
use p256::elliptic_curve::sec1::ToSec1Point;
use p256::elliptic_curve::{Field, PrimeField};
use p256::{FieldBytes, ProjectivePoint, PublicKey, Scalar};
use psa_core::entry::ImportedKey;
use psa_core::{
    Algorithm, EccFamily, Error, KeyAttributes, KeyType, Location, PakeCipherSuite, PakeInputs,
    PakeKeyConfirmation, PakePrimitive, PakeRole, PakeStep, Result, Rng,
};

pub(crate) type HmacSha256 = hmac::Hmac<sha2::Sha256>;

// RFC 9383 Appendix C: SPAKE2+-P256-SHA256-HKDF-SHA256-HMAC-SHA256.
pub(crate) const CONTEXT: &[u8] = b"SPAKE2+-P256-SHA256-HKDF-SHA256-HMAC-SHA256 Test Vectors";
pub(crate) const ID_PROVER: &[u8] = b"client";
pub(crate) const ID_VERIFIER: &[u8] = b"server";
pub(crate) const W0: &str = "bb8e1bbcf3c48f62c08db243652ae55d3e5586053fca77102994f23ad95491b3";
pub(crate) const W1: &str = "7e945f34d78785b8a3ef44d0df5a1a97d6b3b460409a345ca7830387a74b1dba";
pub(crate) const L: &str = "04eb7c9db3d9a9eb1f8adab81b5794c1f13ae3e225efbe91ea487425854c7fc00f\
                 00bfedcbd09b2400142d40a14f2064ef31dfaa903b91d1faea7093d835966efd";
pub(crate) const X_SCALAR: &str =
    "d1232c8e8693d02368976c174e2088851b8365d0d79a9eee709c6a05a2fad539";
pub(crate) const SHARE_P: &str = "04ef3bd051bf78a2234ec0df197f7828060fe9856503579bb1733009042c15c0c1\
                       de127727f418b5966afadfdd95a6e4591d171056b333dab97a79c7193e341727";
pub(crate) const Y_SCALAR: &str =
    "717a72348a182085109c8d3917d6c43d59b224dc6a7fc4f0483232fa6516d8b3";
pub(crate) const SHARE_V: &str = "04c0f65da0d11927bdf5d560c69e1d7d939a05b0e88291887d679fcadea75810fb\
                       5cc1ca7494db39e82ff2f50665255d76173e09986ab46742c798a9a68437b048";
pub(crate) const CONFIRM_P: &str =
    "926cc713504b9b4d76c9162ded04b5493e89109f6d89462cd33adc46fda27527";
pub(crate) const CONFIRM_V: &str =
    "9747bcc4f8fe9f63defee53ac9b07876d907d55047e6ff2def2e7529089d3e68";
pub(crate) const K_SHARED: &str =
    "0c5f8ccd1413423a54f6c1fb26ff01534a87f893779c6e68666d772bfd91f3e7";
// RFC 9383 §4 (from RFC 9382): the P-256 points M and N, compressed.
pub(crate) const M: &str = "02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f";
pub(crate) const N: &str = "03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49";

pub(crate) const SPAKE2P: Algorithm = Algorithm::SPAKE2P_MATTER;
pub(crate) const SUITE: PakeCipherSuite =
    PakeCipherSuite::new(SPAKE2P, PakePrimitive::ecc(EccFamily::SECP_R1, 256));
pub(crate) const KEY_PAIR: KeyType = KeyType::spake2p_key_pair(EccFamily::SECP_R1);
pub(crate) const PUBLIC_KEY: KeyType = KeyType::spake2p_public_key(EccFamily::SECP_R1);
pub(crate) const VAULT: Location = Location(0x7f_5a_2b);

pub(crate) fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

pub(crate) fn scalar(bytes: &[u8]) -> Result<Scalar> {
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| Error::InvalidArgument)?;
    Option::from(Scalar::from_repr(FieldBytes::from(bytes))).ok_or(Error::InvalidArgument)
}

pub(crate) fn point(bytes: &[u8]) -> Result<ProjectivePoint> {
    PublicKey::from_sec1_bytes(bytes)
        .map(|p| p.to_projective())
        .map_err(|_| Error::InvalidArgument)
}

pub(crate) fn encode(p: &ProjectivePoint) -> Result<[u8; 65]> {
    let e = p.to_affine().to_sec1_point(false);
    e.as_bytes().try_into().map_err(|_| Error::InvalidArgument)
}

pub(crate) fn hmac(key: &[u8], data: &[&[u8]]) -> [u8; 32] {
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(key).unwrap();
    for d in data {
        m.update(d);
    }
    m.finalize().into_bytes().into()
}

/// HKDF-SHA-256 (RFC 5869) with an empty salt, for up to 64 bytes.
pub(crate) fn hkdf(ikm: &[u8], info: &[u8], out: &mut [u8]) {
    let prk = hmac(&[0; 32], &[ikm]);
    let t1 = hmac(&prk, &[info, &[1]]);
    let t2 = hmac(&prk, &[&t1, info, &[2]]);
    let n = out.len();
    let all = [t1, t2].concat();
    out.copy_from_slice(&all[..n]);
}

/// The SPAKE2+ key schedule (RFC 9383 §3.4): (K_confirmP, K_confirmV, K_shared).
#[allow(clippy::too_many_arguments)]
pub(crate) fn schedule(
    context: &[u8],
    id_prover: &[u8],
    id_verifier: &[u8],
    share_p: &[u8],
    share_v: &[u8],
    z: &[u8],
    v: &[u8],
    w0: &[u8],
) -> Result<([u8; 32], [u8; 32], [u8; 32])> {
    use sha2::Digest;
    let m = encode(&point(&h(M))?)?;
    let n = encode(&point(&h(N))?)?;
    let mut tt = sha2::Sha256::new();
    for part in [
        context,
        id_prover,
        id_verifier,
        &m[..],
        &n[..],
        share_p,
        share_v,
        z,
        v,
        w0,
    ] {
        tt.update((part.len() as u64).to_le_bytes());
        tt.update(part);
    }
    let k_main = tt.finalize();
    let mut confirm = [0u8; 64];
    hkdf(&k_main, b"ConfirmationKeys", &mut confirm);
    let mut shared = [0u8; 32];
    hkdf(&k_main, b"SharedKey", &mut shared);
    Ok((
        confirm[..32].try_into().unwrap(),
        confirm[32..].try_into().unwrap(),
        shared,
    ))
}

/// What the protocol expects next, per role (PSA 1.2 SPAKE2+ step order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Prover: output KEY_SHARE. Verifier: input KEY_SHARE.
    Share,
    /// Prover: input KEY_SHARE. Verifier: output KEY_SHARE.
    PeerShare,
    /// Prover: input CONFIRM. Verifier: output CONFIRM.
    FirstConfirm,
    /// Prover: output CONFIRM. Verifier: input CONFIRM.
    SecondConfirm,
    /// Both confirmations done: only the shared key.
    Done,
}

/// A SPAKE2+ exchange in progress.
pub struct Spake2pContext {
    pub(crate) prover: bool,
    pub(crate) w0: Scalar,
    /// Prover: w1. Verifier: unused.
    pub(crate) w1: Scalar,
    /// Verifier: L = w1·P. Prover: unused.
    pub(crate) l: ProjectivePoint,
    pub(crate) context: Vec<u8>,
    pub(crate) id_prover: Vec<u8>,
    pub(crate) id_verifier: Vec<u8>,
    /// The ephemeral scalar (x or y).
    pub(crate) ephemeral: Scalar,
    pub(crate) share_p: [u8; 65],
    pub(crate) share_v: [u8; 65],
    pub(crate) keys: Option<([u8; 32], [u8; 32], [u8; 32])>,
    pub(crate) confirmed_key: bool,
    pub(crate) next: Next,
}

/// A SPAKE2+ driver for tests (P-256 only). Ephemeral scalars come from `rng`, or from
/// `fixed` when a test queues the RFC's.
pub struct Spake2pDriver {
    pub(crate) fixed: Mutex<VecDeque<Scalar>>,
    /// A length `pake_output` and `pake_get_shared_key` report instead of the true one, once.
    pub(crate) lie: Mutex<Option<usize>>,
}

impl Spake2pDriver {
    pub(crate) fn new() -> Self {
        Spake2pDriver {
            fixed: Mutex::new(VecDeque::new()),
            lie: Mutex::new(None),
        }
    }

    pub(crate) fn ephemeral(&self, rng: Rng<'_>) -> Result<Scalar> {
        if let Some(s) = self.fixed.lock().unwrap().pop_front() {
            return Ok(s);
        }
        loop {
            let mut bytes = [0u8; 32];
            rng.fill(&mut bytes)?;
            if let Ok(s) = scalar(&bytes)
                && !bool::from(s.is_zero())
            {
                return Ok(s);
            }
        }
    }

    /// Import `w0‖w1` (key pair) or `w0‖L` (public key), checking the scalars and the point.
    pub(crate) fn import(
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        let t = attributes.key_type();
        if t != KEY_PAIR && t != PUBLIC_KEY {
            return Err(Error::NotSupported);
        }
        let len = if t == KEY_PAIR { 64 } else { 97 };
        if data.len() != len {
            return Err(Error::InvalidArgument);
        }
        scalar(&data[..32])?;
        if t == KEY_PAIR {
            scalar(&data[32..])?;
        } else {
            point(&data[32..])?;
        }
        let out = key_buffer.get_mut(..len).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(data);
        Ok(ImportedKey {
            length: len,
            bits: 256,
        })
    }

    pub(crate) fn export_public(key_buffer: &[u8], data: &mut [u8]) -> Result<usize> {
        let w1 = scalar(key_buffer.get(32..64).ok_or(Error::CorruptionDetected)?)?;
        let l = encode(&(ProjectivePoint::GENERATOR * w1))?;
        let out = data.get_mut(..97).ok_or(Error::BufferTooSmall)?;
        out[..32].copy_from_slice(&key_buffer[..32]);
        out[32..].copy_from_slice(&l);
        Ok(97)
    }

    pub(crate) fn setup(
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        inputs: &PakeInputs<'_>,
    ) -> Result<Spake2pContext> {
        let suite = inputs.cipher_suite;
        if !alg.is_spake2p()
            || alg.pake_hash() != Algorithm::SHA_256
            || alg == Algorithm::spake2p_cmac(Algorithm::SHA_256)
            || suite.primitive != PakePrimitive::ecc(EccFamily::SECP_R1, 256)
        {
            return Err(Error::NotSupported);
        }
        let prover = match inputs.role {
            PakeRole::CLIENT => true,
            PakeRole::SERVER => false,
            _ => return Err(Error::InvalidArgument),
        };
        let w0 = scalar(key_buffer.get(..32).ok_or(Error::CorruptionDetected)?)?;
        let (w1, l) = if attributes.key_type() == KEY_PAIR {
            let w1 = scalar(&key_buffer[32..64])?;
            (w1, ProjectivePoint::GENERATOR * w1)
        } else if prover {
            return Err(Error::InvalidArgument);
        } else {
            (Scalar::ZERO, point(&key_buffer[32..97])?)
        };
        let (id_prover, id_verifier) = if prover {
            (inputs.user, inputs.peer)
        } else {
            (inputs.peer, inputs.user)
        };
        Ok(Spake2pContext {
            prover,
            w0,
            w1,
            l,
            context: inputs.context.to_vec(),
            id_prover: id_prover.to_vec(),
            id_verifier: id_verifier.to_vec(),
            ephemeral: Scalar::ZERO,
            share_p: [0; 65],
            share_v: [0; 65],
            keys: None,
            confirmed_key: suite.key_confirmation == PakeKeyConfirmation::Confirmed,
            next: Next::Share,
        })
    }

    pub(crate) fn output(
        &self,
        ctx: &mut Spake2pContext,
        step: PakeStep,
        out: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        let m = point(&h(M))?;
        let n = point(&h(N))?;
        match (ctx.prover, ctx.next, step) {
            (true, Next::Share, PakeStep::KeyShare) => {
                let out = out.get_mut(..65).ok_or(Error::BufferTooSmall)?;
                ctx.ephemeral = self.ephemeral(rng)?;
                ctx.share_p = encode(&(ProjectivePoint::GENERATOR * ctx.ephemeral + m * ctx.w0))?;
                out.copy_from_slice(&ctx.share_p);
                ctx.next = Next::PeerShare;
                Ok(65)
            }
            (false, Next::PeerShare, PakeStep::KeyShare) => {
                let out = out.get_mut(..65).ok_or(Error::BufferTooSmall)?;
                let y = self.ephemeral(rng)?;
                ctx.share_v = encode(&(ProjectivePoint::GENERATOR * y + n * ctx.w0))?;
                let x_part = point(&ctx.share_p)? - m * ctx.w0;
                let z = encode(&(x_part * y))?;
                let v = encode(&(ctx.l * y))?;
                ctx.keys = Some(Self::keys(ctx, &z, &v)?);
                out.copy_from_slice(&ctx.share_v);
                ctx.next = Next::FirstConfirm;
                Ok(65)
            }
            (false, Next::FirstConfirm, PakeStep::Confirm) => {
                let out = out.get_mut(..32).ok_or(Error::BufferTooSmall)?;
                let (_, k_confirm_v, _) = ctx.keys.ok_or(Error::BadState)?;
                out.copy_from_slice(&hmac(&k_confirm_v, &[&ctx.share_p]));
                ctx.next = Next::SecondConfirm;
                Ok(32)
            }
            (true, Next::SecondConfirm, PakeStep::Confirm) => {
                let out = out.get_mut(..32).ok_or(Error::BufferTooSmall)?;
                let (k_confirm_p, _, _) = ctx.keys.ok_or(Error::BadState)?;
                out.copy_from_slice(&hmac(&k_confirm_p, &[&ctx.share_v]));
                ctx.next = Next::Done;
                Ok(32)
            }
            (_, _, PakeStep::KeyShare | PakeStep::Confirm) => Err(Error::BadState),
            _ => Err(Error::InvalidArgument),
        }
    }

    pub(crate) fn keys(
        ctx: &Spake2pContext,
        z: &[u8],
        v: &[u8],
    ) -> Result<([u8; 32], [u8; 32], [u8; 32])> {
        schedule(
            &ctx.context,
            &ctx.id_prover,
            &ctx.id_verifier,
            &ctx.share_p,
            &ctx.share_v,
            z,
            v,
            &ctx.w0.to_repr(),
        )
    }

    pub(crate) fn input(ctx: &mut Spake2pContext, step: PakeStep, input: &[u8]) -> Result<()> {
        let n = point(&h(N))?;
        match (ctx.prover, ctx.next, step) {
            (false, Next::Share, PakeStep::KeyShare) => {
                point(input)?;
                ctx.share_p.copy_from_slice(input);
                ctx.next = Next::PeerShare;
                Ok(())
            }
            (true, Next::PeerShare, PakeStep::KeyShare) => {
                let y_part = point(input)? - n * ctx.w0;
                if bool::from(p256::elliptic_curve::Group::is_identity(&y_part)) {
                    return Err(Error::InvalidArgument);
                }
                ctx.share_v.copy_from_slice(input);
                let z = encode(&(y_part * ctx.ephemeral))?;
                let v = encode(&(y_part * ctx.w1))?;
                ctx.keys = Some(Self::keys(ctx, &z, &v)?);
                ctx.next = Next::FirstConfirm;
                Ok(())
            }
            (true, Next::FirstConfirm, PakeStep::Confirm) => {
                let (_, k_confirm_v, _) = ctx.keys.ok_or(Error::BadState)?;
                let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&k_confirm_v).unwrap();
                mac.update(&ctx.share_p);
                mac.verify_slice(input)
                    .map_err(|_| Error::InvalidSignature)?;
                ctx.next = Next::SecondConfirm;
                Ok(())
            }
            (false, Next::SecondConfirm, PakeStep::Confirm) => {
                let (k_confirm_p, _, _) = ctx.keys.ok_or(Error::BadState)?;
                let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&k_confirm_p).unwrap();
                mac.update(&ctx.share_v);
                mac.verify_slice(input)
                    .map_err(|_| Error::InvalidSignature)?;
                ctx.next = Next::Done;
                Ok(())
            }
            (_, _, PakeStep::KeyShare | PakeStep::Confirm) => Err(Error::BadState),
            _ => Err(Error::InvalidArgument),
        }
    }

    pub(crate) fn shared_key(ctx: &mut Spake2pContext, out: &mut [u8]) -> Result<usize> {
        let ready = if ctx.confirmed_key {
            ctx.next == Next::Done
        } else {
            ctx.keys.is_some()
        };
        let (_, _, k_shared) = ctx.keys.filter(|_| ready).ok_or(Error::BadState)?;
        let out = out.get_mut(..32).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(&k_shared);
        Ok(32)
    }
}
