//! The arguments of `#[psa_driver(...)]`: darling receivers over `NestedMeta`.
//!
//! The receivers are written out rather than derived so that every message speaks with the
//! crate's one voice (lowercase, code in backticks, the fix named) and so that a bad argument
//! leaves the others parsed: the top level records errors in an accumulator and keeps going,
//! and validation then checks whatever did parse.

use darling::ast::NestedMeta;
use darling::error::Accumulator;
use darling::{Error, FromMeta, Result};
use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{Expr, Ident, Lit, LitStr, Meta, Path};

use crate::diag::{did_you_mean, unknown};

/// `kind = "transparent" | "opaque"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Transparent,
    Opaque,
}

impl FromMeta for Kind {
    fn from_string(value: &str) -> Result<Self> {
        match value {
            "transparent" => Ok(Kind::Transparent),
            "opaque" => Ok(Kind::Opaque),
            other => Err(Error::custom(unknown(
                "kind",
                other,
                ["transparent", "opaque"],
            ))),
        }
    }

    fn from_expr(expr: &Expr) -> Result<Self> {
        match expr {
            Expr::Lit(syn::ExprLit {
                lit: lit @ Lit::Str(_),
                ..
            }) => Self::from_value(lit),
            Expr::Group(group) => Self::from_expr(&group.expr),
            // Not darling's "Unexpected type `int`": the crate's voice, naming the fix.
            _ => Err(Error::custom(
                "`kind` takes a string: `kind = \"transparent\"` or `kind = \"opaque\"`",
            )
            .with_span(expr)),
        }
    }
}

/// A bracketed list of entry point names, `[sign_hash, verify_hash]`.
#[derive(Clone, Debug)]
pub(crate) struct EntryPointList {
    /// The list as written, for errors about the whole list.
    pub(crate) span: Span,
    pub(crate) names: Vec<Ident>,
}

impl FromMeta for EntryPointList {
    fn from_expr(expr: &Expr) -> Result<Self> {
        let Expr::Array(array) = expr else {
            if let Expr::Group(group) = expr {
                return Self::from_expr(&group.expr);
            }
            return Err(Error::custom(
                "`entry_points` takes a list, e.g. `entry_points = [sign_hash, verify_hash]`",
            )
            .with_span(expr));
        };
        let mut errors = Error::accumulator();
        let names = array
            .elems
            .iter()
            .filter_map(|elem| errors.handle(entry_point_name(elem)))
            .collect();
        errors.finish_with(EntryPointList {
            span: array.bracket_token.span.join(),
            names,
        })
    }
}

fn entry_point_name(elem: &Expr) -> Result<Ident> {
    match elem {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => match p.path.get_ident() {
            Some(ident) => Ok(ident.clone()),
            None => Err(
                Error::custom("expected an entry point name such as `sign_hash`").with_span(elem),
            ),
        },
        Expr::Group(group) => entry_point_name(&group.expr),
        _ => Err(Error::custom("expected an entry point name such as `sign_hash`").with_span(elem)),
    }
}

/// A bracketed list of expressions, `[Algorithm::ECDH, ...]`.
#[derive(Clone, Debug)]
pub(crate) struct ExprList(pub(crate) Vec<Expr>);

impl FromMeta for ExprList {
    fn from_expr(expr: &Expr) -> Result<Self> {
        match expr {
            Expr::Array(array) => Ok(ExprList(array.elems.iter().cloned().collect())),
            Expr::Group(group) => Self::from_expr(&group.expr),
            _ => Err(Error::custom("expected a list in brackets, e.g. `[a, b]`").with_span(expr)),
        }
    }
}

/// `capability(entry_points = [...], algorithms = [...], key_types = [...],
/// key_sizes = [...], fallback = <bool>)`.
#[derive(Clone, Debug)]
pub(crate) struct CapabilityArgs {
    /// The `capability` keyword, where capability-wide errors and the const check point.
    pub(crate) span: Span,
    pub(crate) entry_points: Option<EntryPointList>,
    pub(crate) algorithms: Vec<Expr>,
    pub(crate) key_types: Vec<Expr>,
    pub(crate) key_sizes: Vec<Expr>,
    /// The value and the span of the `fallback` key.
    pub(crate) fallback: Option<(bool, Span)>,
}

const CAPABILITY_KEYS: [&str; 5] = [
    "entry_points",
    "algorithms",
    "key_types",
    "key_sizes",
    "fallback",
];

