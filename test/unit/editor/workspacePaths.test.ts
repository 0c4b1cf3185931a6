import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRelativePath, confineToFolder } from '../../../src/core/editor/workspacePaths';
import { HardenError } from '../../../src/core/errors';

describe('writing only inside the workspace folder', () => {
  let base: string;
  let folder: string;
  let outside: string;

  beforeEach(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'harden-confine-')));
    folder = join(base, 'workspace');
    outside = join(base, 'outside');
    mkdirSync(folder);
    mkdirSync(outside);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const refused = async (path: string, pattern: RegExp): Promise<void> => {
    await assert.rejects(confineToFolder(folder, path), (error: unknown) => error instanceof HardenError && pattern.test(error.message));
  };

  it('resolves plain relative paths, existing or not', async () => {
    writeFileSync(join(folder, 'compose.hardened.yaml'), 'x');
    assert.deepEqual(await confineToFolder(folder, 'compose.hardened.yaml'), { absolute: join(folder, 'compose.hardened.yaml'), exists: true });
    assert.deepEqual(await confineToFolder(folder, 'k8s/notes/deployment-patch.yaml'), { absolute: join(folder, 'k8s', 'notes', 'deployment-patch.yaml'), exists: false });
    assert.deepEqual(await confineToFolder(folder, './k8s//x.yaml'), { absolute: join(folder, 'k8s', 'x.yaml'), exists: false });
  });

  it('refuses "..", absolute paths, empty paths and NUL', async () => {
    await refused('../outside/x.yaml', /"\.\."/);
    await refused('k8s/../../x.yaml', /"\.\."/);
    await refused('k8s\\..\\..\\x.yaml', /"\.\."/);
    await refused(join(outside, 'x.yaml'), /absolute/);
    await refused('C:\\x.yaml', /absolute/);
    await refused('', /empty/);
    await refused('a\0b', /NUL/);
    await refused('.', /folder itself/);
    assert.throws(() => checkRelativePath('/etc/passwd'), HardenError);
  });

  it('refuses a directory that is a link out of the folder', async () => {
    symlinkSync(outside, join(folder, 'k8s'));
    await refused('k8s/notes/deployment-patch.yaml', /symbolic link to .*outside/);
  });

  it('refuses a file that is a link out of the folder, even a dangling one', async () => {
    writeFileSync(join(outside, 'secret.yaml'), 'x');
    symlinkSync(join(outside, 'secret.yaml'), join(folder, 'compose.hardened.yaml'));
    await refused('compose.hardened.yaml', /outside the workspace folder/);
    symlinkSync(join(outside, 'missing.yaml'), join(folder, 'dangling.yaml'));
    await refused('dangling.yaml', /symbolic link to a file that does not exist/);
  });

  it('accepts links that stay inside, and a workspace folder that is itself a link', async () => {
    mkdirSync(join(folder, 'deploy'));
    symlinkSync(join(folder, 'deploy'), join(folder, 'k8s'));
    assert.equal((await confineToFolder(folder, 'k8s/x.yaml')).exists, false);
    const linkedFolder = join(base, 'linked');
    symlinkSync(folder, linkedFolder);
    assert.equal((await confineToFolder(linkedFolder, 'compose.hardened.yaml')).absolute, join(linkedFolder, 'compose.hardened.yaml'));
  });

  it('refuses to write over a directory', async () => {
    mkdirSync(join(folder, 'compose.hardened.yaml'));
    await refused('compose.hardened.yaml', /directory/);
  });
});
