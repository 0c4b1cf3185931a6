#!/usr/bin/env bash
# Builds every image the integration tests and `npm run demo` run, without any registry:
#   harden-fixture/base:bookworm   a debootstrapped Debian root filesystem (docker import)
#   harden-fixture/<name>:test     one per test/fixtures/<name>/ (see test/fixtures/README.md)
#   harden-example/notes:latest    examples/notes/
# Each image carries a content hash as a label and is rebuilt only when its inputs change,
# so a second run takes seconds. Prints one line per image. Needs scripts/ensure-docker.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly CACHE_DIR="${HARDEN_CACHE:-$HOME/.cache/harden}"
readonly LOG_DIR="$CACHE_DIR/logs"
readonly HASH_LABEL=dev.harden.fixture-hash

# The base root filesystem. Add a package only when a fixture really needs it; never a
# tracer or debug tool (the product must cope with images that have none).
readonly SUITE=bookworm
readonly MIRROR=http://deb.debian.org/debian
readonly BASE_PACKAGES=(ca-certificates nginx-light python3-minimal)
readonly BASE_IMAGE=harden-fixture/base:bookworm
# Bump when the debootstrap or trim steps below change, so cached tarballs are rebuilt.
readonly ROOTFS_RECIPE=1

# Fixtures built with DOCKER_BUILDKIT=0: the legacy builder uses local images offline,
# BuildKit would need the buildx plugin that CI machines lack.
export DOCKER_BUILDKIT=0

# Some fixtures apt-get install Debian's packages during `docker build`. A mirror hiccup must not
# fail a CI run: a build whose log shows one of these is tried again (its earlier layers are cached).
readonly BUILD_ATTEMPTS=3
readonly TRANSIENT_APT_ERRORS='Temporary failure resolving|Could not resolve|Could not connect|Unable to connect|Connection timed out|Connection failed|Failed to fetch|Unable to fetch some archives|Hash Sum mismatch|Bad header line|Undetermined Error'

fail() {
  echo "build-fixtures: $*" >&2
  exit 1
}

# Prints the last lines of a log so a CI failure is readable without the machine.
fail_with_log() {
  local log=$1
  shift
  tail -n 20 "$log" >&2 || true
  fail "$* (full log: $log)"
}

image_label() {
  docker image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$1" 2>/dev/null || true
}

# Removes the image a tag pointed to before a rebuild, when nothing uses it any more,
# so repeated rebuilds on a developer machine do not pile up dangling images.
remove_replaced_image() {
  local old_id=$1 tag=$2
  [[ -n "$old_id" && "$old_id" != "$(docker image inspect --format '{{.Id}}' "$tag")" ]] || return 0
  docker image rm "$old_id" >/dev/null 2>&1 || true
}

# Hash of a directory's files (names, modes, contents), ignoring build output.
tree_hash() {
  (
    cd "$1"
    find . -path ./build -prune -o -type f -print0 | LC_ALL=C sort -z |
      xargs -0 -r stat --format '%n %a' --
    find . -path ./build -prune -o -type f -print0 | LC_ALL=C sort -z |
      xargs -0 -r sha256sum --
  ) | sha256sum | cut -c1-16
}

base_hash() {
  printf '%s\n' "recipe=$ROOTFS_RECIPE" "suite=$SUITE" "variant=minbase" "${BASE_PACKAGES[@]}" |
    sha256sum | cut -c1-16
}

# debootstrap takes about two minutes, so its result is kept as a tarball named by hash.
build_rootfs_tarball() {
  local tarball=$1 hash=$2
  local rootfs="$CACHE_DIR/rootfs-$SUITE-$hash.d"
  local log="$LOG_DIR/debootstrap-$SUITE-$hash.log"
  local include
  include=$(IFS=,; echo "${BASE_PACKAGES[*]}")
  command -v debootstrap >/dev/null || fail "debootstrap not installed; run scripts/ensure-docker.sh first"
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include="$include" "$SUITE" "$rootfs" "$MIRROR" >"$log" 2>&1 ||
    fail_with_log "$log" "debootstrap of $SUITE failed"
  # Package downloads and apt indexes are half the size and no fixture runs apt.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" --numeric-owner -cf "$tarball.partial" .
  mv "$tarball.partial" "$tarball"
  rm -rf "$rootfs"
}

