#!/bin/sh
# Writes the pid file, then replaces itself with the server so that the server is
# PID 1 and gets `docker stop`'s SIGTERM directly.
set -eu

NOTES_PORT="${NOTES_PORT:-8080}"
export NOTES_PORT

mkdir -p /run/notes
echo "$$" > /run/notes/notes.pid

exec python3 -u /usr/local/lib/notes/notes.py
