import type { TarEntryInput } from '../docker/tarArchive';
import type { ImageIndex } from '../image/imageIndex';
import type { HardeningManifest } from '../manifest/manifestTypes';
import type { InitStep } from './startupReplacement';

/**
 * The writable paths the development image does not have (the entrypoint script made them at
 * start), as directories of the production image, with the owner and mode the start-up gave them —
 * so the image runs as its non-root USER even on a writable root where nothing is mounted there,
 * and a new named volume starts with the right owner. Missing parents are root's, 0755.
 */
export function writablePathDirectories(manifest: HardeningManifest, index: ImageIndex, steps: readonly InitStep[]): TarEntryInput[] {
  const entries = new Map<string, TarEntryInput>();
  for (const writable of manifest.writablePaths) {
    if (index.realpath(writable.path) !== undefined) continue;
    const parts = writable.path.split('/').filter(Boolean);
    for (let depth = 1; depth < parts.length; depth += 1) {
      const parent = `/${parts.slice(0, depth).join('/')}`;
      if (index.realpath(parent) === undefined && !entries.has(parent)) entries.set(parent, { name: parent.slice(1), type: 'directory', mode: 0o755 });
    }
    entries.set(writable.path, { name: writable.path.slice(1), type: 'directory', ...ownerAndMode(manifest, writable.path, steps) });
  }
  return [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function ownerAndMode(manifest: HardeningManifest, path: string, steps: readonly InitStep[]): { mode: number; uid: number; gid: number } {
  const made = steps.find((step): step is Extract<InitStep, { kind: 'mkdir' }> => step.kind === 'mkdir' && step.path === path);
  if (made) return { mode: made.mode, uid: made.uid, gid: made.gid };
  const mount = manifest.writablePaths.find((writable) => writable.path === path)?.mount;
  if (mount?.type === 'tmpfs') return { mode: parseInt(mount.mode, 8), uid: mount.uid, gid: mount.gid };
  return { mode: 0o755, uid: manifest.runAs.uid, gid: manifest.runAs.gid };
}

/** Where Dockerfile.prod finds them, relative to its context. */
export const WRITABLE_PATHS_TAR = 'writable-paths.tar';
