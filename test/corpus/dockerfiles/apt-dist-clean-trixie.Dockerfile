# Debian trixie's apt removes the lists itself with dist-clean.
FROM debian:trixie-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates libssl3t64; \
    apt-get dist-clean
COPY --chmod=0755 bin/server /usr/local/bin/server
USER 65534:65534
ENTRYPOINT ["/usr/local/bin/server"]
