# The image user is a build argument that defaults to root.
ARG RUN_AS=root
FROM alpine:3.20
ARG RUN_AS
RUN apk add --no-cache ca-certificates
COPY server /usr/local/bin/server
USER ${RUN_AS}
ENTRYPOINT ["/usr/local/bin/server"]
