import type { ComposeField } from './composeFields';
import { hostPath, type ProjectPaths } from './projectPaths';

export type Propagation = 'shared' | 'rshared' | 'slave' | 'rslave' | 'private' | 'rprivate';

export interface VolumeSpec {
  /** Volume name ('' for an anonymous volume), or for a bind the host path, resolved as Compose does. */
  source: string;
  target: string;
  readOnly: boolean;
  kind: 'volume' | 'bind';
  /** volume: start empty instead of with a copy of the image's files there (`nocopy`). */
  noCopy?: true;
  /** volume: mount this folder of the volume (`volume.subpath`). */
  subpath?: string;
  /** bind: create a missing source folder, as the short syntax does (`bind.create_host_path`). */
  createHostPath?: boolean;
  /** bind: mount propagation (`bind.propagation`). */
  propagation?: Propagation;
  /** bind: relabel the host files for SELinux, shared (`z`) or private (`Z`). */
  selinux?: 'z' | 'Z';
}

/** What a service's `volumes:` holds once tmpfs entries of the long syntax are split off. */
export interface ServiceVolumes {
  volumes: VolumeSpec[];
  /** target → Engine `HostConfig.Tmpfs` option string, from `type: tmpfs` entries. */
  tmpfs: Record<string, string>;
}

const PROPAGATIONS: readonly string[] = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'] satisfies Propagation[];
/** Short-syntax modes that change nothing for one local run (macOS file sharing hints). */
const CONSISTENCY = ['consistent', 'cached', 'delegated'];

export function readServiceVolumes(value: unknown, field: ComposeField, project: ProjectPaths): ServiceVolumes {
  const result: ServiceVolumes = { volumes: [], tmpfs: {} };
  if (value === undefined || value === null) return result;
  if (!Array.isArray(value)) return field.fail('must be a list');
  value.forEach((entry, index) => {
    const entryField = field.child(index);
    if (typeof entry === 'string') result.volumes.push(shortSyntax(entryField.text(entry), entryField, project));
    else readLongSyntax(entryField.mapping(entry), entryField, result, project);
  });
  return result;
}

/**
 * A named volume must be declared at the top level, as Compose requires; and only as a plain
 * volume: verify gives each one a fresh, empty volume, so what would make it something else —
 * an existing volume (`external`), a driver and its options (which can bind a host folder) — is refused.
 */
export function checkNamedVolumes(volumes: VolumeSpec[], declared: unknown, service: ComposeField, topLevel: ComposeField): void {
  const declarations = declared === undefined || declared === null ? {} : topLevel.mapping(declared);
  for (const volume of volumes.filter((spec) => spec.kind === 'volume' && spec.source !== '')) {
    if (!(volume.source in declarations)) {
      service.fail(`mounts the volume ${volume.source}, which the file does not declare under the top-level volumes: declare it (Compose refuses it too)`);
    }
    const definition = declarations[volume.source];
    if (definition === null || definition === undefined) continue;
    const options = topLevel.child(volume.source).mapping(definition);
    for (const key of Object.keys(options)) {
      if (key === 'name' || key === 'labels' || key.startsWith('x-')) continue;
      if (key === 'driver' && options.driver === 'local') continue;
      topLevel.child(volume.source).child(key).fail('would give the service a volume other than the fresh, empty one verify creates for each run: remove it to verify');
    }
  }
}

/** `name:/path[:MODE]`, `./dir:/path[:MODE]`, `/path` (anonymous volume). */
function shortSyntax(entry: string, field: ComposeField, project: ProjectPaths): VolumeSpec {
  const parts = entry.split(':');
  if (parts.length > 3 || parts.some((part) => part === '')) field.fail('must be SOURCE:TARGET[:MODE] or TARGET');
  if (parts.length === 1) return { source: '', target: parts[0], readOnly: false, kind: 'volume' };
  const [source, target, mode = ''] = parts;
  const options = mode === '' ? [] : mode.split(',');
  const unknown = options.find((option) => !['ro', 'rw', 'z', 'Z', 'nocopy', ...PROPAGATIONS, ...CONSISTENCY].includes(option));
  if (unknown !== undefined) field.fail(`has the mode ${unknown}, which harden does not know: use ro, rw, z, Z, nocopy or a propagation`);
  const readOnly = options.includes('ro');
  if (!isHostPath(source)) {
    if (options.some((option) => ['z', 'Z', ...PROPAGATIONS].includes(option))) field.fail('sets a bind option on a named volume');
    return { source, target, readOnly, kind: 'volume', ...(options.includes('nocopy') ? { noCopy: true as const } : {}) };
  }
  if (options.includes('nocopy')) field.fail('sets nocopy on a bind mount');
  const propagation = options.find((option): option is Propagation => PROPAGATIONS.includes(option));
  const selinux = options.find((option): option is 'z' | 'Z' => option === 'z' || option === 'Z');
  return {
    source: hostPath(source, project),
    target,
    readOnly,
    kind: 'bind',
    createHostPath: true,
    ...(propagation ? { propagation } : {}),
    ...(selinux ? { selinux } : {}),
  };
}

