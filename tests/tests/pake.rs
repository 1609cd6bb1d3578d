//! PAKE through the front-end: a SPAKE2+ (RFC 9383, P-256, SHA-256, HKDF, HMAC) test driver,
//! checked against the RFC's Appendix C vectors, two operations running a full exchange
//! against each other, a wrong password failing key confirmation, the state rules, policy,
//! routing by the password key's location (transparent and opaque), and receipts naming the
//! driver that served each step. The built-in has no PAKE (no well-kept crate provides
//! SPAKE2+ or EC J-PAKE), so these drivers are the only implementation.

use psa_core::Dispatch;
use psa_core::entry::ImportedKey;
use psa_core::{
    Algorithm, DerivationStep, EccFamily, Error, KeyAttributes, KeyId, KeyType, Lifetime, Location,
    PakeCipherSuite, PakeInputs, PakeKeyConfirmation, PakePrimitive, PakeRole, PakeStep,
    Persistence, Psa, Result, Rng, UsageFlags, psa_driver, register_drivers,
};

#[path = "support/spake2p.rs"]
mod spake2p;
use spake2p::*;

#[psa_driver(
    prefix = "spake2p",
    kind = "transparent",
    entry_points = [
        import_key, export_public_key,
        pake_setup, pake_output, pake_input, pake_get_shared_key, pake_abort,
    ],
    capability(
        entry_points = [import_key, export_public_key, pake_setup],
        algorithms = [Algorithm::SPAKE2P_MATTER, Algorithm::spake2p_hmac(Algorithm::SHA_256)],
        key_types = [
            KeyType::spake2p_key_pair(EccFamily::SECP_R1),
            KeyType::spake2p_public_key(EccFamily::SECP_R1),
        ],
    ),
)]
impl Spake2pDriver {
    fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        Self::import(attributes, data, key_buffer)
    }
    fn export_public_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        Self::export_public(key_buffer, data)
    }
    fn pake_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        inputs: &PakeInputs<'_>,
    ) -> Result<Spake2pContext> {
        Self::setup(attributes, key_buffer, alg, inputs)
    }
    fn pake_output(
        &self,
        ctx: &mut Spake2pContext,
        step: PakeStep,
        output: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        let n = self.output(ctx, step, output, rng)?;
        Ok(self.lie.lock().unwrap().take().unwrap_or(n))
    }
    fn pake_input(&self, ctx: &mut Spake2pContext, step: PakeStep, input: &[u8]) -> Result<()> {
        Self::input(ctx, step, input)
    }
    fn pake_get_shared_key(&self, ctx: &mut Spake2pContext, output: &mut [u8]) -> Result<usize> {
        let n = Self::shared_key(ctx, output)?;
        Ok(self.lie.lock().unwrap().take().unwrap_or(n))
    }
    fn pake_abort(&self, _ctx: &mut Spake2pContext) -> Result<()> {
        Ok(())
    }
}

/// The same SPAKE2+ as an opaque driver at its own location: its key buffers hold the key
/// as imported (a stand-in for a secure element's own form).
pub struct Spake2pVault {
    inner: Spake2pDriver,
}

#[psa_driver(
    prefix = "vault",
    kind = "opaque",
    location = VAULT,
    entry_points = [
        import_key, export_public_key,
        pake_setup, pake_output, pake_input, pake_get_shared_key, pake_abort,
    ],
)]
impl Spake2pVault {
    fn import_key(
        &self,
        attributes: &KeyAttributes,
        data: &[u8],
        key_buffer: &mut [u8],
    ) -> Result<ImportedKey> {
        Spake2pDriver::import(attributes, data, key_buffer)
    }
    fn export_public_key(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        data: &mut [u8],
    ) -> Result<usize> {
        if attributes.key_type() != KEY_PAIR {
            return Err(Error::NotSupported);
        }
        Spake2pDriver::export_public(key_buffer, data)
    }
    fn pake_setup(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        inputs: &PakeInputs<'_>,
    ) -> Result<Spake2pContext> {
        Spake2pDriver::setup(attributes, key_buffer, alg, inputs)
    }
    fn pake_output(
        &self,
        ctx: &mut Spake2pContext,
        step: PakeStep,
        output: &mut [u8],
        rng: Rng<'_>,
    ) -> Result<usize> {
        self.inner.output(ctx, step, output, rng)
    }
    fn pake_input(&self, ctx: &mut Spake2pContext, step: PakeStep, input: &[u8]) -> Result<()> {
        Spake2pDriver::input(ctx, step, input)
    }
    fn pake_get_shared_key(&self, ctx: &mut Spake2pContext, output: &mut [u8]) -> Result<usize> {
        Spake2pDriver::shared_key(ctx, output)
    }
    fn pake_abort(&self, _ctx: &mut Spake2pContext) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    /// SPAKE2+ for local keys and in the vault; the built-in (no PAKE) last.
    pub struct App {
        transparent: [spake2p: Spake2pDriver],
        opaque: [vault: Spake2pVault],
        builtin: true,
    }
}

