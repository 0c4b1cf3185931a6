import type { PortBindings } from '../docker/dockerEngine';

/**
 * The host ports a run publishes: the service's own (Compose `ports:`), and each probed TCP port the
 * service does not publish, on a free host port, so probes work where container IPs cannot be reached
 * (Docker Desktop, remote engines). On a local engine every binding is on 127.0.0.1 whatever the
 * Compose file says: a harden run never opens the app to the network. On a remote engine the
 * bindings stay as written (all interfaces when none is named), since probes come from outside.
 */
export function publishedPorts(service: PortBindings, probedTcpPorts: readonly number[], engineLocal: boolean): PortBindings {
  const bindings: PortBindings = {};
  for (const [port, list] of Object.entries(service)) {
    bindings[port] = list.map((binding) => (engineLocal ? { ...binding, HostIp: '127.0.0.1' } : binding));
  }
  for (const port of probedTcpPorts) {
    bindings[`${port}/tcp`] ??= [{ HostIp: engineLocal ? '127.0.0.1' : '', HostPort: '' }];
  }
  return bindings;
}
