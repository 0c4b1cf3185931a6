import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComposeField } from '../../../src/core/compose/composeFields';
import { readDuration } from '../../../src/core/compose/composeDuration';
import { readPorts } from '../../../src/core/compose/composePorts';
import { refusal, serviceSpec } from './composeCases';

const field = new ComposeField('compose.yaml', 'services.app.x');

describe('compose values', () => {
  it('reads durations as Compose (Go) writes them', () => {
    const cases: Array<[string, number]> = [['10s', 10e9], ['1m30s', 90e9], ['1.5s', 1.5e9], ['500ms', 0.5e9], ['2h', 7200e9], ['1h2m3s4ms', 3723.004e9], ['0', 0]];
    for (const [text, nanoseconds] of cases) assert.equal(readDuration(text, field), nanoseconds, text);
    for (const bad of [10, '10', '1x', '', 's', '-5s']) {
      assert.equal(refusal(() => readDuration(bad, field)), 'services.app.x in compose.yaml must be a duration such as 10s or 1m30s.', String(bad));
    }
  });

  it('reads ports in the short syntax, IPv6 and ranges included', () => {
    assert.deepEqual(readPorts(['[::1]:8080:80', '8000-8001:80-81/udp', '9000-9010:9000', 3000, '127.0.0.1::53/sctp'], field), [
      { target: 80, protocol: 'tcp', hostIp: '::1', published: '8080' },
      { target: 80, protocol: 'udp', hostIp: '', published: '8000' },
      { target: 81, protocol: 'udp', hostIp: '', published: '8001' },
      { target: 9000, protocol: 'tcp', hostIp: '', published: '9000-9010' },
      { target: 3000, protocol: 'tcp', hostIp: '', published: '' },
      { target: 53, protocol: 'sctp', hostIp: '127.0.0.1', published: '' },
    ]);
    assert.equal(refusal(() => readPorts(['70000'], field)), 'services.app.x[0] in compose.yaml has port 70000, outside 1-65535.');
    assert.equal(refusal(() => readPorts([{ target: 80, published: 8080, protcol: 'udp' }], field)), 'services.app.x[0].protcol in compose.yaml is not an option harden knows here (it knows target, published, host_ip, protocol, mode, name, app_protocol): remove it or correct its spelling.');
  });

  it('reads a seccomp profile file relative to the Compose file and sends its content, as Compose does', () => {
    const project = mkdtempSync(join(tmpdir(), 'harden-seccomp-'));
    writeFileSync(join(project, 'seccomp.json'), '{\n  "defaultAction": "SCMP_ACT_ERRNO",\n  "syscalls": []\n}\n');
    const spec = serviceSpec('security_opt: ["seccomp=./seccomp.json", "seccomp:unconfined"]', { project: { directory: project } });
    assert.deepEqual(spec.securityOpt, ['seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[]}', 'seccomp:unconfined']);
    assert.equal(
      refusal(() => serviceSpec('security_opt: ["seccomp=missing.json"]', { project: { directory: project } })),
      `services.app.security_opt[0] in compose.yaml names the seccomp profile missing.json, which does not exist (${join(project, 'missing.json')}).`,
    );
  });

  it('reads sysctls and labels as a mapping or a KEY=value list', () => {
    assert.deepEqual(serviceSpec('sysctls: ["net.core.somaxconn=1024", net.ipv4.ip_forward=0]').sysctls, { 'net.core.somaxconn': '1024', 'net.ipv4.ip_forward': '0' });
    assert.deepEqual(serviceSpec('labels: {a: 1, b: null}').labels, { a: '1', b: '' });
  });
});
