# The install prefix is a build argument; later WORKDIRs are relative to it.
FROM debian:bookworm-slim
ARG PREFIX=/opt/acme
WORKDIR ${PREFIX}
COPY dist/ .
WORKDIR bin
RUN ./acme --self-check
WORKDIR /srv
WORKDIR data
USER 10001
ENTRYPOINT ["/opt/acme/bin/acme"]
