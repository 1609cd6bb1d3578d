//! A deterministic entropy source for the QEMU firmware example. **NOT FOR PRODUCTION.**
//!
//! QEMU's MPS2 and micro:bit machines model no TRNG the firmware could read, so the example
//! seeds the core's HMAC_DRBG from a fixed pseudo-random sequence. Every run produces the
//! same "random" keys, IVs and ECDSA nonces (hedged with the key and message, so signatures
//! stay safe against nonce reuse, but keys generated on the device are predictable). A real
//! device implements [`EntropySource`] over its TRNG peripheral, or registers a TRNG as a
//! `get_random` driver, which the core asks first.

use psa_core::{EntropySource, Result};

/// A fixed xorshift64* sequence standing in for a TRNG. **NOT FOR PRODUCTION.**
#[derive(Debug)]
pub struct TestEntropy {
    state: u64,
}

impl TestEntropy {
    /// The sequence from its fixed seed (`const`, for the `static` instance).
    pub const fn new() -> Self {
        TestEntropy {
            state: 0x9e37_79b9_7f4a_7c15,
        }
    }
}

impl EntropySource for TestEntropy {
    fn fill_entropy(&mut self, out: &mut [u8]) -> Result<()> {
        for chunk in out.chunks_mut(8) {
            self.state ^= self.state >> 12;
            self.state ^= self.state << 25;
            self.state ^= self.state >> 27;
            let word = self.state.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}
