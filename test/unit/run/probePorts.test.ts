import { strict as assert } from 'node:assert';
import { publishedPorts } from '../../../src/core/run/publishedPorts';

describe('publishing probed and service ports', () => {
  it("publishes the probed ports on the engine's loopback only, on a port the engine picks", () => {
    assert.deepEqual(publishedPorts({}, [8080, 9090]), {
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '9090/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    });
  });

  it('moves a service port written for all interfaces (or a named one) to loopback, never all interfaces', () => {
    const service = { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '443/tcp': [{ HostIp: '0.0.0.0', HostPort: '8443' }, { HostIp: '10.0.0.5', HostPort: '9443' }] };
    const bindings = Object.values(publishedPorts(service, [80])).flat();
    assert.ok(bindings.every((binding) => binding.HostIp === '127.0.0.1'), JSON.stringify(bindings));
    // Sibling: the input itself does bind all interfaces, so the check above is not vacuous.
    assert.ok(Object.values(service).flat().some((binding) => binding.HostIp === '' || binding.HostIp === '0.0.0.0'));
  });
});
