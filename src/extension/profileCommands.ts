import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { profileSummary } from '../core/editor/dockerfileLenses';
import { equivalentCommand, type ProfileRequest } from '../core/editor/profileRequest';
import { confineToFolder } from '../core/editor/workspacePaths';
import { defaultOutputDir } from '../core/generate/generateOptions';
import { serviceNameFromImage } from '../core/generate/serviceName';
import { imageBuildFor } from '../core/manifest/imageBuild';
import type { ImageBuild } from '../core/manifest/manifestTypes';
import { MANIFEST_FILE, profileRecordFiles } from '../core/profile/hardeningOutput';
import type { GeneratedDocuments } from './generatedDocuments';
import { writeHardenFolder } from './hardenFolder';
import { VERIFY_RESULT_FILE } from '../core/verify/verifyResultFile';
import type { ImageIndexCache } from '../core/image/imageIndexCache';
import type { DockerSession } from './dockerSession';
import { engineModules } from './engineModules';
import { pickImage, type ImageChoice } from './imagePicker';
import { coreLogger } from './logging';
import { withCancellableProgress } from './progress';
import { profileTimeoutSeconds } from './settings';
import { askSettingsWithSurvey, rememberedSettings, settingsOf } from './profileSettingsCommands';
import type { WorkspaceManifest, WorkspaceManifests } from './workspaceManifests';

/** workspaceState: Dockerfile URI → the image reference last profiled from it (code lenses use it). */
export const DOCKERFILE_IMAGES_KEY = 'harden.dockerfileImages';

export interface ProfileDependencies {
  log: vscode.LogOutputChannel;
  session: DockerSession;
  manifests: WorkspaceManifests;
  workspaceState: vscode.Memento;
  toolVersion: string;
  openPreview(manifestUri: vscode.Uri): Promise<void>;
  /** For the diff of a hand-edited file a new profile would replace. */
  generated: GeneratedDocuments;
}

/**
 * One image index cache for the life of the extension host: a second profile of an image takes its
 * files from memory (and a first one from the disk cache an earlier session or the CLI wrote).
 */
let imageIndexes: ImageIndexCache | undefined;

/** "Profile Image…": pick (or build) an image, profile it, write `.harden/<service>/`, open the preview. */
export async function profileImageCommand(deps: ProfileDependencies, dockerfile: vscode.Uri | undefined): Promise<void> {
  const dockerfiles = dockerfile ? [dockerfile] : dockerfilesInView();
  const choice = await pickImage(async () => {
    const engine = await deps.session.connect();
    const { listLocalImages } = await engineModules();
    return listLocalImages(engine.endpoint);
  }, dockerfiles);
  if (!choice) return;
  const folder = await folderFor(choice.kind === 'build' ? choice.dockerfile : dockerfile);
  if (!folder) return;
  const reference = choice.kind === 'build' ? choice.tag : choice.reference;
  const outputDir = defaultOutputDir(serviceNameFromImage(reference));
  const remembered = await rememberedSettings(join(folder.uri.fsPath, outputDir), reference, deps.log);
  const request = await askSettingsWithSurvey(deps.session, deps.log, remembered ?? { reference, probes: [], env: [] }, 'Profile');
  if (!request) return;
  const manifestUri = await runProfile(deps, folder, request, choice, outputDir);
  if (!manifestUri) return;
  const source = choice.kind === 'build' ? choice.dockerfile : dockerfile;
  if (source) {
    const remembered = deps.workspaceState.get<Record<string, string>>(DOCKERFILE_IMAGES_KEY, {});
    await deps.workspaceState.update(DOCKERFILE_IMAGES_KEY, { ...remembered, [source.toString()]: reference });
  }
}

/** Profiles the manifest's image again, the way its profile-settings.yaml (else the manifest) says, into the same folder. */
export async function reprofileCommand(deps: ProfileDependencies, manifest: WorkspaceManifest): Promise<void> {
  const request = await settingsOf(manifest, deps.log);
  // Re-profiling runs the image as it is; where it was built from stays true.
  await runProfile(deps, manifest.folder, request, { kind: 'image', reference: request.reference }, manifest.relativePath.replace(/\/manifest\.yaml$/, ''), manifest.manifest?.image.build);
}

