# A database image that adds a vendor repository with its key, in the official images' style.
FROM oraclelinux:9-slim
RUN set -eux; \
    groupadd --system --gid 999 mysql; \
    useradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql
RUN set -eux; \
    microdnf install -y bzip2 gzip openssl xz zstd findutils; \
    microdnf clean all
ENV MYSQL_MAJOR=8.4
RUN set -eux; \
    { echo '[mysql8.4-server-minimal]'; echo 'name=MySQL 8.4 Server Minimal'; echo 'enabled=1'; echo "baseurl=https://repo.mysql.com/yum/mysql-8.4-community/docker/el/9/\$basearch/"; echo 'gpgcheck=1'; } | tee /etc/yum.repos.d/mysql-community-minimal.repo; \
    microdnf install -y "mysql-community-server-minimal-$MYSQL_MAJOR.*"; \
    microdnf clean all; \
    mkdir -p /var/lib/mysql /var/run/mysqld; \
    chown mysql:mysql /var/lib/mysql /var/run/mysqld; \
    chmod 1777 /var/lib/mysql /var/run/mysqld
VOLUME /var/lib/mysql
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 3306 33060
CMD ["mysqld"]
