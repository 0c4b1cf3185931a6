import { strict as assert } from 'node:assert';
import { createOptions } from '../../../src/core/run/createOptions';
import type { ObservedRunSpec } from '../../../src/core/run/observedRun';
import { publishedPorts } from '../../../src/core/run/publishedPorts';
import type { TracerBundle } from '../../../src/core/tracer/tracerBundle';

const SPEC: ObservedRunSpec = {
  image: 'sha256:abc',
  argv: ['/app/server', '--port', '8080'],
  env: ['A=1'],
  user: '10001:10001',
  workingDir: '/app',
  stopSignal: 'SIGTERM',
  stopTimeoutSeconds: 10,
  hostConfig: { ReadonlyRootfs: true, CapAdd: ['CHOWN'], PortBindings: { '443/tcp': [{ HostIp: '0.0.0.0', HostPort: '8443' }] } },
  config: { Labels: { team: 'stock', 'dev.harden.purpose': 'theirs' }, ExposedPorts: { '9000/tcp': {} } },
  uid: 10001,
  gid: 10001,
};

describe('the create body of an observed run', () => {
  it("publishes the service's ports and the probed ones on the engine's 127.0.0.1", () => {
    const service = { '443/tcp': [{ HostIp: '0.0.0.0', HostPort: '8443' }], '8080/tcp': [{ HostIp: '', HostPort: '18080' }] };
    assert.deepEqual(publishedPorts(service, [8080, 9090]), {
      '443/tcp': [{ HostIp: '127.0.0.1', HostPort: '8443' }],
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }],
      '9090/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    });
  });

  it('keeps harden\'s labels over the service\'s and exposes every published port', () => {
    const body = createOptions(SPEC, { labels: { 'dev.harden.purpose': 'verify' }, probedTcpPorts: [8080], tracerNeedsPtrace: false });
    assert.deepEqual(body.Labels, { team: 'stock', 'dev.harden.purpose': 'verify' });
    assert.deepEqual(body.ExposedPorts, { '9000/tcp': {}, '443/tcp': {}, '8080/tcp': {} });
    assert.deepEqual([body.Entrypoint, body.Cmd, body.User, body.WorkingDir], [['/app/server'], ['--port', '8080'], '10001:10001', '/app']);
  });

  it('wraps the command in the tracer, mounts it and adds SYS_PTRACE when asked', () => {
    const bundle = { loader: 'ld-linux-x86-64.so.2' } as TracerBundle;
    const body = createOptions(SPEC, {
      labels: {},
      probedTcpPorts: [],
      tracer: { bundle, volume: 'tracer', outputVolume: 'trace', traceFile: 'verify-1.log' },
      tracerNeedsPtrace: true,
    });
    assert.deepEqual(body.HostConfig?.CapAdd, ['CHOWN', 'SYS_PTRACE']);
    assert.deepEqual(body.HostConfig?.Mounts?.map((mount) => mount.Source), ['tracer', 'trace']);
    assert.deepEqual(body.Cmd?.slice(-3), ['/app/server', '--port', '8080']);
  });

  it('publishes nothing without a network of its own', () => {
    const body = createOptions({ ...SPEC, hostConfig: { ...SPEC.hostConfig, NetworkMode: 'host' } }, { labels: {}, probedTcpPorts: [8080], tracerNeedsPtrace: false });
    assert.equal(body.HostConfig?.PortBindings, undefined);
  });
});
