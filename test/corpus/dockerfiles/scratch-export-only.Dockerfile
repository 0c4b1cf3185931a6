# Cross-compiled binaries exported with `docker build --output type=local,dest=out .`
FROM rust:1.79-bookworm AS build
RUN rustup target add x86_64-unknown-linux-musl
WORKDIR /src
COPY . .
RUN cargo build --release --target x86_64-unknown-linux-musl

FROM scratch
COPY --from=build /src/target/x86_64-unknown-linux-musl/release/cli /cli