async function runProfile(
  deps: ProfileDependencies,
  folder: vscode.WorkspaceFolder,
  request: ProfileRequest,
  choice: ImageChoice,
  outputDir = defaultOutputDir(serviceNameFromImage(request.reference)),
  knownBuild?: ImageBuild,
): Promise<vscode.Uri | undefined> {
  const { log } = deps;
  const manifestPath = await confineToFolder(folder.uri.fsPath, `${outputDir}/${MANIFEST_FILE}`);
  const summary = await withCancellableProgress(`Harden: profiling ${request.reference}`, async ({ signal, report }) => {
    const engine = await deps.session.connect();
    const { buildDockerfile, profileImage, verifyAndRefine, ImageIndexCache } = await engineModules();
    imageIndexes ??= ImageIndexCache.forEnvironment(deps.session.environment());
    if (choice.kind === 'build') {
      report(`building ${vscode.workspace.asRelativePath(choice.dockerfile)} as ${choice.tag}`);
      log.info(`building ${choice.dockerfile.fsPath} as ${choice.tag}`);
      await buildDockerfile(engine.endpoint, { dockerfile: choice.dockerfile.fsPath, tag: choice.tag, signal, onOutput: (line) => log.info(`[build] ${line}`) });
    }
    const logger = coreLogger(log, report);
    const profiled = await profileImage(engine, {
      ...request,
      pull: choice.kind === 'typed',
      timeoutSeconds: profileTimeoutSeconds(),
      signal,
      log: logger,
      environment: deps.session.environment(),
      toolVersion: deps.toolVersion,
      indexCache: imageIndexes,
    });
    // An image built here is tagged on this engine only: the manifest keeps where it came from, so
    // Compose gets `build:` and HX004 on that Dockerfile can follow this profile.
    const build = choice.kind === 'build' ? imageBuildFor(dirname(manifestPath.absolute), choice.dockerfile.fsPath) : knownBuild;
    const manifest = build ? { ...profiled.manifest, image: { ...profiled.manifest.image, build } } : profiled.manifest;
    // As `harden profile` does: run exactly what it is about to write, learn from refusals, and say "verified" only when it passed.
    const outcome = await verifyAndRefine(engine, manifest, {
      index: profiled.index,
      generate: { command: equivalentCommand(request, outputDir), outputDir },
      timeoutSeconds: profileTimeoutSeconds(),
      signal,
      log: logger,
      environment: deps.session.environment(),
    });
    const files = [...outcome.files, ...profileRecordFiles(profiled.record), { path: VERIFY_RESULT_FILE, content: `${JSON.stringify(outcome.result, null, 2)}\n` }];
    // manifestPath proved the output folder stays in the workspace; below it the writer refuses every link.
    if (!(await writeHardenFolder(deps, folder, dirname(manifestPath.absolute), files, `the profile of ${request.reference}`))) return undefined;
    log.info(`wrote ${outputDir}/{${files.map((file) => file.path).join(', ')}}`);
    for (const line of outcome.unresolved) log.warn(line);
    const verdict = outcome.result.passed ? 'verified' : `not verified: ${outcome.unresolved[0] ?? outcome.result.problems[0]?.message ?? 'its verify failed'}`;
    return { text: `${request.reference}: ${profileSummary(outcome.manifest)}; ${verdict}`, verified: outcome.result.passed };
  });
  if (!summary) return undefined;
  const manifestUri = vscode.Uri.file(manifestPath.absolute);
  deps.manifests.refresh();
  await deps.openPreview(manifestUri);
  if (summary.verified) void vscode.window.showInformationMessage(`Profiled ${summary.text}.`);
  else void vscode.window.showWarningMessage(`Profiled ${summary.text}.`);
  return manifestUri;
}

async function folderFor(resource: vscode.Uri | undefined): Promise<vscode.WorkspaceFolder | undefined> {
  const owning = resource ? vscode.workspace.getWorkspaceFolder(resource) : undefined;
  if (owning) return owning;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('Open a folder first: Harden writes what it learns into <folder>/.harden/.');
    return undefined;
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder whose .harden/ gets the manifest' });
}

/** "This Dockerfile": the one in the active editor, else those in visible editors. */
function dockerfilesInView(): vscode.Uri[] {
  const active = vscode.window.activeTextEditor?.document;
  const documents = active?.languageId === 'dockerfile' ? [active] : vscode.window.visibleTextEditors.map((editor) => editor.document);
  const uris = documents.filter((document) => document.languageId === 'dockerfile' && document.uri.scheme === 'file').map((document) => document.uri);
  return uris.filter((uri, index) => uris.findIndex((other) => other.toString() === uri.toString()) === index);
}
