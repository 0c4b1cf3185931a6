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
  ],
  fixes: [
    { before: 'FROM node:20\nCMD node server.js\n', after: 'FROM node:20\nCMD ["node", "server.js"]\n', safe: true },
    { before: 'FROM alpine\r\nCMD   /app/run "a b" \'c\'\r\n', after: 'FROM alpine\r\nCMD   ["/app/run", "a b", "c"]\r\n', safe: true },
    { before: 'FROM alpine\nENTRYPOINT /app/run \\\n  --port 80\n', after: 'FROM alpine\nENTRYPOINT ["/app/run", "--port", "80"]\n', safe: true },
    { before: '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD C:\\app\\app.exe --serve\n', after: '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD ["C:\\\\app\\\\app.exe", "--serve"]\n', safe: true },
    { before: 'FROM alpine\nENTRYPOINT ["/app"]\nCMD serve --fast\n', after: 'FROM alpine\nENTRYPOINT ["/app"]\nCMD ["serve", "--fast"]\n', safe: false },
  ],
  noFix: ['FROM alpine\nCMD /app/run --port $PORT\n', 'FROM alpine\nCMD migrate && serve\n', 'FROM alpine\nCMD serve > /tmp/log\n', 'FROM alpine\nCMD serve # the server\n'],
});

describeRule('HX002', {
  flags: [
    'FROM alpine\nENTRYPOINT ["/docker-entrypoint.sh"]\n',
    'FROM alpine\nCMD ["sh", "-c", "exec /app"]\n',
    'FROM alpine\nCMD ["/bin/bash", "/start"]\n',
    'FROM alpine\nENTRYPOINT ["/usr/local/bin/entrypoint"]\n',
  ],
  passes: [
    'FROM alpine\nCMD ["/app", "--serve"]\n',
    'FROM alpine\nENTRYPOINT ["/app"]\nCMD ["sh"]\n',
    'FROM alpine AS build\nCMD ["sh"]\nFROM scratch\nCMD ["/app"]\n',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["cmd"]\n',
  ],
  noFix: ['FROM alpine\nENTRYPOINT ["./run.sh"]\n'],
});

describeRule('HX003', {
  flags: [
    'FROM alpine\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
    'FROM alpine\nHEALTHCHECK --interval=5s CMD ["CMD-SHELL", "curl -f http://localhost/"]\n',
    'FROM alpine\nHEALTHCHECK CMD ["sh", "-c", "test -f /ok"]\n',
    'FROM alpine\nHEALTHCHECK CMD /healthcheck\n',
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
    'FROM scratch\nCOPY app /app\n',
  ],
  passes: [
    'FROM alpine\nUSER 10001\nCMD ["/app"]\n',
    'FROM alpine AS base\nUSER 10001\nFROM base\nCMD ["/app"]\n',
    'FROM gcr.io/distroless/static-debian12:nonroot\nCMD ["/app"]\n',
    'FROM alpine AS build\nRUN make\nFROM cgr.dev/chainguard/static\nCOPY --from=build /app /app\n',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["app.exe"]\n',
  ],
  fixes: [
    { before: 'FROM debian:12\nCOPY app /app\nCMD ["/app"]\n', after: 'FROM debian:12\nCOPY app /app\nUSER 10001:10001\nCMD ["/app"]\n', safe: false },
    { before: 'FROM node:20-alpine\r\nCOPY . .\r\n  ENTRYPOINT ["node"]\r\n', after: 'FROM node:20-alpine\r\nCOPY . .\r\n  USER 1000:1000\r\n  ENTRYPOINT ["node"]\r\n', safe: false },
    { before: 'FROM scratch\nCOPY app /app', after: 'FROM scratch\nCOPY app /app\nUSER 65532:65532', safe: false },
    { before: 'FROM alpine\nUSER root\nRUN make\nCMD ["/app"]\n', after: 'FROM alpine\nUSER root\nRUN make\nUSER 10001:10001\nCMD ["/app"]\n', safe: false },
  ],
});

describeRule('HX005', {
  flags: ['FROM alpine\nUSER app\n', 'FROM node:20\nUSER node:node\n', 'FROM alpine\nUSER 1000:staff\n'],
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
  ],
  noFix: ['FROM alpine\nRUN adduser -D web\nUSER web\n'],
});

describeRule('HX024', {
  flags: ['FROM alpine\nCMD ["a"]\nCMD ["b"]\n', 'FROM alpine\nHEALTHCHECK NONE\nHEALTHCHECK CMD ["/ok"]\n'],
  passes: ['FROM alpine\nCMD ["a"]\nFROM alpine\nCMD ["b"]\n', 'FROM alpine\nENTRYPOINT ["a"]\nCMD ["b"]\n'],
  fixes: [
    { before: 'FROM alpine\nCMD ["a"]\nCMD ["b"]\n', after: 'FROM alpine\nCMD ["b"]\n', safe: true },
    { before: 'FROM alpine\r\nENTRYPOINT one \\\r\n  two\r\nENTRYPOINT ["b"]', after: 'FROM alpine\r\nENTRYPOINT ["b"]', safe: true },
  ],
});
