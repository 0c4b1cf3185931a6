FROM golang:1.22-alpine AS build
	WORKDIR /src
	RUN apk add gcc musl-dev
	COPY . .
	RUN go build -o /app

FROM alpine:3.19
	RUN apk add --no-cache ca-certificates
	COPY --from=build /app /app
	CMD /app -listen :8080
