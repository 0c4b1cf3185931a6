# A fixed account name whose numeric id is a build argument.
FROM alpine:3.20
ARG APP_UID=1500
RUN adduser -D -u "$APP_UID" -h /opt/app appsvc
COPY --chown=appsvc app /opt/app/
USER appsvc
ENTRYPOINT ["/opt/app/app"]
