import { strict as assert } from 'node:assert';
import { composeCapabilities } from '../../../src/core/generate/hardenedSettings';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HardenError } from '../../../src/core/errors';
import { generateCompose } from '../../../src/core/generate/composeGenerator';
import { parseComposeRunSpec, readComposeRunSpec, type HardenedRunSpec } from '../../../src/core/compose/composeRunSpec';
import { parseTmpfsOptions } from '../../../src/core/generate/tmpfsOptions';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { assertGolden, FIXTURES, fixtureVariant, validManifestFixtures } from '../generate/goldenFiles';

function composeError(text: string, service?: string): string {
  try {
    parseComposeRunSpec(text, 'compose.yaml', { service });
  } catch (error) {
    assert.ok(error instanceof HardenError && error.kind === 'manifest-invalid', String(error));
    return error.message;
  }
  return assert.fail('expected the compose file to be rejected');
}

/** What the manifest decided, in the terms a run spec can express. */
function mountsCapsAndUser(manifest: HardeningManifest) {
  return {
    tmpfs: manifest.writablePaths.flatMap(({ path, mount }) =>
      mount.type === 'tmpfs' ? [{ path, mode: mount.mode, uid: mount.uid, gid: mount.gid, sizeBytes: mount.sizeBytes, noexec: mount.noexec }] : [],
    ),
    volumes: manifest.writablePaths.flatMap(({ path, mount }) =>
      mount.type === 'volume' ? [{ source: mount.name, target: path, readOnly: false, kind: 'volume' }] : [],
    ),
    capAdd: composeCapabilities(manifest).map((grant) => grant.capability),
    user: manifest.runAs.nonRoot ? `${manifest.runAs.uid}:${manifest.runAs.gid}` : undefined,
  };
}

function specMountsCapsAndUser(spec: HardenedRunSpec) {
  return {
    tmpfs: Object.entries(spec.tmpfs).map(([path, options]) => {
      const { mode, uid, gid, sizeBytes, noexec } = parseTmpfsOptions(options);
      return { path, mode, uid, gid, sizeBytes, noexec };
    }),
    volumes: spec.volumes,
    capAdd: spec.capAdd,
    user: spec.user,
  };
}

