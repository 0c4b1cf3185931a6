import type { ComposeField } from './composeFields';

/** Which namespaces the container shares with the host, or how it sets them up; left out: Docker's default. */
export interface NamespaceModes {
  network?: 'bridge' | 'none' | 'host';
  pid?: 'host';
  ipc?: 'host' | 'private' | 'shareable' | 'none';
  uts?: 'host';
  userns?: 'host';
  cgroup?: 'host' | 'private';
}

/** `network_mode`, `networks`, `pid`, `ipc`, `uts`, `userns_mode`, `cgroup`. */
export function readNamespaces(definition: Record<string, unknown>, field: ComposeField): NamespaceModes {
  checkNetworks(definition.networks, field.child('networks'));
  const modes: NamespaceModes = {};
  const network = mode(definition.network_mode, field.child('network_mode'), ['bridge', 'default', 'none', 'host']);
  if (network !== undefined) modes.network = network === 'default' ? 'bridge' : network;
  const pid = mode(definition.pid, field.child('pid'), ['host']);
  if (pid !== undefined) modes.pid = pid;
  const ipc = mode(definition.ipc, field.child('ipc'), ['host', 'private', 'shareable', 'none']);
  if (ipc !== undefined) modes.ipc = ipc;
  const uts = mode(definition.uts, field.child('uts'), ['host']);
  if (uts !== undefined) modes.uts = uts;
  const userns = mode(definition.userns_mode, field.child('userns_mode'), ['host']);
  if (userns !== undefined) modes.userns = userns;
  const cgroup = mode(definition.cgroup, field.child('cgroup'), ['host', 'private']);
  if (cgroup !== undefined) modes.cgroup = cgroup;
  return modes;
}

function mode<T extends string>(value: unknown, field: ComposeField, allowed: readonly T[]): T | undefined {
  const text = field.optionalText(value);
  if (text === undefined) return undefined;
  if (/^(service|container):/.test(text)) {
    return field.fail(`shares the namespace of ${text.slice(text.indexOf(':') + 1)}, and verify runs this one service alone: remove it to verify`);
  }
  if (!(allowed as readonly string[]).includes(text)) {
    return field.fail(`is ${text}, which verify cannot reproduce for a single service (it runs ${allowed.join(', ')}): remove it to verify`);
  }
  return text as T;
}

/** Only Compose's own default network can be reproduced: verify runs the container on the engine's bridge. */
function checkNetworks(value: unknown, field: ComposeField): void {
  if (value === undefined || value === null) return;
  const names = Array.isArray(value) ? field.textList(value) : Object.keys(field.mapping(value));
  const options = Array.isArray(value) ? [] : Object.values(value as Record<string, unknown>).filter((item) => item !== null && item !== undefined);
  if (names.some((name) => name !== 'default') || options.length > 0) {
    field.fail("attaches the service to networks verify does not create (it runs the container on the engine's default bridge network): remove networks to verify");
  }
}
