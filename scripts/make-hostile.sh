#!/usr/bin/env bash
# Generates fixtures/hostile/ (not kept in git): binary, empty, broken-encoding, huge-line,
# deeply nested, unreadable and looping inputs, and 20,000 tiny files.
#   scripts/make-hostile.sh [DIR] [--big-mb N]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --example make_hostile -- "$@"
