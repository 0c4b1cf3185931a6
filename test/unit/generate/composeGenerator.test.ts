import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { generateCompose } from '../../../src/core/generate/composeGenerator';
import { fixtureVariant, validManifestFixtures } from './goldenFiles';

interface ComposeService {
  image?: unknown;
  read_only?: unknown;
  init?: unknown;
  user?: unknown;
  cap_add?: unknown[];
  cap_drop?: unknown[];
  security_opt?: unknown[];
  tmpfs?: unknown[];
  volumes?: unknown[];
  environment?: unknown;
  command?: unknown;
}

const SERVICE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TMPFS_OPTION = /^(rw|ro|exec|noexec|suid|nosuid|dev|nodev|size=\d+[kmg]?|mode=[0-7]{3,4}|uid=\d+|gid=\d+)$/;

/**
 * The Compose rules from hardening-facts.md §1.2 that a generated file must keep: hardened defaults,
 * unique cap/security_opt lists, tmpfs in the short syntax (the long one has no uid/gid), declared volumes.
 */
function composeViolations(text: string): string[] {
  const compose = parse(text) as { services?: Record<string, ComposeService>; volumes?: Record<string, unknown> };
  const violations: string[] = [];
  const names = Object.keys(compose.services ?? {});
  if (names.length !== 1) return [`expected exactly one service, found ${names.length}`];
  const [name] = names;
  const service = compose.services![name];
  const check = (ok: boolean, message: string): void => {
    if (!ok) violations.push(message);
  };
  check(SERVICE_NAME.test(name), `service name ${name} is not a DNS-1123 label`);
  check(typeof service.image === 'string', 'image is not a string');
  check(service.read_only === true, 'read_only is not true');
  check(service.init === undefined || service.init === true, 'init is neither true nor absent');
  check(service.user === undefined || /^\d+:\d+$/.test(String(service.user)), `user ${String(service.user)} is not uid:gid`);
  for (const key of ['cap_add', 'cap_drop', 'security_opt', 'tmpfs'] as const) {
    const list = service[key] ?? [];
    check(new Set(list).size === list.length, `${key} has duplicates`);
    check(list.every((item) => typeof item === 'string'), `${key} has an item that is not a string`);
  }
  check(JSON.stringify(service.cap_drop) === '["ALL"]', 'cap_drop is not [ALL]');
  check((service.security_opt ?? []).includes('no-new-privileges:true'), 'no-new-privileges is missing');
  check(service.cap_add === undefined || service.cap_add.length > 0, 'cap_add is an empty list');
  for (const entry of (service.tmpfs ?? []) as string[]) {
    const [target, options = ''] = entry.split(/:(.*)/s);
    check(target.startsWith('/'), `tmpfs target ${target} is not absolute`);
    for (const option of options.split(',')) check(TMPFS_OPTION.test(option), `tmpfs option ${option} of ${target} is not one Docker takes`);
  }
  const declared = Object.keys(compose.volumes ?? {});
  for (const entry of service.volumes ?? []) {
    if (typeof entry === 'object' && entry !== null) {
      const long = entry as { type?: string; tmpfs?: Record<string, unknown> };
      check(long.type !== 'tmpfs' || Object.keys(long.tmpfs ?? {}).every((key) => key === 'size' || key === 'mode'), 'long-syntax tmpfs has options beyond size and mode');
      continue;
    }
    const source = String(entry).split(':')[0];
    check(source.startsWith('/') || declared.includes(source), `volume ${source} is not declared at the top level`);
  }
  return violations;
}