fn psa() -> Psa<App> {
    Psa::new(App::new(
        Spake2pDriver::new(),
        Spake2pVault {
            inner: Spake2pDriver::new(),
        },
    ))
}

fn password(key_type: KeyType) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(key_type)
        .with_bits(256)
        .with_usage(UsageFlags::DERIVE)
        .with_algorithm(SPAKE2P)
}

/// The prover's key pair (w0‖w1) and the verifier's record (w0‖L) from the front-end's
/// `export_public_key` of it.
fn keys(psa: &Psa<App>, w0: &[u8], w1: &[u8], location: Location) -> (KeyId, KeyId) {
    let lifetime = Lifetime::new(Persistence::VOLATILE, location);
    let prover = psa
        .import_key(
            &password(KEY_PAIR).with_lifetime(lifetime),
            &[w0, w1].concat(),
        )
        .unwrap();
    let mut record = [0u8; 97];
    assert_eq!(psa.export_public_key(prover, &mut record), Ok(97));
    let verifier = psa
        .import_key(&password(PUBLIC_KEY).with_lifetime(lifetime), &record)
        .unwrap();
    (prover, verifier)
}

/// The shared key's attributes: a derivation key for HKDF-SHA-256.
fn shared_attributes() -> KeyAttributes {
    KeyAttributes::new()
        .with_type(KeyType::DERIVE)
        .with_usage(UsageFlags::DERIVE)
        .with_algorithm(Algorithm::hkdf(Algorithm::SHA_256))
}

/// HKDF-SHA-256 through the front-end's key derivation, with the shared key as the secret.
fn derive(psa: &Psa<App>, shared: KeyId) -> [u8; 32] {
    let mut kdf = psa.key_derivation_operation();
    kdf.setup(Algorithm::hkdf(Algorithm::SHA_256)).unwrap();
    kdf.input_key(DerivationStep::Secret, shared).unwrap();
    kdf.input_bytes(DerivationStep::Info, b"session keys")
        .unwrap();
    let mut out = [0u8; 32];
    kdf.output_bytes(&mut out).unwrap();
    out
}

type Op<'p> = psa_core::PakeOperation<'p, App, psa_core::DefaultEntropy, 32>;

fn prover_op<'p>(psa: &'p Psa<App>, key: KeyId) -> Op<'p> {
    let mut op = psa.pake_operation();
    op.setup(key, &SUITE).unwrap();
    op.set_role(PakeRole::CLIENT).unwrap();
    op.set_user(ID_PROVER).unwrap();
    op.set_peer(ID_VERIFIER).unwrap();
    op.set_context(CONTEXT).unwrap();
    op
}

fn verifier_op<'p>(psa: &'p Psa<App>, key: KeyId) -> Op<'p> {
    let mut op = psa.pake_operation();
    op.setup(key, &SUITE).unwrap();
    op.set_role(PakeRole::SERVER).unwrap();
    op.set_user(ID_VERIFIER).unwrap();
    op.set_peer(ID_PROVER).unwrap();
    op.set_context(CONTEXT).unwrap();
    op
}

/// The messages of one exchange, in PSA 1.2 SPAKE2+ order.
struct Transcript {
    share_p: Vec<u8>,
    share_v: Vec<u8>,
    confirm_v: Vec<u8>,
    confirm_p: Vec<u8>,
}

