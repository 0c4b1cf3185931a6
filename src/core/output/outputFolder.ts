import type { Stats } from 'node:fs';
import { lstat, mkdir, open, readlink, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkRelativePath } from '../editor/workspacePaths';
import type { GeneratedFile } from '../generate/generateOptions';
import { fileErrorReason, HardenError } from '../errors';

/*
 * Harden's output folder (`--out DIR`, `.harden/<service>/`) and every file harden writes into it:
 * the manifest, the generated configs, the report and verify-result.json.
 *
 * The folder itself may be anywhere, a symbolic link included: the user chose it. Below it harden
 * follows no symbolic link, not even one that leads back inside. The folder holds only what harden
 * writes, so a link there is a mistake or a trap (`k8s -> /etc`); refusing every link is one rule
 * that needs no second look at where a link leads (or what replaced its target since).
 */

/**
 * Writes `files` (paths relative to `folder`), creating the folders on the way, after removing the
 * `obsolete` files (a verify result the new files make untrue). Every path is checked before a
 * file is written or removed, so a refused path leaves every file as it was. Each file is written atomically:
 * its text goes to a temporary file in the same directory, is flushed, then renamed over the
 * target, so a reader sees the old file or the new one, never half of one; the temporary file is
 * removed when anything fails. Returns the paths written; failures are HardenError('usage') sentences.
 */
export async function writeOutputFiles(folder: string, files: readonly GeneratedFile[], obsolete: readonly string[] = []): Promise<string[]> {
  const targets: string[] = [];
  for (const file of files) targets.push(await outputPath(folder, file.path, 'write'));
  const removals: string[] = [];
  for (const path of obsolete) {
    const target = await outputPath(folder, path, 'remove');
    if (target !== undefined) removals.push(target);
  }
  for (const target of removals) await removeFile(target);
  for (const [index, file] of files.entries()) await writeAtomically(targets[index], file.content);
  return targets;
}

/** One file, as writeOutputFiles writes each. Returns the path written. */
export async function writeOutputFile(folder: string, relativePath: string, content: string): Promise<string> {
  const [target] = await writeOutputFiles(folder, [{ path: relativePath, content }]);
  return target;
}

async function writeAtomically(target: string, content: string): Promise<void> {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let handle: FileHandle;
  try {
    // 'wx' creates the file or fails: it never opens what is already there, a link included.
    handle = await open(temporary, 'wx');
  } catch (error) {
    const inTheWay = (error as NodeJS.ErrnoException).code === 'EEXIST';
    throw cannotWrite(target, inTheWay ? `${temporary} is in the way (left by a run that was killed?); remove it` : fileErrorReason(error));
  }
  try {
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw cannotWrite(target, fileErrorReason(error));
  }
}

async function removeFile(target: string): Promise<void> {
  try {
    await rm(target, { force: true });
  } catch (error) {
    throw new HardenError('usage', `Cannot remove ${target}: ${fileErrorReason(error)}.`);
  }
}

/**
 * The absolute path of `relativePath` below `folder`, after checking each part below the folder
 * with lstat: none may be a symbolic link, each but the last must be a directory. To write, missing
 * folders are created; to remove, a missing folder means there is nothing to remove (undefined).
 */
async function outputPath(folder: string, relativePath: string, action: 'write'): Promise<string>;
async function outputPath(folder: string, relativePath: string, action: 'remove'): Promise<string | undefined>;
async function outputPath(folder: string, relativePath: string, action: 'write' | 'remove'): Promise<string | undefined> {
  const segments = checkRelativePath(relativePath);
  if (action === 'write') await createFolder(folder, { recursive: true });
  let current = folder;
  for (const [index, segment] of segments.entries()) {
    current = join(current, segment);
    const shown = segments.slice(0, index + 1).join('/');
    const stats = await lstatIfPresent(current);
    if (stats?.isSymbolicLink()) {
      const destination = await readlink(current).catch(() => 'somewhere');
      throw new HardenError(
        'usage',
        `Harden will not ${action} ${relativePath} in ${folder}: ${shown} there is a symbolic link (to ${destination}), and harden follows no link inside its output folder.`,
      );
    }
    if (index === segments.length - 1) break;
    if (stats && !stats.isDirectory()) throw new HardenError('usage', `Harden cannot ${action} ${relativePath} in ${folder}: ${shown} there is not a directory.`);
    if (!stats) {
      if (action === 'remove') return undefined;
      await createFolder(current, { recursive: false });
    }
  }
  return current;
}

async function createFolder(path: string, options: { recursive: boolean }): Promise<void> {
  try {
    await mkdir(path, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new HardenError('usage', `Cannot create the folder ${path}: ${fileErrorReason(error)}.`);
  }
}

async function lstatIfPresent(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function cannotWrite(target: string, why: string): HardenError {
  return new HardenError('usage', `Cannot write ${target}: ${why}.`);
}
