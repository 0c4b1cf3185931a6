# Service users with ordinary ids, and one from an identity provider's large uid range.
FROM debian:bookworm-slim
RUN groupadd --gid 101 svc && useradd --uid 101 --gid 101 --system svc
RUN useradd --uid 999 --system --no-create-home metrics
RUN useradd --uid 1000 --create-home dev
RUN useradd --uid 65532 --system nonroot
RUN useradd --uid 1234567 --create-home ldapuser
USER 65532
ENTRYPOINT ["/usr/local/bin/svc"]
