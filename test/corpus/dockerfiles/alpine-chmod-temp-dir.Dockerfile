# A build step that opens a scratch directory to everyone, then deletes it in the same RUN.
FROM alpine:3.20
RUN set -eux; \
    mkdir -p /tmp/build; \
    chmod 777 /tmp/build; \
    wget -qO /tmp/build/src.tar.gz https://example.com/src-1.4.tar.gz; \
    tar -xzf /tmp/build/src.tar.gz -C /tmp/build; \
    cp /tmp/build/bin/tool /usr/local/bin/tool; \
    rm -rf /tmp/build
RUN mkdir -p /var/www/uploads && chmod -R 1777 /var/www
RUN mkdir -p /var/tmp/app && chmod 1777 /var/tmp/app
USER 10001
CMD ["tool", "serve"]
