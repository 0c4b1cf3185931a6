import { Document, type YAMLMap } from 'yaml';
import type { HardeningManifest, InitDecision, TmpfsMount, VolumeMount, WritablePath } from '../manifest/manifestTypes';
import { portableYaml } from '../manifest/yamlText';
import { buildFromCommandFolder, buildFromOutputDir, generatedByLine, inFolder, resolveGenerateOptions, type GenerateOptions, type ResolvedGenerateOptions } from './generateOptions';
import { composeCapabilities, initDecision, privilegedPorts, type CapabilityGrant } from './hardenedSettings';
import { tmpfsOptionString } from './tmpfsOptions';
import { hiddenImageContent, writesInFewWords } from './writablePathNotes';
import { asComment, commentBeforeItem, commentBeforeKey, flowList, mapAt, quoted, seqAt } from './yamlNodes';

export const COMPOSE_FILE_NAME = 'compose.hardened.yaml';

type TmpfsPath = WritablePath & { mount: TmpfsMount };
type VolumePath = WritablePath & { mount: VolumeMount };

/** compose.hardened.yaml: one service, read-only root, only the writable paths and capabilities the profile saw. */
export function generateCompose(manifest: HardeningManifest, options: GenerateOptions = {}): string {
  const settings = resolveGenerateOptions(manifest, options);
  const parts: ServiceParts = {
    tmpfsPaths: manifest.writablePaths.filter((path): path is TmpfsPath => path.mount.type === 'tmpfs'),
    volumePaths: manifest.writablePaths.filter((path): path is VolumePath => path.mount.type === 'volume'),
    init: initDecision(manifest),
    capabilities: composeCapabilities(manifest),
  };
  const { volumePaths } = parts;
  const document = new Document({
    services: { [settings.serviceName]: serviceDefinition(manifest, parts, settings) },
    ...(volumePaths.length > 0 ? { volumes: Object.fromEntries(volumePaths.map((path) => [path.mount.name, {}])) } : {}),
  });
  document.commentBefore = asComment(headerLines(manifest, settings));
  annotateService(mapAt(document, ['services', settings.serviceName]), manifest, parts, settings);
  if (volumePaths.length > 0) annotateTopLevelVolumes(mapAt(document, ['volumes']), volumePaths);
  return portableYaml(document, { lineWidth: 0, flowCollectionPadding: false });
}

interface ServiceParts {
  tmpfsPaths: TmpfsPath[];
  volumePaths: VolumePath[];
  init: InitDecision;
  capabilities: CapabilityGrant[];
}

function serviceDefinition(manifest: HardeningManifest, parts: ServiceParts, settings: ResolvedGenerateOptions): Record<string, unknown> {
  const { overrides } = manifest.profile;
  const { runAs } = manifest;
  // An image Harden built is tagged on this engine only: `build:` lets Compose make it anywhere,
  // and beside `image:` Compose still runs the tagged image when it exists (and tags what it builds).
  const build = buildFromOutputDir(manifest, settings);
  // The profile ran with these overrides; the hardened service must run the same app the same way.
  // `$$` keeps Compose from interpolating a literal `$` from the host environment.
  return {
    image: manifest.image.reference,
    ...(build ? { build: { context: build.context, dockerfile: build.dockerfile } } : {}),
    ...(overrides.entrypoint ? { entrypoint: overrides.entrypoint.map(escapeInterpolation) } : {}),
    ...(overrides.cmd ? { command: overrides.cmd.map(escapeInterpolation) } : {}),
    ...(overrides.env.length > 0 ? { environment: overrides.env.map(escapeInterpolation) } : {}),
    ...(runAs.nonRoot ? { user: quoted(`${runAs.uid}:${runAs.gid}`) } : {}),
    read_only: true,
    ...(parts.init.kind === 'docker' ? { init: true } : {}),
    cap_drop: flowList(['ALL']),
    ...(parts.capabilities.length > 0 ? { cap_add: parts.capabilities.map((grant) => grant.capability) } : {}),
    security_opt: flowList([quoted('no-new-privileges:true')]),
    ...(parts.tmpfsPaths.length > 0
      ? { tmpfs: parts.tmpfsPaths.map((path) => `${path.path}:${tmpfsOptionString(path.mount)}`) }
      : {}),
    ...(parts.volumePaths.length > 0 ? { volumes: parts.volumePaths.map((path) => `${path.mount.name}:${path.path}`) } : {}),
  };
}

