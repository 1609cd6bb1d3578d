//! Diagnostic helpers shared by both macros' checks: spanned errors, checked identifiers,
//! "did you mean" suggestions and token text for messages.

use darling::Error;
use proc_macro2::Span;
use quote::ToTokens;
use syn::Ident;

/// An error at `span`.
pub(crate) fn error_at(span: Span, message: impl std::fmt::Display) -> Error {
    Error::from(syn::Error::new(span, message))
}

/// `text` as an identifier at `span`, if it is one and not a keyword: generated names are
/// checked here rather than handed to `Ident::new`, which panics on anything else ("proc macro
/// panicked", with no span and no fix).
pub(crate) fn checked_ident(text: &str, span: Span) -> Option<Ident> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let valid = (unicode_ident::is_xid_start(first) || first == '_' && text.len() > 1)
        && chars.all(unicode_ident::is_xid_continue)
        && !KEYWORDS.contains(&text);
    valid.then(|| Ident::new(text, span))
}

/// Strict and reserved keywords (Rust 2024), which are not identifiers.
const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// `ident` at another span.
pub(crate) fn respanned(ident: &Ident, span: Span) -> Ident {
    let mut ident = ident.clone();
    ident.set_span(span);
    ident
}

/// An error over all of `tokens` (first to last token, as rustc underlines an expression).
pub(crate) fn error_over(tokens: &impl ToTokens, message: impl std::fmt::Display) -> Error {
    Error::from(syn::Error::new_spanned(tokens, message))
}

/// "unknown {what} `{name}`; did you mean `{closest}`?", or the list of what is accepted.
pub(crate) fn unknown<'a>(
    what: &str,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match did_you_mean(name, candidates.iter().copied()) {
        Some(best) => format!("unknown {what} `{name}`; did you mean `{best}`?"),
        None => {
            let list: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
            if list.len() > 8 {
                format!("unknown {what} `{name}`")
            } else {
                format!(
                    "unknown {what} `{name}`; expected one of {}",
                    list.join(", ")
                )
            }
        }
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, with an adjacent transposition counting as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// Tokens as a user would write them (`psa_core::Result<Ctx>`), for messages.
pub(crate) fn tokens_text(tokens: &impl ToTokens) -> String {
    let mut s = tokens.to_token_stream().to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        (" ;", ";"),
    ] {
        s = s.replace(from, to);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let names = || crate::entry_point::ALL.iter().map(|e| e.name);
        assert_eq!(did_you_mean("sign_hsh", names()), Some("sign_hash"));
        assert_eq!(did_you_mean("hash_updaet", names()), Some("hash_update"));
        assert_eq!(did_you_mean("frobnicate", names()), None);
        assert_eq!(
            unknown("kind", "transparant", ["transparent", "opaque"]),
            "unknown kind `transparant`; did you mean `transparent`?"
        );
        assert_eq!(
            unknown("kind", "x", ["transparent", "opaque"]),
            "unknown kind `x`; expected one of `transparent`, `opaque`"
        );
    }

    #[test]
    fn checked_identifiers() {
        let at = Span::call_site();
        for good in [
            "P256",
            "Accel2",
            "_a",
            "\u{4E2D}",
            "A\u{102D}",
            "Type",
            "_\u{102D}",
        ] {
            assert_eq!(
                checked_ident(good, at).map(|i| i.to_string()).as_deref(),
                Some(good)
            );
        }
        // What `upper_camel` makes of `_\u{102D}`, `__`, `_1`, `self_` and `r#self_`-like names.
        for bad in [
            "\u{102D}",
            "",
            "_",
            "1",
            "Self",
            "fn",
            "a-b",
            "a b",
            "\u{1E000}x",
            "r#x",
        ] {
            assert!(checked_ident(bad, at).is_none(), "{bad:?}");
        }
    }
}
