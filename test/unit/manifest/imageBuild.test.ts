import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { dockerfileOf, imageBuildFor, isBuiltFrom, recordedImageBuild } from '../../../src/core/manifest/imageBuild';
import { parseManifest, manifestToYaml } from '../../../src/core/manifest/manifestFile';
import { loadFixtureManifest } from '../generate/goldenFiles';

describe('image.build: where an image Harden built came from', () => {
  const redis = loadFixtureManifest('editor-built-redis');

  it('keeps the context relative to the manifest and the Dockerfile relative to the context', () => {
    assert.deepEqual(imageBuildFor('/w/.harden/redis', '/w/redis/Dockerfile'), { context: '../../redis', dockerfile: 'Dockerfile' });
    assert.deepEqual(imageBuildFor('/w/.harden/app', '/w/Dockerfile.dev'), { context: '../..', dockerfile: 'Dockerfile.dev' });
    assert.deepEqual(imageBuildFor('/w', '/w/Dockerfile'), { context: '.', dockerfile: 'Dockerfile' });
  });

  it('leads back to the Dockerfile from where the manifest is, and only from there', () => {
    assert.equal(dockerfileOf(redis, '/w/.harden/redis/manifest.yaml'), '/w/redis/Dockerfile');
    assert.ok(isBuiltFrom(redis, '/w/.harden/redis/manifest.yaml', '/w/redis/Dockerfile'));
    assert.ok(!isBuiltFrom(redis, '/w/sub/.harden/redis/manifest.yaml', '/w/redis/Dockerfile'));
    assert.equal(dockerfileOf(loadFixtureManifest('python-app-nonroot'), '/w/.harden/x/manifest.yaml'), undefined);
  });

  it('is written and read back by the manifest file', () => {
    assert.deepEqual(parseManifest(manifestToYaml(redis), 'manifest.yaml').image.build, { context: '../../redis', dockerfile: 'Dockerfile' });
  });

  it('is refused in one sentence when a path is absolute or the Dockerfile is missing', () => {
    const yaml = manifestToYaml(redis);
    assert.throws(() => parseManifest(yaml.replace('context: ../../redis', 'context: /home/me/redis'), 'manifest.yaml'), /image\.build\.context is "\/home\/me\/redis"; expected a relative path/);
    assert.throws(() => parseManifest(yaml.replace('    dockerfile: Dockerfile\n', ''), 'manifest.yaml'), /field image\.build\.dockerfile is missing/);
  });

  it('is kept from the earlier profile in the same folder when a profile is repeated without --dockerfile', async () => {
    const folder = join(__dirname, '..', 'fixtures', 'manifests', 'editor-built-redis');
    assert.deepEqual(await recordedImageBuild(folder, 'harden-local/redis:latest'), redis.image.build);
  });

  it('is not taken from a manifest of another image, nor from a folder without one', async () => {
    const folder = join(__dirname, '..', 'fixtures', 'manifests', 'editor-built-redis');
    assert.equal(await recordedImageBuild(folder, 'harden-fixture/redis:test'), undefined);
    assert.equal(await recordedImageBuild(join(folder, 'k8s'), 'harden-local/redis:latest'), undefined);
  });
});