function annotateService(service: YAMLMap, manifest: HardeningManifest, parts: ServiceParts, settings: ResolvedGenerateOptions): void {
  commentBeforeKey(service, 'image', [`profiled image id ${manifest.image.id}`]);
  if (manifest.image.build) commentBeforeKey(service, 'build', buildNote(manifest, settings));
  const { runAs } = manifest;
  const rootNote = runAs.nonRoot ? [] : [`no user: the app runs as root: ${runAs.reason}`];
  const initNote = parts.init.kind === 'docker' ? [] : [parts.init.kind === 'image' ? `no init: ${parts.init.reason}` : parts.init.reason];
  if (runAs.nonRoot) commentBeforeKey(service, 'user', [`runs as ${runAs.uid}:${runAs.gid}: ${runAs.reason}`]);
  if (rootNote.length + initNote.length > 0) commentBeforeKey(service, 'read_only', [...rootNote, ...initNote]);
  if (parts.init.kind === 'docker') commentBeforeKey(service, 'init', [parts.init.reason]);
  const ports = privilegedPorts(manifest);
  const portNote = ports.length > 0
    ? [`no NET_BIND_SERVICE for port ${ports.map((port) => port.port).join(', ')}: Docker opens ports below 1024 to every user (net.ipv4.ip_unprivileged_port_start=0)`]
    : [];
  if (portNote.length > 0) commentBeforeKey(service, 'cap_drop', portNote);
  parts.capabilities.forEach((grant, index) => {
    commentBeforeItem(seqAt(service, ['cap_add']), index, [grant.why]);
  });
  parts.tmpfsPaths.forEach((path, index) => {
    const notes = [hiddenImageContent(path), path.mount.noexec ? undefined : 'exec allowed: a program ran from here'];
    const extra = notes.filter((note) => note !== undefined).map((note) => `; ${note}`).join('');
    commentBeforeItem(seqAt(service, ['tmpfs']), index, [`${path.kind}: ${writesInFewWords(path)}${extra}`]);
  });
  parts.volumePaths.forEach((path, index) => {
    commentBeforeItem(seqAt(service, ['volumes']), index, [`${path.kind}: ${writesInFewWords(path)}`]);
  });
}

function annotateTopLevelVolumes(volumes: YAMLMap, volumePaths: VolumePath[]): void {
  for (const path of volumePaths) {
    const start = path.mount.seededFromImage
      ? `a new volume starts as a copy of the image's files at ${path.path}`
      : 'starts empty; the image ships nothing the app needs here';
    commentBeforeKey(volumes, path.mount.name, [`${path.path}: ${start}`]);
  }
}

/**
 * Compose reads relative paths from the first file's folder: standalone that is this file's, as an
 * override it is compose.yaml's, so an override written elsewhere must take the build from there.
 */
function buildNote(manifest: HardeningManifest, settings: ResolvedGenerateOptions): string[] {
  const build = manifest.image.build;
  if (!build) return [];
  const fromCommandFolder = buildFromCommandFolder(build, settings);
  const note = [`built from ${fromCommandFolder.dockerfilePath} (context ${fromCommandFolder.context}); paths are relative to this file's folder`];
  if (settings.outputDir === '.') return note;
  return [...note, `As an override, Compose reads paths from compose.yaml's folder: there the context must read ${fromCommandFolder.context}.`];
}

function headerLines(manifest: HardeningManifest, settings: ResolvedGenerateOptions): string[] {
  const ports = manifest.ports.map((port) => `${port.port}/${port.protocol}`);
  const portNote = ports.length > 0 ? [`Ports are not published: the app bound ${ports.join(', ')}; add \`ports:\` to reach it from the host.`] : [];
  const composeFile = inFolder(settings.outputDir, settings.composeFile);
  return [
    generatedByLine(manifest, settings),
    `Standalone:   docker compose -f ${composeFile} up`,
    `As override:  docker compose -f compose.yaml -f ${composeFile} up`,
    `              (the service must be named ${settings.serviceName} in both files)`,
    'When merged, lists are appended: cap_drop, security_opt and tmpfs add to what compose.yaml sets.',
    'To replace a list instead, write `!override` before it (Compose >= 2.24.4), e.g. `cap_drop: !override [ALL]`.',
    ...portNote,
  ];
}

/** Compose interpolates `$VAR` from the host; `$$` is a literal `$`. */
export function escapeInterpolation(text: string): string {
  return text.split('$').join('$$');
}
