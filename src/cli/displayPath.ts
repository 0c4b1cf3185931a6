import { isAbsolute, relative } from 'node:path';

/** A path as a person would type it from `cwd`: relative when below it, absolute otherwise. */
export function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  if (shown === '') return '.';
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
