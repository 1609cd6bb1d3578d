//! Driver description files (the PSA driver interface's JSON format, as Mbed TLS uses it) as a
//! capability source: `#[psa_driver(description = "drivers/acme.json", ...)]`.
//!
//! The file is read at expansion time, relative to the crate's `CARGO_MANIFEST_DIR`, and
//! turned into the same `DriverArgs` the attribute would have given: `prefix`, `type` (our
//! `kind`), `location` and one `capability(...)` per JSON capability. What the attribute also
//! says must agree with the file. Every problem is an error at the attribute's `description`
//! string, quoting the JSON path of the bad field. The expansion includes the file with
//! `include_bytes!`, so that editing it rebuilds the crate.

use darling::Error;
use darling::error::Accumulator;
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use serde_json::{Map, Value};
use syn::{Expr, Ident, LitStr};

use crate::args::{CapabilityArgs, DriverArgs, EntryPointList, Kind};
use crate::diag::did_you_mean;
use crate::entry_point::{self, EntryPoint, Implementers};

/// A parsed driver description.
#[derive(Debug, Clone)]
pub(crate) struct Description {
    pub(crate) prefix: Option<String>,
    pub(crate) kind: Option<Kind>,
    pub(crate) location: Option<u32>,
    pub(crate) capabilities: Vec<DescCapability>,
}

/// One element of `capabilities`.
#[derive(Debug, Clone)]
pub(crate) struct DescCapability {
    /// The entry points, family names expanded, in the file's order, without repeats.
    pub(crate) entry_points: Vec<&'static EntryPoint>,
    /// `psa_core::Algorithm` expressions, relative to a `krate` path.
    pub(crate) algorithms: Vec<Alg>,
    pub(crate) key_types: Vec<KeyTy>,
    pub(crate) key_sizes: Vec<u64>,
    pub(crate) fallback: Option<bool>,
    /// `names`: entry point to C function name.
    pub(crate) names: Vec<(String, String)>,
}

/// A parsed `PSA_ALG_...` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Alg {
    /// `Algorithm::NAME`.
    Const(&'static str),
    /// `Algorithm::function(args)`.
    Call(&'static str, Vec<AlgArg>),
}

/// An argument of an algorithm macro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AlgArg {
    Alg(Alg),
    Int(u64),
}

/// A parsed `PSA_KEY_TYPE_...` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyTy {
    Const(&'static str),
    /// `KeyType::ecc_key_pair(EccFamily::F)` / `ecc_public_key`.
    Ecc(&'static str, &'static str),
}

/// `PSA_ALG_<NAME>` constants and their `psa_core::Algorithm` names.
const ALG_CONSTS: &[&str] = &[
    "NONE",
    "MD5",
    "SHA_1",
    "SHA_224",
    "SHA_256",
    "SHA_384",
    "SHA_512",
    "SHA3_256",
    "ANY_HASH",
    "CBC_MAC",
    "CMAC",
    "STREAM_CIPHER",
    "CTR",
    "CFB",
    "OFB",
    "XTS",
    "ECB_NO_PADDING",
    "CBC_NO_PADDING",
    "CBC_PKCS7",
    "CCM",
    "GCM",
    "CHACHA20_POLY1305",
    "ECDSA_ANY",
    "ECDH",
    "FFDH",
    "RSA_PKCS1V15_CRYPT",
    "RSA_PKCS1V15_SIGN_RAW",
];

/// Argument shapes of the `PSA_ALG_<NAME>(...)` macros: `a` an algorithm, `n` a number.
const ALG_FUNCTIONS: &[(&str, &str, &str)] = &[
    ("HMAC", "hmac", "a"),
    ("ECDSA", "ecdsa", "a"),
    ("DETERMINISTIC_ECDSA", "deterministic_ecdsa", "a"),
    ("RSA_OAEP", "rsa_oaep", "a"),
    ("RSA_PKCS1V15_SIGN", "rsa_pkcs1v15_sign", "a"),
    ("RSA_PSS", "rsa_pss", "a"),
    ("HKDF", "hkdf", "a"),
    ("KEY_AGREEMENT", "key_agreement", "aa"),
    ("TRUNCATED_MAC", "truncated_mac", "an"),
    ("AT_LEAST_THIS_LENGTH_MAC", "at_least_this_length_mac", "an"),
    ("AEAD_WITH_SHORTENED_TAG", "aead_with_shortened_tag", "an"),
    (
        "AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG",
        "aead_with_at_least_this_length_tag",
        "an",
    ),
];

const KEY_TYPE_CONSTS: &[&str] = &[
    "RAW_DATA",
    "HMAC",
    "DERIVE",
    "AES",
    "ARIA",
    "CAMELLIA",
    "DES",
    "CHACHA20",
    "RSA_PUBLIC_KEY",
    "RSA_KEY_PAIR",
];

const ECC_FAMILIES: &[&str] = &[
    "SECP_K1",
    "SECP_R1",
    "SECP_R2",
    "SECT_K1",
    "SECT_R1",
    "SECT_R2",
    "BRAINPOOL_P_R1",
    "MONTGOMERY",
    "TWISTED_EDWARDS",
];

