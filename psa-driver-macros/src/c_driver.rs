//! `c_driver!`: a C driver described by a JSON driver description, registered like a Rust one.
//!
//! ```text
//! c_driver! {
//!     /// Docs.
//!     pub struct AcmeC = "drivers/acme.json";
//! }
//! ```
//!
//! expands to the struct, the `extern "C"` declarations of the entry points the description
//! declares (named `<prefix>_<transparent|opaque>_<entry_point>`, or as its `names` say), and
//! a `#[psa_driver(description = ...)]` impl whose methods call them through `psa_c_driver`
//! (C argument conventions, status mapping, length checks).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, LitInt, LitStr, Token, Visibility};

use crate::args::Kind;
use crate::description;

struct Input {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
    path: LitStr,
    contexts: Vec<ContextSpec>,
}

/// `hash_context(size = 112, align = 8);`: the C driver's operation context for a family.
struct ContextSpec {
    name: Ident,
    size: LitInt,
    align: LitInt,
}

/// The families whose C contexts `c_driver!` holds.
const CONTEXT_FAMILIES: &[&str] = &["hash", "mac", "cipher", "aead", "key_derivation", "pake"];

impl Parse for ContextSpec {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        let content;
        syn::parenthesized!(content in input);
        let (mut size, mut align) = (None, None);
        while !content.is_empty() {
            let key: Ident = content.parse()?;
            content.parse::<Token![=]>()?;
            let value: LitInt = content.parse()?;
            match key.to_string().as_str() {
                "size" if size.is_none() => size = Some(value),
                "align" if align.is_none() => align = Some(value),
                "size" | "align" => {
                    return Err(syn::Error::new(key.span(), format!("duplicate `{key}`")));
                }
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown key `{key}`; expected `size` or `align`"),
                    ));
                }
            }
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
        }
        let (Some(size), Some(align)) = (size, align) else {
            return Err(syn::Error::new(
                name.span(),
                format!(
                    "`{name}` needs `size = …` and `align = …` (sizeof and the alignment of the C driver's context type)"
                ),
            ));
        };
        Ok(ContextSpec { name, size, align })
    }
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        input.parse::<Token![struct]>()?;
        let name = input.parse()?;
        input.parse::<Token![=]>()?;
        let path = input.parse()?;
        let _ = input.parse::<Option<Token![;]>>()?;
        let mut contexts = Vec::new();
        while !input.is_empty() {
            contexts.push(input.parse()?);
            let _ = input.parse::<Option<Token![;]>>()?;
        }
        Ok(Input {
            attrs,
            vis,
            name,
            path,
            contexts,
        })
    }
}

/// A checked context: its family and the Rust type that holds it.
struct Held {
    family: String,
    ty: TokenStream,
    used: bool,
    name: Ident,
}

