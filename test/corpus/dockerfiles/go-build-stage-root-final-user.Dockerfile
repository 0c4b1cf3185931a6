# USER root in the build stage, a numeric user in the final one.
FROM golang:1.22 AS build
USER root
RUN apt-get update && apt-get install -y protobuf-compiler
WORKDIR /src
COPY . .
RUN make generate build

FROM gcr.io/distroless/base-debian12
COPY --from=build /src/bin/grpc-server /grpc-server
USER 10001:10001
EXPOSE 50051
ENTRYPOINT ["/grpc-server"]
