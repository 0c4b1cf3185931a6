# syntax=docker/dockerfile:1
# A pnpm workspace: dependencies with a cache mount, one app deployed, Alpine to run.
FROM node:20-alpine AS base
ENV PNPM_HOME="/pnpm" PATH="/pnpm:$PATH"
RUN corepack enable

FROM base AS build
WORKDIR /repo
COPY . .
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile
RUN pnpm --filter=api run build && pnpm deploy --filter=api --prod /prod/api

FROM base AS api
COPY --from=build /prod/api /prod/api
WORKDIR /prod/api
USER node
EXPOSE 8000
CMD ["node", "dist/index.js"]
