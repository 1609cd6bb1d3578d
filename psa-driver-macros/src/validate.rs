//! Every check of `#[psa_driver]`, accumulating errors: each one is spanned at the smallest
//! user token that is wrong, and none stops the others from running.
//!
//! The result is the validated model that `expand.rs` generates from. Signatures are not
//! checked here: the expansion assigns each method to its `DriverFn` type with the method's
//! span, so the compiler reports a mismatch at the author's method.

use darling::Error;
use darling::error::Accumulator;
use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Expr, Ident, Item, ItemImpl, Lit, LitStr, Path, Type};

use crate::args::{CapabilityArgs, DriverArgs, EntryPointList, Kind};
use crate::ast::{DriverImpl, Method, strip_groups};
use crate::diag::{did_you_mean, error_at, error_over, tokens_text, unknown};
use crate::entry_point::{
    self, EntryPoint, Family, Implementers, MULTI_PART, MultiPart, Rule, Shape,
};

/// Token text without whitespace: what "textually equal" means for context types.
fn compact(ty: &Type) -> String {
    ty.to_token_stream()
        .to_string()
        .split_whitespace()
        .collect()
}

/// The attribute must sit on an inherent, non-generic impl block.
pub(crate) fn item(item: &Item) -> Result<&ItemImpl, Error> {
    let (what, span) = match item {
        Item::Impl(imp) => {
            if let Some((path, _)) = &imp.trait_ {
                return Err(error_at(
                    path.span(),
                    format!(
                        "`#[psa_driver]` goes on an inherent impl block (`impl {} {{ ... }}`), not on a trait impl",
                        tokens_text(&imp.self_ty)
                    ),
                ));
            }
            if let Some(lt) = &imp.generics.lt_token {
                return Err(error_at(
                    lt.span,
                    "generic impl blocks are not supported by `#[psa_driver]`; implement the driver on a concrete type",
                ));
            }
            if let Some(wc) = &imp.generics.where_clause {
                return Err(error_at(
                    wc.where_token.span,
                    "`where` clauses are not supported by `#[psa_driver]`; implement the driver on a concrete type",
                ));
            }
            return Ok(imp);
        }
        Item::Struct(s) => ("a struct", s.struct_token.span),
        Item::Enum(e) => ("an enum", e.enum_token.span),
        Item::Union(u) => ("a union", u.union_token.span),
        Item::Fn(f) => ("a function", f.sig.fn_token.span),
        Item::Trait(t) => ("a trait", t.trait_token.span),
        Item::Mod(m) => ("a module", m.mod_token.span),
        other => ("this item", other.span()),
    };
    Err(error_at(
        span,
        format!(
            "`#[psa_driver]` goes on the driver's inherent impl block (`impl Driver {{ ... }}`), not on {what}"
        ),
    ))
}

/// The validated driver: everything the expansion needs.
pub(crate) struct Driver<'a> {
    pub(crate) imp: &'a DriverImpl<'a>,
    pub(crate) prefix: &'a LitStr,
    pub(crate) kind: Kind,
    pub(crate) location: Option<&'a Expr>,
    /// Declared entry points in catalogue order.
    pub(crate) entry_points: Vec<Declared<'a>>,
    pub(crate) capabilities: Vec<Capability<'a>>,
    /// The guard's path and the span of the `guard` key.
    pub(crate) guard: Option<&'a (Path, Span)>,
    /// The context type of each multi-part family (`None`: the family is not implemented).
    pub(crate) contexts: Vec<(&'static MultiPart, Option<&'a Type>)>,
}

/// A declared entry point.
pub(crate) struct Declared<'a> {
    pub(crate) entry_point: &'static EntryPoint,
    /// Its name in `entry_points = [...]`.
    pub(crate) listed: &'a Ident,
    pub(crate) method: &'a Method<'a>,
}

/// A validated capability.
pub(crate) struct Capability<'a> {
    pub(crate) args: &'a CapabilityArgs,
    /// `None`: all the driver's entry points.
    pub(crate) entry_points: Option<Vec<(&'static EntryPoint, &'a Ident)>>,
    /// Whether to emit the compile-time capability assertions (off when the macro already
    /// reported the same problem, so that one mistake gives one error).
    pub(crate) const_check: bool,
}

