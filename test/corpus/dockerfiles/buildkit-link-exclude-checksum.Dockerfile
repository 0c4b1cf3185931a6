# syntax=docker/dockerfile:1.7-labs
# BuildKit's COPY --link/--exclude/--parents, ADD --checksum and a secret mount.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY --link --exclude=*.md --exclude=test/ . .
ADD --checksum=sha256:9a1f5e8c6b3d2f4e7a0c9b8d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1 \
    https://registry.example.com/releases/sdk-4.1.tgz /tmp/sdk.tgz
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci && npm run build

FROM gcr.io/distroless/nodejs20-debian12
COPY --link --from=build /app/dist /app
WORKDIR /app
USER nonroot
CMD ["index.js"]
