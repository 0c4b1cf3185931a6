# apt configured once for unattended installs, then used without -y.
FROM ubuntu:24.04
RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90assumeyes \
 && echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/90norecommends
RUN apt-get update && apt-get install curl git && rm -rf /var/lib/apt/lists/*
RUN yes | apt-get install --reinstall ca-certificates || true
USER 1000
CMD ["bash"]
