import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { readStream, walkTar } from '../docker/tarArchive';
import { isPackageDatabaseFile } from '../sbom/packageDatabase';
import { elfInterpreter } from './elfInterpreter';

export type ImageEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface ImageEntry {
  path: string;
  type: ImageEntryType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Symlink or hard link target as stored. */
  linkname?: string;
}

/** Files whose content the analysis needs, read during the one pass over the image. */
const CONTENT_FILES = new Set(['/etc/passwd', '/etc/group', '/etc/os-release', '/usr/lib/os-release']);
/** A full Debian's dpkg status passes a megabyte; a package database is read whole for the SBOM. */
const PACKAGE_DATABASE_LIMIT = 64 * 1024 * 1024;
/** Enough for a `#!` line and for an ELF file's program headers and interpreter name. */
const HEAD_BYTES = 4096;
const MAX_SYMLINK_HOPS = 40;

/**
 * What one pass over an image collects, in the version the index cache stores. Bump it whenever
 * `fromTar` collects something new (another content file, another fact per entry): cached indexes
 * of an older version are then read again from the image instead of lacking it.
 */
export const IMAGE_INDEX_VERSION = 1;

/** Everything an index knows, as plain data: what the index cache writes and reads back. */
export interface ImageIndexData {
  entries: ImageEntry[];
  contents: Map<string, Buffer>;
  shebangs: Map<string, string>;
  loaders: Map<string, string>;
}

/**
 * Every path of an image's root filesystem with its type, owner, mode and size, from one streamed
 * pass over an export of a never-started container. Answers the questions the trace cannot:
 * does this path exist in the image, who owns it, what does a symlink point to, which file is a
 * script and what interprets it.
 */
export class ImageIndex {
  private readonly entries = new Map<string, ImageEntry>();
  private readonly contents = new Map<string, Buffer>();
  private readonly shebangs = new Map<string, string>();
  private readonly loaders = new Map<string, string>();
  /** realpath is asked for the same paths many times (every exec, every write). */
  private readonly resolved = new Map<string, string | undefined>();

  static fromData(data: ImageIndexData): ImageIndex {
    const index = new ImageIndex();
    for (const entry of data.entries) index.entries.set(entry.path, entry);
    for (const [path, content] of data.contents) index.contents.set(path, content);
    for (const [path, line] of data.shebangs) index.shebangs.set(path, line);
    for (const [path, loader] of data.loaders) index.loaders.set(path, loader);
    return index;
  }

  static async fromTar(tarStream: Readable): Promise<ImageIndex> {
    const index = new ImageIndex();
    await walkTar(tarStream, (header) => {
      const path = normalizeTarPath(header.name);
      const entry: ImageEntry = {
        path,
        type: entryType(header.type),
        mode: header.mode & 0o7777,
        uid: header.uid,
        gid: header.gid,
        size: header.size,
        linkname: header.linkname,
      };
      index.entries.set(path, entry);
      if (entry.type !== 'file') return undefined;
      if (CONTENT_FILES.has(path) || isPackageDatabaseFile(path)) {
        const limit = CONTENT_FILES.has(path) ? 1024 * 1024 : PACKAGE_DATABASE_LIMIT;
        return async (content) => {
          index.contents.set(path, await readStream(content, limit));
        };
      }
      if ((entry.mode & 0o111) !== 0 && entry.size > 2) {
        return async (content) => {
          const head = await readStream(content, HEAD_BYTES);
          if (head[0] === 0x23 && head[1] === 0x21) index.shebangs.set(path, head.toString('utf8').split('\n')[0].slice(2).trim());
          const loader = elfInterpreter(head);
          if (loader !== undefined) index.loaders.set(path, loader);
        };
      }
      return undefined;
    });
    return index;
  }

  /** An index from entries directly (tests, and images described without an engine). */
  static fromEntries(entries: ImageEntry[], contents: Record<string, string> = {}, loaders: Record<string, string> = {}): ImageIndex {
    const index = new ImageIndex();
    for (const entry of entries) index.entries.set(entry.path, entry);
    for (const [path, loader] of Object.entries(loaders)) index.loaders.set(path, loader);
    for (const [path, text] of Object.entries(contents)) {
      if (text.startsWith('#!')) index.shebangs.set(path, text.split('\n')[0].slice(2).trim());
      else index.contents.set(path, Buffer.from(text));
    }
    return index;
  }

