import { strict as assert } from 'node:assert';
import { equivalentCommand, requestFromManifest } from '../../../src/core/editor/profileRequest';
import { fixtureVariant, loadFixtureManifest } from '../generate/goldenFiles';

describe('profiling again', () => {
  it('runs the image the way the manifest records', () => {
    const manifest = fixtureVariant('python-app-nonroot', (m) => {
      m.profile.overrides = { entrypoint: ['/app/start'], cmd: ['--port', '8080'], env: ['MODE=test'], user: '10001' };
      m.profile.observeSeconds = 30;
    });
    assert.deepEqual(requestFromManifest(manifest), {
      reference: manifest.image.reference,
      probes: manifest.profile.probes,
      durationSeconds: 30,
      entrypoint: ['/app/start'],
      cmd: ['--port', '8080'],
      env: ['MODE=test'],
      user: '10001',
    });
  });

  it('leaves out what the manifest does not override', () => {
    const request = requestFromManifest(loadFixtureManifest('debian-nginx-root'));
    assert.deepEqual(Object.keys(request).sort(), ['env', 'probes', 'reference']);
  });

  it('names the equivalent command line, quoted for a shell', () => {
    assert.equal(
      equivalentCommand({ reference: 'nginx:1.25', probes: [{ kind: 'http', port: 80, path: '/' }, { kind: 'exec', argv: ['/bin/check', 'it'] }], env: ["GREETING=it's me"], cmd: ['a b'] }, '.harden/nginx'),
      `harden profile nginx:1.25 --probe http:80/ --probe 'exec:/bin/check it' --cmd 'a b' --env 'GREETING=it'\\''s me' --out .harden/nginx`,
    );
    assert.equal(equivalentCommand({ reference: 'nginx', probes: [], env: [] }, '.harden/nginx'), 'harden profile nginx --out .harden/nginx');
  });
});
