#!/usr/bin/env bash
# Runs every fuzz target with cargo-fuzz on the stable toolchain (no sanitizer: nightly is not
# available here, so `-s none`; Rust's own checks — bounds, overflow in debug assertions,
# our asserts — are what catch bugs). The seeds, the lines of the seeds and the layout fixtures
# start each corpus; the segment and pipeline targets assert the per-character coverage check.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]      (default 600 s, all targets)
#
# Needs: cargo install cargo-fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode normalize segment extract pipeline)
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  if [ -z "$(ls -A "fuzz/corpus/$t")" ]; then
    cp seeds/*.txt "fuzz/corpus/$t/"
    # The layout fixtures start the corpus with minutes, sheets, budgets and numbered reports.
    for f in fixtures/layout/*.txt; do
      case "$f" in *.tree.txt) ;; *) cp "$f" "fuzz/corpus/$t/layout-$(basename "$f")" ;; esac
    done
    i=0
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      printf '%s\n' "$line" > "fuzz/corpus/$t/line-$i"; i=$((i+1))
    done < <(cat seeds/*.txt | awk 'NR % 7 == 0')
  fi
  echo "== fuzz target $t for ${secs}s"
  (cd fuzz && cargo fuzz run "$t" -s none -- -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=4096 "corpus/$t" 2>&1) \
    | tee "fuzz/$t.log" | grep -E "^(Done|==|INFO: seed corpus)|SUMMARY|panicked|Crash|crash-" || true
  grep -E "^Done [0-9]+ runs" "fuzz/$t.log" || { echo "fuzz target $t failed; see fuzz/$t.log and fuzz/artifacts/$t" >&2; exit 1; }
done
