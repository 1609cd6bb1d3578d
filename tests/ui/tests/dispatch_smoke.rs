//! The generated dispatch at run time, with tiny instrumented drivers: two transparent ones
//! and an opaque one. psa-core is built without built-ins here, so the built-in answers
//! NOT_SUPPORTED.

use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};

use psa_core::entry::{hash_setup, hash_update, sign_hash, verify_hash};
use psa_core::{
    Algorithm, Dispatch, DriverInfo, EccFamily, Error, KeyAttributes, KeyType, Lifetime, Location,
    RandomSource, Result, Rng, psa_driver, register_drivers,
};

/// What every driver here does: count the call, then answer with the forced status.
#[derive(Default)]
pub struct Behaviour {
    /// 0: succeed; otherwise the PSA status code to return.
    forced: AtomicI32,
    sign: AtomicU32,
    verify: AtomicU32,
    hash_setup: AtomicU32,
    hash_update: AtomicU32,
}

impl Behaviour {
    fn call(&self, counter: &AtomicU32) -> Result<()> {
        counter.fetch_add(1, Ordering::Relaxed);
        match self.forced.load(Ordering::Relaxed) {
            0 => Ok(()),
            code => Err(Error::from_code(code).expect("a PSA status")),
        }
    }
    fn force(&self, status: Option<Error>) {
        self.forced
            .store(status.map_or(0, Error::code), Ordering::Relaxed);
    }
    fn hits(&self, counter: impl Fn(&Self) -> &AtomicU32) -> u32 {
        counter(self).load(Ordering::Relaxed)
    }
}

/// The hash context: which driver made it.
pub struct Digest(&'static str);

macro_rules! transparent_driver {
    ($name:ident, $prefix:literal, $($capabilities:tt)*) => {
        /// A transparent test driver.
        #[derive(Default)]
        pub struct $name(Behaviour);

        #[psa_driver(
            prefix = $prefix,
            kind = "transparent",
            entry_points = [sign_hash, verify_hash, hash_setup, hash_update, hash_finish, hash_abort],
            $($capabilities)*
        )]
        impl $name {
            fn sign_hash(
                &self,
                _attributes: &KeyAttributes,
                _key_buffer: &[u8],
                _alg: Algorithm,
                _hash: &[u8],
                signature: &mut [u8],
                _rng: Rng<'_>,
            ) -> Result<usize> {
                self.0.call(&self.0.sign)?;
                signature[0] = $prefix.as_bytes()[0];
                Ok(1)
            }
            fn verify_hash(
                &self,
                _attributes: &KeyAttributes,
                _key_buffer: &[u8],
                _alg: Algorithm,
                _hash: &[u8],
                _signature: &[u8],
            ) -> Result<()> {
                self.0.call(&self.0.verify)
            }
            fn hash_setup(&self, _alg: Algorithm) -> Result<Digest> {
                self.0.call(&self.0.hash_setup)?;
                Ok(Digest($prefix))
            }
            fn hash_update(&self, ctx: &mut Digest, _input: &[u8]) -> Result<()> {
                assert_eq!(ctx.0, $prefix, "a step reached a driver that does not own the operation");
                self.0.call(&self.0.hash_update)
            }
            fn hash_finish(&self, _ctx: &mut Digest, _hash: &mut [u8]) -> Result<usize> {
                Ok(0)
            }
            fn hash_abort(&self, _ctx: &mut Digest) -> Result<()> {
                Ok(())
            }
        }
    };
}

transparent_driver!(
    First,
    "first",
    capability(
        entry_points = [sign_hash],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)]
    ),
    capability(entry_points = [verify_hash], fallback = false),
);
transparent_driver!(Second, "second",);

const SE_LOCATION: Location = Location::vendor(1);

/// An opaque test driver.
#[derive(Default)]
pub struct Se(Behaviour);

