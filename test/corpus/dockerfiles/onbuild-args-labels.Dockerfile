ARG REGISTRY=docker.io
ARG BASE_TAG=3.12-alpine
FROM ${REGISTRY}/library/python:${BASE_TAG}
LABEL org.opencontainers.image.title="worker" \
      org.opencontainers.image.source="local"
ARG PIP_INDEX_URL
ARG BUILD_TOKEN
ONBUILD COPY . /app
ONBUILD RUN pip install -r /app/requirements.txt
STOPSIGNAL SIGTERM
VOLUME ["/data"]
USER nobody
CMD ["python", "-m", "worker"]
