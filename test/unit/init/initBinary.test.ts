import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HardenError } from '../../../src/core/errors';
import { initBinaryPath } from '../../../src/core/init/initBinary';
import { isStaticExecutable } from './elfProgramHeaders';

const BUILT = 'dist/init';
const MAX_BYTES = 100 * 1024;

describe('the harden-init binary', () => {
  describe('as npm run build leaves it in dist/init', () => {
    const builds = () => {
      const names = readdirSync(BUILT).filter((name) => name.startsWith('harden-init-'));
      assert.ok(names.length > 0, `no harden-init build in ${BUILT}: run npm run build`);
      return names.map((name) => join(BUILT, name));
    };

    it('is smaller than 100 KB for every architecture', () => {
      for (const path of builds()) assert.ok(statSync(path).size < MAX_BYTES, `${path} is ${statSync(path).size} bytes`);
    });

    it('is a static ELF executable: no program interpreter, so it runs in an image without libc', () => {
      for (const path of builds()) assert.ok(isStaticExecutable(readFileSync(path)), path);
      // The check can fail: node itself is linked dynamically (it names ld-linux as its interpreter).
      assert.equal(isStaticExecutable(readFileSync(process.execPath)), false);
    });

    it('is found from sources too, where the bundle would find it beside itself', () => {
      const found = initBinaryPath('amd64', {});
      assert.equal(statSync(found).isFile(), true);
      assert.match(found, /dist[/\\]init[/\\]harden-init-amd64$/);
    });
  });

  describe('initBinaryPath', () => {
    let folder = '';
    before(() => {
      folder = mkdtempSync(join(tmpdir(), 'harden-init-dir-'));
      writeFileSync(join(folder, 'harden-init-arm64'), '');
    });
    after(() => rmSync(folder, { recursive: true, force: true }));

    it('takes the build from HARDEN_INIT_DIR when that names a folder', () => {
      assert.equal(initBinaryPath('arm64', { HARDEN_INIT_DIR: folder }), join(folder, 'harden-init-arm64'));
    });

    it('says which architecture has no build and how to get one', () => {
      assert.throws(
        () => initBinaryPath('s390x', { HARDEN_INIT_DIR: folder }),
        (error: unknown) =>
          error instanceof HardenError &&
          error.kind === 'init-unavailable' &&
          error.message === `No harden-init build for s390x in ${folder}; put harden-init-s390x there (scripts/build-init.sh compiles it on Debian), or unset HARDEN_INIT_DIR.`,
      );
      assert.throws(() => initBinaryPath('s390x', {}), /No harden-init build for s390x in .*run `npm run build` on Debian/);
    });
  });
});

