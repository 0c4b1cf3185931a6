#!/usr/bin/env bash
# Runs every benchmark in bench/ (each prints its own ratios against a baseline run in the same process).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
for bench in bench/*.bench.ts; do
  echo "== ${bench}"
  npx tsx "${bench}"
done
