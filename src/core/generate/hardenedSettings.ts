import { DOCKER_GRANTS_WITHOUT_CAPABILITY } from '../analysis/capabilities';
import { usualInit } from '../analysis/initDecision';
import type { HardeningManifest, InitDecision, PortUse } from '../manifest/manifestTypes';
import { ownInitProgram } from './imageInit';

/** One capability a configuration adds back, with the evidence line its comment shows. */
export interface CapabilityGrant {
  capability: string;
  why: string;
}

/** The manifest's init decision; manifests written before it existed ran Docker's init (or the image's own). */
export function initDecision(manifest: HardeningManifest): InitDecision {
  return manifest.init ?? usualInit(ownInitProgram(manifest));
}

/**
 * Compose: the app's capabilities, except those Docker grants without one (ports below 1024), and
 * KILL when the init must signal an app that switched users.
 */
export function composeCapabilities(manifest: HardeningManifest): CapabilityGrant[] {
  const init = initDecision(manifest);
  return withInitKill(
    appCapabilities(manifest).filter((grant) => !DOCKER_GRANTS_WITHOUT_CAPABILITY.has(grant.capability)),
    init.kind !== 'none' && init.needsKill ? init : undefined,
  );
}

/**
 * Kubernetes: the app's capabilities, except NET_BIND_SERVICE (the pod opens privileged ports with
 * a sysctl instead, which also works for a non-root user); KILL only for the image's own init, as
 * Kubernetes runs no init of its own.
 */
export function kubernetesCapabilities(manifest: HardeningManifest): CapabilityGrant[] {
  const init = initDecision(manifest);
  return withInitKill(
    appCapabilities(manifest).filter((grant) => grant.capability !== 'NET_BIND_SERVICE'),
    init.kind === 'image' && init.needsKill ? init : undefined,
  );
}

/** Ports below 1024 the app bound: Docker opens them to everyone, a pod needs a sysctl for it. */
export function privilegedPorts(manifest: HardeningManifest): PortUse[] {
  return manifest.ports.filter((port) => port.port < 1024);
}

function appCapabilities(manifest: HardeningManifest): CapabilityGrant[] {
  const uses = manifest.capabilities.filter((use, index, all) => all.findIndex((other) => other.capability === use.capability) === index);
  return uses.map((use) => ({
    capability: use.capability,
    why: `${use.count === 1 ? 'used once' : `used ${use.count} times`}, e.g. ${use.evidence[0] ?? 'no example recorded'}${use.learnedInRound ? ` (learned from verify round ${use.learnedInRound})` : ''}`,
  }));
}

function withInitKill(grants: CapabilityGrant[], init: InitDecision | undefined): CapabilityGrant[] {
  if (!init || grants.some((grant) => grant.capability === 'KILL')) return grants;
  return [...grants, { capability: 'KILL', why: init.reason }].sort((a, b) => a.capability.localeCompare(b.capability));
}
