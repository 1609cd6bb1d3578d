//! PSA status codes as a Rust error type.

use core::fmt;

/// A PSA Crypto error status (`PSA_ERROR_*`), with the spec's numeric value.
///
/// `PSA_SUCCESS` is not an error: it is `Ok(_)` of [`Result`]. Convert to and from the
/// C encoding with [`Error::code`] and [`Error::from_code`].
#[non_exhaustive]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Error {
    /// `PSA_ERROR_GENERIC_ERROR` (-132): an error not covered by a more specific code.
    GenericError = -132,
    /// `PSA_ERROR_NOT_PERMITTED` (-133): the key's policy forbids the request.
    NotPermitted = -133,
    /// `PSA_ERROR_NOT_SUPPORTED` (-134): valid request the implementation does not serve.
    ///
    /// From a transparent driver this lets dispatch fall through to the next driver.
    NotSupported = -134,
    /// `PSA_ERROR_INVALID_ARGUMENT` (-135): a parameter is invalid.
    InvalidArgument = -135,
    /// `PSA_ERROR_INVALID_HANDLE` (-136): the key id does not name a key.
    InvalidHandle = -136,
    /// `PSA_ERROR_BAD_STATE` (-137): the call is not valid in the operation's state.
    BadState = -137,
    /// `PSA_ERROR_BUFFER_TOO_SMALL` (-138): an output buffer is too small.
    BufferTooSmall = -138,
    /// `PSA_ERROR_ALREADY_EXISTS` (-139): an item with that identifier already exists.
    AlreadyExists = -139,
    /// `PSA_ERROR_DOES_NOT_EXIST` (-140): the item does not exist.
    DoesNotExist = -140,
    /// `PSA_ERROR_INSUFFICIENT_MEMORY` (-141): not enough memory (e.g. the key store is full).
    InsufficientMemory = -141,
    /// `PSA_ERROR_INSUFFICIENT_STORAGE` (-142): not enough persistent storage.
    InsufficientStorage = -142,
    /// `PSA_ERROR_INSUFFICIENT_DATA` (-143): a generator has no more data to give.
    InsufficientData = -143,
    /// `PSA_ERROR_SERVICE_FAILURE` (-144): the crypto service failed.
    ServiceFailure = -144,
    /// `PSA_ERROR_COMMUNICATION_FAILURE` (-145): communication with a peripheral failed.
    CommunicationFailure = -145,
    /// `PSA_ERROR_STORAGE_FAILURE` (-146): the storage failed.
    StorageFailure = -146,
    /// `PSA_ERROR_HARDWARE_FAILURE` (-147): a hardware failure was detected.
    HardwareFailure = -147,
    /// `PSA_ERROR_INSUFFICIENT_ENTROPY` (-148): not enough entropy.
    InsufficientEntropy = -148,
    /// `PSA_ERROR_INVALID_SIGNATURE` (-149): a signature, MAC or tag does not verify.
    InvalidSignature = -149,
    /// `PSA_ERROR_INVALID_PADDING` (-150): decrypted padding is invalid.
    InvalidPadding = -150,
    /// `PSA_ERROR_CORRUPTION_DETECTED` (-151): a tampering attempt or memory corruption was detected.
    CorruptionDetected = -151,
    /// `PSA_ERROR_DATA_CORRUPT` (-152): stored data is corrupt.
    DataCorrupt = -152,
    /// `PSA_ERROR_DATA_INVALID` (-153): stored data is invalid.
    DataInvalid = -153,
}

