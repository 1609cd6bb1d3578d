//! Multi-part PAKE (`psa_pake_*`, PSA Crypto API 1.2 PAKE extension, final).
//!
//! `setup` checks the password key's policy and records the cipher suite; `set_role`,
//! `set_user`, `set_peer` and `set_context` record their inputs in the operation object. No
//! driver runs until the first `output` or `input`: then the core calls the driver's
//! `pake_setup` with the password key and everything collected (as Mbed TLS does), routed by
//! the key's location, and the accepting driver serves every later step.

use zeroize::Zeroize;

use super::{Family, Machine};
use crate::dispatch::Dispatch;
use crate::distrust::{self, Expect};
use crate::drbg::EntropySource;
use crate::entry;
use crate::pake::PAKE_INPUT_CAPACITY;
use crate::psa::Psa;
use crate::storage::{KeyStorage, NoStorage};
use crate::store::DEFAULT_KEY_BYTES;
use crate::{
    Error, KeyAttributes, KeyId, KeyType, PakeCipherSuite, PakeInputs, PakeRole, PakeStep, Result,
    UsageFlags,
};

/// The longest shared secret a driver may return (SPAKE2+ with SHA-512: 64 bytes; J-PAKE on
/// P-521: 66).
const SHARED_SECRET_MAX: usize = 128;

/// The PAKE family. The mode is empty: the protocol's sequence is the driver's to enforce.
pub(crate) struct Pake;

impl<D: Dispatch> Family<D> for Pake {
    type Context = D::PakeOperation;
    type Mode = ();
    const NAME: &'static str = "PakeOperation";
    fn abort(dispatch: &D, context: &mut Self::Context) -> Result<()> {
        dispatch.pake_abort(context)
    }
}

/// One recorded input: a user id, peer id or context.
struct Input {
    bytes: [u8; PAKE_INPUT_CAPACITY],
    len: usize,
    set: bool,
}

impl Input {
    const EMPTY: Input = Input {
        bytes: [0; PAKE_INPUT_CAPACITY],
        len: 0,
        set: false,
    };

    /// Record `data` once: `BAD_STATE` if already set, `INSUFFICIENT_MEMORY` if too long.
    fn set(&mut self, data: &[u8]) -> Result<()> {
        if self.set {
            return Err(Error::BadState);
        }
        if data.len() > PAKE_INPUT_CAPACITY {
            return Err(Error::InsufficientMemory);
        }
        self.bytes[..data.len()].copy_from_slice(data);
        self.len = data.len();
        self.set = true;
        Ok(())
    }

    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// What `setup` and the `set_*` calls collected before the driver's setup.
struct Collected {
    key: KeyId,
    suite: PakeCipherSuite,
    role: Option<PakeRole>,
    user: Input,
    peer: Input,
    context: Input,
}

/// Where the operation stands before the driver's context exists.
// The collected inputs live in the operation object: psa-core is heap-free, so no `Box`.
#[allow(clippy::large_enum_variant)]
enum Stage {
    /// No setup (or the driver's context is live in the machine).
    Idle,
    /// `setup` succeeded; inputs are being collected.
    Collecting(Collected),
    /// A step failed before the driver's setup: only abort is allowed.
    Failed,
}

/// A multi-part PAKE (`psa_pake_operation_t`).
pub struct PakeOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
    const B: usize = DEFAULT_KEY_BYTES,
> {
    m: Machine<'p, D, E, N, S, B, Pake>,
    stage: Stage,
}

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize> core::fmt::Debug
    for PakeOperation<'_, D, E, N, S, B>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match self.stage {
            Stage::Collecting(_) => "collecting inputs",
            Stage::Failed => "failed",
            Stage::Idle => return core::fmt::Debug::fmt(&self.m, f),
        };
        f.debug_struct("PakeOperation")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

