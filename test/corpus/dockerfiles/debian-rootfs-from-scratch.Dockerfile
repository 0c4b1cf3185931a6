# A distribution base image: a root filesystem tarball in scratch, a shell as command.
FROM scratch
ADD rootfs.tar.xz /
CMD ["bash"]
