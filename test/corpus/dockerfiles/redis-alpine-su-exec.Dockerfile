# A key-value store on Alpine: su-exec in the entrypoint, a dedicated user created with addgroup/adduser.
FROM alpine:3.20
RUN set -eux; \
    addgroup -S -g 1000 redis; \
    adduser -S -G redis -u 999 redis
RUN apk add --no-cache su-exec tzdata
RUN set -eux; \
    apk add --no-cache --virtual .build-deps gcc linux-headers make musl-dev openssl-dev; \
    mkdir -p /usr/src/redis; \
    make -C /usr/src/redis -j "$(nproc)" all; \
    make -C /usr/src/redis install; \
    rm -r /usr/src/redis; \
    apk del --no-network .build-deps
RUN mkdir /data && chown redis:redis /data
VOLUME /data
WORKDIR /data
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 6379
CMD ["redis-server"]
