import type { ComposeField } from './composeFields';

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

/** One container port published on the host, as Compose's `ports:` says. */
export interface PortSpec {
  target: number;
  protocol: PortProtocol;
  /** '' when the file names no host address. */
  hostIp: string;
  /** A host port, a range the engine picks from (`9000-9010`), or '' for any free port. */
  published: string;
}

const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp'];

/** `ports:` in the short syntax (`[HOST_IP:][HOST_PORT:]PORT[/PROTOCOL]`, ranges too) and the long one. */
export function readPorts(value: unknown, field: ComposeField): PortSpec[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return field.fail('must be a list');
  return value.flatMap((item, index) => {
    const entry = field.child(index);
    return typeof item === 'object' && item !== null ? [longSyntax(item, entry)] : shortSyntax(entry.text(item), entry);
  });
}

/** `expose:` — ports the container declares without publishing them, as `80/tcp`. */
export function readExpose(value: unknown, field: ComposeField): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return field.fail('must be a list');
  return value.flatMap((item, index) => {
    const entry = field.child(index);
    const [ports, protocol = 'tcp'] = entry.text(item).split('/');
    const range = portRange(ports, entry);
    if (!PROTOCOLS.includes(protocol)) entry.fail('must be PORT[/tcp|udp|sctp]');
    return range.map((port) => `${port}/${protocol}`);
  });
}

function shortSyntax(text: string, field: ComposeField): PortSpec[] {
  const slash = text.lastIndexOf('/');
  const protocol = slash === -1 ? 'tcp' : text.slice(slash + 1);
  if (!PROTOCOLS.includes(protocol)) field.fail('has a protocol other than tcp, udp or sctp');
  let rest = slash === -1 ? text : text.slice(0, slash);
  let hostIp = '';
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (bracketed) [, hostIp, rest] = bracketed;
  const parts = rest.split(':');
  if (parts.length > 3 || (bracketed && parts.length !== 2)) field.fail('must be [HOST_IP:][HOST_PORT:]PORT[/PROTOCOL] (an IPv6 address in brackets)');
  if (parts.length === 3) hostIp = parts.shift() as string;
  const targets = portRange(parts[parts.length - 1], field);
  const published = parts.length === 2 && parts[0] !== '' ? portRange(parts[0], field) : [];
  return pairPorts(targets, published, field).map(([target, port]) => ({ target, protocol: protocol as PortProtocol, hostIp, published: port }));
}

function longSyntax(item: object, field: ComposeField): PortSpec {
  const entry = field.knownMapping(item, ['target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol']);
  const target = field.child('target').integer(entry.target);
  checkPort(target, field.child('target'));
  const protocol = entry.protocol === undefined ? 'tcp' : field.child('protocol').text(entry.protocol);
  if (!PROTOCOLS.includes(protocol)) field.child('protocol').fail('must be tcp, udp or sctp');
  // mode (ingress/host) only matters to Swarm; name and app_protocol are labels for tools.
  const published = entry.published === undefined || entry.published === null ? [] : portRange(field.child('published').text(entry.published), field.child('published'));
  const [[, port]] = pairPorts([target], published, field);
  return { target, protocol: protocol as PortProtocol, hostIp: field.child('host_ip').optionalText(entry.host_ip) ?? '', published: port };
}

function portRange(text: string, field: ComposeField): number[] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return field.fail(`has ${JSON.stringify(text)} where a port or a range of ports belongs`);
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  checkPort(first, field);
  checkPort(last, field);
  if (last < first) field.fail(`has the range ${text}, which ends before it starts`);
  return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
}

function checkPort(port: number, field: ComposeField): void {
  if (port < 1 || port > 65535) field.fail(`has port ${port}, outside 1-65535`);
}

/** Container ports with their host ports: one each, any free one (''), or a host range for one port. */
function pairPorts(targets: number[], published: number[], field: ComposeField): Array<[number, string]> {
  if (published.length === 0) return targets.map((target) => [target, '']);
  if (published.length === targets.length) return targets.map((target, index) => [target, String(published[index])]);
  if (targets.length === 1) return [[targets[0], `${published[0]}-${published[published.length - 1]}`]];
  return field.fail(`publishes ${targets.length} container ports on ${published.length} host ports`);
}
