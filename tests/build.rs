//! Builds the C PSA drivers of the `c_driver` tests against psa-c-driver's header.

fn main() {
    println!("cargo:rerun-if-changed=c/test_drivers.c");
    println!("cargo:rerun-if-changed=c/shim_driver.c");
    println!("cargo:rerun-if-changed=../psa-c-driver/include/psa_driver_c.h");
    cc::Build::new()
        .file("c/test_drivers.c")
        // Its own object: only binaries that register the shim driver need the harness's
        // `test_shim_*` functions.
        .file("c/shim_driver.c")
        .include("../psa-c-driver/include")
        .warnings(true)
        .extra_warnings(true)
        .std("c99")
        .compile("psa_test_c_drivers");
}
