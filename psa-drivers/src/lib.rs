#![doc = include_str!("../README.md")]
#![no_std]

#[cfg(feature = "p256")]
pub mod p256;
#[cfg(feature = "secure-element")]
pub mod secure_element;

#[cfg(feature = "p256")]
pub use crate::p256::P256Driver;
#[cfg(feature = "secure-element")]
pub use crate::secure_element::SecureElement;
