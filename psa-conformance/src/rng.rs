//! Reproducible pseudo-random inputs and a random source for drivers under test.

use std::sync::Mutex;

use psa_core::{RandomSource, Result};

/// xorshift64*: reproducible inputs, so a failure names an input that can be replayed.
pub(crate) struct Inputs(u64);

impl Inputs {
    pub(crate) fn new(seed: u64) -> Inputs {
        Inputs(seed | 1)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub(crate) fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

/// The random source handed to drivers (`sign_hash`, `generate_key`): seeded, so runs repeat.
pub(crate) struct TestRandom(Mutex<Inputs>);

impl TestRandom {
    pub(crate) fn new() -> TestRandom {
        TestRandom(Mutex::new(Inputs::new(0x5eed_cafe)))
    }
}

impl RandomSource for TestRandom {
    fn fill(&self, out: &mut [u8]) -> Result<()> {
        let mut inputs = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for b in out {
            *b = inputs.next_u64() as u8;
        }
        Ok(())
    }
}
