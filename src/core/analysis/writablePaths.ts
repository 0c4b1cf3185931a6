import { posix } from 'node:path';
import type { FileChange } from '../docker/dockerEngine';
import type { ImageIndex } from '../image/imageIndex';
import type { WritableKind, WritablePath, WriterEvidence } from '../manifest/manifestTypes';
import type { PathWriteRecord, TraceFacts } from '../trace/traceFacts';
import { isVirtualPath } from '../trace/traceRecorder';
import { isWithin, kindByFileNames, kindByLocation } from './pathFamilies';

export interface WritablePathsInput {
  facts: TraceFacts;
  changes: FileChange[];
  index: ImageIndex;
  /** VOLUME paths the image declares. */
  imageVolumes: string[];
  /** Prefix for suggested volume names. */
  volumePrefix: string;
}

export interface WritablePathsResult {
  paths: WritablePath[];
  warnings: string[];
}

interface WrittenPath {
  path: string;
  record?: PathWriteRecord;
  fromChanges: boolean;
}

const MIB = 1024 * 1024;
const SIZE_FLOOR: Record<WritableKind, number> = { run: 8 * MIB, log: 64 * MIB, cache: 64 * MIB, scratch: 64 * MIB, data: 1024 * MIB };
const EXAMPLES = 5;

/**
 * The minimal set of directories that must be writable, from every path the run wrote.
 * A path needs its directory writable (to create, rename or remove entries in it); directories
 * below another writable directory fold into it (`/tmp/tmpa8Zx/f` → `/tmp`); writes inside a
 * declared VOLUME fold into the volume. Each directory gets a kind, a mount and its evidence.
 */
export function findWritablePaths(input: WritablePathsInput): WritablePathsResult {
  const written = collectWrittenPaths(input);
  const warnings: string[] = [];
  const directories = minimalDirectories(written, input.imageVolumes, input.index);
  const paths: WritablePath[] = [];
  for (const dir of directories) {
    if (dir === '/') {
      const examples = written.filter((entry) => posix.dirname(entry.path) === '/').map((entry) => entry.path);
      warnings.push(`The app writes directly into / (${examples.slice(0, 3).join(', ')}); no mount can make only that writable — make the app write to a directory of its own.`);
      continue;
    }
    const below = written.filter((entry) => isWithin(entry.path, dir) && entry.path !== dir);
    paths.push(describeDirectory(dir, below, written, input, warnings));
  }
  return { paths: [...paths, ...shippedDirectoriesInTmpfs(paths, written, input, warnings)].sort((a, b) => a.path.localeCompare(b.path)), warnings };
}

/**
 * A tmpfs hides what the image ships below it, directories included: a tmpfs at /run would hide
 * the image's /run/postgresql (its owner and set-gid mode with it), and the app would not find it.
 * Each directory the image ships that the app writes into below a tmpfs gets a tmpfs of its own,
 * with the image's owner and mode (Docker mounts the outer one first).
 */
function shippedDirectoriesInTmpfs(paths: WritablePath[], written: WrittenPath[], input: WritablePathsInput, warnings: string[]): WritablePath[] {
  const tmpfsDirs = paths.filter((path) => path.mount.type === 'tmpfs').map((path) => path.path);
  const nested = new Set<string>();
  for (const entry of written) {
    const point = mountPointFor(entry, input.imageVolumes, input.index);
    if (!point || point.createdDirectory || input.index.get(point.dir)?.type !== 'directory') continue;
    if (tmpfsDirs.some((dir) => point.dir !== dir && isWithin(point.dir, dir))) nested.add(point.dir);
  }
  const described: WritablePath[] = [];
  for (const dir of nested) {
    const below = written.filter((entry) => isWithin(entry.path, dir) && entry.path !== dir);
    const path = describeDirectory(dir, below, written, input, warnings);
    if (path.mount.type === 'tmpfs') described.push(path);
  }
  return described;
}

function collectWrittenPaths(input: WritablePathsInput): WrittenPath[] {
  const byPath = new Map<string, WrittenPath>();
  for (const record of input.facts.writes.values()) {
    const path = input.index.resolveDirectory(record.path);
    if (isVirtualPath(path)) continue;
    byPath.set(path, { path, record, fromChanges: false });
  }
  for (const change of input.changes) {
    if (isVirtualPath(change.path) || byPath.has(change.path)) {
      const known = byPath.get(change.path);
      if (known) known.fromChanges = true;
      continue;
    }
    // A directory is "modified" whenever an entry inside it changes; the entry itself is what was written.
    if (change.kind === 'modified' && input.index.get(change.path)?.type === 'directory') continue;
    if (change.kind === 'added' && [...byPath.keys()].some((path) => isWithin(path, change.path))) continue;
    byPath.set(change.path, { path: change.path, fromChanges: true });
  }
  return [...byPath.values()];
}

const SCRATCH_ROOTS = ['/tmp', '/var/tmp', '/dev/shm'];
/** Fewer sibling directories than this, each created by the app, get a mount each; more fold into their parent. */
const SIBLINGS_FOLDED = 2;

