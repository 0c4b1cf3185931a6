# A Grafana image with provisioning and plugins; the base image runs as grafana (472).
FROM grafana/grafana:11.1.0
ENV GF_PATHS_PROVISIONING=/etc/grafana/provisioning
COPY provisioning/ $GF_PATHS_PROVISIONING/
RUN grafana cli --pluginsDir /var/lib/grafana/plugins plugins install grafana-clock-panel