fn contexts(specs: &[ContextSpec], errors: &mut darling::error::Accumulator) -> Vec<Held> {
    let mut held: Vec<Held> = Vec::new();
    for spec in specs {
        let n = spec.name.to_string();
        let Some(family) = n
            .strip_suffix("_context")
            .filter(|f| CONTEXT_FAMILIES.contains(f))
        else {
            errors.push(
                darling::Error::custom(format!("unknown context `{n}`; c_driver! holds {}", {
                    let names: Vec<String> = CONTEXT_FAMILIES
                        .iter()
                        .map(|f| format!("`{f}_context`"))
                        .collect();
                    let (last, rest) = names.split_last().expect("families");
                    format!("{} and {last}", rest.join(", "))
                }))
                .with_span(&spec.name),
            );
            continue;
        };
        if held.iter().any(|h| h.family == family) {
            errors.push(darling::Error::custom(format!("duplicate `{n}`")).with_span(&spec.name));
            continue;
        }
        let size = match spec.size.base10_parse::<usize>() {
            Ok(s) if s > 0 => s,
            _ => {
                errors.push(
                    darling::Error::custom(
                        "`size` must be a positive integer (sizeof the C context type)",
                    )
                    .with_span(&spec.size),
                );
                continue;
            }
        };
        let align = match spec.align.base10_parse::<usize>() {
            Ok(a) if a.is_power_of_two() && a <= 64 => a,
            _ => {
                errors.push(
                    darling::Error::custom(
                        "`align` must be a power of two up to 64 (the C context type's alignment)",
                    )
                    .with_span(&spec.align),
                );
                continue;
            }
        };
        let align = format_ident!("Align{}", align);
        let size = proc_macro2::Literal::usize_unsuffixed(size);
        held.push(Held {
            family: family.to_string(),
            ty: quote!(::psa_c_driver::multipart::Context<#size, ::psa_c_driver::multipart::#align>),
            used: false,
            name: spec.name.clone(),
        });
    }
    held
}

/// The multi-part entry points `c_driver!` calls on a held context `ctx`.
fn call_multipart(ep: &str, f: &Ident, ctx: &TokenStream) -> Option<(TokenStream, TokenStream)> {
    let m = quote!(::psa_c_driver::multipart);
    let c = quote!(::psa_c_driver);
    let p = quote!(::psa_core);
    let method = Ident::new(ep, Span::call_site());
    Some(match ep {
        "hash_setup" | "key_derivation_setup" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, alg: u32) -> i32;),
            quote! {
                fn #method(&self, alg: #p::Algorithm) -> #p::Result<#ctx> {
                    #m::hash_setup(#f, alg)
                }
            },
        ),
        "key_derivation_input_bytes" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, step: u16, data: *const u8, data_length: usize) -> i32;),
            quote! {
                fn key_derivation_input_bytes(&self, context: &mut #ctx, step: #p::DerivationStep, data: &[u8]) -> #p::Result<()> {
                    #m::key_derivation_input_bytes(#f, context, step, data)
                }
            },
        ),
        "key_derivation_input_integer" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, step: u16, value: u64) -> i32;),
            quote! {
                fn key_derivation_input_integer(&self, context: &mut #ctx, step: #p::DerivationStep, value: u64) -> #p::Result<()> {
                    #m::key_derivation_input_integer(#f, context, step, value)
                }
            },
        ),
        "key_derivation_output_bytes" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, output: *mut u8, output_length: usize) -> i32;),
            quote! {
                fn key_derivation_output_bytes(&self, context: &mut #ctx, output: &mut [u8]) -> #p::Result<()> {
                    #m::key_derivation_output_bytes(#f, context, output)
                }
            },
        ),
        "pake_setup" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, inputs: #m::PakeInputsPtr) -> i32;),
            quote! {
                fn pake_setup(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm, inputs: &#p::PakeInputs<'_>) -> #p::Result<#ctx> {
                    #m::pake_setup(#f, attributes, key_buffer, alg, inputs)
                }
            },
        ),
        "pake_output" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, step: u8, output: *mut u8, output_size: usize, output_length: *mut usize) -> i32;),
            quote! {
                fn pake_output(&self, context: &mut #ctx, step: #p::PakeStep, output: &mut [u8], rng: #p::Rng<'_>) -> #p::Result<usize> {
                    #m::pake_output(#f, context, step, output, rng)
                }
            },
        ),
        "pake_input" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, step: u8, input: *const u8, input_length: usize) -> i32;),
            quote! {
                fn pake_input(&self, context: &mut #ctx, step: #p::PakeStep, input: &[u8]) -> #p::Result<()> {
                    #m::pake_input(#f, context, step, input)
                }
            },
        ),
        "mac_sign_setup"
        | "mac_verify_setup"
        | "cipher_encrypt_setup"
        | "cipher_decrypt_setup"
        | "aead_encrypt_setup"
        | "aead_decrypt_setup" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32) -> i32;),
            quote! {
                fn #method(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm) -> #p::Result<#ctx> {
                    #m::mac_setup(#f, attributes, key_buffer, alg)
                }
            },
        ),
        "hash_update" | "mac_update" | "mac_verify_finish" | "cipher_set_iv" | "aead_set_nonce"
        | "aead_update_ad" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, input: *const u8, input_length: usize) -> i32;),
            quote! {
                fn #method(&self, context: &mut #ctx, input: &[u8]) -> #p::Result<()> {
                    #m::input(#f, context, input)
                }
            },
        ),
        "hash_finish" | "mac_sign_finish" | "cipher_finish" | "pake_get_shared_key" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, output: *mut u8, output_size: usize, output_length: *mut usize) -> i32;),
            quote! {
                fn #method(&self, context: &mut #ctx, output: &mut [u8]) -> #p::Result<usize> {
                    #m::finish(#f, context, output)
                }
            },
        ),
        "cipher_update" | "aead_update" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize) -> i32;),
            quote! {
                fn #method(&self, context: &mut #ctx, input: &[u8], output: &mut [u8]) -> #p::Result<usize> {
                    #m::update(#f, context, input, output)
                }
            },
        ),
        "aead_set_lengths" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, ad_length: usize, plaintext_length: usize) -> i32;),
            quote! {
                fn aead_set_lengths(&self, context: &mut #ctx, ad_length: usize, plaintext_length: usize) -> #p::Result<()> {
                    #m::set_lengths(#f, context, ad_length, plaintext_length)
                }
            },
        ),
        "aead_finish" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, ciphertext: *mut u8, ciphertext_size: usize, ciphertext_length: *mut usize, tag: *mut u8, tag_size: usize, tag_length: *mut usize) -> i32;),
            quote! {
                fn aead_finish(&self, context: &mut #ctx, ciphertext: &mut [u8], tag: &mut [u8]) -> #p::Result<(usize, usize)> {
                    #m::aead_finish(#f, context, ciphertext, tag)
                }
            },
        ),
        "aead_verify" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void, plaintext: *mut u8, plaintext_size: usize, plaintext_length: *mut usize, tag: *const u8, tag_length: usize) -> i32;),
            quote! {
                fn aead_verify(&self, context: &mut #ctx, plaintext: &mut [u8], tag: &[u8]) -> #p::Result<usize> {
                    #m::aead_verify(#f, context, plaintext, tag)
                }
            },
        ),
        "hash_clone" => (
            quote!(fn #f(source_operation: *const ::core::ffi::c_void, target_operation: *mut ::core::ffi::c_void) -> i32;),
            quote! {
                fn hash_clone(&self, context: &#ctx) -> #p::Result<#ctx> {
                    #m::clone(#f, context)
                }
            },
        ),
        "hash_abort"
        | "mac_abort"
        | "cipher_abort"
        | "aead_abort"
        | "key_derivation_abort"
        | "pake_abort" => (
            quote!(fn #f(operation: *mut ::core::ffi::c_void) -> i32;),
            quote! {
                fn #method(&self, context: &mut #ctx) -> #p::Result<()> {
                    #m::abort(#f, context)
                }
            },
        ),
        _ => return None,
    })
}

