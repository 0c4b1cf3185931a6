FROM ubuntu:24.04
RUN apt-get update && apt-get install -y openssh-server sudo \
    && mkdir /var/run/sshd
RUN useradd -m -u 5000 dev && echo 'dev ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers
USER dev
RUN sudo apt-get upgrade -y
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D"]
