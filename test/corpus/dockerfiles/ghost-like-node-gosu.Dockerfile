# A blogging platform in the official style: node slim, gosu, a global CLI and a content volume.
FROM node:20-bookworm-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends gosu; \
    rm -rf /var/lib/apt/lists/*; \
    gosu nobody true
ENV NODE_ENV=production
ENV GHOST_CLI_VERSION=1.26.0
RUN set -eux; \
    npm install -g "ghost-cli@$GHOST_CLI_VERSION"; \
    npm cache clean --force
ENV GHOST_INSTALL=/var/lib/ghost
ENV GHOST_CONTENT=/var/lib/ghost/content
WORKDIR $GHOST_INSTALL
RUN set -eux; \
    mkdir -p "$GHOST_INSTALL"; \
    chown node:node "$GHOST_INSTALL"; \
    gosu node ghost install 5.89.0 --db sqlite3 --no-prompt --no-stack --no-setup --dir "$GHOST_INSTALL"
VOLUME $GHOST_CONTENT
COPY docker-entrypoint.sh /usr/local/bin
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 2368
CMD ["node", "current/index.js"]
