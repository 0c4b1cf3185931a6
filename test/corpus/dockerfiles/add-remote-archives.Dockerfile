FROM debian:12-slim AS fetch
ADD https://example.com/releases/tool-1.2.3-linux-amd64.tar.gz /tmp/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/other.tar.gz /tmp/
ADD rootfs.tar.xz /
ADD ["local dir/", "/opt/local/"]
ADD --chown=1000:1000 config/ /etc/app/

FROM gcr.io/distroless/static-debian12
COPY --from=fetch /tmp/tool /tool
ENTRYPOINT ["/tool"]
