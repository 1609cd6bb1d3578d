#!/usr/bin/env bash
# Code size and build time, as reported in BENCHMARKS.md.
#
#   bash size/measure.sh            # from the workspace root (or anywhere)
#
# Needs: binutils (`size`, `nm`), hyperfine (Debian: apt-get install -y hyperfine), and for
# the microcontroller figure the thumbv7em-none-eabihf target (rustup target add ...).
# Respects CARGO_TARGET_DIR (default: size/target). BUILD_TIME_ONLY=1 skips the code-size part;
# RUNS=n sets hyperfine's runs per build (default 10).
set -euo pipefail
cd "$(dirname "$0")"
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
thumb=thumbv7em-none-eabihf

text() { size -A "$1" | awk '$1 == ".text" { print $2 }'; }
rodata() { size -A "$1" | awk '$1 == ".rodata" { print $2 }'; }

# Code (t/T/w/W symbols) per crate, by the first path segment of each demangled name. With
# LTO, inlined code counts towards its caller, so this is an approximation.
by_crate() {
  nm -C -S --size-sort "$1" | awk '
    function hex(s,   i, n, c) { n = 0; s = tolower(s)
      for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; n = n * 16 + c }
      return n }
    NF >= 4 && $3 ~ /^[tTwW]$/ {
      name = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", name); sub(/^</, "", name); sub(/^[^:]* as /, "", name)
      crate = name; if (index(name, "::") > 0) crate = substr(name, 1, index(name, "::") - 1); else crate = "(" name ")"
      sum[crate] += hex($2); total += hex($2) }
    END { for (c in sum) printf "%8d  %5.1f%%  %s\n", sum[c], 100 * sum[c] / total, c }' | sort -rn
}

if [ "${BUILD_TIME_ONLY:-}" != 1 ]; then
echo "## Code size: sign + verify ECDSA P-256 through Psa, p256 driver only (builtin: false)"
echo "profile (README's firmware profile): opt-level = \"z\", lto = true, codegen-units = 1, panic = \"abort\";"
echo "sha2_backend_soft=\"compact\" on $thumb (size/.cargo/config.toml); psa-core default-features = false"
echo
cargo build -q --release -p psa-size-ecdsa
host="$target_dir/release"
"$host/ecdsa-sign-verify" || { echo "the host binary failed to sign and verify" >&2; exit 1; }
p=$(text "$host/ecdsa-sign-verify"); b=$(text "$host/baseline")
pr=$(rodata "$host/ecdsa-sign-verify"); br=$(rodata "$host/baseline")
echo "host ($(rustc -vV | awk '/^host/ {print $2}'), std):"
echo "  .text   ecdsa-sign-verify $p B, baseline (empty std main) $b B, difference $((p - b)) B"
echo "  .rodata ecdsa-sign-verify $pr B, baseline $br B, difference $((pr - br)) B"
echo "  command: cargo build --release -p psa-size-ecdsa && size -A $host/ecdsa-sign-verify"
echo
if rustup target list --installed 2>/dev/null | grep -qx "$thumb"; then
  cargo build -q --release -p psa-size-ecdsa --target "$thumb"
  t="$target_dir/$thumb/release"
  p=$(text "$t/ecdsa-sign-verify"); b=$(text "$t/baseline")
  echo "$thumb (no_std, no_main, entered at _start):"
  echo "  .text   ecdsa-sign-verify $p B, baseline (empty _start) $b B, difference $((p - b)) B"
  echo "  .rodata ecdsa-sign-verify $(rodata "$t/ecdsa-sign-verify") B"
  echo "ecdsa-p256 driver-only .text: $p bytes"
  echo "  command: cargo build --release -p psa-size-ecdsa --target $thumb && size -A $t/ecdsa-sign-verify"
  echo
  echo "  code by crate (nm -C -S; bytes, share, crate):"
  by_crate "$t/ecdsa-sign-verify" | sed 's/^/  /'
  echo
  # The same program on the P256-Cortex-M4 assembly driver (p256-m4/), if an Arm C
  # toolchain can build it (Debian: apt-get install -y gcc-arm-none-eabi).
  if command -v arm-none-eabi-gcc >/dev/null 2>&1; then
    cargo build -q --release -p psa-size-ecdsa --target "$thumb" --features p256-m4
    m4=$(text "$t/ecdsa-sign-verify")
    echo "ecdsa-p256 driver-only, P256-Cortex-M4 assembly driver (--features p256-m4) .text: $m4 bytes"
    echo "  .rodata $(rodata "$t/ecdsa-sign-verify") B"
    echo "  command: cargo build --release -p psa-size-ecdsa --target $thumb --features p256-m4"
    echo "  code by crate (nm -C -S; bytes, share, crate):"
    by_crate "$t/ecdsa-sign-verify" | sed 's/^/  /'
    echo
  else
    echo "arm-none-eabi-gcc is not installed: no P256-Cortex-M4 figure (apt-get install -y gcc-arm-none-eabi)"
    echo
  fi
else
  echo "$thumb is not installed: no microcontroller figure (rustup target add $thumb)"
  echo
fi

fi

echo "## Build time: 16 and 64 #[psa_driver] drivers x 16 entry points, with and without register_drivers!"
echo "Only psa-build-time is rebuilt (touched before each run); CARGO_INCREMENTAL=0."
echo
export CARGO_INCREMENTAL=0
# (name, features) of each build timed, in both profiles.
configs=(
  '16 drivers|'
  '16 drivers + register_drivers!|register'
  '64 drivers|drivers64'
  '64 drivers + register_drivers!|register,drivers64'
)
commands=()
for profile in dev opt; do
  for c in "${configs[@]}"; do
    name=${c%%|*} features=${c#*|}
    cmd="cargo build -q -p psa-build-time --profile $profile --features '$features'"
    eval "$cmd"
    commands+=(-n "$profile, $name" "$cmd")
  done
done
hyperfine --style basic --warmup 1 --runs "${RUNS:-10}" --prepare 'touch build-time/src/lib.rs' \
  --export-markdown "$target_dir/build-time.md" --export-json "$target_dir/build-time.json" \
  "${commands[@]}"
echo
cat "$target_dir/build-time.md"
echo
# Medians resist the outliers a shared machine causes; the difference is what the generated
# dispatch adds to building this crate.
awk -F'"' '
  /"command":/ { cmd = $4 }
  /"median":/ { v = $3; gsub(/[:, ]/, "", v); med[cmd] = v; order[++n] = cmd }
  END {
    for (i = 1; i <= n; i++) printf "median %-40s %8.3f s\n", order[i], med[order[i]]
    for (d = 16; d <= 64; d += 48)
      printf "register_drivers! adds (median), %d drivers: dev %.3f s, opt %.3f s\n", d,
        med["dev, " d " drivers + register_drivers!"] - med["dev, " d " drivers"],
        med["opt, " d " drivers + register_drivers!"] - med["opt, " d " drivers"]
  }' "$target_dir/build-time.json"
