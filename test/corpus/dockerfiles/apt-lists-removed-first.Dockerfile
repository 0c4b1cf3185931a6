# The cleanup written before the update by mistake: the lists stay.
FROM ubuntu:24.04
RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends nginx
USER www-data
CMD ["nginx", "-g", "daemon off;"]
