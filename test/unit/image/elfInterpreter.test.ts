import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { elfInterpreter } from '../../../src/core/image/elfInterpreter';
import { ImageIndex } from '../../../src/core/image/imageIndex';
import { loadRecording } from '../recordedFixture';

/** The first 4 KiB of a real executable, as the image index reads it (fixtures/elf/README.md says where each is from). */
const head = (name: string): Buffer => readFileSync(join(__dirname, '..', 'fixtures', 'elf', `${name}.head`));
const BUILT_INIT = join(__dirname, '..', '..', '..', 'dist', 'init');

/** The same bytes with the p_type of every PT_INTERP program header of a 64-bit little-endian file set to PT_NULL. */
function withoutInterpreterHeader(elf: Buffer): Buffer {
  const copy = Buffer.from(elf);
  const offset = Number(copy.readBigUInt64LE(0x20));
  for (let i = 0; i < copy.readUInt16LE(0x38); i += 1) {
    const entry = offset + i * copy.readUInt16LE(0x36);
    if (copy.readUInt32LE(entry) === 3) copy.writeUInt32LE(0, entry);
  }
  return copy;
}

describe('elfInterpreter: the loader an ELF executable names in PT_INTERP', () => {
  it('finds the x86-64 loader of a dynamic program of a fixture image', () => {
    assert.equal(elfInterpreter(head('amd64-python3.11')), '/lib64/ld-linux-x86-64.so.2');
  });

  it('finds none in the same program once its PT_INTERP header is gone, nor in a static one', () => {
    assert.equal(elfInterpreter(withoutInterpreterHeader(head('amd64-python3.11'))), undefined);
    assert.equal(elfInterpreter(head('amd64-noshell-server')), undefined);
  });

  it('finds none in the static harden-init builds of npm run build (amd64 and aarch64)', function () {
    if (!existsSync(BUILT_INIT)) {
      if (this.test) this.test.title += ' (skipped: no dist/init; run npm run build)';
      this.skip();
    }
    for (const arch of ['amd64', 'arm64']) {
      const elf = readFileSync(join(BUILT_INIT, `harden-init-${arch}`)).subarray(0, 4096);
      assert.equal(elf.subarray(0, 4).toString('latin1'), '\x7fELF', arch);
      assert.equal(elfInterpreter(elf), undefined, arch);
    }
  });

  it('reads 32-bit little-endian programs (i386, armhf)', () => {
    assert.equal(elfInterpreter(head('i386-valgrind-getoff')), '/lib/ld-linux.so.2');
    assert.equal(elfInterpreter(head('armhf-ripgrep')), '/lib/ld-linux-armhf.so.3');
  });

  it('reads a 64-bit big-endian program (s390x), and not as little-endian', () => {
    const s390x = head('s390x-ripgrep');
    assert.equal(elfInterpreter(s390x), '/lib/ld64.so.1');
    const misread = Buffer.from(s390x);
    misread[5] = 1; // EI_DATA: little endian
    assert.equal(elfInterpreter(misread), undefined);
  });

  it('finds none in a static 32-bit big-endian program (PowerPC)', () => {
    assert.equal(elfInterpreter(head('powerpc-arch-test')), undefined);
  });

  it('gives undefined, not bytes beyond the head, when PT_INTERP points past it (aarch64 libc.so.6)', () => {
    assert.equal(elfInterpreter(head('arm64-libc.so.6')), undefined);
  });

  it('gives undefined for a head cut inside the interpreter name, the program headers or the ELF header', () => {
    const python = head('amd64-python3.11');
    const nameEnd = 0x318 + 0x1c; // readelf: INTERP at 0x318, 0x1c bytes with the NUL
    assert.equal(elfInterpreter(python.subarray(0, nameEnd)), '/lib64/ld-linux-x86-64.so.2');
    assert.equal(elfInterpreter(python.subarray(0, nameEnd - 1)), undefined);
    assert.equal(elfInterpreter(python.subarray(0, 0x40 + 0x38)), undefined);
    assert.equal(elfInterpreter(python.subarray(0, 63)), undefined);
    assert.equal(elfInterpreter(Buffer.alloc(0)), undefined);
  });

  it('gives undefined for a script and for text that only starts like ELF', () => {
    const script = Buffer.from(loadRecording('entrypoint-script').scripts.get('/usr/local/bin/docker-entrypoint.sh') ?? '');
    assert.match(script.toString('utf8'), /^#!\/bin\/sh\n/);
    assert.equal(elfInterpreter(script), undefined);
    assert.equal(elfInterpreter(Buffer.concat([Buffer.from('\x7fELF', 'latin1'), Buffer.alloc(60, 0x41)])), undefined);
  });
});

describe('ImageIndex.loader', () => {
  /** A tar as `docker export` streams it (directories first), with the recorded heads as the files' content. */
  async function indexOf(files: Array<{ name: string; content?: Buffer; linkname?: string; mode?: number }>): Promise<ImageIndex> {
    const tar = pack();
    for (const dir of ['usr', 'usr/bin', 'usr/lib', 'usr/local', 'usr/local/bin']) tar.entry({ name: dir, type: 'directory', mode: 0o755 });
    for (const file of files) {
      if (file.linkname !== undefined) tar.entry({ name: file.name, type: 'symlink', linkname: file.linkname });
      else tar.entry({ name: file.name, mode: file.mode ?? 0o755 }, file.content ?? Buffer.alloc(0));
    }
    tar.finalize();
    return ImageIndex.fromTar(Readable.from(tar));
  }

  it('is read from executables during the one pass over the image, through symlinks, and kept by a snapshot', async () => {
    const index = await indexOf([
      { name: 'usr/bin/python3.11', content: head('amd64-python3.11') },
      { name: 'usr/bin/python3', linkname: 'python3.11' },
      { name: 'usr/local/bin/noshell-server', content: head('amd64-noshell-server') },
      { name: 'usr/local/bin/docker-entrypoint.sh', content: Buffer.from('#!/bin/sh\nexec python3\n') },
    ]);
    assert.equal(index.loader('/usr/bin/python3'), '/lib64/ld-linux-x86-64.so.2');
    assert.equal(index.loader('/usr/local/bin/noshell-server'), undefined);
    assert.equal(index.loader('/usr/local/bin/docker-entrypoint.sh'), undefined);
    assert.equal(index.shebang('/usr/local/bin/docker-entrypoint.sh'), '/bin/sh');
    const snapshot = index.snapshot(() => true);
    assert.deepEqual(snapshot.loaders, { '/usr/bin/python3.11': '/lib64/ld-linux-x86-64.so.2' });
    assert.equal(ImageIndex.fromEntries(snapshot.entries, snapshot.contents, snapshot.loaders).loader('/usr/bin/python3'), '/lib64/ld-linux-x86-64.so.2');
    assert.equal(ImageIndex.fromEntries(snapshot.entries, snapshot.contents).loader('/usr/bin/python3'), undefined);
  });

  it('is not read from a file without an execute bit', async () => {
    const index = await indexOf([{ name: 'usr/lib/python3.11.copy', content: head('amd64-python3.11'), mode: 0o644 }]);
    assert.equal(index.loader('/usr/lib/python3.11.copy'), undefined);
  });

  it('is in the recorded index of a fixture image for every program its run executed', () => {
    const { index } = loadRecording('postgres');
    for (const program of ['/usr/lib/postgresql/15/bin/postgres', '/usr/lib/postgresql/15/bin/initdb', '/usr/bin/setpriv', '/bin/sh', '/usr/bin/bash']) {
      assert.equal(index.loader(program), '/lib64/ld-linux-x86-64.so.2', program);
    }
    assert.equal(index.loader('/usr/local/bin/docker-entrypoint.sh'), undefined);
    assert.equal(index.realpath('/lib64/ld-linux-x86-64.so.2'), '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');
  });
});