/// The spec's family names for `entry_points`, and the entry points each stands for.
pub(crate) const FAMILIES: &[(&str, &[&str])] = &[
    (
        "hash_multipart",
        &["hash_setup", "hash_update", "hash_finish", "hash_abort"],
    ),
    (
        "mac_multipart",
        &[
            "mac_sign_setup",
            "mac_update",
            "mac_sign_finish",
            "mac_abort",
        ],
    ),
    (
        "mac_verify_multipart",
        &[
            "mac_verify_setup",
            "mac_update",
            "mac_verify_finish",
            "mac_abort",
        ],
    ),
    (
        "cipher_encrypt_multipart",
        &[
            "cipher_encrypt_setup",
            "cipher_set_iv",
            "cipher_update",
            "cipher_finish",
            "cipher_abort",
        ],
    ),
    (
        "cipher_decrypt_multipart",
        &[
            "cipher_decrypt_setup",
            "cipher_set_iv",
            "cipher_update",
            "cipher_finish",
            "cipher_abort",
        ],
    ),
    (
        "aead_encrypt_multipart",
        &[
            "aead_encrypt_setup",
            "aead_set_nonce",
            "aead_set_lengths",
            "aead_update_ad",
            "aead_update",
            "aead_finish",
            "aead_abort",
        ],
    ),
    (
        "aead_decrypt_multipart",
        &[
            "aead_decrypt_setup",
            "aead_set_nonce",
            "aead_set_lengths",
            "aead_update_ad",
            "aead_update",
            "aead_verify",
            "aead_abort",
        ],
    ),
    (
        "key_derivation",
        &[
            "key_derivation_setup",
            "key_derivation_input_bytes",
            "key_derivation_output_bytes",
            "key_derivation_abort",
        ],
    ),
    (
        "pake",
        &[
            "pake_setup",
            "pake_output",
            "pake_input",
            "pake_get_shared_key",
            "pake_abort",
        ],
    ),
];

/// Whether `s` is a C identifier.
fn is_c_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Whether a field is an ignored extension (`_comment…`, `<impl>/…`).
fn ignored(key: &str) -> bool {
    key.starts_with("_comment") || key.contains('/')
}

/// Parses the text of a description; every problem is `"<json path>: <message>"`.
pub(crate) fn parse(text: &str) -> (Option<Description>, Vec<String>) {
    let mut problems = Vec::new();
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!("not valid JSON: {e}"));
            return (None, problems);
        }
    };
    let Some(top) = value.as_object() else {
        problems.push("the description must be a JSON object".to_owned());
        return (None, problems);
    };
    let mut d = Description {
        prefix: None,
        kind: None,
        location: None,
        capabilities: Vec::new(),
    };
    for (key, v) in top {
        match key.as_str() {
            "prefix" => match v.as_str() {
                Some(s) if is_c_identifier(s) => d.prefix = Some(s.to_owned()),
                Some(s) => problems.push(format!(
                    "prefix: \"{s}\" is not a C identifier (letters, digits and `_`, not starting with a digit)"
                )),
                None => problems.push("prefix: expected a string".to_owned()),
            },
            "type" => match v.as_str() {
                Some("transparent") => d.kind = Some(Kind::Transparent),
                Some("opaque") => d.kind = Some(Kind::Opaque),
                Some(s) => problems.push(format!(
                    "type: unknown driver type \"{s}\"; expected \"transparent\" or \"opaque\""
                )),
                None => problems.push(
                    "type: expected a string, \"transparent\" or \"opaque\"".to_owned(),
                ),
            },
            "location" => match location(v) {
                Some(l) => d.location = Some(l),
                None => problems.push(format!(
                    "location: expected an integer or a \"0x…\" hex string below 0x1000000, found {v}"
                )),
            },
            "capabilities" => match v.as_array() {
                Some(caps) => {
                    for (i, cap) in caps.iter().enumerate() {
                        if let Some(c) = capability(&format!("capabilities[{i}]"), cap, &mut problems)
                        {
                            d.capabilities.push(c);
                        }
                    }
                }
                None => problems.push("capabilities: expected an array of capabilities".to_owned()),
            },
            // Read by the C glue only, or descriptive.
            "headers" | "key_context" | "persistent_state_size" => {}
            k if ignored(k) => {}
            k => problems.push(unknown_field(k, "", TOP_FIELDS)),
        }
    }
    for (field, present) in [
        ("prefix", top.contains_key("prefix")),
        ("type", top.contains_key("type")),
        ("capabilities", top.contains_key("capabilities")),
    ] {
        if !present {
            problems.push(format!(
                "{field}: missing; a driver description needs `prefix`, `type` and `capabilities`"
            ));
        }
    }
    match (d.kind, d.location.is_some()) {
        (Some(Kind::Opaque), false) if !top.contains_key("location") => {
            problems.push("location: missing; an opaque driver needs the location of its keys".to_owned())
        }
        (Some(Kind::Transparent), true) => problems.push(
            "location: only opaque drivers have a location; transparent drivers serve local storage"
                .to_owned(),
        ),
        _ => {}
    }
    if let (Some(kind), Some(caps)) = (d.kind, top.get("capabilities").and_then(Value::as_array)) {
        for (i, cap) in caps.iter().enumerate() {
            check_kind(kind, i, cap, &mut problems);
        }
    }
    (Some(d), problems)
}

