/**
 * Records the package databases the SBOM unit tests read, under test/unit/fixtures/recorded/sbom/:
 *
 * - redis/: a container of harden-fixture/redis:test in which `dpkg --remove` took nginx's packages
 *   out, so nginx-common stays behind in state `deinstall ok config-files` as on a real system.
 *   Kept: dpkg's status trimmed to the paragraphs of DEB_PACKAGES (each verbatim), their .list files,
 *   the image entries those lists name with their directories and the usrmerge symlinks
 *   (index.json, with /etc/os-release), and the image's id, os and architecture (image.json).
 * - distroless/: bash from the same container laid out as distroless images keep packages: its
 *   paragraph without dpkg's Status and Conffiles lines (what `dpkg-deb --field` prints) in
 *   status.d/bash, and its real md5sums in status.d/bash.md5sums. Image entries: redis/index.json.
 * - python/: Python packages installed on the machine that recorded them (Debian bookworm):
 *   Debian's python3-distro, and two pip installs in a pyenv Python. Kept: METADATA and RECORD of
 *   each, and the entries of the files RECORD names.
 *
 * Run after scripts/build-fixtures.sh:  npx tsx scripts/record-sbom-data.ts
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { readStream, walkTar } from '../src/core/docker/tarArchive';
import { ImageIndex, type ImageEntry } from '../src/core/image/imageIndex';
import { parseFieldParagraphs } from '../src/core/sbom/fieldParagraphs';
import { isPackageDatabaseFile } from '../src/core/sbom/packageDatabase';

const IMAGE = 'harden-fixture/redis:test';
const REMOVED = ['nginx-light', 'nginx', 'libnginx-mod-http-echo', 'nginx-common'];
const DEB_PACKAGES = ['base-files', 'bash', 'coreutils', 'dash', 'libc6', 'nginx-common', 'redis-server', 'redis-tools', 'sysvinit-utils', 'usr-is-merged'];
const USRMERGE_LINKS = ['/bin', '/lib', '/lib64', '/sbin'];
const PYTHON_METADATA = [
  '/usr/lib/python3/dist-packages/distro-1.8.0.dist-info',
  '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/jsonpointer-3.1.1.dist-info',
  '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/typing_extensions-4.15.0.dist-info',
];
const DISTROLESS_MD5SUMS = '/var/lib/dpkg/info/bash.md5sums';
const RECORDED = join(__dirname, '..', 'test', 'unit', 'fixtures', 'recorded', 'sbom');

async function main(): Promise<void> {
  await recordDebian(join(RECORDED, 'redis'), join(RECORDED, 'distroless'));
  recordPython(join(RECORDED, 'python'));
}

async function recordDebian(dir: string, distrolessDir: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'harden-sbom-'));
  const exported = join(work, 'rootfs.tar');
  const container = docker('create', '--entrypoint', 'dpkg', IMAGE, '--remove', ...REMOVED).trim();
  try {
    docker('start', '--attach', container);
    docker('export', '--output', exported, container);
  } finally {
    docker('rm', container);
  }
  const contents = await imageContents(exported, (path) => isPackageDatabaseFile(path) || path === DISTROLESS_MD5SUMS);
  const index = await ImageIndex.fromTar(createReadStream(exported));
  rmSync(dir, { recursive: true, force: true });
  writeFile(dir, '/var/lib/dpkg/status', trimmedStatus(contents.get('/var/lib/dpkg/status') ?? ''));
  const listed: string[] = [...USRMERGE_LINKS];
  for (const name of DEB_PACKAGES) {
    // libc6 is Multi-Arch: same, so its list is libc6:amd64.list.
    const listPath = [`/var/lib/dpkg/info/${name}.list`, `/var/lib/dpkg/info/${name}:amd64.list`].find((path) => contents.has(path));
    if (listPath === undefined) continue;
    const list = contents.get(listPath) ?? '';
    writeFile(dir, listPath, list);
    listed.push(...list.split('\n').filter((line) => line.startsWith('/')));
  }
  const wanted = withAncestors(listed.flatMap((path) => [path, index.resolveDirectory(path)]));
  const snapshot = index.snapshot((path) => wanted.has(path));
  writeIndex(dir, snapshot);
  const [image] = JSON.parse(docker('image', 'inspect', IMAGE)) as Array<{ Id: string; Os: string; Architecture: string }>;
  writeFileSync(join(dir, 'image.json'), `${JSON.stringify({ reference: IMAGE, id: image.Id, os: image.Os, architecture: image.Architecture }, null, 1)}\n`);
  rmSync(work, { recursive: true, force: true });
  recordDistroless(distrolessDir, contents);
  console.log(`redis: ${DEB_PACKAGES.length} packages, ${snapshot.entries.length} index entries`);
}

function recordDistroless(dir: string, contents: Map<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  const paragraph = statusParagraphs(contents.get('/var/lib/dpkg/status') ?? '').find((text) => text.startsWith('Package: bash\n'));
  if (paragraph === undefined) throw new Error('no bash in the status file');
  const fields = paragraph.replace(/^Status: .*\n/m, '').replace(/^Conffiles:\n(?: .*\n)*/m, '');
  writeFile(dir, '/var/lib/dpkg/status.d/bash', `${fields.trimEnd()}\n`);
  writeFile(dir, '/var/lib/dpkg/status.d/bash.md5sums', contents.get(DISTROLESS_MD5SUMS) ?? '');
}

