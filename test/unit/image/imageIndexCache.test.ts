import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ImageIndex } from '../../../src/core/image/imageIndex';
import { ImageIndexCache, imageIndexCacheDirectory } from '../../../src/core/image/imageIndexCache';
import { encodeImageIndex } from '../../../src/core/image/imageIndexFile';
import { packTar, type TarEntryInput } from '../../../src/core/docker/tarArchive';

const IMAGE_A = `sha256:${'a'.repeat(64)}`;
const IMAGE_B = `sha256:${'b'.repeat(64)}`;
const IMAGE_C = `sha256:${'c'.repeat(64)}`;

/** The first 4 KiB of Debian's python3.11 (fixtures/elf/README.md): a real dynamically linked executable. */
const PYTHON_HEAD = readFileSync(join(__dirname, '..', 'fixtures', 'elf', 'amd64-python3.11.head'));

/** An image's root filesystem as `docker export` streams it: every kind of entry the index keeps something of. */
function rootFilesystem(options: { passwdMode?: number } = {}): TarEntryInput[] {
  return [
    { name: './', type: 'directory', mode: 0o755 },
    { name: 'etc/', type: 'directory', mode: 0o755 },
    { name: 'etc/passwd', type: 'file', mode: options.passwdMode ?? 0o644, content: Buffer.from('root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n') },
    { name: 'etc/group', type: 'file', mode: 0o644, content: Buffer.from('root:x:0:\nwww-data:x:33:\n') },
    { name: 'usr/', type: 'directory', mode: 0o755 },
    { name: 'usr/bin/', type: 'directory', mode: 0o755 },
    { name: 'usr/bin/python3.11', type: 'file', mode: 0o755, content: PYTHON_HEAD },
    { name: 'usr/bin/python3', type: 'symlink', mode: 0o777, linkname: 'python3.11' },
    { name: 'usr/local/', type: 'directory', mode: 0o755 },
    { name: 'usr/local/bin/', type: 'directory', mode: 0o755 },
    { name: 'usr/local/bin/start.sh', type: 'file', mode: 0o755, content: Buffer.from('#!/bin/sh -e\nexec python3 -m app\n') },
    { name: 'var/', type: 'directory', mode: 0o755 },
    { name: 'var/lib/', type: 'directory', mode: 0o755 },
    { name: 'var/lib/dpkg/', type: 'directory', mode: 0o755 },
    { name: 'var/lib/dpkg/status', type: 'file', mode: 0o644, content: Buffer.from('Package: python3.11-minimal\nStatus: install ok installed\nVersion: 3.11.2-6\n\n') },
    { name: 'var/www/', type: 'directory', mode: 0o750, uid: 33, gid: 33 },
  ];
}

async function indexOf(entries: TarEntryInput[]): Promise<ImageIndex> {
  return ImageIndex.fromTar(Readable.from(await packTar(entries)));
}

/** Everything an index answers, as plain data to compare. */
function answers(index: ImageIndex): unknown {
  return {
    entries: [...index.all()].map(({ path, type, mode, uid, gid, size, linkname }) => ({ path, type, mode, uid, gid, size, linkname })),
    passwd: index.content('/etc/passwd'),
    group: index.content('/etc/group'),
    shebang: index.shebang('/usr/local/bin/start.sh'),
    loader: index.loader('/usr/bin/python3'),
    databases: [...index.packageDatabaseFiles()],
  };
}

function cacheFolder(): string {
  return mkdtempSync(join(tmpdir(), 'harden-index-cache-'));
}

