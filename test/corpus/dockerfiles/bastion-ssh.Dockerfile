# An SSH bastion, where port 22 is the point of the image.
FROM alpine:3.20
RUN apk add --no-cache openssh-server \
 && ssh-keygen -A \
 && adduser -D -u 2222 -s /bin/ash jump
COPY sshd_config /etc/ssh/sshd_config
# harden-ignore=HX019
EXPOSE 22 9100
CMD ["/usr/sbin/sshd", "-D", "-e"]
