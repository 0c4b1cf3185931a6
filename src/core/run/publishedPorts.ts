import type { PortBindings } from '../docker/dockerEngine';

/**
 * The host ports a run publishes: the service's own (Compose `ports:`), and each probed TCP port the
 * service does not publish, on a free host port, so probes work where container IPs cannot be reached
 * (Docker Desktop's VM). Every binding is on the engine's loopback, whatever the Compose file says:
 * a harden run never opens the app to a network. On a remote engine that loopback is not this
 * machine's, so there probes go to the container's IP (routable or not) or run as `exec:` probes.
 */
export function publishedPorts(service: PortBindings, probedTcpPorts: readonly number[]): PortBindings {
  const bindings: PortBindings = {};
  for (const [port, list] of Object.entries(service)) bindings[port] = list.map((binding) => ({ ...binding, HostIp: LOOPBACK }));
  for (const port of probedTcpPorts) bindings[`${port}/tcp`] ??= [{ HostIp: LOOPBACK, HostPort: '' }];
  return bindings;
}

const LOOPBACK = '127.0.0.1';