/// Checks the arguments against the impl block. Returns the model when nothing is wrong.
pub(crate) fn driver<'a>(
    args: &'a DriverArgs,
    imp: &'a DriverImpl<'a>,
    errors: &mut Accumulator,
) -> Option<Driver<'a>> {
    // Errors of this driver; any of them means no model (the caller emits a fallback).
    let mut found: Vec<Error> = Vec::new();

    let prefix = match &args.prefix {
        None if args.given("prefix") => None,
        None => {
            found.push(error_at(
                Span::call_site(),
                "missing argument `prefix`, e.g. `prefix = \"acme\"`",
            ));
            None
        }
        Some(lit) => {
            let value = lit.value();
            if value.is_empty() {
                found.push(error_at(lit.span(), "`prefix` must not be empty"));
            } else if !is_identifier(&value) {
                found.push(error_at(
                        lit.span(),
                        format!(
                            "`prefix = \"{value}\"` is not an identifier; use ASCII letters, digits and `_`, not starting with a digit"
                        ),
                    ),
                );
            }
            Some(lit)
        }
    };

    let kind = match args.kind {
        None if args.given("kind") => None,
        None => {
            found.push(error_at(
                Span::call_site(),
                "missing argument `kind`: `kind = \"transparent\"` or `kind = \"opaque\"`",
            ));
            None
        }
        Some((kind, span)) => {
            match (kind, &args.location) {
                (Kind::Opaque, None) if !args.given("location") => found.push(error_at(
                        span,
                        "opaque drivers need `location = ...`: the `Location` whose keys they hold",
                    ),
                ),
                (Kind::Transparent, Some(location)) => found.push(error_at(
                        location.span(),
                        "`location` is only for opaque drivers; transparent drivers serve `Location::LOCAL_STORAGE`",
                    ),
                ),
                _ => {}
            }
            Some(kind)
        }
    };

    let self_ty = tokens_text(imp.self_ty());
    let mut declared: Vec<Declared<'a>> = Vec::new();
    // Entry points listed but refused for the driver's kind (already reported).
    let mut refused: Vec<&'static EntryPoint> = Vec::new();
    match &args.entry_points {
        None if args.given("entry_points") => {}
        None => found.push(error_at(
            Span::call_site(),
            "missing argument `entry_points`, e.g. `entry_points = [sign_hash, verify_hash]`",
        )),
        Some(list) if list.names.is_empty() => found.push(error_at(
            list.span,
            "`entry_points` must list at least one entry point",
        )),
        Some(list) => {
            for (listed, ep) in resolve_names(list, &mut found) {
                if let Some(message) = kind.and_then(|kind| kind_refuses(kind, ep)) {
                    found.push(error_at(listed.span(), message));
                    refused.push(ep);
                    continue;
                }
                match imp.method(ep.name) {
                    Some(method) => declared.push(Declared {
                        entry_point: ep,
                        listed,
                        method,
                    }),
                    None => found.push(error_at(
                        listed.span(),
                        format!(
                            "entry point `{}` is listed but `impl {self_ty}` has no method `{}`",
                            ep.name, ep.name
                        ),
                    )),
                }
            }
        }
    }
    declared.sort_by_key(|d| catalogue_index(d.entry_point));

    // Methods named like entry points must be listed: silently not dispatching to a method
    // the author clearly meant as an entry point is the worst outcome.
    if let Some(list) = &args.entry_points {
        // A misspelt name already has its error ("did you mean `sign_hash`?"); the method it
        // meant gets no second one.
        let meant: Vec<&str> = list
            .names
            .iter()
            .filter_map(|n| {
                let name = n.to_string();
                if entry_point::lookup(&name).is_some() {
                    return None;
                }
                did_you_mean(&name, entry_point::ALL.iter().map(|e| e.name))
            })
            .collect();
        for method in &imp.methods {
            let Some(ep) = method.entry_point else {
                continue;
            };
            if !list.names.iter().any(|n| n == ep.name) && !meant.contains(&ep.name) {
                found.push(error_at(
                        method.ident().span(),
                        format!(
                            "method `{}` is named like an entry point but is not in `entry_points`; add it to `entry_points` or rename it",
                            ep.name
                        ),
                    ),
                );
            }
        }
    }

    for d in &declared {
        let generics = &d.method.original.sig.generics;
        if let Some(param) = generics
            .params
            .iter()
            .find(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
        {
            found.push(error_at(
                param.span(),
                format!(
                    "entry point `{}` cannot have type or const parameters",
                    d.entry_point.name
                ),
            ));
        }
    }

    // A `#[cfg]` inside `#[cfg_attr]` would compile the method out after this macro ran, so
    // its `Driver` const would name a method that no longer exists: an error here instead.
    for d in &declared {
        for attr in &d.method.original.attrs {
            if let Some(at) = attr
                .path()
                .is_ident("cfg_attr")
                .then(|| cfg_in_cfg_attr(attr))
                .flatten()
            {
                found.push(error_at(
                    at,
                    format!(
                        "`#[cfg_attr(…, cfg(…))]` on entry point `{}` is not supported: \
                         `#[psa_driver]` reads only plain `#[cfg]`; write \
                         `#[cfg(all(<condition>, <predicate>))]` instead",
                        d.entry_point.name
                    ),
                ));
            }
        }
    }

    let mut contexts = Vec::new();
    for family in MULTI_PART {
        let members: Vec<&Declared<'a>> = declared
            .iter()
            .filter(|d| d.entry_point.multi_part() == Some(family))
            .collect();
        if members.is_empty() {
            contexts.push((family, None));
            continue;
        }
        // A family with an entry point refused for the kind (e.g. a transparent driver's
        // `key_derivation_input_key`) has its one error already: not a second about what
        // the family then lacks.
        if refused.iter().any(|ep| ep.multi_part() == Some(family)) {
            contexts.push((family, None));
            continue;
        }
        if let Some((message, culprit)) = incomplete_family(family, &members, kind) {
            // At the entry point that needs the missing one, else at the family's first.
            let at = members
                .iter()
                .find(|d| Some(d.entry_point.name) == culprit)
                .unwrap_or(&members[0]);
            found.push(error_at(at.listed.span(), message));
        }
        same_cfg(family, &members, &mut found);
        match context_type(family, &members, &mut found) {
            Some(ty) => contexts.push((family, Some(ty))),
            None => contexts.push((family, None)),
        }
    }

    let mut capabilities = Vec::new();
    for cap in &args.capabilities {
        if let (Some(Kind::Opaque), Some((_, span))) = (kind, cap.fallback) {
            found.push(error_at(
                    span,
                    "`fallback` is not allowed on opaque drivers: an opaque key has no other implementation to fall back to",
                ),
            );
        }
        let entry_points = cap.entry_points.as_ref().filter(|l| !l.names.is_empty()).map(|list| {
            let resolved = resolve_names(list, &mut found);
            for (ident, ep) in &resolved {
                if !declared.iter().any(|d| d.entry_point == *ep)
                    && args.entry_points.as_ref().is_some_and(|l| !l.names.iter().any(|n| n == ep.name))
                {
                    found.push(error_at(
                            ident.span(),
                            format!(
                                "capability names `{}`, which is not in the driver's `entry_points`",
                                ep.name
                            ),
                        ),
                    );
                }
            }
            found.extend(inapplicable_fields(cap, &resolved));
            resolved.into_iter().map(|(ident, ep)| (ep, ident)).collect()
        });
        let size_errors = ecc_sizes(cap);
        let const_check = size_errors.is_empty();
        for e in size_errors {
            found.push(e);
        }
        capabilities.push(Capability {
            args: cap,
            entry_points,
            const_check,
        });
    }

    let ok = found.is_empty();
    errors.extend(found);
    if !ok {
        return None;
    }
    Some(Driver {
        imp,
        prefix: prefix?,
        kind: kind?,
        location: args.location.as_ref(),
        entry_points: declared,
        capabilities,
        guard: args.guard.as_ref(),
        contexts,
    })
}

