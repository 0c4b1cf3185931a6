import { describeRule } from '../ruleCases';

describeRule('HX013', {
  flags: ['FROM alpine\nADD app.py /app/\n', 'FROM alpine\nADD ["a b.txt", "/data/"]\n', 'FROM alpine AS build\nadd --chown=1:1 src /src\nFROM scratch\n'],
  passes: [
    'FROM alpine\nCOPY app.py /app/\n',
    'FROM alpine\nADD rootfs.tar.gz /\n',
    'FROM alpine\nADD https://example.com/app.tgz /tmp/\n',
    'FROM alpine\nADD git@github.com:org/repo.git /src\n',
    // Quoted URLs and git sources, and variables whose default is a URL, are downloads.
    'FROM alpine\nADD --keep-git-dir=true "https://github.com/org/repo.git#v1.2.3" /src\n',
    'FROM alpine\nADD ["https://example.com/app.tgz", "/tmp/"]\n',
    'ARG DIST=https://example.com/dist/app-1.0.tgz\nFROM alpine\nARG DIST\nADD $DIST /tmp/\n',
    'FROM alpine\nADD $UNKNOWN /tmp/\n',
  ],
  fixes: [
    { before: 'FROM alpine\nADD --chown=1:1 app.py /app/\n', after: 'FROM alpine\nCOPY --chown=1:1 app.py /app/\n', safe: true },
    { before: 'FROM alpine\nadd app.py /app/\n', after: 'FROM alpine\ncopy app.py /app/\n', safe: true },
    // ADD unpacks a tar archive whatever its name: without the build context, a bare name could be one.
    { before: 'FROM alpine\nADD vendor /opt/vendor\n', after: 'FROM alpine\nCOPY vendor /opt/vendor\n', safe: false },
    // `--build-arg SRC=https://…` would make COPY fail.
    { before: 'FROM alpine\nARG SRC=app.py\nADD ${SRC} /app/\n', after: 'FROM alpine\nARG SRC=app.py\nCOPY ${SRC} /app/\n', safe: false },
  ],
  noFix: ['FROM alpine\nADD --checksum=sha256:0123 app.py /app/\n'],
});

describeRule('HX014', {
  flags: [
    'FROM alpine\nADD https://example.com/tool /usr/local/bin/tool\n',
    'FROM alpine\nADD ["http://example.com/a.tgz", "/tmp/"]\n',
    'FROM alpine\nADD "https://example.com/tool" /usr/local/bin/tool\n',
    'ARG DIST=https://example.com/dist/app-1.0.tgz\nFROM alpine\nARG DIST\nADD $DIST /tmp/\n',
    'FROM alpine\nARG VERSION=1.0\nADD https://example.com/app-${VERSION}.tgz /tmp/\n',
  ],
  passes: ['FROM alpine\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool /usr/local/bin/tool\n', 'FROM alpine\nADD app /app\n'],
  noFix: ['FROM alpine\nADD https://example.com/tool /usr/local/bin/tool\n'],
});

describeRule('HX015', {
  flags: [
    'FROM alpine\nRUN curl -fsSL https://example.com/install.sh | sh\n',
    'FROM alpine\nRUN wget -qO- https://example.com/i | sudo bash -s -- --yes\n',
    'FROM alpine\nRUN sh -c "$(curl -fsSL https://example.com/install.sh)"\n',
    'FROM alpine\nRUN curl -s https://example.com/get.py | python3 -\n',
  ],
  passes: [
    'FROM alpine\nRUN curl -fsSLo install.sh https://example.com/install.sh && sha256sum -c sums && sh install.sh\n',
    'FROM alpine\nRUN curl -s https://example.com/data.json | jq .name\n',
    // An inline script reads the download as data.
    'FROM python:3\nRUN curl -s https://example.com/v.json | python3 -c "import json,sys; print(json.load(sys.stdin))"\n',
  ],
  noFix: ['FROM alpine\nRUN curl https://example.com/i | bash\n'],
});

describeRule('HX022', {
  flags: [
    'FROM alpine\nRUN curl -k https://example.com/a -o a\n',
    'FROM alpine\nRUN wget --no-check-certificate https://example.com/a\n',
    'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n',
    'FROM alpine\nRUN apk add --allow-untrusted /tmp/pkg.apk\n',
    'FROM node:20\nRUN npm config set strict-ssl false\n',
    'FROM alpine\nRUN git config --global http.sslVerify false\n',
    'FROM alpine\nRUN GIT_SSL_NO_VERIFY=1 git clone https://example.com/r.git\n',
    'FROM python:3\nRUN pip install --trusted-host pypi.example.com flask\n',
  ],
  passes: [
    'FROM alpine\nRUN curl -fsSL https://example.com/a -o a\n',
    'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\n',
    'FROM alpine\nRUN echo --insecure\n',
    'FROM alpine\nRUN curl -o key https://example.com/a\n',
  ],
  fixes: [
    { before: 'FROM alpine\nRUN curl -k https://example.com/a -o a\n', after: 'FROM alpine\nRUN curl https://example.com/a -o a\n', safe: false },
    { before: 'FROM alpine\nRUN curl -fsSLk https://example.com/a\n', after: 'FROM alpine\nRUN curl -fsSL https://example.com/a\n', safe: false },
    { before: 'FROM alpine\nRUN wget --no-check-certificate -q https://x/a\n', after: 'FROM alpine\nRUN wget -q https://x/a\n', safe: false },
    { before: 'FROM python:3\nRUN pip install --trusted-host pypi.example.com flask\n', after: 'FROM python:3\nRUN pip install flask\n', safe: false },
  ],
  noFix: ['FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n'],
});

describeRule('HX023', {
  flags: ['FROM node\n', 'FROM node:latest AS build\n', 'ARG BASE=python\nFROM ${BASE}\n', 'FROM --platform=$BUILDPLATFORM golang AS build\n'],
  passes: ['FROM node:20\n', 'FROM scratch\n', 'FROM node@sha256:0123456789abcdef\n', 'FROM node:20 AS build\nFROM build\n', 'FROM $UNKNOWN\n'],
  noFix: ['FROM ubuntu\n'],
});
