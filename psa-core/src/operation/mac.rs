//! Multi-part MAC (`psa_mac_*`).

use super::{Family, Machine};
use crate::dispatch::Dispatch;
use crate::distrust::{self, Expect};
use crate::drbg::EntropySource;
use crate::entry;
use crate::psa::Psa;
use crate::storage::{KeyStorage, NoStorage};
use crate::store::DEFAULT_KEY_BYTES;
use crate::{Algorithm, Error, KeyId, Result, UsageFlags};

/// Whether a MAC operation signs or verifies, and its length.
#[derive(Clone, Copy)]
pub(crate) struct MacMode {
    sign: bool,
    /// The MAC length the key and algorithm fix, which the driver's finish must meet.
    length: Expect,
}

/// The MAC family.
pub(crate) struct Mac;

impl<D: Dispatch> Family<D> for Mac {
    type Context = D::MacOperation;
    type Mode = MacMode;
    const NAME: &'static str = "MacOperation";
    fn abort(dispatch: &D, context: &mut Self::Context) -> Result<()> {
        dispatch.mac_abort(context)
    }
}

/// A multi-part MAC (`psa_mac_operation_t`).
pub struct MacOperation<
    'p,
    D: Dispatch,
    E: EntropySource,
    const N: usize,
    S: KeyStorage = NoStorage,
    const B: usize = DEFAULT_KEY_BYTES,
> {
    m: Machine<'p, D, E, N, S, B, Mac>,
}
public_lifecycle!(MacOperation);

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    MacOperation<'_, D, E, N, S, B>
{
    fn setup(&mut self, id: KeyId, alg: Algorithm, sign: bool) -> Result<()> {
        self.m.step(|m| {
            m.start()?;
            if !alg.is_mac() || alg.is_wildcard() {
                return Err(Error::InvalidArgument);
            }
            let usage = if sign {
                UsageFlags::SIGN_MESSAGE
            } else {
                UsageFlags::VERIFY_MESSAGE
            };
            let psa = m.psa();
            let (op, length) = psa.with_symmetric_key(id, usage, alg, |attributes, key| {
                let length = crate::policy::mac_length(attributes, alg)?;
                let op = if sign {
                    psa.dispatch().mac_sign_setup(entry::mac_sign_setup::Args {
                        attributes,
                        key_buffer: key,
                        alg,
                    })
                } else {
                    psa.dispatch()
                        .mac_verify_setup(entry::mac_verify_setup::Args {
                            attributes,
                            key_buffer: key,
                            alg,
                        })
                }?;
                Ok((op, length))
            })?;
            m.begin(op, MacMode { sign, length });
            Ok(())
        })
    }

    /// `psa_mac_sign_setup`.
    ///
    /// # Errors
    /// `BAD_STATE` unless inactive; `INVALID_HANDLE`; `NOT_PERMITTED` without
    /// `SIGN_MESSAGE`; `INVALID_ARGUMENT` for a non-MAC algorithm or unsuitable key.
    pub fn sign_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, true)
    }

    /// `psa_mac_verify_setup`.
    ///
    /// # Errors
    /// As [`MacOperation::sign_setup`], with `VERIFY_MESSAGE`.
    pub fn verify_setup(&mut self, id: KeyId, alg: Algorithm) -> Result<()> {
        self.setup(id, alg, false)
    }

    /// `psa_mac_update`.
    ///
    /// # Errors
    /// `BAD_STATE` unless active.
    pub fn update(&mut self, input: &[u8]) -> Result<()> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, _) = m.active()?;
            psa.dispatch()
                .mac_update(op, entry::mac_update::Args { input })
        })
    }

    /// `psa_mac_sign_finish`.
    ///
    /// # Errors
    /// `BAD_STATE` unless a sign operation is active; `BUFFER_TOO_SMALL`.
    pub fn sign_finish(&mut self, mac: &mut [u8]) -> Result<usize> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, mode) = m.active()?;
            if !mode.sign {
                return Err(Error::BadState);
            }
            let r = psa
                .dispatch()
                .mac_sign_finish(op, entry::mac_sign_finish::Args { mac: &mut *mac });
            let n = distrust::written(r, mac, mode.length)?;
            m.end(n)
        })
    }

    /// `psa_mac_verify_finish`: compare in constant time.
    ///
    /// # Errors
    /// `INVALID_SIGNATURE` on a mismatch; `BAD_STATE` unless a verify operation is active.
    pub fn verify_finish(&mut self, mac: &[u8]) -> Result<()> {
        self.m.step(|m| {
            let psa = m.psa();
            let (op, mode) = m.active()?;
            if mode.sign {
                return Err(Error::BadState);
            }
            match mode.length {
                // A MAC of the wrong length cannot match: the driver is not asked.
                Expect::Exactly(n) if n != mac.len() => return Err(Error::InvalidSignature),
                _ => psa
                    .dispatch()
                    .mac_verify_finish(op, entry::mac_verify_finish::Args { mac })?,
            }
            m.end(())
        })
    }
}

impl<D: Dispatch, E: EntropySource, const N: usize, S: KeyStorage, const B: usize>
    Psa<D, E, N, S, B>
{
    /// A new, inactive MAC operation.
    pub fn mac_operation(&self) -> MacOperation<'_, D, E, N, S, B> {
        MacOperation {
            m: Machine::new(self),
        }
    }
}
