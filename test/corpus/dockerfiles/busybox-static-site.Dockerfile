# A tiny static site served by busybox httpd.
FROM busybox:1.36-musl
RUN adduser -D -H -u 8080 web
COPY --chown=web:web site/ /www/
USER web
EXPOSE 8080
CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