/// Whether `key_type` can be the password key of `suite` (key types for other, e.g.
/// vendor-defined, PAKE algorithms are left to their driver).
fn password_key_ok(suite: &PakeCipherSuite, key_type: KeyType, bits: usize) -> bool {
    let alg = suite.algorithm;
    if alg.is_jpake() {
        return matches!(
            key_type,
            KeyType::PASSWORD | KeyType::PASSWORD_HASH | KeyType::DERIVE
        );
    }
    if alg.is_spake2p() {
        // A SPAKE2+ key of the suite's curve: the family byte and size must agree.
        return key_type.is_spake2p()
            && key_type.0 as u8 == suite.primitive.family()
            && bits == suite.primitive.bits();
    }
    true
}

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    PakeOperation<'_, D, E, N, S, B>
{
    /// `psa_pake_setup`: the password key and the cipher suite. No driver is called yet.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_HANDLE`; `NOT_PERMITTED` without `DERIVE` or
    /// outside the key's permitted algorithm; `INVALID_ARGUMENT` for a non-PAKE or wildcard
    /// algorithm or a key type the algorithm does not take (J-PAKE: `PASSWORD`,
    /// `PASSWORD_HASH`, `DERIVE`; SPAKE2+: a SPAKE2+ key of the suite's curve).
    pub fn setup(&mut self, password_key: KeyId, cipher_suite: &PakeCipherSuite) -> Result<()> {
        if !matches!(self.stage, Stage::Idle) {
            return Err(Error::BadState);
        }
        self.m.start()?;
        let alg = cipher_suite.algorithm;
        if !alg.is_pake() || alg.is_wildcard() {
            return Err(Error::InvalidArgument);
        }
        self.m.psa().with_key(password_key, |attributes, _| {
            crate::policy::check_policy(attributes, UsageFlags::DERIVE, alg)?;
            if !password_key_ok(cipher_suite, attributes.key_type(), attributes.bits()) {
                return Err(Error::InvalidArgument);
            }
            Ok(())
        })?;
        self.stage = Stage::Collecting(Collected {
            key: password_key,
            suite: *cipher_suite,
            role: None,
            user: Input::EMPTY,
            peer: Input::EMPTY,
            context: Input::EMPTY,
        });
        Ok(())
    }

    /// Run `f` on the collected inputs; any error it returns fails the operation.
    fn collect(&mut self, f: impl FnOnce(&mut Collected) -> Result<()>) -> Result<()> {
        let r = match &mut self.stage {
            Stage::Collecting(c) => f(c),
            _ => return Err(Error::BadState),
        };
        if r.is_err() {
            self.stage = Stage::Failed;
        }
        r
    }

    /// `psa_pake_set_role`: SPAKE2+ takes `CLIENT` (prover) or `SERVER` (verifier); J-PAKE
    /// `NONE`, `FIRST` or `SECOND`.
    ///
    /// # Errors
    /// `BAD_STATE` unless set up and before the first step, or if already set;
    /// `INVALID_ARGUMENT` for a role the algorithm does not take.
    pub fn set_role(&mut self, role: PakeRole) -> Result<()> {
        self.collect(|c| {
            if c.role.is_some() {
                return Err(Error::BadState);
            }
            let alg = c.suite.algorithm;
            let ok = if alg.is_spake2p() {
                matches!(role, PakeRole::CLIENT | PakeRole::SERVER)
            } else if alg.is_jpake() {
                matches!(role, PakeRole::NONE | PakeRole::FIRST | PakeRole::SECOND)
            } else {
                true
            };
            if !ok {
                return Err(Error::InvalidArgument);
            }
            c.role = Some(role);
            Ok(())
        })
    }

    /// `psa_pake_set_user`: this party's identity.
    ///
    /// # Errors
    /// `BAD_STATE` unless set up and before the first step, or if already set;
    /// `INSUFFICIENT_MEMORY` past [`PAKE_INPUT_CAPACITY`](crate::PAKE_INPUT_CAPACITY) bytes.
    pub fn set_user(&mut self, user_id: &[u8]) -> Result<()> {
        self.collect(|c| c.user.set(user_id))
    }

    /// `psa_pake_set_peer`: the other party's identity.
    ///
    /// # Errors
    /// As [`PakeOperation::set_user`].
    pub fn set_peer(&mut self, peer_id: &[u8]) -> Result<()> {
        self.collect(|c| c.peer.set(peer_id))
    }

    /// `psa_pake_set_context`: the protocol context (SPAKE2+; J-PAKE takes none).
    ///
    /// # Errors
    /// As [`PakeOperation::set_user`]; `INVALID_ARGUMENT` for J-PAKE.
    pub fn set_context(&mut self, context: &[u8]) -> Result<()> {
        self.collect(|c| {
            if c.suite.algorithm.is_jpake() {
                return Err(Error::InvalidArgument);
            }
            c.context.set(context)
        })
    }

    /// Before the first step: the driver's `pake_setup` with everything collected. After:
    /// nothing. `BAD_STATE` if neither set up nor active.
    fn ensure_driver(&mut self) -> Result<()> {
        let collected = match core::mem::replace(&mut self.stage, Stage::Idle) {
            Stage::Collecting(c) => c,
            Stage::Failed => {
                self.stage = Stage::Failed;
                return Err(Error::BadState);
            }
            Stage::Idle => {
                return if self.m.is_active() {
                    Ok(())
                } else {
                    Err(Error::BadState)
                };
            }
        };
        let r = self.driver_setup(&collected);
        if r.is_err() {
            self.stage = Stage::Failed;
        }
        r
    }

    fn driver_setup(&mut self, c: &Collected) -> Result<()> {
        let alg = c.suite.algorithm;
        let role = match c.role {
            Some(role) => role,
            // SPAKE2+ has no default role.
            None if alg.is_spake2p() => return Err(Error::BadState),
            None => PakeRole::NONE,
        };
        let inputs = PakeInputs {
            cipher_suite: c.suite,
            role,
            user: c.user.as_slice(),
            peer: c.peer.as_slice(),
            context: c.context.as_slice(),
        };
        let psa = self.m.psa();
        let op = psa.with_key(c.key, |attributes, key| {
            // The key may have changed since setup (destroyed and its id reused).
            crate::policy::check_policy(attributes, UsageFlags::DERIVE, alg)?;
            if alg.is_spake2p() && role == PakeRole::CLIENT && !attributes.key_type().is_key_pair()
            {
                // The prover needs w1, which only the key pair holds.
                return Err(Error::InvalidArgument);
            }
            psa.dispatch().pake_setup(entry::pake_setup::Args {
                attributes,
                key_buffer: key,
                alg,
                inputs: &inputs,
            })
        })?;
        self.m.begin(op, ());
        Ok(())
    }

    /// `psa_pake_output`: write this party's message for `step`; returns its length.
    ///
    /// # Errors
    /// `BAD_STATE` unless set up, or for a step out of the protocol's order (the driver's
    /// verdict); `BUFFER_TOO_SMALL`; whatever the driver's setup reports on the first step.
    pub fn output(&mut self, step: PakeStep, output: &mut [u8]) -> Result<usize> {
        self.ensure_driver()?;
        self.m.step(|m| {
            let psa = m.psa();
            let (op, _) = m.active()?;
            let r = psa.dispatch().pake_output(
                op,
                entry::pake_output::Args {
                    step,
                    output,
                    rng: crate::Rng::new(&psa.randomness()),
                },
            );
            distrust::written(r, output, Expect::Fits)
        })
    }

    /// `psa_pake_input`: the peer's message for `step`.
    ///
    /// # Errors
    /// `BAD_STATE` as [`PakeOperation::output`]; `INVALID_ARGUMENT` for a malformed message;
    /// `INVALID_SIGNATURE` for a key confirmation (or J-PAKE proof) that does not verify.
    pub fn input(&mut self, step: PakeStep, input: &[u8]) -> Result<()> {
        self.ensure_driver()?;
        self.m.step(|m| {
            let psa = m.psa();
            let (op, _) = m.active()?;
            psa.dispatch()
                .pake_input(op, entry::pake_input::Args { step, input })
        })
    }

    /// `psa_pake_get_shared_key`: the shared secret as a new key of the type, usage, algorithm
    /// and lifetime in `attributes` (`DERIVE` or `HMAC`; the size must be 0: it is the
    /// secret's). Ends the operation (the driver's abort is called once).
    ///
    /// # Errors
    /// `BAD_STATE` unless active, or before the steps the cipher suite's key confirmation
    /// requires (the driver's verdict); `INVALID_ARGUMENT` for another key type or a nonzero
    /// size; the errors of [`Psa::import_key`].
    pub fn get_shared_key(&mut self, attributes: &KeyAttributes) -> Result<KeyId> {
        if !matches!(self.stage, Stage::Idle) || !self.m.is_active() {
            return Err(Error::BadState);
        }
        self.m.step(|m| {
            if !matches!(attributes.key_type(), KeyType::DERIVE | KeyType::HMAC)
                || attributes.bits() != 0
            {
                return Err(Error::InvalidArgument);
            }
            let psa = m.psa();
            let (op, _) = m.active()?;
            let mut secret = [0u8; SHARED_SECRET_MAX];
            let r = psa.dispatch().pake_get_shared_key(
                op,
                entry::pake_get_shared_key::Args {
                    output: &mut secret,
                },
            );
            let r = distrust::written(r, &mut secret, Expect::Between(1, SHARED_SECRET_MAX))
                .and_then(|len| psa.import_key(attributes, &secret[..len]));
            secret.zeroize();
            let id = r?;
            m.end(id)
        })
    }

    /// `psa_pake_abort`: release the driver's context (once) and forget the inputs; leaves
    /// the operation inactive. Aborting an inactive operation succeeds.
    ///
    /// # Errors
    /// The driver's abort status.
    pub fn abort(&mut self) -> Result<()> {
        self.stage = Stage::Idle;
        self.m.abort()
    }

    /// Whether a setup succeeded and the operation has not finished or failed.
    pub fn is_active(&self) -> bool {
        matches!(self.stage, Stage::Collecting(_)) || self.m.is_active()
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    Psa<D, E, N, S, B>
{
    /// A new, inactive PAKE operation.
    pub fn pake_operation(&self) -> PakeOperation<'_, D, E, N, S, B> {
        PakeOperation {
            m: Machine::new(self),
            stage: Stage::Idle,
        }
    }
}
