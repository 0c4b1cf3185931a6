# A static Rust binary with musl in scratch, with an /etc/passwd entry for its user.
FROM rust:1.79-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release
RUN echo "app:x:10001:10001::/:/sbin/nologin" > /tmp/passwd

FROM scratch
COPY --from=build /tmp/passwd /etc/passwd
COPY --from=build /src/target/release/server /server
USER app
EXPOSE 3000
ENTRYPOINT ["/server"]
