FROM node:18-alpine
RUN apk update && apk add git python3 make g++
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY . .
EXPOSE 8080
CMD npm start