#[psa_driver(prefix = "se", kind = "opaque", location = SE_LOCATION, entry_points = [sign_hash])]
impl Se {
    fn sign_hash(
        &self,
        _attributes: &KeyAttributes,
        _key_buffer: &[u8],
        _alg: Algorithm,
        _hash: &[u8],
        _signature: &mut [u8],
        _rng: Rng<'_>,
    ) -> Result<usize> {
        self.0.call(&self.0.sign)?;
        Ok(2)
    }
}

register_drivers! {
    pub struct App {
        transparent: [first: First, second: Second],
        opaque: [se: Se],
        builtin: false,
        // `first` takes every `verify_hash` with `fallback = false`, so `second` is never
        // reached for it: what these tests check, hence allowed.
        allow_shadowed: [second],
    }
}

register_drivers! {
    pub struct FirstOnly {
        transparent: [first: First],
        builtin: false,
    }
}

fn app() -> App {
    App::new(First::default(), Second::default(), Se::default())
}

struct Zeros;

impl RandomSource for Zeros {
    fn fill(&self, out: &mut [u8]) -> Result<()> {
        out.fill(0);
        Ok(())
    }
}

fn key(key_type: KeyType, location: Location) -> KeyAttributes {
    KeyAttributes::new()
        .with_type(key_type)
        .with_bits(256)
        .with_lifetime(Lifetime::volatile_at(location))
}

const P256: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);

fn sign(
    dispatch: &impl Dispatch,
    attributes: &KeyAttributes,
    signature: &mut [u8],
) -> Result<usize> {
    dispatch.sign_hash(sign_hash::Args {
        attributes,
        key_buffer: &[0],
        alg: Algorithm::ecdsa(Algorithm::SHA_256),
        hash: &[0; 32],
        signature,
        rng: Rng::new(&Zeros),
    })
}

fn verify(app: &App) -> Result<()> {
    app.verify_hash(verify_hash::Args {
        attributes: &key(P256, Location::LOCAL_STORAGE),
        key_buffer: &[0],
        alg: Algorithm::ecdsa(Algorithm::SHA_256),
        hash: &[0; 32],
        signature: &[0; 64],
    })
}

#[test]
fn first_driver_serves() {
    let app = app();
    let mut signature = [0u8; 64];
    assert_eq!(
        sign(&app, &key(P256, Location::LOCAL_STORAGE), &mut signature),
        Ok(1)
    );
    assert_eq!(signature[0], b'f');
    assert_eq!(app.second.0.hits(|b| &b.sign), 0);
}

#[test]
fn not_supported_falls_through_to_the_next_driver() {
    let app = app();
    app.first.0.force(Some(Error::NotSupported));
    let mut signature = [0u8; 64];
    assert_eq!(
        sign(&app, &key(P256, Location::LOCAL_STORAGE), &mut signature),
        Ok(1)
    );
    assert_eq!(signature[0], b's');
    assert_eq!(
        (
            app.first.0.hits(|b| &b.sign),
            app.second.0.hits(|b| &b.sign)
        ),
        (1, 1)
    );
}

#[test]
fn other_errors_do_not_fall_through() {
    let app = app();
    app.first.0.force(Some(Error::HardwareFailure));
    let mut signature = [0u8; 64];
    assert_eq!(
        sign(&app, &key(P256, Location::LOCAL_STORAGE), &mut signature),
        Err(Error::HardwareFailure)
    );
    assert_eq!(app.second.0.hits(|b| &b.sign), 0);
}

#[test]
fn fallback_false_stops_dispatch() {
    let app = app();
    app.first.0.force(Some(Error::NotSupported));
    assert_eq!(verify(&app), Err(Error::NotSupported));
    assert_eq!(
        (
            app.first.0.hits(|b| &b.verify),
            app.second.0.hits(|b| &b.verify)
        ),
        (1, 0)
    );
}

