#!/usr/bin/env bash
# `npm test`: everything from a fresh machine of this kind (Debian 12, root, Docker client only):
# dependencies, a running Docker Engine, the fixture images (cached), then every suite.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-docker.sh
npm run --silent build
npx tsc -p . --noEmit
bash scripts/build-fixtures.sh

suites=(unit integration)
for suite in "${suites[@]}"; do
  echo "== ${suite} tests"
  npx mocha --config "test/${suite}/.mocharc.json"
done
