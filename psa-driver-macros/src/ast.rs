//! A borrowed view of the impl block under `#[psa_driver]`: its methods, which of them are
//! named like entry points, and the bits of their signatures the macro reads (context types).
//!
//! The macro never restates a parameter list: the signatures are checked by the compiler
//! against `psa_core::entry::<name>::DriverFn`. Only the context type is read here, because the
//! `Driver` impl must name it (`type HashContext = ...`).

use syn::{
    FnArg, GenericArgument, Ident, ImplItem, ImplItemFn, ItemImpl, PathArguments, ReturnType, Type,
};

use crate::entry_point::{self, EntryPoint};

/// The impl block.
pub(crate) struct DriverImpl<'a> {
    pub(crate) original: &'a ItemImpl,
    pub(crate) methods: Vec<Method<'a>>,
}

impl<'a> DriverImpl<'a> {
    pub(crate) fn new(original: &'a ItemImpl) -> Self {
        let methods = original
            .items
            .iter()
            .filter_map(|item| match item {
                ImplItem::Fn(f) => Some(Method::new(f)),
                _ => None,
            })
            .collect();
        DriverImpl { original, methods }
    }

    /// The first method named `name`.
    pub(crate) fn method(&self, name: &str) -> Option<&Method<'a>> {
        self.methods.iter().find(|m| m.ident() == name)
    }

    pub(crate) fn self_ty(&self) -> &'a Type {
        &self.original.self_ty
    }
}

/// One method of the impl block.
pub(crate) struct Method<'a> {
    pub(crate) original: &'a ImplItemFn,
    /// The entry point whose name the method has, if any.
    pub(crate) entry_point: Option<&'static EntryPoint>,
}

impl<'a> Method<'a> {
    fn new(original: &'a ImplItemFn) -> Self {
        let entry_point = entry_point::lookup(&original.sig.ident.to_string());
        Method {
            original,
            entry_point,
        }
    }

    pub(crate) fn ident(&self) -> &'a Ident {
        &self.original.sig.ident
    }

    /// The method's `#[cfg(...)]` attributes.
    pub(crate) fn cfg_attrs(&self) -> impl Iterator<Item = &'a syn::Attribute> + use<'a> {
        self.original
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
    }

    /// The method's `#[cfg]` as one predicate (`all(…)` of several), `None` when it has none:
    /// an entry point compiled in only when the predicate holds.
    pub(crate) fn cfg(&self) -> Option<proc_macro2::TokenStream> {
        let predicates: Vec<proc_macro2::TokenStream> = self
            .cfg_attrs()
            .filter_map(|a| a.meta.require_list().ok().map(|l| l.tokens.clone()))
            .collect();
        match predicates.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            all => Some(quote::quote!(all(#(#all),*))),
        }
    }

    /// The context parameter of a step, clone or abort: the first parameter after `self`.
    /// `None` without a receiver (the signature check reports that) or parameters.
    pub(crate) fn context_param(&self) -> Option<&'a Type> {
        let sig = &self.original.sig;
        sig.receiver()?;
        sig.inputs.iter().find_map(|arg| match arg {
            FnArg::Typed(pat) => Some(&*pat.ty),
            FnArg::Receiver(_) => None,
        })
    }

    /// The context a setup returns: `Ctx` in `-> Result<Ctx>`, `-> psa_core::Result<Ctx>` or
    /// `-> Result<Ctx, Error>` (the first type argument of the last path segment).
    pub(crate) fn returned_context(&self) -> Option<&'a Type> {
        let ReturnType::Type(_, ty) = &self.original.sig.output else {
            return None;
        };
        let Type::Path(path) = strip_groups(ty) else {
            return None;
        };
        let last = path.path.segments.last()?;
        if last.ident != "Result" {
            return None;
        }
        let PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        args.args.iter().find_map(|arg| match arg {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        })
    }
}

/// Looks through invisible groups (types passed through `macro_rules!`) and parentheses.
pub(crate) fn strip_groups(ty: &Type) -> &Type {
    match ty {
        Type::Group(g) => strip_groups(&g.elem),
        Type::Paren(p) => strip_groups(&p.elem),
        _ => ty,
    }
}
