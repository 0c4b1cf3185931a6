import { readFile } from 'node:fs/promises';
import { isNode, visit, type Document } from 'yaml';
import { HardenError } from '../errors';
import { parseYamlText } from '../manifest/yamlText';
import { readDevices, type DeviceSpec } from './composeDevices';
import { readServiceEnvironment, type EnvFileSource } from './composeEnvironment';
import { ComposeField, optional } from './composeFields';
import { readHealthcheck, type HealthcheckSpec } from './composeHealthcheck';
import { readHostNames, type HostNameSettings } from './composeHostNames';
import { readLimits, readUlimits, type ResourceLimits, type UlimitSpec } from './composeLimits';
import { readNamespaces, type NamespaceModes } from './composeNamespaces';
import { readExpose, readPorts, type PortSpec } from './composePorts';
import { readProcess, type ProcessSettings } from './composeProcess';
import { readSecurityOpt } from './composeSecurityOpt';
import { checkNamedVolumes, readServiceVolumes, type VolumeSpec } from './composeVolumes';
import { projectPathsFor, type ProjectPaths } from './projectPaths';
import { checkServiceKeys, checkTopLevelKeys } from './serviceKeys';

export type { VolumeSpec } from './composeVolumes';

/**
 * How `harden verify` runs one Compose service: every setting of the service that changes how its
 * container runs (serviceKeys.ts lists them), read as Compose reads it. Optional fields are left
 * out when the file does not set them, so the image's or the engine's default applies.
 */
export interface HardenedRunSpec extends ProcessSettings, HostNameSettings {
  /** The Compose file, as named to the reader (for messages). */
  source: string;
  service: string;
  image: string;
  /** `KEY=value` from `env_file` and `environment`, merged as Compose merges them. */
  env?: string[];
  envFiles: EnvFileSource[];
  readOnly: boolean;
  /** target → mount options, as the Engine's `HostConfig.Tmpfs` wants them. */
  tmpfs: Record<string, string>;
  volumes: VolumeSpec[];
  capAdd: string[];
  capDrop: string[];
  securityOpt: string[];
  privileged: boolean;
  sysctls: Record<string, string>;
  ulimits: UlimitSpec[];
  limits: ResourceLimits;
  ports: PortSpec[];
  /** `80/tcp`. */
  expose: string[];
  labels: Record<string, string>;
  healthcheck?: HealthcheckSpec;
  runtime?: string;
  namespaces: NamespaceModes;
  cgroupParent?: string;
  devices: DeviceSpec[];
  deviceCgroupRules: string[];
}

export interface ComposeRunSpecOptions {
  /** Which service to run when the file defines more than one. */
  service?: string;
  /** Where relative paths lead (default: the Compose file's folder) and what `~` is (default: the home directory). */
  project?: Partial<ProjectPaths>;
}

export async function readComposeRunSpec(path: string, options: ComposeRunSpecOptions = {}): Promise<HardenedRunSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(error);
    throw new HardenError('manifest-invalid', `Cannot read the Compose file ${path}: ${reason}.`);
  }
  return parseComposeRunSpec(text, path, options);
}

/**
 * Reads the generated compose.hardened.yaml, or any hand edit of it, into a run spec; what verify
 * cannot run as Compose would is refused in one sentence naming the key. Files the service names
 * (env_file, a seccomp profile) are read relative to the Compose file's folder.
 */
export function parseComposeRunSpec(text: string, sourceName: string, options: ComposeRunSpecOptions = {}): HardenedRunSpec {
  const document = parseYamlText(text, sourceName, { merge: true });
  applyMergeTags(document);
  const root: unknown = document.toJS();
  const services = (root as { services?: unknown } | null)?.services;
  if (services === null || typeof services !== 'object' || Array.isArray(services)) {
    throw new HardenError('manifest-invalid', `${sourceName} is not a Compose file: it has no \`services\` mapping.`);
  }
  checkTopLevelKeys(root as Record<string, unknown>, sourceName);
  const name = pickService(Object.keys(services), sourceName, options.service);
  const field = new ComposeField(sourceName, `services.${name}`);
  const spec = readService(name, field.mapping((services as Record<string, unknown>)[name]), field, projectPathsFor(sourceName, options.project));
  checkNamedVolumes(spec.volumes, (root as { volumes?: unknown }).volumes, field.child('volumes'), new ComposeField(sourceName, 'volumes'));
  return spec;
}

