import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Where a Compose file's relative paths lead: Compose resolves them against the file's folder. */
export interface ProjectPaths {
  /** The folder of the Compose file (Compose's project directory when it is the only file). */
  directory: string;
  /** What a leading `~` stands for. */
  home: string;
}

export function projectPathsFor(composeFile: string, overrides: Partial<ProjectPaths> = {}): ProjectPaths {
  return { directory: overrides.directory ?? dirname(resolve(composeFile)), home: overrides.home ?? homedir() };
}

/** A host path as Compose resolves it: `~` is the home directory, a relative path is below the project. */
export function hostPath(path: string, project: ProjectPaths): string {
  if (path === '~' || path.startsWith('~/')) return join(project.home, path.slice(1));
  return resolve(project.directory, path);
}

export function isInside(path: string, directory: string): boolean {
  const below = relative(directory, path);
  return below !== '..' && !below.startsWith(`..${sep}`) && !isAbsolute(below);
}
