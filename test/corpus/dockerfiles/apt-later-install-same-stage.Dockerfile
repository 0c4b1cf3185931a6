# A tools image that installs in two steps; the second RUN relies on the lists of the first.
FROM debian:bookworm-slim
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl
RUN apt-get install -y --no-install-recommends jq \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --uid 10001 --no-create-home tools
USER 10001
ENTRYPOINT ["jq"]
CMD ["--version"]
