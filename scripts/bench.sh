#!/usr/bin/env bash
# Prints the batch throughput figures (issue 5): convert vs tokenization-alone MB/s, ratio,
# files/s and peak RSS, for 1 and all threads, on 20 MB and 200 MB synthetic corpora.
# Sizes can be changed: KEIKAKU_BENCH_SIZES=20 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench throughput
