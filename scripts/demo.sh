#!/usr/bin/env bash
# `npm run demo`: the main job on the bundled example. Builds the example app image offline
# (examples/notes, on a Debian base made with debootstrap), profiles it — which runs exactly the
# configuration it writes and says "verified" only when that run passed — and prints the summary.
# Output goes to .harden/notes/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-docker.sh
npm run --silent build
bash scripts/build-fixtures.sh >/dev/null

echo "== harden profile harden-example/notes:latest"
node dist/cli.js profile harden-example/notes:latest --probe http:8080/ --out .harden/notes
echo
echo "The hardened Compose service: .harden/notes/compose.hardened.yaml"
echo "The Kubernetes patch:         .harden/notes/k8s/"
echo "The full report:              .harden/notes/report.md"
echo "To check it again after a hand edit: node dist/cli.js verify .harden/notes"
