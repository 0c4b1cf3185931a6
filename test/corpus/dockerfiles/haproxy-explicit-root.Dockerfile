# A load balancer image that switches to root for its socket directory and stays there.
FROM haproxy:3.0
USER root
RUN mkdir -p /run/haproxy && chown haproxy:haproxy /run/haproxy
COPY haproxy.cfg /usr/local/etc/haproxy/haproxy.cfg
EXPOSE 80 443 8404
