#!/usr/bin/env bash
# Every figure of BENCHMARKS.md in one run, side by side:
#   1-3. cargo bench -p psa-bench                      (dispatch overhead, chain, throughput)
#   5.   cargo bench --manifest-path bench-peers/...   (Mbed TLS PSA, OpenSSL; same run)
#        bench-report                                  (tables and ratios from criterion's estimates)
#   4.   size/measure.sh                               (code size, build time)
#   0.   icount                                        (callgrind instruction counts; needs valgrind)
#
#   bash benches/run-all.sh            # from anywhere; results in $CARGO_TARGET_DIR/bench-*
#
# Needs (Debian): apt-get install -y cmake clang libclang-dev libssl-dev pkg-config python3 hyperfine valgrind gcc-arm-none-eabi
# Respects CARGO_TARGET_DIR (default: target/ at the workspace root).
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
out="$CARGO_TARGET_DIR"
mkdir -p "$out"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- psa-core psa-drivers psa-driver-macros 2>/dev/null || echo ' (crates modified since)')"
  echo "rustc: $(rustc --version)"
  echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(nproc) cores"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/bench-env.txt"

# Criterion keeps old results; start clean so the report reads this run only.
rm -rf "$out/criterion" "$out/psa-bench-paired"

cargo bench -p psa-bench || exit 1
if ! cargo bench --manifest-path bench-peers/Cargo.toml; then
  echo "bench-peers failed to build or run: the report has no peer figures" >&2
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/bench-env.txt"

cargo run -q --release -p psa-bench --bin bench-report > "$out/bench-report.md" || exit 1
bash size/measure.sh > "$out/bench-size.txt" 2>&1 || echo "size/measure.sh failed; see $out/bench-size.txt" >&2
# Instruction counts last: callgrind is load-proof, and nothing else is timed while it runs.
cargo run -q --release -p psa-bench --bin icount -- --max-overhead 200 > "$out/bench-icount.md" 2>&1 \
  || echo "icount failed (or a row exceeded 200 instructions); see $out/bench-icount.md" >&2

cat "$out/bench-env.txt"
echo
cat "$out/bench-report.md"
echo
cat "$out/bench-size.txt"
echo
cat "$out/bench-icount.md"
