# A web server given the capability to bind low ports, run as its own user.
FROM caddy:2.8-builder-alpine AS builder
RUN xcaddy build --with github.com/caddy-dns/cloudflare

FROM caddy:2.8-alpine
COPY --from=builder /usr/bin/caddy /usr/bin/caddy
RUN apk add --no-cache libcap \
 && setcap cap_net_bind_service=+ep /usr/bin/caddy \
 && addgroup -S -g 1000 caddy && adduser -S -u 1000 -G caddy caddy \
 && chown -R caddy:caddy /config /data
USER caddy
COPY Caddyfile /etc/caddy/Caddyfile
