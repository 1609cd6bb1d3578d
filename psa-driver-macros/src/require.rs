//! `register_drivers!`'s proofs: `require: [..]` (required coverage), the shadowing checks
//! (`allow_shadowed: [..]` to accept one), and the `BOM` const.
//!
//! The macro cannot see the drivers' capabilities (they come from `#[psa_driver]` through
//! the `Driver` trait), so each check is a `const` evaluated over the registration's
//! `INFO` by `psa_core::bom`; its `panic!` is spanned at the user's requirement (or driver
//! field), which is where the compiler reports the message. Nothing here touches the
//! generated dispatch code.

use darling::Error;
use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Ident, Token, parenthesized};

use crate::diag::{error_at, tokens_text, unknown};
use crate::entry_point::{self, EntryPoint, Shape};

/// `entry_point(alg, key_type, bits) in location`, as written.
pub(crate) struct RawRequirement {
    name: Ident,
    args: Punctuated<Expr, Token![,]>,
    location: Option<Expr>,
    /// The whole requirement, for the error span and message.
    text: String,
    span: Span,
}

impl Parse for RawRequirement {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        let content;
        let paren = parenthesized!(content in input);
        let args = Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
        let location = if input.peek(Token![in]) {
            input.parse::<Token![in]>()?;
            Some(input.parse::<Expr>()?)
        } else {
            None
        };
        let list: Vec<String> = args.iter().map(tokens_text).collect();
        let mut text = format!("{name}({})", list.join(", "));
        if let Some(l) = &location {
            text.push_str(" in ");
            text.push_str(&tokens_text(l));
        }
        let span = name
            .span()
            .join(location.as_ref().map_or(paren.span.close(), |l| l.span()))
            .unwrap_or_else(|| name.span());
        Ok(RawRequirement {
            name,
            args,
            location,
            text,
            span,
        })
    }
}

/// A registered driver, as the checks see it.
pub(crate) struct Driver {
    pub(crate) field: String,
    pub(crate) index: u8,
    pub(crate) transparent: bool,
    pub(crate) span: Span,
}

/// Checks the requirements' syntax, accumulating errors.
pub(crate) fn validate(
    reqs: &[RawRequirement],
    allow_shadowed: &[Ident],
    drivers: &[Driver],
    errors: &mut Vec<Error>,
) {
    for r in reqs {
        let name = r.name.to_string();
        let Some(ep) = entry_point::lookup(&name) else {
            let names = entry_point::ALL.iter().map(|e| e.name);
            errors.push(error_at(
                r.name.span(),
                unknown("entry point", &name, names),
            ));
            continue;
        };
        let keyless = matches!(ep.shape, Shape::Keyless | Shape::KeylessSetup);
        let n = r.args.len();
        if keyless && n > 1 {
            errors.push(error_at(
                r.args.span(),
                format!("`{name}` has no key: its requirement takes only the algorithm, e.g. `{name}(Algorithm::SHA_256)`"),
            ));
        } else if keyless && r.location.is_some() {
            errors.push(error_at(
                r.location.span(),
                format!("`{name}` has no key, so no location; remove `in ...`"),
            ));
        } else if !keyless && n != 3 {
            errors.push(error_at(
                r.span,
                format!("a `{name}` requirement takes the algorithm, key type and key size in bits, e.g. `{name}(Algorithm::ecdsa(Algorithm::SHA_256), KeyType::ecc_key_pair(EccFamily::SECP_R1), 256)`"),
            ));
        }
    }
    for a in allow_shadowed {
        let name = a.to_string();
        if !drivers.iter().any(|d| d.field == name) {
            let message = if drivers.is_empty() {
                format!("`allow_shadowed` names `{name}`, but no driver is registered")
            } else {
                unknown(
                    "driver field",
                    &name,
                    drivers.iter().map(|d| d.field.as_str()),
                )
            };
            errors.push(error_at(a.span(), message));
        }
    }
}

/// The requirement and shadowing consts, placed inside the registration's `const _` (where
/// `__psa` is the core's `__private`).
pub(crate) fn checks(
    name: &Ident,
    reqs: &[RawRequirement],
    allow_shadowed: &[Ident],
    drivers: &[Driver],
) -> TokenStream {
    let registered = drivers.iter().map(|d| {
        let (field, index) = (&d.field, Literal::u8_unsuffixed(d.index));
        quote!(__psa::Registered { field: #field, index: #index })
    });
    let requirements = reqs.iter().filter_map(|r| {
        let ep: &EntryPoint = entry_point::lookup(&r.name.to_string())?;
        let variant = ep.variant(Span::call_site());
        let mut args = r.args.iter();
        let alg = args
            .next()
            .map_or(quote!(__psa::Algorithm::NONE), |a| quote!(#a));
        let key_type = args
            .next()
            .map_or(quote!(__psa::KeyType::NONE), |a| quote!(#a));
        let bits = args.next().map_or(quote!(0), |a| quote!(#a));
        let location = r
            .location
            .as_ref()
            .map_or(quote!(__psa::Location::LOCAL_STORAGE), |l| quote!(#l));
        let text = &r.text;
        // The error lands on the requirement as written (`sign_hash(...)`).
        // Located at the requirement, resolved at the call site (where `m` is bound), so a
        // requirement written by another macro still finds `m`.
        let span = r.span.resolved_at(Span::call_site());
        let panic = quote_spanned! {span=>
            __psa::panic!("{}", m.as_str())
        };
        Some(quote! {
            const _: () = {
                const REQUIREMENT: __psa::Requirement = __psa::Requirement {
                    text: #text,
                    request: __psa::Request {
                        entry_point: __psa::EntryPoint::#variant,
                        location: #location,
                        key_type: #key_type,
                        bits: #bits,
                        alg: #alg,
                    },
                };
                if let __psa::Some(m) =
                    __psa::bom::check_requirement(&#name::INFO, REGISTERED, &REQUIREMENT)
                {
                    #panic
                }
            };
        })
    });
    // One check per later transparent driver (against every earlier one), not one per pair:
    // 64 drivers make 63 checks, not 2,016.
    let mut shadowing = Vec::new();
    for (j, b) in drivers.iter().enumerate() {
        if !b.transparent
            || allow_shadowed.iter().any(|a| *a == b.field)
            || !drivers[..j].iter().any(|a| a.transparent)
        {
            continue;
        }
        let ib = Literal::u8_unsuffixed(b.index);
        // The error lands on the later driver's field.
        let span = b.span.resolved_at(Span::call_site());
        let panic = quote_spanned! {span=>
            __psa::panic!("{}", m.as_str())
        };
        shadowing.push(quote! {
            const _: () = if let __psa::Some(m) = __psa::bom::check_reachable(&#name::INFO, #ib) {
                #panic
            };
        });
    }
    let registered = (!reqs.is_empty())
        .then(|| quote!(const REGISTERED: &[__psa::Registered] = &[#(#registered),*];));
    quote! {
        #registered
        #(#requirements)*
        #(#shadowing)*
    }
}

/// `BOM`, beside `INFO` in the dispatcher's inherent impl.
pub(crate) fn bom(krate: &TokenStream) -> TokenStream {
    quote! {
        /// The bill of materials: the resolved dispatch table (per entry point, the ordered
        /// candidates with their guards and fallback edges, the built-in, the opaque drivers
        /// by location), renderable as JSON (`to_json`, feature `json`) and Graphviz DOT
        /// (`dot`).
        pub const BOM: #krate::bom::BillOfMaterials =
            #krate::bom::BillOfMaterials::new(&Self::INFO).with_builtin_keys(Self::BUILTIN_KEYS);
    }
}
