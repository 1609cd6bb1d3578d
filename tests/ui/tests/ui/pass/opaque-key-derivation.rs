//! An opaque driver with the key-derivation family: `key_derivation_input_key` is its setup
//! (no `key_derivation_setup`, a transparent-driver entry point), and the steps it declares
//! serve the operations it accepted.

use std::sync::atomic::{AtomicU32, Ordering};

use psa_core::entry::{key_derivation_input_bytes, key_derivation_input_key, key_derivation_output_bytes};
use psa_core::{
    psa_driver, register_drivers, Algorithm, DerivationStep, Dispatch, Error, KeyAttributes, KeyType,
    Lifetime, Location, Result,
};

const SE: Location = Location::vendor(9);

pub struct SecureElement {
    aborts: AtomicU32,
}

/// The bytes input so far.
pub struct Derivation(usize);

#[psa_driver(
    prefix = "se",
    kind = "opaque",
    location = SE,
    entry_points = [
        key_derivation_input_key, key_derivation_input_bytes, key_derivation_output_bytes,
        key_derivation_abort,
    ],
)]
impl SecureElement {
    fn key_derivation_input_key(&self, _attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm, step: DerivationStep) -> Result<Derivation> {
        if alg != Algorithm::hkdf(Algorithm::SHA_256) || step != DerivationStep::Secret {
            return Err(Error::NotSupported);
        }
        Ok(Derivation(key_buffer.len()))
    }
    fn key_derivation_input_bytes(&self, ctx: &mut Derivation, _step: DerivationStep, data: &[u8]) -> Result<()> {
        ctx.0 += data.len();
        Ok(())
    }
    fn key_derivation_output_bytes(&self, ctx: &mut Derivation, output: &mut [u8]) -> Result<()> {
        output.fill(ctx.0 as u8);
        Ok(())
    }
    fn key_derivation_abort(&self, _ctx: &mut Derivation) -> Result<()> {
        self.aborts.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

register_drivers! {
    pub struct App {
        opaque: [se: SecureElement],
        builtin: true,
    }
}

fn main() {
    let app = App::new(SecureElement { aborts: AtomicU32::new(0) });
    let attributes = KeyAttributes::new()
        .with_type(KeyType::DERIVE)
        .with_lifetime(Lifetime::volatile_at(SE));
    let mut op = app
        .key_derivation_input_key(key_derivation_input_key::Args {
            attributes: &attributes,
            key_buffer: &[1, 2, 3],
            alg: Algorithm::hkdf(Algorithm::SHA_256),
            step: DerivationStep::Secret,
        })
        .unwrap_or_else(|_| panic!("the secure element takes its key"));
    app.key_derivation_input_bytes(&mut op, key_derivation_input_bytes::Args { step: DerivationStep::Info, data: b"ab" })
        .unwrap();
    let mut out = [0u8; 4];
    app.key_derivation_output_bytes(&mut op, key_derivation_output_bytes::Args { output: &mut out })
        .unwrap();
    assert_eq!(out, [5; 4]);
    app.key_derivation_abort(&mut op).unwrap();
    assert_eq!(app.se.aborts.load(Ordering::Relaxed), 1);
    // Its answer is final: another algorithm is NOT_SUPPORTED, with no fallback.
    let other = app.key_derivation_input_key(key_derivation_input_key::Args {
        attributes: &attributes,
        key_buffer: &[1],
        alg: Algorithm::hkdf(Algorithm::SHA_384),
        step: DerivationStep::Secret,
    });
    assert!(matches!(other, Err(Error::NotSupported)));
}