/**
 * Where a written path needs a writable mount: the declared VOLUME it lies in; the scratch root
 * (`/tmp/tmpa8Zx/f` → `/tmp`); a directory the app creates and keeps, mounted as itself (mounting
 * creates it, and `mkdir -p` accepts what exists); otherwise the path's directory.
 */
function mountPointFor(entry: WrittenPath, imageVolumes: string[], index: ImageIndex): { dir: string; createdDirectory: boolean } | undefined {
  const operations = [...(entry.record?.operations ?? [])];
  // fsync changes nothing; it only says how much the app cares about what it wrote (counted as evidence).
  if (entry.record && operations.every((operation) => SYNC_OPERATIONS.has(operation))) return undefined;
  const volume = imageVolumes.find((candidate) => isWithin(entry.path, candidate));
  if (volume) return { dir: volume, createdDirectory: false };
  const scratch = SCRATCH_ROOTS.find((root) => isWithin(entry.path, root) && entry.path !== root);
  if (scratch) return { dir: scratch, createdDirectory: false };
  const record = entry.record;
  if (record && record.isDirectory && record.created && !record.deleted && !looksGenerated(posix.basename(entry.path))) {
    return { dir: entry.path, createdDirectory: true };
  }
  // chmod/chown of a directory the image ships changes the directory itself: only a mount there allows it.
  if (operations.length > 0 && operations.every((operation) => METADATA_OPERATIONS.has(operation)) && index.get(entry.path)?.type === 'directory') {
    return { dir: entry.path, createdDirectory: false };
  }
  return { dir: posix.dirname(entry.path), createdDirectory: false };
}

const SYNC_OPERATIONS = new Set(['fsync', 'fdatasync', 'sync_file_range']);
const METADATA_OPERATIONS = new Set(['chmod', 'fchmod', 'fchmodat', 'chown', 'fchown', 'lchown', 'fchownat', 'utimensat', ...SYNC_OPERATIONS]);

/** Names that differ from run to run (`tmpa8Zx3k`, `1732838400`, a uuid) cannot be mount points. */
function looksGenerated(name: string): boolean {
  return /^tmp/i.test(name) || /\d{4,}/.test(name) || /[0-9a-f]{8}-[0-9a-f]{4}/i.test(name) || (/\d/.test(name) && /[A-Z]/.test(name) && /[a-z]/.test(name));
}

function minimalDirectories(written: WrittenPath[], imageVolumes: string[], index: ImageIndex): string[] {
  const candidates = new Map<string, boolean>(imageVolumes.map((volume) => [volume, false]));
  for (const entry of written) {
    const point = mountPointFor(entry, imageVolumes, index);
    if (point) candidates.set(point.dir, (candidates.get(point.dir) ?? true) && point.createdDirectory);
  }
  // Several directories the app creates side by side (nginx's body, proxy, fastcgi…) are one mount at their parent.
  const createdByParent = new Map<string, string[]>();
  for (const [dir, created] of candidates) {
    if (created) createdByParent.set(posix.dirname(dir), [...(createdByParent.get(posix.dirname(dir)) ?? []), dir]);
  }
  for (const [parent, siblings] of createdByParent) {
    if (siblings.length < SIBLINGS_FOLDED || parent === '/') continue;
    for (const sibling of siblings) candidates.delete(sibling);
    candidates.set(parent, false);
  }
  const sorted = [...candidates.keys()].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const kept: string[] = [];
  for (const dir of sorted) {
    if (!kept.some((ancestor) => isWithin(dir, ancestor))) kept.push(dir);
  }
  return kept.sort();
}

