# Oracle Linux slim with microdnf, the way database client images are built.
FROM container-registry.oracle.com/os/oraclelinux:9-slim
RUN microdnf install -y oracle-instantclient-release-el9 \
 && microdnf install -y oracle-instantclient-basic oracle-instantclient-sqlplus \
 && microdnf clean all
RUN microdnf install -y shadow-utils
RUN useradd --uid 1001 --gid 0 --no-create-home client
USER client
ENTRYPOINT ["sqlplus", "-L"]
