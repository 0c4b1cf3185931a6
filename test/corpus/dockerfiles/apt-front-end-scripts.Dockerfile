# apt used interactively-style: list of installed packages recorded, an upgrade, and installs.
FROM ubuntu:24.04
RUN apt update && apt upgrade -y && apt install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
RUN apt list --installed > /usr/share/doc/packages.txt
RUN apt-cache policy python3 > /usr/share/doc/python3-policy.txt
USER ubuntu
CMD ["python3", "-m", "http.server", "8000"]
