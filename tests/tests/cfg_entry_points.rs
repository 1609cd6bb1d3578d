//! Entry points behind `#[cfg]`: a method of a `#[psa_driver]` impl that carries a `#[cfg]`
//! is declared only when its predicate holds. Compiled out, the entry point is absent from
//! the driver's declarations (`ENTRY_POINTS`, its `Driver` const, its multi-part context) and
//! dispatch goes on to the next candidate, as for an entry point the driver never had.
//!
//! `cfg(any())` never holds, and `unix` with `not(target_os = "none")` hold where the tests
//! run, so both sides are compiled here.

use std::sync::atomic::{AtomicUsize, Ordering};

use psa_core::{
    Algorithm, Driver, EntryPoint, KeyAttributes, NoContext, Psa, Result, builtin, entry,
    psa_driver, register_drivers,
};

/// A hash engine whose multi-part hash is compiled out, and a sign entry point under a
/// predicate that holds.
#[derive(Default)]
pub struct Engine {
    calls: AtomicUsize,
}

#[psa_driver(
    prefix = "engine",
    kind = "transparent",
    entry_points = [
        hash_compute, hash_setup, hash_update, hash_finish, hash_abort, sign_hash,
    ],
)]
impl Engine {
    fn hash_compute(&self, alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        builtin::hash_compute(&mut entry::hash_compute::Args { alg, input, hash })
    }
    #[cfg(any())]
    fn hash_setup(&self, alg: Algorithm) -> Result<builtin::HashContext> {
        builtin::hash_setup(&mut entry::hash_setup::Args { alg })
    }
    #[cfg(any())]
    fn hash_update(&self, context: &mut builtin::HashContext, input: &[u8]) -> Result<()> {
        builtin::hash_update(context, &mut entry::hash_update::Args { input })
    }
    #[cfg(any())]
    fn hash_finish(&self, context: &mut builtin::HashContext, hash: &mut [u8]) -> Result<usize> {
        builtin::hash_finish(context, &mut entry::hash_finish::Args { hash })
    }
    #[cfg(any())]
    fn hash_abort(&self, context: &mut builtin::HashContext) -> Result<()> {
        builtin::hash_abort(context)
    }
    #[cfg(unix)]
    #[cfg(not(target_os = "none"))]
    fn sign_hash(
        &self,
        attributes: &KeyAttributes,
        key_buffer: &[u8],
        alg: Algorithm,
        hash: &[u8],
        signature: &mut [u8],
        rng: psa_core::Rng<'_>,
    ) -> Result<usize> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        builtin::sign_hash(&mut entry::sign_hash::Args {
            attributes,
            key_buffer,
            alg,
            hash,
            signature,
            rng,
        })
    }
}

/// A hash engine with the whole multi-part family, whose optional `hash_clone` is compiled
/// out on its own (it keeps the family's `#[cfg]`, which holds, and adds one that does not).
pub struct Streaming;

#[psa_driver(
    prefix = "streaming",
    kind = "transparent",
    entry_points = [hash_setup, hash_update, hash_finish, hash_clone, hash_abort],
)]
impl Streaming {
    #[cfg(unix)]
    fn hash_setup(&self, alg: Algorithm) -> Result<builtin::HashContext> {
        builtin::hash_setup(&mut entry::hash_setup::Args { alg })
    }
    #[cfg(unix)]
    fn hash_update(&self, context: &mut builtin::HashContext, input: &[u8]) -> Result<()> {
        builtin::hash_update(context, &mut entry::hash_update::Args { input })
    }
    #[cfg(unix)]
    fn hash_finish(&self, context: &mut builtin::HashContext, hash: &mut [u8]) -> Result<usize> {
        builtin::hash_finish(context, &mut entry::hash_finish::Args { hash })
    }
    #[cfg(unix)]
    #[cfg(any())]
    fn hash_clone(&self, context: &builtin::HashContext) -> Result<builtin::HashContext> {
        builtin::hash_clone(context)
    }
    #[cfg(unix)]
    fn hash_abort(&self, context: &mut builtin::HashContext) -> Result<()> {
        builtin::hash_abort(context)
    }
}

#[test]
fn an_optional_entry_point_may_be_compiled_out_alone() {
    let declared = <Streaming as Driver>::ENTRY_POINTS;
    assert!(declared.contains(EntryPoint::HashSetup));
    assert!(declared.contains(EntryPoint::HashAbort));
    assert!(!declared.contains(EntryPoint::HashClone));
    assert!(<Streaming as Driver>::HASH_SETUP.is_some());
    assert!(<Streaming as Driver>::HASH_CLONE.is_none());
    // The family is in: its context is the driver's.
    let _: fn(<Streaming as Driver>::HashContext) -> builtin::HashContext = |c| c;
}

register_drivers! {
    /// The engine before the built-in.
    pub struct WithEngine {
        transparent: [engine: Engine],
        opaque: [],
        builtin: true,
    }
}

#[test]
fn an_entry_point_compiled_out_is_not_declared() {
    let declared = <Engine as Driver>::ENTRY_POINTS;
    assert!(declared.contains(EntryPoint::HashCompute));
    assert!(declared.contains(EntryPoint::SignHash));
    for ep in [
        EntryPoint::HashSetup,
        EntryPoint::HashUpdate,
        EntryPoint::HashFinish,
        EntryPoint::HashAbort,
    ] {
        assert!(!declared.contains(ep), "{ep:?}");
    }
    assert!(<Engine as Driver>::HASH_COMPUTE.is_some());
    assert!(<Engine as Driver>::SIGN_HASH.is_some());
    assert!(<Engine as Driver>::HASH_SETUP.is_none());
    assert!(<Engine as Driver>::HASH_ABORT.is_none());
    // The family's context is the uninhabited one, as for a family never declared.
    let _: fn(<Engine as Driver>::HashContext) -> NoContext = |c| c;
}

#[test]
fn dispatch_skips_an_entry_point_compiled_out() {
    let psa: Psa<WithEngine> = Psa::new(WithEngine::new(Engine::default()));
    let alg = Algorithm::SHA_256;
    let mut single = [0u8; 32];
    assert_eq!(psa.hash_compute(alg, b"abc", &mut single), Ok(32));
    assert_eq!(psa.dispatcher().engine.calls.load(Ordering::Relaxed), 1);

    // Multi-part hashing is compiled out of the engine: the built-in serves it.
    let mut op = psa.hash_setup(alg).expect("the built-in serves hash_setup");
    op.update(b"abc").unwrap();
    let mut multi = [0u8; 32];
    assert_eq!(op.finish(&mut multi), Ok(32));
    assert_eq!(multi, single);
    assert_eq!(psa.dispatcher().engine.calls.load(Ordering::Relaxed), 1);

    // The dispatch tree shows the engine only where it is declared.
    let tree = WithEngine::INFO.tree().to_string();
    let first_leaf = |ep: &str| {
        let lines: Vec<&str> = tree.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.ends_with(&format!("── {ep}")))?;
        lines.get(at + 1).map(|l| l.to_string())
    };
    assert!(
        first_leaf("hash_compute").is_some_and(|l| l.ends_with("── engine")),
        "{tree}"
    );
    assert!(
        first_leaf("hash_setup").is_some_and(|l| l.ends_with("── built-in")),
        "{tree}"
    );
}
