FROM node:20-slim AS base
WORKDIR /app
USER node

FROM base AS deps
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev

FROM base AS build
COPY --chown=node:node . .
RUN npm ci && npm run build

FROM deps AS runtime
WORKDIR dist
COPY --from=build /app/dist .
CMD ["node", "main.js"]
