import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HardenError } from '../errors';
import type { GeneratedFile } from '../generate/generateOptions';

/**
 * What harden last wrote into its output folder, file by file (a SHA-256 of each text), so a later
 * run can tell a file the user edited by hand from one harden wrote, and never overwrite the first
 * without asking. Written by writeHardeningFiles beside the files, by the CLI and the editor alike.
 */
export const WRITTEN_FILES_RECORD = 'written-files.json';

export interface WrittenFilesRecord {
  /** Path relative to the output folder → sha256 of the text harden wrote there. */
  files: Record<string, string>;
}

/** A file harden wrote, as it is now: as written, edited since, or gone. */
export interface FolderFile {
  path: string;
  status: 'generated' | 'edited' | 'missing';
}

export function textDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The record of `files` (the record file itself and the verify results are not part of it). */
export function writtenFilesRecord(files: readonly GeneratedFile[]): GeneratedFile {
  const record: WrittenFilesRecord = { files: Object.fromEntries(files.map((file) => [file.path, textDigest(file.content)])) };
  return { path: WRITTEN_FILES_RECORD, content: `${JSON.stringify(record, null, 2)}\n` };
}

/** The record in `folder`; undefined when there is none (written by an older harden) or it is not one. */
export async function readWrittenFiles(folder: string): Promise<WrittenFilesRecord | undefined> {
  const text = await readRegularFile(join(folder, WRITTEN_FILES_RECORD));
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as { files?: unknown };
    if (typeof value.files !== 'object' || value.files === null) return undefined;
    const files = Object.entries(value.files as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    return { files: Object.fromEntries(files) };
  } catch {
    return undefined;
  }
}

/** Every file the record names, compared with what the folder holds now, sorted by path. */
export async function folderFiles(folder: string): Promise<FolderFile[] | undefined> {
  const record = await readWrittenFiles(folder);
  if (!record) return undefined;
  const files = await Promise.all(
    Object.entries(record.files).map(async ([path, digest]): Promise<FolderFile> => {
      const text = await readRegularFile(join(folder, path));
      return { path, status: text === undefined ? 'missing' : textDigest(text) === digest ? 'generated' : 'edited' };
    }),
  );
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The files among `files` that harden wrote, the user changed since, and this write would change
 * again: what must not be overwritten without asking. Nothing for a folder with no record.
 */
export async function editedTargets(folder: string, files: readonly GeneratedFile[]): Promise<GeneratedFile[]> {
  const current = await folderFiles(folder);
  const edited = new Set(current?.filter((file) => file.status === 'edited').map((file) => file.path));
  const changed: GeneratedFile[] = [];
  for (const file of files.filter((candidate) => edited.has(candidate.path))) {
    if ((await readRegularFile(join(folder, file.path))) !== file.content) changed.push(file);
  }
  return changed;
}

/** The refusal to overwrite hand edits, naming the files (the CLI's `--force` overrides it). */
export function editedFilesError(folder: string, paths: readonly string[]): HardenError {
  return new HardenError('files-edited', `${paths.join(', ')} in ${folder} ${paths.length === 1 ? 'was' : 'were'} edited since harden wrote ${paths.length === 1 ? 'it' : 'them'}; harden will not overwrite hand edits (--force does).`, [
    'Move your changes into the manifest (or a Compose override of your own), remove the files, or run again with --force to replace them.',
  ]);
}

/** A regular file's text; undefined when it is missing or not a regular file (a link is never followed). */
async function readRegularFile(path: string): Promise<string | undefined> {
  const stats = await lstat(path).catch(() => undefined);
  if (!stats?.isFile()) return undefined;
  return readFile(path, 'utf8');
}
