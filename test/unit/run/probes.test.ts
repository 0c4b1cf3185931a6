import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HardenError } from '../../../src/core/errors';
import { describeProbe, parseProbe, runProbe } from '../../../src/core/run/probes';
import type { DockerEngine } from '../../../src/core/docker/dockerEngine';

describe('probes', () => {
  it('parses tcp, http and exec probes', () => {
    assert.deepEqual(parseProbe('tcp:5432'), { kind: 'tcp', port: 5432 });
    assert.deepEqual(parseProbe('http:8080/healthz?deep=1'), { kind: 'http', port: 8080, path: '/healthz?deep=1' });
    assert.deepEqual(parseProbe('http:80'), { kind: 'http', port: 80, path: '/' });
    assert.deepEqual(parseProbe('exec:/app/check --quick'), { kind: 'exec', argv: ['/app/check', '--quick'] });
    assert.equal(describeProbe(parseProbe('http:8080/x')), 'http:8080/x');
  });

  it('rejects bad probes with a usage error that names the probe', () => {
    for (const bad of ['tcp:0', 'tcp:http', 'udp:53', 'exec:', 'http:99999/']) {
      assert.throws(() => parseProbe(bad), (error: unknown) => error instanceof HardenError && error.kind === 'usage' && error.message.includes(bad));
    }
  });

  it('passes an http probe on 2xx/3xx and fails it on 5xx or a closed port', async () => {
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/ok' ? 204 : request.url === '/moved' ? 302 : 503;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const context = { engine: {} as DockerEngine, containerId: 'unused', addresses: (wanted: number) => [{ host: '127.0.0.1', port: wanted, proxied: false }] };
    try {
      assert.equal((await runProbe({ kind: 'http', port, path: '/ok' }, context)).ok, true);
      assert.equal((await runProbe({ kind: 'http', port, path: '/moved' }, context)).ok, true);
      assert.equal((await runProbe({ kind: 'http', port, path: '/broken' }, context)).ok, false);
      assert.equal((await runProbe({ kind: 'tcp', port }, context)).ok, true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const closed = await runProbe({ kind: 'tcp', port }, context);
    assert.equal(closed.ok, false);
    assert.match(closed.detail, /ECONNREFUSED/);
  });
});
