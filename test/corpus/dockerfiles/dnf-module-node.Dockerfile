# A Node runtime from a dnf module stream on AlmaLinux.
FROM almalinux:9
RUN dnf module enable -y nodejs:20 && dnf install -y nodejs npm
RUN dnf clean all
COPY . /opt/app
WORKDIR /opt/app
RUN npm ci --omit=dev
RUN useradd -r -u 1001 app
USER app
CMD ["npm", "start"]
