FROM debian:12
RUN apt-get update \
# compilers first
    && apt-get install -y --no-install-recommends \
        gcc \
        # headers for the extension
        libc6-dev \

        make \
    && rm -rf /var/lib/apt/lists/*
USER 1000
CMD ["make", "-C", "/src"]
