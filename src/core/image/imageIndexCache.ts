import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { HardenError } from '../errors';
import type { ImageIndex } from './imageIndex';
import { decodeImageIndex, encodeImageIndex } from './imageIndexFile';

/** `HARDEN_CACHE_DIR=off` turns the cache off: every profile reads the image's files again. */
export const CACHE_OFF = 'off';
/** A few hundred images' indexes; the oldest-used go first beyond it. */
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;
/** Indexes kept in memory by a long-lived process (the extension host); a big image's takes tens of MB. */
const MEMORY_ENTRIES = 3;
const FILE_SUFFIX = '.json.gz';

export type CachedIndexSource = 'memory' | 'disk';

export interface CacheLookup {
  index?: ImageIndex;
  source?: CachedIndexSource;
  /** Why a stored entry was not used (damaged, another format): it is removed and written again. */
  ignored?: string;
}

/**
 * Image indexes by image id. An image id is the hash of the image's content, so an entry never goes
 * stale: the same id always has the same files. Kept in memory for the life of the process and on
 * disk (one gzip'd file per image, written atomically, total size bounded with the least recently
 * used dropped first) so the CLI's next profile of the same image does not read its files again.
 * A stored entry is checked before it is believed; one that fails the check is ignored and removed.
 */
export class ImageIndexCache {
  private readonly memory = new Map<string, ImageIndex>();

  /** `directory` undefined: the cache is off. */
  constructor(
    readonly directory: string | undefined,
    private readonly maxBytes = DEFAULT_CACHE_BYTES,
  ) {}

  /** The cache where the environment says: HARDEN_CACHE_DIR, else $XDG_CACHE_HOME/harden, else ~/.cache/harden. */
  static forEnvironment(environment: NodeJS.ProcessEnv): ImageIndexCache {
    return new ImageIndexCache(imageIndexCacheDirectory(environment));
  }

  get enabled(): boolean {
    return this.directory !== undefined;
  }

  async load(imageId: string): Promise<CacheLookup> {
    const file = this.fileFor(imageId);
    if (!file) return {};
    const remembered = this.memory.get(imageId);
    if (remembered) {
      this.remember(imageId, remembered);
      return { index: remembered, source: 'memory' };
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return {};
    }
    try {
      const index = decodeImageIndex(imageId, bytes);
      this.remember(imageId, index);
      // Eviction drops the least recently used: a hit counts as a use.
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return { index, source: 'disk' };
    } catch (error) {
      await rm(file, { force: true }).catch(() => undefined);
      return { ignored: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Keeps the index; a disk that cannot take it only costs the next profile a read of the image. */
  async store(imageId: string, index: ImageIndex): Promise<void> {
    const file = this.fileFor(imageId);
    if (!file || !this.directory) return;
    this.remember(imageId, index);
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
    try {
      await mkdir(this.directory, { recursive: true });
      await writeFile(partial, encodeImageIndex(imageId, index));
      // A rename within a folder is atomic: a reader sees the old file, or the whole new one.
      await rename(partial, file);
      await this.evict(file);
    } catch {
      await rm(partial, { force: true }).catch(() => undefined);
    }
  }

  /** Removes the least recently used files until the folder fits in maxBytes; `keep` always stays. */
  private async evict(keep: string): Promise<void> {
    const directory = this.directory as string;
    const files = await Promise.all(
      (await readdir(directory)).map(async (name) => {
        const path = join(directory, name);
        const info = await stat(path).catch(() => undefined);
        return info?.isFile() ? { path, size: info.size, used: info.mtimeMs } : undefined;
      }),
    );
    const present = files.filter((file) => file !== undefined);
    let total = present.reduce((sum, file) => sum + file.size, 0);
    for (const file of present.sort((a, b) => a.used - b.used)) {
      if (total <= this.maxBytes) break;
      if (file.path === keep) continue;
      await rm(file.path, { force: true }).catch(() => undefined);
      total -= file.size;
    }
  }

  private remember(imageId: string, index: ImageIndex): void {
    this.memory.delete(imageId);
    this.memory.set(imageId, index);
    while (this.memory.size > MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value as string);
  }

  /** Only a well-formed content hash names a file, so an id can never point outside the folder. */
  private fileFor(imageId: string): string | undefined {
    const match = /^([a-z0-9]+):([a-f0-9]{32,128})$/.exec(imageId);
    return this.directory && match ? join(this.directory, `${match[1]}-${match[2]}${FILE_SUFFIX}`) : undefined;
  }
}

/** The folder of cached image indexes, or undefined when HARDEN_CACHE_DIR=off. */
export function imageIndexCacheDirectory(environment: NodeJS.ProcessEnv): string | undefined {
  const configured = environment.HARDEN_CACHE_DIR;
  if (configured === CACHE_OFF) return undefined;
  if (configured) {
    if (!isAbsolute(configured)) throw new HardenError('usage', `HARDEN_CACHE_DIR=${configured}: expected an absolute path, or "off" to turn the cache off.`);
    return join(configured, 'image-index');
  }
  const xdg = environment.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(environment.HOME || homedir(), '.cache');
  return join(base, 'harden', 'image-index');
}