impl FromMeta for CapabilityArgs {
    fn from_list(items: &[NestedMeta]) -> Result<Self> {
        let mut errors = Error::accumulator();
        let mut cap = CapabilityArgs {
            span: Span::call_site(),
            entry_points: None,
            algorithms: Vec::new(),
            key_types: Vec::new(),
            key_sizes: Vec::new(),
            fallback: None,
        };
        let mut seen = Seen::default();
        for item in items {
            let Some((key, meta)) = errors.handle(key_of(item, "capability argument")) else {
                continue;
            };
            let name = key.to_string();
            if !CAPABILITY_KEYS.contains(&name.as_str()) {
                errors.push(
                    Error::custom(unknown("capability argument", &name, CAPABILITY_KEYS))
                        .with_span(&key),
                );
                continue;
            }
            if !seen.first(&key, &mut errors) {
                continue;
            }
            match name.as_str() {
                "entry_points" => {
                    cap.entry_points =
                        errors.handle(value(meta, &key).and_then(EntryPointList::from_expr))
                }
                "algorithms" => {
                    cap.algorithms = list(meta, &key, &mut errors);
                }
                "key_types" => {
                    cap.key_types = list(meta, &key, &mut errors);
                }
                "key_sizes" => {
                    cap.key_sizes = list(meta, &key, &mut errors);
                }
                _ => {
                    // `fallback = <bool>`; a bare `fallback` means `true`.
                    let parsed = match meta {
                        Meta::Path(_) => Ok(true),
                        _ => value(meta, &key).and_then(|expr| match ungroup(expr) {
                            Expr::Lit(lit) => match &lit.lit {
                                Lit::Bool(b) => Ok(b.value),
                                _ => Err(fallback_error(expr)),
                            },
                            _ => Err(fallback_error(expr)),
                        }),
                    };
                    cap.fallback = errors.handle(parsed).map(|v| (v, key.span()));
                }
            }
        }
        errors.finish_with(cap)
    }
}

fn fallback_error(expr: &Expr) -> Error {
    Error::custom("`fallback` takes `true` or `false`").with_span(expr)
}

fn list(meta: &Meta, key: &Ident, errors: &mut Accumulator) -> Vec<Expr> {
    errors
        .handle(value(meta, key).and_then(ExprList::from_expr))
        .map(|l| l.0)
        .unwrap_or_default()
}

/// Everything `#[psa_driver(...)]` was given; absent or malformed arguments are `None` (their
/// errors are in the accumulator).
#[derive(Clone, Debug)]
pub(crate) struct DriverArgs {
    pub(crate) prefix: Option<LitStr>,
    /// The kind and the span of its string literal.
    pub(crate) kind: Option<(Kind, Span)>,
    pub(crate) entry_points: Option<EntryPointList>,
    pub(crate) location: Option<Expr>,
    pub(crate) capabilities: Vec<CapabilityArgs>,
    /// The guard's path and the span of the `guard` key.
    pub(crate) guard: Option<(Path, Span)>,
    pub(crate) krate: Option<Path>,
    /// `description = "drivers/acme.json"`: a JSON driver description (see `description.rs`).
    pub(crate) description: Option<LitStr>,
    /// The keys given, well-formed or not: a malformed `prefix` is not also "missing".
    pub(crate) given: Vec<String>,
}

impl DriverArgs {
    pub(crate) fn given(&self, key: &str) -> bool {
        self.given.iter().any(|k| k == key)
    }
}

const DRIVER_KEYS: [&str; 8] = [
    "prefix",
    "kind",
    "entry_points",
    "location",
    "capability",
    "guard",
    "crate",
    "description",
];

