import { posix } from 'node:path';
import { parseFieldParagraphs } from './fieldParagraphs';
import { locatePackageFiles, type ImagePaths, type InstalledPackage } from './installedPackage';
import { distroPackageUrl, type Distro } from './packageUrl';

const STATUS = '/var/lib/dpkg/status';
const INFO_DIR = '/var/lib/dpkg/info/';
/** Distroless images: one `dpkg-deb --field` paragraph per package and its md5sums, no status file. */
const STATUS_DIR = '/var/lib/dpkg/status.d/';
const MD5SUMS = '.md5sums';

export function isDpkgDatabaseFile(path: string): boolean {
  if (path === STATUS) return true;
  if (path.startsWith(INFO_DIR)) return path.endsWith('.list') && !path.slice(INFO_DIR.length).includes('/');
  return path.startsWith(STATUS_DIR) && !path.slice(STATUS_DIR.length).includes('/');
}

export function readDpkgPackages(files: ReadonlyMap<string, string>, image: ImagePaths, distro: Distro): InstalledPackage[] {
  const packages = files.has(STATUS) ? statusPackages(files) : distrolessPackages(files);
  // Over all lists: base-files lists /bin with nothing below it; bash lists /bin/bash.
  const listedDirectories = new Set(packages.flatMap(({ listed }) => listed.map((path) => posix.dirname(path))));
  return packages.map(({ paragraph, listed }) => dpkgPackage(paragraph, locatePackageFiles(image, listed, listedDirectories), distro));
}

interface ListedPackage {
  paragraph: Map<string, string>;
  listed: string[];
}

function statusPackages(files: ReadonlyMap<string, string>): ListedPackage[] {
  return parseFieldParagraphs(files.get(STATUS) ?? '')
    .filter((paragraph) => paragraph.has('Package') && isInstalled(paragraph))
    .map((paragraph) => ({ paragraph, listed: listedFiles(files, paragraph) }));
}

function distrolessPackages(files: ReadonlyMap<string, string>): ListedPackage[] {
  return [...files]
    .filter(([path]) => path.startsWith(STATUS_DIR) && !path.endsWith(MD5SUMS))
    .flatMap(([path, text]) => parseFieldParagraphs(text).map((paragraph) => ({ paragraph, listed: md5sumsFiles(files.get(path + MD5SUMS)) })))
    .filter(({ paragraph }) => paragraph.has('Package'));
}

/**
 * `Status: <want> <flag> <state>`: only the state says what is on disk. `deinstall ok config-files`
 * (removed, configuration kept) is not installed; `hold ok installed` is. A distroless paragraph
 * has no Status: it describes a package that is there.
 */
function isInstalled(paragraph: Map<string, string>): boolean {
  const status = paragraph.get('Status');
  return status === undefined || status.split(/\s+/)[2] === 'installed';
}

/** `<pkg>:<arch>.list` for a Multi-Arch: same package (co-installable per architecture), else `<pkg>.list`. */
function listedFiles(files: ReadonlyMap<string, string>, paragraph: Map<string, string>): string[] {
  const name = paragraph.get('Package') ?? '';
  const list = files.get(`${INFO_DIR}${name}:${paragraph.get('Architecture')}.list`) ?? files.get(`${INFO_DIR}${name}.list`) ?? '';
  return list.split('\n').filter((line) => line.startsWith('/'));
}

/** `<md5>  <path relative to />` per line. */
function md5sumsFiles(md5sums: string | undefined): string[] {
  return (md5sums ?? '')
    .split('\n')
    .map((line) => /^[0-9a-f]+ +(.+)$/.exec(line.trim())?.[1])
    .filter((path): path is string => path !== undefined)
    .map((path) => `/${path}`);
}

function dpkgPackage(paragraph: Map<string, string>, files: string[], distro: Distro): InstalledPackage {
  const name = paragraph.get('Package') ?? '';
  const version = paragraph.get('Version') ?? '';
  const architecture = paragraph.get('Architecture') || undefined;
  return {
    ecosystem: 'deb',
    name,
    version,
    architecture,
    // `Source: pam (1.5.2-6)` names the source's version when it differs from the binary's.
    sourcePackage: paragraph.get('Source')?.split(' ')[0] || undefined,
    files,
    purl: distroPackageUrl('deb', distro, 'debian', { name, version, architecture }),
  };
}
