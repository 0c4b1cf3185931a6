import { strict as assert } from 'node:assert';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HardenError } from '../../../src/core/errors';
import { writeOutputFile, writeOutputFiles } from '../../../src/core/output/outputFolder';
import { writeHardeningFiles } from '../../../src/core/profile/hardeningOutput';
import type { VerifyResult } from '../../../src/core/verify/verifyHardened';
import { VERIFY_RESULT_FILE, writeVerifyResult } from '../../../src/core/verify/verifyResultFile';

const PROFILE_FILES = [
  { path: 'manifest.yaml', content: 'schemaVersion: 1\n' },
  { path: 'compose.hardened.yaml', content: 'services: {}\n' },
  { path: 'k8s/deployment-patch.yaml', content: 'kind: Deployment\n' },
  { path: 'report.md', content: '# Hardening report\n' },
];

/** Every entry below `dir`, links shown with their target, sorted: what a run left behind. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      const stats = lstatSync(path);
      if (stats.isSymbolicLink()) return [`${prefix}${name} -> link`];
      if (stats.isDirectory()) return [`${prefix}${name}/`, ...tree(path, `${prefix}${name}/`)];
      return [`${prefix}${name}`];
    });
}

async function refusal(promise: Promise<unknown>): Promise<HardenError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HardenError, `expected a HardenError, got ${String(error)}`);
    assert.equal(error.kind, 'usage');
    return error;
  }
  return assert.fail('expected the write to be refused');
}

describe('the output folder', () => {
  let root: string;
  let out: string;
  let outside: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'harden-output-'));
    out = join(root, 'out');
    outside = join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'deployment-patch.yaml'), 'theirs\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('writes atomically', () => {
    it('creates the folder and its k8s/ folder, replaces old files, and leaves no temporary file', async () => {
      mkdirSync(out);
      writeFileSync(join(out, 'report.md'), 'old report\n');
      const written = await writeOutputFiles(out, PROFILE_FILES);
      assert.deepEqual(written, PROFILE_FILES.map((file) => join(out, file.path)));
      assert.deepEqual(tree(out), ['compose.hardened.yaml', 'k8s/', 'k8s/deployment-patch.yaml', 'manifest.yaml', 'report.md']);
      assert.equal(readFileSync(join(out, 'report.md'), 'utf8'), '# Hardening report\n');
    });

    it('fails naming what is in the way at the temporary path, and keeps the old file whole', async () => {
      mkdirSync(out);
      writeFileSync(join(out, 'report.md'), 'old report\n');
      const obstacle = join(out, `.report.md.${process.pid}.tmp`);
      mkdirSync(obstacle);
      const error = await refusal(writeOutputFile(out, 'report.md', 'new report\n'));
      assert.equal(error.message, `Cannot write ${join(out, 'report.md')}: ${obstacle} is in the way (left by a run that was killed?); remove it.`);
      assert.equal(readFileSync(join(out, 'report.md'), 'utf8'), 'old report\n');
      assert.ok(lstatSync(obstacle).isDirectory(), 'the writer removed a directory it did not create');
    });

    it('removes its temporary file when the rename fails after the text was written (a directory at the target)', async () => {
      mkdirSync(join(out, 'report.md'), { recursive: true });
      writeFileSync(join(out, 'report.md', 'keep'), 'x');
      const error = await refusal(writeOutputFile(out, 'report.md', 'new report\n'));
      assert.equal(error.message, `Cannot write ${join(out, 'report.md')}: it is a directory.`);
      assert.deepEqual(tree(out), ['report.md/', 'report.md/keep']);
    });
  });

  describe('follows no symbolic link below the folder', () => {
    it('refuses a linked output file and leaves the link target untouched', async () => {
      mkdirSync(out);
      symlinkSync(join(outside, 'deployment-patch.yaml'), join(out, 'report.md'));
      const error = await refusal(writeOutputFile(out, 'report.md', 'new report\n'));
      assert.equal(
        error.message,
        `Harden will not write report.md in ${out}: report.md there is a symbolic link (to ${join(outside, 'deployment-patch.yaml')}), and harden follows no link inside its output folder.`,
      );
      assert.equal(readFileSync(join(outside, 'deployment-patch.yaml'), 'utf8'), 'theirs\n');
    });

    it('refuses a linked subfolder (k8s -> elsewhere) before writing any file of the profile', async () => {
      mkdirSync(out);
      writeFileSync(join(out, 'manifest.yaml'), 'old manifest\n');
      symlinkSync(outside, join(out, 'k8s'));
      const error = await refusal(writeOutputFiles(out, PROFILE_FILES));
      assert.match(error.message, /^Harden will not write k8s\/deployment-patch\.yaml in .*: k8s there is a symbolic link \(to .*outside\)/);
      assert.equal(readFileSync(join(outside, 'deployment-patch.yaml'), 'utf8'), 'theirs\n');
      assert.deepEqual(tree(out), ['k8s -> link', 'manifest.yaml']);
      assert.equal(readFileSync(join(out, 'manifest.yaml'), 'utf8'), 'old manifest\n', 'a file was written before the refusal');
    });

    it('refuses a link that points back inside the folder too (one rule: no link at all)', async () => {
      mkdirSync(join(out, 'kubernetes'), { recursive: true });
      symlinkSync('kubernetes', join(out, 'k8s'));
      await refusal(writeOutputFile(out, 'k8s/deployment-patch.yaml', 'kind: Deployment\n'));
      assert.deepEqual(tree(out), ['k8s -> link', 'kubernetes/']);
      // …while the real folder it points at takes the file.
      await writeOutputFile(out, 'kubernetes/deployment-patch.yaml', 'kind: Deployment\n');
      assert.deepEqual(tree(out), ['k8s -> link', 'kubernetes/', 'kubernetes/deployment-patch.yaml']);
    });

    it('accepts an output folder that is itself a link: the user chose it', async () => {
      symlinkSync(outside, out);
      await writeOutputFile(out, 'k8s/deployment-patch.yaml', 'kind: Deployment\n');
      assert.equal(readFileSync(join(outside, 'k8s', 'deployment-patch.yaml'), 'utf8'), 'kind: Deployment\n');
    });

    it('refuses a path out of the folder, and a file where a folder belongs', async () => {
      await refusal(writeOutputFile(out, '../outside/deployment-patch.yaml', 'x'));
      mkdirSync(out);
      writeFileSync(join(out, 'k8s'), 'a file\n');
      const error = await refusal(writeOutputFile(out, 'k8s/deployment-patch.yaml', 'x'));
      assert.equal(error.message, `Harden cannot write k8s/deployment-patch.yaml in ${out}: k8s there is not a directory.`);
    });
  });

  describe('a new profile and the verify result', () => {
    const result = { passed: true, problems: [], notes: [], phases: [] } as unknown as VerifyResult;

    it('writes verify-result.json as JSON beside the manifest', async () => {
      await writeVerifyResult(out, result);
      assert.deepEqual(JSON.parse(readFileSync(join(out, VERIFY_RESULT_FILE), 'utf8')), result);
    });

    it('a profile written into the folder removes the earlier verify result', async () => {
      await writeVerifyResult(out, result);
      await writeHardeningFiles(out, PROFILE_FILES);
      assert.ok(!existsSync(join(out, VERIFY_RESULT_FILE)));
      assert.deepEqual(tree(out), ['compose.hardened.yaml', 'k8s/', 'k8s/deployment-patch.yaml', 'manifest.yaml', 'report.md', 'written-files.json']);
    });

    it('writing other files does not remove it, and a refused profile keeps it', async () => {
      await writeVerifyResult(out, result);
      await writeOutputFiles(out, PROFILE_FILES);
      assert.ok(existsSync(join(out, VERIFY_RESULT_FILE)), 'writeOutputFiles removed the verify result without being asked');
      rmSync(join(out, 'k8s'), { recursive: true });
      symlinkSync(outside, join(out, 'k8s'));
      await refusal(writeHardeningFiles(out, PROFILE_FILES));
      assert.ok(existsSync(join(out, VERIFY_RESULT_FILE)), 'the refused profile removed the verify result of the files it left as they were');
    });

    it('does not follow a linked verify result when removing it', async () => {
      mkdirSync(out);
      symlinkSync(join(outside, 'deployment-patch.yaml'), join(out, VERIFY_RESULT_FILE));
      await refusal(writeHardeningFiles(out, PROFILE_FILES));
      assert.equal(readFileSync(join(outside, 'deployment-patch.yaml'), 'utf8'), 'theirs\n');
    });
  });
});
