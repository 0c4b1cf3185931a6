#!/usr/bin/env bash
# Runs every benchmark in bench/ (each prints its own ratios against a baseline run in the same process).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
# The benchmarks' own images (a 770 MB one among them); a bench without its image says it skipped.
if docker info >/dev/null 2>&1; then
  bash scripts/build-bench-fixtures.sh
fi
for bench in bench/*.bench.ts; do
  echo "== ${bench}"
  npx tsx "${bench}"
done
