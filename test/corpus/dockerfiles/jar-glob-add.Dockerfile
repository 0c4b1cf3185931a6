# Old-style Java image: ADD of a built jar by glob, shell-form ENTRYPOINT with exec.
FROM eclipse-temurin:17-jre-focal
ADD target/*.jar /app/app.jar
RUN chmod o+rw /app/app.jar
EXPOSE 8080
ENTRYPOINT exec java -jar /app/app.jar
