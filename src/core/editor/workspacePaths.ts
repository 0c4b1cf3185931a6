import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep, win32 } from 'node:path';
import { HardenError } from '../errors';

export interface ConfinedPath {
  /** The path to write, inside the workspace folder. */
  absolute: string;
  /** True when a file is there now. */
  exists: boolean;
}

/**
 * Resolves a workspace-relative path for writing and proves it stays in the folder: no absolute
 * path, no `..`, and no symbolic link on the way that leads out (checked with realpath on what
 * exists, since a link can point anywhere). Throws a HardenError naming the path otherwise.
 */
export async function confineToFolder(folder: string, relativePath: string): Promise<ConfinedPath> {
  const segments = checkRelativePath(relativePath);
  const realFolder = await realpath(folder);
  const absolute = join(folder, ...segments);
  let existing = absolute;
  let exists = true;
  for (;;) {
    try {
      const stats = await lstat(existing);
      if (existing === absolute && stats.isDirectory()) throw refuse(relativePath, 'it is a directory');
      break;
    } catch (error) {
      if (error instanceof HardenError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      exists = false;
      existing = dirname(existing);
    }
  }
  const resolved = await realpath(existing).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw refuse(relativePath, 'it is a symbolic link to a file that does not exist');
    throw error;
  });
  if (!isInside(realFolder, resolved)) {
    const shown = existing === absolute ? 'it' : relative(folder, existing) || 'the folder';
    throw refuse(relativePath, `${shown} resolves through a symbolic link to ${resolved}, outside the workspace folder`);
  }
  return { absolute, exists };
}

/** The path's segments; throws for anything that is not a plain relative path below the folder. */
export function checkRelativePath(relativePath: string): string[] {
  if (relativePath === '' || relativePath.includes('\0')) throw refuse(relativePath, 'it is empty or contains a NUL character');
  if (isAbsolute(relativePath) || win32.isAbsolute(relativePath)) throw refuse(relativePath, 'it is an absolute path');
  const segments = relativePath.split(/[\\/]/);
  if (segments.some((segment) => segment === '..')) throw refuse(relativePath, 'it leads out of the folder with ".."');
  const kept = segments.filter((segment) => segment !== '' && segment !== '.');
  if (kept.length === 0) throw refuse(relativePath, 'it names the folder itself');
  return kept;
}

export function isInside(folder: string, candidate: string): boolean {
  const path = relative(folder, candidate);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
}

function refuse(relativePath: string, why: string): HardenError {
  return new HardenError('usage', `Harden will not write ${JSON.stringify(relativePath)}: ${why}.`);
}
