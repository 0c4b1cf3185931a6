# The lists are removed, but in a later RUN: the first layer still carries them.
FROM ubuntu:24.04
RUN apt-get update
RUN apt-get install -y --no-install-recommends nginx-light
RUN rm -rf /var/lib/apt/lists/*
EXPOSE 8080
USER www-data
CMD ["nginx", "-g", "daemon off;"]
