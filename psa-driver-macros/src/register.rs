//! `register_drivers!`: code generation of the dispatcher (the input's grammar is in
//! `register/parse.rs`).
//!
//! Everything the dispatcher needs to know about a driver comes through its `Driver` impl
//! (`<T as Driver>::SIGN_HASH`, `::admit`, `::HashContext`, ...), which `#[psa_driver]`
//! generated: this macro never sees the drivers' source. What it cannot know (whether a driver
//! declares an entry point) stays a `const` the compiler folds, so the generated dispatch is
//! straight-line code with no runtime registration, no heap and no `dyn`.

use darling::Error;
use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Ident, Type};

use crate::args::Kind;
use crate::diag::{respanned, tokens_text};
use crate::entry_point::{self, EntryPoint, MULTI_PART, MultiPart, Shape};

#[path = "register/parse.rs"]
mod parse;
use parse::{Entry, Registration, SelfTest, parse};

/// `register_drivers! { ... }`.
pub(crate) fn register_drivers(input: TokenStream) -> TokenStream {
    let mut errors = Vec::new();
    let parsed = (|input: ParseStream<'_>| parse(input, &mut errors)).parse2(input);
    let registration = match parsed {
        Ok(registration) => registration,
        Err(e) => return e.into_compile_error(),
    };
    let mut acc = Error::accumulator();
    acc.extend(errors);
    match acc.finish() {
        Ok(()) => expand(&registration),
        Err(errors) => {
            // Still declare the struct, so that code naming it reports nothing more.
            let fallback = fallback(&registration);
            let errors = errors.write_errors();
            quote!(#fallback #errors)
        }
    }
}

impl Entry {
    fn variant(&self) -> Ident {
        self.variant.clone()
    }
    fn type_name(&self) -> String {
        tokens_text(&self.ty)
    }
    /// `<Type as Driver>`, spanned at the user's type: if `Type` is not a driver, every use
    /// reports the same error at the same place, which the compiler shows once.
    fn qualified(&self) -> TokenStream {
        self.qualified_as(&quote!(__psa::Driver))
    }
    fn qualified_as(&self, driver: &TokenStream) -> TokenStream {
        let ty = &self.ty;
        quote_spanned!(ty.span()=> <#ty as #driver>)
    }
    /// The binding of a driver's context: spanned at the type like `qualified`, because its
    /// type is `<Type as Driver>::XContext`.
    fn ctx(&self) -> Ident {
        Ident::new("ctx", self.ty.span())
    }
    /// `ref mut ctx` / `ref ctx` bindings, spanned like `ctx`.
    fn ctx_ref(&self, mutable: bool) -> TokenStream {
        let ctx = self.ctx();
        if mutable {
            quote_spanned!(self.ty.span()=> ref mut #ctx)
        } else {
            quote_spanned!(self.ty.span()=> ref #ctx)
        }
    }
    /// `r` (a driver's `Result<Context>`) as a `Result` of the operation enum. A `match`
    /// spanned at the type rather than `r.map(Op::Variant)`, for the same reason as
    /// `qualified`: `map` would add an error of its own about its bound.
    fn wrap(&self, op: &Ident, r: TokenStream) -> TokenStream {
        let span = self.ty.span();
        let (ctx, op, variant) = (
            self.ctx(),
            respanned(op, span),
            respanned(&self.variant, span),
        );
        let ok = quote_spanned!(span=> __psa::Ok(#op::#variant(#ctx)));
        quote! {
            match #r {
                __psa::Ok(#ctx) => #ok,
                __psa::Err(e) => __psa::Err(e),
            }
        }
    }
    fn cfgs(&self) -> TokenStream {
        let cfgs = &self.cfgs;
        quote!(#(#cfgs)*)
    }
    fn index(&self) -> Literal {
        Literal::u8_unsuffixed(self.index)
    }
}

impl Registration {
    /// The built-in's position in receipts: after every registered driver (the counter row
    /// the recorder keeps for it).
    fn builtin_index(&self) -> Literal {
        Literal::u8_unsuffixed(self.drivers.len() as u8)
    }
    fn krate(&self) -> TokenStream {
        crate::expand::krate(self.krate.as_ref())
    }
    fn transparent(&self) -> impl Iterator<Item = &Entry> {
        self.drivers.iter().filter(|d| d.kind == Kind::Transparent)
    }
    fn opaque(&self) -> impl Iterator<Item = &Entry> {
        self.drivers.iter().filter(|d| d.kind == Kind::Opaque)
    }
    /// The drivers that may own operations of `family`.
    fn owners(&self, family: &MultiPart) -> impl Iterator<Item = &Entry> {
        self.drivers
            .iter()
            .filter(move |d| d.kind == Kind::Transparent || family.opaque)
    }
    fn operation(&self, family: &MultiPart) -> Ident {
        // An identifier followed by ASCII letters is an identifier.
        format_ident!("{}{}Operation", self.ident, family.camel)
    }
    /// The drivers as `require.rs` sees them.
    fn proof_drivers(&self) -> Vec<crate::require::Driver> {
        self.drivers
            .iter()
            .map(|d| crate::require::Driver {
                field: d.field.unraw().to_string(),
                index: d.index,
                transparent: d.kind == Kind::Transparent,
                span: d.field.span(),
            })
            .collect()
    }
    fn struct_docs(&self) -> TokenStream {
        let attrs = &self.attrs;
        if attrs.iter().any(|a| a.path().is_ident("doc")) {
            quote!(#(#attrs)*)
        } else {
            quote!(#[doc = " The PSA driver dispatcher generated by `register_drivers!`."] #(#attrs)*)
        }
    }
}

/// The struct alone (after an error).
fn fallback(reg: &Registration) -> TokenStream {
    let krate = reg.krate();
    let docs = reg.struct_docs();
    let vis = &reg.vis;
    let name = &reg.ident;
    quote! {
        #docs
        #vis struct #name {
            __psa_recorder: #krate::__private::Recorder<[#krate::__private::RecorderRow; 2]>,
        }
    }
}

fn expand(reg: &Registration) -> TokenStream {
    let krate = reg.krate();
    let vis = &reg.vis;
    let name = &reg.ident;
    let name_str = name.unraw().to_string();
    let docs = reg.struct_docs();
    let builtin = reg.builtin;

    let fields = reg.drivers.iter().map(|d| {
        let cfgs = d.cfgs();
        let field = &d.field;
        let ty = &d.ty;
        let docs = if d.docs.is_empty() {
            let doc = format!(" The `{}` driver (`{}`).", field.unraw(), d.type_name());
            quote!(#[doc = #doc])
        } else {
            let docs = &d.docs;
            quote!(#(#docs)*)
        };
        quote!(#docs #cfgs #vis #field: #ty,)
    });
    let params = reg.drivers.iter().map(|d| {
        let (cfgs, field, ty) = (d.cfgs(), &d.field, &d.ty);
        quote!(#cfgs #field: #ty)
    });
    let inits = reg.drivers.iter().map(|d| {
        let (cfgs, field) = (d.cfgs(), &d.field);
        quote!(#cfgs #field,)
    });

    let info = info(reg, &name_str);
    let (self_test_field, self_test_init, self_test_methods, self_test_status) = match reg.self_test
    {
        None => Default::default(),
        Some(mode) => self_test(reg, mode),
    };

    let enums = MULTI_PART.iter().map(|family| {
        let op = reg.operation(family);
        let doc = format!(
            " A multi-part {} operation of [`{name_str}`]: the driver that accepted its setup, \
             with that driver's context. A driver without this family has an uninhabited \
             context, so its variant costs nothing and never exists.",
            family.name.replace('_', " ")
        );
        let variants = reg.owners(family).map(|d| {
            let context = Ident::new(family.context, d.ty.span());
            let (cfgs, variant) = (d.cfgs(), d.variant());
            let q = d.qualified_as(&quote!(#krate::__private::Driver));
            let context = quote_spanned!(d.ty.span()=> #q::#context);
            let doc = format!(" Owned by `{}`.", d.field.unraw());
            quote! {
                #[doc = #doc]
                #cfgs
                #variant(#context),
            }
        });
        let builtin_context = format_ident!("{}", family.context);
        let builtin = builtin.then(|| {
            quote! {
                /// Owned by the built-in implementation.
                Builtin(<#krate::__private::builtin::Builtin as #krate::__private::Driver>::#builtin_context),
            }
        });
        quote! {
            #[doc = #doc]
            // Contexts live inline (no heap): variants differ in size by design.
            #[allow(clippy::large_enum_variant)]
            #vis enum #op {
                #(#variants)*
                #builtin
            }
        }
    });

    let operation_types = MULTI_PART.iter().map(|family| {
        let (assoc, op) = (format_ident!("{}", family.operation), reg.operation(family));
        quote!(type #assoc = #op;)
    });
    let lock = match &reg.lock {
        // Spanned at the user's path: a type that is no `RawMutex` is reported there.
        Some(path) => quote_spanned!(path.span()=> #path),
        None => quote!(__psa::lock::DefaultMutex),
    };
    let methods = entry_point::ALL.iter().map(|ep| method(reg, ep));
    let checks = checks(reg);
    let proofs = crate::require::checks(
        name,
        &reg.require,
        &reg.allow_shadowed,
        &reg.proof_drivers(),
    );
    // A counter row per driver (receipts name drivers by index), the built-in's and the
    // core store's.
    let recorder_rows = reg.drivers.len() + 2;
    let bom = crate::require::bom(&krate);
    let (builtin_keys, builtin_keys_method, builtin_keys_check) = builtin_keys(reg, name);

    quote! {
        #docs
        #vis struct #name {
            #(#fields)*
            __psa_recorder: #krate::__private::Recorder<[#krate::__private::RecorderRow; #recorder_rows]>,
            #self_test_field
        }

        impl #name {
            /// Creates the dispatcher from its drivers, in registration order.
            // One parameter per registered driver: a long registration is not a smell here.
            #[allow(clippy::too_many_arguments)]
            #vis const fn new(#(#params),*) -> Self {
                Self {
                    #(#inits)*
                    __psa_recorder: #krate::__private::Recorder::new(),
                    #self_test_init
                }
            }

            #info
            #builtin_keys
            #bom
            #self_test_methods
        }

        #(#enums)*

        const _: () = {
            use #krate::__private as __psa;

            // A driver whose `#[cfg]` is off, or that leaves an entry point out, leaves some
            // `args`, `receipt` or `mut` unused in some configurations; operation variants
            // over uninhabited contexts are matched like the others.
            #[automatically_derived]
            #[allow(unused_mut, unused_variables, unreachable_patterns)]
            impl __psa::Dispatch for #name {
                #(#operation_types)*
                type Lock = #lock;

                fn info(&self) -> &'static __psa::DispatchInfo {
                    &Self::INFO
                }

                fn recorder(&self) -> &__psa::Recorder {
                    &self.__psa_recorder
                }

                #self_test_status
                #builtin_keys_method

                #(#methods)*
            }

            #checks
            #proofs
            #builtin_keys_check
        };
    }
}

/// `INFO`: the drivers as registered (those whose `#[cfg]` is on).
fn info(reg: &Registration, name: &str) -> TokenStream {
    let krate = reg.krate();
    let builtin = reg.builtin;
    let any_cfg = reg.drivers.iter().any(|d| !d.cfgs.is_empty());
    // With every driver behind a `#[cfg]` that is off, nothing is ever added.
    let allow = any_cfg.then(|| quote!(#[allow(unused_mut)]));
    let drivers = if reg.drivers.is_empty() {
        quote! {
            const COUNT: usize = 0;
            const DRIVERS: [__psa::DriverInfo; COUNT] = [];
        }
    } else {
        let counts = reg.drivers.iter().map(|d| {
            let cfgs = d.cfgs();
            if d.cfgs.is_empty() {
                quote!(n += 1;)
            } else {
                quote!(#cfgs { n += 1; })
            }
        });
        let fills = reg.drivers.iter().map(|d| {
            let (cfgs, q, index) = (d.cfgs(), d.qualified(), d.index());
            let type_name = d.type_name();
            // What `DriverInfo::of::<T>(type_name, index)` builds, spelt out with qualified
            // paths: if `T` is not a driver, this reports the same error as every other use
            // (at the type, once) instead of one more about `of`'s bound.
            let fill = quote! {
                drivers[n] = __psa::DriverInfo {
                    prefix: #q::PREFIX,
                    type_name: #type_name,
                    kind: #q::KIND,
                    location: #q::LOCATION,
                    entry_points: #q::ENTRY_POINTS,
                    capabilities: #q::CAPABILITIES,
                    has_guard: #q::GUARD.is_some(),
                    index: #index,
                };
                n += 1;
            };
            if d.cfgs.is_empty() {
                fill
            } else {
                quote!(#cfgs { #fill })
            }
        });
        quote! {
            const COUNT: usize = {
                #allow
                let mut n = 0;
                #(#counts)*
                n
            };
            const DRIVERS: [__psa::DriverInfo; COUNT] = {
                #allow
                let mut drivers = [__psa::VACANT_DRIVER_INFO; COUNT];
                #allow
                let mut n = 0;
                #(#fills)*
                __psa::assert!(n == COUNT);
                drivers
            };
        }
    };
    quote! {
        /// The static description of this dispatcher: its drivers (transparent ones in
        /// priority order, then opaque ones) and whether the built-in implementation is the
        /// last resort.
        pub const INFO: #krate::__private::DispatchInfo = {
            use #krate::__private as __psa;
            // Attributes cannot sit on array elements: drivers behind a `#[cfg]` are counted
            // and filled in by statements, and `DriverInfo::index` keeps each driver's
            // position in the registration.
            #drivers
            __psa::DispatchInfo { name: #name, drivers: &DRIVERS, builtin: #builtin }
        };
    }
}

/// One method of `Dispatch`.
fn method(reg: &Registration, ep: &'static EntryPoint) -> TokenStream {
    let module = ep.ident(Span::call_site());
    let args_ty = ep.args_type();
    match ep.shape {
        Shape::Keyed | Shape::Keyless | Shape::KeyedSetup | Shape::KeylessSetup => {
            let op = ep.multi_part().map(|family| reg.operation(family));
            // A setup's `Result<Operation>` spanned at the family's first owner: the
            // operation enum holds each owner's context, so if an owner is no driver the
            // return type is reported with it, at the user's type, rather than a second time
            // at the whole macro (as a setup with no driver in its body would, e.g.
            // `key_derivation_input_key` with no opaque driver registered).
            let first_owner = ep.multi_part().and_then(|family| reg.owners(family).next());
            let output = match &op {
                Some(op) => match first_owner {
                    Some(d) => {
                        let span = d.ty.span();
                        let op = respanned(op, span);
                        quote_spanned!(span=> __psa::Result<#op>)
                    }
                    None => quote!(__psa::Result<#op>),
                },
                None => quote!(__psa::entry::#module::Output),
            };
            let body = route(reg, ep, op.as_ref());
            quote! {
                fn #module(&self, mut args: #args_ty) -> #output {
                    let req = args.request();
                    let mut receipt = self.__psa_recorder.begin_request(&req);
                    #body
                }
            }
        }
        Shape::Step | Shape::Clone | Shape::Abort => {
            let Some(family) = ep.multi_part() else {
                return TokenStream::new();
            };
            multi_part_method(reg, ep, family)
        }
    }
}

/// The body of a single-part call or a setup.
fn route(reg: &Registration, ep: &'static EntryPoint, op: Option<&Ident>) -> TokenStream {
    let wrap = |d: &Entry| match op {
        Some(op) => d.wrap(op, quote!(r)),
        None => quote!(r),
    };

    // Transparent drivers in order, then the built-in (or NOT_SUPPORTED).
    let variant = ep.variant(Span::call_site());
    // With `self_test:`, a driver whose KAT of this entry point failed is out of the chain:
    // not called, and the receipt says why.
    let gate = |d: &Entry| match reg.self_test {
        Some(mode) => {
            let mode = self_test_mode(mode);
            let (field, i) = (&d.field, d.index());
            quote! {
                || self.__psa_self_tests[#i].failed(
                    &self.#field, __psa::EntryPoint::#variant, #mode,
                )
            }
        }
        None => quote!(__psa::entry::never),
    };
    // Each driver's turn is one call of a generic helper of `psa_core::entry::<ep>`, so the
    // generated code stays small however many drivers there are; the driver's type is the
    // helper's type argument, spanned at the user's type.
    let transparent = reg.transparent().map(|d| {
        let (cfgs, ty, field, i) = (d.cfgs(), &d.ty, &d.field, d.index());
        let ret = wrap(d);
        let gate = gate(d);
        let offer = helper(
            ep,
            "offer",
            ty,
            quote!(&self.#field, #i, &req, &mut args, &mut receipt, #gate),
        );
        let block = quote! {
            if let __psa::Some(r) = #offer {
                return #ret;
            }
        };
        if d.cfgs.is_empty() {
            block
        } else {
            quote!(#cfgs { #block })
        }
    });
    let tail = if reg.builtin {
        // The built-in is the last transparent driver, with no capabilities and no self-test
        // gate; its status is final, and an entry point it does not declare costs nothing.
        let i = reg.builtin_index();
        let call = helper(
            ep,
            "own",
            &builtin_type(),
            quote!(&__psa::builtin::Builtin, #i, &req, &mut args, &mut receipt, __psa::entry::never),
        );
        match op {
            Some(op) => quote!(#call.map(#op::Builtin)),
            None => call,
        }
    } else if matches!(ep.name, "import_key" | "generate_key") {
        // Without the built-in, the core still stores unstructured keys (AES, HMAC, raw
        // data, …) that no driver took, as Mbed TLS's core does.
        let store = format_ident!("store_{}", ep.name);
        quote! {
            let r = __psa::builtin::#store(&mut args);
            receipt.core_store(&r);
            r
        }
    } else {
        quote!(__psa::Err(__psa::Error::NotSupported))
    };

    match ep.shape {
        Shape::Keyless | Shape::KeylessSetup => quote! {
            #(#transparent)*
            #tail
        },
        _ => {
            let local = if ep.implementers == entry_point::Implementers::OpaqueOnly {
                // Keys in local storage are the core's business (export, copy, destroy).
                quote!(__psa::Err(__psa::Error::NotSupported))
            } else {
                quote!({
                    #(#transparent)*
                    #tail
                })
            };
            // An opaque driver's status is final: its keys exist nowhere else.
            let opaque = reg.opaque().map(|d| {
                let (cfgs, q, ty, field, i) = (d.cfgs(), d.qualified(), &d.ty, &d.field, d.index());
                let gate = gate(d);
                let call = helper(
                    ep,
                    "own",
                    ty,
                    quote!(&self.#field, #i, &req, &mut args, &mut receipt, #gate),
                );
                let ret = match op {
                    Some(op) => d.wrap(op, call),
                    None => call,
                };
                quote! {
                    #cfgs
                    location if location == #q::LOCATION => #ret,
                }
            });
            quote! {
                match req.location {
                    __psa::Location::LOCAL_STORAGE => #local,
                    #(#opaque)*
                    _ => {
                        receipt.unknown_location();
                        __psa::Err(__psa::Error::InvalidArgument)
                    }
                }
            }
        }
    }
}

/// `BUILTIN_KEYS` (the `builtin_keys:` table, or empty), the `Dispatch` method handing it to
/// the front-end, and the compile-time check that each key is served.
fn builtin_keys(reg: &Registration, name: &Ident) -> (TokenStream, TokenStream, TokenStream) {
    let krate = reg.krate();
    let doc = " The built-in keys (`builtin_keys:`): the front-end serves them through the \
               opaque driver at each key's location, and the bill of materials lists them.";
    let Some(expr) = &reg.builtin_keys else {
        let konst = quote! {
            #[doc = #doc]
            pub const BUILTIN_KEYS: &'static [#krate::BuiltinKey] = &[];
        };
        return (konst, TokenStream::new(), TokenStream::new());
    };
    // Spanned at the user's table: a value of the wrong type is reported there.
    let value = quote_spanned!(expr.span()=> #expr);
    let konst = quote! {
        #[doc = #doc]
        pub const BUILTIN_KEYS: &'static [#krate::BuiltinKey] = #value;
    };
    let method = quote! {
        fn builtin_keys(&self) -> &'static [#krate::BuiltinKey] {
            Self::BUILTIN_KEYS
        }
    };
    let message = "a key in `builtin_keys` is not served: each needs an id in \
                   `KeyId::BUILTIN_MIN..=KeyId::BUILTIN_MAX` (no two alike) and a lifetime whose \
                   location is a registered opaque driver's that declares `get_builtin_key`; \
                   register that driver under `opaque` or fix the key's id or location";
    let check = quote_spanned! {expr.span()=>
        const _: () = __psa::assert!(
            __psa::bom::builtin_keys_served(&#name::INFO, #name::BUILTIN_KEYS),
            #message
        );
    };
    (konst, method, check)
}

fn self_test_mode(mode: SelfTest) -> TokenStream {
    match mode {
        SelfTest::Startup => quote!(__psa::SelfTestMode::Startup),
        SelfTest::Lazy => quote!(__psa::SelfTestMode::Lazy),
    }
}

/// With `self_test:`: the dispatcher's KAT states (a field and its initializer), its
/// `self_test()` / `self_test_status()` methods, and `Dispatch::self_test_status`.
fn self_test(
    reg: &Registration,
    mode: SelfTest,
) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let krate = reg.krate();
    let n = reg.drivers.len();
    let field = quote!(__psa_self_tests: [#krate::__private::SelfTestCell; #n],);
    let init = quote!(__psa_self_tests: [const { #krate::__private::SelfTestCell::new() }; #n],);
    let runs = reg.drivers.iter().map(|d| {
        let (cfgs, field, i) = (d.cfgs(), &d.field, d.index());
        quote!(#cfgs { out[#i] = __psa::Some(self.__psa_self_tests[#i].run(&self.#field)); })
    });
    let statuses = reg.drivers.iter().map(|d| {
        let (cfgs, ty, i) = (d.cfgs(), &d.ty, d.index());
        quote!(#cfgs { out[#i] = __psa::Some(self.__psa_self_tests[#i].status::<#ty>()); })
    });
    let arms = reg.drivers.iter().map(|d| {
        let (cfgs, ty, i) = (d.cfgs(), &d.ty, d.index());
        quote!(#cfgs #i => __psa::Some(self.__psa_self_tests[#i as usize].status::<#ty>()),)
    });
    let when = match mode {
        SelfTest::Startup => {
            "Registered with `self_test: startup`: no KAT runs until this is called."
        }
        SelfTest::Lazy => {
            "Registered with `self_test: lazy`: KATs not yet run by a request run now."
        }
    };
    let doc = format!(
        " Runs every driver's known-answer tests that have not run yet and returns each \
         driver's status, indexed by its position in the registration (`None` for a driver \
         whose `#[cfg]` is off). {when} A driver whose KAT fails is out of the chain for that \
         entry point from then on."
    );
    let methods = quote! {
        #[doc = #doc]
        #[allow(unused_mut)]
        pub fn self_test(&self) -> [#krate::__private::Option<#krate::__private::SelfTestStatus>; #n] {
            use #krate::__private as __psa;
            let mut out = [__psa::None; #n];
            #(#runs)*
            out
        }
        /// What each driver's known-answer tests found so far (without running any), indexed
        /// by its position in the registration (`None` for a driver whose `#[cfg]` is off).
        #[allow(unused_mut)]
        pub fn self_test_status(&self) -> [#krate::__private::Option<#krate::__private::SelfTestStatus>; #n] {
            use #krate::__private as __psa;
            let mut out = [__psa::None; #n];
            #(#statuses)*
            out
        }
    };
    let status = quote! {
        fn self_test_of(&self, driver: u8) -> __psa::Option<__psa::SelfTestStatus> {
            match driver {
                #(#arms)*
                _ => __psa::None,
            }
        }
    };
    (field, init, methods, status)
}

/// A step, clone or abort: to the owner of the operation only.
fn multi_part_method(
    reg: &Registration,
    ep: &'static EntryPoint,
    family: &MultiPart,
) -> TokenStream {
    let module = ep.ident(Span::call_site());
    let args_ty = ep.args_type();
    let op = reg.operation(family);
    let owners: Vec<&Entry> = reg.owners(family).collect();
    // Every step, clone and abort leaves a receipt naming the operation's owner.
    let arm = |d: &Entry| {
        let (cfgs, ty, field, variant, ctx) = (d.cfgs(), &d.ty, &d.field, d.variant(), d.ctx());
        let (ref_mut, ref_) = (d.ctx_ref(true), d.ctx_ref(false));
        let i = d.index();
        let (pattern, value) = match ep.shape {
            Shape::Step => (
                quote!(#op::#variant(#ref_mut)),
                helper(
                    ep,
                    "step",
                    ty,
                    quote!(&self.#field, #i, #ctx, &mut args, &mut receipt),
                ),
            ),
            Shape::Clone => {
                let clone = helper(
                    ep,
                    "clone",
                    ty,
                    quote!(&self.#field, #i, #ctx, &mut receipt),
                );
                (quote!(#op::#variant(#ref_)), d.wrap(&op, clone))
            }
            _ => (
                quote!(#op::#variant(#ref_mut)),
                helper(
                    ep,
                    "abort",
                    ty,
                    quote!(&self.#field, #i, #ctx, &mut receipt),
                ),
            ),
        };
        quote! {
            #cfgs
            #pattern => #value,
        }
    };
    let arms = owners.iter().map(|d| arm(d));
    // The built-in's arm: the same helpers, on the built-in driver.
    let builtin = reg.builtin.then(|| {
        let (ty, i) = (builtin_type(), reg.builtin_index());
        let me = quote!(&__psa::builtin::Builtin);
        match ep.shape {
            Shape::Step => {
                let call = helper(
                    ep,
                    "step",
                    &ty,
                    quote!(#me, #i, ctx, &mut args, &mut receipt),
                );
                quote!(#op::Builtin(ref mut ctx) => #call,)
            }
            Shape::Clone => {
                let call = helper(ep, "clone", &ty, quote!(#me, #i, ctx, &mut receipt));
                quote!(#op::Builtin(ref ctx) => #call.map(#op::Builtin),)
            }
            _ => {
                let call = helper(ep, "abort", &ty, quote!(#me, #i, ctx, &mut receipt));
                quote!(#op::Builtin(ref mut ctx) => #call,)
            }
        }
    });
    let variant = ep.variant(Span::call_site());
    let begin = quote!(let mut receipt = self.__psa_recorder.begin(__psa::EntryPoint::#variant););
    match ep.shape {
        Shape::Step => quote! {
            fn #module(&self, op: &mut #op, mut args: #args_ty) -> __psa::entry::#module::Output {
                #begin
                match *op {
                    #(#arms)*
                    #builtin
                }
            }
        },
        Shape::Clone => quote! {
            fn #module(&self, op: &#op) -> __psa::Result<#op> {
                #begin
                match *op {
                    #(#arms)*
                    #builtin
                }
            }
        },
        // Abort releases the context where it lies; the caller then drops `op` in place.
        _ => quote! {
            fn #module(&self, op: &mut #op) -> __psa::Result<()> {
                #begin
                match *op {
                    #(#arms)*
                    #builtin
                }
            }
        },
    }
}

/// Compile-time checks of the registration, each spanned at the user's entry.
fn checks(reg: &Registration) -> TokenStream {
    // Each kind check is also the check that the type is a driver: "`T` is not a PSA
    // driver", at the type. A qualified path rather than a generic bound, because every other
    // use of the type is a qualified path spanned at it too, so the compiler reports the same
    // error at the same place, once.
    let kinds = reg.drivers.iter().map(|d| {
        let (cfgs, q, ty) = (d.cfgs(), d.qualified(), &d.ty);
        let (section, expected, actual) = match d.kind {
            Kind::Transparent => ("transparent", quote!(Transparent), "an opaque"),
            Kind::Opaque => ("opaque", quote!(Opaque), "a transparent"),
        };
        let message = escape(&format!(
            "`{}` is listed under `{section}` but `{}` is {actual} driver",
            d.field.unraw(),
            d.type_name()
        ));
        quote_spanned! {ty.span()=>
            #cfgs
            const _: () = __psa::assert!(
                __psa::matches!(#q::KIND, __psa::DriverKind::#expected),
                #message
            );
        }
    });
    // Prefixes (and opaque locations) must be distinct: one check per driver against the
    // drivers before it, not one per pair (64 drivers make 63 checks, not 2,016).
    let name = &reg.ident;
    let mut fields = vec![
        String::from("?");
        reg.drivers
            .iter()
            .map(|d| d.index as usize + 1)
            .max()
            .unwrap_or(0)
    ];
    for d in &reg.drivers {
        fields[d.index as usize] = d.field.unraw().to_string();
    }
    let distinct = reg.drivers.iter().skip(1).map(|b| {
        let (cb, i) = (b.cfgs(), b.index());
        // Spanned at the later driver's field, the binding of `m` included (so that it
        // resolves with the same hygiene as its use).
        let span = b.field.span();
        quote_spanned! {span=>
            #cb
            const _: () = if let __psa::Some(m) =
                __psa::bom::check_distinct(&#name::INFO, #i, FIELDS)
            {
                __psa::panic!("{}", m.as_str())
            };
        }
    });
    let fields = (reg.drivers.len() > 1).then(|| quote!(const FIELDS: &[&str] = &[#(#fields),*];));
    quote! {
        #(#kinds)*
        #fields
        #(#distinct)*
    }
}

/// The call `__psa::entry::<ep>::<helper>::<<Type as Driver>::Itself>(args)`, spanned at
/// the user's type (parentheses included, so the whole call is). Through `Itself`, a type
/// that is no driver is reported once, like every other use of it, rather than once more per
/// helper for the helper's bound. (Paths to items resolve whatever the span's hygiene, so a
/// type written by another macro works too.)
/// `psa_core::builtin::Builtin`, as generated code names it.
fn builtin_type() -> Type {
    syn::parse_quote!(__psa::builtin::Builtin)
}

fn helper(ep: &EntryPoint, helper: &str, ty: &Type, args: TokenStream) -> TokenStream {
    let span = ty.span();
    // `offer` and `own` also take the self-test gate's type, which is inferred.
    let gate = matches!(helper, "offer" | "own").then(|| quote_spanned!(span=> , _));
    let (module, helper) = (ep.ident(span), Ident::new(helper, span));
    quote_spanned!(span=> __psa::entry::#module::#helper::<<#ty as __psa::Driver>::Itself #gate>(#args))
}

/// A message for `assert!`, whose literal is a format string.
fn escape(message: &str) -> String {
    message.replace('{', "{{").replace('}', "}}")
}
