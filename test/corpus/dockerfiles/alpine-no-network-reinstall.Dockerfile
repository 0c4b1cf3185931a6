# Build dependencies added and removed with apk; the reinstall step works offline from the cache.
FROM alpine:3.20
RUN apk add --update --cache-dir /var/cache/apk ca-certificates openssl
RUN apk add --no-network --cache-dir /var/cache/apk openssl-dev \
 && apk del --no-network openssl-dev
COPY --chmod=0755 app /usr/local/bin/app
USER 10001
ENTRYPOINT ["/usr/local/bin/app"]
