import { describeRule } from '../ruleCases';

describeRule('HX001', {
  flags: [
    'FROM node:20\nUSER 1000\nCMD node server.js\n',
    'FROM alpine\nENTRYPOINT /app/run --port 80\n',
    'FROM base AS app\nCMD npm start\nFROM app\nUSER 1\n',
  ],
  passes: [
    'FROM node:20\nCMD ["node", "server.js"]\n',
    'FROM node:20 AS build\nCMD npm run build\nFROM gcr.io/distroless/nodejs20\nCMD ["server.js"]\n',
    'FROM alpine\nCMD echo one\nCMD ["echo", "two"]\n',
    // Every valid JSON array is exec form, the empty one included; what follows it is ignored.
    'FROM alpine\nENTRYPOINT ["/app"]\nCMD []\n',
    'FROM alpine\nCMD [ ]\n',
    'FROM alpine\nCMD ["/app", "\\u0041"] # trailing\n',
    'FROM alpine\nCMD [ \\\n  "/app", \\\n  "--serve" ]\n',
  ],
  fixes: [
    { before: 'FROM node:20\nCMD node server.js\n', after: 'FROM node:20\nCMD ["node", "server.js"]\n', safe: true },
    { before: 'FROM alpine\r\nCMD   /app/run "a b" \'c\'\r\n', after: 'FROM alpine\r\nCMD   ["/app/run", "a b", "c"]\r\n', safe: true },
    { before: 'FROM alpine\nENTRYPOINT /app/run \\\n  --port 80\n', after: 'FROM alpine\nENTRYPOINT ["/app/run", "--port", "80"]\n', safe: true },
    { before: '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD C:\\app\\app.exe --serve\n', after: '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD ["C:\\\\app\\\\app.exe", "--serve"]\n', safe: true },
    { before: 'FROM alpine\nENTRYPOINT ["/app"]\nCMD serve --fast\n', after: 'FROM alpine\nENTRYPOINT ["/app"]\nCMD ["serve", "--fast"]\n', safe: false },
    // `exec` is what exec form does anyway.
    { before: 'FROM alpine\nCMD exec /app --serve\n', after: 'FROM alpine\nCMD ["/app", "--serve"]\n', safe: true },
    // A stage built FROM this one passes a CMD that this shell-form ENTRYPOINT ignores now, and would receive in exec form.
    {
      before: 'FROM alpine AS app\nENTRYPOINT /app --serve\nFROM app AS app-eu\nCMD ["--region", "eu"]\n',
      after: 'FROM alpine AS app\nENTRYPOINT ["/app", "--serve"]\nFROM app AS app-eu\nCMD ["--region", "eu"]\n',
      safe: false,
    },
    // bash as SHELL runs plain words as exec form does.
    { before: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD /app --serve\n', after: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ["/app", "--serve"]\n', safe: true },
    // A SHELL runs shell-form commands now (PowerShell here): the words mean something else in exec form.
    {
      before: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nCMD C:\\app\\app.exe\n',
      after: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nCMD ["C:\\\\app\\\\app.exe"]\n',
      safe: false,
    },
    // The base image's entrypoint sets up only for its own command (`nginx`), not for `sh -c`.
    { before: 'FROM nginx:1.27\nCMD nginx -g daemon-off\n', after: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon-off"]\n', safe: false },
  ],
  noFix: [
    'FROM alpine\nCMD /app/run --port $PORT\n',
    'FROM alpine\nCMD migrate && serve\n',
    'FROM alpine\nCMD serve > /tmp/log\n',
    'FROM alpine\nCMD serve # the server\n',
    // Built into the shell: there is no program of that name to run.
    'FROM alpine\nCMD cd /srv\n',
    'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD dir C:\\app\n',
  ],
});

describeRule('HX002', {
  flags: [
    'FROM alpine\nENTRYPOINT ["/docker-entrypoint.sh"]\n',
    'FROM alpine\nCMD ["sh", "-c", "exec /app"]\n',
    'FROM alpine\nCMD ["/bin/bash", "/start"]\n',
    'FROM alpine\nENTRYPOINT ["/usr/local/bin/entrypoint"]\n',
    // A script without extension, known from the heredoc that creates it.
    'FROM alpine\nCOPY --chmod=755 <<EOF /usr/local/bin/app-foreground\n#!/bin/sh\nexec /app\nEOF\nCMD ["app-foreground"]\n',
    // Launchers and privilege droppers are looked through.
    'FROM debian:12\nENTRYPOINT ["setpriv", "--reuid=1000", "--regid=1000", "--init-groups", "/start.sh"]\n',
    'FROM alpine\nENTRYPOINT ["/sbin/tini", "-g", "--", "su-exec", "app", "/docker-entrypoint.sh"]\n',
  ],
  passes: [
    'FROM alpine\nCMD ["/app", "--serve"]\n',
    'FROM alpine\nENTRYPOINT ["/app"]\nCMD ["sh"]\n',
    'FROM alpine AS build\nCMD ["sh"]\nFROM scratch\nCMD ["/app"]\n',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["cmd"]\n',
    // Its shebang says Python: no shell needed.
    'FROM python:3.12\nCOPY <<EOF /usr/local/bin/entrypoint\n#!/usr/bin/env python3\nprint(1)\nEOF\nENTRYPOINT ["entrypoint"]\n',
  ],
  noFix: ['FROM alpine\nENTRYPOINT ["./run.sh"]\n'],
});

describeRule('HX003', {
  flags: [
    'FROM alpine\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
    'FROM alpine\nHEALTHCHECK --interval=5s CMD ["CMD-SHELL", "curl -f http://localhost/"]\n',
    'FROM alpine\nHEALTHCHECK CMD ["sh", "-c", "test -f /ok"]\n',
    'FROM alpine\nHEALTHCHECK CMD /healthcheck\n',
    'FROM alpine\nHEALTHCHECK CMD ["/usr/local/bin/healthcheck.sh"]\n',
  ],
  passes: [
    'FROM alpine\nHEALTHCHECK CMD ["/healthcheck", "--quick"]\n',
    'FROM alpine\nHEALTHCHECK NONE\n',
    'FROM alpine AS build\nHEALTHCHECK CMD curl x\nFROM scratch\n',
  ],
  fixes: [
    { before: 'FROM alpine\nHEALTHCHECK --interval=30s CMD /healthcheck --quick\n', after: 'FROM alpine\nHEALTHCHECK --interval=30s CMD ["/healthcheck", "--quick"]\n', safe: true },
  ],
  noFix: ['FROM alpine\nHEALTHCHECK CMD wget -qO- http://localhost:$PORT/ready\n'],
});

describeRule('HX004', {
  flags: [
    'FROM debian:12\nCMD ["/app"]\n',
    'FROM node:20\nUSER node\nUSER root\n',
    'FROM alpine\nUSER 0:0\nCMD ["/app"]\n',
    'FROM alpine AS base\nUSER root\nFROM base\nCMD ["/app"]\n',
    'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n',
    'ARG RUNAS=0\nFROM alpine\nARG RUNAS\nUSER ${RUNAS}\nCMD ["/app"]\n',
    // A release target built with --target, earlier in the file than a test stage.
    'FROM alpine AS release\nCMD ["/app"]\nFROM release AS test\nUSER 1000\nRUN /app --self-test\n',
  ],
  passes: [
    'FROM alpine\nUSER 10001\nCMD ["/app"]\n',
    'FROM alpine AS base\nUSER 10001\nFROM base\nCMD ["/app"]\n',
    'FROM gcr.io/distroless/static-debian12:nonroot\nCMD ["/app"]\n',
    'FROM alpine AS build\nRUN make\nFROM cgr.dev/chainguard/static\nCOPY --from=build /app /app\n',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["app.exe"]\n',
    // sudo without a USER shows that this unknown base runs as another user.
    'FROM registry.example.com/ci/agent:3\nRUN sudo make install\nCMD ["agent"]\n',
    // An export stage: files for `--output`, nothing to run.
    'FROM golang AS build\nRUN go build -o /out/app\nFROM scratch AS export\nCOPY --from=build /out/app /\n',
    'FROM scratch\nCOPY app /app\n',
  ],
  fixes: [
    { before: 'FROM debian:12\nCOPY app /app\nCMD ["/app"]\n', after: 'FROM debian:12\nCOPY app /app\nUSER 10001:10001\nCMD ["/app"]\n', safe: false },
    { before: 'FROM node:20-alpine\r\nCOPY . .\r\n  ENTRYPOINT ["node"]\r\n', after: 'FROM node:20-alpine\r\nCOPY . .\r\n  USER 1000:1000\r\n  ENTRYPOINT ["node"]\r\n', safe: false },
    { before: 'FROM scratch\nCOPY app /app\nEXPOSE 80', after: 'FROM scratch\nCOPY app /app\nEXPOSE 80\nUSER 65532:65532', safe: false },
    // The user the Dockerfile creates is the one to run as.
    {
      before: 'FROM debian:12\nRUN groupadd -g 2000 web && useradd -u 2000 -g web web\nCMD ["/app"]\n',
      after: 'FROM debian:12\nRUN groupadd -g 2000 web && useradd -u 2000 -g web web\nUSER 2000:2000\nCMD ["/app"]\n',
      safe: false,
    },
    { before: 'FROM alpine:3.20\nCMD ["/app"]\n', after: 'FROM alpine:3.20\nUSER 10001:10001\nCMD ["/app"]\n', safe: false },
    { before: 'FROM alpine\nUSER root\nRUN make\nCMD ["/app"]\n', after: 'FROM alpine\nUSER root\nRUN make\nUSER 10001:10001\nCMD ["/app"]\n', safe: false },
  ],
});

describeRule('HX005', {
  flags: ['FROM alpine\nUSER app\n', 'FROM node:20\nUSER node:node\n', 'FROM alpine\nUSER 1000:staff\n', 'FROM alpine\nARG user=app\nUSER ${user}\n'],
  passes: [
    'FROM alpine\nUSER 1000\n',
    'FROM alpine\nUSER 1000:1000\n',
    'FROM alpine\nUSER app\nUSER 1000\n',
    'FROM alpine\nUSER $APP_UID\n',
    'FROM alpine\nUSER app\nFROM scratch\nUSER 1\n',
  ],
  fixes: [
    { before: 'FROM node:20\nUSER node\n', after: 'FROM node:20\nUSER 1000\n', safe: true },
    {
      before: 'FROM debian:12\nRUN groupadd -g 10001 app && useradd -l -u 10001 -g app app\nUSER app:app\n',
      after: 'FROM debian:12\nRUN groupadd -g 10001 app && useradd -l -u 10001 -g app app\nUSER 10001:10001\n',
      safe: true,
    },
    { before: 'FROM alpine\nRUN adduser -D -u 2000 web\nUSER web\n', after: 'FROM alpine\nRUN adduser -D -u 2000 web\nUSER 2000\n', safe: true },
    // The uid is an ARG default: `--build-arg UID=…` would make the number wrong.
    { before: 'FROM alpine\nARG UID=2000\nRUN adduser -D -u $UID web\nUSER web\n', after: 'FROM alpine\nARG UID=2000\nRUN adduser -D -u $UID web\nUSER 2000\n', safe: false },
    { before: 'FROM alpine\nARG user=web\nRUN adduser -D -u 2000 web\nUSER ${user}\n', after: 'FROM alpine\nARG user=web\nRUN adduser -D -u 2000 web\nUSER 2000\n', safe: false },
    { before: 'FROM debian:12\nRUN useradd -u 2000 web && usermod -u 3000 web\nUSER web\n', after: 'FROM debian:12\nRUN useradd -u 2000 web && usermod -u 3000 web\nUSER 2000\n', safe: false },
  ],
  noFix: [
    'FROM alpine\nRUN adduser -D web\nUSER web\n',
    // A user created in a build stage is not in the image.
    'FROM debian:12 AS build\nRUN useradd -u 2000 web\nFROM debian:12\nUSER web\n',
  ],
});

describeRule('HX024', {
  flags: ['FROM alpine\nCMD ["a"]\nCMD ["b"]\n', 'FROM alpine\nHEALTHCHECK NONE\nHEALTHCHECK CMD ["/ok"]\n'],
  passes: ['FROM alpine\nCMD ["a"]\nFROM alpine\nCMD ["b"]\n', 'FROM alpine\nENTRYPOINT ["a"]\nCMD ["b"]\n'],
  fixes: [
    { before: 'FROM alpine\nCMD ["a"]\nCMD ["b"]\n', after: 'FROM alpine\nCMD ["b"]\n', safe: true },
    { before: 'FROM alpine\r\nENTRYPOINT one \\\r\n  two\r\nENTRYPOINT ["b"]', after: 'FROM alpine\r\nENTRYPOINT ["b"]', safe: true },
  ],
});
