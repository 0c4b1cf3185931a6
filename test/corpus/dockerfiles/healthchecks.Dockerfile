FROM alpine:3.19 AS first
HEALTHCHECK CMD ["CMD-SHELL", "pg_isready -U postgres"]
HEALTHCHECK --interval=10s CMD /usr/local/bin/probe --ready
FROM first
USER 70
HEALTHCHECK --start-period=5s \
  CMD /usr/local/bin/probe \
      --live
CMD ["/usr/local/bin/server"]
