//! Code generation for `#[psa_driver]`: the impl block unchanged, then
//! `const _: () = { impl Driver for Type { ... } ... };`.

use darling::Error;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ImplItem, Item};

use crate::args::{DriverArgs, Kind};
use crate::ast::DriverImpl;
use crate::description;
use crate::entry_point::MULTI_PART;
use crate::validate::{self, Driver};

/// `#[psa_driver(args)] item`.
pub(crate) fn psa_driver(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Error::accumulator();
    let mut args = DriverArgs::parse(args, &mut errors);
    let krate = krate(args.krate.as_ref());
    let described = description::apply(&mut args, &krate, &mut errors);

    let parsed = syn::parse2::<Item>(item.clone());
    let imp = match &parsed {
        Ok(parsed) => errors.handle(validate::item(parsed)),
        Err(e) => {
            errors.push(e.clone().into());
            None
        }
    };
    let driver_impl = imp.map(DriverImpl::new);
    let model = driver_impl
        .as_ref()
        .and_then(|imp| validate::driver(&args, imp, &mut errors));

    // The original tokens are always emitted as they came, so that a mistake in the
    // arguments leaves the methods compiling (one error, not one per use of the type).
    match (errors.finish(), model) {
        (Ok(()), Some(model)) => {
            let generated = expand(&model, &krate);
            quote!(#item #generated #described)
        }
        (result, _) => {
            let errors = result.err().map(Error::write_errors);
            let fallback = match &parsed {
                Ok(Item::Impl(imp)) if imp.generics.lt_token.is_none() => {
                    Some(fallback(&args, imp, &krate))
                }
                _ => None,
            };
            quote!(#item #fallback #described #errors)
        }
    }
}

/// `crate = path`, or `::psa_core`.
pub(crate) fn krate(path: Option<&syn::Path>) -> TokenStream {
    match path {
        Some(path) => path.to_token_stream(),
        None => quote!(::psa_core),
    }
}

/// The `Driver` impl of a validated driver.
pub(crate) fn expand(d: &Driver<'_>, krate: &TokenStream) -> TokenStream {
    let ty = d.imp.self_ty();
    let prefix = d.prefix;
    let (kind, location) = match d.kind {
        Kind::Transparent => (
            quote!(__psa::DriverKind::Transparent),
            quote!(__psa::Location::LOCAL_STORAGE),
        ),
        Kind::Opaque => {
            let location = d
                .location
                .map(ToTokens::to_token_stream)
                .unwrap_or_default();
            (quote!(__psa::DriverKind::Opaque), location)
        }
    };

    let entry_points = set(d
        .entry_points
        .iter()
        .map(|e| (e.entry_point.variant(Span::call_site()), e.method.cfg())));

    let capabilities = d.capabilities.iter().map(|cap| {
        let entry_points = match &cap.entry_points {
            // Without `entry_points`, a capability covers only the declared entry points
            // whose requests its fields can describe (an algorithm list says nothing about
            // `get_random`, a key-type list nothing about `hash_compute` or a built-in key
            // before it is loaded), so it never disables the others.
            None => {
                let (algs, keys) = (
                    !cap.args.algorithms.is_empty(),
                    !cap.args.key_types.is_empty() || !cap.args.key_sizes.is_empty(),
                );
                set(d
                    .entry_points
                    .iter()
                    .filter(|e| {
                        let ep = e.entry_point;
                        (!algs || ep.describes_algorithm()) && (!keys || ep.describes_key())
                    })
                    .map(|e| (e.entry_point.variant(Span::call_site()), e.method.cfg())))
            }
            Some(list) => {
                let variants = list.iter().map(|(ep, ident)| ep.variant(ident.span()));
                quote!(__psa::EntryPointSet::of(&[#(__psa::EntryPoint::#variants),*]))
            }
        };
        let algorithms = &cap.args.algorithms;
        let key_types = &cap.args.key_types;
        let key_sizes = &cap.args.key_sizes;
        let fallback = cap.args.fallback.is_none_or(|(fallback, _)| fallback);
        quote! {
            __psa::Capability {
                entry_points: #entry_points,
                algorithms: &[#(#algorithms),*],
                key_types: &[#(#key_types),*],
                key_sizes: &[#(#key_sizes),*],
                fallback: #fallback,
            }
        }
    });

    let guard = d.guard.map(|(path, key)| {
        // As for methods: a guard of the wrong type is "expected fn pointer, found fn item"
        // at the user's path, "expected due to this" at the `guard` key.
        let expected = quote_spanned!(*key=> fn(&__psa::Request) -> bool);
        quote! {
            const GUARD: __psa::Option<fn(&__psa::Request) -> bool> = {
                let guard: #expected = #path;
                __psa::Some(guard)
            };
        }
    });

    let contexts = d.contexts.iter().map(|(family, ty)| {
        let name = format_ident!("{}", family.context);
        // The family's required members share one `#[cfg]` (validated; an optional member
        // may add its own): without it, no context.
        let cfg = d
            .entry_points
            .iter()
            .find(|e| {
                e.entry_point.multi_part() == Some(*family)
                    && e.entry_point.rule != crate::entry_point::Rule::Optional
            })
            .and_then(|e| e.method.cfg());
        match (ty, cfg) {
            (Some(ty), None) => quote!(type #name = #ty;),
            (Some(ty), Some(cfg)) => quote! {
                #[cfg(#cfg)]
                type #name = #ty;
                #[cfg(not(#cfg))]
                type #name = __psa::NoContext;
            },
            (None, _) => quote!(type #name = __psa::NoContext;),
        }
    });

    let methods = d.entry_points.iter().map(|e| {
        let ep = e.entry_point;
        let konst = ep.const_name(Span::call_site());
        let module = ep.ident(Span::call_site());
        let method = e.method.ident();
        // The expected type is spanned at the name in `entry_points = [...]` (the compiler's
        // "expected due to this"), the method path at the author's method: a signature that
        // does not coerce to `DriverFn` is reported there, as "expected fn pointer, found fn
        // item" with both signatures. A typed `let` rather than `Some(Self::x)` directly: as
        // the argument of `Some`, the error would also blame the attribute ("arguments to
        // this enum variant are incorrect").
        let expected = match ep.multi_part() {
            Some(family) => {
                let context = format_ident!("{}", family.context);
                quote_spanned!(e.listed.span()=> __psa::entry::#module::DriverFn<Self, Self::#context>)
            }
            None => quote_spanned!(e.listed.span()=> __psa::entry::#module::DriverFn<Self>),
        };
        let value = quote_spanned!(method.span()=> Self::#method);
        // Compiled out with the method: the trait's default, `None`.
        let cfg = e.method.cfg_attrs();
        quote! {
            #(#cfg)*
            const #konst: __psa::Option<#expected> = {
                let method: #expected = #value;
                __psa::Some(method)
            };
        }
    });

    // A capability that names sizes its key types cannot have, or algorithms that cannot use
    // them, fails at compile time at the offending element (the size, the algorithm), with a
    // message naming both and the fix. The check is a const assertion because elements may be
    // arbitrary const expressions (`P256_KEY_PAIR`), which the macro cannot read.
    let capability_checks = d
        .capabilities
        .iter()
        .enumerate()
        .filter(|(_, c)| c.const_check)
        .flat_map(|(i, cap)| {
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            let mut checks = Vec::new();
            for (t, kt) in cap.args.key_types.iter().enumerate() {
                let t = proc_macro2::Literal::usize_unsuffixed(t);
                let kt_text = element_text(kt);
                for (s, size) in cap.args.key_sizes.iter().enumerate() {
                    let s = proc_macro2::Literal::usize_unsuffixed(s);
                    let message = format_braces(&format!(
                        "key size `{}` can never match: no curve of key type `{kt_text}` has that size; \
                         list a size of that curve family, or put this size in a capability for another key type",
                        element_text(size)
                    ));
                    checks.push(quote_spanned! {size.span()=>
                        const _: () = __psa::assert!(
                            __psa::key_size_fits(
                                <#ty as __psa::Driver>::CAPABILITIES[#i].key_types[#t],
                                <#ty as __psa::Driver>::CAPABILITIES[#i].key_sizes[#s],
                            ),
                            #message
                        );
                    });
                }
                for (a, alg) in cap.args.algorithms.iter().enumerate() {
                    let a = proc_macro2::Literal::usize_unsuffixed(a);
                    let message = format_braces(&format!(
                        "algorithm `{}` can never match: it cannot be used with key type `{kt_text}`, \
                         so no request fits both; put them in separate capabilities",
                        element_text(alg)
                    ));
                    checks.push(quote_spanned! {alg.span()=>
                        const _: () = __psa::assert!(
                            __psa::algorithm_fits(
                                <#ty as __psa::Driver>::CAPABILITIES[#i].algorithms[#a],
                                <#ty as __psa::Driver>::CAPABILITIES[#i].key_types[#t],
                            ),
                            #message
                        );
                    });
                }
            }
            checks
        });

    let location_check = d.location.filter(|_| d.kind == Kind::Opaque).map(|expr| {
        // An opaque driver at location 0 would never be reached: the error points at the
        // user's `location = ...` expression.
        quote_spanned! {expr.span()=>
            const _: () = __psa::assert!(
                <#ty as __psa::Driver>::LOCATION.value() != 0,
                "an opaque driver cannot own `Location::LOCAL_STORAGE` (0); give it its own location"
            );
        }
    });

    quote! {
        const _: () = {
            use #krate::__private as __psa;

            // Not offered as "the trait is implemented for …" when another type is no driver.
            #[automatically_derived]
            #[diagnostic::do_not_recommend]
            impl __psa::Driver for #ty {
                type Itself = Self;
                const PREFIX: &'static str = #prefix;
                const KIND: __psa::DriverKind = #kind;
                const LOCATION: __psa::Location = #location;
                const ENTRY_POINTS: __psa::EntryPointSet = #entry_points;
                const CAPABILITIES: &'static [__psa::Capability] = &[#(#capabilities),*];
                #guard
                #(#contexts)*
                #(#methods)*
            }

            #(#capability_checks)*
            #location_check
        };
    }
}

/// After an error: a `Driver` impl without entry points, so that uses of the type (in
/// `register_drivers!`) do not add errors of their own, and references to the methods named
/// like entry points, so that dead-code warnings do not bury the error.
fn fallback(args: &DriverArgs, imp: &syn::ItemImpl, krate: &TokenStream) -> TokenStream {
    let ty = &imp.self_ty;
    let prefix = match &args.prefix {
        Some(lit) => lit.value(),
        None => crate::diag::tokens_text(ty),
    };
    let (kind, location) = match args.kind {
        Some((Kind::Opaque, _)) => (
            quote!(__psa::DriverKind::Opaque),
            match &args.location {
                Some(expr) => expr.to_token_stream(),
                None => quote!(__psa::Location::LOCAL_STORAGE),
            },
        ),
        _ => (
            quote!(__psa::DriverKind::Transparent),
            quote!(__psa::Location::LOCAL_STORAGE),
        ),
    };
    let contexts = MULTI_PART.iter().map(|family| {
        let name = format_ident!("{}", family.context);
        quote!(type #name = __psa::NoContext;)
    });
    let uses = imp
        .items
        .iter()
        .filter(|_| imp.trait_.is_none())
        .filter_map(|item| match item {
            ImplItem::Fn(f)
                if crate::entry_point::lookup(&f.sig.ident.to_string()).is_some()
                    && f.sig.generics.type_params().next().is_none()
                    && f.sig.generics.const_params().next().is_none() =>
            {
                Some(f)
            }
            _ => None,
        })
        .map(|f| {
            let ident = &f.sig.ident;
            let cfg = f.attrs.iter().filter(|a| a.path().is_ident("cfg"));
            quote!(#(#cfg)* let _ = <#ty>::#ident;)
        });
    // The user's expressions, so that what they import is not reported unused as well.
    let exprs = args
        .location
        .iter()
        .chain(
            args.capabilities
                .iter()
                .flat_map(|c| c.algorithms.iter().chain(&c.key_types).chain(&c.key_sizes)),
        )
        .map(|e| quote!(let _ = #e;));
    let guard = args.guard.as_ref().map(|(path, _)| quote!(let _ = #path;));
    quote! {
        const _: () = {
            use #krate::__private as __psa;

            // Not offered as "the trait is implemented for …" when another type is no driver.
            #[automatically_derived]
            #[diagnostic::do_not_recommend]
            impl __psa::Driver for #ty {
                type Itself = Self;
                const PREFIX: &'static str = #prefix;
                const KIND: __psa::DriverKind = #kind;
                const LOCATION: __psa::Location = #location;
                const ENTRY_POINTS: __psa::EntryPointSet = __psa::EntryPointSet::EMPTY;
                const CAPABILITIES: &'static [__psa::Capability] = &[];
                #(#contexts)*
            }

            #(#uses)*
            #(#exprs)*
            #guard
        };
    }
}

/// An `EntryPointSet` of the given entry points, each compiled in only under its `#[cfg]`
/// predicate (if any).
fn set(items: impl Iterator<Item = (proc_macro2::Ident, Option<TokenStream>)>) -> TokenStream {
    let items: Vec<_> = items.collect();
    if items.iter().all(|(_, cfg)| cfg.is_none()) {
        let variants = items.iter().map(|(v, _)| v);
        return quote!(__psa::EntryPointSet::of(&[#(__psa::EntryPoint::#variants),*]));
    }
    let adds = items.iter().map(|(v, cfg)| {
        let cfg = cfg.as_ref().map(|p| quote!(#[cfg(#p)]));
        quote!(#cfg let set = set.with(__psa::EntryPoint::#v);)
    });
    quote!({
        let set = __psa::EntryPointSet::EMPTY;
        #(#adds)*
        set
    })
}

/// A message for `assert!`, whose second argument is a format string: braces doubled.
fn format_braces(message: &str) -> String {
    message.replace('{', "{{").replace('}', "}}")
}

/// A capability element as the user wrote it, for messages: `KeyType::ecc_key_pair(..)`.
fn element_text(e: &syn::Expr) -> String {
    crate::diag::tokens_text(e).replace(" (", "(")
}
