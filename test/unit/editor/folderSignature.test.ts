import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderSignature } from '../../../src/core/editor/folderSignature';

describe('folder signature (what the editor compares when its file watcher says nothing)', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'harden-signature-'));
    writeFileSync(join(folder, 'manifest.yaml'), 'schemaVersion: 1\n');
    mkdirSync(join(folder, 'k8s'));
    writeFileSync(join(folder, 'k8s', 'deployment-patch.yaml'), 'kind: Deployment\n');
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('stays the same while nothing changes', async () => {
    assert.equal(await folderSignature(folder), await folderSignature(folder));
  });

  it('changes when a file is rewritten (even to the same size), added or removed, also one level down', async () => {
    const before = await folderSignature(folder);
    const later = new Date(Date.now() + 5_000);
    writeFileSync(join(folder, 'manifest.yaml'), 'schemaVersion: 2\n');
    utimesSync(join(folder, 'manifest.yaml'), later, later);
    const rewritten = await folderSignature(folder);
    assert.notEqual(rewritten, before);
    writeFileSync(join(folder, 'verify-result.json'), '{}\n');
    const added = await folderSignature(folder);
    assert.notEqual(added, rewritten);
    writeFileSync(join(folder, 'k8s', 'deployment-patch.yaml'), 'kind: Deployment # edited\n');
    assert.notEqual(await folderSignature(folder), added);
    rmSync(join(folder, 'verify-result.json'));
    assert.notEqual(await folderSignature(folder), added);
  });

  it('is empty for a folder that is gone', async () => {
    assert.equal(await folderSignature(join(folder, 'missing')), '');
  });
});
