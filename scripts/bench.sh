#!/usr/bin/env bash
# Prints the batch throughput figures (issues 5 and 23): convert vs lindera's Segmenter over whole
# files (and the per-line wrapper), ratios, files/s, peak RSS and JSON per input byte, for 1 and
# all threads pinned, on 20 MB and 200 MB synthetic corpora and a plan-heavy one.
# Convert and lindera run in turn, pinned alike, KEIKAKU_BENCH_ROUNDS times (default 3); medians.
# Sizes can be changed: KEIKAKU_BENCH_SIZES=20 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench throughput
