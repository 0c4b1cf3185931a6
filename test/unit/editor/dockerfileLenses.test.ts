import { strict as assert } from 'node:assert';
import { localImageTag, manifestForDockerfile, profileDecision, profileOfDockerfile, profileSummary, runtimeInstructions } from '../../../src/core/editor/dockerfileLenses';
import { fixtureVariant, loadFixtureManifest } from '../generate/goldenFiles';

describe('Dockerfile code lenses', () => {
  it('sit on the final stage FROM and the ENTRYPOINT and CMD in effect there', () => {
    const source = [
      'FROM golang:1.22 AS build', // 0
      'CMD ["go", "version"]', // 1
      'RUN go build -o /app .', // 2
      '', // 3
      'FROM debian:12-slim', // 4
      'COPY --from=build /app /app', // 5
      'ENTRYPOINT ["/bin/true"]', // 6
      'ENTRYPOINT ["/app"]', // 7
      'CMD ["--serve"]', // 8
    ].join('\n');
    assert.deepEqual(
      runtimeInstructions(source).map((instruction) => [instruction.keyword, instruction.range.start.line]),
      [
        ['FROM', 4],
        ['ENTRYPOINT', 7],
        ['CMD', 8],
      ],
    );
  });

  it('find only FROM when the final stage inherits its command, nothing in an empty file', () => {
    assert.deepEqual(runtimeInstructions('FROM nginx:1.25\nCOPY site /usr/share/nginx/html\n').map((instruction) => instruction.keyword), ['FROM']);
    assert.deepEqual(runtimeInstructions('# only a comment\n'), []);
    assert.deepEqual(runtimeInstructions(''), []);
  });

  it('ignore a BOM and lowercase keywords', () => {
    assert.deepEqual(runtimeInstructions('\uFEFFfrom alpine\ncmd ["sh"]\n').map((instruction) => [instruction.keyword, instruction.range.start.line]), [
      ['FROM', 0],
      ['CMD', 1],
    ]);
  });

  it('sum up a profile: writable paths and whether a shell ran', () => {
    assert.equal(profileSummary(loadFixtureManifest('debian-nginx-root')), '3 writable paths · shell never executed');
    assert.equal(profileSummary(loadFixtureManifest('python-app-nonroot')), `${loadFixtureManifest('python-app-nonroot').writablePaths.length} writable paths · shell executed (dash)`);
    const noShell = fixtureVariant('debian-nginx-root', (manifest) => {
      manifest.components = manifest.components.filter((component) => component.category !== 'shell');
      manifest.writablePaths = manifest.writablePaths.slice(0, 1);
    });
    assert.equal(profileSummary(noShell), '1 writable path · no shell in the image');
  });

  it('tag a local build after the Dockerfile directory', () => {
    assert.equal(localImageTag('/work/app/examples/Notes App/Dockerfile'), 'harden-local/notes-app:latest');
    assert.equal(localImageTag('/Dockerfile'), 'harden-local/app:latest');
  });

  it('find the manifest of a Dockerfile: remembered image, local tag, then directory name', () => {
    const manifest = (reference: string) => ({ manifest: fixtureVariant('debian-nginx-root', (m) => (m.image.reference = reference)), reference, manifestFile: `/w/.harden/${reference.split(/[/:]/)[1]}/manifest.yaml` });
    const candidates = [manifest('harden-example/notes:latest'), manifest('harden-local/web:latest'), manifest('registry.example/api:2')];
    assert.equal(manifestForDockerfile('/w/api/Dockerfile', candidates, 'registry.example/api:2')?.reference, 'registry.example/api:2');
    assert.equal(manifestForDockerfile('/w/web/Dockerfile', candidates)?.reference, 'harden-local/web:latest');
    assert.equal(manifestForDockerfile('/w/examples/notes/Dockerfile', candidates)?.reference, 'harden-example/notes:latest');
    assert.equal(manifestForDockerfile('/w/other/Dockerfile', candidates), undefined);
    assert.equal(manifestForDockerfile('/w/other/Dockerfile', candidates, 'gone:1'), undefined);
  });

  it('find first the manifest whose image was built from the Dockerfile, whatever else matches', () => {
    const built = {
      manifest: fixtureVariant('editor-built-redis', () => {}),
      reference: 'built',
      manifestFile: '/w/.harden/redis/manifest.yaml',
    };
    const byName = { manifest: fixtureVariant('debian-nginx-root', (m) => (m.image.reference = 'harden-local/redis:latest')), reference: 'by name', manifestFile: '/w/.harden/x/manifest.yaml' };
    assert.equal(manifestForDockerfile('/w/redis/Dockerfile', [byName, built], 'harden-local/redis:latest')?.reference, 'built');
  });

  it('follow only a profile of the image the Dockerfile builds, never a manifest that merely looks related', () => {
    const built = { manifest: fixtureVariant('editor-built-redis', () => {}), manifestFile: '/w/.harden/redis/manifest.yaml' };
    const hubRedis = { manifest: fixtureVariant('debian-nginx-root', (m) => (m.image.reference = 'redis:7')), manifestFile: '/w/.harden/redis-hub/manifest.yaml' };
    assert.equal(profileOfDockerfile('/w/redis/Dockerfile', [hubRedis, built]), built);
    assert.equal(profileOfDockerfile('/w/redis/Dockerfile', [hubRedis], 'redis:7'), hubRedis);
    // Named like the Dockerfile's folder, profiled from elsewhere: a lens may show it, lint must not follow it.
    assert.equal(profileOfDockerfile('/w/redis/Dockerfile', [hubRedis]), undefined);
    assert.equal(manifestForDockerfile('/w/redis/Dockerfile', [hubRedis]), hubRedis);
  });

  it('say what the profile decided: the user, the writable paths, verified or not', () => {
    assert.equal(profileDecision(loadFixtureManifest('editor-built-redis')), 'runs as 100:101 · 1 writable path · not verified');
    const rootVerified = fixtureVariant('debian-nginx-root', (m) => {
      m.verification = { verified: true, rounds: [{ round: 1, passed: true, mode: 'exact', problems: [], learned: [] }] };
    });
    assert.equal(profileDecision(rootVerified), `keeps root · 3 writable paths · verified`);
  });
});
