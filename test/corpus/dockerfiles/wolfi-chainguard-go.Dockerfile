# Chainguard's Wolfi base for the build, the static image to run.
FROM cgr.dev/chainguard/wolfi-base AS build
RUN apk add go git
WORKDIR /work
COPY . .
RUN CGO_ENABLED=0 go build -o /work/hello .

FROM cgr.dev/chainguard/static:latest
COPY --from=build /work/hello /hello
CMD ["/hello"]
