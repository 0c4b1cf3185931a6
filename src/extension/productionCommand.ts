import * as vscode from 'vscode';
import { isHardenErrorLike } from '../core/editor/failureNotice';
import { HardenError } from '../core/errors';
import { humanBytes } from '../core/generate/sizeUnits';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import type { MinifyOutcome } from '../core/minify/minifyImage';
import { PRODUCTION_COMPOSE_FILE } from '../core/minify/productionFiles';
import { defaultProductionTag, productionTagProblem } from '../core/minify/productionTag';
import type { HostToWebviewMessage } from '../protocol/previewProtocol';
import type { DockerSession } from './dockerSession';
import { engineModules } from './engineModules';
import { coreLogger } from './logging';
import { withCancellableProgress } from './progress';
import { profileTimeoutSeconds } from './settings';
import type { WorkspaceManifest, WorkspaceManifests } from './workspaceManifests';

/** workspaceState: manifest URI → the production tag last built from it (the input box offers it again). */
export const PRODUCTION_TAGS_KEY = 'harden.productionTags';
/** What the headers of the files minify writes name as their producer. */
const COMMAND_TITLE = 'Harden: Build Production Image';

export interface ProductionDependencies {
  log: vscode.LogOutputChannel;
  session: DockerSession;
  manifests: WorkspaceManifests;
  workspaceState: vscode.Memento;
  toolVersion: string;
  post(manifestUri: vscode.Uri, message: HostToWebviewMessage): void;
  openPreview(manifestUri: vscode.Uri): Promise<void>;
}

type MinifyAttempt = { kind: 'built'; outcome: MinifyOutcome } | { kind: 'not-carried-over'; lines: readonly string[] };

/**
 * "Build Production Image", as `harden minify .harden/<service> --tag TAG`: asks for the tag, runs
 * minify under a cancellable notification (every container and volume it starts is removed, also
 * on cancel), and when the start-up did things the init cannot carry over, shows them and asks
 * before building without them (`--force`).
 */
export async function buildProductionImageCommand(deps: ProductionDependencies, target: WorkspaceManifest): Promise<void> {
  const { manifest } = target;
  if (!manifest) throw new HardenError('manifest-invalid', target.entry.error ?? 'the manifest cannot be read');
  const tag = await askTag(deps, target, manifest);
  if (!tag) return;
  deps.post(target.manifestUri, { type: 'busy', action: 'production', busy: true });
  try {
    let attempt = await minify(deps, target, manifest, tag, false);
    if (attempt.kind === 'not-carried-over') {
      if (!(await confirmForce(deps, manifest, attempt.lines))) return;
      attempt = await minify(deps, target, manifest, tag, true);
    }
    if (attempt.kind !== 'built') return;
    deps.manifests.refresh();
    announce(deps, target, attempt.outcome);
  } finally {
    deps.post(target.manifestUri, { type: 'busy', action: 'production', busy: false });
  }
}

/** The tag, offered as the one last used for this manifest, else the one recorded, else `<name>-prod:<tag>`. */
async function askTag(deps: ProductionDependencies, target: WorkspaceManifest, manifest: HardeningManifest): Promise<string | undefined> {
  const remembered = deps.workspaceState.get<Record<string, string>>(PRODUCTION_TAGS_KEY, {});
  const key = target.manifestUri.toString();
  const offered = remembered[key] ?? manifest.production?.tag ?? defaultProductionTag(manifest.image.reference);
  const tag = await vscode.window.showInputBox({
    title: `Build the production image of ${manifest.image.reference}`,
    prompt: 'The tag of the shell-less production image (the development image keeps its own).',
    value: offered,
    validateInput: (value) => {
      if (value.trim() === manifest.image.reference) return 'That is the development image: the production image needs a tag of its own, or minify would replace what it reads.';
      return productionTagProblem(value.trim());
    },
  });
  if (!tag) return undefined;
  await deps.workspaceState.update(PRODUCTION_TAGS_KEY, { ...remembered, [key]: tag.trim() });
  return tag.trim();
}

