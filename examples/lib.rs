//! Examples of the PSA driver framework; see `examples/*.rs`.