/** A file that is only an override works alone too: `!override` keeps its value, `!reset` drops the key. */
function applyMergeTags(document: Document.Parsed): void {
  visit(document, {
    Pair(_, pair) {
      if (!isNode(pair.value)) return undefined;
      if (pair.value.tag === '!reset') return visit.REMOVE;
      if (pair.value.tag === '!override') pair.value.tag = undefined;
      return undefined;
    },
  });
}

function pickService(names: string[], sourceName: string, wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (names.includes(wanted)) return wanted;
    const available = names.length > 0 ? `it has ${names.join(', ')}` : 'it defines none';
    throw new HardenError('manifest-invalid', `${sourceName} has no service named ${wanted}; ${available}.`);
  }
  if (names.length === 1) return names[0];
  if (names.length === 0) throw new HardenError('manifest-invalid', `${sourceName} defines no services.`);
  throw new HardenError(
    'manifest-invalid',
    `${sourceName} has ${names.length} services (${names.join(', ')}); name the one to run.`,
  );
}

function readService(service: string, definition: Record<string, unknown>, field: ComposeField, project: ProjectPaths): HardenedRunSpec {
  checkServiceKeys(definition, field);
  if (definition.image === undefined) field.fail('has no image; harden runs images, it does not build them');
  const fromVolumes = readServiceVolumes(definition.volumes, field.child('volumes'), project);
  return {
    source: field.sourceName,
    service,
    image: field.child('image').text(definition.image),
    ...readServiceEnvironment(definition, field, project),
    readOnly: field.child('read_only').flag(definition.read_only),
    tmpfs: { ...readShortTmpfs(definition.tmpfs, field.child('tmpfs')), ...fromVolumes.tmpfs },
    volumes: fromVolumes.volumes,
    capAdd: capabilityNames(field.child('cap_add').textList(definition.cap_add)),
    capDrop: capabilityNames(field.child('cap_drop').textList(definition.cap_drop)),
    securityOpt: readSecurityOpt(definition.security_opt, field.child('security_opt'), project),
    privileged: field.child('privileged').flag(definition.privileged),
    sysctls: field.child('sysctls').keyValues(definition.sysctls),
    ulimits: readUlimits(definition.ulimits, field.child('ulimits')),
    limits: readLimits(definition, field),
    ports: readPorts(definition.ports, field.child('ports')),
    expose: readExpose(definition.expose, field.child('expose')),
    labels: field.child('labels').keyValues(definition.labels),
    ...optional('healthcheck', readHealthcheck(definition.healthcheck, field.child('healthcheck'))),
    namespaces: readNamespaces(definition, field),
    devices: readDevices(definition.devices, field.child('devices')),
    deviceCgroupRules: field.child('device_cgroup_rules').textList(definition.device_cgroup_rules),
    ...optional('cgroupParent', field.child('cgroup_parent').optionalText(definition.cgroup_parent)),
    ...optional('runtime', field.child('runtime').optionalText(definition.runtime)),
    ...readProcess(definition, field),
    ...readHostNames(definition, field),
  };
}

/** `tmpfs: /run` or `tmpfs: ["/run:rw,size=1m", …]` → target → options. */
function readShortTmpfs(value: unknown, field: ComposeField): Record<string, string> {
  const entries = field.textList(value).map((entry): [string, string] => {
    const colon = entry.indexOf(':');
    return colon === -1 ? [entry, ''] : [entry.slice(0, colon), entry.slice(colon + 1)];
  });
  return Object.fromEntries(entries);
}

/** Docker takes `chown`, `CHOWN` and `CAP_CHOWN` alike; compare them as `CHOWN`. */
function capabilityNames(names: string[]): string[] {
  return [...new Set(names.map((name) => name.toUpperCase().replace(/^CAP_/, '')))];
}