/// Run a full exchange; returns the messages and both shared keys.
fn exchange(psa: &Psa<App>, prover_key: KeyId, verifier_key: KeyId) -> (Transcript, KeyId, KeyId) {
    let mut p = prover_op(psa, prover_key);
    let mut v = verifier_op(psa, verifier_key);
    let mut buf = [0u8; 65];
    let n = p.output(PakeStep::KeyShare, &mut buf).unwrap();
    let share_p = buf[..n].to_vec();
    v.input(PakeStep::KeyShare, &share_p).unwrap();
    let n = v.output(PakeStep::KeyShare, &mut buf).unwrap();
    let share_v = buf[..n].to_vec();
    p.input(PakeStep::KeyShare, &share_v).unwrap();
    let n = v.output(PakeStep::Confirm, &mut buf).unwrap();
    let confirm_v = buf[..n].to_vec();
    p.input(PakeStep::Confirm, &confirm_v).unwrap();
    let n = p.output(PakeStep::Confirm, &mut buf).unwrap();
    let confirm_p = buf[..n].to_vec();
    v.input(PakeStep::Confirm, &confirm_p).unwrap();
    let kp = p.get_shared_key(&shared_attributes()).unwrap();
    let kv = v.get_shared_key(&shared_attributes()).unwrap();
    assert!(!p.is_active() && !v.is_active(), "get_shared_key ends both");
    (
        Transcript {
            share_p,
            share_v,
            confirm_v,
            confirm_p,
        },
        kp,
        kv,
    )
}

#[test]
fn rfc9383_vectors_through_the_front_end() {
    let psa = psa();
    let (prover, verifier) = keys(&psa, &h(W0), &h(W1), Location::LOCAL_STORAGE);
    // The record the front-end exported is the RFC's w0‖L.
    let mut record = [0u8; 97];
    assert_eq!(psa.export_public_key(verifier, &mut record), Ok(97));
    assert_eq!(record.to_vec(), [h(W0), h(L)].concat());
    {
        let mut fixed = psa.dispatcher().spake2p.fixed.lock().unwrap();
        fixed.push_back(scalar(&h(X_SCALAR)).unwrap());
        fixed.push_back(scalar(&h(Y_SCALAR)).unwrap());
    }
    let (t, kp, kv) = exchange(&psa, prover, verifier);
    assert_eq!(t.share_p, h(SHARE_P), "shareP");
    assert_eq!(t.share_v, h(SHARE_V), "shareV");
    assert_eq!(t.confirm_v, h(CONFIRM_V), "confirmV");
    assert_eq!(t.confirm_p, h(CONFIRM_P), "confirmP");
    // Both shared keys are K_shared: HKDF over each through the front-end equals HKDF over
    // the RFC's K_shared computed here.
    let mut expect = [0u8; 32];
    hkdf(&h(K_SHARED), b"session keys", &mut expect);
    assert_eq!(derive(&psa, kp), expect);
    assert_eq!(derive(&psa, kv), expect);
    let a = psa.get_key_attributes(kp).unwrap();
    assert_eq!((a.key_type(), a.bits()), (KeyType::DERIVE, 256));
    println!("RFC 9383 Appendix C (P-256, SHA-256): 1 vector");
}

#[test]
fn an_exchange_with_fresh_randomness_agrees_on_the_key() {
    let psa = psa();
    let (prover, verifier) = keys(&psa, &h(W0), &h(W1), Location::LOCAL_STORAGE);
    let (t, kp, kv) = exchange(&psa, prover, verifier);
    assert_ne!(t.share_p, h(SHARE_P), "fresh x");
    assert_eq!(derive(&psa, kp), derive(&psa, kv));
    let (t2, kp2, _) = exchange(&psa, prover, verifier);
    assert_ne!(t.share_p, t2.share_p);
    assert_ne!(
        derive(&psa, kp),
        derive(&psa, kp2),
        "a new key per exchange"
    );
}

#[test]
fn a_wrong_password_fails_key_confirmation() {
    let psa = psa();
    let (prover, _) = keys(&psa, &h(W0), &h(W1), Location::LOCAL_STORAGE);
    // The verifier registered another password (w1 changed).
    let mut w1 = h(W1);
    w1[31] ^= 1;
    let (_, verifier) = keys(&psa, &h(W0), &w1, Location::LOCAL_STORAGE);
    let mut p = prover_op(&psa, prover);
    let mut v = verifier_op(&psa, verifier);
    let mut buf = [0u8; 65];
    let n = p.output(PakeStep::KeyShare, &mut buf).unwrap();
    v.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    let n = v.output(PakeStep::KeyShare, &mut buf).unwrap();
    p.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    let n = v.output(PakeStep::Confirm, &mut buf).unwrap();
    assert_eq!(
        p.input(PakeStep::Confirm, &buf[..n]),
        Err(Error::InvalidSignature)
    );
    // The operation is in the error state: every step is BAD_STATE until abort.
    assert_eq!(p.output(PakeStep::Confirm, &mut buf), Err(Error::BadState));
    assert_eq!(p.get_shared_key(&shared_attributes()), Err(Error::BadState));
    assert_eq!(p.abort(), Ok(()));
    // The verifier, shown a forged confirmation, refuses it too.
    assert_eq!(
        v.input(PakeStep::Confirm, &[0u8; 32]),
        Err(Error::InvalidSignature)
    );
}

