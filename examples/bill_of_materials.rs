//! The crypto bill of materials of the main example's registration (`DeviceDispatch`):
//! which implementation serves each entry point in this build, as JSON (schema
//! `psa-bom/1`, documented in the README) to diff in review or CI, or with `--dot` as a
//! Graphviz picture (`cargo run --example bill_of_materials -- --dot | dot -Tsvg > bom.svg`).
//!
//! Run: `cargo run --example bill_of_materials [-- --dot]`

use std::process::ExitCode;

#[path = "device_dispatch.rs"]
mod device_dispatch;
use device_dispatch::DeviceDispatch;

fn main() -> ExitCode {
    let mut dot = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--dot" => dot = true,
            other => {
                eprintln!("unknown argument `{other}`; usage: bill_of_materials [--dot]");
                return ExitCode::FAILURE;
            }
        }
    }
    if dot {
        print!("{}", DeviceDispatch::BOM.dot());
    } else {
        println!("{}", DeviceDispatch::BOM.to_json());
    }
    ExitCode::SUCCESS
}
