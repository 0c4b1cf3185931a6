import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { folderSignature } from '../core/editor/folderSignature';
import type { ManifestEntry } from '../core/editor/manifestTree';
import { manifestVerify } from '../core/editor/verifyResultView';
import { readManifestFile } from '../core/manifest/manifestFile';
import { folderFiles } from '../core/output/writtenFiles';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import { VERIFY_RESULT_FILE } from '../core/verify/verifyResultFile';
import { PROFILE_SETTINGS_FILE, parseProfileSettings } from '../core/profile/profileSettings';

export const MANIFEST_GLOB = '**/.harden/*/manifest.yaml';
/** The manifests, their verify results and the files generated beside them (a hand edit shows as edited). */
const WATCH_GLOB = '**/.harden/*/**';
/** How often the folders shown are compared with what was read, for changes the file watcher did not report. */
const RECHECK_MS = 2_000;

/** A manifest in the workspace and where it sits. */
export interface ManifestLocation {
  manifestUri: vscode.Uri;
  folder: vscode.WorkspaceFolder;
  /** `.harden/<service>/`: harden's own output directory. */
  directory: vscode.Uri;
  /** The manifest's path relative to its workspace folder, with forward slashes. */
  relativePath: string;
}

export interface WorkspaceManifest extends ManifestLocation {
  entry: ManifestEntry;
  manifest?: HardeningManifest;
}

/**
 * The manifests in the workspace (`**∕.harden/*∕manifest.yaml`), read on first use and again when a
 * manifest or a verify result changes on disk.
 */
export class WorkspaceManifests implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private loaded: Promise<WorkspaceManifest[]> | undefined;
  private readonly watcher: vscode.FileSystemWatcher;
  private timer: NodeJS.Timeout | undefined;
  /**
   * Each `.harden/<service>/` read into the list, and each `.harden/` that holds them (or would, at
   * a workspace folder's root: a new profile there), with its folderSignature when last read.
   */
  private readonly signatures = new Map<string, { signature: string; depth: number }>();
  private readonly recheck: NodeJS.Timeout;
  private rechecking = false;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
    for (const event of [this.watcher.onDidCreate, this.watcher.onDidChange, this.watcher.onDidDelete]) event(() => this.refreshSoon());
    // The watcher is the fast path, not a guarantee: operating systems drop file events under load, and
    // a view showing an old verify result or missing a hand edit is worse than a few stat calls.
    this.recheck = setInterval(() => void this.recheckFolders(), RECHECK_MS);
    this.recheck.unref();
  }

  all(): Promise<WorkspaceManifest[]> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  async find(manifestUri: vscode.Uri): Promise<WorkspaceManifest | undefined> {
    const key = manifestUri.toString();
    return (await this.all()).find((manifest) => manifest.manifestUri.toString() === key);
  }

  /** Reads one manifest even before the watcher has noticed it (right after a profile wrote it). */
  async read(manifestUri: vscode.Uri): Promise<WorkspaceManifest | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(manifestUri);
    return folder ? this.loadOne(folder, manifestUri) : undefined;
  }

  refresh(): void {
    this.loaded = undefined;
    this.changed.fire();
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 150);
  }

  /** Refreshes when a folder the list was read from holds something else now. */
  private async recheckFolders(): Promise<void> {
    if (this.rechecking) return;
    this.rechecking = true;
    try {
      await this.all();
      for (const [directory, { signature, depth }] of this.signatures) {
        if ((await folderSignature(directory, depth)) === signature) continue;
        this.log.debug(`${directory} changed without a file event; reading the manifests again`);
        this.refresh();
        return;
      }
    } finally {
      this.rechecking = false;
    }
  }

  private async load(): Promise<WorkspaceManifest[]> {
    const uris = await vscode.workspace.findFiles(MANIFEST_GLOB, '**/node_modules/**');
    this.signatures.clear();
    const parents = new Set([...(vscode.workspace.workspaceFolders ?? []).map((folder) => join(folder.uri.fsPath, '.harden')), ...uris.map((uri) => dirname(dirname(uri.fsPath)))]);
    for (const parent of parents) this.signatures.set(parent, { signature: await folderSignature(parent, 1), depth: 1 });
    const manifests = await Promise.all(
      uris.map(async (uri) => {
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        if (!folder) return undefined;
        // Taken before the files are read: a change while they are read shows at the next check.
        const directory = dirname(uri.fsPath);
        const signature = await folderSignature(directory);
        const manifest = await this.loadOne(folder, uri);
        this.signatures.set(directory, { signature, depth: 2 });
        return manifest;
      }),
    );
    return manifests.filter((manifest): manifest is WorkspaceManifest => manifest !== undefined);
  }

  private async loadOne(folder: vscode.WorkspaceFolder, manifestUri: vscode.Uri): Promise<WorkspaceManifest> {
    const directory = vscode.Uri.file(dirname(manifestUri.fsPath));
    const relativePath = relative(folder.uri.fsPath, manifestUri.fsPath).split(sep).join('/');
    const relativeDir = relativePath.replace(/\/manifest\.yaml$/, '');
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const entry: ManifestEntry = {
      manifestFile: manifestUri.fsPath,
      displayDir: multiRoot ? `${folder.name}: ${relativeDir}` : relativeDir,
      files: await listFiles(directory.fsPath),
      recorded: await folderFiles(directory.fsPath),
    };
    try {
      entry.manifest = await readManifestFile(manifestUri.fsPath);
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      this.log.warn(entry.error);
    }
    const verifyText = await readFile(join(directory.fsPath, VERIFY_RESULT_FILE), 'utf8').catch(() => undefined);
    entry.verify = manifestVerify(entry.manifest, verifyText);
    const settingsFile = join(directory.fsPath, PROFILE_SETTINGS_FILE);
    const settingsText = await readFile(settingsFile, 'utf8').catch(() => undefined);
    if (settingsText !== undefined) {
      try {
        entry.profileSettings = parseProfileSettings(settingsText, PROFILE_SETTINGS_FILE);
      } catch (error) {
        entry.profileSettings = { error: error instanceof Error ? error.message : String(error) };
      }
    }
    return { manifestUri, folder, directory, relativePath, entry, manifest: entry.manifest };
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearInterval(this.recheck);
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/** Files below `directory` (two levels: `report.md`, `k8s/deployment-patch.yaml`), relative, forward slashes. */
async function listFiles(directory: string, prefix = '', depth = 2): Promise<string[]> {
  const entries = await readdir(join(directory, prefix), { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isFile()) return entry.name.endsWith('.tmp') ? [] : [path];
      if (entry.isDirectory() && depth > 1) return listFiles(directory, path, depth - 1);
      return [];
    }),
  );
  return nested.flat();
}
