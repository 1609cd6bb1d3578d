//! Checks on what drivers report. A driver is not trusted: every length it returns is checked
//! against the buffer the core gave it and, where the algorithm and key fix the output size,
//! against that exact size. A length that fails is `CORRUPTION_DETECTED`, and the output the
//! driver wrote is wiped rather than handed to the caller or used by the core.

use zeroize::Zeroize;

use crate::{Error, Result};

/// What a driver's reported output length must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// Exactly this many bytes (fixed by the algorithm and key).
    Exactly(usize),
    /// At most this many bytes (besides fitting the buffer).
    AtMost(usize),
    /// Between these, inclusive (PKCS#7 decryption strips 1 to a block of padding).
    Between(usize, usize),
    /// Anything that fits the buffer (a size the spec leaves to the driver).
    Fits,
}

impl Expect {
    /// `Exactly(n)`, or `Fits` where the size is not fixed (0 from a size function).
    pub(crate) const fn exactly_if_known(n: usize) -> Expect {
        if n == 0 {
            Expect::Fits
        } else {
            Expect::Exactly(n)
        }
    }

    const fn admits(self, len: usize) -> bool {
        match self {
            Expect::Exactly(n) => len == n,
            Expect::AtMost(n) => len <= n,
            Expect::Between(lo, hi) => lo <= len && len <= hi,
            Expect::Fits => true,
        }
    }
}

/// Check the length a driver reported writing into `output`: it must fit `output` and meet
/// `expect`. Otherwise `output` is wiped and the result is `CORRUPTION_DETECTED`.
pub(crate) fn written(result: Result<usize>, output: &mut [u8], expect: Expect) -> Result<usize> {
    let len = result?;
    if len <= output.len() && expect.admits(len) {
        Ok(len)
    } else {
        output.zeroize();
        Err(Error::CorruptionDetected)
    }
}

/// Check the key-buffer length a driver reported for a new key (import, generate, copy,
/// built-in key): it must fit the `capacity` the core gave, and a local key — stored in export
/// format — must have the export length its type and size fix; an opaque key buffer is never
/// empty. Otherwise `CORRUPTION_DETECTED`.
pub(crate) fn key_buffer(
    attributes: &crate::KeyAttributes,
    bits: usize,
    len: usize,
    capacity: usize,
) -> Result<usize> {
    let expect = if attributes.location().is_external() {
        Expect::Between(1, capacity)
    } else {
        match crate::sizes::export_key_output_size(attributes.key_type(), bits) {
            0 => Expect::Between(1, capacity),
            n => Expect::Exactly(n),
        }
    };
    if len <= capacity && expect.admits(len) {
        Ok(len)
    } else {
        Err(Error::CorruptionDetected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_past_the_buffer_or_off_the_fixed_size_are_corruption() {
        let mut out = [0xaa; 8];
        assert_eq!(written(Ok(8), &mut out, Expect::Exactly(8)), Ok(8));
        assert_eq!(out, [0xaa; 8], "a good length leaves the output alone");
        assert_eq!(
            written(Ok(9), &mut out, Expect::Fits),
            Err(Error::CorruptionDetected)
        );
        assert_eq!(out, [0; 8], "a bad length wipes the output");
        assert_eq!(
            written(Ok(0), &mut out, Expect::Exactly(8)),
            Err(Error::CorruptionDetected)
        );
        assert_eq!(
            written(Ok(5), &mut out, Expect::AtMost(4)),
            Err(Error::CorruptionDetected)
        );
        assert_eq!(written(Ok(4), &mut out, Expect::Between(1, 4)), Ok(4));
        assert_eq!(
            written(Ok(0), &mut out, Expect::Between(1, 4)),
            Err(Error::CorruptionDetected)
        );
        assert_eq!(
            written(Err(Error::BufferTooSmall), &mut out, Expect::Fits),
            Err(Error::BufferTooSmall),
            "a driver's error passes through"
        );
        assert_eq!(Expect::exactly_if_known(0), Expect::Fits);
    }
}
