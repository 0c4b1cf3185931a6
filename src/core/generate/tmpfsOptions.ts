import type { TmpfsMount } from '../manifest/manifestTypes';
import { dockerSize, parseDockerSize } from './sizeUnits';

/**
 * The mount option string for a tmpfs, as Compose's short `tmpfs:` syntax and the Engine's
 * `HostConfig.Tmpfs` take it: `rw,noexec,nosuid,nodev,size=64m,mode=1777,uid=33,gid=33`.
 * uid/gid are always written: the long volume syntax has no way to set them, this string does.
 */
export function tmpfsOptionString(mount: TmpfsMount): string {
  const flags = mount.noexec ? ['rw', 'noexec', 'nosuid', 'nodev'] : ['rw', 'nosuid', 'nodev'];
  const size = mount.sizeBytes > 0 ? [`size=${dockerSize(mount.sizeBytes)}`] : [];
  return [...flags, ...size, `mode=${mount.mode}`, `uid=${mount.uid}`, `gid=${mount.gid}`].join(',');
}

/** What an option string sets; fields it does not mention stay undefined (the kernel's defaults). */
export interface TmpfsOptions {
  flags: string[];
  noexec: boolean;
  sizeBytes?: number;
  mode?: string;
  uid?: number;
  gid?: number;
}

export function parseTmpfsOptions(options: string): TmpfsOptions {
  const parsed: TmpfsOptions = { flags: [], noexec: false };
  for (const option of options.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [name, value] = option.split('=', 2) as [string, string | undefined];
    if (value === undefined) parsed.flags.push(name);
    else if (name === 'size') parsed.sizeBytes = parseDockerSize(value);
    else if (name === 'mode') parsed.mode = value;
    else if (name === 'uid') parsed.uid = Number(value);
    else if (name === 'gid') parsed.gid = Number(value);
  }
  // Later flags win, as with mount(8): `noexec,exec` leaves exec allowed.
  parsed.noexec = parsed.flags.lastIndexOf('noexec') > parsed.flags.lastIndexOf('exec');
  return parsed;
}
