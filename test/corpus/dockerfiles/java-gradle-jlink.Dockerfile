# A Gradle build, a jlink-trimmed JRE, and a slim Debian runtime.
FROM gradle:8.8-jdk21 AS build
WORKDIR /home/gradle/project
COPY --chown=gradle:gradle . .
RUN gradle --no-daemon bootJar

FROM eclipse-temurin:21-jdk AS jre
RUN jlink --add-modules java.base,java.logging,java.naming,java.sql,jdk.unsupported \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output /jre

FROM debian:bookworm-slim
ENV JAVA_HOME=/opt/jre PATH="/opt/jre/bin:${PATH}"
COPY --from=jre /jre $JAVA_HOME
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app app
COPY --from=build /home/gradle/project/build/libs/*.jar /opt/app/app.jar
USER app
ENTRYPOINT ["java", "-jar", "/opt/app/app.jar"]