fn catalogue_index(ep: &EntryPoint) -> usize {
    entry_point::ALL
        .iter()
        .position(|e| e == ep)
        .unwrap_or(usize::MAX)
}

/// Resolves listed names to entry points: unknown names and duplicates are errors.
fn resolve_names<'a>(
    list: &'a EntryPointList,
    errors: &mut Vec<Error>,
) -> Vec<(&'a Ident, &'static EntryPoint)> {
    let mut out: Vec<(&'a Ident, &'static EntryPoint)> = Vec::new();
    for ident in &list.names {
        let name = ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name);
        match entry_point::lookup(name) {
            None => {
                errors.push(error_at(
                    ident.span(),
                    unknown("entry point", name, entry_point::ALL.iter().map(|e| e.name)),
                ));
            }
            Some(ep) if out.iter().any(|(_, seen)| *seen == ep) => {
                errors.push(error_at(
                    ident.span(),
                    format!("duplicate entry point `{name}`"),
                ));
            }
            Some(ep) => out.push((ident, ep)),
        }
    }
    out
}

fn kind_refuses(kind: Kind, ep: &EntryPoint) -> Option<String> {
    match (kind, ep.implementers) {
        (Kind::Transparent, Implementers::OpaqueOnly) => Some(format!(
            "`kind = \"transparent\"` drivers cannot implement `{}` (an opaque-driver entry point)",
            ep.name
        )),
        (Kind::Opaque, Implementers::TransparentOnly) => Some(format!(
            "`kind = \"opaque\"` drivers cannot implement `{}` (a transparent-driver entry point)",
            ep.name
        )),
        _ => None,
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    s != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What a multi-part family lacks, as one message, and the listed entry point that needs
/// it (if one does); `None` when the family is complete.
fn incomplete_family(
    family: &MultiPart,
    members: &[&Declared<'_>],
    kind: Option<Kind>,
) -> Option<(String, Option<&'static str>)> {
    let has = |name: &str| members.iter().any(|d| d.entry_point.name == name);
    let mut missing: Vec<&str> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut culprit: Option<&'static str> = None;
    let need = |name: &'static str, missing: &mut Vec<&str>| {
        if !has(name) {
            missing.push(name);
        }
    };
    // The catalogue's rules, in catalogue order: a setup with a partner step needs the
    // partner iff it is there; required steps are always needed.
    let rows = entry_point::ALL
        .iter()
        .filter(|e| e.family == family.family);
    let mut setups: Vec<&str> = Vec::new();
    for e in rows {
        match e.rule {
            Rule::Required => need(e.name, &mut missing),
            Rule::Setup(partner) => {
                // Only the setups this kind of driver may implement are options.
                if kind.is_none_or(|kind| kind_refuses(kind, e).is_none()) {
                    setups.push(e.name);
                }
                if let Some(finish) = partner {
                    let setup = e.name;
                    if has(setup) && !has(finish) {
                        missing.push(finish);
                        notes.push(format!("`{setup}` needs `{finish}`"));
                        culprit = culprit.or(Some(setup));
                    } else if has(finish) && !has(setup) {
                        missing.push(setup);
                        notes.push(format!("`{finish}` needs `{setup}`"));
                        culprit = culprit.or(Some(finish));
                    }
                }
            }
            Rule::Single | Rule::Optional | Rule::Paired => {}
        }
    }
    let mut missing: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
    if !setups.is_empty()
        && !setups.iter().any(|s| has(s))
        && !missing.iter().any(|m| setups.iter().any(|s| m.contains(s)))
    {
        let options: Vec<String> = setups.iter().map(|s| format!("`{s}`")).collect();
        missing.insert(0, format!("a setup ({})", options.join(" or ")));
    }
    if missing.is_empty() {
        return None;
    }
    let mut message = format!(
        "incomplete multi-part `{}` family; missing {}",
        family.name,
        missing.join(", ")
    );
    if !notes.is_empty() {
        message.push_str(&format!(" ({})", notes.join("; ")));
    }
    Some((message, culprit))
}

/// The family's context type, read from its setup's return type; every setup and every
/// step's context parameter must name the same type. Records errors and returns `None` on
/// any disagreement.
/// A multi-part family is compiled in or out as a whole: its required members and setups
/// carry the same `#[cfg]` predicates (the `Driver` impl names one context type for the
/// family), and an optional member (`hash_clone`, `aead_set_lengths`,
/// `key_derivation_input_integer`) keeps those and may add its own.
fn same_cfg(family: &MultiPart, members: &[&Declared<'_>], errors: &mut Vec<Error>) {
    let predicates = |d: &Declared<'_>| -> Vec<String> {
        let mut p: Vec<String> = d
            .method
            .cfg_attrs()
            .filter_map(|a| a.meta.require_list().ok().map(|l| tokens_text(&l.tokens)))
            .collect();
        p.sort();
        p
    };
    let text = |d: &Declared<'_>| {
        d.method.cfg().map_or("no `#[cfg]`".to_owned(), |p| {
            format!("`#[cfg({})]`", tokens_text(&p))
        })
    };
    // A family without a required member has its error already (incomplete family).
    let Some(first) = members
        .iter()
        .find(|d| d.entry_point.rule != Rule::Optional)
    else {
        return;
    };
    let base = predicates(first);
    let family_name = family.name.replace('_', " ");
    for d in members {
        let own = predicates(d);
        if d.entry_point.rule == Rule::Optional {
            if let Some(missing) = base.iter().find(|p| !own.contains(p)) {
                errors.push(error_at(
                    d.method.ident().span(),
                    format!(
                        "`{}` has {} but the {family_name} entry points have {} (`{}`): an optional entry point may add a `#[cfg]` of its own but keeps the family's; add `#[cfg({missing})]`",
                        d.entry_point.name,
                        text(d),
                        text(first),
                        first.entry_point.name,
                    ),
                ));
            }
        } else if own != base {
            errors.push(error_at(
                d.method.ident().span(),
                format!(
                    "`{}` has {} but `{}` has {}: the {family_name} entry points are compiled in or out together; give every one the same `#[cfg(...)]`",
                    d.entry_point.name,
                    text(d),
                    first.entry_point.name,
                    text(first),
                ),
            ));
        }
    }
}

fn context_type<'a>(
    family: &MultiPart,
    members: &[&Declared<'a>],
    errors: &mut Vec<Error>,
) -> Option<&'a Type> {
    let mut context: Option<(&'a Type, &'static str)> = None;
    let mut ok = true;
    for d in members.iter().filter(|d| d.entry_point.shape.is_setup()) {
        let sig = &d.method.original.sig;
        let Some(ty) = d.method.returned_context() else {
            let span = match &sig.output {
                syn::ReturnType::Type(_, ty) => ty.span(),
                syn::ReturnType::Default => sig.paren_token.span.close(),
            };
            errors.push(error_at(
                span,
                format!(
                    "`{}` must return `Result<Context>`, where `Context` is the driver's {} context",
                    d.entry_point.name, family.name
                ),
            ));
            ok = false;
            continue;
        };
        match context {
            None => context = Some((ty, d.entry_point.name)),
            Some((first, first_name)) if compact(first) != compact(ty) => {
                errors.push(error_at(
                    ty.span(),
                    format!(
                        "`{}` returns context `{}` but `{first_name}` returns `{}`",
                        d.entry_point.name,
                        tokens_text(ty),
                        tokens_text(first)
                    ),
                ));
                ok = false;
            }
            Some(_) => {}
        }
    }
    let (ty, setup) = context?;
    for d in members.iter().filter(|d| !d.entry_point.shape.is_setup()) {
        let Some(param) = d.method.context_param() else {
            continue;
        };
        // Steps and abort take `&mut C`, clone takes `&C`. Any other form is a signature
        // mismatch that the compiler reports at the method.
        let found = match (d.entry_point.shape, strip_groups(param)) {
            (Shape::Step | Shape::Abort, Type::Reference(r)) if r.mutability.is_some() => &*r.elem,
            (Shape::Clone, Type::Reference(r)) if r.mutability.is_none() => &*r.elem,
            _ => continue,
        };
        if compact(found) != compact(ty) {
            errors.push(error_at(
                found.span(),
                format!(
                    "`{}` takes context `{}` but `{setup}` returns `{}`",
                    d.entry_point.name,
                    tokens_text(found),
                    tokens_text(ty)
                ),
            ));
            ok = false;
        }
    }
    ok.then_some(ty)
}

