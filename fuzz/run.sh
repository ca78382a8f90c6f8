#!/usr/bin/env bash
# Build and run jwtlint's fuzz targets with cargo-fuzz (libFuzzer, AddressSanitizer).
#   fuzz/run.sh                 every target for 60 seconds
#   fuzz/run.sh 600 analyze     one target for 10 minutes
# Needs `cargo install cargo-fuzz` and a nightly toolchain (`rustup toolchain install nightly`).
# The fuzzer runs on fuzz/work/<target>/ (not committed), seeded from fuzz/corpus/<target>/.
# A crash leaves its input in fuzz/artifacts/<target>/ and stops the run.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
cargo +nightly fuzz build -O
for t in "${targets[@]}"; do
  mkdir -p "work/$t" "corpus/$t"
  # The fuzzer works on a copy: the committed seeds are never rewritten.
  cp -n "corpus/$t"/* "work/$t"/ 2>/dev/null || true
  echo "== $t (${secs}s)"
  # -timeout: an input taking 10 s is a hang; -rss_limit_mb: a blow-up; both count as crashes.
  # (-detect_leaks=0: caches built once, like the rule set, would read as leaks.)
  cargo +nightly fuzz run -O "$t" "work/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -detect_leaks=0 -print_final_stats=1
done
