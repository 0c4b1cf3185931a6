# openSUSE Tumbleweed with zypper: `zypper clean` keeps the repository metadata.
FROM opensuse/tumbleweed
RUN zypper -n refresh && zypper -n install --no-recommends curl git-core && zypper clean
RUN zypper -n in sudo && echo 'ALL ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/all
COPY entrypoint /usr/local/bin/entrypoint
ENTRYPOINT ["/usr/local/bin/entrypoint"]
