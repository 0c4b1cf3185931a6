#!/usr/bin/env bash
# Compiles harden-init (src/init/*.c) into static musl binaries named by Docker architecture:
#   dist/init/harden-init-amd64   with musl-gcc (Debian's musl-tools)
#   dist/init/harden-init-arm64   with aarch64-linux-gnu-gcc and Debian's musl-dev:arm64 (its wrapper
#                                 aarch64-linux-musl-gcc links musl's own crt files and libc.a)
# The compilers are installed with apt-get on first use (we run as root on Debian); the other
# architecture is added to dpkg for the cross one's musl-dev. A binary is rebuilt only when a source
# is newer, so a second run prints nothing. Every binary must stay under 100 KB (asserted here and by
# test/unit/init/initBinary.test.ts). Run by `npm run build` (scripts/build.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

readonly OUT_DIR=dist/init
readonly MAX_BYTES=102400
readonly SOURCES=(src/init scripts/build-init.sh package.json)
readonly CFLAGS=(
  -static -Os -s -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
  -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections
  -Wl,--gc-sections -Wl,--build-id=none
  # arm64 links for 64 KiB pages by default, which pads a small binary to three times its size.
  -Wl,-z,max-page-size=4096
)
readonly LOG=${TMPDIR:-/tmp}/harden-build-init.log

say() { echo "build-init: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

# Docker architecture -> the GNU triplet's first part, as Debian's musl-dev names its wrapper.
triplet_of() {
  case "$1" in
    amd64) echo x86_64 ;;
    arm64) echo aarch64 ;;
    *) return 1 ;;
  esac
}

host_architecture() {
  if command -v dpkg >/dev/null; then
    dpkg --print-architecture
  else
    case "$(uname -m)" in x86_64) echo amd64 ;; aarch64) echo arm64 ;; *) uname -m ;; esac
  fi
}

apt_install() {
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || return 1
  say "installing $* (first use; log: $LOG)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$@" >"$LOG" 2>&1 ||
    { apt-get update -qq >>"$LOG" 2>&1 && apt-get install -y -qq --no-install-recommends "$@" >>"$LOG" 2>&1; }
}

# Prints the compiler for `architecture`, installing it when missing; fails when it cannot.
compiler_for() {
  local architecture=$1 host=$2 triplet
  triplet=$(triplet_of "$architecture") || return 1
  local wrapper="$triplet-linux-musl-gcc"
  if [[ "$architecture" == "$host" ]]; then
    command -v musl-gcc >/dev/null || apt_install musl-tools || return 1
    echo musl-gcc
    return 0
  fi
  if ! command -v "$wrapper" >/dev/null; then
    command -v dpkg >/dev/null || return 1
    if ! dpkg --print-foreign-architectures | grep -qx "$architecture"; then
      dpkg --add-architecture "$architecture" && apt-get update -qq >"$LOG" 2>&1 || return 1
    fi
    apt_install "gcc-${triplet//_/-}-linux-gnu" "musl-dev:$architecture" || return 1
  fi
  echo "$wrapper"
}

is_fresh() {
  [[ -f "$1" ]] && [[ -z "$(find "${SOURCES[@]}" -newer "$1" -print -quit)" ]]
}

build() {
  local architecture=$1 compiler=$2
  local output="$OUT_DIR/harden-init-$architecture" version size
  is_fresh "$output" && return 0
  version=$(node -p "require('./package.json').version")
  mkdir -p "$OUT_DIR"
  "$compiler" "${CFLAGS[@]}" -DHARDEN_INIT_VERSION="\"$version\"" -o "$output.partial" src/init/*.c ||
    fail "compiling src/init/*.c for $architecture failed"
  if command -v readelf >/dev/null && readelf -l "$output.partial" | grep -q INTERP; then
    fail "$output is not static (it names a program interpreter)"
  fi
  size=$(stat -c %s "$output.partial")
  ((size < MAX_BYTES)) || fail "$output is $size bytes; it must stay under $MAX_BYTES"
  mv "$output.partial" "$output"
}

host=$(host_architecture)
compiler=$(compiler_for "$host" "$host") || fail "no musl-gcc for $host: install Debian's musl-tools (apt-get install musl-tools)"
build "$host" "$compiler"
for other in amd64 arm64; do
  [[ "$other" == "$host" ]] && continue
  if is_fresh "$OUT_DIR/harden-init-$other"; then continue; fi
  if compiler=$(compiler_for "$other" "$host"); then
    build "$other" "$compiler"
  else
    say "no $other cross compiler (Debian's gcc-$(triplet_of "$other" | tr _ -)-linux-gnu and musl-dev:$other); skipping dist/init/harden-init-$other"
  fi
done
