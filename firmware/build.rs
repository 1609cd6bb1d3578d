//! Puts the memory layout of the QEMU machine where cortex-m-rt's `link.x` finds it
//! (`memory.x` on the linker's search path): MPS2 (AN385 Cortex-M3, AN386 Cortex-M4; the
//! same map) by default, the micro:bit's nRF51 with the `microbit` feature, RISC-V `virt`
//! for riscv32 (read by riscv-rt's `link.x`).

use std::{env, fs, path::PathBuf};

fn main() {
    let riscv = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "riscv32");
    let machine = if riscv {
        "riscv-virt"
    } else if env::var_os("CARGO_FEATURE_MICROBIT").is_some() {
        "microbit"
    } else {
        "mps2"
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let layout = format!("memory/{machine}.x");
    fs::copy(&layout, out.join("memory.x")).expect("copy the memory layout");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed={layout}");
    println!("cargo:rerun-if-changed=build.rs");
}