async function minify(deps: ProductionDependencies, target: WorkspaceManifest, manifest: HardeningManifest, tag: string, force: boolean): Promise<MinifyAttempt> {
  const shownDir = target.relativePath.replace(/\/manifest\.yaml$/, '');
  return withCancellableProgress(`Harden: building the production image ${tag}`, async ({ signal, report }) => {
    report(`checking the start-up of ${manifest.image.reference}`);
    const engine = await deps.session.connect();
    const { minifyImage, initBinaryPath } = await engineModules();
    const architecture = (await engine.version()).arch;
    let initBinary: string;
    try {
      initBinary = initBinaryPath(architecture, deps.session.environment());
    } catch (error) {
      deps.log.error(error instanceof Error ? error.message : String(error));
      throw new HardenError('init-unavailable', `this Harden build carries no harden-init for the engine's ${architecture} architecture, so it cannot build production images on this engine`);
    }
    try {
      const outcome = await minifyImage(engine, {
        dir: target.directory.fsPath,
        shownDir,
        tag,
        keep: [],
        verify: true,
        force,
        seed: true,
        command: `${COMMAND_TITLE} (${tag}${force ? ', without what could not be carried over' : ''})`,
        initBinary,
        timeoutSeconds: profileTimeoutSeconds(),
        signal,
        log: coreLogger(deps.log, report),
        environment: deps.session.environment(),
        toolVersion: deps.toolVersion,
      });
      return { kind: 'built', outcome };
    } catch (error) {
      if (isHardenErrorLike(error) && error.kind === 'not-carried-over') return { kind: 'not-carried-over', lines: error.details };
      throw error;
    }
  });
}

/** What the trace could not carry over, listed in a modal; building goes on only on "Build without them". */
async function confirmForce(deps: ProductionDependencies, manifest: HardeningManifest, lines: readonly string[]): Promise<boolean> {
  for (const line of lines) deps.log.warn(`not carried over: ${line}`);
  const build = lines.length === 1 ? 'Build without it' : 'Build without them';
  const choice = await vscode.window.showWarningMessage(
    `The start-up of ${manifest.image.reference} did ${lines.length === 1 ? 'one thing' : `${lines.length} things`} the production image's init cannot do. Build it without ${lines.length === 1 ? 'it' : 'them'}?`,
    { modal: true, detail: lines.map((line) => `• ${line}`).join('\n') },
    build,
  );
  return choice === build;
}

function announce(deps: ProductionDependencies, target: WorkspaceManifest, outcome: MinifyOutcome): void {
  const { production } = outcome;
  const { development, production: size } = production.sizeBytes;
  const sizes = `${humanBytes(development)} → ${humanBytes(size)} (${size > 0 ? (development / size).toFixed(1) : '?'}× smaller)`;
  for (const line of outcome.written) deps.log.debug(`wrote ${line}`);
  if (outcome.result?.passed) {
    deps.log.info(`built ${production.tag}: ${sizes}, verified under ${PRODUCTION_COMPOSE_FILE}`);
    void vscode.window.showInformationMessage(`Built ${production.tag}: ${sizes}, verified under ${PRODUCTION_COMPOSE_FILE}.`, 'Open Preview').then((choice) => (choice ? deps.openPreview(target.manifestUri) : undefined));
    return;
  }
  for (const line of outcome.unresolved) deps.log.warn(line);
  const first = outcome.unresolved[0] ?? outcome.result?.problems[0]?.message ?? 'its verify failed';
  void vscode.window
    .showWarningMessage(`Built ${production.tag} (${sizes}), but it does not work under ${PRODUCTION_COMPOSE_FILE} yet: ${first}`, 'Open Preview', 'Open Output')
    .then(async (choice) => {
      if (choice === 'Open Preview') await deps.openPreview(target.manifestUri);
      if (choice === 'Open Output') deps.log.show(true);
    });
}