ensure_base_image() {
  local hash tarball
  hash=$(base_hash)
  tarball="$CACHE_DIR/rootfs-$SUITE-$hash.tar"
  if [[ "$(image_label "$BASE_IMAGE")" == "$hash" ]]; then
    echo "cached  $BASE_IMAGE"
    return
  fi
  [[ -f "$tarball" ]] || build_rootfs_tarball "$tarball" "$hash"
  local old_id
  old_id=$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE" 2>/dev/null || true)
  docker import --change 'CMD ["/bin/bash"]' --change "LABEL $HASH_LABEL=$hash" \
    "$tarball" "$BASE_IMAGE" >/dev/null || fail "docker import of $tarball failed"
  remove_replaced_image "$old_id" "$BASE_IMAGE"
  echo "built   $BASE_IMAGE (rootfs $hash)"
}

# static-noshell is FROM scratch: nothing can be compiled or chmod'ed inside it, so the
# binary and a mode-1777 /tmp are prepared here and COPY'd in as one directory tree.
prepare_static_noshell() {
  local dir=$1
  local rootfs="$dir/build/rootfs"
  command -v gcc >/dev/null || fail "gcc not installed; run scripts/ensure-docker.sh first"
  rm -rf "$dir/build"
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  gcc -static -O2 -Wall -Wextra -Werror -o "$rootfs/usr/local/bin/noshell-server" \
    "$dir/noshell-server.c" || fail "compiling $dir/noshell-server.c failed"
}

# docker_build TAG CONTEXT HASH LOG: the build, tried again after a transient package download
# failure. --network host: apt in the build resolves and connects exactly as this machine does,
# whatever the engine's bridge and DNS settings. --force-rm: a failed step leaves no container.
docker_build() {
  local tag=$1 context=$2 hash=$3 log=$4
  local attempt
  for ((attempt = 1; ; attempt++)); do
    docker build --network host --force-rm --label "$HASH_LABEL=$hash" --tag "$tag" "$context" >"$log" 2>&1 && return 0
    if ((attempt == BUILD_ATTEMPTS)) || ! grep -qE "$TRANSIENT_APT_ERRORS" "$log"; then
      fail_with_log "$log" "docker build of $tag from $context failed"
    fi
    echo "build-fixtures: $tag: a package download failed, trying again in $((attempt * 10))s" >&2
    sleep $((attempt * 10))
  done
}

# build_image TAG CONTEXT: rebuilds only when the context or the base image changed.
build_image() {
  local tag=$1 context=$2
  local name hash log old_id
  name=$(basename "$context")
  hash=$(printf '%s %s\n' "$(tree_hash "$context")" "$(image_label "$BASE_IMAGE")" | sha256sum | cut -c1-16)
  if [[ "$(image_label "$tag")" == "$hash" ]]; then
    echo "cached  $tag"
    return
  fi
  if [[ "$name" == static-noshell ]]; then
    prepare_static_noshell "$context"
  fi
  log="$LOG_DIR/build-${tag//[\/:]/_}.log"
  old_id=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
  docker_build "$tag" "$context" "$hash" "$log"
  remove_replaced_image "$old_id" "$tag"
  echo "built   $tag"
}

# prepare_builds: what every fixture build needs first: the engine, the builder lock, the base image.
prepare_builds() {
  docker info >/dev/null 2>&1 || fail "Docker Engine not reachable; run scripts/ensure-docker.sh first"
  mkdir -p "$CACHE_DIR" "$LOG_DIR"
  # Tests, the demo and the benches may call this concurrently; one builder at a time (the lock is
  # held until the calling script exits).
  exec 9>"$CACHE_DIR/build-fixtures.lock"
  if ! flock --nonblock 9; then
    echo "waiting for another build-fixtures run" >&2
    flock 9
  fi
  ensure_base_image
}

main() {
  prepare_builds
  local fixture
  for fixture in test/fixtures/*/; do
    [[ -f "$fixture/Dockerfile" ]] || continue
    build_image "harden-fixture/$(basename "$fixture"):test" "${fixture%/}"
  done
  build_image harden-example/notes:latest examples/notes
}

# Sourced by build-bench-fixtures.sh for its functions; run, it builds the test fixtures.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
