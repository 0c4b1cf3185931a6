import type { ComposeField } from './composeFields';

export interface VolumeSpec {
  /** Volume name, or host path for a bind; '' for an anonymous volume. */
  source: string;
  target: string;
  readOnly: boolean;
  kind: 'volume' | 'bind';
}

/** What a service's `volumes:` holds once tmpfs entries of the long syntax are split off. */
export interface ServiceVolumes {
  volumes: VolumeSpec[];
  /** target → Engine `HostConfig.Tmpfs` option string, from `type: tmpfs` entries. */
  tmpfs: Record<string, string>;
}

export function readServiceVolumes(value: unknown, field: ComposeField): ServiceVolumes {
  const result: ServiceVolumes = { volumes: [], tmpfs: {} };
  if (value === undefined || value === null) return result;
  if (!Array.isArray(value)) return field.fail('must be a list');
  value.forEach((entry, index) => {
    const entryField = field.child(index);
    if (typeof entry === 'string') result.volumes.push(shortSyntax(entryField.text(entry), entryField));
    else readLongSyntax(entryField.mapping(entry), entryField, result);
  });
  return result;
}

/** `name:/path`, `./dir:/path:ro`, `/path` (anonymous volume). */
function shortSyntax(entry: string, field: ComposeField): VolumeSpec {
  const parts = entry.split(':');
  if (parts.length > 3 || parts.some((part) => part === '')) field.fail('must be SOURCE:TARGET[:MODE] or TARGET');
  if (parts.length === 1) return { source: '', target: parts[0], readOnly: false, kind: 'volume' };
  const [source, target, mode = ''] = parts;
  return { source, target, readOnly: mode.split(',').includes('ro'), kind: isHostPath(source) ? 'bind' : 'volume' };
}

function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

function readLongSyntax(entry: Record<string, unknown>, field: ComposeField, result: ServiceVolumes): void {
  const type = field.child('type').text(entry.type);
  const target = field.child('target').text(entry.target);
  if (type === 'tmpfs') {
    result.tmpfs[target] = longTmpfsOptions(entry.tmpfs, field.child('tmpfs'));
    return;
  }
  const kind = type === 'volume' || type === 'bind' ? type : field.child('type').fail('must be volume, bind or tmpfs');
  const source = entry.source === undefined ? '' : field.child('source').text(entry.source);
  const readOnly = field.child('read_only').flag(entry.read_only);
  result.volumes.push({ source, target, readOnly, kind });
}

/**
 * The long syntax has only `size` and `mode` (no uid/gid). Compose documents `mode` as an octal
 * number, so `mode: 1777` means the bits 1777, not the decimal value.
 */
function longTmpfsOptions(value: unknown, field: ComposeField): string {
  if (value === undefined || value === null) return '';
  const options = field.mapping(value);
  const size = options.size === undefined ? [] : [`size=${field.child('size').text(options.size)}`];
  const mode = options.mode === undefined ? [] : [`mode=${field.child('mode').text(options.mode)}`];
  return [...size, ...mode].join(',');
}
