# An Alpine image whose build dependencies are installed, used and removed, cache included.
FROM alpine:3.19
RUN set -x \
 && apk add --update-cache --virtual .build-deps gcc musl-dev libffi-dev \
 && apk add python3 py3-pip \
 && pip install --break-system-packages --no-cache-dir cffi \
 && apk del .build-deps \
 && rm -rf /var/cache/apk/*
RUN apk add -q --no-cache tini
ENTRYPOINT ["/sbin/tini", "--", "/bin/sh", "/srv/entrypoint.sh"]