describe('image index cache', () => {
  const folders: string[] = [];
  const newFolder = (): string => {
    const folder = cacheFolder();
    folders.push(folder);
    return folder;
  };
  after(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('gives back from disk, in a new process, exactly the index a real tar made', async () => {
    const index = await indexOf(rootFilesystem());
    assert.equal(index.loader('/usr/bin/python3'), '/lib64/ld-linux-x86-64.so.2', 'the tar exercises the ELF head');
    const directory = newFolder();
    await new ImageIndexCache(directory).store(IMAGE_A, index);

    const loaded = await new ImageIndexCache(directory).load(IMAGE_A);
    assert.equal(loaded.source, 'disk');
    assert.deepEqual(answers(loaded.index as ImageIndex), answers(index));
  });

  it('tells an index of a different filesystem apart (one mode changed)', async () => {
    const index = await indexOf(rootFilesystem());
    const directory = newFolder();
    await new ImageIndexCache(directory).store(IMAGE_A, await indexOf(rootFilesystem({ passwdMode: 0o600 })));
    const loaded = await new ImageIndexCache(directory).load(IMAGE_A);
    assert.notDeepEqual(answers(loaded.index as ImageIndex), answers(index));
  });

  it('answers a second lookup in the same process from memory', async () => {
    const cache = new ImageIndexCache(newFolder());
    const index = await indexOf(rootFilesystem());
    await cache.store(IMAGE_A, index);
    assert.equal((await cache.load(IMAGE_A)).source, 'memory');
    assert.equal((await cache.load(IMAGE_B)).index, undefined, 'another image is not in it');
  });

  it('ignores and removes a damaged entry, and the next store writes it again', async () => {
    const directory = newFolder();
    const cache = new ImageIndexCache(directory);
    const index = await indexOf(rootFilesystem());
    await cache.store(IMAGE_A, index);
    const [file] = readdirSync(directory);
    const bytes = readFileSync(join(directory, file));
    writeFileSync(join(directory, file), bytes.subarray(0, bytes.length - 10));

    const damaged = await new ImageIndexCache(directory).load(IMAGE_A);
    assert.equal(damaged.index, undefined);
    assert.match(damaged.ignored ?? '', /./);
    assert.deepEqual(readdirSync(directory), [], 'the damaged file is gone');

    await new ImageIndexCache(directory).store(IMAGE_A, index);
    assert.equal((await new ImageIndexCache(directory).load(IMAGE_A)).source, 'disk');
  });

  it('does not believe a well-formed file that holds another image, another format version or a short column', async () => {
    const directory = newFolder();
    const index = await indexOf(rootFilesystem());
    const fileOf = (id: string): string => join(directory, `${id.replace(':', '-')}.json.gz`);
    writeFileSync(fileOf(IMAGE_A), encodeImageIndex(IMAGE_B, index));
    assert.match((await new ImageIndexCache(directory).load(IMAGE_A)).ignored ?? '', /not of sha256:a/);

    const stored = JSON.parse(gunzipSync(encodeImageIndex(IMAGE_A, index)).toString('utf8')) as Record<string, unknown>;
    writeFileSync(fileOf(IMAGE_A), gzipSync(JSON.stringify({ ...stored, version: 0 })));
    assert.match((await new ImageIndexCache(directory).load(IMAGE_A)).ignored ?? '', /format 0/);

    writeFileSync(fileOf(IMAGE_A), gzipSync(JSON.stringify({ ...stored, modes: (stored.modes as number[]).slice(1) })));
    assert.match((await new ImageIndexCache(directory).load(IMAGE_A)).ignored ?? '', /modes do not match/);

    writeFileSync(fileOf(IMAGE_A), gzipSync(JSON.stringify(stored)));
    assert.equal((await new ImageIndexCache(directory).load(IMAGE_A)).source, 'disk', 'the untouched document is believed');
  });

  it('drops the least recently used files once the folder passes its bound', async () => {
    const directory = newFolder();
    const index = await indexOf(rootFilesystem());
    const oneFile = encodeImageIndex(IMAGE_A, index).length;
    const cache = new ImageIndexCache(directory, oneFile * 2 + 100);
    await cache.store(IMAGE_A, index);
    await cache.store(IMAGE_B, index);
    // A used long ago, B recently: a third file must push A out.
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(directory, `sha256-${'a'.repeat(64)}.json.gz`), longAgo, longAgo);
    await cache.store(IMAGE_C, index);
    assert.deepEqual(readdirSync(directory).sort(), [`sha256-${'b'.repeat(64)}.json.gz`, `sha256-${'c'.repeat(64)}.json.gz`]);
  });

  it('keeps every file while the folder is within its bound', async () => {
    const directory = newFolder();
    const index = await indexOf(rootFilesystem());
    const cache = new ImageIndexCache(directory);
    for (const id of [IMAGE_A, IMAGE_B, IMAGE_C]) await cache.store(id, index);
    assert.equal(readdirSync(directory).length, 3);
    assert.ok(readdirSync(directory).every((name) => statSync(join(directory, name)).size > 0));
  });

  it('is off with HARDEN_CACHE_DIR=off: nothing written, nothing found, not even in memory', async () => {
    const home = newFolder();
    const cache = ImageIndexCache.forEnvironment({ HARDEN_CACHE_DIR: 'off', HOME: home });
    assert.equal(cache.enabled, false);
    await cache.store(IMAGE_A, await indexOf(rootFilesystem()));
    assert.deepEqual(await cache.load(IMAGE_A), {});
    assert.deepEqual(readdirSync(home), []);
  });

  it('lives where HARDEN_CACHE_DIR says, else under XDG_CACHE_HOME, else ~/.cache', async () => {
    const relocated = newFolder();
    const cache = ImageIndexCache.forEnvironment({ HARDEN_CACHE_DIR: relocated });
    await cache.store(IMAGE_A, await indexOf(rootFilesystem()));
    assert.deepEqual(readdirSync(join(relocated, 'image-index')), [`sha256-${'a'.repeat(64)}.json.gz`]);
    assert.equal(imageIndexCacheDirectory({ XDG_CACHE_HOME: '/xdg', HOME: '/home/u' }), '/xdg/harden/image-index');
    assert.equal(imageIndexCacheDirectory({ HOME: '/home/u' }), '/home/u/.cache/harden/image-index');
    assert.throws(() => imageIndexCacheDirectory({ HARDEN_CACHE_DIR: 'cache' }), /HARDEN_CACHE_DIR=cache: expected an absolute path, or "off"/);
  });

  it('stores nothing for an id that is not a content hash (it could name a path)', async () => {
    const directory = newFolder();
    const cache = new ImageIndexCache(directory);
    await cache.store('sha256:../../etc', await indexOf(rootFilesystem()));
    assert.deepEqual(readdirSync(directory), []);
  });
});
