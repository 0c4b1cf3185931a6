import { posix } from 'node:path';
import type { ImageIndex } from '../image/imageIndex';
import { detach } from '../trace/cString';

export interface FileAttributes {
  type: 'file' | 'directory' | 'symlink' | 'other';
  uid: number;
  gid: number;
  /** Permission bits with set-id and sticky bits (07777). */
  mode: number;
}

/**
 * Owner, group and mode of every path as the run changes them: the image's files as shipped, then
 * what the trace shows the app create, chown, chmod, rename and remove. Permission checks read it
 * at the moment of each call, so a chmod after a chown is judged against the new owner.
 */
export class FileTable {
  /** Paths the run changed; `null` = removed. An entry the run created is marked so (it is not the image's). */
  private readonly changed = new Map<string, (FileAttributes & { created?: true }) | null>();
  /**
   * Bumped when a directory's owner or mode changes, or it goes away, so cached search checks know
   * they are stale. A new directory does not bump it: nothing below it was looked up before.
   */
  generation = 0;

  constructor(private readonly index: ImageIndex | undefined) {}

  /** Where `path` really is: symlinks in its directory part resolved as the image has them. */
  resolve(path: string): string {
    return this.index ? this.index.resolveDirectory(path) : path;
  }

  lookup(path: string): FileAttributes | undefined {
    const known = this.changed.get(path);
    if (known !== undefined) return known ?? undefined;
    const entry = this.index?.get(path);
    if (!entry) return undefined;
    // Called for every open of a privileged process: the image's entry serves as it is.
    return entry.type === 'hardlink' ? { type: 'file', uid: entry.uid, gid: entry.gid, mode: entry.mode } : (entry as FileAttributes);
  }

  /**
   * A new entry as the kernel creates it: owned by the fsuid, group from a set-gid parent (which
   * also passes the bit on to a new directory) or the fsgid, mode minus the umask.
   */
  create(path: string, type: FileAttributes['type'], requestedMode: number, creator: { fsuid: number; fsgid: number; umask: number }): void {
    const parent = this.lookup(posix.dirname(path));
    const inheritsGroup = parent !== undefined && (parent.mode & 0o2000) !== 0;
    let mode = requestedMode & ~creator.umask & 0o7777;
    if (type === 'directory' && inheritsGroup) mode |= 0o2000;
    this.set(path, { type, uid: creator.fsuid, gid: inheritsGroup ? parent.gid : creator.fsgid, mode, created: true });
  }

  /** The entry at `path` is the one the image ships (possibly chowned or chmodded since), not one the run created. */
  shipped(path: string): boolean {
    const changed = this.changed.get(path);
    return this.index?.get(path) !== undefined && changed !== null && changed?.created !== true;
  }

  chown(path: string, uid: number, gid: number): void {
    const current = this.lookup(path);
    if (!current) return;
    if (current.type === 'directory') this.generation += 1;
    // chown by anyone clears set-uid/set-gid on files (not directories), as the kernel does.
    const mode = current.type === 'directory' ? current.mode : current.mode & ~0o6000;
    this.set(path, { ...current, uid: uid === -1 ? current.uid : uid, gid: gid === -1 ? current.gid : gid, mode });
  }

  chmod(path: string, mode: number): void {
    const current = this.lookup(path);
    if (!current) return;
    if (current.type === 'directory') this.generation += 1;
    this.set(path, { ...current, mode: mode & 0o7777 });
  }

  remove(path: string): void {
    if (this.lookup(path)?.type === 'directory') this.generation += 1;
    this.set(path, null);
  }

  rename(from: string, to: string): void {
    const moved = this.lookup(from);
    this.remove(from);
    if (moved) this.set(to, { type: moved.type, uid: moved.uid, gid: moved.gid, mode: moved.mode, created: true });
  }

  /** Paths come from trace lines: a new key is kept detached, so it does not pin the line's text in memory. */
  private set(path: string, attributes: (FileAttributes & { created?: true }) | null): void {
    this.changed.set(this.changed.has(path) ? path : detach(path), attributes);
  }
}
