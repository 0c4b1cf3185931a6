# The base image is always passed in by the build pipeline.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
ARG APP_USER
COPY --chown=${APP_USER} build/ /opt/app/
USER ${APP_USER:-app}
WORKDIR /opt/app
ENTRYPOINT ["./bin/start"]
