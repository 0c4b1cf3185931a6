# A Debian service image with one of every fix a safe --fix applies; the integration suite builds it
# before and after `harden lint --fix` (test/integration/lintFixBuilds.test.ts).
FROM debian:bookworm-slim
RUN apt update && apt-get install -y --no-install-recommends ca-certificates sudo
RUN sudo mkdir -p /srv/app
WORKDIR /srv
WORKDIR app
ADD config.json /srv/app/config.json
ADD static/ /srv/app/static/
RUN groupadd -g 1200 svc && useradd -u 1200 -g svc svc \
 && useradd -u 1000123 -M archive
EXPOSE 22 8080
USER svc
CMD /srv/app/run --config /srv/app/config.json
CMD /srv/app/run --config /srv/app/config.json --port 8080
