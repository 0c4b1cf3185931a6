import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerEngine } from '../../src/core/docker/dockerEngine';
import { ImageIndex } from '../../src/core/image/imageIndex';
import { ImageIndexCache } from '../../src/core/image/imageIndexCache';
import type { Logger } from '../../src/core/logger';
import type { HardeningManifest } from '../../src/core/manifest/manifestTypes';
import { profileImage, type ProfileResult } from '../../src/core/profile/profileImage';
import { engineWithFixtures, leftovers } from './engineForTests';

const IMAGE = 'harden-fixture/nginx:test';

/** What a profile concluded, without what differs from one run of the same app to the next (times, counts, the container's hostname). */
function conclusions(manifest: HardeningManifest): unknown {
  const { generator: _generator, profile: _profile, ...rest } = manifest;
  const concluded = { ...rest, writablePaths: rest.writablePaths.map(({ evidence: _evidence, ...path }) => path) };
  return JSON.parse(JSON.stringify(concluded, (key, value: unknown) => (key === 'env' && Array.isArray(value) ? value.filter((pair) => !String(pair).startsWith('HOSTNAME=')) : value)));
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), warn: (message) => lines.push(`warning: ${message}`), debug: () => undefined };
}

describe('the image index cache in a real profile', function () {
  this.timeout(300_000);
  let engine: DockerEngine;
  let directory: string;

  before(async () => {
    engine = await engineWithFixtures([IMAGE]);
    directory = mkdtempSync(join(tmpdir(), 'harden-index-cache-'));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));
  afterEach(async () => assert.deepEqual(await leftovers(engine, process.pid), []));

  const profile = (cache: ImageIndexCache, log: Logger): Promise<ProfileResult> =>
    profileImage(engine, {
      reference: IMAGE,
      pull: false,
      env: [],
      probes: [{ kind: 'http', port: 80, path: '/' }],
      timeoutSeconds: 60,
      signal: new AbortController().signal,
      log,
      environment: process.env,
      toolVersion: 'test',
      indexCache: cache,
    });

  let first: ProfileResult;

  it('reads the image on the first profile and takes the index from the cache on the second, with the same manifest', async () => {
    const firstLog = recordingLogger();
    first = await profile(new ImageIndexCache(directory), firstLog);
    assert.equal(first.indexRead.source, 'image');
    assert.ok(firstLog.lines.some((line) => /^read the image's files: [\d,]+ entries/.test(line)), firstLog.lines.join('\n'));

    // A new cache object on the same folder: nothing in memory, as in the next `harden profile`.
    const secondLog = recordingLogger();
    const second = await profile(new ImageIndexCache(directory), secondLog);
    assert.equal(second.indexRead.source, 'disk');
    assert.ok(secondLog.lines.some((line) => /^image files from the cache \([\d,]+ entries/.test(line)), secondLog.lines.join('\n'));
    assert.ok(!secondLog.lines.some((line) => line.startsWith("reading the image's files")), 'the image is not read again');
    assert.equal(second.index.size, first.index.size);
    assert.deepEqual(conclusions(second.manifest), conclusions(first.manifest));
  });

  it('really analyses with the cached index: a doctored one (no /var/lib/nginx in the image) changes the manifest', async () => {
    const data = first.index.toData();
    const doctored = ImageIndex.fromData({ ...data, entries: data.entries.filter((entry) => !entry.path.startsWith('/var/lib/nginx')) });
    const doctoredFolder = mkdtempSync(join(tmpdir(), 'harden-index-cache-'));
    try {
      await new ImageIndexCache(doctoredFolder).store(first.image.Id, doctored);
      const result = await profile(new ImageIndexCache(doctoredFolder), recordingLogger());
      assert.equal(result.indexRead.source, 'disk');
      assert.notDeepEqual(conclusions(result.manifest), conclusions(first.manifest));
    } finally {
      rmSync(doctoredFolder, { recursive: true, force: true });
    }
  });
});
