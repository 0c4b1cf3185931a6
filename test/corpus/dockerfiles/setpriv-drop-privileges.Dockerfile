# A server started through setpriv, which drops to a fixed uid without a script.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=ghcr.io/example/relay:2.4 /usr/bin/relay /usr/bin/relay
ENTRYPOINT ["setpriv", "--reuid=2000", "--regid=2000", "--clear-groups", "--", "/usr/bin/relay"]
CMD ["--config", "/etc/relay.toml"]
