//! Receipts and counters for any number of drivers (issue 12, item 4): a registration of
//! 40 declining drivers and a serving one counts every driver's calls in its own row (the
//! recorder used to have 32 rows, so drivers 31 and up shared one), and each receipt names
//! every candidate or says how many it could not record.

use psa_core::receipt::{Candidate, MAX_STEPS, Outcome};
use psa_core::{Algorithm, Dispatch, EntryPoint, Error, Psa, Result, psa_driver, register_drivers};

/// Declares transparent `hash_compute` drivers that decline everything.
macro_rules! decliners {
    ($($name:ident $prefix:literal,)*) => { $(
        /// Declines every hash.
        pub struct $name;

        #[psa_driver(prefix = $prefix, kind = "transparent", entry_points = [hash_compute])]
        impl $name {
            fn hash_compute(&self, _alg: Algorithm, _input: &[u8], _hash: &mut [u8]) -> Result<usize> {
                Err(Error::NotSupported)
            }
        }
    )* };
}

decliners! { D00 "d00", D01 "d01", D02 "d02", D03 "d03", D04 "d04", D05 "d05", D06 "d06", D07 "d07", D08 "d08", D09 "d09", D10 "d10", D11 "d11", D12 "d12", D13 "d13", D14 "d14", D15 "d15", D16 "d16", D17 "d17", D18 "d18", D19 "d19", D20 "d20", D21 "d21", D22 "d22", D23 "d23", D24 "d24", D25 "d25", D26 "d26", D27 "d27", D28 "d28", D29 "d29", D30 "d30", D31 "d31", D32 "d32", D33 "d33", D34 "d34", D35 "d35", D36 "d36", D37 "d37", D38 "d38", D39 "d39", }

/// Serves SHA-256 (through the `sha2` crate).
pub struct Serve;

#[psa_driver(prefix = "serve", kind = "transparent", entry_points = [hash_compute])]
impl Serve {
    fn hash_compute(&self, alg: Algorithm, input: &[u8], hash: &mut [u8]) -> Result<usize> {
        use sha2::Digest;
        if alg != Algorithm::SHA_256 {
            return Err(Error::NotSupported);
        }
        let out = hash.get_mut(..32).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(&sha2::Sha256::digest(input));
        Ok(32)
    }
}

register_drivers! {
    /// 40 drivers that decline, then one that serves; the built-in is never reached.
    pub struct Many {
        transparent: [d00: D00, d01: D01, d02: D02, d03: D03, d04: D04, d05: D05, d06: D06, d07: D07, d08: D08, d09: D09, d10: D10, d11: D11, d12: D12, d13: D13, d14: D14, d15: D15, d16: D16, d17: D17, d18: D18, d19: D19, d20: D20, d21: D21, d22: D22, d23: D23, d24: D24, d25: D25, d26: D26, d27: D27, d28: D28, d29: D29, d30: D30, d31: D31, d32: D32, d33: D33, d34: D34, d35: D35, d36: D36, d37: D37, d38: D38, d39: D39, serve: Serve],
        builtin: true,
    }
}

const DRIVERS: u8 = 40;

/// SHA-256("abc"), FIPS 180-2 appendix B.1.
const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

fn psa() -> Psa<Many> {
    Psa::new(Many::new(
        D00, D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, D11, D12, D13, D14, D15, D16, D17,
        D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31, D32, D33, D34, D35,
        D36, D37, D38, D39, Serve,
    ))
}

#[test]
fn every_driver_is_counted_in_its_own_row() {
    let psa = psa();
    let recorder = psa.dispatcher().recorder();
    let mut out = [0u8; 32];
    for _ in 0..3 {
        assert_eq!(
            psa.hash_compute(Algorithm::SHA_256, b"abc", &mut out),
            Ok(32)
        );
        assert_eq!(hex::encode(out), ABC);
    }
    for i in 0..DRIVERS {
        assert_eq!(
            recorder.hits(Candidate::Driver(i), EntryPoint::HashCompute),
            3,
            "driver {i}"
        );
    }
    assert_eq!(
        recorder.hits(Candidate::Driver(DRIVERS), EntryPoint::HashCompute),
        3,
        "serve"
    );
    assert_eq!(
        recorder.hits(Candidate::Builtin, EntryPoint::HashCompute),
        0
    );
    assert_eq!(
        recorder.hits(Candidate::CoreStore, EntryPoint::HashCompute),
        0
    );
    // An index the registration does not have counts nothing (and does not panic).
    assert_eq!(
        recorder.hits(Candidate::Driver(200), EntryPoint::HashCompute),
        0
    );
    recorder.reset();
    assert_eq!(
        recorder.hits(Candidate::Driver(DRIVERS - 1), EntryPoint::HashCompute),
        0
    );
}

#[test]
fn a_receipt_longer_than_its_steps_keeps_the_server_and_counts_the_rest() {
    let psa = psa();
    let recorder = psa.dispatcher().recorder();
    let _ = recorder.take();
    let mut out = [0u8; 32];
    assert_eq!(
        psa.hash_compute(Algorithm::SHA_256, b"abc", &mut out),
        Ok(32)
    );
    let receipt = recorder.last().expect("a receipt");
    assert_eq!(receipt.steps().len(), MAX_STEPS);
    assert_eq!(receipt.served_by(), Some(Candidate::Driver(DRIVERS)));
    assert_eq!(
        receipt.steps()[MAX_STEPS - 1],
        (Candidate::Driver(DRIVERS), Outcome::Served(None))
    );
    // 40 declined and 1 served: 41 candidates in MAX_STEPS slots, the server in the last.
    assert_eq!(
        usize::from(receipt.not_recorded()),
        usize::from(DRIVERS) + 1 - MAX_STEPS
    );
    let text = receipt.explain(psa.dispatcher().info()).to_string();
    assert!(text.contains("more candidates not recorded"), "{text}");
    assert!(text.contains("serve"), "{text}");
}
