FROM python:3.10-bullseye
RUN apt update && apt install -y libgdal-dev
RUN python -m pip install --upgrade pip setuptools wheel
RUN python3.10 -m pip install numpy==1.26.4 2>&1 | tee /tmp/pip.log
RUN chmod 666 /etc/app.conf
WORKDIR /opt
RUN useradd -u 20000 svc
USER svc
ENTRYPOINT ["/bin/sh", "-c", "exec python -m svc"]