  /**
   * The entries (and the contents and script lines the analysis reads) for which `keep` says yes,
   * as plain data that `fromEntries` takes back: how tests carry a real image's index.
   */
  snapshot(keep: (path: string) => boolean): { entries: ImageEntry[]; contents: Record<string, string>; loaders: Record<string, string> } {
    const entries = [...this.entries.values()].filter((entry) => keep(entry.path));
    const contents: Record<string, string> = {};
    for (const [path, content] of this.contents) if (CONTENT_FILES.has(path) || keep(path)) contents[path] = content.toString('utf8');
    for (const [path, line] of this.shebangs) if (keep(path)) contents[path] = `#!${line}\n`;
    const loaders: Record<string, string> = {};
    for (const [path, loader] of this.loaders) if (keep(path)) loaders[path] = loader;
    return { entries, contents, loaders };
  }

  /** Everything the index holds, for the index cache (`fromData` takes it back). */
  toData(): ImageIndexData {
    return { entries: [...this.entries.values()], contents: new Map(this.contents), shebangs: new Map(this.shebangs), loaders: new Map(this.loaders) };
  }

  get size(): number {
    return this.entries.size;
  }

  get(path: string): ImageEntry | undefined {
    return this.entries.get(path);
  }

  all(): IterableIterator<ImageEntry> {
    return this.entries.values();
  }

  content(path: string): string | undefined {
    return this.contents.get(path)?.toString('utf8');
  }

  /** The package databases (dpkg, apk, Python dist-info) the pass kept, by path: the input of the SBOM. */
  packageDatabaseFiles(): Map<string, string> {
    const files = new Map<string, string>();
    for (const [path, content] of this.contents) if (isPackageDatabaseFile(path)) files.set(path, content.toString('utf8'));
    return files;
  }

  /** The interpreter line of a script (`/bin/sh -e`), or undefined for binaries and missing files. */
  shebang(path: string): string | undefined {
    const real = this.realpath(path);
    return real === undefined ? undefined : this.shebangs.get(real);
  }

  /** The dynamic loader an executable needs (`/lib64/ld-linux-x86-64.so.2`); undefined for static binaries and scripts. */
  loader(path: string): string | undefined {
    const real = this.realpath(path);
    return real === undefined ? undefined : this.loaders.get(real);
  }

  /** Resolves every symlink in `path` inside the image; undefined when a component is missing. */
  realpath(path: string): string | undefined {
    if (this.resolved.has(path)) return this.resolved.get(path);
    const real = this.resolve(path);
    this.resolved.set(path, real);
    return real;
  }

  private resolve(path: string): string | undefined {
    return this.trace(path).resolved;
  }

  /**
   * Resolves `path` component by component as the kernel does, and names every symlink it goes
   * through (`/lib` for `/lib/x86_64-linux-gnu/libc.so.6`), also those before a missing component;
   * `resolved` is undefined when a component is missing or the links loop.
   */
  trace(path: string): { symlinks: string[]; resolved: string | undefined } {
    const symlinks: string[] = [];
    let hops = 0;
    let resolved = '/';
    const pending = posix.normalize(path).split('/').filter(Boolean);
    while (pending.length > 0) {
      const part = pending.shift() as string;
      if (part === '..') {
        resolved = posix.dirname(resolved);
        continue;
      }
      const candidate = posix.join(resolved, part);
      const entry = this.entries.get(candidate);
      if (!entry) return { symlinks, resolved: undefined };
      if (entry.type === 'symlink' && entry.linkname !== undefined) {
        symlinks.push(candidate);
        hops += 1;
        if (hops > MAX_SYMLINK_HOPS) return { symlinks, resolved: undefined };
        const target = entry.linkname.startsWith('/') ? entry.linkname : posix.join(resolved, entry.linkname);
        pending.unshift(...posix.normalize(target).split('/').filter(Boolean));
        resolved = '/';
        continue;
      }
      resolved = candidate;
    }
    return { symlinks, resolved };
  }

  /**
   * The path with symlinks in its directory part resolved; the last component is kept as is,
   * so a file created at run time (`/var/run/app.pid` → `/run/app.pid`) maps to where it really lands.
   */
  resolveDirectory(path: string): string {
    if (path === '/') return path;
    const parent = this.realpath(posix.dirname(path));
    return parent === undefined ? path : posix.join(parent, posix.basename(path));
  }

  /** Regular files, symlinks and other non-directories the image ships below `dir`. */
  filesBelow(dir: string): ImageEntry[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const found: ImageEntry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.type !== 'directory' && entry.path.startsWith(prefix)) found.push(entry);
    }
    return found;
  }
}

/** `./etc/`, `/etc` and `etc` are /etc; `.harden/init` (as `docker export` writes it) is /.harden/init. */
function normalizeTarPath(name: string): string {
  const trimmed = name.replace(/^(?:\.\/|\/)+/, '').replace(/\/+$/, '');
  return trimmed === '.' ? '/' : `/${trimmed}`;
}

function entryType(type: string): ImageEntryType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}
