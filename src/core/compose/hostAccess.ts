import { HardenError } from '../errors';
import type { HardenedRunSpec } from './composeRunSpec';

/** One way the service reaches past its container into the host, in words a user can judge. */
export interface HostAccessItem {
  /** The Compose key, e.g. `volumes`, `cap_add`. */
  key: string;
  /** One line: what it is and what it gives the container. */
  description: string;
}

/**
 * Capabilities whose reach is not confined to the container's own namespaces: they act on the
 * host's kernel, clock or files. Docker's default set and the ones a profile adds for an app that
 * starts as root (CHOWN, SETUID, NET_BIND_SERVICE…) stay inside the container.
 */
const HOST_CAPABILITIES: Readonly<Record<string, string>> = {
  ALL: 'every capability, root\'s full power over the host kernel',
  SYS_ADMIN: 'mounts and most other administration, the usual way out of a container',
  SYS_MODULE: "loads modules into the host's kernel",
  SYS_RAWIO: 'raw access to I/O ports and memory',
  SYS_TIME: "sets the host's clock",
  DAC_READ_SEARCH: 'opens host files by handle, past the container\'s root',
  SYSLOG: "reads and clears the host kernel's log",
  BPF: "loads BPF programs into the host's kernel",
  PERFMON: "observes the host kernel's performance events",
  MAC_ADMIN: 'changes the AppArmor or SELinux policy',
  MAC_OVERRIDE: 'bypasses the AppArmor or SELinux policy',
};

/** security_opt values that turn a confinement off (`=` and the older `:` both count). */
const UNCONFINED_OPTIONS: Readonly<Record<string, string>> = {
  'seccomp=unconfined': 'no system call filter',
  'apparmor=unconfined': 'no AppArmor profile',
  'label=disable': 'no SELinux confinement',
  'systempaths=unconfined': "the host kernel's /proc and /sys paths unmasked",
};

const HOST_NAMESPACES: ReadonlyArray<[keyof HardenedRunSpec['namespaces'], string, string]> = [
  ['network', 'network_mode', "the host's network interfaces and ports"],
  ['pid', 'pid', 'sees and signals every process on the host'],
  ['ipc', 'ipc', "the host's shared memory and semaphores"],
  ['uts', 'uts', "can change the host's name"],
  ['userns', 'userns_mode', 'root in the container is root on the host when the engine remaps users'],
  ['cgroup', 'cgroup', "the host's cgroup tree"],
];

/**
 * What in the service gives the container access to the host. A Compose file that came with a
 * cloned repository must not reach the host through verify unless the user agreed to exactly this.
 */
export function hostAccess(spec: HardenedRunSpec): HostAccessItem[] {
  const items: HostAccessItem[] = [];
  for (const volume of spec.volumes.filter((candidate) => candidate.kind === 'bind')) {
    items.push({ key: 'volumes', description: `the host's ${volume.source} mounted at ${volume.target}${volume.readOnly ? ' (read-only)' : ''}` });
  }
  for (const file of spec.envFiles.filter((candidate) => candidate.outsideProject)) {
    items.push({ key: 'env_file', description: `${file.path}, a host file outside the Compose file's folder, copied into the container's environment` });
  }
  if (spec.privileged) items.push({ key: 'privileged', description: 'every capability and every host device, without seccomp or AppArmor' });
  for (const capability of spec.capAdd.filter((name) => name in HOST_CAPABILITIES)) {
    items.push({ key: 'cap_add', description: `${capability}: ${HOST_CAPABILITIES[capability]}` });
  }
  for (const option of spec.securityOpt) {
    const normalized = option.replace(/^([a-z]+):/, '$1=');
    if (normalized in UNCONFINED_OPTIONS) items.push({ key: 'security_opt', description: `${option}: ${UNCONFINED_OPTIONS[normalized]}` });
  }
  for (const [namespace, key, description] of HOST_NAMESPACES) {
    if (spec.namespaces[namespace] === 'host') items.push({ key, description: `host: ${description}` });
  }
  for (const device of spec.devices) items.push({ key: 'devices', description: `the host device ${device.pathOnHost}` });
  for (const rule of spec.deviceCgroupRules) items.push({ key: 'device_cgroup_rules', description: `${rule}: host devices by number` });
  if (spec.cgroupParent !== undefined) items.push({ key: 'cgroup_parent', description: `${spec.cgroupParent}: a place in the host's cgroup tree` });
  return items;
}

/** `volumes: the host's /etc mounted at /etc; privileged: every capability…` — for one line or a dialog. */
export function describeHostAccess(items: readonly HostAccessItem[]): string[] {
  return items.map((item) => `${item.key}: ${item.description}`);
}

/**
 * Throws unless the spec has no host access or the caller passes `allowed` (the user agreed).
 * verifyHardened calls it itself, so no caller can forget.
 */
export function refuseHostAccess(spec: HardenedRunSpec, allowed: boolean | undefined): void {
  const items = hostAccess(spec);
  if (items.length === 0 || allowed === true) return;
  throw new HardenError(
    'manifest-invalid',
    `services.${spec.service} in ${spec.source} gives the container access to the host (${describeHostAccess(items).join('; ')}); verify runs it only with --allow-host-access.`,
  );
}
