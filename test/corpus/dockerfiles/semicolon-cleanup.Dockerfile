# apt with a semicolon before the cleanup, and yum with a separate cleanup command.
FROM debian:bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libssl3; rm -rf /var/lib/apt/lists/*
COPY app /usr/local/bin/app
USER 10001
CMD ["app"]
