#![doc = include_str!("../README.md")]
//!
//! (This crate holds the examples and compiles the workspace README's code as doctests.)
