# Build arguments and settings named like secrets, and some that only look alike.
FROM node:20-bookworm-slim
ARG NPM_TOKEN
ARG SENTRY_AUTH_TOKEN
ARG TOKEN_ENDPOINT=https://auth.example.com/oauth/token
ENV SECRET_KEY_BASE=dev-only-not-secret
ENV JWT_PUBLIC_KEY_PATH=/etc/keys/jwt.pub
ENV DB_PASSWORD_FILE=/run/secrets/db_password
ENV AWS_ACCESS_KEY_ID=AKIAEXAMPLE
ENV KEYCLOAK_CLIENT_SECRET=changeme
ENV PASSWORD_MIN_LENGTH=12
WORKDIR /app
COPY . .
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci --omit=dev && rm .npmrc
USER node
CMD ["node", "server.js"]
