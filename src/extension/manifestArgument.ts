import { basename, join, sep } from 'node:path';
import * as vscode from 'vscode';
import { MANIFEST_FILE } from '../core/profile/hardeningOutput';
import type { WorkspaceManifest, WorkspaceManifests } from './workspaceManifests';

/**
 * The manifest a command is about, from whatever invoked it: a Manifest Explorer node, a URI (code
 * lens, preview, explorer), else the preview in front, else the `.harden/<service>/` file in the
 * active editor, else the user's pick.
 */
export async function resolveManifest(
  argument: unknown,
  manifests: WorkspaceManifests,
  activePreview: vscode.Uri | undefined,
  purpose: string,
): Promise<WorkspaceManifest | undefined> {
  const given = manifestUriOf(argument) ?? activePreview ?? manifestBeside(vscode.window.activeTextEditor?.document.uri);
  if (given) {
    const found = (await manifests.find(given)) ?? (await manifests.read(given));
    if (found) return found;
  }
  const all = await manifests.all();
  if (all.length === 0) {
    void vscode.window.showInformationMessage('There is no hardening manifest in this workspace yet; run "Harden: Profile Image…" first.');
    return undefined;
  }
  if (all.length === 1) return all[0];
  const picked = await vscode.window.showQuickPick(
    all.map((manifest) => ({ label: manifest.manifest?.image.reference ?? manifest.entry.displayDir, description: manifest.entry.displayDir, manifest })),
    { placeHolder: `The manifest to ${purpose}` },
  );
  return picked?.manifest;
}

function manifestUriOf(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return basename(argument.fsPath) === MANIFEST_FILE ? argument : manifestBeside(argument);
  if (typeof argument === 'object' && argument !== null && typeof (argument as { manifestFile?: unknown }).manifestFile === 'string') {
    return vscode.Uri.file((argument as { manifestFile: string }).manifestFile);
  }
  return undefined;
}

/** `.harden/<service>/` or any file below it → its manifest.yaml. */
function manifestBeside(uri: vscode.Uri | undefined): vscode.Uri | undefined {
  if (!uri || uri.scheme !== 'file') return undefined;
  const parts = uri.fsPath.split(/[\\/]/);
  const index = parts.lastIndexOf('.harden');
  if (index < 0 || index + 1 > parts.length - 1) return undefined;
  return vscode.Uri.file(join(parts.slice(0, index + 2).join(sep), MANIFEST_FILE));
}