impl DriverArgs {
    /// Parses the attribute's arguments, recording every error and keeping what parsed.
    pub(crate) fn parse(args: TokenStream, errors: &mut Accumulator) -> DriverArgs {
        let mut out = DriverArgs {
            prefix: None,
            kind: None,
            entry_points: None,
            location: None,
            capabilities: Vec::new(),
            guard: None,
            krate: None,
            description: None,
            given: Vec::new(),
        };
        let Some(items) = errors.handle(NestedMeta::parse_meta_list(args).map_err(Error::from))
        else {
            return out;
        };
        let mut seen = Seen::default();
        for item in &items {
            let Some((key, meta)) = errors.handle(key_of(item, "argument")) else {
                continue;
            };
            let name = key.to_string();
            if !DRIVER_KEYS.contains(&name.as_str()) {
                errors.push(Error::custom(unknown("argument", &name, DRIVER_KEYS)).with_span(&key));
                // "did you mean `prefix`?" says it all; `prefix` is not also "missing".
                if let Some(meant) = did_you_mean(&name, DRIVER_KEYS) {
                    out.given.push(meant.to_owned());
                }
                continue;
            }
            out.given.push(name.clone());
            // `capability(...)` repeats; every other key appears once.
            if name != "capability" && !seen.first(&key, errors) {
                continue;
            }
            match name.as_str() {
                "prefix" => {
                    out.prefix = errors.handle(value(meta, &key).and_then(|expr| {
                        match ungroup(expr) {
                            Expr::Lit(syn::ExprLit {
                                lit: Lit::Str(s), ..
                            }) => Ok(s.clone()),
                            _ => Err(Error::custom(
                                "`prefix` takes a string literal, e.g. `prefix = \"acme\"`",
                            )
                            .with_span(expr)),
                        }
                    }));
                }
                "kind" => {
                    out.kind = errors.handle(
                        value(meta, &key)
                            .and_then(|expr| Kind::from_expr(expr).map(|k| (k, expr.span()))),
                    );
                }
                "entry_points" => {
                    out.entry_points =
                        errors.handle(value(meta, &key).and_then(EntryPointList::from_expr));
                }
                "location" => out.location = errors.handle(value(meta, &key).cloned()),
                "description" => {
                    out.description = errors.handle(value(meta, &key).and_then(|expr| {
                        match ungroup(expr) {
                            Expr::Lit(syn::ExprLit {
                                lit: Lit::Str(s), ..
                            }) => Ok(s.clone()),
                            _ => Err(Error::custom(
                                "`description` takes the path of a JSON driver description, relative to Cargo.toml, e.g. `description = \"drivers/acme.json\"`",
                            )
                            .with_span(expr)),
                        }
                    }));
                }
                "capability" => {
                    let parsed = match meta {
                        Meta::List(_) => CapabilityArgs::from_meta(meta),
                        _ => Err(Error::custom(
                            "expected `capability(entry_points = [...], algorithms = [...], ...)`",
                        )
                        .with_span(&key)),
                    };
                    if let Some(mut cap) = errors.handle(parsed) {
                        cap.span = key.span();
                        out.capabilities.push(cap);
                    }
                }
                "guard" => {
                    out.guard = errors.handle(value(meta, &key).and_then(|expr| {
                        path_of(expr).map(|path| (path, key.span())).ok_or_else(|| {
                            Error::custom(
                                "`guard` takes the path of a `fn(&Request) -> bool`, e.g. `guard = my_guard`",
                            )
                            .with_span(expr)
                        })
                    }));
                }
                _ => {
                    // `crate = path` or, as in serde, `crate = "path"`.
                    out.krate = errors.handle(value(meta, &key).and_then(|expr| {
                        let parsed = match ungroup(expr) {
                            Expr::Lit(syn::ExprLit {
                                lit: Lit::Str(s), ..
                            }) => s.parse().ok(),
                            _ => path_of(expr),
                        };
                        parsed.ok_or_else(|| {
                            Error::custom("`crate` takes a path, e.g. `crate = my_psa`")
                                .with_span(expr)
                        })
                    }));
                }
            }
        }
        out
    }
}

/// Looks through the invisible groups around tokens passed through `macro_rules!`
/// (`$prefix:literal`, `$e:expr`).
fn ungroup(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(group) => ungroup(&group.expr),
        _ => expr,
    }
}

fn path_of(expr: &Expr) -> Option<Path> {
    match expr {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => Some(p.path.clone()),
        Expr::Group(group) => path_of(&group.expr),
        _ => None,
    }
}

/// The key of one `key = value` or `key(...)` item.
fn key_of<'m>(item: &'m NestedMeta, what: &str) -> Result<(Ident, &'m Meta)> {
    match item {
        NestedMeta::Meta(meta) => match meta.path().get_ident() {
            Some(ident) => Ok((ident.clone(), meta)),
            None => Err(
                Error::custom(format!("expected a {what} name, found a path"))
                    .with_span(meta.path()),
            ),
        },
        // `key = <not an expression>`: report syn's parse error, which points into the value.
        NestedMeta::NameValueInvalidExpr(invalid) => Err(invalid.error.clone()),
        NestedMeta::Lit(lit) => {
            Err(Error::custom(format!("expected `{what} = value`, found a literal")).with_span(lit))
        }
    }
}

/// The value of `key = value`.
fn value<'m>(meta: &'m Meta, key: &Ident) -> Result<&'m Expr> {
    match meta {
        Meta::NameValue(nv) => Ok(&nv.value),
        _ => Err(Error::custom(format!("expected `{key} = ...`")).with_span(key)),
    }
}

/// Keys seen so far; a second occurrence is an error at the repeated key.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    fn first(&mut self, key: &Ident, errors: &mut Accumulator) -> bool {
        let name = key.to_string();
        if self.0.contains(&name) {
            errors.push(Error::custom(format!("duplicate argument `{name}`")).with_span(key));
            false
        } else {
            self.0.push(name);
            true
        }
    }
}
