import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pack } from 'tar-stream';
import { ImageIndex } from '../../../src/core/image/imageIndex';

/** A tar as `docker export` writes it: names without a leading `./`, dot files at the root. */
async function exportedTar(names: string[]): Promise<Readable> {
  const tar = pack();
  for (const name of names) {
    if (name.endsWith('/')) tar.entry({ name, type: 'directory', mode: 0o755 });
    else tar.entry({ name, mode: 0o755 }, 'x');
  }
  tar.finalize();
  return Readable.from([await buffer(tar)]);
}

describe('the index of an exported image', () => {
  it('keeps the leading dot of names at the root (/.dockerenv, /.harden/init)', async () => {
    const index = await ImageIndex.fromTar(await exportedTar(['.dockerenv', '.harden/', '.harden/init', 'etc/', 'etc/.pwd.lock']));
    assert.deepEqual([...index.all()].map((entry) => entry.path), ['/.dockerenv', '/.harden', '/.harden/init', '/etc', '/etc/.pwd.lock']);
  });

  it('reads `./`-prefixed and absolute names as the same paths, and ./ as the root', async () => {
    const index = await ImageIndex.fromTar(await exportedTar(['./', './.harden/', '/.harden/init', './etc/']));
    assert.deepEqual([...index.all()].map((entry) => entry.path), ['/', '/.harden', '/.harden/init', '/etc']);
  });
});
