# A Go service whose health check is a probe binary in exec form.
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api && CGO_ENABLED=0 go build -o /out/probe ./cmd/probe

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /out/probe /usr/local/bin/
HEALTHCHECK --interval=10s CMD ["/usr/local/bin/probe", "-addr", "127.0.0.1:8080"]
ENTRYPOINT ["/usr/local/bin/api"]
