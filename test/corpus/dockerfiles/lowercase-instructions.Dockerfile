from alpine:latest
run apk add --no-cache bash
add scripts /scripts
workdir /scripts
user root
cmd ["bash", "/scripts/run.sh"]
