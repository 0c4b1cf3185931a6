import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

/**
 * The Pod Security "restricted" checks of hardening-facts.md §2.2, as pod-security-admission applies
 * them (container fields fall back to the pod's where the check allows it), and what the generated
 * patch claims about them.
 */

const RESTRICTED_VOLUME_TYPES = ['configMap', 'downwardAPI', 'emptyDir', 'projected', 'secret', 'csi', 'persistentVolumeClaim', 'ephemeral', 'image'];

/** `check: what fails`, one per failure; the check names are pod-security-admission's. */
export function restrictedViolations(pod: IPodSpec): string[] {
  const violations: string[] = [];
  const podContext = pod.securityContext ?? {};
  if (podContext.runAsUser === 0) violations.push('runAsUser: pod runs as 0');
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    const context = container.securityContext ?? {};
    const name = container.name;
    if (context.allowPrivilegeEscalation !== false) violations.push(`allowPrivilegeEscalation: ${name} does not set false`);
    if (context.privileged === true) violations.push(`privileged: ${name} is privileged`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) violations.push(`capabilities_restricted: ${name} does not drop ALL`);
    const added = (context.capabilities?.add ?? []).filter((capability) => capability !== 'NET_BIND_SERVICE');
    if (added.length > 0) violations.push(`capabilities_restricted: ${name} adds ${added.join(', ')}`);
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) violations.push(`runAsNonRoot: ${name} may run as root`);
    if (context.runAsUser === 0) violations.push(`runAsUser: ${name} runs as 0`);
    const seccomp = context.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') violations.push(`seccompProfile_restricted: ${name} has no RuntimeDefault or Localhost profile`);
  }
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (!RESTRICTED_VOLUME_TYPES.includes(type ?? '')) violations.push(`restrictedVolumes: ${volume.name} is ${type}`);
  }
  return violations;
}

/** The checks a violation list fails, once each, sorted. */
export function failedChecks(violations: string[]): string[] {
  return [...new Set(violations.map((violation) => violation.slice(0, violation.indexOf(':'))))].sort();
}

/**
 * The checks the generated patch says it does not meet, from its comments
 * (`# Pod Security "restricted" (runAsNonRoot) is not met: …`), sorted. A patch without such a
 * comment claims the pod meets "restricted".
 */
export function claimedUnmetChecks(patchText: string): string[] {
  const claims = [...patchText.matchAll(/Pod Security "restricted" \((\w+)\) is not met/g)].map((match) => match[1]);
  return [...new Set(claims)].sort();
}
