# A service on the company's Debian trixie slim base, named only by its tag.
FROM registry.example.com/base/runtime:2024.06-trixie-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/*
COPY build/orders /usr/local/bin/orders
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/orders"]
