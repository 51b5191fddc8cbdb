#!/usr/bin/env bash
# Runs each cargo-fuzz target for SECONDS (default 600) with the committed seeds.
#   cargo install cargo-fuzz; scripts/fuzz.sh [SECONDS] [TARGET...]
# The stable toolchain builds the fuzzers with RUSTC_BOOTSTRAP=1 (cargo fuzz needs
# nightly flags). New interesting inputs collect in fuzz/corpus/TARGET (not committed);
# a crash leaves its input in fuzz/artifacts/TARGET and a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(decode normalize extract)
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "fuzzing $t for ${secs}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" seeds -- \
    -max_total_time="$secs" -max_len=16384 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
done