/// The category of an algorithm expression where its tokens say it plainly
/// (`Algorithm::SHA_256`, `Algorithm::ecdsa(..)`, …): the family of entry points it can match.
fn algorithm_family(alg: &Expr) -> Option<Family> {
    let path = match alg {
        Expr::Call(call) => match &*call.func {
            Expr::Path(p) => &p.path,
            _ => return None,
        },
        Expr::Path(p) => &p.path,
        _ => return None,
    };
    let name = path.segments.last()?.ident.to_string();
    Some(match name.as_str() {
        "MD5" | "SHA_1" | "SHA_224" | "SHA_256" | "SHA_384" | "SHA_512" | "SHA3_256" => {
            Family::Hash
        }
        "CBC_MAC" | "CMAC" | "hmac" | "truncated_mac" | "at_least_this_length_mac" => Family::Mac,
        "STREAM_CIPHER" | "CTR" | "CFB" | "OFB" | "XTS" | "ECB_NO_PADDING" | "CBC_NO_PADDING"
        | "CBC_PKCS7" => Family::Cipher,
        "CCM"
        | "GCM"
        | "CHACHA20_POLY1305"
        | "aead_with_shortened_tag"
        | "aead_with_at_least_this_length_tag" => Family::Aead,
        "ECDSA_ANY" | "ecdsa" | "deterministic_ecdsa" => Family::Signature,
        "ECDH" | "FFDH" | "key_agreement" => Family::KeyAgreement,
        "hkdf" => Family::KeyDerivation,
        "jpake" | "spake2p_hmac" | "spake2p_cmac" | "SPAKE2P_MATTER" => Family::Pake,
        _ => return None,
    })
}

