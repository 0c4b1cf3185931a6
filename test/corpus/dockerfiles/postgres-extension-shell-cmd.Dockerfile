# The official database image with an extension and tuned flags given as a shell-form CMD.
FROM postgres:16-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-16-pgvector \
 && rm -rf /var/lib/apt/lists/*
COPY initdb/ /docker-entrypoint-initdb.d/
CMD postgres -c shared_preload_libraries=vector -c max_connections=200
