import type { AccountDatabase } from '../image/accountDatabase';
import type { ImageIndex } from '../image/imageIndex';
import type { RunAsDecision, WritablePath } from '../manifest/manifestTypes';
import type { CapabilityTally, TraceFacts } from '../trace/traceFacts';
import { FILE_BYPASS_CAPABILITIES, ROOT_ONLY_CAPABILITIES } from './capabilities';

/** The uid Harden proposes when an image runs as root without needing to (distroless's "nonroot"). */
export const DEFAULT_NON_ROOT = 65532;

export interface RunAsInput {
  /** Credentials the profiled container started with. */
  startUid: number;
  startGid: number;
  capabilities: CapabilityTally[];
  writablePaths: WritablePath[];
  facts: TraceFacts;
  index: ImageIndex;
  accounts: AccountDatabase;
}

export interface RunAsResult {
  decision: RunAsDecision;
  writablePaths: WritablePath[];
  /** The capabilities the chosen user still needs (running as a file's owner needs no bypass). */
  capabilities: CapabilityTally[];
}

/**
 * Decides the user of the hardened configuration. An image that already runs as a non-root user
 * keeps it. An image that runs as root keeps root only for what truly needs it — switching users,
 * chown of others' files, chroot… — and the reason names it. When root only reached files owned by
 * one non-root user (a 0750 data directory of the service's own user), that user runs the app: it
 * reaches them as their owner, with no capability. Otherwise a non-root uid that can write every
 * writable path; tmpfs mounts root owned are handed to it.
 */
export function decideRunAs(input: RunAsInput): RunAsResult {
  const unchanged = { writablePaths: input.writablePaths, capabilities: input.capabilities };
  if (input.startUid !== 0) {
    return { decision: { uid: input.startUid, gid: input.startGid, nonRoot: true, reason: `the image already runs as uid ${input.startUid}` }, ...unchanged };
  }
  const rootOnly = input.capabilities.filter((tally) => ROOT_ONLY_CAPABILITIES.has(tally.capability));
  const owner = rootOnly.length > 0 ? soleFileOwner(rootOnly) : undefined;
  if (rootOnly.length > 0 && owner === undefined) {
    return { decision: { uid: 0, gid: 0, nonRoot: false, reason: rootReason(rootOnly) }, ...unchanged };
  }
  const rootOnlyRead = rootOnlyFilesUsed(input, owner);
  if (rootOnlyRead) return { decision: { uid: 0, gid: 0, nonRoot: false, reason: rootOnlyRead }, ...unchanged };

  const volumeOwners = new Set(
    input.writablePaths.filter((path) => path.mount.type === 'volume' && path.imageContent.exists).map((path) => path.imageContent.uid),
  );
  const candidates = [...volumeOwners].filter((uid) => uid !== 0);
  const uid = owner ?? (candidates.length === 1 ? candidates[0] : DEFAULT_NON_ROOT);
  const gid = input.accounts.users.find((user) => user.uid === uid)?.gid ?? uid;
  const blocked = input.writablePaths.find(
    (path) => path.mount.type === 'volume' && !(path.imageContent.exists && (path.imageContent.uid === uid || (parseInt(path.imageContent.mode, 8) & 0o002) !== 0)),
  );
  if (blocked) {
    const why = rootOnly.length > 0 ? `root is used only to reach files of uid ${uid}` : 'nothing in the trace needs root';
    return {
      decision: {
        uid: 0,
        gid: 0,
        nonRoot: false,
        reason: `${why}, but the volume at ${blocked.path} ${blocked.imageContent.exists ? `is owned by uid ${blocked.imageContent.uid}` : 'does not exist in the image, so the engine creates it owned by root'}; chown it to uid ${uid} in the image to run as non-root`,
      },
      ...unchanged,
    };
  }
  const handedOver = input.writablePaths.map((path) =>
    path.mount.type === 'tmpfs' && path.mount.uid === 0 && (parseInt(path.mount.mode, 8) & 0o002) === 0
      ? { ...path, mount: { ...path.mount, uid, gid } }
      : path,
  );
  const reason =
    owner !== undefined
      ? `root was used only to reach files owned by uid ${owner} (${rootOnly.map((tally) => tally.capability).join(', ')}, e.g. ${rootOnly[0].evidence[0]?.detail ?? 'see capabilities'}); as uid ${owner} the app reaches them as their owner, with no capability`
      : 'the image runs as root, but the trace shows nothing that needs root';
  return {
    decision: { uid, gid, nonRoot: true, reason },
    writablePaths: handedOver,
    capabilities: input.capabilities.filter((tally) => !ROOT_ONLY_CAPABILITIES.has(tally.capability)),
  };
}

/** The one non-root uid whose files every root-only use bypassed, or undefined when root did more than that. */
function soleFileOwner(rootOnly: CapabilityTally[]): number | undefined {
  if (!rootOnly.every((tally) => FILE_BYPASS_CAPABILITIES.has(tally.capability) && tally.ownerless === 0)) return undefined;
  const owners = new Set(rootOnly.flatMap((tally) => [...tally.fileOwners]));
  return owners.size === 1 ? [...owners][0] : undefined;
}

/** "it needs root to switch users (SETUID, SETGID), e.g. …": the needs in words a reader can check. */
function rootReason(rootOnly: CapabilityTally[]): string {
  const names = rootOnly.map((tally) => tally.capability);
  const purposes = [
    ...new Set(
      names.map((name) => ROOT_PURPOSES[name] ?? `use ${name}`),
    ),
  ];
  const example = rootOnly.find((tally) => !FILE_BYPASS_CAPABILITIES.has(tally.capability)) ?? rootOnly[0];
  return `it needs root to ${purposes.join(', ')} (${names.join(', ')}); e.g. ${example.evidence[0]?.detail ?? example.capability}`;
}

const ROOT_PURPOSES: Record<string, string> = {
  SETUID: 'switch users',
  SETGID: 'switch users',
  CHOWN: "change files' owners",
  FOWNER: "change other users' files",
  FSETID: "change other users' files",
  DAC_OVERRIDE: "reach other users' files",
  DAC_READ_SEARCH: "reach other users' files",
  KILL: "signal other users' processes",
  SYS_CHROOT: 'chroot',
  MKNOD: 'create device nodes',
  NET_RAW: 'open raw sockets',
  SYS_ADMIN: 'mount filesystems',
  SETFCAP: 'set file capabilities',
};

/** A reason when the app read or executed files that only root (or someone other than `owner`) may read. */
function rootOnlyFilesUsed(input: RunAsInput, owner: number | undefined): string | undefined {
  for (const read of input.facts.reads.values()) {
    const real = input.index.realpath(read.path) ?? read.path;
    const entry = input.index.get(real);
    if (!entry || entry.type !== 'file') continue;
    const othersMayRead = (entry.mode & 0o004) !== 0;
    const ownerMayRead = owner !== undefined && entry.uid === owner && (entry.mode & 0o400) !== 0;
    if (!othersMayRead && !ownerMayRead && read.uids.has(0)) {
      return `the app reads ${real}, which only ${entry.uid === 0 ? 'root' : `uid ${entry.uid}`} may read (mode ${(entry.mode & 0o7777).toString(8)})`;
    }
  }
  return undefined;
}
