# An image made for arbitrary uids: files owned by group 0 and group-writable, USER 1001:0.
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf update -y && microdnf install -y java-17-openjdk-headless shadow-utils && microdnf clean all
RUN useradd -u 1001 -r -g 0 -d /deployments -s /sbin/nologin jboss
COPY --chown=1001:0 target/quarkus-app/ /deployments/
RUN chmod -R g=u /deployments && chmod -R g+rwX /deployments
USER 1001:0
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