describe('compose generator', () => {
  for (const fixture of validManifestFixtures()) {
    it(`keeps the Compose rules for ${fixture.name}`, () => {
      assert.deepEqual(composeViolations(generateCompose(fixture.manifest)), []);
    });
  }

  it('has a rule checker that notices broken files', () => {
    const broken = `services:
  Web_1:
    image: x
    cap_drop: [ALL, ALL]
    security_opt: []
    tmpfs: ["/run:rw,size=1m,uid=x"]
    volumes: [data:/data, {type: tmpfs, target: /tmp, tmpfs: {size: 1m, uid: 1000}}]
`;
    assert.deepEqual(composeViolations(broken), [
      'service name Web_1 is not a DNS-1123 label',
      'read_only is not true',
      'cap_drop has duplicates',
      'cap_drop is not [ALL]',
      'no-new-privileges is missing',
      'tmpfs option uid=x of /run is not one Docker takes',
      'volume data is not declared at the top level',
      'long-syntax tmpfs has options beyond size and mode',
    ]);
  });

  it('runs as uid:gid only when the manifest decided non-root', () => {
    assert.equal(parse(generateCompose(fixtureVariant('python-app-nonroot', () => {}))).services['inventory-api'].user, '10001:10001');
    assert.equal(parse(generateCompose(fixtureVariant('debian-nginx-root', () => {}))).services['debian-nginx'].user, undefined);
  });

  it('leaves init to an image that starts its own', () => {
    for (const init of ['/usr/bin/tini', '/usr/bin/dumb-init', '/sbin/docker-init', '/catatonit', '/command/s6-svscan']) {
      const manifest = fixtureVariant('python-app-nonroot', (edit) => edit.execution.chain.unshift({ pid: 1, program: init, argv: [init, '--'], uid: 10001, gid: 10001 }));
      const text = generateCompose(manifest);
      assert.equal(parse(text).services['inventory-api'].init, undefined, init);
      assert.match(text, new RegExp(`# no init: the image's own ${init.split('/').pop()!} is PID 1`));
    }
  });

  it('drops noexec where a program ran, and sizes in k when not whole MiB', () => {
    const manifest = fixtureVariant('python-app-nonroot', (edit) => {
      Object.assign(edit.writablePaths[1].mount, { noexec: false, sizeBytes: 1536 * 1024 + 1 });
    });
    const text = generateCompose(manifest);
    assert.ok(text.includes('- /run/app:rw,nosuid,nodev,size=1537k,mode=0755,uid=10001,gid=10001\n'));
    assert.ok(text.includes('; exec allowed: a program ran from here'));
  });

  it('omits cap_add when no capability is used, and lists each once otherwise', () => {
    assert.ok(!generateCompose(fixtureVariant('python-app-nonroot', () => {})).includes('cap_add'));
    const doubled = fixtureVariant('debian-nginx-root', (edit) => edit.capabilities.push({ ...edit.capabilities[0] }));
    assert.deepEqual(parse(generateCompose(doubled)).services['debian-nginx'].cap_add, ['CHOWN', 'SETUID', 'SETGID', 'KILL']);
  });

  it('adds no NET_BIND_SERVICE for a port below 1024 (Docker opens them to every user) and says so', () => {
    const text = generateCompose(fixtureVariant('debian-nginx-root', () => {}));
    assert.ok(!parse(text).services['debian-nginx'].cap_add.includes('NET_BIND_SERVICE'));
    assert.match(text, /# no NET_BIND_SERVICE for port 80: Docker opens ports below 1024/);
  });

  it('runs no init when the app is PID 1 itself, and gives the init KILL when it must signal an app of another uid', () => {
    const noInit = fixtureVariant('debian-nginx-root', (edit) => {
      edit.init = { kind: 'none', needsKill: false, reason: 'no init: memcached switches to uid 100, …' };
    });
    const none = parse(generateCompose(noInit)).services['debian-nginx'];
    assert.equal(none.init, undefined);
    assert.match(generateCompose(noInit), /# no init: memcached switches to uid 100/);
    const withKill = fixtureVariant('python-app-nonroot', (edit) => {
      edit.init = { kind: 'docker', needsKill: true, reason: 'KILL for the init: app switches to uid 100' };
    });
    const service = parse(generateCompose(withKill)).services['inventory-api'];
    assert.equal(service.init, true);
    assert.deepEqual(service.cap_add, ['KILL']);
    // Sibling: the same manifest whose init needs no KILL adds none.
    const without = fixtureVariant('python-app-nonroot', (edit) => {
      edit.init = { kind: 'docker', needsKill: false, reason: "Docker's init" };
    });
    assert.equal(parse(generateCompose(without)).services['inventory-api'].cap_add, undefined);
  });

  it('escapes $ so Compose does not interpolate profile overrides', () => {
    const manifest = fixtureVariant('python-app-nonroot', (edit) => {
      edit.profile.overrides.env = ['GREETING=costs $5 or ${PRICE}'];
      edit.profile.overrides.cmd = ['serve', '--motd', '$HOME'];
    });
    const service = parse(generateCompose(manifest)).services['inventory-api'];
    assert.deepEqual(service.environment, ['GREETING=costs $$5 or $${PRICE}']);
    assert.deepEqual(service.command, ['serve', '--motd', '$$HOME']);
  });

  it('tells how to use it standalone and as an override, and about !override', () => {
    const header = generateCompose(fixtureVariant('debian-nginx-root', () => {})).split('\nservices:')[0];
    assert.match(header, /docker compose -f \.harden\/debian-nginx\/compose\.hardened\.yaml up/);
    assert.match(header, /docker compose -f compose\.yaml -f \.harden\/debian-nginx\/compose\.hardened\.yaml up/);
    assert.match(header, /cap_drop, security_opt and tmpfs add to what compose\.yaml sets/);
    assert.match(header, /!override.*Compose >= 2\.24\.4/);
  });
});
