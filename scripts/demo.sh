#!/usr/bin/env bash
# `npm run demo`: the main job on the bundled example. Builds the example app image offline
# (examples/notes, on a Debian base made with debootstrap), profiles it — which runs exactly the
# configuration it writes and says "verified" only when that run passed — prints the summary, then
# minifies it into a shell-less production image, verified the same way, and prints the sizes
# before and after. Output goes to .harden/notes/.
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
echo
# --force: the example's entrypoint writes its own pid into /run/notes/notes.pid, which the init
# cannot reproduce (nothing reads it); minify lists it and builds all the same.
echo "== harden minify .harden/notes --tag harden-example/notes:prod --force"
node dist/cli.js minify .harden/notes --tag harden-example/notes:prod --force
echo
echo "The production image:        harden-example/notes:prod (no shell, no package manager)"
echo "Its Compose service:         .harden/notes/compose.prod.yaml"
echo "Rebuild it with docker:      docker build -f .harden/notes/Dockerfile.prod .harden/notes"
echo "Its SBOMs:                   .harden/notes/sbom.dev.cdx.json, .harden/notes/sbom.prod.cdx.json"
