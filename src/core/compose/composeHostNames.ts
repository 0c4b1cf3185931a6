import { optional, type ComposeField } from './composeFields';

/** The names the container sees: its own, extra /etc/hosts entries, DNS. */
export interface HostNameSettings {
  hostname?: string;
  domainname?: string;
  /** `name:address`, as the Engine's ExtraHosts. */
  extraHosts: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
}

export function readHostNames(definition: Record<string, unknown>, field: ComposeField): HostNameSettings {
  return {
    ...optional('hostname', field.child('hostname').optionalText(definition.hostname)),
    ...optional('domainname', field.child('domainname').optionalText(definition.domainname)),
    extraHosts: readExtraHosts(definition.extra_hosts, field.child('extra_hosts')),
    dns: field.child('dns').textList(definition.dns),
    dnsSearch: field.child('dns_search').textList(definition.dns_search),
    dnsOptions: field.child('dns_opt').textList(definition.dns_opt),
  };
}

/** `["db:10.0.0.5", "db=10.0.0.5"]` or `{db: 10.0.0.5}` → `db:10.0.0.5`. */
function readExtraHosts(value: unknown, field: ComposeField): string[] {
  if (value === undefined || value === null) return [];
  const pairs = Array.isArray(value)
    ? field.textList(value).map((entry, index) => {
        const separator = /[=:]/.exec(entry);
        if (!separator) return field.child(index).fail('must be NAME:ADDRESS or NAME=ADDRESS');
        return [entry.slice(0, separator.index), entry.slice(separator.index + 1)];
      })
    : Object.entries(field.mapping(value)).map(([name, address]) => [name, field.child(name).text(address)]);
  return pairs.map(([name, address]) => `${name}:${address}`);
}
