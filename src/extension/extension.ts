import * as vscode from 'vscode';
import { DockerfileCodeActions } from './dockerfileCodeActions';
import { DockerfileCodeLenses } from './dockerfileCodeLenses';
import { DockerfileDiagnostics } from './dockerfileDiagnostics';
import { DockerfileProfiles } from './dockerfileProfiles';
import { applyHardening, confirmUnverifiedApply } from './applyHardening';
import { registerCommands } from './commandRegistry';
import { DockerSession } from './dockerSession';
import { GENERATED_SCHEME, GeneratedDocuments } from './generatedDocuments';
import { createLogChannel } from './logging';
import { resolveManifest } from './manifestArgument';
import { ManifestTreeProvider } from './manifestTreeProvider';
import { PREVIEW_VIEW_TYPE, PreviewPanels } from './previewPanel';
import { abortRunningWork } from './progress';
import { buildProductionImageCommand } from './productionCommand';
import { profileImageCommand, reprofileCommand, type ProfileDependencies } from './profileCommands';
import { editProfileSettingsCommand } from './profileSettingsCommands';
import { verifyCommand } from './verifyCommand';
import { fixVerifyProblem } from './verifyFixes';
import { WorkspaceManifests } from './workspaceManifests';

/** Set by the bundle's first line (scripts/build.mjs), so the activation time includes loading it. */
declare const __hardenLoadStart: number | undefined;

const DOCKERFILE: vscode.DocumentSelector = { language: 'dockerfile' };
/** The entry module runs last in the bundle: everything else has been evaluated by now. */
const bundleEvaluated = performance.now();

