# A document database image in the official style: numeric ids, gosu in a script, data volumes.
FROM ubuntu:jammy
RUN set -eux; \
    groupadd --gid 999 --system mongodb; \
    useradd --uid 999 --system --gid mongodb --home-dir /data/db mongodb; \
    mkdir -p /data/db /data/configdb; \
    chown -R mongodb:mongodb /data/db /data/configdb
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates jq numactl procps; \
    rm -rf /var/lib/apt/lists/*
VOLUME /data/db /data/configdb
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 27017
CMD ["mongod"]
