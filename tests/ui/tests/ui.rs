//! Compile-time behaviour of `#[psa_driver]` and `register_drivers!`: what compiles (and
//! runs), and what fails with which message, where.

#[rustversion::attr(
    not(stable(1.95)),
    ignore = "UI .stderr files are pinned to rustc 1.95"
)]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/**/*.rs");
}
