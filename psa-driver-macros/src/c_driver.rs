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
use crate::entry_point::{EntryPoint, Shape};

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

/// The extern declaration of C function `f` implementing `ep`, and the driver method that
/// calls it, both from the catalogue (its parameters and its `c glue(…)`); `ctx` is the held
/// context type of a multi-part entry point. `None`: the catalogue gives no glue.
fn glue(
    ep: &EntryPoint,
    f: &Ident,
    ctx: Option<&TokenStream>,
) -> Option<(TokenStream, TokenStream)> {
    let c = ep.c.as_ref()?;
    let multi_part = ep.shape.is_multi_part();
    if multi_part && ctx.is_none() {
        return None;
    }
    // The catalogue's types, as tokens: psa-core's and the C ones, named as the generated
    // module's glob imports name them.
    let tokens = |s: &str| s.parse::<TokenStream>().ok();
    let ident = |s: &str| Ident::new(s, Span::call_site());
    let mut c_params = Vec::new();
    for (name, ty) in c.params {
        let (name, ty) = (ident(name), tokens(ty)?);
        c_params.push(quote!(#name: #ty));
    }
    let decl = quote!(fn #f(#(#c_params),*) -> i32;);

    let names: Vec<Ident> = ep.params.iter().map(|(name, _)| ident(name)).collect();
    let mut types = Vec::new();
    for (_, ty) in ep.params {
        types.push(tokens(ty)?);
    }
    let out = tokens(ep.output)?;
    let lt = ep.borrows.then(|| quote!(<'a>));
    let method = ep.ident(Span::call_site());
    let function = ident(c.function);
    let call = if multi_part {
        quote!(::psa_c_driver::multipart::#function)
    } else {
        quote!(::psa_c_driver::#function)
    };
    let method = match (ep.shape, ctx) {
        (Shape::Keyed | Shape::Keyless, _) => quote! {
            fn #method #lt(&self, #(#names: #types),*) -> #out {
                #call(#f, #(#names),*)
            }
        },
        (Shape::KeyedSetup | Shape::KeylessSetup, Some(ctx)) => quote! {
            fn #method #lt(&self, #(#names: #types),*) -> Result<#ctx> {
                #call(#f, #(#names),*)
            }
        },
        (Shape::Step, Some(ctx)) => quote! {
            fn #method #lt(&self, context: &mut #ctx, #(#names: #types),*) -> #out {
                #call(#f, context, #(#names),*)
            }
        },
        (Shape::Clone, Some(ctx)) => quote! {
            fn #method(&self, context: &#ctx) -> Result<#ctx> {
                #call(#f, context)
            }
        },
        (Shape::Abort, Some(ctx)) => quote! {
            fn #method(&self, context: &mut #ctx) -> Result<()> {
                #call(#f, context)
            }
        },
        (_, None) => return None,
    };
    Some((decl, method))
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
        let entry = crate::entry_point::lookup(ep);
        let family = entry.and_then(|e| e.multi_part());
        let generated = match (entry, family) {
            (Some(entry), None) => glue(entry, &f, None),
            (Some(entry), Some(fam)) => {
                held.iter_mut()
                    .find(|h| h.family == fam.name)
                    .and_then(|h| {
                        h.used = true;
                        glue(entry, &f, Some(&h.ty))
                    })
            }
            (None, _) => None,
        };
        if let Some((decl, method)) = generated {
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
        #[allow(non_snake_case, unsafe_code, unused_imports, clippy::too_many_arguments)]
        mod #module {
            // The names the catalogue writes its Rust and C signatures with.
            use ::psa_core::__private::catalogue_types::*;
            use ::psa_c_driver::c_types::*;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry_point::ALL;

    /// Every entry point the catalogue gives C glue turns into a declaration and a method
    /// (its types parse), and the only one without glue is the opaque derivation input, which
    /// Mbed TLS's C driver interface does not have.
    #[test]
    fn the_catalogue_glue_generates_for_every_entry_point() {
        let f = Ident::new("acme_fn", Span::call_site());
        let ctx = quote!(Ctx);
        let mut without = Vec::new();
        for ep in ALL {
            let ctx = ep.shape.is_multi_part().then_some(&ctx);
            match glue(ep, &f, ctx) {
                Some((decl, method)) => {
                    syn::parse2::<syn::ForeignItemFn>(decl).expect(ep.name);
                    syn::parse2::<syn::ImplItemFn>(method).expect(ep.name);
                }
                None => without.push(ep.name),
            }
        }
        assert_eq!(without, ["key_derivation_input_key"]);
    }

    #[test]
    fn glue_passes_the_parameters_in_catalogue_order() {
        let f = Ident::new("acme_fn", Span::call_site());
        let ep = crate::entry_point::lookup("sign_hash").unwrap();
        let (decl, method) = glue(ep, &f, None).unwrap();
        let decl = decl.to_string();
        assert!(
            decl.starts_with("fn acme_fn (attributes : Attributes"),
            "{decl}"
        );
        assert!(decl.ends_with("-> i32 ;"), "{decl}");
        let method = method.to_string();
        assert!(
            method.contains(
                ":: psa_c_driver :: sign (acme_fn , attributes , key_buffer , alg , hash , signature , rng)"
            ),
            "{method}"
        );
        // A step takes the context first; a multi-part entry point without a held context
        // has no method.
        let ep = crate::entry_point::lookup("hash_finish").unwrap();
        assert!(glue(ep, &f, None).is_none());
        let (_, method) = glue(ep, &f, Some(&quote!(Ctx))).unwrap();
        let method = method.to_string();
        assert!(
            method.contains(":: psa_c_driver :: multipart :: finish (acme_fn , context , hash)"),
            "{method}"
        );
    }
}