/** Compose's rule: a source starting with `.`, `/` or `~` is a host path, anything else a volume name. */
function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

function readLongSyntax(entry: Record<string, unknown>, field: ComposeField, result: ServiceVolumes, project: ProjectPaths): void {
  field.knownMapping(entry, ['type', 'source', 'target', 'read_only', 'bind', 'volume', 'tmpfs', 'consistency']);
  const type = field.child('type').text(entry.type);
  const target = field.child('target').text(entry.target);
  if (type === 'tmpfs') {
    if (entry.source !== undefined) field.child('source').fail('cannot be set for a tmpfs');
    result.tmpfs[target] = longTmpfsOptions(entry.tmpfs, field.child('tmpfs'));
    return;
  }
  if (type !== 'volume' && type !== 'bind') return field.child('type').fail('must be volume, bind or tmpfs');
  if (entry.tmpfs !== undefined) field.child('tmpfs').fail(`applies to type tmpfs, not ${type}`);
  const source = entry.source === undefined ? '' : field.child('source').text(entry.source);
  const readOnly = field.child('read_only').flag(entry.read_only);
  if (type === 'volume') {
    if (entry.bind !== undefined) field.child('bind').fail('applies to type bind, not volume');
    result.volumes.push({ source, target, readOnly, kind: 'volume', ...volumeOptions(entry.volume, field.child('volume')) });
    return;
  }
  if (entry.volume !== undefined) field.child('volume').fail('applies to type volume, not bind');
  if (source === '') field.child('source').fail('must name the host path to bind');
  result.volumes.push({ source: hostPath(source, project), target, readOnly, kind: 'bind', ...bindOptions(entry.bind, field.child('bind')) });
}

function volumeOptions(value: unknown, field: ComposeField): Pick<VolumeSpec, 'noCopy' | 'subpath'> {
  if (value === undefined || value === null) return {};
  const options = field.knownMapping(value, ['nocopy', 'subpath']);
  return {
    ...(field.child('nocopy').flag(options.nocopy) ? { noCopy: true as const } : {}),
    ...(options.subpath === undefined ? {} : { subpath: field.child('subpath').text(options.subpath) }),
  };
}

/** The long syntax creates no missing source unless asked (`create_host_path`), unlike the short one. */
function bindOptions(value: unknown, field: ComposeField): Pick<VolumeSpec, 'createHostPath' | 'propagation'> {
  if (value === undefined || value === null) return { createHostPath: false };
  const options = field.knownMapping(value, ['propagation', 'create_host_path']);
  const propagation = field.child('propagation').optionalText(options.propagation);
  if (propagation !== undefined && !PROPAGATIONS.includes(propagation)) field.child('propagation').fail(`must be one of ${PROPAGATIONS.join(', ')}`);
  return { createHostPath: field.child('create_host_path').flag(options.create_host_path), ...(propagation ? { propagation: propagation as Propagation } : {}) };
}

/**
 * The long syntax has only `size` and `mode` (no uid/gid). Compose documents `mode` as an octal
 * number, so `mode: 1777` means the bits 1777, not the decimal value.
 */
function longTmpfsOptions(value: unknown, field: ComposeField): string {
  if (value === undefined || value === null) return '';
  const options = field.knownMapping(value, ['size', 'mode']);
  const size = options.size === undefined ? [] : [`size=${field.child('size').text(options.size)}`];
  const mode = options.mode === undefined ? [] : [`mode=${field.child('mode').text(options.mode)}`];
  return [...size, ...mode].join(',');
}