#[test]
fn outside_the_capability_the_driver_is_not_called() {
    let app = app();
    let mut signature = [0u8; 64];
    let k256 = key(
        KeyType::ecc_key_pair(EccFamily::SECP_K1),
        Location::LOCAL_STORAGE,
    );
    assert_eq!(sign(&app, &k256, &mut signature), Ok(1));
    assert_eq!(signature[0], b's');
    assert_eq!(
        (
            app.first.0.hits(|b| &b.sign),
            app.second.0.hits(|b| &b.sign)
        ),
        (0, 1)
    );
}

#[test]
fn unknown_location_is_invalid_argument() {
    let app = app();
    let mut signature = [0u8; 64];
    assert_eq!(
        sign(&app, &key(P256, Location::vendor(9)), &mut signature),
        Err(Error::InvalidArgument)
    );
    let calls = [&app.first.0, &app.second.0, &app.se.0].map(|b| b.hits(|b| &b.sign));
    assert_eq!(calls, [0, 0, 0]);
}

#[test]
fn opaque_status_is_final() {
    let app = app();
    let mut signature = [0u8; 64];
    assert_eq!(sign(&app, &key(P256, SE_LOCATION), &mut signature), Ok(2));
    app.se.0.force(Some(Error::NotSupported));
    assert_eq!(
        sign(&app, &key(P256, SE_LOCATION), &mut signature),
        Err(Error::NotSupported)
    );
    assert_eq!(app.se.0.hits(|b| &b.sign), 2);
    assert_eq!(
        (
            app.first.0.hits(|b| &b.sign),
            app.second.0.hits(|b| &b.sign)
        ),
        (0, 0)
    );
}

#[test]
fn without_the_builtin_nobody_means_not_supported() {
    let first_only = FirstOnly::new(First::default());
    first_only.first.0.force(Some(Error::NotSupported));
    let mut signature = [0u8; 64];
    assert_eq!(
        sign(
            &first_only,
            &key(P256, Location::LOCAL_STORAGE),
            &mut signature
        ),
        Err(Error::NotSupported)
    );
    assert_eq!(first_only.first.0.hits(|b| &b.sign), 1);
}

fn setup(app: &App) -> Result<AppHashOperation> {
    app.hash_setup(hash_setup::Args {
        alg: Algorithm::SHA_256,
    })
}

fn update(app: &App, op: &mut AppHashOperation) -> Result<()> {
    app.hash_update(op, hash_update::Args { input: b"abc" })
}

#[test]
fn steps_go_to_the_owner_only() {
    let app = app();
    app.first.0.force(Some(Error::NotSupported));
    let mut op = setup(&app).expect("the second driver accepts");
    assert!(matches!(op, AppHashOperation::Second(_)));
    // The first driver would accept now, but the operation is the second's.
    app.first.0.force(None);
    update(&app, &mut op).unwrap();
    update(&app, &mut op).unwrap();
    assert_eq!(
        (
            app.first.0.hits(|b| &b.hash_update),
            app.second.0.hits(|b| &b.hash_update)
        ),
        (0, 2)
    );
    app.hash_abort(&mut op).unwrap();
}

#[test]
fn not_supported_after_setup_is_an_ordinary_error() {
    let app = app();
    let mut op = setup(&app).unwrap();
    assert!(matches!(op, AppHashOperation::First(_)));
    app.first.0.force(Some(Error::NotSupported));
    assert_eq!(update(&app, &mut op), Err(Error::NotSupported));
    assert_eq!(app.second.0.hits(|b| &b.hash_update), 0);
    app.hash_abort(&mut op).unwrap();
}

#[test]
fn info_describes_the_registration() {
    let info = App::INFO;
    assert_eq!(info.name, "App");
    assert!(!info.builtin);
    // The generated table is what `DriverInfo::of` gives, field for field.
    let expected = [
        DriverInfo::of::<First>("First", 0),
        DriverInfo::of::<Second>("Second", 1),
        DriverInfo::of::<Se>("Se", 2),
    ];
    assert_eq!(format!("{:?}", info.drivers), format!("{expected:?}"));
    assert_eq!(info.driver_name(2), "se");
    assert_eq!(info.drivers[2].location, SE_LOCATION);
}
