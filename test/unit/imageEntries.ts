import type { ImageEntry } from '../../src/core/image/imageIndex';

/** An image's directory entry for ImageIndex.fromEntries: owner, group and mode as `ls -n` shows them. */
export const dir = (path: string, uid = 0, gid = 0, mode = 0o755): ImageEntry => ({ path, type: 'directory', mode, uid, gid, size: 0 });

/** An image's regular file entry. */
export const file = (path: string, uid = 0, gid = 0, mode = 0o644): ImageEntry => ({ path, type: 'file', mode, uid, gid, size: 10 });

/** An image's symlink entry; `target` as stored (relative or absolute). */
export const symlink = (path: string, target: string): ImageEntry => ({ path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, linkname: target });
