ARG GO_VERSION=1.21
ARG ALPINE_VERSION=3.19

FROM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS builder
RUN apk add --no-cache git
WORKDIR /src
COPY . .
RUN go build -o /bin/tool .

FROM alpine:${ALPINE_VERSION}
RUN apk add ca-certificates tzdata
COPY --from=builder /bin/tool /usr/local/bin/tool
ENTRYPOINT ["tool"]
CMD ["--help"]