/// The C entry points `c_driver!` can call, and how.
fn call(ep: &str, f: &Ident) -> Option<(TokenStream, TokenStream)> {
    let c = quote!(::psa_c_driver);
    let p = quote!(::psa_core);
    Some(match ep {
        "hash_compute" => (
            quote!(fn #f(alg: u32, input: *const u8, input_length: usize, hash: *mut u8, hash_size: usize, hash_length: *mut usize) -> i32;),
            quote! {
                fn hash_compute(&self, alg: #p::Algorithm, input: &[u8], hash: &mut [u8]) -> #p::Result<usize> {
                    #c::hash_compute(#f, alg, input, hash)
                }
            },
        ),
        "mac_compute" => (
            quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, mac: *mut u8, mac_size: usize, mac_length: *mut usize) -> i32;),
            quote! {
                fn mac_compute(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm, input: &[u8], mac: &mut [u8]) -> #p::Result<usize> {
                    #c::mac_compute(#f, attributes, key_buffer, alg, input, mac)
                }
            },
        ),
        "import_key" => (
            quote!(fn #f(attributes: #c::Attributes, data: *const u8, data_length: usize, key_buffer: *mut u8, key_buffer_size: usize, key_buffer_length: *mut usize, bits: *mut usize) -> i32;),
            quote! {
                fn import_key(&self, attributes: &#p::KeyAttributes, data: &[u8], key_buffer: &mut [u8]) -> #p::Result<#p::entry::ImportedKey> {
                    #c::import_key(#f, attributes, data, key_buffer)
                }
            },
        ),
        "export_key" | "export_public_key" => {
            let method = Ident::new(ep, Span::call_site());
            (
                quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, data: *mut u8, data_size: usize, data_length: *mut usize) -> i32;),
                quote! {
                    fn #method(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], data: &mut [u8]) -> #p::Result<usize> {
                        #c::export_key(#f, attributes, key_buffer, data)
                    }
                },
            )
        }
        "destroy_key" => (
            quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize) -> i32;),
            quote! {
                fn destroy_key(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8]) -> #p::Result<()> {
                    #c::destroy_key(#f, attributes, key_buffer)
                }
            },
        ),
        "generate_key" => (
            quote!(fn #f(attributes: #c::Attributes, key_buffer: *mut u8, key_buffer_size: usize, key_buffer_length: *mut usize) -> i32;),
            quote! {
                fn generate_key(&self, attributes: &#p::KeyAttributes, key_buffer: &mut [u8], rng: #p::Rng<'_>) -> #p::Result<usize> {
                    #c::generate_key(#f, attributes, key_buffer, rng)
                }
            },
        ),
        "allocate_key" => (
            quote!(fn #f(attributes: #c::Attributes, key_buffer: *mut u8, key_buffer_size: usize) -> i32;),
            quote! {
                fn allocate_key(&self, attributes: &#p::KeyAttributes, key_buffer: &mut [u8]) -> #p::Result<usize> {
                    #c::allocate_key(#f, attributes, key_buffer)
                }
            },
        ),
        "copy_key" => (
            quote!(fn #f(attributes: #c::Attributes, source_key: *const u8, source_key_length: usize, target_key_buffer: *mut u8, target_key_buffer_size: usize, target_key_buffer_length: *mut usize) -> i32;),
            quote! {
                fn copy_key(&self, attributes: &#p::KeyAttributes, source_key: &[u8], target_key_buffer: &mut [u8]) -> #p::Result<usize> {
                    #c::copy_key(#f, attributes, source_key, target_key_buffer)
                }
            },
        ),
        "get_builtin_key" => (
            quote!(fn #f(slot_number: u64, attributes: #c::AttributesMut, key_buffer: *mut u8, key_buffer_size: usize, key_buffer_length: *mut usize) -> i32;),
            quote! {
                fn get_builtin_key(&self, slot_number: u64, attributes: &mut #p::KeyAttributes, key_buffer: &mut [u8]) -> #p::Result<usize> {
                    #c::get_builtin_key(#f, slot_number, attributes, key_buffer)
                }
            },
        ),
        "sign_hash" | "sign_message" => {
            let method = Ident::new(ep, Span::call_site());
            (
                quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, signature: *mut u8, signature_size: usize, signature_length: *mut usize) -> i32;),
                quote! {
                    fn #method(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm, input: &[u8], signature: &mut [u8], rng: #p::Rng<'_>) -> #p::Result<usize> {
                        #c::sign(#f, attributes, key_buffer, alg, input, signature, rng)
                    }
                },
            )
        }
        "verify_hash" | "verify_message" => {
            let method = Ident::new(ep, Span::call_site());
            (
                quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, signature: *const u8, signature_length: usize) -> i32;),
                quote! {
                    fn #method(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm, input: &[u8], signature: &[u8]) -> #p::Result<()> {
                        #c::verify(#f, attributes, key_buffer, alg, input, signature)
                    }
                },
            )
        }
        "cipher_encrypt" => (
            quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, iv: *const u8, iv_length: usize, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize) -> i32;),
            quote! {
                fn cipher_encrypt(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm, iv: &[u8], input: &[u8], output: &mut [u8]) -> #p::Result<usize> {
                    #c::cipher_encrypt(#f, attributes, key_buffer, alg, iv, input, output)
                }
            },
        ),
        "cipher_decrypt" | "key_agreement" => {
            let method = Ident::new(ep, Span::call_site());
            (
                quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize) -> i32;),
                quote! {
                    fn #method(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm, input: &[u8], output: &mut [u8]) -> #p::Result<usize> {
                        #c::cipher_decrypt(#f, attributes, key_buffer, alg, input, output)
                    }
                },
            )
        }
        "aead_encrypt" | "aead_decrypt" => {
            let method = Ident::new(ep, Span::call_site());
            (
                quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, nonce: *const u8, nonce_length: usize, additional_data: *const u8, additional_data_length: usize, input: *const u8, input_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize) -> i32;),
                quote! {
                    fn #method(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm, nonce: &[u8], additional_data: &[u8], input: &[u8], output: &mut [u8]) -> #p::Result<usize> {
                        #c::aead(#f, attributes, key_buffer, alg, nonce, additional_data, input, output)
                    }
                },
            )
        }
        "asymmetric_encrypt" => (
            quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, salt: *const u8, salt_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize) -> i32;),
            quote! {
                fn asymmetric_encrypt(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm, input: &[u8], salt: &[u8], output: &mut [u8], rng: #p::Rng<'_>) -> #p::Result<usize> {
                    #c::asymmetric_encrypt(#f, attributes, key_buffer, alg, input, salt, output, rng)
                }
            },
        ),
        "asymmetric_decrypt" => (
            quote!(fn #f(attributes: #c::Attributes, key_buffer: *const u8, key_buffer_size: usize, alg: u32, input: *const u8, input_length: usize, salt: *const u8, salt_length: usize, output: *mut u8, output_size: usize, output_length: *mut usize) -> i32;),
            quote! {
                fn asymmetric_decrypt(&self, attributes: &#p::KeyAttributes, key_buffer: &[u8], alg: #p::Algorithm, input: &[u8], salt: &[u8], output: &mut [u8]) -> #p::Result<usize> {
                    #c::asymmetric_decrypt(#f, attributes, key_buffer, alg, input, salt, output)
                }
            },
        ),
        "get_random" => (
            quote!(fn #f(output: *mut u8, output_size: usize, output_length: *mut usize) -> i32;),
            quote! {
                fn get_random(&self, output: &mut [u8]) -> #p::Result<()> {
                    #c::get_random(#f, output)
                }
            },
        ),
        _ => return None,
    })
}

