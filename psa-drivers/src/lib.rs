//! PSA drivers (placeholder).
#![no_std]