#[test]
fn state_rules() {
    let psa = psa();
    let (prover, verifier) = keys(&psa, &h(W0), &h(W1), Location::LOCAL_STORAGE);
    let mut buf = [0u8; 65];
    let mut op = psa.pake_operation();
    // Nothing before setup.
    assert_eq!(
        op.output(PakeStep::KeyShare, &mut buf),
        Err(Error::BadState)
    );
    assert_eq!(op.set_role(PakeRole::CLIENT), Err(Error::BadState));
    assert_eq!(
        op.get_shared_key(&shared_attributes()),
        Err(Error::BadState)
    );
    assert!(!op.is_active());
    op.setup(prover, &SUITE).unwrap();
    assert!(op.is_active());
    assert_eq!(op.setup(prover, &SUITE), Err(Error::BadState));
    // SPAKE2+ needs a role before the first step.
    assert_eq!(
        op.output(PakeStep::KeyShare, &mut buf),
        Err(Error::BadState)
    );
    assert_eq!(
        op.set_role(PakeRole::CLIENT),
        Err(Error::BadState),
        "failed"
    );
    op.abort().unwrap();
    // Roles SPAKE2+ does not take; inputs set twice; inputs too long.
    op.setup(prover, &SUITE).unwrap();
    assert_eq!(op.set_role(PakeRole::FIRST), Err(Error::InvalidArgument));
    op.abort().unwrap();
    op.setup(prover, &SUITE).unwrap();
    op.set_user(ID_PROVER).unwrap();
    assert_eq!(op.set_user(ID_PROVER), Err(Error::BadState));
    op.abort().unwrap();
    op.setup(prover, &SUITE).unwrap();
    assert_eq!(
        op.set_context(&[0; psa_core::PAKE_INPUT_CAPACITY + 1]),
        Err(Error::InsufficientMemory)
    );
    op.abort().unwrap();
    // Steps out of the protocol's order are the driver's BAD_STATE, and fail the operation.
    let mut op = prover_op(&psa, prover);
    assert_eq!(op.input(PakeStep::Confirm, &[0; 32]), Err(Error::BadState));
    assert_eq!(
        op.output(PakeStep::KeyShare, &mut buf),
        Err(Error::BadState)
    );
    op.abort().unwrap();
    // A step SPAKE2+ does not have.
    let mut op = prover_op(&psa, prover);
    assert_eq!(
        op.output(PakeStep::ZkProof, &mut buf),
        Err(Error::InvalidArgument)
    );
    // The shared key only after confirmation (the suite asks for a confirmed key).
    let mut p = prover_op(&psa, prover);
    let mut v = verifier_op(&psa, verifier);
    let n = p.output(PakeStep::KeyShare, &mut buf).unwrap();
    v.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    assert_eq!(v.get_shared_key(&shared_attributes()), Err(Error::BadState));
    // A short output buffer.
    let mut v = verifier_op(&psa, verifier);
    v.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    assert_eq!(
        v.output(PakeStep::KeyShare, &mut [0u8; 64]),
        Err(Error::BufferTooSmall)
    );
    // A share that is not a point.
    let mut v = verifier_op(&psa, verifier);
    assert_eq!(
        v.input(PakeStep::KeyShare, &[4u8; 65]),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn unconfirmed_key_is_available_before_confirmation() {
    let psa = psa();
    let (prover, verifier) = keys(&psa, &h(W0), &h(W1), Location::LOCAL_STORAGE);
    let suite = SUITE.with_key_confirmation(PakeKeyConfirmation::Unconfirmed);
    let mut p = psa.pake_operation();
    p.setup(prover, &suite).unwrap();
    p.set_role(PakeRole::CLIENT).unwrap();
    let mut v = psa.pake_operation();
    v.setup(verifier, &suite).unwrap();
    v.set_role(PakeRole::SERVER).unwrap();
    let mut buf = [0u8; 65];
    let n = p.output(PakeStep::KeyShare, &mut buf).unwrap();
    v.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    let n = v.output(PakeStep::KeyShare, &mut buf).unwrap();
    p.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    let kp = p.get_shared_key(&shared_attributes()).unwrap();
    let kv = v.get_shared_key(&shared_attributes()).unwrap();
    assert_eq!(derive(&psa, kp), derive(&psa, kv));
}

#[test]
fn policy_and_argument_checks() {
    let psa = psa();
    let (prover, verifier) = keys(&psa, &h(W0), &h(W1), Location::LOCAL_STORAGE);
    let key = [h(W0), h(W1)].concat();
    let mut op = psa.pake_operation();
    // Without DERIVE usage; with another permitted algorithm.
    let no_derive = psa
        .import_key(&password(KEY_PAIR).with_usage(UsageFlags::EXPORT), &key)
        .unwrap();
    assert_eq!(op.setup(no_derive, &SUITE), Err(Error::NotPermitted));
    let other_alg = psa
        .import_key(
            &password(KEY_PAIR).with_algorithm(Algorithm::spake2p_hmac(Algorithm::SHA_256)),
            &key,
        )
        .unwrap();
    assert_eq!(op.setup(other_alg, &SUITE), Err(Error::NotPermitted));
    // Not a PAKE algorithm.
    let hkdf_suite = PakeCipherSuite::new(Algorithm::hkdf(Algorithm::SHA_256), SUITE.primitive);
    assert_eq!(op.setup(prover, &hkdf_suite), Err(Error::InvalidArgument));
    // A SPAKE2+ key of another curve size than the suite's.
    let p384 = PakeCipherSuite::new(SPAKE2P, PakePrimitive::ecc(EccFamily::SECP_R1, 384));
    assert_eq!(op.setup(prover, &p384), Err(Error::InvalidArgument));
    // A derivation key is not a SPAKE2+ key.
    let derive_key = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::DERIVE)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(SPAKE2P),
            &[7; 32],
        )
        .unwrap();
    assert_eq!(op.setup(derive_key, &SUITE), Err(Error::InvalidArgument));
    let _ = other_alg;
    assert!(!op.is_active());
    // The prover needs the key pair: a verifier's record is refused at the first step.
    op.setup(verifier, &SUITE).unwrap();
    op.set_role(PakeRole::CLIENT).unwrap();
    let mut buf = [0u8; 65];
    assert_eq!(
        op.output(PakeStep::KeyShare, &mut buf),
        Err(Error::InvalidArgument)
    );
    op.abort().unwrap();
    // The shared key must be DERIVE or HMAC, and its size is the secret's (0 given); a
    // refused request fails the operation.
    for (attributes, what) in [
        (shared_attributes().with_type(KeyType::AES), "AES"),
        (shared_attributes().with_bits(256), "a size"),
    ] {
        let mut p = prover_op(&psa, prover);
        let mut v = verifier_op(&psa, verifier);
        let n = p.output(PakeStep::KeyShare, &mut buf).unwrap();
        v.input(PakeStep::KeyShare, &buf[..n]).unwrap();
        let n = v.output(PakeStep::KeyShare, &mut buf).unwrap();
        p.input(PakeStep::KeyShare, &buf[..n]).unwrap();
        let n = v.output(PakeStep::Confirm, &mut buf).unwrap();
        p.input(PakeStep::Confirm, &buf[..n]).unwrap();
        p.output(PakeStep::Confirm, &mut buf).unwrap();
        assert_eq!(
            p.get_shared_key(&attributes),
            Err(Error::InvalidArgument),
            "{what}"
        );
        assert_eq!(
            p.get_shared_key(&shared_attributes()),
            Err(Error::BadState),
            "failed"
        );
    }
}

