#!/usr/bin/env bash
# Build and run jwtlint's fuzz targets with cargo-fuzz (libFuzzer, AddressSanitizer).
#   fuzz/run.sh                 every target for 60 seconds
#   fuzz/run.sh 600 analyze     one target for 10 minutes
# Needs `cargo install cargo-fuzz` and a nightly toolchain (`rustup toolchain install nightly`).
# New inputs go to fuzz/work/<target>/ (not committed); the committed seeds are fuzz/corpus/.
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
  echo "== $t (${secs}s)"
  # -timeout: an input taking 10 s is a hang; -rss_limit_mb: a blow-up; both count as crashes.
  cargo +nightly fuzz run -O "$t" "work/$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
done
