//! The committed, readable expansions in `expanded/`: a reviewer reads there the code users
//! get. The tests regenerate them and fail when they differ; `PSA_BLESS=1` rewrites them.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use proc_macro2::TokenStream;
use quote::quote;

/// Formats generated code with the toolchain's rustfmt, with doc attributes as `///`.
fn format(tokens: &TokenStream) -> String {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rustfmt (from the toolchain) must be on PATH to format the expansion");
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin
        .write_all(tokens.to_string().as_bytes())
        .expect("write to rustfmt");
    drop(stdin);
    let out = child.wait_with_output().expect("rustfmt runs");
    let stdout = String::from_utf8(out.stdout).expect("rustfmt writes UTF-8");
    assert!(
        out.status.success(),
        "rustfmt failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    spaced(
        &stdout
            .lines()
            .map(doc_comment)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// `#[doc = " text"]` or `#[doc = r" text"]` → `/// text` (single-line docs).
fn doc_comment(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let raw = trimmed
        .strip_prefix("#[doc = r\"")
        .and_then(|t| t.strip_suffix("\"]"));
    if let Some(text) = raw {
        return format!("{indent}///{text}");
    }
    let escaped = trimmed
        .strip_prefix("#[doc = \"")
        .and_then(|t| t.strip_suffix("\"]"));
    if let Some(text) = escaped.filter(|t| !t.contains("\\n")) {
        let text = text
            .replace("\\\"", "\"")
            .replace("\\'", "'")
            .replace("\\\\", "\\");
        return format!("{indent}///{text}");
    }
    line.to_owned()
}

/// A blank line between items that rustfmt leaves adjacent (token streams carry none).
fn spaced(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let starts_item = [
            "///", "#[", "pub ", "impl ", "const ", "fn ", "type ", "enum ", "struct ",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p));
        if let Some(prev) = out.last() {
            let prev_trim = prev.trim_start();
            let same_indent = prev.len() - prev_trim.len() == line.len() - trimmed.len();
            if starts_item && same_indent && (prev_trim == "}" || prev_trim == "};") {
                out.push("");
            }
        }
        out.push(line);
    }
    out.join("\n") + "\n"
}

