# syntax=docker/dockerfile:1.4
FROM nginx:alpine
COPY <<EOF /etc/nginx/conf.d/app.conf
server {
    listen 8080;
    location / { return 200 "ok"; }
}
EOF
COPY <<-"EOT" /usr/local/bin/start
	#!/bin/sh
	exec nginx -g 'daemon off;'
	EOT
RUN chmod 0755 /usr/local/bin/start
USER nginx
CMD ["/usr/local/bin/start"]
