# syntax=docker/dockerfile:1.7-labs
# Sources fetched with ADD from git, pinned by tag, and a release tarball from an ARG.
ARG DIST=https://downloads.example.org/proxy/proxy-3.2.1.tar.gz
FROM debian:bookworm-slim AS sources
ADD --keep-git-dir=true "https://github.com/example/proxy.git#v3.2.1" /src/proxy
ADD --keep-git-dir=true "https://github.com/example/proxy-plugins.git#v1.0.4" /src/plugins
ADD git@github.com:example/private-module.git#main /src/private
ARG DIST
ADD $DIST /tmp/
ADD --checksum=sha256:2f4c6a8e1b3d5f7091a2c4e6b8d0f1a3c5e7092b4d6f8a0c2e4f6a8b0d2c4e6f8 https://downloads.example.org/keys.asc /tmp/keys.asc

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=sources /src/proxy/bin/proxy /usr/local/bin/proxy
ENTRYPOINT ["/usr/local/bin/proxy"]