const TOP_FIELDS: &[&str] = &[
    "prefix",
    "type",
    "location",
    "capabilities",
    "headers",
    "key_context",
    "persistent_state_size",
];
const CAP_FIELDS: &[&str] = &[
    "entry_points",
    "algorithms",
    "key_types",
    "key_sizes",
    "fallback",
    "names",
];

fn unknown_field(key: &str, at: &str, known: &[&str]) -> String {
    let hint = match did_you_mean(key, known.iter().copied()) {
        Some(m) => format!("; did you mean `{m}`?"),
        None => format!("; expected one of {}", known.join(", ")),
    };
    format!(
        "{at}{key}: unknown field{hint} (`_comment` and `<implementation>/…` fields are ignored)"
    )
}

fn location(v: &Value) -> Option<u32> {
    let n = match v {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => {
            let hex = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
            u64::from_str_radix(hex, 16).ok()?
        }
        _ => return None,
    };
    (n < 0x100_0000).then_some(n as u32)
}

/// Resolves an entry point or family name.
fn entry_point_names(name: &str) -> Option<Vec<&'static EntryPoint>> {
    if let Some(ep) = entry_point::lookup(name) {
        return Some(vec![ep]);
    }
    FAMILIES
        .iter()
        .find(|(f, _)| *f == name)
        .map(|(_, members)| {
            members
                .iter()
                .filter_map(|m| entry_point::lookup(m))
                .collect()
        })
}

fn capability(path: &str, v: &Value, problems: &mut Vec<String>) -> Option<DescCapability> {
    let Some(obj) = v.as_object() else {
        problems.push(format!("{path}: expected a capability object"));
        return None;
    };
    let mut c = DescCapability {
        entry_points: Vec::new(),
        algorithms: Vec::new(),
        key_types: Vec::new(),
        key_sizes: Vec::new(),
        fallback: None,
        names: Vec::new(),
    };
    if !obj.contains_key("entry_points") {
        problems.push(format!(
            "{path}.entry_points: missing; every capability lists its entry points"
        ));
    }
    for (key, v) in obj {
        let at = format!("{path}.{key}");
        match key.as_str() {
            "entry_points" => {
                each_string(
                    &at,
                    v,
                    problems,
                    |at, s, problems| match entry_point_names(s) {
                        Some(eps) => {
                            for ep in eps {
                                if !c.entry_points.contains(&ep) {
                                    c.entry_points.push(ep);
                                }
                            }
                        }
                        None => {
                            let all = entry_point::ALL
                                .iter()
                                .map(|e| e.name)
                                .chain(FAMILIES.iter().map(|(f, _)| *f));
                            let hint = did_you_mean(s, all)
                                .map(|m| format!("; did you mean `{m}`?"))
                                .unwrap_or_default();
                            problems.push(format!("{at}: unknown entry point `{s}`{hint}"));
                        }
                    },
                )
            }
            "algorithms" => each_string(&at, v, problems, |at, s, problems| match parse_alg(s) {
                Ok(alg) => c.algorithms.push(alg),
                Err(e) => problems.push(format!("{at}: {e}")),
            }),
            "key_types" => each_string(&at, v, problems, |at, s, problems| {
                match parse_key_type(s) {
                    Ok(kt) => c.key_types.push(kt),
                    Err(e) => problems.push(format!("{at}: {e}")),
                }
            }),
            "key_sizes" => match v.as_array() {
                Some(sizes) => {
                    for (i, s) in sizes.iter().enumerate() {
                        match s.as_u64() {
                            Some(n) if n > 0 && n <= 65528 => c.key_sizes.push(n),
                            _ => problems.push(format!(
                                "{at}[{i}]: expected a key size in bits (a positive integer), found {s}"
                            )),
                        }
                    }
                }
                None => problems.push(format!("{at}: expected a list of key sizes in bits")),
            },
            "fallback" => match v.as_bool() {
                Some(b) => c.fallback = Some(b),
                None => problems.push(format!("{at}: expected `true` or `false`, found {v}")),
            },
            "names" => match v.as_object() {
                Some(names) => names_of(&at, names, &mut c.names, problems),
                None => problems.push(format!(
                    "{at}: expected an object from entry point to C function name"
                )),
            },
            k if ignored(k) => {}
            k => problems.push(unknown_field(k, &format!("{path}."), CAP_FIELDS)),
        }
    }
    for (ep, _) in &c.names {
        if !c.entry_points.iter().any(|e| e.name == ep) {
            problems.push(format!(
                "{path}.names.{ep}: `{ep}` is not among this capability's entry points"
            ));
        }
    }
    Some(c)
}

