# syntax=docker/dockerfile:1
# Quiet apt with cache mounts on both apt directories, and a plain quiet install.
FROM debian:bookworm
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get -qq install gcc libc6-dev
RUN apt-get -qq update && apt-get -qq install --no-install-recommends make
USER root:root
CMD ["make", "-C", "/src", "test"]
