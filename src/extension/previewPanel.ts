import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { generatedFileList } from '../core/editor/generatedFileList';
import { toPreviewState } from '../core/editor/previewState';
import { serviceNameFromImage } from '../core/generate/serviceName';
import { isWebviewToHostMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../protocol/previewProtocol';
import type { GeneratedDocuments } from './generatedDocuments';
import { planGeneratedFiles, type PlannedFile } from './generatedFiles';
import { regeneratedFiles } from './hardenFolder';
import { previewHtml, previewWebviewOptions } from './previewHtml';
import { productionViewOf } from './productionOutput';
import type { WorkspaceManifest, WorkspaceManifests } from './workspaceManifests';

export const PREVIEW_VIEW_TYPE = 'harden.preview';
const TITLE_PREFIX = 'Hardening Preview: ';
/** workspaceState: service → manifest URI, so a restored panel finds its manifest again. */
const OPEN_PANELS_KEY = 'harden.preview.manifests';
/** The files Apply writes; edits to them change what the preview's diffs show. */
const APPLIED_FILE = /\/(compose\.hardened\.yaml|k8s\/[^/]+\/[^/]+\.yaml|compose\.prod\.yaml|prod\/[^/]+\/Dockerfile\.prod)$/;

interface PanelDependencies {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  manifests: WorkspaceManifests;
  generated: GeneratedDocuments;
  log: vscode.LogOutputChannel;
}

/**
 * The Hardening Preview panels, one per manifest. The host owns the data: it posts `state` when the
 * webview says `ready` (also after a reload) and whenever the manifest or the workspace files change.
 */
export class PreviewPanels implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, PreviewPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: PanelDependencies) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{compose.hardened.yaml,k8s/*/*.yaml,compose.prod.yaml,prod/*/Dockerfile.prod}');
    this.subscriptions.push(
      watcher,
      deps.manifests.onDidChange(() => this.refreshSoon()),
      watcher.onDidCreate(() => this.refreshSoon()),
      watcher.onDidChange(() => this.refreshSoon()),
      watcher.onDidDelete(() => this.refreshSoon()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.panels.size > 0 && APPLIED_FILE.test(event.document.uri.path)) this.refreshSoon();
      }),
    );
  }

  /** Opens (or reveals) the preview of a manifest. */
  open(manifest: WorkspaceManifest): void {
    const key = manifest.manifestUri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const service = serviceName(manifest);
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, `${TITLE_PREFIX}${service}`, vscode.ViewColumn.Active, {
      ...previewWebviewOptions(this.deps.extensionUri),
    });
    this.adopt(panel, manifest.manifestUri, service);
  }

  /** The WebviewPanelSerializer: a panel restored after a reload gets its HTML back and, on `ready`, its data. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    const service = panel.title.startsWith(TITLE_PREFIX) ? panel.title.slice(TITLE_PREFIX.length) : '';
    const remembered = this.deps.workspaceState.get<Record<string, string>>(OPEN_PANELS_KEY, {})[service];
    const manifests = await this.deps.manifests.all();
    const manifest =
      manifests.find((candidate) => candidate.manifestUri.toString() === remembered) ??
      manifests.find((candidate) => basename(dirname(candidate.manifestUri.fsPath)) === service);
    if (!manifest) {
      this.deps.log.info(`not restoring the preview of ${service || 'an unknown manifest'}: its manifest is gone`);
      panel.dispose();
      return;
    }
    panel.webview.options = previewWebviewOptions(this.deps.extensionUri);
    this.adopt(panel, manifest.manifestUri, service);
  }

  activeManifest(): vscode.Uri | undefined {
    return [...this.panels.values()].find((preview) => preview.panel.active)?.manifestUri;
  }

  /** Posts to the manifest's panel, if one is open. */
  post(manifestUri: vscode.Uri, message: HostToWebviewMessage): void {
    this.panels.get(manifestUri.toString())?.post(message);
  }

  private adopt(panel: vscode.WebviewPanel, manifestUri: vscode.Uri, service: string): void {
    const preview = new PreviewPanel(panel, manifestUri, this.deps);
    const key = manifestUri.toString();
    this.panels.set(key, preview);
    const open = this.deps.workspaceState.get<Record<string, string>>(OPEN_PANELS_KEY, {});
    void this.deps.workspaceState.update(OPEN_PANELS_KEY, { ...open, [service]: key });
    panel.onDidDispose(() => {
      this.panels.delete(key);
      preview.dispose();
    });
  }

  private refreshSoon(): void {
    if (this.panels.size === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      for (const preview of this.panels.values()) void preview.sendState();
    }, 200);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const preview of this.panels.values()) preview.panel.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

