# A source-to-image style Node app on UBI 9: dnf as root, then the platform's uid 1001.
FROM registry.access.redhat.com/ubi9/nodejs-20:latest
USER 0
RUN dnf install -y --setopt=tsflags=nodocs jq \
 && dnf clean all \
 && rm -rf /var/cache/dnf
USER 1001
WORKDIR /opt/app-root/src
COPY --chown=1001:0 package*.json ./
RUN npm ci --omit=dev
COPY --chown=1001:0 . .
EXPOSE 8080
CMD ["npm", "run", "start"]
