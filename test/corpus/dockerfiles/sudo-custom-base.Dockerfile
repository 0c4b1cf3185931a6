# A CI agent image built on the company's own base, which may default to another user.
FROM registry.example.com/platform/ci-agent:5.2
RUN sudo mkdir -p /opt/tools && sudo chown agent /opt/tools
COPY tools/ /opt/tools/
RUN sudo ln -s /opt/tools/bin/deploy /usr/local/bin/deploy
ENTRYPOINT ["/opt/tools/bin/agent"]
