# ADD used for everything, as older Dockerfiles do.
FROM alpine:3.20
ARG CONFIG=config/app.yaml
ADD ${CONFIG} /etc/app/app.yaml
ADD requirements.txt setup.py /src/
ADD . /src
ADD vendor.tar.gz /opt/
ADD bundle /opt/bundle
ADD https://raw.githubusercontent.com/example/app/v1.0/LICENSE /usr/share/doc/app/LICENSE
WORKDIR /src
USER 10001
CMD ["/src/run"]