fn names_of(
    at: &str,
    names: &Map<String, Value>,
    out: &mut Vec<(String, String)>,
    problems: &mut Vec<String>,
) {
    for (ep, f) in names {
        match f.as_str() {
            Some(f) if is_c_identifier(f) => out.push((ep.clone(), f.to_owned())),
            _ => problems.push(format!("{at}.{ep}: expected a C function name, found {f}")),
        }
    }
}

fn each_string(
    at: &str,
    v: &Value,
    problems: &mut Vec<String>,
    mut f: impl FnMut(&str, &str, &mut Vec<String>),
) {
    match v.as_array() {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(s) => f(&format!("{at}[{i}]"), s, problems),
                    None => problems.push(format!("{at}[{i}]: expected a string, found {item}")),
                }
            }
        }
        None => problems.push(format!("{at}: expected a list of strings")),
    }
}

/// The kind rules: transparent-only / opaque-only entry points, `fallback` on opaque drivers.
fn check_kind(kind: Kind, i: usize, cap: &Value, problems: &mut Vec<String>) {
    let Some(obj) = cap.as_object() else {
        return;
    };
    if let Some(eps) = obj.get("entry_points").and_then(Value::as_array) {
        for (j, name) in eps.iter().enumerate() {
            let Some(eps) = name.as_str().and_then(entry_point_names) else {
                continue;
            };
            for ep in eps {
                let refused = match (kind, ep.implementers) {
                    (Kind::Transparent, Implementers::OpaqueOnly) => Some("opaque-only"),
                    (Kind::Opaque, Implementers::TransparentOnly) => Some("transparent-only"),
                    _ => None,
                };
                if let Some(what) = refused {
                    let k = match kind {
                        Kind::Transparent => "a transparent",
                        Kind::Opaque => "an opaque",
                    };
                    problems.push(format!(
                        "capabilities[{i}].entry_points[{j}]: `{}` is {what}; {k} driver cannot declare it",
                        ep.name
                    ));
                    break;
                }
            }
        }
    }
    if kind == Kind::Opaque && obj.contains_key("fallback") {
        problems.push(format!(
            "capabilities[{i}].fallback: only transparent drivers fall back; an opaque driver's answer is final"
        ));
    }
}

/// A tiny parser of the C macro expressions the JSON uses.
struct Cursor<'s> {
    s: &'s str,
}

impl<'s> Cursor<'s> {
    fn skip_ws(&mut self) {
        self.s = self.s.trim_start();
    }
    fn ident(&mut self) -> Option<&'s str> {
        self.skip_ws();
        let end = self
            .s
            .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
            .unwrap_or(self.s.len());
        if end == 0 {
            return None;
        }
        let (id, rest) = self.s.split_at(end);
        self.s = rest;
        Some(id)
    }
    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if let Some(rest) = self.s.strip_prefix(c) {
            self.s = rest;
            true
        } else {
            false
        }
    }
    fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.s.is_empty()
    }
}