#[test]
fn no_driver_for_the_algorithm_is_not_supported() {
    let psa = psa();
    // A J-PAKE password: no registered driver and no built-in serve J-PAKE.
    let jpake = Algorithm::jpake(Algorithm::SHA_256);
    let pw = psa
        .import_key(
            &KeyAttributes::new()
                .with_type(KeyType::PASSWORD)
                .with_usage(UsageFlags::DERIVE)
                .with_algorithm(jpake),
            b"threadjpaketest",
        )
        .unwrap();
    let suite = PakeCipherSuite::new(jpake, PakePrimitive::ecc(EccFamily::SECP_R1, 256));
    let mut op = psa.pake_operation();
    op.setup(pw, &suite).unwrap();
    assert_eq!(
        op.set_context(b"x"),
        Err(Error::InvalidArgument),
        "J-PAKE has no context"
    );
    op.abort().unwrap();
    op.setup(pw, &suite).unwrap();
    op.set_user(b"client").unwrap();
    op.set_peer(b"server").unwrap();
    let mut buf = [0u8; 65];
    assert_eq!(
        op.output(PakeStep::KeyShare, &mut buf),
        Err(Error::NotSupported)
    );
    let log: Vec<String> = psa
        .dispatcher()
        .recorder()
        .take()
        .map(|r| r.explain(psa.dispatcher().info()).to_string())
        .collect();
    println!("{}", log.join("\n"));
    assert!(
        log.last().unwrap().starts_with("pake_setup")
            && log.last().unwrap().contains("nobody served it"),
        "{log:?}"
    );
}

