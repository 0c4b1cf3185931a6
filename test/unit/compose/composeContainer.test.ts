import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerSpecFor } from '../../../src/core/compose/composeContainer';
import { parseComposeRunSpec } from '../../../src/core/compose/composeRunSpec';
import { FIXTURES } from '../generate/goldenFiles';
import { engineBody, MANIFEST, serviceSpec } from './composeCases';

describe('the container a Compose service describes', () => {
  it('is exactly this create body for the generated python-app-nonroot file', () => {
    const text = readFileSync(join(FIXTURES, 'python-app-nonroot', 'compose.hardened.yaml'), 'utf8');
    assert.deepEqual(engineBody(parseComposeRunSpec(text, 'compose.hardened.yaml'), [8080]), {
      Image: 'ghcr.io/acme/inventory-api:2.3.1',
      Entrypoint: ['/docker-entrypoint.sh'],
      Cmd: ['python', '-m', 'inventory', 'serve', '--port', '8080'],
      Env: ['INVENTORY_DATABASE=/var/lib/app/inventory.db'],
      User: '10001:10001',
      WorkingDir: '/app',
      StopSignal: 'SIGTERM',
      StopTimeout: 10,
      Labels: { 'dev.harden.managed': 'true' },
      ExposedPorts: { '8080/tcp': {} },
      Tty: false,
      OpenStdin: false,
      HostConfig: {
        ReadonlyRootfs: true,
        Tmpfs: {
          '/run/app': 'rw,noexec,nosuid,nodev,size=1m,mode=0755,uid=10001,gid=10001',
          '/var/cache/app': 'rw,noexec,nosuid,nodev,size=32m,mode=0750,uid=10001,gid=10001',
          '/tmp': 'rw,noexec,nosuid,nodev,size=64m,mode=1777,uid=0,gid=0',
        },
        Mounts: [{ Type: 'volume', Source: 'verify-inventoryapidata', Target: '/var/lib/app', ReadOnly: false }],
        CapDrop: ['ALL'],
        CapAdd: [],
        SecurityOpt: ['no-new-privileges:true'],
        Init: true,
        Privileged: false,
        GroupAdd: [],
        Sysctls: {},
        Ulimits: [],
        PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
        ExtraHosts: [],
        Dns: [],
        DnsSearch: [],
        DnsOptions: [],
        Devices: [],
        DeviceCgroupRules: [],
      },
    });
  });

  it('takes what the service leaves out from the profile, then the image', () => {
    const context = { volumeNames: new Map<string, string>(), imageWorkingDir: '/app' };
    const plain = containerSpecFor(MANIFEST, serviceSpec(''), context);
    assert.deepEqual(
      [plain.argv, plain.env, plain.user, plain.workingDir, plain.stopSignal, plain.stopTimeoutSeconds, plain.uid, plain.gid],
      [['/docker-entrypoint.sh', 'python', '-m', 'inventory', 'serve', '--port', '8080'], ['INVENTORY_DATABASE=/var/lib/app/inventory.db'], '10001:10001', '/app', 'SIGTERM', 10, 10001, 10001],
    );
    const own = containerSpecFor(MANIFEST, serviceSpec('user: "33"\nworking_dir: /srv\nstop_signal: SIGINT\nstop_grace_period: 2500ms\nenvironment: [INVENTORY_DATABASE=/srv/db]'), context);
    assert.deepEqual(
      [own.env, own.user, own.workingDir, own.stopSignal, own.stopTimeoutSeconds, own.uid, own.gid],
      [['INVENTORY_DATABASE=/srv/db'], '33', '/srv', 'SIGINT', 2, 33, 33],
    );
  });

  it('leaves out of the body what the service does not set, so the engine defaults apply as under Compose', () => {
    const body = engineBody(serviceSpec(''));
    for (const field of ['Init', 'Memory', 'NetworkMode', 'PidMode', 'ShmSize', 'Runtime', 'MaskedPaths']) {
      assert.ok(!(field in (body.HostConfig ?? {})), `HostConfig.${field} is left out`);
    }
    assert.ok(!('Hostname' in body) && !('Healthcheck' in body));
  });

  it('turns systempaths=unconfined into empty masked and read-only paths, as the Docker CLI and Compose do', () => {
    const body = engineBody(serviceSpec('security_opt: ["no-new-privileges", "systempaths=unconfined"]'));
    assert.deepEqual([body.HostConfig?.SecurityOpt, body.HostConfig?.MaskedPaths, body.HostConfig?.ReadonlyPaths], [['no-new-privileges'], [], []]);
  });

  it('turns the image health check off with healthcheck.disable', () => {
    assert.deepEqual(engineBody(serviceSpec('healthcheck: {disable: true}')).Healthcheck, { Test: ['NONE'] });
  });
});
