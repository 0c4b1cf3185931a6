# A Rocky Linux service image that forgets the package cache.
FROM rockylinux:9.3
RUN dnf -y install epel-release
RUN dnf -y --setopt=install_weak_deps=False install supervisor nginx && dnf -y update
COPY supervisord.conf /etc/supervisord.conf
EXPOSE 80
CMD ["/usr/bin/supervisord", "-n", "-c", "/etc/supervisord.conf"]
