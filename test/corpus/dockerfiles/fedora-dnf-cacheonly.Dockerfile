# A Fedora image that installs a second set of packages from the metadata already downloaded.
FROM fedora:40
RUN dnf -y install --setopt=keepcache=1 gcc make
RUN dnf -y --cacheonly install glibc-static \
 && dnf clean all
RUN useradd -u 1000 builder
USER 1000
ENTRYPOINT ["make"]
