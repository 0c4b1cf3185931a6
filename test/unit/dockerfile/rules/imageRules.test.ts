import { describeRule } from '../ruleCases';

describeRule('HX012', {
  flags: [
    'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM debian:12\nCOPY --from=build /app /app\n',
    'FROM node:20 AS build\nRUN npm ci\nFROM node:20-alpine\nCOPY --from=build /src /src\n',
    'ARG RUNTIME=ubuntu:24.04\nFROM golang AS build\nFROM ${RUNTIME}\nCOPY --from=build /app /app\n',
    // A release target earlier in the file, built with --target, is judged too.
    'FROM golang AS build\nRUN go build -o /app\nFROM debian:12 AS release\nCOPY --from=build /app /app\nCMD ["/app"]\nFROM build AS test\nRUN go test ./...\n',
    // The distribution is chosen where the chain starts: a runtime base stage.
    'FROM debian:12 AS runtime-base\nRUN true\nFROM golang AS build\nFROM runtime-base\nCOPY --from=build /app /app\n',
  ],
  passes: [
    'FROM debian:12\nCMD ["/app"]\n',
    'FROM golang:1.22 AS build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n',
    'FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /app /app\n',
    'FROM debian:12 AS base\nRUN make\nFROM base\n',
    'FROM golang AS build\nFROM mycompany/runtime:1\nCOPY --from=build /app /app\n',
    // Alternative release stages, none feeding the other: no build stage's output is copied.
    'FROM debian:12 AS release-debian\nCMD ["/app"]\nFROM alpine:3.20 AS release-alpine\nCMD ["/app"]\n',
    'FROM golang AS build\nFROM ubuntu:24.04\n',
  ],
  noFix: ['FROM golang AS build\nFROM ubuntu:24.04\nCOPY --from=build /app /app\n'],
});

describeRule('HX016', {
  flags: ['FROM debian:12\nRUN sudo apt-get install -y curl\n', 'FROM debian:12\nUSER app\nRUN sudo -E make install\n'],
  passes: ['FROM debian:12\nRUN apt-get install -y sudo\n', 'FROM debian:12\nRUN echo sudo\n'],
  fixes: [
    { before: 'FROM debian:12\nRUN sudo make install\n', after: 'FROM debian:12\nRUN make install\n', safe: true },
    { before: 'FROM debian:12\nRUN make && DEBUG=1 sudo make install\n', after: 'FROM debian:12\nRUN make && DEBUG=1 make install\n', safe: true },
    { before: 'ARG ADMIN=root\nFROM debian:12\nARG ADMIN\nUSER ${ADMIN}\nRUN sudo make install\n', after: 'ARG ADMIN=root\nFROM debian:12\nARG ADMIN\nUSER ${ADMIN}\nRUN make install\n', safe: true },
    // An image of unknown family may run as another user by default: without sudo the RUN could fail.
    { before: 'FROM registry.example.com/ci/agent:3\nRUN sudo make install\n', after: 'FROM registry.example.com/ci/agent:3\nRUN make install\n', safe: false },
  ],
  noFix: ['FROM debian:12\nUSER app\nRUN sudo make install\n', 'FROM gcr.io/distroless/base:nonroot\nRUN sudo make install\n'],
});

describeRule('HX017', {
  flags: [
    'FROM alpine\nRUN chmod 777 /data\n',
    'FROM alpine\nRUN chmod -R 0666 /data\n',
    'FROM alpine\nRUN chmod o+w /data\n',
    'FROM alpine\nRUN chmod a+rwx /data\n',
    'FROM alpine\nCOPY --chmod=777 app /app\n',
    // The sticky bit is no excuse on a whole tree: every file below becomes world-writable.
    'FROM alpine\nRUN chmod -R 1777 /var/www\n',
    'FROM alpine\nRUN chmod 777 /data && rm -rf /data/cache\n',
  ],
  passes: [
    'FROM alpine\nRUN chmod 755 /app\n',
    'FROM alpine\nRUN chmod 1777 /tmp\n',
    'FROM alpine\nRUN chmod +x /app\n',
    'FROM alpine\nRUN chmod u+w /app\n',
    'FROM alpine AS build\nRUN chmod 777 /x\nFROM scratch\nCOPY --from=build /x /x\n',
    // A temporary directory the same RUN deletes never reaches the image.
    'FROM alpine\nRUN mkdir /tmp/build && chmod 777 /tmp/build && make -C /tmp/build && rm -rf /tmp/build\n',
  ],
  fixes: [
    { before: 'FROM alpine\nRUN chmod -R 777 /data\n', after: 'FROM alpine\nRUN chmod -R 775 /data\n', safe: false },
    { before: 'FROM alpine\nCOPY --chmod=666 app /app\n', after: 'FROM alpine\nCOPY --chmod=664 app /app\n', safe: false },
  ],
  noFix: ['FROM alpine\nRUN chmod go+w /data\n'],
});

describeRule('HX018', {
  flags: [
    'FROM alpine\nENV DB_PASSWORD=hunter2\n',
    'FROM alpine\nARG GITHUB_TOKEN\n',
    'FROM alpine\nENV AWS_SECRET_ACCESS_KEY=x\n',
    'FROM alpine\nARG npmAuthToken\n',
    'FROM alpine\nENV API_KEY value\n',
  ],
  passes: ['FROM alpine\nENV PASSWORD_FILE=/run/secrets/db\n', 'FROM python:3\nENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n', 'FROM alpine\nENV KEYBOARD=us\n', 'FROM alpine\nARG TOKENIZER_VERSION=1\n'],
  noFix: ['FROM alpine\nENV DB_PASSWORD=hunter2\n'],
});

describeRule('HX019', {
  flags: ['FROM alpine\nEXPOSE 22\n', 'FROM alpine\nEXPOSE 80 22/tcp\n'],
  passes: ['FROM alpine\nEXPOSE 80 443\n', 'FROM alpine\nEXPOSE 2222\n', 'FROM alpine AS build\nEXPOSE 22\nFROM scratch\n'],
  fixes: [
    { before: 'FROM alpine\nEXPOSE 80 22 443\n', after: 'FROM alpine\nEXPOSE 80 443\n', safe: true },
    { before: 'FROM alpine\nEXPOSE 22 80\n', after: 'FROM alpine\nEXPOSE 80\n', safe: true },
    { before: 'FROM alpine\r\nEXPOSE 22\r\nCMD ["/app"]\r\n', after: 'FROM alpine\r\nCMD ["/app"]\r\n', safe: true },
  ],
});

describeRule('HX020', {
  flags: ['FROM alpine\nWORKDIR app\n', 'FROM alpine\nWORKDIR /srv\nWORKDIR app\n'],
  passes: ['FROM alpine\nWORKDIR /app\n', 'FROM alpine\nWORKDIR $HOME/app\n', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR app\n', 'FROM alpine\nWORKDIR C:\\app\n'],
  fixes: [
    { before: 'FROM alpine\nWORKDIR /srv\nWORKDIR app\n', after: 'FROM alpine\nWORKDIR /srv\nWORKDIR /srv/app\n', safe: true },
    { before: 'FROM alpine AS base\nWORKDIR /srv\nFROM base\nWORKDIR app\n', after: 'FROM alpine AS base\nWORKDIR /srv\nFROM base\nWORKDIR /srv/app\n', safe: true },
    { before: 'FROM alpine\nWORKDIR app\n', after: 'FROM alpine\nWORKDIR /app\n', safe: false },
  ],
});
