# A shared base stage refreshes the package lists; the release stage built FROM it installs more.
FROM debian:bookworm-slim AS runtime-base
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
WORKDIR /srv

FROM runtime-base AS release
RUN apt-get install -y --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*
COPY server.py /srv/server.py
USER 10001:10001
CMD ["python3", "/srv/server.py"]
