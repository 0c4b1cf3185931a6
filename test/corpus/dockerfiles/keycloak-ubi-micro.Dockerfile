# Packages installed into a root tree on UBI, copied into ubi-micro.
FROM registry.access.redhat.com/ubi9 AS ubi-micro-build
RUN mkdir -p /mnt/rootfs
RUN dnf install --installroot /mnt/rootfs curl --releasever 9 --setopt install_weak_deps=false --nodocs -y \
 && dnf --installroot /mnt/rootfs clean all \
 && rpm --root /mnt/rootfs -e --nodeps setup

FROM quay.io/keycloak/keycloak:25.0
COPY --from=ubi-micro-build /mnt/rootfs /
