# A broker image whose health check is a shell script in exec form.
FROM eclipse-mosquitto:2.0
COPY docker/healthcheck.sh /usr/local/bin/healthcheck.sh
COPY docker/check-ready /usr/local/bin/check-ready
HEALTHCHECK --interval=30s --timeout=5s CMD ["/usr/local/bin/healthcheck.sh"]
USER 1883:1883
CMD ["/usr/sbin/mosquitto", "-c", "/mosquitto/config/mosquitto.conf"]
