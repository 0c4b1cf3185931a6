import type { CapabilityUse } from '../manifest/manifestTypes';
import type { CapabilityEvidence } from '../trace/traceFacts';

const EVIDENCE_KEPT = 3;

/** Groups evidence lines into one entry per capability, most used first. */
export function summarizeCapabilities(evidence: CapabilityEvidence[]): CapabilityUse[] {
  const byCapability = new Map<string, CapabilityUse>();
  for (const item of evidence) {
    const use = byCapability.get(item.capability) ?? { capability: item.capability, evidence: [], count: 0 };
    use.count += 1;
    if (use.evidence.length < EVIDENCE_KEPT && !use.evidence.includes(item.detail)) use.evidence.push(item.detail);
    byCapability.set(item.capability, use);
  }
  return [...byCapability.values()].sort((a, b) => a.capability.localeCompare(b.capability));
}

/**
 * Capabilities that only matter because the app runs as root and changes identity or ownership;
 * any of them means the app itself needs to start as root.
 */
export const ROOT_ONLY_CAPABILITIES = new Set([
  'SETUID', 'SETGID', 'CHOWN', 'FOWNER', 'KILL', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'SYS_CHROOT', 'MKNOD', 'NET_RAW', 'SYS_ADMIN',
]);