fn int_literal(s: &str) -> Option<u64> {
    let s = s.trim_end_matches(['u', 'U', 'l', 'L']);
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

/// Parses `PSA_ALG_...` with its arguments, e.g. `PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 0x10)`.
pub(crate) fn parse_alg(s: &str) -> Result<Alg, String> {
    let mut cur = Cursor { s };
    let alg = alg_expr(&mut cur, s)?;
    if !cur.at_end() {
        return Err(format!(
            "unexpected `{}` after the algorithm in `{s}`",
            cur.s
        ));
    }
    Ok(alg)
}

fn alg_expr(cur: &mut Cursor<'_>, whole: &str) -> Result<Alg, String> {
    let Some(id) = cur.ident() else {
        return Err(format!("expected a `PSA_ALG_…` macro, found `{whole}`"));
    };
    let Some(name) = id.strip_prefix("PSA_ALG_") else {
        return Err(format!("expected a `PSA_ALG_…` macro, found `{id}`"));
    };
    if cur.eat('(') {
        let Some((_, method, shape)) = ALG_FUNCTIONS.iter().find(|(n, _, _)| *n == name) else {
            return Err(unknown_alg(id, true));
        };
        let mut args = Vec::new();
        for (i, want) in shape.chars().enumerate() {
            if i > 0 && !cur.eat(',') {
                return Err(format!("`{id}` takes {} arguments", shape.len()));
            }
            args.push(match want {
                'a' => AlgArg::Alg(alg_expr(cur, whole)?),
                _ => {
                    let lit = cur.ident().unwrap_or("");
                    match int_literal(lit) {
                        Some(n) if n <= 255 => AlgArg::Int(n),
                        _ => {
                            return Err(format!(
                                "argument {} of `{id}` must be a decimal or hex length up to 255, found `{lit}`",
                                i + 1
                            ));
                        }
                    }
                }
            });
        }
        if !cur.eat(')') {
            return Err(format!(
                "`{id}` takes {} argument{}; expected `)`",
                shape.len(),
                if shape.len() == 1 { "" } else { "s" }
            ));
        }
        Ok(Alg::Call(method, args))
    } else if let Some(c) = ALG_CONSTS.iter().find(|c| **c == name) {
        Ok(Alg::Const(c))
    } else {
        Err(unknown_alg(id, false))
    }
}

fn unknown_alg(id: &str, call: bool) -> String {
    let known = ALG_CONSTS
        .iter()
        .map(|c| format!("PSA_ALG_{c}"))
        .chain(ALG_FUNCTIONS.iter().map(|(n, _, _)| format!("PSA_ALG_{n}")))
        .collect::<Vec<_>>();
    let hint = did_you_mean(id, known.iter().map(String::as_str))
        .map(|m| format!("; did you mean `{m}`?"))
        .unwrap_or_default();
    let what = if call { "algorithm macro" } else { "algorithm" };
    format!("unknown {what} {id}{hint}")
}

/// Parses `PSA_KEY_TYPE_...`, with `_` for any ECC family.
pub(crate) fn parse_key_type(s: &str) -> Result<KeyTy, String> {
    let mut cur = Cursor { s };
    let Some(id) = cur.ident() else {
        return Err(format!("expected a `PSA_KEY_TYPE_…` macro, found `{s}`"));
    };
    let Some(name) = id.strip_prefix("PSA_KEY_TYPE_") else {
        return Err(format!("expected a `PSA_KEY_TYPE_…` macro, found `{id}`"));
    };
    let kt = if cur.eat('(') {
        let method = match name {
            "ECC_KEY_PAIR" => "ecc_key_pair",
            "ECC_PUBLIC_KEY" => "ecc_public_key",
            _ => {
                return Err(format!(
                    "unknown key type macro {id}; expected PSA_KEY_TYPE_ECC_KEY_PAIR(…) or PSA_KEY_TYPE_ECC_PUBLIC_KEY(…)"
                ));
            }
        };
        let fam = cur.ident().unwrap_or("");
        let family = if fam == "_" {
            "ANY"
        } else {
            match fam
                .strip_prefix("PSA_ECC_FAMILY_")
                .and_then(|f| ECC_FAMILIES.iter().find(|k| **k == f))
            {
                Some(f) => f,
                None => {
                    return Err(format!(
                        "unknown ECC family `{fam}` in `{s}`; expected `PSA_ECC_FAMILY_…` or `_` for any family"
                    ));
                }
            }
        };
        if !cur.eat(')') {
            return Err(format!("expected `)` in `{s}`"));
        }
        KeyTy::Ecc(method, family)
    } else {
        match KEY_TYPE_CONSTS.iter().find(|k| **k == name) {
            Some(k) => KeyTy::Const(k),
            None => {
                let known = KEY_TYPE_CONSTS
                    .iter()
                    .map(|c| format!("PSA_KEY_TYPE_{c}"))
                    .collect::<Vec<_>>();
                let hint = did_you_mean(id, known.iter().map(String::as_str))
                    .map(|m| format!("; did you mean `{m}`?"))
                    .unwrap_or_default();
                return Err(format!("unknown key type {id}{hint}"));
            }
        }
    };
    if !cur.at_end() {
        return Err(format!(
            "unexpected `{}` after the key type in `{s}`",
            cur.s
        ));
    }
    Ok(kt)
}

impl Alg {
    fn tokens(&self, krate: &TokenStream, span: Span) -> TokenStream {
        match self {
            Alg::Const(c) => {
                let c = Ident::new(c, span);
                quote_spanned!(span=> #krate::Algorithm::#c)
            }
            Alg::Call(f, args) => {
                let f = Ident::new(f, span);
                let args = args.iter().map(|a| match a {
                    AlgArg::Alg(a) => a.tokens(krate, span),
                    AlgArg::Int(n) => {
                        let n = proc_macro2::Literal::u8_unsuffixed(*n as u8);
                        quote!(#n)
                    }
                });
                quote_spanned!(span=> #krate::Algorithm::#f(#(#args),*))
            }
        }
    }
}

impl KeyTy {
    fn tokens(&self, krate: &TokenStream, span: Span) -> TokenStream {
        match self {
            KeyTy::Const(c) => {
                let c = Ident::new(c, span);
                quote_spanned!(span=> #krate::KeyType::#c)
            }
            KeyTy::Ecc(f, fam) => {
                let (f, fam) = (Ident::new(f, span), Ident::new(fam, span));
                quote_spanned!(span=> #krate::KeyType::#f(#krate::EccFamily::#fam))
            }
        }
    }
}

/// Reads the description `lit` names: relative to the crate's `CARGO_MANIFEST_DIR`, else
/// (as `include_str!` does) to the directory of the file holding the attribute.
fn read(lit: &LitStr) -> Result<(String, String), String> {
    let rel = lit.value();
    let base = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    let mut candidates = vec![std::path::Path::new(&base).join(&rel)];
    if let Some(dir) = proc_macro::is_available()
        .then(|| proc_macro::Span::call_site().local_file())
        .flatten()
        .and_then(|f| f.parent().map(std::path::Path::to_path_buf))
    {
        candidates.push(dir.join(&rel));
    }
    let mut first_error = None;
    for path in &candidates {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let full = path.canonicalize().unwrap_or_else(|_| path.clone());
                return Ok((full.to_string_lossy().into_owned(), text));
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let looked = candidates
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(" and ");
    Err(format!(
        "cannot read the driver description `{rel}` (looked for {looked}; the path is relative to the crate's Cargo.toml): {}",
        first_error.map(|e| e.to_string()).unwrap_or_default()
    ))
}

/// Loads and parses the description `lit` names; problems are errors at `lit`. Returns the
/// description and the file's full path (for `include_bytes!`).
pub(crate) fn load(lit: &LitStr, errors: &mut Accumulator) -> Option<(Description, String)> {
    let (full, text) = match read(lit) {
        Ok(x) => x,
        Err(e) => {
            errors.push(Error::custom(e).with_span(&lit.span()));
            return None;
        }
    };
    let (d, problems) = parse(&text);
    let rel = lit.value();
    let bad = !problems.is_empty();
    for p in problems {
        errors.push(Error::custom(format!("{rel}: {p}")).with_span(&lit.span()));
    }
    if bad { None } else { d.map(|d| (d, full)) }
}

/// `include_bytes!` of the description, so that cargo rebuilds the crate when it changes.
pub(crate) fn rebuild_on_change(full: &str) -> TokenStream {
    let lit = LitStr::new(full, Span::call_site());
    quote!(
        const _: &[u8] = include_bytes!(#lit);
    )
}

/// Fills `args` from a `description = "..."`, checking that what the attribute also gives
/// agrees. Returns the tokens to add to the expansion (the `include_bytes!`).
pub(crate) fn apply(
    args: &mut DriverArgs,
    krate: &TokenStream,
    errors: &mut Accumulator,
) -> TokenStream {
    let Some(lit) = args.description.clone() else {
        return TokenStream::new();
    };
    let Some((d, full)) = load(&lit, errors) else {
        // The file's problems are reported; the arguments it would have filled are not also
        // "missing".
        for key in ["prefix", "kind", "location", "entry_points"] {
            args.given.push(key.to_owned());
        }
        return TokenStream::new();
    };
    let span = lit.span();
    let rel = lit.value();
    let include = rebuild_on_change(&full);

    if let Some(prefix) = &d.prefix {
        match &args.prefix {
            Some(given) if given.value() != *prefix => errors.push(
                Error::custom(format!(
                    "`prefix = \"{}\"` disagrees with {rel}'s `prefix` \"{prefix}\"; give one, or the same",
                    given.value()
                ))
                .with_span(&given.span()),
            ),
            Some(_) => {}
            None => args.prefix = Some(LitStr::new(prefix, span)),
        }
    }
    if let Some(kind) = d.kind {
        match args.kind {
            Some((given, at)) if given != kind => errors.push(
                Error::custom(format!(
                    "`kind` disagrees with {rel}'s `type` \"{}\"",
                    match kind {
                        Kind::Transparent => "transparent",
                        Kind::Opaque => "opaque",
                    }
                ))
                .with_span(&at),
            ),
            Some(_) => {}
            None => args.kind = Some((kind, span)),
        }
    }
    let mut checks = TokenStream::new();
    if let Some(location) = d.location {
        let lit_loc = proc_macro2::Literal::u32_suffixed(location);
        match &args.location {
            // Agreement of a const expression is checked by the compiler.
            Some(given) => {
                let message = format!("`location` disagrees with {rel}'s `location` {location:#x}");
                checks = quote_spanned! {span=>
                    const _: () = ::core::assert!(
                        { let __l: #krate::Location = #given; __l.0 } == #lit_loc,
                        #message
                    );
                };
            }
            None => {
                args.location = Some(
                    syn::parse2::<Expr>(quote_spanned!(span=> #krate::Location(#lit_loc)))
                        .expect("a path call is an expression"),
                )
            }
        }
    }

    // The entry points: the union over the capabilities, which the attribute's list (if any)
    // must equal.
    let mut union: Vec<(&'static EntryPoint, String)> = Vec::new();
    for (i, c) in d.capabilities.iter().enumerate() {
        for ep in &c.entry_points {
            if !union.iter().any(|(e, _)| e == ep) {
                union.push((ep, format!("capabilities[{i}].entry_points")));
            }
        }
    }
    // With a disagreement, the capabilities keep only the listed entry points (the
    // disagreement is the one error).
    let mut listed: Option<Vec<String>> = None;
    match &args.entry_points {
        Some(list) => {
            listed = Some(list.names.iter().map(ToString::to_string).collect());
            for name in &list.names {
                let n = name.to_string();
                if entry_point::lookup(&n).is_some() && !union.iter().any(|(e, _)| e.name == n) {
                    errors.push(
                        Error::custom(format!(
                            "`entry_points` lists `{n}`, which {rel} does not declare; add it to a capability's `entry_points` there, or remove it here"
                        ))
                        .with_span(name),
                    );
                }
            }
            for (ep, at) in &union {
                if !list.names.iter().any(|n| n == ep.name) {
                    errors.push(
                        Error::custom(format!(
                            "{rel}: {at} declares `{}`, which `entry_points` does not list; add it here, or remove it there",
                            ep.name
                        ))
                        .with_span(&list.span),
                    );
                }
            }
        }
        None => {
            args.entry_points = Some(EntryPointList {
                span,
                names: union
                    .iter()
                    .map(|(e, _)| Ident::new(e.name, span))
                    .collect(),
            })
        }
    }

    if let Some(cap) = args.capabilities.first() {
        errors.push(
            Error::custom(format!(
                "`capability(...)` and `description` both give capabilities; keep them in {rel}, or drop `description`"
            ))
            .with_span(&cap.span),
        );
    } else {
        let is_listed = |e: &&&EntryPoint| {
            listed
                .as_ref()
                .is_none_or(|l| l.iter().any(|n| n == e.name))
        };
        // The filters of a capability that names a multi-part family (`hash_multipart`)
        // apply to its setups, as in Mbed TLS: the steps (whose requests carry no algorithm or
        // key) follow the operation to the driver that set it up, so they go into a
        // capability of their own without filters.
        let filtered = |c: &DescCapability| {
            !(c.algorithms.is_empty() && c.key_types.is_empty() && c.key_sizes.is_empty())
        };
        let step = |e: &&&EntryPoint| e.request == "none" && e.multi_part().is_some();
        let steps: Vec<CapabilityArgs> = d
            .capabilities
            .iter()
            .filter(|c| filtered(c) && c.entry_points.iter().filter(is_listed).any(|e| step(&e)))
            .map(|c| CapabilityArgs {
                span,
                entry_points: Some(EntryPointList {
                    span,
                    names: c
                        .entry_points
                        .iter()
                        .filter(is_listed)
                        .filter(step)
                        .map(|e| Ident::new(e.name, span))
                        .collect(),
                }),
                algorithms: Vec::new(),
                key_types: Vec::new(),
                key_sizes: Vec::new(),
                fallback: match d.kind {
                    Some(Kind::Transparent) => Some((c.fallback.unwrap_or(false), span)),
                    _ => None,
                },
            })
            .collect();
        args.capabilities = d
            .capabilities
            .iter()
            // A capability of steps only (with filters) is all in `steps`.
            .filter(|c| {
                !(filtered(c)
                    && c.entry_points.iter().filter(is_listed).any(|e| step(&e))
                    && c.entry_points.iter().filter(is_listed).all(|e| step(&e)))
            })
            .map(|c| CapabilityArgs {
                span,
                entry_points: Some(EntryPointList {
                    span,
                    names: c
                        .entry_points
                        .iter()
                        .filter(is_listed)
                        .filter(|e| !(filtered(c) && step(e)))
                        .map(|e| Ident::new(e.name, span))
                        .collect(),
                }),
                algorithms: c
                    .algorithms
                    .iter()
                    .map(|a| syn::parse2(a.tokens(krate, span)).expect("an algorithm path"))
                    .collect(),
                key_types: c
                    .key_types
                    .iter()
                    .map(|k| syn::parse2(k.tokens(krate, span)).expect("a key type path"))
                    .collect(),
                key_sizes: c
                    .key_sizes
                    .iter()
                    .map(|n| {
                        let n = proc_macro2::Literal::u64_unsuffixed(*n);
                        syn::parse2(quote_spanned!(span=> #n)).expect("a literal")
                    })
                    .collect(),
                // The spec: an absent `fallback` is `false` (the driver fully serves the
                // capability). Opaque drivers never fall back.
                fallback: match d.kind {
                    Some(Kind::Transparent) => Some((c.fallback.unwrap_or(false), span)),
                    _ => None,
                },
            })
            .chain(steps)
            .collect();
    }
    quote!(#include #checks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithms_parse() {
        assert_eq!(parse_alg("PSA_ALG_SHA_256"), Ok(Alg::Const("SHA_256")));
        assert_eq!(
            parse_alg("PSA_ALG_ECDSA(PSA_ALG_ANY_HASH)"),
            Ok(Alg::Call(
                "ecdsa",
                vec![AlgArg::Alg(Alg::Const("ANY_HASH"))]
            ))
        );
        assert_eq!(
            parse_alg(" PSA_ALG_TRUNCATED_MAC( PSA_ALG_HMAC(PSA_ALG_SHA_256) , 0x10 )"),
            Ok(Alg::Call(
                "truncated_mac",
                vec![
                    AlgArg::Alg(Alg::Call("hmac", vec![AlgArg::Alg(Alg::Const("SHA_256"))])),
                    AlgArg::Int(16)
                ]
            ))
        );
        assert!(
            parse_alg("PSA_ALG_SHA_257")
                .unwrap_err()
                .contains("did you mean `PSA_ALG_SHA_256`")
        );
        assert!(parse_alg("PSA_ALG_HMAC(PSA_ALG_SHA_256").is_err());
        assert!(parse_alg("PSA_ALG_TRUNCATED_MAC(PSA_ALG_CMAC, 300)").is_err());
        assert!(parse_alg("PSA_ALG_SHA_256 x").is_err());
    }

    #[test]
    fn key_types_parse() {
        assert_eq!(
            parse_key_type("PSA_KEY_TYPE_ECC_KEY_PAIR(_)"),
            Ok(KeyTy::Ecc("ecc_key_pair", "ANY"))
        );
        assert_eq!(
            parse_key_type("PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)"),
            Ok(KeyTy::Ecc("ecc_public_key", "SECP_R1"))
        );
        assert_eq!(
            parse_key_type("PSA_KEY_TYPE_HMAC"),
            Ok(KeyTy::Const("HMAC"))
        );
        assert!(parse_key_type("PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_X)").is_err());
    }

    #[test]
    fn mbedtls_samples_parse() {
        let p256 = r#"{
            "prefix": "p256", "type": "transparent",
            "mbedtls/h_condition": "defined(MBEDTLS_PSA_P256M_DRIVER_ENABLED)",
            "headers": ["p256-m_driver_entrypoints.h"],
            "capabilities": [{
                "mbedtls/c_condition": "defined(MBEDTLS_PSA_P256M_DRIVER_ENABLED)",
                "_comment_entry_points": "not the complete list",
                "entry_points": ["import_key", "export_public_key"],
                "algorithms": ["PSA_ALG_ECDH", "PSA_ALG_ECDSA(PSA_ALG_ANY_HASH)"],
                "key_types": ["PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)",
                              "PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)"],
                "key_sizes": [256], "fallback": false
            }]
        }"#;
        let (d, problems) = parse(p256);
        assert!(problems.is_empty(), "{problems:?}");
        let d = d.unwrap();
        assert_eq!(d.prefix.as_deref(), Some("p256"));
        assert_eq!(d.capabilities[0].entry_points.len(), 2);
        assert_eq!(d.capabilities[0].key_sizes, vec![256]);
        assert_eq!(d.capabilities[0].fallback, Some(false));

        let transparent = r#"{
            "prefix": "mbedtls_test", "type": "transparent",
            "mbedtls/h_condition": "defined(PSA_CRYPTO_DRIVER_TEST)",
            "headers": ["test/drivers/test_driver.h"],
            "capabilities": [
                {"_comment": "import key", "mbedtls/c_condition": "defined(PSA_CRYPTO_DRIVER_TEST)",
                 "entry_points": ["import_key"], "fallback": true},
                {"entry_points": ["export_public_key"], "fallback": true,
                 "names": {"export_public_key": "mbedtls_test_transparent_export_public_key"}}
            ]
        }"#;
        let (d, problems) = parse(transparent);
        assert!(problems.is_empty(), "{problems:?}");
        let d = d.unwrap();
        assert_eq!(d.kind, Some(Kind::Transparent));
        assert_eq!(
            d.capabilities[1].names,
            vec![(
                "export_public_key".to_owned(),
                "mbedtls_test_transparent_export_public_key".to_owned()
            )]
        );

        let opaque = r#"{
            "prefix": "mbedtls_test", "type": "opaque", "location": "0x7fffff",
            "capabilities": [
                {"_comment": "import/export", "entry_points": ["import_key", "export_key", "export_public_key"]},
                {"entry_points": ["copy_key", "get_builtin_key"],
                 "names": {"copy_key": "mbedtls_test_opaque_copy_key"}}
            ]
        }"#;
        let (d, problems) = parse(opaque);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(d.unwrap().location, Some(0x7f_ffff));
    }

    #[test]
    fn problems_name_json_paths() {
        let bad = r#"{
            "prefix": "acme", "type": "secure",
            "capabilities": [
                {"entry_points": ["hash_compute"]},
                {"entry_points": ["sign_hashh", "hash_multipart"],
                 "algorithms": ["PSA_ALG_ECDSA_ANYY", 3], "key_sizes": [0]}
            ]
        }"#;
        let (_, problems) = parse(bad);
        let text = problems.join("\n");
        for want in [
            "type: unknown driver type \"secure\"",
            "capabilities[1].entry_points[0]: unknown entry point `sign_hashh`; did you mean `sign_hash`?",
            "capabilities[1].algorithms[0]: unknown algorithm PSA_ALG_ECDSA_ANYY",
            "capabilities[1].algorithms[1]: expected a string",
            "capabilities[1].key_sizes[0]: expected a key size",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
        let (_, problems) = parse(
            r#"{"prefix": "x", "type": "opaque", "location": 1,
                "capabilities": [{"entry_points": ["hash_compute"], "fallback": true}]}"#,
        );
        let text = problems.join("\n");
        assert!(
            text.contains("capabilities[0].entry_points[0]: `hash_compute` is transparent-only"),
            "{text}"
        );
        assert!(
            text.contains("capabilities[0].fallback: only transparent drivers"),
            "{text}"
        );
    }
}
