# A PPA for a newer Python: add-apt-repository refreshes the lists itself.
FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends software-properties-common \
 && rm -rf /var/lib/apt/lists/*
RUN add-apt-repository -y ppa:deadsnakes/ppa \
 && apt-get install -y --no-install-recommends python3.12 python3.12-venv
RUN python3.12 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/
RUN pip install --no-cache-dir -r /tmp/requirements.txt
RUN groupadd --gid 1000 app && useradd --uid 1000 --gid app --shell /usr/sbin/nologin app
USER app
CMD ["python", "-m", "app"]
