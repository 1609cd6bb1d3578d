//! Procedural macros of the PSA driver framework; use them through `psa_core`.
use proc_macro::TokenStream;

/// Placeholder.
#[proc_macro_attribute]
pub fn psa_driver(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}

/// Placeholder.
#[proc_macro]
pub fn register_drivers(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
