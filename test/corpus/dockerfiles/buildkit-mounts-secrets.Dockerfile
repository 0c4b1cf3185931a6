# syntax=docker/dockerfile:1.6
FROM python:3.12-slim AS base
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends git
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=secret,id=pip_conf,target=/etc/pip.conf \
    pip install poetry
ENV PIP_NO_CACHE_DIR=1
ARG GITHUB_TOKEN
ENV DATABASE_PASSWORD=changeme
USER 1000:1000
ENTRYPOINT ["python", "-m", "app"]