function describeDirectory(
  dir: string,
  below: WrittenPath[],
  written: WrittenPath[],
  input: WritablePathsInput,
  warnings: string[],
): WritablePath {
  const { index, facts } = input;
  const records = below.flatMap((entry) => (entry.record ? [entry.record] : []));
  const dirRecord = written.find((entry) => entry.path === dir)?.record;
  const bytes = records.reduce((sum, record) => sum + record.bytes, 0);
  const fsyncs = records.reduce((sum, record) => sum + record.fsyncs, 0);
  const writesAtShutdown = records.reduce((sum, record) => sum + record.shutdownWrites, 0);
  const imageEntry = index.get(dir);
  const shipped = index.filesBelow(dir);
  const created = new Set(records.filter((record) => record.created).map((record) => index.resolveDirectory(record.path)));
  const readFromImage = [...facts.reads.keys()].filter(
    (path) => isWithin(path, dir) && index.get(path) !== undefined && index.get(path)?.type !== 'directory' && !created.has(path),
  );
  const isVolume = input.imageVolumes.includes(dir);
  const { kind, reason } = classify(dir, below.map((entry) => entry.path), { isVolume, fsyncs, writesAtShutdown });

  const imageContent = {
    exists: imageEntry !== undefined,
    files: shipped.length,
    readByApp: readFromImage.length,
    uid: imageEntry?.uid ?? 0,
    gid: imageEntry?.gid ?? 0,
    mode: formatMode(imageEntry?.mode ?? 0o755),
  };
  const needsImageFiles = readFromImage.length > 0;
  let mount: WritablePath['mount'];
  if (kind === 'data' || needsImageFiles) {
    mount = { type: 'volume', name: volumeName(input.volumePrefix, dir), seededFromImage: shipped.length > 0 };
    if (kind !== 'data') {
      warnings.push(
        `${dir} is written (${kind}) but the app also reads ${readFromImage.length} file(s) the image ships there (${readFromImage.slice(0, 2).join(', ')}); an empty tmpfs would hide them, so it gets a volume seeded from the image.`,
      );
    }
  } else {
    const owner = tmpfsOwner(dir, imageEntry, dirRecord, records);
    const programs = facts.execs.map((exec) => index.resolveDirectory(exec.program));
    const executesHere = programs.some((program) => isWithin(program, dir)) || records.some((record) => /\.so(\.\d+)*$/.test(record.path));
    mount = { type: 'tmpfs', ...owner, sizeBytes: sizeHint(kind, bytes), noexec: !executesHere };
    if (shipped.length > 0) {
      warnings.push(`The tmpfs at ${dir} hides ${shipped.length} file(s) the image ships there; the app did not read them during the profile.`);
    }
  }
  const sources = new Set<'trace' | 'changes' | 'image-volume'>();
  if (records.length > 0) sources.add('trace');
  if (below.some((entry) => entry.fromChanges)) sources.add('changes');
  if (isVolume) sources.add('image-volume');
  return {
    path: dir,
    kind,
    reason,
    mount,
    evidence: {
      writers: writersOf(records),
      files: below.length,
      bytes,
      fsyncs,
      writesAtShutdown,
      examples: examplesOf(below),
      sources: [...sources],
    },
    imageContent,
  };
}

function classify(
  dir: string,
  written: string[],
  signs: { isVolume: boolean; fsyncs: number; writesAtShutdown: number },
): { kind: WritableKind; reason: string } {
  if (signs.isVolume) return { kind: 'data', reason: 'the image declares a VOLUME here' };
  const byLocation = kindByLocation(dir);
  if (byLocation) return byLocation;
  if (signs.fsyncs > 0) return { kind: 'data', reason: `the app syncs what it writes here to disk (${signs.fsyncs} fsync)` };
  if (signs.writesAtShutdown > 0) return { kind: 'data', reason: `the app writes here while shutting down (${signs.writesAtShutdown} writes)` };
  const byNames = kindByFileNames(written);
  if (byNames) return byNames;
  return { kind: 'scratch', reason: 'written during the run, never synced nor written at shutdown' };
}

/** Owner and mode for a tmpfs: as the image ships the directory, or as the app created it. */
function tmpfsOwner(
  dir: string,
  imageEntry: ReturnType<ImageIndex['get']>,
  dirRecord: PathWriteRecord | undefined,
  records: PathWriteRecord[],
): { mode: string; uid: number; gid: number } {
  if (dir === '/tmp' || dir === '/var/tmp') return { mode: '1777', uid: 0, gid: 0 };
  if (imageEntry && imageEntry.type === 'directory') {
    return { mode: formatMode(imageEntry.mode), uid: imageEntry.uid, gid: imageEntry.gid };
  }
  const creator = [...(dirRecord ?? records[0])?.writers.values() ?? []][0];
  const uid = dirRecord?.owner && dirRecord.owner.uid >= 0 ? dirRecord.owner.uid : creator?.uid ?? 0;
  const gid = dirRecord?.owner && dirRecord.owner.gid >= 0 ? dirRecord.owner.gid : creator?.gid ?? 0;
  return { mode: formatMode(dirRecord?.mode ?? 0o755), uid, gid };
}

function writersOf(records: PathWriteRecord[]): WriterEvidence[] {
  const writers = new Map<string, WriterEvidence>();
  for (const record of records) {
    for (const writer of record.writers.values()) {
      const key = `${writer.program}\u0000${writer.uid}\u0000${writer.gid}`;
      const known = writers.get(key);
      if (known) {
        known.files += 1;
        known.bytes += writer.bytes;
      } else {
        writers.set(key, { program: writer.program, uid: writer.uid, gid: writer.gid, files: 1, bytes: writer.bytes });
      }
    }
  }
  return [...writers.values()].sort((a, b) => b.files - a.files || a.program.localeCompare(b.program));
}

function examplesOf(below: WrittenPath[]): string[] {
  const kept = below.filter((entry) => !entry.record?.deleted).map((entry) => entry.path);
  const removed = below.filter((entry) => entry.record?.deleted).map((entry) => entry.path);
  return [...kept, ...removed].slice(0, EXAMPLES);
}

export function formatMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

function sizeHint(kind: WritableKind, bytes: number): number {
  let size = SIZE_FLOOR[kind];
  while (size < bytes * 4) size *= 2;
  return size;
}

/** `notes-var-lib-notes`: the service's name, then the path. */
export function volumeName(prefix: string, dir: string): string {
  const slug = dir.replace(/^\/+/, '').replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
  return `${prefix}-${slug || 'root'}`;
}
