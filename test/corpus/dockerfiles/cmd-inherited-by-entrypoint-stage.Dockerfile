# The app stage starts Java in shell form; a variant built FROM it passes arguments with CMD.
FROM eclipse-temurin:21-jre-jammy AS app
RUN groupadd --gid 1000 app && useradd --uid 1000 --gid 1000 app
COPY build/libs/service.jar /opt/service.jar
USER 1000:1000
ENTRYPOINT java -XX:MaxRAMPercentage=75 -jar /opt/service.jar

FROM app AS app-with-agent
COPY build/agent/otel-agent.jar /opt/otel-agent.jar
ENV JAVA_TOOL_OPTIONS=-javaagent:/opt/otel-agent.jar
CMD ["--spring.profiles.active=prod"]
