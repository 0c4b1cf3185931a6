import { posix } from 'node:path';
import type { ImageEntry, ImageIndex } from '../image/imageIndex';
import type { HardeningManifest } from '../manifest/manifestTypes';
import type { ProfileRecord } from '../profile/profileRecord';

/** Files every image keeps whatever the trace says: who is who, for the init, the app and `docker exec --user`. */
const ALWAYS_KEPT = ['/etc/passwd', '/etc/group', '/etc/nsswitch.conf'];

export interface KeepInput {
  index: ImageIndex;
  record: ProfileRecord;
  manifest: HardeningManifest;
  /** `--keep` paths and globs (`*` within a name, `**` across directories, `?`). */
  patterns: readonly string[];
  /** Paths verify rounds of an earlier build found missing, with the round that needed each. */
  learned: ReadonlyArray<{ path: string; round: number }>;
}

export interface KeepDecision {
  /** Every entry of the image that stays, with why (directories on the way are kept implicitly). */
  kept: Map<string, string>;
  /** `--keep` patterns that matched nothing in the image. */
  unmatched: string[];
}

/**
 * Which of the image's entries a production image keeps: every path the app used, with each
 * symlink on the way to it; the loader of every program it executed and the interpreter of every
 * script; the account files; the writable paths themselves and what a new volume copies from the
 * image; `--keep`; and what verify rounds found missing. The start-up phase's own tools (the
 * entrypoint script, its shell, setpriv, mkdir…) are not kept unless the app used them too.
 */
export function decideKeptFiles(input: KeepInput): KeepDecision {
  const { index, record, manifest } = input;
  const kept = new Map<string, string>();
  const keep = (path: string, reason: string): void => keepPath(index, kept, path, reason);
  for (const path of record.app.used) keep(path, 'used by the app');
  for (const program of record.app.executed) {
    keep(program, 'executed by the app');
    keepInterpreters(index, program, keep);
  }
  for (const path of ALWAYS_KEPT) keep(path, 'account and name-service files');
  keep(manifest.execution.main.workingDir || '/', 'the working directory');
  for (const writable of manifest.writablePaths) {
    keep(writable.path, `${writable.kind} path (mounted writable)`);
    // A new named volume starts as a copy of what the image has there.
    if (writable.mount.type === 'volume') for (const entry of index.filesBelow(writable.path)) keep(entry.path, 'content a new volume copies from the image');
  }
  for (const volume of manifest.image.volumes) keep(volume, 'declared VOLUME');
  for (const { path, round } of input.learned) keep(path, `verify round ${round} needed it`);
  const unmatched: string[] = [];
  for (const pattern of input.patterns) {
    const matches = matchingEntries(index, pattern);
    if (matches.length === 0) unmatched.push(pattern);
    for (const { named, entry } of matches) {
      keep(named, `--keep ${pattern}`);
      if (entry.type === 'directory') for (const below of index.filesBelow(entry.path)) keep(below.path, `--keep ${pattern}`);
    }
  }
  return { kept, unmatched };
}

/** The loader of an ELF program and the interpreter of a script (and, in turn, its loader). */
function keepInterpreters(index: ImageIndex, program: string, keep: (path: string, reason: string) => void): void {
  const loader = index.loader(program);
  if (loader !== undefined) keep(loader, `loader of ${program}`);
  const interpreter = index.shebang(program)?.split(/\s+/)[0];
  if (interpreter !== undefined && interpreter.startsWith('/')) {
    keep(interpreter, `interpreter of ${program}`);
    const itsLoader = index.loader(interpreter);
    if (itsLoader !== undefined) keep(itsLoader, `loader of ${interpreter}`);
  }
}

/**
 * Keeps `path` and every symlink met while resolving it, component by component, as the kernel
 * does; stops quietly where the image has no such entry (a file the app created at run time).
 */
function keepPath(index: ImageIndex, kept: Map<string, string>, path: string, reason: string): void {
  for (const [entry, why] of entriesOnTheWay(index, path)) if (!kept.has(entry)) kept.set(entry, why === 'symlink' ? `symlink on the way to ${path}` : reason);
}

/**
 * The image entries resolving `path` goes through: each symlink met, component by component as
 * the kernel resolves it, and the entry itself; up to where the image has no such entry (a file
 * the app creates at run time still needs the symlinks before it).
 */
export function entriesOnTheWay(index: ImageIndex, path: string): Array<[string, 'symlink' | 'entry']> {
  const { symlinks, resolved } = index.trace(path);
  const found = symlinks.map((link): [string, 'symlink' | 'entry'] => [link, 'symlink']);
  return resolved !== undefined && resolved !== '/' ? [...found, [resolved, 'entry']] : found;
}

/**
 * What a pattern names, and the entry it is: a path as the user knows it, which may go through
 * symlinks (/bin/ls is /usr/bin/ls in a merged-/usr image, and /bin must stay), or each entry a glob matches.
 */
function matchingEntries(index: ImageIndex, pattern: string): Array<{ named: string; entry: ImageEntry }> {
  const absolute = pattern.startsWith('/') ? pattern : `/${pattern}`;
  if (!/[*?]/.test(absolute)) {
    const named = posix.normalize(absolute);
    const real = index.realpath(named);
    const entry = real === undefined ? undefined : index.get(real);
    return entry ? [{ named, entry }] : [];
  }
  const matcher = globPattern(absolute);
  return [...index.all()].filter((entry) => matcher.test(entry.path)).map((entry) => ({ named: entry.path, entry }));
}

/** `*` and `?` stay within one name, `**` crosses directories (as a whole path component, also none); everything else is literal. */
export function globPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*' && glob[i + 2] === '/') {
      // `a/**/b` also matches `a/b`: any number of directories, none included.
      source += '(?:.*/)?';
      i += 2;
    } else if (ch === '*' && glob[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
