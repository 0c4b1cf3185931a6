# A Git forge: Go and Node build on Alpine, Alpine runtime with s6 and an entrypoint without extension.
FROM golang:1.22-alpine3.20 AS build-env
ARG GOPROXY=direct
ARG TAGS="sqlite sqlite_unlock_notify"
ENV TAGS="bindata timetzdata $TAGS"
RUN apk --no-cache add build-base git nodejs npm
COPY . ${GOPATH}/src/code.example.org/forge
WORKDIR ${GOPATH}/src/code.example.org/forge
RUN make clean-all build
RUN chmod 755 /go/src/code.example.org/forge/docker/root/usr/bin/entrypoint

FROM alpine:3.20
EXPOSE 22 3000
RUN apk --no-cache add bash ca-certificates curl gettext git linux-pam openssh s6 sqlite su-exec gnupg
RUN addgroup -S -g 1000 git && \
    adduser -S -H -D -h /data/git -s /bin/bash -u 1000 -G git git && \
    echo "git:*" | chpasswd -e
ENV USER=git
ENV FORGE_CUSTOM=/data/forge
VOLUME ["/data"]
ENTRYPOINT ["/usr/bin/entrypoint"]
CMD ["/bin/s6-svscan", "/etc/s6"]
COPY --from=build-env /go/src/code.example.org/forge/docker/root /
COPY --from=build-env /go/src/code.example.org/forge/forge /app/forge/forge