/// `c_driver! { vis struct Name = "path.json"; }`.
pub(crate) fn c_driver(input: TokenStream) -> TokenStream {
    let input = match syn::parse2::<Input>(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let mut errors = darling::Error::accumulator();
    let span = input.path.span();
    let rel = input.path.value();
    let Input {
        attrs,
        vis,
        name,
        path,
        contexts: specs,
    } = &input;
    let mut held = contexts(specs, &mut errors);
    let strukt = quote!(#(#attrs)* #vis struct #name;);
    let Some((d, _)) = description::load(path, &mut errors) else {
        let errors = errors.finish().err().map(darling::Error::write_errors);
        return quote!(#strukt #errors);
    };
    let (prefix, kind) = match (&d.prefix, d.kind) {
        (Some(p), Some(k)) => (p.clone(), k),
        _ => unreachable_description(),
    };
    let kind_name = match kind {
        Kind::Transparent => "transparent",
        Kind::Opaque => "opaque",
    };
    // Entry point -> (C name, capability index where first named).
    let mut functions: Vec<(&'static str, String, usize)> = Vec::new();
    for (i, cap) in d.capabilities.iter().enumerate() {
        for ep in &cap.entry_points {
            let c_name = cap
                .names
                .iter()
                .find(|(e, _)| e == ep.name)
                .map(|(_, f)| f.clone())
                .unwrap_or_else(|| format!("{prefix}_{kind_name}_{}", ep.name));
            match functions.iter().find(|(e, _, _)| *e == ep.name) {
                Some((_, other, j)) if *other != c_name => errors.push(
                    darling::Error::custom(format!(
                        "{rel}: capabilities[{i}] names `{}` `{c_name}`, but capabilities[{j}] names it `{other}`; applicable capabilities must map an entry point to one function",
                        ep.name
                    ))
                    .with_span(&span),
                ),
                Some(_) => {}
                None => functions.push((ep.name, c_name, i)),
            }
        }
    }
    let mut externs = Vec::new();
    let mut methods = Vec::new();
    // Multi-part entry points, reported once per family: (family, first capability, members).
    let mut families: Vec<(&'static str, usize, Vec<&'static str>)> = Vec::new();
    for (ep, c_name, i) in &functions {
        let f = Ident::new(c_name, span);
        let family = crate::entry_point::lookup(ep).and_then(|e| e.multi_part());
        let context = family.and_then(|fam| held.iter_mut().find(|h| h.family == fam.name));
        if let Some((decl, method)) = call(ep, &f) {
            externs.push(decl);
            methods.push(method);
        } else if let Some((decl, method)) = context.and_then(|h| {
            h.used = true;
            call_multipart(ep, &f, &h.ty)
        }) {
            externs.push(decl);
            methods.push(method);
        } else if let Some(family) = family {
            match families
                .iter_mut()
                .find(|(name, _, _)| *name == family.name)
            {
                Some((_, _, members)) => members.push(ep),
                None => families.push((family.name, *i, vec![ep])),
            }
        } else {
            errors.push(
                darling::Error::custom(format!(
                    "{rel}: capabilities[{i}].entry_points: `{ep}` is not callable through c_driver! yet (it calls key management and every single-part entry point); drop it from the description or wrap the driver in a Rust `#[psa_driver]`"
                ))
                .with_span(&span),
            );
        }
    }
    for (family, i, members) in families {
        let members = members
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if CONTEXT_FAMILIES.contains(&family) {
            format!(
                "{rel}: capabilities[{i}].entry_points: the {family} multi-part operation ({members}) needs the C driver's operation context, and c_driver! does not know its size and alignment; state them after the description: `{family}_context(size = <sizeof>, align = <alignment>);` (checked in C with PSA_DRIVER_CONTEXT_FITS), or drop the family from the description"
            )
        } else {
            format!(
                "{rel}: capabilities[{i}].entry_points: the {family} multi-part operation ({members}) is not callable through c_driver!; drop the family from the description, or wrap the driver in a Rust `#[psa_driver]` that owns the context"
            )
        };
        errors.push(darling::Error::custom(message).with_span(&span));
    }
    for h in held.iter().filter(|h| !h.used) {
        errors.push(
            darling::Error::custom(format!(
                "`{}` is given but {rel} declares no {} multi-part entry point; drop it",
                h.name, h.family
            ))
            .with_span(&h.name),
        );
    }
    if let Err(e) = errors.finish() {
        let e = e.write_errors();
        return quote!(#strukt #e);
    }
    let module = format_ident!("__psa_c_driver_{}", name);
    let eps = functions.iter().map(|(ep, _, _)| Ident::new(ep, span));
    quote! {
        #strukt

        #[doc(hidden)]
        #[allow(non_snake_case, unsafe_code, clippy::too_many_arguments)]
        mod #module {
            // The C driver's entry points, with the driver interface's C signatures.
            unsafe extern "C" { #(#externs)* }

            #[::psa_core::psa_driver(description = #path, entry_points = [#(#eps),*])]
            impl super::#name {
                #(#methods)*
            }
        }
    }
}

/// `load` returns a description only when it has no problems, and a missing `prefix` or
/// `type` is a problem.
fn unreachable_description() -> ! {
    unreachable!("a description without problems has a prefix and a type")
}