#[test]
fn opaque_password_keys_run_in_their_driver_and_receipts_name_it() {
    let psa = psa();
    let (prover, _) = keys(&psa, &h(W0), &h(W1), VAULT);
    let (_, verifier) = keys(&psa, &h(W0), &h(W1), Location::LOCAL_STORAGE);
    let _ = psa.dispatcher().recorder().take().count();
    let (_, kp, kv) = exchange(&psa, prover, verifier);
    let log: Vec<String> = psa
        .dispatcher()
        .recorder()
        .take()
        .map(|r| r.explain(psa.dispatcher().info()).to_string())
        .collect();
    println!("{}", log.join("\n"));
    let pake: Vec<&String> = log.iter().filter(|l| l.starts_with("pake_")).collect();
    // The prover's steps in the vault, the verifier's in the transparent driver.
    for (name, driver) in [
        ("pake_setup", "vault"),
        ("pake_setup", "spake2p"),
        ("pake_output", "vault"),
        ("pake_input", "spake2p"),
        ("pake_get_shared_key", "vault"),
        ("pake_get_shared_key", "spake2p"),
        ("pake_abort", "vault"),
        ("pake_abort", "spake2p"),
    ] {
        assert!(
            pake.iter()
                .any(|l| l.starts_with(name) && l.contains(&format!("→ {driver}"))),
            "{name} → {driver} in {pake:?}"
        );
    }
    assert_eq!(
        pake.iter().filter(|l| l.starts_with("pake_abort")).count(),
        2,
        "abort once per operation"
    );
    assert_eq!(derive(&psa, kp), derive(&psa, kv));
}

#[test]
fn lengths_the_driver_reports_are_checked() {
    let psa = psa();
    let (prover, verifier) = keys(&psa, &h(W0), &h(W1), Location::LOCAL_STORAGE);
    let lie = |n| *psa.dispatcher().spake2p.lie.lock().unwrap() = Some(n);
    // An output longer than the buffer: CORRUPTION_DETECTED, the buffer wiped, the
    // operation failed.
    let mut p = prover_op(&psa, prover);
    let mut buf = [0xa5u8; 65];
    lie(66);
    assert_eq!(
        p.output(PakeStep::KeyShare, &mut buf),
        Err(Error::CorruptionDetected)
    );
    assert_eq!(buf, [0; 65], "wiped");
    assert_eq!(p.output(PakeStep::KeyShare, &mut buf), Err(Error::BadState));
    // An empty shared secret: CORRUPTION_DETECTED, and no key is created.
    let mut p = prover_op(&psa, prover);
    let mut v = verifier_op(&psa, verifier);
    let n = p.output(PakeStep::KeyShare, &mut buf).unwrap();
    v.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    let n = v.output(PakeStep::KeyShare, &mut buf).unwrap();
    p.input(PakeStep::KeyShare, &buf[..n]).unwrap();
    let n = v.output(PakeStep::Confirm, &mut buf).unwrap();
    p.input(PakeStep::Confirm, &buf[..n]).unwrap();
    p.output(PakeStep::Confirm, &mut buf).unwrap();
    lie(0);
    assert_eq!(
        p.get_shared_key(&shared_attributes()),
        Err(Error::CorruptionDetected)
    );
    assert!(!p.is_active());
}
