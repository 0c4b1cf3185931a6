/** What a base image brings with it, judged from its name: enough to tailor advice and fixes. */
export type BaseImageFamily =
  | 'scratch'
  | 'distroless'
  | 'chainguard'
  | 'busybox'
  | 'alpine'
  | 'debian'
  | 'rhel'
  | 'suse'
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
  /**
   * The image's own ENTRYPOINT looks at its first argument (`if [ "$1" = 'postgres' ]`): a CMD in
   * shell form reaches it as `/bin/sh -c …` and skips that set-up, exec form does not.
   */
  readonly entrypointReadsArguments: boolean;
  /** Users and groups the image is known to ship, name → numeric id. */
  readonly knownUsers: Readonly<Record<string, string>>;
  readonly knownGroups: Readonly<Record<string, string>>;
}

export interface ImageReference {
  readonly registry: string | undefined;
  /** The repository path without registry, lower case (`library/` dropped). */
  readonly path: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

const debianBased = new Set([
  'debian', 'ubuntu', 'buildpack-deps', 'python', 'ruby', 'golang', 'openjdk', 'eclipse-temurin', 'ibm-semeru-runtimes',
  'amazoncorretto', 'php', 'perl', 'rust', 'maven', 'gradle', 'nginx', 'httpd', 'postgres', 'mysql', 'percona',
  'mariadb', 'redis', 'mongo', 'elixir', 'erlang', 'haskell', 'julia', 'r-base', 'gcc', 'swift', 'node',
  'sapmachine', 'tomcat', 'jetty', 'wordpress', 'drupal', 'joomla', 'nextcloud', 'ghost', 'odoo',
  'rabbitmq', 'cassandra', 'memcached', 'haproxy', 'varnish', 'solr', 'neo4j', 'influxdb', 'telegraf', 'clojure',
  'groovy', 'pypy', 'dart', 'composer', 'kong', 'sonarqube', 'zookeeper', 'storm', 'flink', 'spark', 'couchdb',
]);
const rhelBased = new Set([
  'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'ubi', 'ubi8', 'ubi9', 'ubi10',
  'ubi-minimal', 'ubi-init', 'photon', 'clefos', 'mageia',
]);
/** Official images whose docker-entrypoint script sets things up only for its own command. */
const argumentReadingEntrypoints = new Set([
  'nginx', 'postgres', 'redis', 'mysql', 'mariadb', 'percona', 'mongo', 'rabbitmq', 'haproxy', 'memcached', 'cassandra',
  'couchdb', 'influxdb', 'solr', 'neo4j', 'zookeeper', 'kong', 'wordpress', 'ghost', 'nextcloud', 'sonarqube', 'traefik',
  'docker', 'jenkins/jenkins', 'elasticsearch', 'kibana', 'logstash', 'eclipse-mosquitto',
]);
const suseBased = new Set(['leap', 'tumbleweed', 'opensuse', 'sle15', 'sles', 'bci-base', 'bci-minimal', 'bci-micro']);
/** Debian and Ubuntu release names as they appear in tags (`3.12-slim-trixie`, `22-bookworm`, `jammy`). */
const debianCodenames = /(^|[-_.])(buster|bullseye|bookworm|trixie|forky|sid|stretch|jessie|bionic|focal|jammy|noble|oracular|plucky|xenial|questing)($|[-_.])/;
const rhelTags = /(^|[-_.])(ubi\d*|el\d+|rockylinux\d*|almalinux\d*|oraclelinux\d*|ol\d+|centos\d*|fedora\d*|amazonlinux\d*|al2023|azurelinux\d*|cbl-mariner\d*|mariner)($|[-_.])/;
const suseTags = /(^|[-_.])(leap|tumbleweed|sle\d*|opensuse|bci)($|[-_.])/;

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
  if (image === undefined) return traits('unknown', false, false, '10001:10001');
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
      // Chiseled .NET images run as their `app` user; Google's distroless only in `:nonroot` variants.
      return traits(family, false, nonRootTag || /chiseled/.test(tag), '65532:65532');
    case 'chainguard':
      return traits(family, false, true, '65532:65532');
    case 'scratch':
    case 'busybox':
      return traits(family, false, false, '65532:65532');
    case 'windows':
      return traits(family, false, false, '');
    case 'unknown':
      return traits(family, false, isUnprivilegedImage(reference.path), '10001:10001', reference.path, tag);
    default:
      return traits(family, !/(^|[-/])(micro|ubi-micro|bci-micro)$/.test(reference.path), isUnprivilegedImage(reference.path), userFor(reference.path), reference.path, tag || 'latest');
  }
}

