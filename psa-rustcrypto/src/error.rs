//! PSA statuses carried through RustCrypto error types.

/// A `signature::Error` carrying `status`.
///
/// With the `alloc` feature the status is the error's `source()` (a boxed
/// [`psa_core::Error`]); without it, `signature::Error` is opaque and [`psa_status`] returns
/// `None`.
pub fn signature_error(status: psa_core::Error) -> signature::Error {
    #[cfg(feature = "alloc")]
    {
        signature::Error::from_source(status)
    }
    #[cfg(not(feature = "alloc"))]
    {
        let _ = status;
        signature::Error::new()
    }
}

/// The PSA status inside an error made by this crate, if it carries one.
pub fn psa_status(error: &signature::Error) -> Option<psa_core::Error> {
    use core::error::Error as _;
    error
        .source()
        .and_then(|s| s.downcast_ref::<psa_core::Error>())
        .copied()
}
