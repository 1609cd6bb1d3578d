//! `cargo fuzz run macros`: the two macros' expansion functions on arbitrary source text.
//!
//! The input is lexed (as `proc_macro2` does outside a compiler), then
//! `#[psa_driver(args)] item` goes to `#[psa_driver]`, `register_drivers! { ... }` to
//! `register_drivers!`, and anything else to both. Neither may panic (for the user, a panic is
//! "proc macro panicked", with no span and no fix); `#[psa_driver]` re-emits the item first
//! and `register_drivers!` emits items that parse. The mutation-based proptest of the same
//! (`psa-driver-macros/src/robustness.rs`) runs in `cargo test`; this target adds libFuzzer's
//! coverage guidance. The macro crate is a proc-macro crate, which exports nothing else, so
//! its modules are compiled here from its sources.
#![no_main]
#![allow(dead_code)] // what the proc-macro entry points use and this target does not

// The description reader asks `proc_macro` whether it runs inside a macro (here it does not:
// `is_available()` is false), as proc-macro2 does outside a compiler.
extern crate proc_macro;

#[path = "../../psa-driver-macros/src/args.rs"]
mod args;
#[path = "../../psa-driver-macros/src/ast.rs"]
mod ast;
#[path = "../../psa-driver-macros/src/description.rs"]
mod description;
#[path = "../../psa-driver-macros/src/diag.rs"]
mod diag;
#[path = "../../psa-driver-macros/src/entry_point.rs"]
mod entry_point;
#[path = "../../psa-driver-macros/src/expand.rs"]
mod expand;
#[path = "../../psa-driver-macros/src/register.rs"]
mod register;
#[path = "../../psa-driver-macros/src/require.rs"]
mod require;
#[path = "../../psa-driver-macros/src/validate.rs"]
mod validate;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(tokens) = text.parse::<TokenStream>() else {
        return;
    };
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    match tts.as_slice() {
        [TokenTree::Punct(hash), TokenTree::Group(attr), item @ ..]
            if hash.as_char() == '#' && attr.delimiter() == Delimiter::Bracket =>
        {
            let inner: Vec<TokenTree> = attr.stream().into_iter().collect();
            let args = match inner.as_slice() {
                [TokenTree::Ident(name), TokenTree::Group(args)] if name == "psa_driver" => {
                    args.stream()
                }
                _ => attr.stream(),
            };
            psa_driver(args, item.iter().cloned().collect());
        }
        [
            TokenTree::Ident(name),
            TokenTree::Punct(bang),
            TokenTree::Group(body),
        ] if name == "register_drivers" && bang.as_char() == '!' => {
            register_drivers(body.stream());
        }
        _ => {
            register_drivers(tokens.clone());
            psa_driver(tokens.clone(), tokens);
        }
    }
});

fn psa_driver(args: TokenStream, item: TokenStream) {
    let out = expand::psa_driver(args, item.clone());
    assert!(
        out.to_string().starts_with(&item.to_string()),
        "the item is not re-emitted first: {out}"
    );
}

fn register_drivers(input: TokenStream) {
    let out = register::register_drivers(input);
    assert!(
        syn::parse2::<syn::File>(out.clone()).is_ok(),
        "the output is not items: {out}"
    );
}
