FROM alpine:3.19
RUN apk add curl
ADD app /opt/app
CMD /opt/app/start