/// `Result` with a PSA [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// Every error, in order of code.
    pub const ALL: [Error; 22] = [
        Error::GenericError,
        Error::NotPermitted,
        Error::NotSupported,
        Error::InvalidArgument,
        Error::InvalidHandle,
        Error::BadState,
        Error::BufferTooSmall,
        Error::AlreadyExists,
        Error::DoesNotExist,
        Error::InsufficientMemory,
        Error::InsufficientStorage,
        Error::InsufficientData,
        Error::ServiceFailure,
        Error::CommunicationFailure,
        Error::StorageFailure,
        Error::HardwareFailure,
        Error::InsufficientEntropy,
        Error::InvalidSignature,
        Error::InvalidPadding,
        Error::CorruptionDetected,
        Error::DataCorrupt,
        Error::DataInvalid,
    ];

    /// The `psa_status_t` value of this error.
    pub const fn code(self) -> i32 {
        self as i32
    }

    /// The error for a `psa_status_t` value; `None` for `PSA_SUCCESS` (0) and unknown codes.
    pub const fn from_code(code: i32) -> Option<Error> {
        if code > -132 || code < -153 {
            return None;
        }
        Some(Error::ALL[(-132 - code) as usize])
    }

    /// The C name, e.g. `PSA_ERROR_NOT_SUPPORTED`.
    pub const fn name(self) -> &'static str {
        match self {
            Error::GenericError => "PSA_ERROR_GENERIC_ERROR",
            Error::NotPermitted => "PSA_ERROR_NOT_PERMITTED",
            Error::NotSupported => "PSA_ERROR_NOT_SUPPORTED",
            Error::InvalidArgument => "PSA_ERROR_INVALID_ARGUMENT",
            Error::InvalidHandle => "PSA_ERROR_INVALID_HANDLE",
            Error::BadState => "PSA_ERROR_BAD_STATE",
            Error::BufferTooSmall => "PSA_ERROR_BUFFER_TOO_SMALL",
            Error::AlreadyExists => "PSA_ERROR_ALREADY_EXISTS",
            Error::DoesNotExist => "PSA_ERROR_DOES_NOT_EXIST",
            Error::InsufficientMemory => "PSA_ERROR_INSUFFICIENT_MEMORY",
            Error::InsufficientStorage => "PSA_ERROR_INSUFFICIENT_STORAGE",
            Error::InsufficientData => "PSA_ERROR_INSUFFICIENT_DATA",
            Error::ServiceFailure => "PSA_ERROR_SERVICE_FAILURE",
            Error::CommunicationFailure => "PSA_ERROR_COMMUNICATION_FAILURE",
            Error::StorageFailure => "PSA_ERROR_STORAGE_FAILURE",
            Error::HardwareFailure => "PSA_ERROR_HARDWARE_FAILURE",
            Error::InsufficientEntropy => "PSA_ERROR_INSUFFICIENT_ENTROPY",
            Error::InvalidSignature => "PSA_ERROR_INVALID_SIGNATURE",
            Error::InvalidPadding => "PSA_ERROR_INVALID_PADDING",
            Error::CorruptionDetected => "PSA_ERROR_CORRUPTION_DETECTED",
            Error::DataCorrupt => "PSA_ERROR_DATA_CORRUPT",
            Error::DataInvalid => "PSA_ERROR_DATA_INVALID",
        }
    }

    /// The `psa_status_t` of a result: 0 for `Ok`, the error's code otherwise.
    pub fn status<T>(result: &Result<T>) -> i32 {
        match result {
            Ok(_) => 0,
            Err(e) => e.code(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.code())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_spec() {
        assert_eq!(Error::GenericError.code(), -132);
        assert_eq!(Error::NotSupported.code(), -134);
        assert_eq!(Error::ServiceFailure.code(), -144);
        assert_eq!(Error::InvalidSignature.code(), -149);
        assert_eq!(Error::DataInvalid.code(), -153);
    }

    #[test]
    fn from_code_round_trips_and_rejects_others() {
        for e in Error::ALL {
            assert_eq!(Error::from_code(e.code()), Some(e));
        }
        for c in [0, 1, -1, -131, -154, -248, -513, i32::MIN, i32::MAX] {
            assert_eq!(Error::from_code(c), None, "{c}");
        }
    }

    #[test]
    fn display_names_the_status() {
        extern crate std;
        use std::string::ToString;
        assert_eq!(Error::BadState.to_string(), "PSA_ERROR_BAD_STATE (-137)");
    }
}
