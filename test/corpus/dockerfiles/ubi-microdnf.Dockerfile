FROM registry.access.redhat.com/ubi9/ubi-minimal:9.3
RUN microdnf install -y shadow-utils tar gzip
RUN useradd -u 1001 -r -g 0 -s /sbin/nologin default
USER 1001
ENTRYPOINT ["/opt/app/bin/run"]