describe('compose run spec', () => {
  describe('gives back what the generator wrote', () => {
    for (const fixture of validManifestFixtures()) {
      it(`for ${fixture.name}`, () => {
        const spec = parseComposeRunSpec(generateCompose(fixture.manifest), 'compose.hardened.yaml');
        assert.deepEqual(specMountsCapsAndUser(spec), mountsCapsAndUser(fixture.manifest));
        assert.equal(spec.image, fixture.manifest.image.reference);
        assert.equal(spec.readOnly, true);
        assert.equal(spec.init, true);
        assert.deepEqual(spec.capDrop, ['ALL']);
        assert.deepEqual(spec.securityOpt, ['no-new-privileges:true']);
      });
    }

    it('including overrides with a literal $', () => {
      const manifest = fixtureVariant('python-app-nonroot', (edit) => {
        edit.profile.overrides = { env: ['PRICE=$5'], entrypoint: ['/app/run'], cmd: ['--motd', 'it costs ${PRICE}'] };
      });
      const spec = parseComposeRunSpec(generateCompose(manifest), 'compose.hardened.yaml');
      assert.deepEqual([spec.env, spec.entrypoint, spec.command], [['PRICE=$5'], ['/app/run'], ['--motd', 'it costs ${PRICE}']]);
    });
  });

  it('reads reasonable hand edits', () => {
    const spec = parseComposeRunSpec(
      `services:
  web:
    image: nginx:1.25
    read_only: "true"
    init: false
    user: 101
    tmpfs: /tmp
    cap_drop: !override [all]
    cap_add: [cap_chown, NET_BIND_SERVICE]
    security_opt: !reset []
    environment: { A: 1, B: "", C: "x$$y" }
    entrypoint: /docker-entrypoint.sh
    command: nginx -g "daemon off;" -c '/etc/nginx/my conf'
    volumes:
      - ./html:/usr/share/nginx/html:ro,z
      - /var/cache/nginx
      - logs:/var/log/nginx
      - type: tmpfs
        target: /run
        tmpfs: { size: 1m, mode: 0755 }
      - { type: volume, source: data, target: /data, read_only: true }
      - { type: bind, source: /srv/conf, target: /etc/app }
volumes:
  logs:
  data: { name: web-data, driver: local }
`,
      '/srv/site/compose.yaml',
    );
    assert.deepEqual(spec, {
      source: '/srv/site/compose.yaml',
      service: 'web',
      image: 'nginx:1.25',
      readOnly: true,
      init: false,
      user: '101',
      groupAdd: [],
      tmpfs: { '/tmp': '', '/run': 'size=1m,mode=755' },
      volumes: [
        { source: '/srv/site/html', target: '/usr/share/nginx/html', readOnly: true, kind: 'bind', createHostPath: true, selinux: 'z' },
        { source: '', target: '/var/cache/nginx', readOnly: false, kind: 'volume' },
        { source: 'logs', target: '/var/log/nginx', readOnly: false, kind: 'volume' },
        { source: 'data', target: '/data', readOnly: true, kind: 'volume' },
        { source: '/srv/conf', target: '/etc/app', readOnly: false, kind: 'bind', createHostPath: false },
      ],
      capAdd: ['CHOWN', 'NET_BIND_SERVICE'],
      capDrop: ['ALL'],
      securityOpt: [],
      privileged: false,
      env: ['A=1', 'B=', 'C=x$y'],
      envFiles: [],
      entrypoint: ['/docker-entrypoint.sh'],
      command: ['nginx', '-g', 'daemon off;', '-c', '/etc/nginx/my conf'],
      sysctls: {},
      ulimits: [],
      limits: {},
      ports: [],
      expose: [],
      labels: {},
      namespaces: {},
      devices: [],
      deviceCgroupRules: [],
      tty: false,
      stdinOpen: false,
      extraHosts: [],
      dns: [],
      dnsSearch: [],
      dnsOptions: [],
    });
  });

  it('reads YAML merge keys, as Compose does', () => {
    const spec = parseComposeRunSpec('x-common: &common {read_only: true, cap_drop: [ALL]}\nservices:\n  app:\n    <<: *common\n    image: x\n', 'compose.yaml');
    assert.deepEqual([spec.readOnly, spec.capDrop], [true, ['ALL']]);
  });

  it('picks the named service of several', () => {
    const text = readFileSync(join(FIXTURES, 'two-services', 'compose.hardened.yaml'), 'utf8');
    assert.equal(parseComposeRunSpec(text, 'compose.yaml', { service: 'cache' }).image, 'redis:7');
  });

  describe('rejects, in one sentence', () => {
    it('the two-services fixture', () => {
      const text = readFileSync(join(FIXTURES, 'two-services', 'compose.hardened.yaml'), 'utf8');
      assertGolden(join(FIXTURES, 'two-services', 'expected-error.txt'), `${composeError(text)}\n`);
    });

    it('a file that cannot be read', async () => {
      await assert.rejects(readComposeRunSpec('/nonexistent/compose.yaml'), {
        kind: 'manifest-invalid',
        message: 'Cannot read the Compose file /nonexistent/compose.yaml: no such file or directory.',
      });
    });

    const cases: Array<[string, string, string | undefined, string]> = [
      ['a manifest instead of a compose file', 'schemaVersion: 1\n', undefined, 'compose.yaml is not a Compose file: it has no `services` mapping.'],
      ['no services', 'services: {}\n', undefined, 'compose.yaml defines no services.'],
      ['an unknown service name', 'services:\n  a: {image: x}\n  b: {image: y}\n', 'c', 'compose.yaml has no service named c; it has a, b.'],
      ['a service without an image', 'services:\n  app: {read_only: true}\n', undefined, 'services.app in compose.yaml has no image; harden runs images, it does not build them.'],
      ['a top-level include', 'include: [other.yaml]\nservices:\n  app: {image: x}\n', undefined, 'include in compose.yaml pulls in other Compose files, which verify does not read: verify a file that defines the service itself.'],
      ['an unknown top-level key', 'servics: {}\nservices:\n  app: {image: x}\n', undefined, 'servics in compose.yaml is not a top-level Compose key harden knows, so verify cannot tell what it changes: remove it or correct its spelling.'],
      ['an undeclared named volume', 'services:\n  app: {image: x, volumes: [data:/data]}\n', undefined, 'services.app.volumes in compose.yaml mounts the volume data, which the file does not declare under the top-level volumes: declare it (Compose refuses it too).'],
      ['an external volume', 'services:\n  app: {image: x, volumes: [data:/data]}\nvolumes:\n  data: {external: true}\n', undefined, 'volumes.data.external in compose.yaml would give the service a volume other than the fresh, empty one verify creates for each run: remove it to verify.'],
      ['a volume driver option', 'services:\n  app: {image: x, volumes: [data:/data]}\nvolumes:\n  data: {driver_opts: {type: none, o: bind, device: /etc}}\n', undefined, 'volumes.data.driver_opts in compose.yaml would give the service a volume other than the fresh, empty one verify creates for each run: remove it to verify.'],
      ['a variable', 'services:\n  app: {image: "${REGISTRY}/app"}\n', undefined, 'services.app.image in compose.yaml uses the variable ${REGISTRY}, and harden reads the file without interpolating: write its value instead.'],
      ['a mapping for cap_add', 'services:\n  app: {image: x, cap_add: {CHOWN: true}}\n', undefined, 'services.app.cap_add in compose.yaml must be a list of strings.'],
      ['an npipe volume', 'services:\n  app: {image: x, volumes: [{type: npipe, target: /x}]}\n', undefined, 'services.app.volumes[0].type in compose.yaml must be volume, bind or tmpfs.'],
      ['an unterminated quote', 'services:\n  app: {image: x, command: "echo \'hi"}\n', undefined, 'services.app.command in compose.yaml has an unterminated quote.'],
      ['a YAML syntax error', 'services:\n  app: {image: x\n', undefined, 'compose.yaml is not valid YAML at line 3, column 1: Flow map in block collection must be sufficiently indented and end with a }.'],
    ];
    for (const [what, text, service, message] of cases) {
      it(what, () => assert.equal(composeError(text, service), message));
    }
  });
});
