FROM ubuntu:22.04
RUN apt-get update && \
    apt-get install -y curl && \
    apt-get clean
WORKDIR app
COPY run /usr/local/bin/run
CMD run --verbose
