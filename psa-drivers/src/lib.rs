#![doc = include_str!("../README.md")]
#![no_std]

#[cfg(feature = "aws-lc")]
extern crate std;

#[cfg(feature = "aws-lc")]
pub mod aws_lc;

#[cfg(feature = "p256")]
pub mod p256;
#[cfg(feature = "secure-element")]
pub mod secure_element;

#[cfg(feature = "aws-lc")]
pub use crate::aws_lc::{AWS_LC_LOCATION, AwsLcDriver, AwsLcKeyStore};
#[cfg(feature = "p256")]
pub use crate::p256::P256Driver;
#[cfg(feature = "secure-element")]
pub use crate::secure_element::SecureElement;