class PreviewPanel {
  private ready = false;
  private planned: PlannedFile[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly manifestUri: vscode.Uri,
    private readonly deps: PanelDependencies,
  ) {
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'harden.svg');
    this.subscription = panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    panel.webview.html = previewHtml(panel.webview, deps.extensionUri, panel.title);
  }

  post(message: HostToWebviewMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  /** Reads the manifest and the workspace again and posts the whole state. */
  async sendState(): Promise<void> {
    if (!this.ready) return;
    const manifest = await this.deps.manifests.read(this.manifestUri);
    if (!manifest?.manifest) {
      this.post({ type: 'error', message: manifest?.entry.error ?? `${this.manifestUri.fsPath} is gone.` });
      return;
    }
    try {
      this.planned = await planGeneratedFiles(manifest, manifest.manifest);
    } catch (error) {
      this.planned = [];
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
    const verify = manifest.entry.verify;
    this.post({
      type: 'state',
      state: toPreviewState(manifest.manifest, {
        manifestPath: manifest.relativePath,
        generatedFiles: this.planned.map((file) => file.view),
        hardenFiles: generatedFileList(manifest.entry.files, manifest.entry.recorded),
        ...(verify && 'view' in verify ? { lastVerify: verify.view } : {}),
        production: await productionViewOf(manifest, manifest.manifest),
      }),
    });
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewToHostMessage(message)) {
      this.deps.log.debug(`ignored a message from the preview webview that is not in the protocol: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    await this.handle(message);
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.sendState();
        return;
      case 'apply':
        await vscode.commands.executeCommand('harden.apply', this.manifestUri);
        return;
      case 'verify':
        await vscode.commands.executeCommand('harden.verify', this.manifestUri);
        return;
      case 'reprofile':
        await vscode.commands.executeCommand('harden.reprofile', this.manifestUri);
        return;
      case 'buildProduction':
        await vscode.commands.executeCommand('harden.buildProductionImage', this.manifestUri);
        return;
      case 'editProfileSettings':
        await vscode.commands.executeCommand('harden.editProfileSettings', this.manifestUri);
        return;
      case 'showEdits':
        await this.showEdits(message.path);
        return;
      case 'fixProblem':
        await vscode.commands.executeCommand('harden.fixVerifyProblem', this.manifestUri, message.index, message.manifestStamp);
        return;
      case 'openDiff': {
        // Only the files this panel lists: the path comes from the webview, so it is never used to build one.
        const file = this.planned.find((candidate) => candidate.view.path === message.path);
        const manifest = file ? await this.deps.manifests.read(this.manifestUri) : undefined;
        if (!file || !manifest) return;
        await this.deps.generated.showDiff(manifest.folder, file.target.path, file.uri, file.current !== undefined, file.target.content);
        return;
      }
    }
  }

  /** A hand-edited file of `.harden/<service>/` beside what harden would write there now. */
  private async showEdits(path: string): Promise<void> {
    const manifest = await this.deps.manifests.read(this.manifestUri);
    // Only a file the record lists: the path comes from the webview, so it is never used to build one.
    const listed = manifest?.entry.recorded?.find((file) => file.path === path && file.status === 'edited');
    if (!manifest?.manifest || !listed) return;
    const expected = (await regeneratedFiles(manifest, manifest.manifest)).find((file) => file.path === listed.path);
    if (!expected) return;
    const workspacePath = `${manifest.relativePath.replace(/\/manifest\.yaml$/, '')}/${listed.path}`;
    await this.deps.generated.showDiff(manifest.folder, workspacePath, vscode.Uri.joinPath(manifest.directory, ...listed.path.split('/')), true, expected.content, vscode.ViewColumn.Beside);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

function serviceName(manifest: WorkspaceManifest): string {
  return manifest.manifest ? serviceNameFromImage(manifest.manifest.image.reference) : basename(dirname(manifest.manifestUri.fsPath));
}
