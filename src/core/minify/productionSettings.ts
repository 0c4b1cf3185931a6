import { posix } from 'node:path';
import { initDecision } from '../generate/hardenedSettings';
import type { CapabilityUse, HardeningManifest, InitDecision } from '../manifest/manifestTypes';
import type { ProfileRecord } from '../profile/profileRecord';
import { INIT_IN_IMAGE } from './productionDockerfile';
import { describeStep, type StartupReplacement } from './startupReplacement';

export interface BuiltImage {
  tag: string;
  id: string;
  env: string[];
}

/**
 * The manifest of the production image, for the same generators and the same verify as the
 * development one: the production image with the init as its entrypoint, the app's own
 * capabilities plus those the init needs for its start-up steps and its drop of privileges, root
 * only when the init must drop them itself.
 */
export function productionManifest(development: HardeningManifest, built: BuiltImage, replacement: StartupReplacement, record: ProfileRecord): HardeningManifest {
  const { verification: _verification, production: _production, ...rest } = development;
  // The production image is built from Dockerfile.prod, not from the Dockerfile the development image came from.
  const { build: _build, ...developmentImage } = development.image;
  const capabilities = productionCapabilities(development, replacement, record);
  const dropper = replacement.user;
  return {
    ...rest,
    image: {
      ...developmentImage,
      reference: built.tag,
      id: built.id,
      entrypoint: [INIT_IN_IMAGE],
      cmd: replacement.argv,
      env: built.env,
      user: imageUser(development, replacement),
    },
    profile: { ...development.profile, overrides: { env: development.profile.overrides.env } },
    capabilities,
    runAs: dropper
      ? { uid: 0, gid: 0, nonRoot: false, reason: `harden-init starts as root to prepare the writable paths, then drops itself and the app to ${dropper.uid}:${dropper.gid}` }
      : development.runAs,
    init: productionInit(development, replacement),
  };
}

/**
 * The image's USER, numeric: the user the start-up began as (root) only when the init drops
 * privileges itself; otherwise the user the hardened configuration runs the app as.
 */
export function imageUser(development: HardeningManifest, replacement: StartupReplacement): string {
  const first = development.execution.chain[0] ?? development.execution.main;
  if (replacement.user) return `${first.uid}:${first.gid}`;
  return `${development.runAs.uid}:${development.runAs.gid}`;
}

/**
 * harden-init as PID 1 signals the app as the app's own uid when it dropped privileges for it; it
 * hands PID 1 over to an app that drops them itself and stops by itself; otherwise, for an app
 * that switches users in-process, it needs KILL as Docker's init would.
 */
function productionInit(development: HardeningManifest, replacement: StartupReplacement): InitDecision {
  if (replacement.user) return { kind: 'image', needsKill: false, reason: `harden-init is PID 1: it forwards signals and reaps zombies as the app's own uid (${replacement.user.uid}), so it needs no KILL` };
  if (replacement.appIsPid1) return { kind: 'image', needsKill: false, reason: `harden-init does the start-up, then the app takes PID 1 over: ${initDecision(development).reason}` };
  const needsKill = initDecision(development).needsKill;
  return {
    kind: 'image',
    needsKill,
    reason: needsKill ? 'KILL for harden-init: the app switches to another uid, which the init (root) can signal only with KILL' : 'harden-init is PID 1: it forwards signals and reaps zombies',
  };
}

function productionCapabilities(development: HardeningManifest, replacement: StartupReplacement, record: ProfileRecord): CapabilityUse[] {
  const appPrograms = new Set(record.app.executed);
  const byApp = development.capabilities.filter((use) => use.evidence.some((line) => appPrograms.has(line.slice(0, line.indexOf(':')))));
  const grants = new Map(byApp.map((use) => [use.capability, use]));
  const grant = (capability: string, why: string): void => {
    const existing = grants.get(capability);
    if (existing) grants.set(capability, { ...existing, evidence: [...existing.evidence, why], count: existing.count + 1 });
    else grants.set(capability, { capability, evidence: [why], count: 1 });
  };
  if (replacement.user) {
    const drop = `harden-init: drops itself and the app to ${replacement.user.uid}:${replacement.user.gid} (${posix.basename(INIT_IN_IMAGE)} is PID 1)`;
    grant('SETUID', drop);
    grant('SETGID', drop);
  }
  // Without a drop the init runs as the configuration's user: a non-root one makes what its steps
  // make as the owner (ownedByConfiguredUser), and could not use a capability anyway.
  const initRunsAsRoot = replacement.user !== undefined || !development.runAs.nonRoot;
  for (const step of initRunsAsRoot ? replacement.steps : []) {
    const owner = 'uid' in step ? { uid: step.uid, gid: step.gid } : undefined;
    if (owner && (owner.uid !== 0 || owner.gid !== 0)) grant('CHOWN', `harden-init: ${describeStep(step)}`);
    if ('mode' in step && (step.kind === 'chmod' || owner?.uid !== 0)) grant('FOWNER', `harden-init: ${describeStep(step)}`);
    if ('mode' in step && (step.mode & 0o2000) !== 0) grant('FSETID', `harden-init: ${describeStep(step)} keeps the set-gid bit`);
  }
  return [...grants.values()].sort((a, b) => a.capability.localeCompare(b.capability));
}
