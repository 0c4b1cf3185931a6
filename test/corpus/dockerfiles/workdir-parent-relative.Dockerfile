# WORKDIRs relative to each other, including a parent step.
FROM node:20-alpine
WORKDIR /workspace/app
COPY package.json .
WORKDIR ../shared
COPY shared/ .
WORKDIR /workspace/app
RUN npm install --omit=dev
USER node
CMD ["node", "index.js"]
