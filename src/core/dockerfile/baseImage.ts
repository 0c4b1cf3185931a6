/** What a base image brings with it, judged from its name: enough to tailor advice and fixes. */
export type BaseImageFamily =
  | 'scratch'
  | 'distroless'
  | 'chainguard'
  | 'busybox'
  | 'alpine'
  | 'debian'
  | 'rhel'
  | 'windows'
  | 'unknown';

export interface BaseImageTraits {
  readonly family: BaseImageFamily;
  /** A full distribution: a shell and a package manager in the image. */
  readonly fullDistribution: boolean;
  /** The image's default user is not root. */
  readonly runsAsNonRoot: boolean;
  /** `uid:gid` to run as when the Dockerfile names none. */
  readonly suggestedUser: string;
}

export interface ImageReference {
  readonly registry: string | undefined;
  /** The repository path without registry, lower case (`library/` dropped). */
  readonly path: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

const debianBased = new Set([
  'debian', 'ubuntu', 'buildpack-deps', 'python', 'ruby', 'golang', 'openjdk', 'eclipse-temurin',
  'amazoncorretto', 'php', 'perl', 'rust', 'maven', 'gradle', 'nginx', 'httpd', 'postgres', 'mysql',
  'mariadb', 'redis', 'mongo', 'elixir', 'erlang', 'haskell', 'julia', 'r-base', 'gcc', 'swift',
  'dotnet/sdk', 'dotnet/aspnet', 'dotnet/runtime', 'sapmachine', 'tomcat', 'jenkins/jenkins',
]);
const rhelBased = new Set([
  'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'ubi8/ubi', 'ubi9/ubi',
  'ubi8', 'ubi9', 'ubi8/ubi-minimal', 'ubi9/ubi-minimal', 'rockylinux/rockylinux', 'almalinux/almalinux',
]);

export function parseImageReference(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first.toLowerCase();
    parts.shift();
  }
  let path = parts.join('/').toLowerCase();
  if (path.startsWith('library/')) path = path.slice('library/'.length);
  return { registry, path, tag, digest };
}

const traitsCache = new Map<string, BaseImageTraits>();

export function baseImageTraits(image: string | undefined): BaseImageTraits {
  if (image === undefined) return traits('unknown', false, false);
  let known = traitsCache.get(image);
  if (!known) {
    if (traitsCache.size > 500) traitsCache.clear();
    known = computeTraits(image);
    traitsCache.set(image, known);
  }
  return known;
}

function computeTraits(image: string): BaseImageTraits {
  const reference = parseImageReference(image);
  const tag = (reference.tag ?? '').toLowerCase();
  const family = familyOf(reference, tag);
  const nonRootTag = /(^|-)nonroot($|-)/.test(tag);
  switch (family) {
    case 'distroless':
      return traits(family, false, nonRootTag);
    case 'chainguard':
      return traits(family, false, true);
    case 'scratch':
    case 'busybox':
    case 'windows':
      return traits(family, false, false);
    case 'unknown':
      return traits(family, false, isUnprivilegedImage(reference.path));
    default:
      return traits(family, !reference.path.endsWith('-micro'), false, userFor(reference.path));
  }
}

function familyOf(reference: ImageReference, tag: string): BaseImageFamily {
  const { path, registry } = reference;
  const name = path.split('/').pop() ?? path;
  if (path === 'scratch') return 'scratch';
  if (path.includes('distroless')) return 'distroless';
  if (registry === 'cgr.dev' || path.startsWith('chainguard/')) return 'chainguard';
  if (path.startsWith('windows') || /(^|\/)(nanoserver|servercore|windows)$/.test(path) || /nanoserver|servercore|windowsservercore|ltsc20/.test(tag)) {
    return 'windows';
  }
  if (name === 'busybox') return 'busybox';
  if (name === 'alpine' || /(^|-)alpine/.test(tag) || name === 'wolfi-base') return 'alpine';
  if (rhelBased.has(path) || /^ubi\d*(-minimal|-micro)?$/.test(name)) return 'rhel';
  if (debianBased.has(path) || debianBased.has(name) || path === 'node' || /^dotnet\/(sdk|aspnet|runtime)/.test(path)) return 'debian';
  return 'unknown';
}

function userFor(path: string): string {
  // The official node images ship a `node` user with uid 1000.
  return path === 'node' ? '1000:1000' : '10001:10001';
}

function isUnprivilegedImage(path: string): boolean {
  return path.includes('unprivileged') || path.startsWith('bitnami/');
}

function traits(family: BaseImageFamily, fullDistribution: boolean, runsAsNonRoot: boolean, suggestedUser = '65532:65532'): BaseImageTraits {
  return { family, fullDistribution, runsAsNonRoot, suggestedUser };
}
