# syntax=docker/dockerfile:1
# A heredoc RUN that installs with apt and forgets the lists.
FROM debian:bookworm-slim
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl
EOF
USER 10001
CMD ["curl", "--version"]
