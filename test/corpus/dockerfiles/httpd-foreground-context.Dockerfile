# An Apache httpd image whose start script has no extension; its shebang is in the build context.
FROM debian:bookworm-slim
ENV HTTPD_PREFIX=/usr/local/apache2
ENV PATH=$HTTPD_PREFIX/bin:$PATH
WORKDIR $HTTPD_PREFIX
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends apache2-bin libapr1 libaprutil1; \
    rm -rf /var/lib/apt/lists/*
COPY httpd-foreground /usr/local/bin/
STOPSIGNAL SIGWINCH
EXPOSE 80
CMD ["httpd-foreground"]