/// Fields of a capability that can never match an entry point it names: key types or sizes
/// on an entry point whose requests carry no key, algorithms where the request carries none,
/// an algorithm of another family. Each error is at the offending element.
fn inapplicable_fields(
    cap: &CapabilityArgs,
    named: &[(&Ident, &'static EntryPoint)],
) -> Vec<Error> {
    let mut out = Vec::new();
    for (field, list) in [("key_types", &cap.key_types), ("key_sizes", &cap.key_sizes)] {
        let Some(first) = list.first() else { continue };
        if let Some((_, ep)) = named.iter().find(|(_, ep)| !ep.describes_key()) {
            out.push(error_over(
                first,
                format!(
                    "`{field}` can never match `{}`: its requests carry no key type or size; \
                     move `{}` to a capability without `{field}`",
                    ep.name, ep.name
                ),
            ));
        }
    }
    if let Some(first) = cap.algorithms.first()
        && let Some((_, ep)) = named.iter().find(|(_, ep)| !ep.describes_algorithm())
    {
        out.push(error_over(
            first,
            format!(
                "`algorithms` can never match `{}`: its requests carry no algorithm; \
                 move `{}` to a capability without `algorithms`",
                ep.name, ep.name
            ),
        ));
        return out;
    }
    for alg in &cap.algorithms {
        let Some(family) = algorithm_family(alg) else {
            continue;
        };
        let wrong = named.iter().find(|(_, ep)| {
            ep.family != family
                && ep.family != Family::KeyManagement
                && !(ep.family == Family::KeyDerivation && family == Family::KeyAgreement)
        });
        if let Some((_, ep)) = wrong {
            out.push(error_over(
                alg,
                format!(
                    "this algorithm can never match `{}`: it is a {:?} algorithm, and `{}` is a {:?} entry point; \
                     list it under a capability for its own entry points",
                    ep.name, family, ep.name, ep.family
                ),
            ));
        }
    }
    out
}

/// Where the tokens say it plainly (`KeyType::ecc_key_pair(EccFamily::SECP_R1)` and a literal
/// size), a size no curve of the family has is reported at the size literal.
fn ecc_sizes(cap: &CapabilityArgs) -> Vec<Error> {
    let families: Vec<(&str, &[usize])> = cap
        .key_types
        .iter()
        .filter_map(|kt| {
            let Expr::Call(call) = kt else { return None };
            let Expr::Path(func) = &*call.func else {
                return None;
            };
            let ctor = func.path.segments.last()?.ident.to_string();
            if ctor != "ecc_key_pair" && ctor != "ecc_public_key" || call.args.len() != 1 {
                return None;
            }
            let Expr::Path(arg) = &call.args[0] else {
                return None;
            };
            let name = arg.path.segments.last()?.ident.to_string();
            psa_catalogue::ECC_CURVE_SIZES
                .iter()
                .find(|(n, _, _)| *n == name)
                .map(|&(n, _, sizes)| (n, sizes))
        })
        .collect();
    let mut out = Vec::new();
    for size in &cap.key_sizes {
        let Expr::Lit(syn::ExprLit {
            lit: Lit::Int(int), ..
        }) = size
        else {
            continue;
        };
        let Ok(bits) = int.base10_parse::<usize>() else {
            continue;
        };
        for (name, sizes) in &families {
            if !sizes.contains(&bits) {
                let list: Vec<String> = sizes.iter().map(usize::to_string).collect();
                out.push(error_at(
                    int.span(),
                    format!(
                        "no `{name}` curve has {bits} bits; `{name}` sizes are {}",
                        list.join(", ")
                    ),
                ));
                break;
            }
        }
    }
    out
}

/// The `cfg` a `#[cfg_attr(condition, attrs…)]` applies after its condition, if any.
fn cfg_in_cfg_attr(attr: &syn::Attribute) -> Option<proc_macro2::Span> {
    let list = attr.meta.require_list().ok()?;
    let mut after_condition = false;
    for tt in list.tokens.clone() {
        match tt {
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => after_condition = true,
            proc_macro2::TokenTree::Ident(i) if after_condition && i == "cfg" => {
                return Some(i.span());
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_identifier("p256"));
        assert!(is_identifier("_acme_2"));
        assert!(!is_identifier("2fast"));
        assert!(!is_identifier("p-256"));
        assert!(!is_identifier("_"));
        assert!(!is_identifier(""));
    }
}
