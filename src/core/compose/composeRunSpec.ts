import { readFile } from 'node:fs/promises';
import { isNode, visit, type Document } from 'yaml';
import { HardenError } from '../errors';
import { parseYamlText } from '../manifest/yamlText';
import { ComposeField } from './composeFields';
import { readServiceVolumes, type VolumeSpec } from './composeVolumes';

export type { VolumeSpec } from './composeVolumes';

/** How `harden verify` runs one hardened service: what the Engine's create call needs, nothing else. */
export interface HardenedRunSpec {
  service: string;
  image: string;
  /** `uid:gid` or a name, as Compose's `user:`. */
  user?: string;
  readOnly: boolean;
  /** target → mount options, as the Engine's `HostConfig.Tmpfs` wants them. */
  tmpfs: Record<string, string>;
  volumes: VolumeSpec[];
  capAdd: string[];
  capDrop: string[];
  securityOpt: string[];
  init: boolean;
  /** `KEY=value` (or `KEY` alone, to be taken from the caller's environment). */
  env?: string[];
  entrypoint?: string[];
  command?: string[];
}

export interface ComposeRunSpecOptions {
  /** Which service to run when the file defines more than one. */
  service?: string;
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

/** Reads the generated compose.hardened.yaml, or a reasonable hand edit of it, into a run spec. */
export function parseComposeRunSpec(text: string, sourceName: string, options: ComposeRunSpecOptions = {}): HardenedRunSpec {
  const document = parseYamlText(text, sourceName);
  applyMergeTags(document);
  const root: unknown = document.toJS();
  const services = (root as { services?: unknown } | null)?.services;
  if (services === null || typeof services !== 'object' || Array.isArray(services)) {
    throw new HardenError('manifest-invalid', `${sourceName} is not a Compose file: it has no \`services\` mapping.`);
  }
  const name = pickService(Object.keys(services), sourceName, options.service);
  const field = new ComposeField(sourceName, `services.${name}`);
  return readService(name, field.mapping((services as Record<string, unknown>)[name]), field);
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

function readService(service: string, definition: Record<string, unknown>, field: ComposeField): HardenedRunSpec {
  if (definition.image === undefined) {
    field.fail('has no image; harden runs images, it does not build them');
  }
  const fromVolumes = readServiceVolumes(definition.volumes, field.child('volumes'));
  const spec: HardenedRunSpec = {
    service,
    image: field.child('image').text(definition.image),
    readOnly: field.child('read_only').flag(definition.read_only),
    tmpfs: { ...readShortTmpfs(definition.tmpfs, field.child('tmpfs')), ...fromVolumes.tmpfs },
    volumes: fromVolumes.volumes,
    capAdd: capabilityNames(field.child('cap_add').textList(definition.cap_add)),
    capDrop: capabilityNames(field.child('cap_drop').textList(definition.cap_drop)),
    securityOpt: field.child('security_opt').textList(definition.security_opt),
    init: field.child('init').flag(definition.init),
  };
  if (definition.user !== undefined && definition.user !== null) spec.user = field.child('user').text(definition.user);
  const env = field.child('environment').environment(definition.environment);
  if (env !== undefined) spec.env = env;
  const entrypoint = field.child('entrypoint').argv(definition.entrypoint);
  if (entrypoint !== undefined) spec.entrypoint = entrypoint;
  const command = field.child('command').argv(definition.command);
  if (command !== undefined) spec.command = command;
  return spec;
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
