# syntax=docker/dockerfile:1
# One Dockerfile, several targets: the default image, a debug image and binaries for --output.
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/svc ./cmd/svc

FROM scratch AS binaries
COPY --from=build /out/svc /

FROM alpine:3.20 AS debug
RUN apk add --no-cache curl busybox-extras
COPY --from=build /out/svc /usr/local/bin/svc
ENTRYPOINT ["/usr/local/bin/svc"]

FROM gcr.io/distroless/static-debian12:nonroot AS release
COPY --from=build /out/svc /svc
ENTRYPOINT ["/svc"]

FROM build AS test
RUN go test ./...
