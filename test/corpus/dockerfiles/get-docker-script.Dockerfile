# A CI runner image that installs Docker with the convenience script and a pinned compose plugin.
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl git && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://get.docker.com | sh
RUN wget -qO- https://example.com/install-buildx.sh | sh -s -- --version 0.16.1
RUN curl -fsSL https://example.com/compose.tar.gz | tar -xz -C /usr/local/lib/docker/cli-plugins
RUN useradd -m -u 1001 runner && usermod -aG docker runner
USER runner
ENTRYPOINT ["/home/runner/run.sh"]
