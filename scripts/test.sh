#!/usr/bin/env bash
# `npm test`: everything from a fresh machine of this kind (Debian 12, root, Docker client only):
# dependencies, a running Docker Engine, the fixture images (cached), Chromium and code-server
# (cached), then every suite: unit, integration (real engine), webview (real browser) and
# end-to-end (the packaged extension in a real VS Code).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-docker.sh
bash scripts/ensure-e2e.sh
npm run --silent build
npx tsc -p . --noEmit
npx tsc -p webview --noEmit
bash scripts/build-fixtures.sh
rm -f harden-*.vsix
npm run --silent package

run_suite() {
  echo "== $1 tests"
  npx mocha --config "$2"
}
run_suite unit test/unit/.mocharc.json
run_suite integration test/integration/.mocharc.json
run_suite webview test/e2e/.mocharc.webview.json
run_suite end-to-end test/e2e/.mocharc.json
