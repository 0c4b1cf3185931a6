# syntax=docker/dockerfile:1
# An entrypoint script written with a COPY heredoc, setup in a RUN heredoc, config in another heredoc.
FROM python:3.12-alpine
RUN <<EOT
set -eu
apk add --no-cache tini
addgroup -g 10001 app
adduser -D -u 10001 -G app app
EOT
COPY --chmod=0755 <<"EOF" /usr/local/bin/start
#!/bin/sh
set -e
python -m app.migrate
exec python -m app "$@"
EOF
COPY <<EOF /etc/app/app.toml
[server]
port = 8080
EOF
COPY . /srv/app
WORKDIR /srv/app
RUN pip install --no-cache-dir .
USER 10001:10001
ENTRYPOINT ["/sbin/tini", "--", "start"]
