# Alternative release images of the same tool for two distributions, each installed from packages.
FROM debian:bookworm-slim AS release-debian
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY dist/tool_linux_amd64 /usr/local/bin/tool
USER 10001:10001
ENTRYPOINT ["tool"]

FROM alpine:3.20 AS release-alpine
RUN apk add --no-cache ca-certificates
COPY dist/tool_linux_amd64_musl /usr/local/bin/tool
USER 10001:10001
ENTRYPOINT ["tool"]
