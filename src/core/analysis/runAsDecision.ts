import type { AccountDatabase } from '../image/accountDatabase';
import type { ImageIndex } from '../image/imageIndex';
import type { CapabilityUse, RunAsDecision, WritablePath } from '../manifest/manifestTypes';
import type { TraceFacts } from '../trace/traceFacts';
import { ROOT_ONLY_CAPABILITIES } from './capabilities';

/** The uid Harden proposes when an image runs as root without needing to (distroless's "nonroot"). */
export const DEFAULT_NON_ROOT = 65532;

export interface RunAsInput {
  /** Credentials the profiled container started with. */
  startUid: number;
  startGid: number;
  capabilities: CapabilityUse[];
  writablePaths: WritablePath[];
  facts: TraceFacts;
  index: ImageIndex;
  accounts: AccountDatabase;
}

/**
 * Decides the user of the hardened configuration. An image that already runs as a non-root user
 * keeps it. An image that runs as root keeps root when the trace shows it needs it (identity
 * changes, chown, root-only files); otherwise it gets a non-root uid that can write every writable
 * path, and tmpfs mounts root owned are handed to that uid.
 */
export function decideRunAs(input: RunAsInput): { decision: RunAsDecision; writablePaths: WritablePath[] } {
  if (input.startUid !== 0) {
    return {
      decision: { uid: input.startUid, gid: input.startGid, nonRoot: true, reason: `the image already runs as uid ${input.startUid}` },
      writablePaths: input.writablePaths,
    };
  }
  const needsRoot = input.capabilities.filter((use) => ROOT_ONLY_CAPABILITIES.has(use.capability));
  if (needsRoot.length > 0) {
    const first = needsRoot[0];
    return {
      decision: { uid: 0, gid: 0, nonRoot: false, reason: `it needs root for ${needsRoot.map((use) => use.capability).join(', ')}; e.g. ${first.evidence[0]}` },
      writablePaths: input.writablePaths,
    };
  }
  const rootOnly = rootOnlyFilesUsed(input);
  if (rootOnly) return { decision: { uid: 0, gid: 0, nonRoot: false, reason: rootOnly }, writablePaths: input.writablePaths };

  const volumeOwners = new Set(
    input.writablePaths.filter((path) => path.mount.type === 'volume' && path.imageContent.exists).map((path) => path.imageContent.uid),
  );
  const candidates = [...volumeOwners].filter((uid) => uid !== 0);
  const uid = candidates.length === 1 ? candidates[0] : DEFAULT_NON_ROOT;
  const gid = input.accounts.users.find((user) => user.uid === uid)?.gid ?? uid;
  const blocked = input.writablePaths.find(
    (path) => path.mount.type === 'volume' && !(path.imageContent.exists && (path.imageContent.uid === uid || (parseInt(path.imageContent.mode, 8) & 0o002) !== 0)),
  );
  if (blocked) {
    return {
      decision: {
        uid: 0,
        gid: 0,
        nonRoot: false,
        reason: `nothing in the trace needs root, but the volume at ${blocked.path} ${blocked.imageContent.exists ? `is owned by uid ${blocked.imageContent.uid}` : 'does not exist in the image, so the engine creates it owned by root'}; chown it to a non-root uid in the image to run as non-root`,
      },
      writablePaths: input.writablePaths,
    };
  }
  const handedOver = input.writablePaths.map((path) =>
    path.mount.type === 'tmpfs' && path.mount.uid === 0 && (parseInt(path.mount.mode, 8) & 0o002) === 0
      ? { ...path, mount: { ...path.mount, uid, gid } }
      : path,
  );
  return {
    decision: { uid, gid, nonRoot: true, reason: 'the image runs as root, but the trace shows nothing that needs root' },
    writablePaths: handedOver,
  };
}

/** A reason when the app read or executed files that only root may read. */
function rootOnlyFilesUsed(input: RunAsInput): string | undefined {
  for (const read of input.facts.reads.values()) {
    const real = input.index.realpath(read.path) ?? read.path;
    const entry = input.index.get(real);
    if (!entry || entry.type !== 'file') continue;
    const othersMayRead = (entry.mode & 0o004) !== 0;
    if (!othersMayRead && read.uids.has(0)) {
      return `the app reads ${real}, which only ${entry.uid === 0 ? 'root' : `uid ${entry.uid}`} may read (mode ${(entry.mode & 0o7777).toString(8)})`;
    }
  }
  return undefined;
}
