import { strict as assert } from 'node:assert';
import { HardenError } from '../../../src/core/errors';
import { assertMatchesSchema } from '../../../src/core/manifest/manifestSchema';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { fixtureVariant, loadFixtureManifest } from '../generate/goldenFiles';

function schemaProblem(manifest: unknown): string {
  try {
    assertMatchesSchema(manifest, 'manifest.yaml');
  } catch (error) {
    assert.ok(error instanceof HardenError && error.kind === 'manifest-invalid');
    return error.message.replace('manifest.yaml is not a valid harden manifest: ', '');
  }
  return 'valid';
}

/** Every mapping in a value, with the field path the error messages use. */
function mappings(value: unknown, path = ''): Array<{ path: string; object: Record<string, unknown> }> {
  if (Array.isArray(value)) return value.flatMap((item, index) => mappings(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  return [
    { path, object },
    ...Object.entries(object).flatMap(([key, child]) => mappings(child, path === '' ? key : `${path}.${key}`)),
  ];
}

describe('manifest schema', () => {
  it('accepts every optional field of the types', () => {
    const manifest: HardeningManifest = fixtureVariant('python-app-nonroot', (edit) => {
      edit.profile.overrides = { entrypoint: ['/app/run'], cmd: ['serve'], env: ['A=1'], user: '10001' };
      edit.profile.observeSeconds = 30;
      edit.profile.readySeconds = null;
      edit.profile.probes = [
        { kind: 'tcp', port: 8080 },
        { kind: 'http', port: 8080, path: '/healthz' },
        { kind: 'exec', argv: ['/app/healthcheck'] },
      ];
      edit.execution.main.interpreter = '/usr/local/bin/python3.12';
    });
    assert.equal(schemaProblem(manifest), 'valid');
  });

  it('catches a misspelt field at every level', () => {
    const manifest = loadFixtureManifest('debian-nginx-root');
    for (const { path, object } of mappings(manifest)) {
      object.typo = true;
      const field = path === '' ? 'typo' : `${path}.typo`;
      assert.equal(schemaProblem(manifest), `field ${field} is not part of schemaVersion 1.`);
      delete object.typo;
    }
  });

  const cases: Array<[string, (manifest: HardeningManifest) => void, string]> = [
    ['an unknown kind', (m) => ((m.writablePaths[0] as { kind: string }).kind = 'temp'), 'writablePaths[0].kind is "temp"; expected one of data, run, cache, log, scratch.'],
    ['an unknown mount type', (m) => ((m.writablePaths[0].mount as { type: string }).type = 'bind'), 'writablePaths[0].mount.type is "bind"; expected one of tmpfs, volume.'],
    ['a field of the other mount type', (m) => Object.assign(m.writablePaths[1].mount, { seededFromImage: true }), 'field writablePaths[1].mount.seededFromImage is not part of schemaVersion 1.'],
    ['a numeric mode', (m) => Object.assign(m.writablePaths[1].mount, { mode: 755 }), 'writablePaths[1].mount.mode is 755; expected text.'],
    ['a mode that is not octal', (m) => Object.assign(m.writablePaths[1].mount, { mode: '0789' }), 'writablePaths[1].mount.mode is "0789"; expected octal permission bits as text, such as "0755" or "1777".'],
    ['a volume name Kubernetes rejects', (m) => Object.assign(m.writablePaths[0].mount, { name: 'App_Data' }), `writablePaths[0].mount.name is "App_Data"; expected a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters): it names the Compose volume and the Kubernetes claim.`],
    ['a non-root decision for uid 0', (m) => Object.assign(m.runAs, { uid: 0 }), 'runAs.uid is 0; expected >= 1 (a non-root decision needs a non-zero uid).'],
    ['a CAP_ prefix', (m) => m.capabilities.push({ capability: 'CAP_KILL', evidence: [], count: 1 }), 'capabilities[0].capability is "CAP_KILL"; expected a capability name in upper case without the CAP_ prefix, such as NET_BIND_SERVICE.'],
    ['a port out of range', (m) => Object.assign(m.ports[0], { port: 70000 }), 'ports[0].port is 70000; expected <= 65535.'],
    ['an unknown probe kind', (m) => Object.assign(m.profile.probes[0], { kind: 'grpc' }), 'profile.probes[0].kind is "grpc"; expected one of tcp, http, exec.'],
    ['an http probe without path', (m) => delete (m.profile.probes[0] as { path?: string }).path, 'field profile.probes[0].path is missing.'],
    ['an entrypoint given as text', (m) => Object.assign(m.image, { entrypoint: '/docker-entrypoint.sh' }), 'image.entrypoint is "/docker-entrypoint.sh"; expected a list or null.'],
    ['a repeated evidence source', (m) => m.writablePaths[0].evidence.sources.push('trace'), 'writablePaths[0].evidence.sources lists "trace" twice.'],
    ['a date that is not ISO 8601', (m) => Object.assign(m.generator, { createdAt: 'yesterday' }), 'generator.createdAt is "yesterday"; expected an ISO 8601 date and time such as 2025-01-15T10:00:00.000Z.'],
    ['a relative writable path', (m) => Object.assign(m.writablePaths[0], { path: 'var/lib/app' }), 'writablePaths[0].path is "var/lib/app"; expected an absolute path.'],
  ];
  for (const [what, edit, message] of cases) {
    it(`names the field for ${what}`, () => {
      assert.equal(schemaProblem(fixtureVariant('python-app-nonroot', edit)), message);
    });
  }
});
