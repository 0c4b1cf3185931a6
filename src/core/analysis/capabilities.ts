import type { CapabilityUse } from '../manifest/manifestTypes';
import type { CapabilityTally } from '../trace/traceFacts';

const EVIDENCE_KEPT = 3;

/** One entry per capability the kernel checked, with a few evidence lines, in name order. */
export function summarizeCapabilities(tallies: Iterable<CapabilityTally>): CapabilityUse[] {
  return [...tallies]
    .map((tally) => ({ capability: tally.capability, evidence: [...new Set(tally.evidence.map((item) => item.detail))].slice(0, EVIDENCE_KEPT), count: tally.count }))
    .sort((a, b) => a.capability.localeCompare(b.capability));
}

/**
 * Capabilities that a non-root user cannot use (Docker gives them to root only); any of them means
 * the app itself needs to start as root — unless it only bypasses another user's file modes, which
 * running as that user does without a capability (see decideRunAs).
 */
export const ROOT_ONLY_CAPABILITIES = new Set([
  'SETUID', 'SETGID', 'CHOWN', 'FOWNER', 'FSETID', 'KILL', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'SYS_CHROOT', 'MKNOD', 'NET_RAW', 'SYS_ADMIN', 'SETFCAP',
]);

/** Capabilities that bypass a file's mode or owner: the file's owner needs none of them. */
export const FILE_BYPASS_CAPABILITIES = new Set(['DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER']);

/**
 * Ports below 1024: Docker opens them to every user (net.ipv4.ip_unprivileged_port_start=0 in
 * every container since 20.10), so NET_BIND_SERVICE is checked by the kernel only elsewhere.
 */
export const DOCKER_GRANTS_WITHOUT_CAPABILITY = new Set(['NET_BIND_SERVICE']);
