# A vendored SDK shipped as a gzip tarball without an extension; ADD unpacks it, a later RUN uses it.
FROM debian:bookworm-slim
ADD sdk /opt/
RUN /opt/sdk-2.1/bin/install --prefix /usr/local
ADD settings /etc/sdk/settings
USER 10001
ENTRYPOINT ["/usr/local/bin/sdk-daemon"]
