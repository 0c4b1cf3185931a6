# A development container with a sudo-capable user, as editors' dev container templates make.
FROM mcr.microsoft.com/devcontainers/base:bookworm
ARG USERNAME=vscode
RUN apt-get update && export DEBIAN_FRONTEND=noninteractive \
    && apt-get -y install --no-install-recommends postgresql-client redis-tools \
    && apt-get clean -y && rm -rf /var/lib/apt/lists/*
USER ${USERNAME}
RUN sudo npm install -g pnpm@9
