# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl
rm -rf /var/lib/apt/lists/*
EOF
RUN <<-SCRIPT bash
	echo "tabs are stripped here"
	pip install requests
	SCRIPT
RUN python3 <<PY
import os
print(os.getcwd())
PY
USER 1000
CMD ["/usr/bin/curl", "--version"]