/// Compares `expanded/<name>` with the expansion, or rewrites it with `PSA_BLESS=1`.
fn check(name: &str, input: &str, expanded: &TokenStream) {
    let header = format!(
        "// The expansion of the input below, as `cargo test -p psa-driver-macros` checks it.\n\
         // Regenerate with `PSA_BLESS=1 cargo test -p psa-driver-macros` and review the diff.\n\
         // This file is not compiled.\n\
         //\n{}\n",
        input
            .trim()
            .lines()
            .map(|l| format!("// {l}").trim_end().to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let text = format!("{header}\n{}", format(expanded));
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("expanded")
        .join(name);
    if std::env::var_os("PSA_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("expanded/")).expect("create expanded/");
        std::fs::write(&path, text).expect("write the expansion");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != text {
        let line = committed
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(text.lines().count()));
        panic!(
            "expanded/{name} is out of date (first difference at line {}); rerun with \
             `PSA_BLESS=1 cargo test -p psa-driver-macros` and review the diff",
            line + 1
        );
    }
}

const REGISTER_INPUT: &str = r#"
register_drivers! {
    /// The application's dispatcher.
    pub struct AppDispatch {
        transparent: [
            p256: psa_drivers::P256,
            #[cfg(feature = "accel")]
            accel: Accel,
        ],
        opaque: [se: SecureElement],
        builtin: true,
    }
}
"#;

#[test]
fn register_drivers_expansion() {
    let input = quote! {
        /// The application's dispatcher.
        pub struct AppDispatch {
            transparent: [
                p256: psa_drivers::P256,
                #[cfg(feature = "accel")]
                accel: Accel,
            ],
            opaque: [se: SecureElement],
            builtin: true,
        }
    };
    let expanded = crate::register::register_drivers(input);
    assert!(
        !expanded.to_string().contains("compile_error"),
        "{expanded}"
    );
    check("register_drivers.rs", REGISTER_INPUT, &expanded);
}

const DRIVER_INPUT: &str = r#"
#[psa_driver(
    prefix = "p256",
    kind = "transparent",
    entry_points = [sign_hash, hash_setup, hash_update, hash_finish, hash_abort],
    capability(
        entry_points = [sign_hash],
        algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH)],
        key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
        key_sizes = [256],
    ),
    guard = not_in_low_power_mode,
)]
impl P256 {
    fn sign_hash(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm,
                 hash: &[u8], signature: &mut [u8], rng: Rng<'_>) -> Result<usize> { ... }
    fn hash_setup(&self, alg: Algorithm) -> Result<Sha256State> { ... }
    fn hash_update(&self, ctx: &mut Sha256State, input: &[u8]) -> Result<()> { ... }
    fn hash_finish(&self, ctx: &mut Sha256State, hash: &mut [u8]) -> Result<usize> { ... }
    fn hash_abort(&self, ctx: Sha256State) -> Result<()> { ... }
}
"#;

#[test]
fn psa_driver_expansion() {
    let args = quote! {
        prefix = "p256",
        kind = "transparent",
        entry_points = [sign_hash, hash_setup, hash_update, hash_finish, hash_abort],
        capability(
            entry_points = [sign_hash],
            algorithms = [Algorithm::ecdsa(Algorithm::ANY_HASH)],
            key_types = [KeyType::ecc_key_pair(EccFamily::SECP_R1)],
            key_sizes = [256],
        ),
        guard = not_in_low_power_mode,
    };
    let item = quote! {
        impl P256 {
            fn sign_hash(&self, attributes: &KeyAttributes, key_buffer: &[u8], alg: Algorithm,
                         hash: &[u8], signature: &mut [u8], rng: Rng<'_>) -> Result<usize> {
                self.sign(attributes, key_buffer, alg, hash, signature, rng)
            }
            fn hash_setup(&self, alg: Algorithm) -> Result<Sha256State> {
                Sha256State::new(alg)
            }
            fn hash_update(&self, ctx: &mut Sha256State, input: &[u8]) -> Result<()> {
                ctx.update(input)
            }
            fn hash_finish(&self, ctx: &mut Sha256State, hash: &mut [u8]) -> Result<usize> {
                ctx.finish(hash)
            }
            fn hash_abort(&self, ctx: Sha256State) -> Result<()> {
                drop(ctx);
                Ok(())
            }
        }
    };
    let expanded = crate::expand::psa_driver(args, item);
    assert!(
        !expanded.to_string().contains("compile_error"),
        "{expanded}"
    );
    check("psa_driver.rs", DRIVER_INPUT, &expanded);
}

/// Every malformed input gives errors, never a panic, and keeps the item.
#[test]
fn errors_keep_the_item() {
    let item = quote!(impl P256 { fn sign_hash(&self) {} });
    for args in [
        quote!(),
        quote!(prefix),
        quote!(prefix = 1, kind = 2, entry_points = 3),
        quote!(
            prefix = "",
            kind = "transparant",
            entry_points = [sign_hsh, sign_hash, sign_hash]
        ),
        quote!(crate = 1, guard = 2, location = , capability = 3),
        quote!(
            capability(fallback = 1, key_sizes = 256, bogus),
            capability(entry_points = [x::y])
        ),
        quote!("literal", a::b = 1, kind(opaque)),
    ] {
        let out = crate::expand::psa_driver(args.clone(), item.clone()).to_string();
        assert!(out.contains("compile_error"), "{args}: {out}");
        assert!(out.starts_with("impl P256"), "{args}: {out}");
    }
    for item in [
        quote!(
            struct P256;
        ),
        quote!(
            impl<T> X<T> {}
        ),
        quote!(impl Tr for X {}),
        quote!(
            fn f() {}
        ),
        quote!(garbage),
    ] {
        let out = crate::expand::psa_driver(
            quote!(
                prefix = "x",
                kind = "transparent",
                entry_points = [get_random]
            ),
            item.clone(),
        );
        assert!(out.to_string().contains("compile_error"), "{item}: {out}");
    }
    for input in [
        quote!(),
        quote!(struct),
        quote!(
            pub struct X<T> {}
        ),
        quote!(pub struct X { transparent: [a: A, a: A], bogus: 1, opaque: 3 }),
        quote!(pub struct X { transparent: [#[inline] __psa_x: A, builtin: B], builtin: maybe }),
        quote!(crate = ; pub struct X {}),
        quote!(pub struct X { transparent: [__: A, _1: B, self_: C], builtin: true }),
    ] {
        let out = crate::register::register_drivers(input.clone()).to_string();
        assert!(out.contains("compile_error"), "{input}: {out}");
    }
}

/// With `crate = path`, nothing generated names `psa_core` (a renamed dependency would not
/// have that name).
#[test]
fn crate_override_reaches_nothing_else() {
    let driver = crate::expand::psa_driver(
        quote!(
            crate = my_psa,
            prefix = "x",
            kind = "opaque",
            location = L,
            entry_points = [export_key]
        ),
        quote!(impl X { fn export_key(&self) {} }),
    );
    let register = crate::register::register_drivers(quote! {
        crate = my_psa;
        pub struct App { transparent: [a: A], opaque: [b: B], builtin: true }
    });
    for out in [driver.to_string(), register.to_string()] {
        assert!(!out.contains("psa_core") && out.contains("my_psa"), "{out}");
    }
}

/// A field whose operation variant would not be an identifier is an error at the field,
/// not a panic: `_` followed by U+102D (a character that may continue an identifier but not
/// start one) makes the variant `\u{102D}`.
#[test]
fn field_names_that_make_no_variant() {
    for (field, variant) in [
        ("_\u{102D}", "\u{102D}"),
        ("_\u{1E000}x", "\u{1E000}x"),
        ("_\u{0669}", "\u{0669}"),
        ("__", ""),
        ("_1", "1"),
        ("self_", "Self"),
    ] {
        let field = proc_macro2::Ident::new(field, proc_macro2::Span::call_site());
        let out = crate::register::register_drivers(quote! {
            pub struct App { transparent: [#field: A], builtin: true }
        });
        let message = format!(
            "driver field `{field}` does not make an operation variant name (`{variant}`); rename it"
        );
        assert_eq!(messages(&out), [message], "{out}");
        assert!(
            out.to_string().starts_with("# [doc"),
            "the struct is still declared: {out}"
        );
    }
    // Characters that continue an identifier are fine after the first one.
    let field = proc_macro2::Ident::new("a\u{102D}", proc_macro2::Span::call_site());
    let out = crate::register::register_drivers(quote! {
        pub struct App { transparent: [#field: A], builtin: true }
    })
    .to_string();
    assert!(!out.contains("compile_error"), "{out}");
}

/// The messages of the top-level `compile_error!`s in `out`.
fn messages(out: &TokenStream) -> Vec<String> {
    let file: syn::File = syn::parse2(out.clone()).expect("the output is items");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Macro(m) if m.mac.path.segments.last()?.ident == "compile_error" => Some(
                m.mac
                    .parse_body::<syn::LitStr>()
                    .expect("a message")
                    .value(),
            ),
            _ => None,
        })
        .collect()
}

/// A `kind` that is not a string is reported in the crate's voice, whatever literal it is
/// (not darling's "Unexpected type `float`").
#[test]
fn kind_not_a_string() {
    for kind in [
        quote!(2),
        quote!(2.5),
        quote!(b"opaque"),
        quote!('o'),
        quote!(true),
    ] {
        let out = crate::expand::psa_driver(
            quote!(prefix = "x", kind = #kind, entry_points = [get_random]),
            quote!(impl X { fn get_random(&self, o: &mut [u8]) -> Result<()> { Ok(()) } }),
        );
        assert_eq!(
            messages(&out),
            ["`kind` takes a string: `kind = \"transparent\"` or `kind = \"opaque\"`"],
            "{kind}"
        );
    }
}