function familyOf(reference: ImageReference, tag: string): BaseImageFamily {
  const { path, registry } = reference;
  const name = path.split('/').pop() ?? path;
  if (path === 'scratch') return 'scratch';
  if (path.includes('distroless') || /chiseled|(^|-)distroless($|-)/.test(tag)) return 'distroless';
  if (registry === 'cgr.dev' || path.startsWith('chainguard/')) return 'chainguard';
  if (path.startsWith('windows') || /(^|\/)(nanoserver|servercore|windows)$/.test(path) || /nanoserver|servercore|windowsservercore|ltsc20/.test(tag)) {
    return 'windows';
  }
  if (name === 'busybox') return 'busybox';
  if (name === 'alpine' || /(^|-)alpine/.test(tag) || name === 'wolfi-base') return 'alpine';
  if (rhelBased.has(name) || /^ubi\d*(-minimal|-micro|-init)?$/.test(name) || rhelTags.test(tag)) return 'rhel';
  if (suseBased.has(name) || path.startsWith('opensuse/') || path.startsWith('suse/') || path.startsWith('bci/') || registry === 'registry.suse.com' || suseTags.test(tag)) return 'suse';
  if (debianBased.has(path) || debianBased.has(name) || /^dotnet\/(sdk|aspnet|runtime|runtime-deps)/.test(path) || debianCodenames.test(tag)) return 'debian';
  return 'unknown';
}

function userFor(path: string): string {
  // The official node images ship a `node` user with uid 1000.
  return path === 'node' ? '1000:1000' : '10001:10001';
}

/** Images whose default USER is not root (their own service account). */
const nonRootImages = new Set([
  'jenkins/jenkins', 'jenkins/inbound-agent', 'jenkins/agent', 'sonarqube', 'grafana/grafana', 'solr', 'kong',
  'elasticsearch/elasticsearch', 'kibana/kibana', 'logstash/logstash', 'keycloak/keycloak', 'minio/minio',
  'prom/prometheus', 'prom/alertmanager', 'prom/node-exporter', 'grafana/loki', 'grafana/tempo',
]);

function isUnprivilegedImage(path: string): boolean {
  return path.includes('unprivileged') || path.startsWith('bitnami/') || nonRootImages.has(path);
}

function traits(family: BaseImageFamily, fullDistribution: boolean, runsAsNonRoot: boolean, suggestedUser: string, path = '', tag = ''): BaseImageTraits {
  const accounts = knownAccounts(family, path, tag);
  return { family, fullDistribution, runsAsNonRoot, suggestedUser, entrypointReadsArguments: argumentReadingEntrypoints.has(path), knownUsers: accounts, knownGroups: accounts };
}

/** Accounts whose ids do not change between tags of an image (same name for the user and its group). */
function knownAccounts(family: BaseImageFamily, path: string, tag: string): Record<string, string> {
  const accounts: Record<string, string> = {};
  if (family === 'debian') Object.assign(accounts, { 'www-data': '33', nobody: '65534', nogroup: '65534' });
  if (family === 'alpine' || family === 'busybox') accounts['nobody'] = '65534';
  if (family === 'distroless' || family === 'chainguard') Object.assign(accounts, { nonroot: '65532', nobody: '65534' });
  if (path === 'node') accounts['node'] = '1000';
  if (path === 'jenkins/jenkins') accounts['jenkins'] = '1000';
  // Ubuntu images ship an `ubuntu` user (1000) since 23.04.
  if (path === 'ubuntu' && /^(2[3-9]|[3-9]\d)\.|^(lunar|mantic|noble|oracular|plucky|questing|rolling|devel|latest)$/.test(tag)) accounts['ubuntu'] = '1000';
  if (path === 'nginx' || path === 'nginxinc/nginx-unprivileged') accounts['nginx'] = '101';
  if (/^dotnet\/(sdk|aspnet|runtime|runtime-deps)/.test(path)) accounts['app'] = '1654';
  return accounts;
}
