import { ownInitProgram } from '../../src/core/generate/imageInit';
import type { HardeningManifest } from '../../src/core/manifest/manifestTypes';

/** The part of `docker-compose config` output these checks read. */
export interface NormalizedCompose {
  services?: Record<string, NormalizedService>;
  volumes?: Record<string, unknown>;
}

interface NormalizedService {
  image?: string;
  read_only?: boolean;
  init?: boolean;
  user?: string;
  cap_add?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  tmpfs?: string | string[];
  volumes?: Array<string | { source?: string; target?: string }>;
  environment?: Record<string, string | null>;
  entrypoint?: string[];
  command?: string[];
}

/**
 * What Compose made of compose.hardened.yaml, compared with what the manifest meant: the service
 * runs the image read-only, as the chosen user, with the init the manifest chose, drops every
 * capability but the traced ones (and KILL for an init that needs it), forbids new privileges, and has exactly one tmpfs (with the
 * manifest's mode, owner, size and noexec) or named volume per writable path. Empty when it all holds.
 */
export function composeMeaningProblems(config: NormalizedCompose, manifest: HardeningManifest): string[] {
  const names = Object.keys(config.services ?? {});
  if (names.length !== 1) return [`Compose sees ${names.length} services (${names.join(', ')}), not one`];
  const service = config.services![names[0]];
  const problems: string[] = [];
  const expect = (field: string, actual: unknown, meant: unknown): void => {
    if (JSON.stringify(actual) !== JSON.stringify(meant)) problems.push(`${field} is ${JSON.stringify(actual)}, harden meant ${JSON.stringify(meant)}`);
  };
  const { runAs, profile } = manifest;
  expect('image', service.image, manifest.image.reference);
  expect('read_only', service.read_only, true);
  expect('init', service.init ?? false, meantInit(manifest) === 'docker');
  expect('user', service.user, runAs.nonRoot ? `${runAs.uid}:${runAs.gid}` : undefined);
  expect('cap_drop', service.cap_drop, ['ALL']);
  expect('cap_add', [...(service.cap_add ?? [])].sort(), meantCapabilities(manifest));
  if (!(service.security_opt ?? []).includes('no-new-privileges:true')) problems.push(`security_opt ${JSON.stringify(service.security_opt)} lacks no-new-privileges:true`);
  const expectEach = <T>(field: string, actual: Record<string, T>, meant: Record<string, T>): void => {
    for (const target of new Set([...Object.keys(actual), ...Object.keys(meant)])) {
      if (!(target in actual)) problems.push(`${field} has nothing at ${target}, harden meant ${JSON.stringify(meant[target])}`);
      else if (!(target in meant)) problems.push(`${field} has ${target}, which is not a writable path of the manifest`);
      else expect(`${field} at ${target}`, actual[target], meant[target]);
    }
  };
  expectEach('tmpfs', tmpfsMounts(service.tmpfs), meantTmpfsMounts(manifest));
  expectEach('volumes', namedVolumes(service.volumes), meantVolumes(manifest));
  expect('top-level volumes', Object.keys(config.volumes ?? {}).sort(), Object.values(meantVolumes(manifest)).sort());
  // The config output escapes `$` again as `$$`: undo that to get the value the container sees.
  const environment = Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, value === null ? null : literal(value)]));
  for (const variable of profile.overrides.env) {
    const [key, ...value] = variable.split('=');
    expect(`environment.${key}`, environment[key], value.length > 0 ? value.join('=') : null);
  }
  expect('entrypoint', service.entrypoint?.map(literal), profile.overrides.entrypoint);
  expect('command', service.command?.map(literal), profile.overrides.cmd);
  return problems;
}

interface TmpfsMount {
  noexec: boolean;
  mode?: string;
  uid?: string;
  gid?: string;
  /** `size=` in bytes, as the kernel reads k/m/g. */
  sizeBytes?: number;
}

/** target → what its option string sets, from the short `tmpfs:` syntax Compose passes to the Engine. */
function tmpfsMounts(tmpfs: string | string[] | undefined): Record<string, TmpfsMount> {
  const entries = typeof tmpfs === 'string' ? [tmpfs] : (tmpfs ?? []);
  return Object.fromEntries(
    entries.map((entry) => {
      const colon = entry.indexOf(':');
      const target = colon === -1 ? entry : entry.slice(0, colon);
      const options = colon === -1 ? [] : entry.slice(colon + 1).split(',');
      const value = (name: string) => options.find((option) => option.startsWith(`${name}=`))?.slice(name.length + 1);
      const size = value('size');
      const mount: TmpfsMount = { noexec: options.includes('noexec'), mode: value('mode'), uid: value('uid'), gid: value('gid') };
      if (size !== undefined) mount.sizeBytes = kernelSize(size);
      return [target, mount];
    }),
  );
}

function meantTmpfsMounts(manifest: HardeningManifest): Record<string, TmpfsMount> {
  return Object.fromEntries(
    manifest.writablePaths.flatMap(({ path, mount }) => {
      if (mount.type !== 'tmpfs') return [];
      const meant: TmpfsMount = { noexec: mount.noexec, mode: mount.mode, uid: String(mount.uid), gid: String(mount.gid) };
      // The option string is in whole KiB, rounded up.
      if (mount.sizeBytes > 0) meant.sizeBytes = Math.ceil(mount.sizeBytes / 1024) * 1024;
      return [[path, meant]];
    }),
  );
}

/** target → named volume, for the short (`name:/path:rw`) and the long syntax. */
function namedVolumes(volumes: NormalizedService['volumes']): Record<string, string> {
  return Object.fromEntries(
    (volumes ?? []).map((volume) => {
      if (typeof volume !== 'string') return [volume.target ?? '', volume.source ?? ''];
      const [source, target] = volume.split(':');
      return [target, source];
    }),
  );
}

function meantVolumes(manifest: HardeningManifest): Record<string, string> {
  return Object.fromEntries(manifest.writablePaths.flatMap(({ path, mount }) => (mount.type === 'volume' ? [[path, mount.name]] : [])));
}

/** `64m` → bytes, as the kernel's tmpfs reads size=. */
function kernelSize(text: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1]) * 1024 ** ' kmg'.indexOf(match[2].toLowerCase() || ' ');
}

function literal(text: string): string {
  return text.replaceAll('$$', '$');
}

/** The init a Compose service should run: the manifest's decision; Docker's unless the image has its own (older manifests). */
export function meantInit(manifest: HardeningManifest): 'docker' | 'image' | 'none' {
  return manifest.init?.kind ?? (ownInitProgram(manifest) === undefined ? 'docker' : 'image');
}

/**
 * The capabilities a Compose service should add, sorted: those the trace showed, except
 * NET_BIND_SERVICE (Docker opens ports below 1024 to every user), and KILL for an init that must
 * signal an app of another uid.
 */
export function meantCapabilities(manifest: HardeningManifest): string[] {
  const initKill = meantInit(manifest) !== 'none' && manifest.init?.needsKill ? ['KILL'] : [];
  return [...new Set([...manifest.capabilities.map((use) => use.capability).filter((name) => name !== 'NET_BIND_SERVICE'), ...initKill])].sort();
}