export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const log = createLogChannel();
  const session = new DockerSession(log);
  const manifests = new WorkspaceManifests(log);
  const generated = new GeneratedDocuments();
  const panels = new PreviewPanels({ extensionUri: context.extensionUri, workspaceState: context.workspaceState, manifests, generated, log });
  const dockerfileProfiles = new DockerfileProfiles(manifests, context.workspaceState);
  const diagnostics = new DockerfileDiagnostics(log, dockerfileProfiles);
  const lenses = new DockerfileCodeLenses(dockerfileProfiles);
  const tree = new ManifestTreeProvider(manifests);
  context.subscriptions.push(
    log,
    session,
    manifests,
    generated,
    panels,
    diagnostics,
    lenses,
    tree,
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, panels),
    vscode.workspace.registerTextDocumentContentProvider(GENERATED_SCHEME, generated),
    vscode.window.createTreeView('harden.manifests', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.languages.registerCodeActionsProvider(DOCKERFILE, new DockerfileCodeActions(dockerfileProfiles), DockerfileCodeActions.metadata),
    vscode.languages.registerCodeLensProvider(DOCKERFILE, lenses),
  );

  const openPreview = async (manifestUri: vscode.Uri): Promise<void> => {
    const manifest = await resolveManifest(manifestUri, manifests, undefined, 'preview');
    if (manifest) panels.open(manifest);
  };
  const manifestFor = (argument: unknown, purpose: string) => resolveManifest(argument, manifests, panels.activeManifest(), purpose);
  const profileDeps: ProfileDependencies = {
    log,
    session,
    manifests,
    workspaceState: context.workspaceState,
    toolVersion: String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0'),
    openPreview,
    generated,
  };

  registerCommands(context, log, {
    'harden.profileImage': {
      title: 'Profile Image',
      run: (argument) => profileImageCommand(profileDeps, argument instanceof vscode.Uri ? argument : undefined),
    },
    'harden.reprofile': {
      title: 'Re-profile',
      run: async (argument) => {
        const manifest = await manifestFor(argument, 'profile again');
        if (!manifest) return;
        panels.post(manifest.manifestUri, { type: 'busy', action: 'reprofile', busy: true });
        try {
          await reprofileCommand(profileDeps, manifest);
        } finally {
          panels.post(manifest.manifestUri, { type: 'busy', action: 'reprofile', busy: false });
        }
      },
    },
    'harden.editProfileSettings': {
      title: 'Profile Settings',
      run: async (argument) => {
        const manifest = await manifestFor(argument, 'edit the profile settings of');
        if (manifest) await editProfileSettingsCommand(session, log, manifest);
      },
    },
    'harden.previewHardening': {
      title: 'Preview Hardening',
      run: async (argument) => {
        const manifest = await manifestFor(argument, 'preview');
        if (manifest) panels.open(manifest);
      },
    },
    'harden.verify': {
      title: 'Verify Hardened Run',
      run: async (argument) => {
        const manifest = await manifestFor(argument, 'verify');
        if (manifest) await verifyCommand({ log, session, manifests, post: (uri, message) => panels.post(uri, message), openPreview }, manifest);
      },
    },
    'harden.fixVerifyProblem': {
      title: 'Fix Verify Problem',
      run: async (argument, index, stamp) => {
        const manifest = await manifestFor(argument, 'fix');
        if (manifest && typeof index === 'number') {
          await fixVerifyProblem({ log, session, manifests, generated, post: (uri, message) => panels.post(uri, message), openPreview }, manifest, index, typeof stamp === 'string' ? stamp : undefined);
        }
      },
    },
    'harden.apply': {
      title: 'Apply Hardening',
      run: async (argument) => {
        const manifest = await manifestFor(argument, 'apply');
        if (!manifest?.manifest) return;
        if (!(await confirmUnverifiedApply(manifest))) return;
        panels.post(manifest.manifestUri, { type: 'busy', action: 'apply', busy: true });
        try {
          await applyHardening(manifest, manifest.manifest, generated, log);
        } finally {
          panels.post(manifest.manifestUri, { type: 'busy', action: 'apply', busy: false });
        }
      },
    },
    'harden.buildProductionImage': {
      title: 'Build Production Image',
      run: async (argument) => {
        const manifest = await manifestFor(argument, 'build the production image of');
        if (manifest) await buildProductionImageCommand({ ...profileDeps, post: (uri, message) => panels.post(uri, message) }, manifest);
      },
    },
    'harden.lintDockerfile': {
      title: 'Lint Dockerfile',
      run: async (argument) => {
        const uri = argument instanceof vscode.Uri ? argument : vscode.window.activeTextEditor?.document.uri;
        const document = uri ? await vscode.workspace.openTextDocument(uri) : undefined;
        if (!document || document.languageId !== 'dockerfile') {
          void vscode.window.showInformationMessage('Open a Dockerfile to lint it.');
          return;
        }
        const count = await diagnostics.lint(document);
        if (count > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
        void vscode.window.showInformationMessage(count === 0 ? `${vscode.workspace.asRelativePath(document.uri)}: no findings.` : `${vscode.workspace.asRelativePath(document.uri)}: ${count} finding(s), in the Problems view.`);
      },
    },
    'harden.refreshManifests': { title: 'Refresh Manifests', run: () => manifests.refresh() },
    'harden.showLog': { title: 'Show Log', run: () => log.show() },
    'harden.revealInExplorer': {
      title: 'Reveal in Explorer',
      run: async (argument) => {
        const node = argument as { resource?: unknown; manifestFile?: unknown } | undefined;
        const path = typeof node?.resource === 'string' ? node.resource : typeof node?.manifestFile === 'string' ? node.manifestFile : undefined;
        const uri = argument instanceof vscode.Uri ? argument : path ? vscode.Uri.file(path) : undefined;
        if (uri) await vscode.commands.executeCommand('revealInExplorer', uri);
      },
    },
  });

  log.info(activationLine(activateStart, performance.now()));
}

/**
 * "Harden activated in N ms": N is the extension's own cost, evaluating the bundle plus activate();
 * the time the editor spent between the two (preparing the extension context) is shown apart.
 */
function activationLine(activateStart: number, activateEnd: number): string {
  const loadStart = typeof __hardenLoadStart === 'number' ? __hardenLoadStart : bundleEvaluated;
  const load = bundleEvaluated - loadStart;
  const activate = activateEnd - activateStart;
  const waited = activateStart - bundleEvaluated;
  return `Harden activated in ${Math.round(load + activate)} ms (bundle ${Math.round(load)} ms, activate() ${Math.round(activate)} ms; the editor took ${Math.round(waited)} ms in between)`;
}

/** Stops runs in flight so their containers are removed; everything else goes with context.subscriptions. */
export function deactivate(): Promise<void> {
  return abortRunningWork();
}
