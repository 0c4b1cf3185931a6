# syntax=docker/dockerfile:1
# One file for the whole pipeline: every job is a --target.
ARG GO_VERSION=1.22
ARG NODE_VERSION=20
ARG ALPINE_VERSION=3.20

FROM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS go-base
RUN apk add --no-cache git make
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download

FROM node:${NODE_VERSION}-alpine AS web-base
WORKDIR /web
COPY web/package*.json ./
RUN npm ci

FROM go-base AS lint-golangci
COPY . .
RUN make lint-golangci

FROM go-base AS lint-gofumpt
COPY . .
RUN make lint-gofumpt

FROM go-base AS lint-staticcheck
COPY . .
RUN make lint-staticcheck

FROM go-base AS lint-govulncheck
COPY . .
RUN make lint-govulncheck

FROM web-base AS web-eslint
COPY web/ .
RUN npm run eslint

FROM web-base AS web-prettier
COPY web/ .
RUN npm run prettier

FROM web-base AS web-typecheck
COPY web/ .
RUN npm run typecheck

FROM go-base AS test-api
COPY . .
RUN go test ./internal/api/...

FROM go-base AS test-store
COPY . .
RUN go test ./internal/store/...

FROM go-base AS test-queue
COPY . .
RUN go test ./internal/queue/...

FROM go-base AS test-auth
COPY . .
RUN go test ./internal/auth/...

FROM alpine:${ALPINE_VERSION} AS license-check
COPY . /src
RUN /src/scripts/license-check.sh /src

FROM alpine:${ALPINE_VERSION} AS shellcheck
COPY . /src
RUN /src/scripts/shellcheck.sh /src

FROM alpine:${ALPINE_VERSION} AS hadolint
COPY . /src
RUN /src/scripts/hadolint.sh /src

FROM alpine:${ALPINE_VERSION} AS markdownlint
COPY . /src
RUN /src/scripts/markdownlint.sh /src

FROM alpine:${ALPINE_VERSION} AS codegen-check
COPY . /src
RUN /src/scripts/codegen-check.sh /src

FROM alpine:${ALPINE_VERSION} AS docs
COPY . /src
RUN /src/scripts/docs.sh /src

FROM web-base AS web-build
COPY web/ .
RUN npm run build

FROM go-base AS build-linux-amd64
COPY . .
COPY --from=web-build /web/dist ./internal/ui/dist
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/server-linux-amd64 ./cmd/server

FROM go-base AS build-linux-arm64
COPY . .
COPY --from=web-build /web/dist ./internal/ui/dist
RUN CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -o /out/server-linux-arm64 ./cmd/server

FROM go-base AS build-linux-riscv64
COPY . .
COPY --from=web-build /web/dist ./internal/ui/dist
RUN CGO_ENABLED=0 GOOS=linux GOARCH=riscv64 go build -o /out/server-linux-riscv64 ./cmd/server

FROM scratch AS binaries
COPY --from=build-linux-amd64 /out/ /
COPY --from=build-linux-arm64 /out/ /
COPY --from=build-linux-riscv64 /out/ /

FROM alpine:${ALPINE_VERSION} AS sbom
RUN apk add --no-cache syft
COPY --from=binaries / /bin-out/
RUN syft dir:/bin-out -o spdx-json > /sbom.json

FROM scratch AS sbom-export
COPY --from=sbom /sbom.json /

FROM alpine:${ALPINE_VERSION} AS release-alpine
RUN apk add --no-cache ca-certificates tzdata
COPY --from=build-linux-amd64 /out/server-linux-amd64 /usr/local/bin/server
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/server"]

FROM gcr.io/distroless/static-debian12:nonroot AS release
COPY --from=build-linux-amd64 /out/server-linux-amd64 /server
EXPOSE 8080
ENTRYPOINT ["/server"]

FROM release AS release-debug
COPY --from=busybox:1.36-musl /bin/busybox /busybox
ENTRYPOINT ["/server", "--debug"]

FROM go-base AS integration
COPY . .
RUN go test -tags integration ./...
