# A CLI image whose ENTRYPOINT is the tool and whose CMD is explicitly empty.
FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN go build -trimpath -o /out/migrate ./cmd/migrate

FROM alpine:3.20
RUN apk add --no-cache ca-certificates \
 && adduser -D -u 10001 migrate
COPY --from=build /out/migrate /usr/local/bin/migrate
USER migrate
ENTRYPOINT ["migrate"]
CMD []
