#!/usr/bin/env bash
# Builds the images only `npm run bench` runs (bench/fixtures/<name>/ → harden-bench/<name>:bench),
# the way build-fixtures.sh builds the test fixtures: FROM the base image, cached by a hash label,
# offline except for Debian's mirror. Kept out of test/fixtures/ so `npm test` never builds them
# (the profile wall-time image is 770 MB). Prints one line per image.
set -euo pipefail
# shellcheck source=build-fixtures.sh
source "$(dirname "$0")/build-fixtures.sh"

main_bench() {
  prepare_builds
  local fixture
  for fixture in bench/fixtures/*/; do
    [[ -f "$fixture/Dockerfile" ]] || continue
    build_image "harden-bench/$(basename "$fixture"):bench" "${fixture%/}"
  done
}

main_bench "$@"
