#!/usr/bin/env bash
# Whole-run throughput and peak memory on the synthetic benchmark corpora.
#   scripts/bench.sh [SHARED_DIR]   (default ../shared)
# Builds /tmp/bench10 and /tmp/bench100 with make_bench_corpus.py when missing, then
# runs `chitieu extract DIR --format jsonl > /dev/null` under /usr/bin/time -v and
# prints MB/s (wall) and peak RSS, with ripgrep's time for the same corpus beside it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${1:-$here/../shared}"
cd "$here"
cargo build --release --quiet
bin="$here/target/release/chitieu"
for mb in 10 100; do
  dir="/tmp/bench$mb"
  if [ ! -d "$dir" ]; then
    python3 "$shared/tools/make_bench_corpus.py" corpus "$dir" --mb "$mb"
  fi
  bytes=$(du -sb --apparent-size "$dir" | cut -f1)
  log=$(mktemp)
  /usr/bin/time -v "$bin" extract "$dir" --format jsonl > /dev/null 2> "$log"
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  secs=$(python3 -c "p='$wall'.split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))")
  rg_secs="-"
  if command -v rg > /dev/null; then
    start=$(date +%s.%N)
    rg -c '[0-9]+(,[0-9]+)?\s*%' "$dir" > /dev/null || true
    rg_secs=$(python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')")
  fi
  python3 -c "print(f'bench$mb: {$bytes/1e6:.1f} MB in {$secs:.2f} s = {$bytes/1e6/$secs:.1f} MB/s, peak RSS {$rss/1024:.0f} MB; rg: $rg_secs s')"
  rm -f "$log"
done
