//! Runs Arm's PSA Certified crypto API tests on every serving path, prints a table per test
//! and the totals line, and fails on any unmarked failure or stale expected-to-fail mark.
//!
//! `cargo test -p psa-arch-tests --test psa_arch -- c018 c026` runs only the tests whose id or
//! name contains one of the words (their marks only); with no word, or `psa_arch`, all run.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo test -- --list` (and other harness queries) must not run the suite.
    if args.iter().any(|a| a == "--list") {
        println!("psa_arch: test");
        return ExitCode::SUCCESS;
    }
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let all = words.is_empty() || words.iter().any(|w| "psa_arch".contains(w));
    let tests: Vec<_> = psa_arch_tests::tests()
        .into_iter()
        .filter(|t| all || words.iter().any(|w| t.id.contains(w) || t.name.contains(w)))
        .collect();
    if tests.is_empty() {
        println!("psa_arch: no test matches {words:?}");
        return ExitCode::SUCCESS;
    }
    let ids: Vec<&str> = tests.iter().map(|t| t.id).collect();
    let gaps: Vec<_> = psa_arch_tests::gaps()
        .into_iter()
        .filter(|g| ids.contains(&g.test))
        .collect();
    // Cases that panic are caught and reported as failures; keep their messages out of the
    // tables.
    std::panic::set_hook(Box::new(|_| {}));
    let report = psa_arch_tests::Report::run(&tests, &gaps);
    print!("{}", report.render());
    if report.ok() {
        ExitCode::SUCCESS
    } else {
        eprintln!("psa-arch-tests: unmarked failures or stale marks (see above)");
        ExitCode::FAILURE
    }
}
