import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toProductionView, type ProductionOutput } from '../../../src/core/editor/productionView';
import { readManifestFile } from '../../../src/core/manifest/manifestFile';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';

const FIXTURE = join(__dirname, '..', 'fixtures', 'production-redis');
const text = (name: string): string => readFileSync(join(FIXTURE, name), 'utf8');
const FILES = ['Dockerfile.prod', 'compose.prod.yaml', 'manifest.prod.yaml'];

describe("the preview's production image section", () => {
  let manifest: HardeningManifest;
  let output: ProductionOutput;
  before(async () => {
    manifest = await readManifestFile(join(FIXTURE, 'manifest.yaml'));
    output = { files: FILES, initConf: text('init.conf'), verifyText: text('verify-result.prod.json'), productionManifest: await readManifestFile(join(FIXTURE, 'manifest.prod.yaml')) };
  });
  const unbuilt = (): HardeningManifest => {
    const { production: _production, ...rest } = manifest;
    return rest;
  };

  it('shows a current build with its figures, its init configuration and its passed verify', () => {
    const view = toProductionView(manifest, output);
    assert.equal(view.stale, undefined);
    assert.equal(view.built?.tag, 'harden-test-prod/redis-webview:test');
    assert.deepEqual(view.built?.packages, manifest.production?.packages);
    assert.deepEqual(view.built?.init, { userDrop: '100:101', required: [], environment: ['HOME=/var/lib/redis'], steps: ['chown /data to 100:101'], seeds: [], exec: ['redis-server', '--port', '${REDIS_PORT:-6379}', '--dir', '/data', '--protected-mode', 'no'], appIsPid1: false });
    assert.equal(view.built?.verify?.passed, true);
    assert.equal(view.built?.verify?.rounds, 1);
  });

  it('shows a failed verify of the image as failed, and no verify at all when the result is of another image', () => {
    assert.equal(toProductionView(manifest, { ...output, verifyText: text('verify-result.prod.failed.json') }).built?.verify?.passed, false);
    const otherImage = text('verify-result.prod.json').replace('harden-test-prod/redis-webview:test', 'someone/else:1');
    assert.equal(toProductionView(manifest, { ...output, verifyText: otherImage }).built?.verify, undefined);
    assert.equal(toProductionView(manifest, { ...output, verifyText: undefined }).built?.verify, undefined);
  });

  it('is not built when neither the manifest nor the folder has a production image, and says what building would do', () => {
    const view = toProductionView(unbuilt(), { files: [] });
    assert.deepEqual(Object.keys(view), ['wouldDo']);
    assert.match(view.wouldDo, /^Builds harden-fixture\/redis-gosu-prod:test \(you can name it\)/);
  });

  it('is stale when a re-profile left production files from the profile before, or they came from another profile', () => {
    const reprofiled = { ...unbuilt(), generator: { ...manifest.generator, createdAt: '2026-12-02T08:00:00.000Z' } };
    const afterReprofile = toProductionView(reprofiled, output);
    assert.equal(afterReprofile.built, undefined);
    assert.match(afterReprofile.stale ?? '', /were built from an earlier profile \(of 2026-12-01T.*\), not from this one \(of 2026-12-02T08:00:00\.000Z\)/);
    const mismatched = toProductionView({ ...manifest, generator: reprofiled.generator }, output);
    assert.equal(mismatched.built, undefined);
    assert.match(mismatched.stale ?? '', /^harden-test-prod\/redis-webview:test was built from the profile of 2026-12-01T/);
    assert.match(toProductionView(manifest, { ...output, files: ['manifest.prod.yaml'] }).stale ?? '', /Dockerfile\.prod, compose\.prod\.yaml are gone/);
    const unfinished = toProductionView(unbuilt(), { files: ['Dockerfile.prod'] });
    assert.equal(unfinished.stale, 'Dockerfile.prod beside this manifest is from a build that did not finish; build the production image again.');
  });

  it('says why the init configuration cannot be shown instead of showing a guess', () => {
    const view = toProductionView(manifest, { ...output, initConf: 'harden-init 1\nexec "x\n' });
    assert.equal(view.built?.init, undefined);
    assert.equal(view.built?.initError, 'init.conf line 2: a quoted string has no closing quote.');
  });
});
