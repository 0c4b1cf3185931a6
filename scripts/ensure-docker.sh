#!/usr/bin/env bash
# Makes this machine ready for the integration tests and the demo: a reachable Docker Engine
# and the host tools they use. CI machines start with only the docker CLI, no engine.
#   dockerd            from Debian's docker.io (started in the background, log below)
#   strace             the product copies the host's strace into the container it profiles
#   debootstrap        scripts/build-fixtures.sh builds the base image without a registry
#   gcc, libc6-dev     the static binary of the static-noshell fixture
#   docker-compose     Compose v1.29 (reads the Compose spec): the integration suite checks every
#                      generated compose.hardened.yaml with a real Compose implementation
# Idempotent; silent when everything is already there; one line on stderr when it fails.
set -euo pipefail

readonly DOCKERD_LOG=/var/log/harden-dockerd.log
readonly APT_LOG=/var/log/harden-apt.log
readonly DOCKERD_WAIT_SECONDS=60

fail() {
  echo "ensure-docker: $*" >&2
  exit 1
}

engine_answers() {
  docker info >/dev/null 2>&1
}

# Debian packages to install, one per missing command (libc6-dev has no command to look for).
missing_packages() {
  { command -v dockerd && command -v docker; } >/dev/null || echo docker.io
  command -v strace >/dev/null || echo strace
  command -v debootstrap >/dev/null || echo debootstrap
  command -v gcc >/dev/null || echo gcc
  command -v docker-compose >/dev/null || echo docker-compose
  dpkg-query --show --showformat='${Status}' libc6-dev 2>/dev/null | grep -q 'install ok installed' ||
    echo libc6-dev
}

install_packages() {
  apt-get update >"$APT_LOG" 2>&1 || fail "apt-get update failed (see $APT_LOG)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >>"$APT_LOG" 2>&1 ||
    fail "apt-get install $* failed (see $APT_LOG)"
}

# A dockerd that is still starting up owns this pid file; a second one would refuse to start.
dockerd_running() {
  [[ -f /var/run/docker.pid ]] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null
}

# setsid + nohup: dockerd must outlive this script and the CI step that ran it.
start_dockerd() {
  local started_pid=""
  if ! dockerd_running; then
    setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
    started_pid=$!
  fi
  local waited=0
  until engine_answers; do
    # A dockerd that died (no privileges, port or pid file in use) will never answer.
    if [[ -n "$started_pid" ]] && ! kill -0 "$started_pid" 2>/dev/null; then
      fail "dockerd exited at start: $(tail -n 1 "$DOCKERD_LOG") (see $DOCKERD_LOG)"
    fi
    ((waited < DOCKERD_WAIT_SECONDS)) ||
      fail "Docker Engine did not answer within ${DOCKERD_WAIT_SECONDS}s (see $DOCKERD_LOG)"
    sleep 1
    waited=$((waited + 1))
  done
}

main() {
  local packages
  packages=$(missing_packages | tr '\n' ' ')
  packages=${packages% }
  if [[ -z "$packages" ]] && engine_answers; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    local needs=${packages:+install $packages}
    engine_answers || needs="${needs:+$needs and }start the Docker Engine"
    fail "must run as root to $needs"
  fi
  if [[ -n "$packages" ]]; then
    # shellcheck disable=SC2086 # one package per word
    install_packages $packages
  fi
  engine_answers || start_dockerd
}

main "$@"
