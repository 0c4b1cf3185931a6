import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HardenError } from '../../../src/core/errors';
import { generatedFileList } from '../../../src/core/editor/generatedFileList';
import { folderFiles } from '../../../src/core/output/writtenFiles';
import { writeHardeningFiles } from '../../../src/core/profile/hardeningOutput';
import { VERIFY_RESULT_FILE } from '../../../src/core/verify/verifyResultFile';

const FILES = [
  { path: 'manifest.yaml', content: 'schemaVersion: 1\n' },
  { path: 'compose.hardened.yaml', content: 'services: {}\n' },
  { path: 'k8s/deployment-patch.yaml', content: 'kind: Deployment\n' },
  { path: 'report.md', content: '# Hardening report\n' },
  { path: VERIFY_RESULT_FILE, content: '{"passed":true,"verifiedAt":"t"}\n' },
];

describe('hand edits of the files harden wrote', () => {
  let out: string;
  beforeEach(() => {
    out = join(mkdtempSync(join(tmpdir(), 'harden-written-')), 'nginx');
  });
  afterEach(() => rmSync(join(out, '..'), { recursive: true, force: true }));

  it('records what it wrote: every file generated, the verify result not among them', async () => {
    await writeHardeningFiles(out, FILES);
    assert.deepEqual(await folderFiles(out), [
      { path: 'compose.hardened.yaml', status: 'generated' },
      { path: 'k8s/deployment-patch.yaml', status: 'generated' },
      { path: 'manifest.yaml', status: 'generated' },
      { path: 'report.md', status: 'generated' },
    ]);
  });

  it('sees a hand edit and a removed file; the views list the generated files with them', async () => {
    await writeHardeningFiles(out, FILES);
    writeFileSync(join(out, 'compose.hardened.yaml'), 'services: {mine: {}}\n');
    rmSync(join(out, 'report.md'));
    const recorded = await folderFiles(out);
    assert.deepEqual(generatedFileList([], recorded), [
      { path: 'compose.hardened.yaml', status: 'edited' },
      { path: 'k8s/deployment-patch.yaml', status: 'generated' },
      { path: 'report.md', status: 'missing' },
    ]);
  });

  it('refuses to overwrite the edited file, naming it, and writes nothing; told to, overwrites it', async () => {
    await writeHardeningFiles(out, FILES);
    writeFileSync(join(out, 'compose.hardened.yaml'), 'services: {mine: {}}\n');
    const again = FILES.map((file) => ({ ...file, content: `${file.content}# again\n` }));
    await assert.rejects(writeHardeningFiles(out, again), (error: unknown) => {
      assert.ok(error instanceof HardenError);
      assert.equal(error.kind, 'files-edited');
      assert.match(error.message, /^compose\.hardened\.yaml in .* was edited since harden wrote it/);
      return true;
    });
    assert.equal(readFileSync(join(out, 'compose.hardened.yaml'), 'utf8'), 'services: {mine: {}}\n');
    assert.equal(readFileSync(join(out, 'report.md'), 'utf8'), '# Hardening report\n', 'a refused write still wrote another file');
    await writeHardeningFiles(out, again, { overwriteEdited: true });
    assert.equal(readFileSync(join(out, 'compose.hardened.yaml'), 'utf8'), 'services: {}\n# again\n');
    assert.equal((await folderFiles(out))?.find((file) => file.path === 'compose.hardened.yaml')?.status, 'generated');
  });

  it('rewrites unedited files without asking, and an edit the new text already has is no conflict', async () => {
    await writeHardeningFiles(out, FILES);
    writeFileSync(join(out, 'compose.hardened.yaml'), 'services: {}\n# again\n');
    await writeHardeningFiles(out, FILES.map((file) => ({ ...file, content: `${file.content}# again\n` })));
    assert.equal(readFileSync(join(out, 'report.md'), 'utf8'), '# Hardening report\n# again\n');
  });

  it('a folder from before the record: files listed, status unknown, nothing refused', async () => {
    assert.equal(await folderFiles(out), undefined);
    assert.deepEqual(generatedFileList(['manifest.yaml', 'report.md', VERIFY_RESULT_FILE], undefined), [{ path: 'report.md', status: 'unknown' }]);
  });
});
