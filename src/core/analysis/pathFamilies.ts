import { posix } from 'node:path';
import type { WritableKind } from '../manifest/manifestTypes';

/** True when `path` is `dir` or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  return path === dir || dir === '/' || path.startsWith(`${dir}/`);
}

const FAMILIES: Array<{ kind: Exclude<WritableKind, 'data'>; dirs: string[]; reason: string }> = [
  { kind: 'run', dirs: ['/run', '/var/run', '/var/lock'], reason: 'runtime state under /run: pid files, sockets, locks' },
  { kind: 'log', dirs: ['/var/log'], reason: 'log files under /var/log' },
  { kind: 'scratch', dirs: ['/tmp', '/var/tmp', '/dev/shm'], reason: 'temporary files' },
  { kind: 'cache', dirs: ['/var/cache'], reason: 'cache under /var/cache' },
];

/** The kind a directory's place in the filesystem implies, if any (`/var/log/nginx` → log). */
export function kindByLocation(dir: string): { kind: Exclude<WritableKind, 'data'>; reason: string } | undefined {
  for (const family of FAMILIES) {
    if (family.dirs.some((root) => isWithin(dir, root))) return { kind: family.kind, reason: family.reason };
  }
  const segments = dir.split('/');
  if (segments.some((segment) => segment === '.cache' || segment === 'cache' || segment === '__pycache__')) {
    return { kind: 'cache', reason: 'a cache directory' };
  }
  if (segments.some((segment) => segment === 'tmp' || segment === 'temp')) return { kind: 'scratch', reason: 'a temp directory' };
  if (segments.some((segment) => segment === 'log' || segment === 'logs')) return { kind: 'log', reason: 'a log directory' };
  return undefined;
}

/** The kind the names of the files written imply, when they all agree (`*.pid` → run). */
export function kindByFileNames(paths: string[]): { kind: Exclude<WritableKind, 'data'>; reason: string } | undefined {
  const kinds = new Set(
    paths.map((path) => {
      const name = posix.basename(path);
      if (/\.(pid|sock|socket|lock)$/.test(name)) return 'run';
      if (/\.log(\.\d+)?$/.test(name)) return 'log';
      return 'other';
    }),
  );
  if (kinds.size !== 1) return undefined;
  const [kind] = kinds;
  if (kind === 'run') return { kind: 'run', reason: 'only pid, socket and lock files' };
  if (kind === 'log') return { kind: 'log', reason: 'only log files' };
  return undefined;
}
