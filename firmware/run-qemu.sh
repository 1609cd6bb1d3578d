#!/usr/bin/env bash
# Build the firmware example and run it on QEMU; exits non-zero if a check fails.
#
#   firmware/run-qemu.sh                                    # Cortex-M4F on mps2-an386
#   firmware/run-qemu.sh thumbv6m-none-eabi                 # ARMv6-M (Cortex-M0) code on mps2-an385
#   firmware/run-qemu.sh riscv32imc-unknown-none-elf        # RV32IMC on QEMU's riscv32 virt
#   firmware/run-qemu.sh thumbv7em-none-eabihf --features receipts
#
# Needs qemu-system-arm (Debian: apt-get install -y qemu-system-arm; qemu-system-misc for
# riscv32) and the rustup target. The runners are in firmware/.cargo/config.toml.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:-thumbv7em-none-eabihf}
shift || true
rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"
# QEMU's semihosting exit status is the firmware's: 0 only when every check passed.
timeout 600 cargo run -q --release --target "$target" "$@"
