import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDockerEndpoint } from '../../../src/core/docker/dockerEndpoint';
import { probePortPublishing } from '../../../src/core/run/observedRun';

const endpointFor = (dockerHost: string) => resolveDockerEndpoint({ DOCKER_HOST: dockerHost, HOME: mkdtempSync(join(tmpdir(), 'home-')) });

describe('publishing probed ports', () => {
  for (const host of ['unix:///var/run/docker.sock', 'tcp://127.0.0.1:2375', 'tcp://localhost:2375']) {
    it(`publishes them on 127.0.0.1 only, for a local engine (${host})`, () => {
      const endpoint = endpointFor(host);
      assert.equal(endpoint.local, true);
      assert.deepEqual(probePortPublishing(endpoint, [8080, 9090]), {
        ExposedPorts: { '8080/tcp': {}, '9090/tcp': {} },
        PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], '9090/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      });
    });
  }

  for (const host of ['tcp://10.0.0.5:2376', 'ssh://builder@build.example.com']) {
    it(`publishes nothing for a remote engine, never on all its interfaces (${host})`, () => {
      const endpoint = endpointFor(host);
      assert.equal(endpoint.local, false);
      assert.deepEqual(probePortPublishing(endpoint, [8080]), { ExposedPorts: {}, PortBindings: {} });
    });
  }

  it('binds no port to an empty host address (all interfaces) for any engine', () => {
    for (const host of ['unix:///var/run/docker.sock', 'tcp://localhost:2375', 'tcp://10.0.0.5:2376', 'ssh://build.example.com']) {
      const bindings = Object.values(probePortPublishing(endpointFor(host), [80, 8080]).PortBindings).flat();
      assert.ok(bindings.every((binding) => binding.HostIp === '127.0.0.1'), `${host}: ${JSON.stringify(bindings)}`);
    }
  });
});
