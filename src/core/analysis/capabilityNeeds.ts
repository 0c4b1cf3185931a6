import { posix } from 'node:path';
import type { TmpfsMount, WritablePath } from '../manifest/manifestTypes';
import { permits } from '../privileges/privilegeChecks';
import type { CapabilityEvidence, CapabilityTally } from '../trace/traceFacts';
import { isWithin } from './pathFamilies';

const WRITE_AND_SEARCH = 2 | 1;

/**
 * The capabilities the hardened run needs, from every use the profile trace showed, judged again
 * against the mounts the configuration puts in place: a tmpfs hides what the image ships below
 * it, so a root process that opened the image's `/var/log/app/x.log` (owned by another user) for
 * writing will create a new file in the tmpfs instead, and needs only what the tmpfs directory's
 * owner and mode ask of it.
 */
export function capabilityNeeds(uses: readonly CapabilityEvidence[], writablePaths: readonly WritablePath[]): CapabilityTally[] {
  const tmpfsPaths = writablePaths.filter((path): path is WritablePath & { mount: TmpfsMount } => path.mount.type === 'tmpfs');
  const tallies = new Map<string, CapabilityTally>();
  for (const use of uses) {
    const judged = judgeAgainstMounts(use, tmpfsPaths);
    if (judged) add(tallies, judged);
  }
  foldReadSearchIntoOverride(tallies);
  return [...tallies.values()];
}

/** DAC_OVERRIDE allows every read and search DAC_READ_SEARCH would; with both needed, one is enough. */
function foldReadSearchIntoOverride(tallies: Map<string, CapabilityTally>): void {
  const override = tallies.get('DAC_OVERRIDE');
  const readSearch = tallies.get('DAC_READ_SEARCH');
  if (!override || !readSearch) return;
  override.count += readSearch.count;
  override.ownerless += readSearch.ownerless;
  for (const owner of readSearch.fileOwners) override.fileOwners.add(owner);
  tallies.delete('DAC_READ_SEARCH');
}

function judgeAgainstMounts(use: CapabilityEvidence, tmpfsPaths: ReadonlyArray<WritablePath & { mount: TmpfsMount }>): CapabilityEvidence | undefined {
  if (use.checked === undefined || !use.shipped) return use;
  const hiding = tmpfsPaths.find((path) => isWithin(use.checked as string, path.path) && use.checked !== path.path);
  if (!hiding) return use;
  // The entry is hidden: under the hardened settings the app creates it (when it is directly in the
  // tmpfs) and is judged by the tmpfs directory; deeper entries are created by the app itself.
  const creates = use.capability === 'DAC_OVERRIDE' && posix.dirname(use.checked) === hiding.path && use.caller !== undefined;
  if (!creates) return undefined;
  const { mount } = hiding;
  const directory = { type: 'directory' as const, uid: mount.uid, gid: mount.gid, mode: parseInt(mount.mode, 8) };
  if (permits(use.caller as NonNullable<CapabilityEvidence['caller']>, directory, WRITE_AND_SEARCH)) return undefined;
  return {
    ...use,
    detail: `${use.detail.split(': ')[0]}: creates ${use.checked} in the tmpfs ${hiding.path} (${mount.uid}:${mount.gid}, mode ${mount.mode})`,
    checked: hiding.path,
    fileOwner: mount.uid,
    shipped: false,
  };
}

function add(tallies: Map<string, CapabilityTally>, use: CapabilityEvidence): void {
  const tally = tallies.get(use.capability) ?? { capability: use.capability, count: 0, evidence: [], fileOwners: new Set<number>(), ownerless: 0 };
  tallies.set(use.capability, tally);
  tally.count += 1;
  if (use.fileOwner === undefined || use.fileOwner === 0) tally.ownerless += 1;
  else tally.fileOwners.add(use.fileOwner);
  if (tally.evidence.length < 20) tally.evidence.push(use);
}
