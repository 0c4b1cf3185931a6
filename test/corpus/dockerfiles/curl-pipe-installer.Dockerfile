FROM ubuntu:20.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y curl sudo
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash - \
    && sudo apt-get install -y nodejs
RUN bash -c "$(curl -fsSL https://example.com/install.sh)"
RUN wget -O - https://example.com/get | sh
USER ubuntu
CMD ["node", "index.js"]
