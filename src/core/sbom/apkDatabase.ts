import { posix } from 'node:path';
import { locatePackageFiles, type ImagePaths, type InstalledPackage } from './installedPackage';
import { distroPackageUrl, type Distro } from './packageUrl';

/** Alpine's database, and where Wolfi moved it (with a symlink from the old place, which holds no content). */
const INSTALLED = ['/lib/apk/db/installed', '/usr/lib/apk/db/installed'];

export function isApkDatabaseFile(path: string): boolean {
  return INSTALLED.includes(path);
}

/**
 * apk's `installed`: one block of `X:value` lines per package (P name, V version, A arch, L license,
 * o origin); `F:` names a directory relative to `/`, each following `R:` a file in it.
 */
export function readApkPackages(files: ReadonlyMap<string, string>, image: ImagePaths, distro: Distro): InstalledPackage[] {
  const database = INSTALLED.map((path) => files.get(path)).find((text) => text !== undefined);
  if (database === undefined) return [];
  return database
    .split(/\n[ \t]*\n/)
    .map((block) => apkPackage(block, image, distro))
    .filter((pkg): pkg is InstalledPackage => pkg !== undefined);
}

function apkPackage(block: string, image: ImagePaths, distro: Distro): InstalledPackage | undefined {
  const fields = new Map<string, string>();
  const listed: string[] = [];
  let directory = '/';
  for (const line of block.split('\n')) {
    if (line[1] !== ':') continue;
    const [key, value] = [line[0], line.slice(2).trim()];
    if (key === 'F') directory = posix.join('/', value);
    else if (key === 'R') listed.push(posix.join(directory, value));
    else if (!fields.has(key)) fields.set(key, value);
  }
  const [name, version, architecture] = [fields.get('P'), fields.get('V'), fields.get('A') || undefined];
  if (!name || !version) return undefined;
  return {
    ecosystem: 'apk',
    name,
    version,
    architecture,
    sourcePackage: fields.get('o') || undefined,
    license: fields.get('L') || undefined,
    files: locatePackageFiles(image, listed),
    purl: distroPackageUrl('apk', distro, 'alpine', { name, version, architecture }),
  };
}