/** The contents of the files `wanted` chooses, as the image index keeps them. */
async function imageContents(tarPath: string, wanted: (path: string) => boolean): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  await walkTar(createReadStream(tarPath), (header) => {
    const path = `/${header.name.replace(/^\.?\/*/, '')}`;
    if (header.type !== 'file' || !wanted(path)) return undefined;
    return async (content) => {
      contents.set(path, (await readStream(content)).toString('utf8'));
    };
  });
  return contents;
}

/** The status file with only the paragraphs of DEB_PACKAGES, each as dpkg wrote it. */
function trimmedStatus(status: string): string {
  const kept = statusParagraphs(status).filter((paragraph) => DEB_PACKAGES.includes(parseFieldParagraphs(paragraph)[0]?.get('Package') ?? ''));
  return `${kept.map((paragraph) => paragraph.trimEnd()).join('\n\n')}\n`;
}

/** The status file's paragraphs as text, each ending in a newline. */
function statusParagraphs(status: string): string[] {
  return status.split(/\n(?=\n)/).map((paragraph) => `${paragraph.replace(/^\n/, '').trimEnd()}\n`);
}

function recordPython(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  const listed: string[] = [];
  for (const metadataDir of PYTHON_METADATA) {
    const record = readFileSync(join(metadataDir, 'RECORD'), 'utf8');
    writeFile(dir, `${metadataDir}/METADATA`, readFileSync(join(metadataDir, 'METADATA'), 'utf8'));
    writeFile(dir, `${metadataDir}/RECORD`, record);
    const siteDirectory = posix.dirname(metadataDir);
    listed.push(...record.split('\n').filter(Boolean).map((line) => posix.join(siteDirectory, line.split(',')[0])));
  }
  const entries = [...withAncestors(listed)].flatMap((path) => hostEntry(path) ?? []);
  writeIndex(dir, { entries, contents: {} });
  console.log(`python: ${PYTHON_METADATA.length} packages, ${entries.length} index entries`);
}

/** This machine's entry for `path` in the image index's terms; undefined when it is not there. */
function hostEntry(path: string): ImageEntry | undefined {
  try {
    const stat = lstatSync(path);
    const type = stat.isDirectory() ? 'directory' : stat.isSymbolicLink() ? 'symlink' : stat.isFile() ? 'file' : 'other';
    const linkname = type === 'symlink' ? readlinkSync(path) : undefined;
    return { path, type, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid, size: stat.size, linkname };
  } catch {
    return undefined;
  }
}

function withAncestors(paths: string[]): Set<string> {
  const all = new Set<string>(['/']);
  for (const path of paths) {
    for (let current = posix.normalize(path); current !== '/' && current !== '.'; current = posix.dirname(current)) all.add(current);
  }
  return all;
}

/** The index snapshot with one entry a line: a thousand entries stay a thousand lines. */
function writeIndex(dir: string, snapshot: { entries: ImageEntry[]; contents: Record<string, string> }): void {
  const entries = snapshot.entries.map((entry) => JSON.stringify(entry)).join(',\n');
  writeFileSync(join(dir, 'index.json'), `{"entries": [\n${entries}\n],\n"contents": ${JSON.stringify(snapshot.contents, null, 1)}}\n`);
}

/** Under `dir`/files at its image path; `:` written `%3A`, which not every checkout's file system allows. */
function writeFile(dir: string, imagePath: string, content: string): void {
  const target = join(dir, 'files', imagePath.replaceAll(':', '%3A'));
  mkdirSync(posix.dirname(target), { recursive: true });
  writeFileSync(target, content);
}

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
