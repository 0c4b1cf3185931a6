# The service account's name and id come from build arguments.
FROM debian:bookworm-slim
ARG user=appuser
ARG uid=10001
ARG gid=10001
RUN groupadd --gid ${gid} ${user} \
 && useradd --uid ${uid} --gid ${gid} --no-log-init --create-home ${user}
COPY --chown=${uid}:${gid} app /home/${user}/app
USER ${user}
WORKDIR /home/${user}
ENTRYPOINT ["./app"]
