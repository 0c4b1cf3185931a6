import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { findWritablePaths } from '../../../src/core/analysis/writablePaths';
import { ImageIndex, type ImageEntry } from '../../../src/core/image/imageIndex';
import { readTrace } from '../../../src/core/trace/readTrace';

const dir = (path: string, uid = 0, mode = 0o755): ImageEntry => ({ path, type: 'directory', mode, uid, gid: uid, size: 0 });
const file = (path: string): ImageEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 });
const BASE = [dir('/'), dir('/tmp', 0, 0o1777), dir('/etc'), dir('/srv'), dir('/var'), dir('/var/lib'), dir('/var/run'), dir('/run')];

async function writable(lines: string[], entries: ImageEntry[] = [], volumes: string[] = []) {
  const index = ImageIndex.fromEntries([...BASE, ...entries]);
  const facts = await readTrace(Readable.from([`${lines.join('\n')}\n`]), { uid: 0, gid: 0, cwd: '/', stopSignal: 'SIGTERM' });
  return findWritablePaths({ facts, changes: [], index, imageVolumes: volumes, volumePrefix: 'app' });
}

describe('finding the minimal writable paths', () => {
  it('folds noisy temp directories into /tmp', async () => {
    const result = await writable([
      '1 mkdir("/tmp/tmpa8Zx", 0700) = 0',
      '1 openat(AT_FDCWD</>, "/tmp/tmpa8Zx/part-1", O_WRONLY|O_CREAT, 0600) = 3</tmp/tmpa8Zx/part-1>',
      '1 unlink("/tmp/tmpa8Zx/part-1") = 0',
    ]);
    assert.deepEqual(result.paths.map((path) => [path.path, path.kind]), [['/tmp', 'scratch']]);
    assert.deepEqual(result.paths[0].mount, { type: 'tmpfs', mode: '1777', uid: 0, gid: 0, sizeBytes: 64 * 1024 * 1024, noexec: true });
  });

  it('keeps the deepest directories written (/var/lib/app/db, not /var) and a created directory as its own mount', async () => {
    const result = await writable(
      ['1 openat(AT_FDCWD</>, "/var/lib/app/db/state", O_RDWR|O_CREAT, 0600) = 3</var/lib/app/db/state>', '1 mkdir("/var/lib/app/db2", 0755) = 0'],
      [dir('/var/lib/app', 1000), dir('/var/lib/app/db', 1000)],
    );
    assert.deepEqual(result.paths.map((path) => path.path), ['/var/lib/app/db', '/var/lib/app/db2']);
  });

  it('folds several directories the app creates side by side into their parent', async () => {
    const result = await writable(['1 mkdir("/var/lib/app/body", 0700) = 0', '1 mkdir("/var/lib/app/proxy", 0700) = 0'], [dir('/var/lib/app')]);
    assert.deepEqual(result.paths.map((path) => path.path), ['/var/lib/app']);
  });

  it('resolves symlinked directories: a pid file in /var/run lands in /run', async () => {
    const result = await writable(['1 unlink("/var/run/app.pid") = 0'], [{ path: '/var/run', type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, linkname: '/run' }]);
    assert.deepEqual(result.paths.map((path) => path.path), ['/run']);
  });

  it('gives a directory with image files the app reads a seeded volume instead of an empty tmpfs', async () => {
    const result = await writable(
      [
        '1 openat(AT_FDCWD</>, "/srv/conf/site.conf", O_RDONLY) = 3</srv/conf/site.conf>',
        '1 openat(AT_FDCWD</>, "/srv/conf/generated.conf", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4</srv/conf/generated.conf>',
      ],
      [dir('/srv/conf'), file('/srv/conf/site.conf')],
    );
    assert.equal(result.paths[0].mount.type, 'volume');
    assert.equal(result.paths[0].mount.type === 'volume' && result.paths[0].mount.seededFromImage, true);
    assert.match(result.warnings.join('\n'), /would hide them/);
  });

  it('keeps a tmpfs (with a warning) when the image files there are never read', async () => {
    const result = await writable(
      ['1 openat(AT_FDCWD</>, "/srv/conf/generated.conf", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4</srv/conf/generated.conf>'],
      [dir('/srv/conf'), file('/srv/conf/site.conf')],
    );
    assert.equal(result.paths[0].mount.type, 'tmpfs');
    assert.match(result.warnings.join('\n'), /hides 1 file/);
  });

  it('refuses to mount over / and says why', async () => {
    const result = await writable(['1 openat(AT_FDCWD</>, "/app.pid", O_WRONLY|O_CREAT, 0644) = 3</app.pid>']);
    assert.deepEqual(result.paths, []);
    assert.match(result.warnings[0], /writes directly into \/ \(\/app\.pid\)/);
  });

  it('turns writes into a declared VOLUME into one data volume', async () => {
    const result = await writable(
      ['1 openat(AT_FDCWD</>, "/srv/data/x/y", O_WRONLY|O_CREAT, 0644) = 3</srv/data/x/y>', '1 openat(AT_FDCWD</>, "/srv/owned/f", O_WRONLY|O_CREAT, 0644) = 3</srv/owned/f>'],
      [dir('/srv/data'), dir('/srv/data/x'), dir('/srv/owned', 1000)],
      ['/srv/data'],
    );
    assert.deepEqual(result.paths.map((path) => [path.path, path.kind, path.mount.type]), [
      ['/srv/data', 'data', 'volume'],
      ['/srv/owned', 'scratch', 'tmpfs'],
    ]);
  });
});
