import { strict as assert } from 'node:assert';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { DockerEngine } from '../../../src/core/docker/dockerEngine';
import { askPortProtocol } from '../../../src/core/run/portProtocol';
import { runProbe } from '../../../src/core/run/probes';

/** Real servers on ephemeral loopback ports: what `auto` must tell apart. */
const openSockets = new Set<Socket>();

async function listening(server: Server): Promise<number> {
  server.on('connection', (socket: Socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** close() waits for open connections: the silent and banner servers keep theirs, so they are ended here. */
function closing(server: Server): Promise<unknown> {
  const closed = new Promise((resolve) => server.close(resolve));
  for (const socket of openSockets) socket.destroy();
  return closed;
}

const context = { engine: {} as DockerEngine, containerId: 'unused', addresses: (port: number) => [{ host: '127.0.0.1', port, proxied: false }] };

describe('the auto probe (HTTP when the port answers HTTP, else TCP)', () => {
  const servers: Server[] = [];
  let requests: string[] = [];
  let httpPort = 0;
  let notFoundPort = 0;
  let silentPort = 0;
  let bannerPort = 0;

  before(async () => {
    const http = createHttpServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.end('ok');
    });
    const notFound = createHttpServer((_request, response) => {
      response.statusCode = 404;
      response.end();
    });
    const silent = createTcpServer((socket) => socket.on('error', () => undefined));
    const banner = createTcpServer((socket) => {
      socket.on('error', () => undefined);
      socket.write('SSH-2.0-OpenSSH_9.6\r\n');
    });
    servers.push(http, notFound, silent, banner);
    [httpPort, notFoundPort, silentPort, bannerPort] = await Promise.all(servers.map(listening));
  });

  after(async () => {
    await Promise.all(servers.map(closing));
  });

  beforeEach(() => {
    requests = [];
  });

  it('turns a port that answers HTTP 200 into an HTTP probe at /, and the request reaches the handler', async () => {
    const outcome = await runProbe({ kind: 'auto', port: httpPort }, context);
    assert.equal(outcome.ok, true);
    assert.deepEqual(outcome.resolved, { kind: 'http', port: httpPort, path: '/' });
    assert.match(outcome.detail, /answers HTTP \(200 at \/\)/);
    assert.deepEqual(requests, ['GET /']);
  });

  it('keeps TCP for a silent server, a banner server and an HTTP server whose / is 404 (the siblings)', async () => {
    const silent = await runProbe({ kind: 'auto', port: silentPort }, context);
    assert.equal(silent.ok, true);
    assert.deepEqual(silent.resolved, { kind: 'tcp', port: silentPort });
    assert.match(silent.detail, /no answer to GET \//);

    const banner = await askPortProtocol({ host: '127.0.0.1', port: bannerPort, proxied: false });
    assert.deepEqual(banner.reachable && banner.http, undefined);
    assert.deepEqual((await runProbe({ kind: 'auto', port: bannerPort }, context)).resolved, { kind: 'tcp', port: bannerPort });

    const notFound = await runProbe({ kind: 'auto', port: notFoundPort }, context);
    assert.deepEqual(notFound.resolved, { kind: 'tcp', port: notFoundPort });
    assert.match(notFound.detail, /GET \/ gave 404/);
    assert.deepEqual(requests, [], 'only the HTTP server counts requests, and it was not asked');
  });

  it('fails while nothing listens, so the run keeps waiting', async () => {
    const server = createTcpServer();
    const port = await listening(server);
    await closing(server);
    const outcome = await runProbe({ kind: 'auto', port }, context);
    assert.equal(outcome.ok, false);
    assert.equal(outcome.resolved, undefined);
    assert.match(outcome.detail, /ECONNREFUSED/);
  });
});
