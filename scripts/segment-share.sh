#!/usr/bin/env bash
# Segmentation's share of tokenization-alone work, counted in instructions under callgrind, so
# that a loaded machine does not move it (the `stages` bench times it, and its figure swings
# with the load):
#
#   scripts/segment-share.sh [DIR]
#
# runs `cargo bench --bench stages` under `valgrind --tool=callgrind` on DIR (default: the first
# 72 files, about 2 MB, of the bench's 20 MB corpus built from the seeds) and prints
# layout + segmentation (Layout::read_spaced and segment_layout) against tokenizing every line
# (TokenizerWorker::tokenize). Issue 18's bound is 20 %. Needs valgrind and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "segment-share: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
bench=$(cargo bench --bench stages --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "stages" and m.get("executable"):
        print(m["executable"])')
dir=${1:-}
if [ -z "$dir" ]; then
  corpus=target/bench-corpus/stages-20MB
  [ -e "$corpus.complete" ] || "$bench" --bench >/dev/null   # builds the corpus
  dir=target/bench-corpus/stages-sample
  rm -rf "$dir" && mkdir -p "$dir"
  find "$corpus" -name '*.txt' | sort | head -72 | xargs -I{} cp {} "$dir/"
fi
out=$(mktemp)
STAGES_CORPUS="$dir" valgrind --tool=callgrind --callgrind-out-file="$out" "$bench" --bench >/dev/null 2>&1
callgrind_annotate --tree=caller --inclusive=yes "$out" 2>/dev/null | python3 -c '
import re, sys
lines = sys.stdin.read().split("\n")
def cost(l): return int(l.split()[0].replace(",", ""))
total, callers, pending = {}, {}, []
for l in lines:
    m = re.search(r"<\s+\S*?:(\S+) \(", l)
    if m: pending.append((m.group(1), cost(l))); continue
    m = re.search(r"\*  \S*?:(\S+) ", l)
    if m:
        total[m.group(1)] = cost(l); callers[m.group(1)] = pending
    pending = []
def own(name): return total.get(name, 0)
# Segmentation tokenizes nothing (a plan pairs its objectives by characters since issue 23).
tok = own("keikaku::tokenize::TokenizerWorker::tokenize")
seg = own("keikaku::segment::segment_layout") + own("keikaku::layout::Layout::read_spaced")
print(f"tokenize alone (every line):       {tok:>15,} instructions")
print(f"layout + segmentation (no tokens): {seg:>15,} instructions")
print(f"segmentation: {100 * seg / tok:.1f} % of tokenization-alone work (issue 18: <= 20 %)")
'
[ -n "${KEEP_CALLGRIND:-}" ] && echo "callgrind output: $out" >&2 || rm -f "$out"
