import * as vscode from 'vscode';
import { mainProblem } from '../core/editor/verifyResultView';
import { HardenError } from '../core/errors';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import type { GeneratedDocuments } from './generatedDocuments';
import { planGeneratedFiles, type PlannedFile } from './generatedFiles';
import type { ManifestLocation, WorkspaceManifest } from './workspaceManifests';

export type ApplyOutcome = 'applied' | 'unchanged' | 'declined';

/**
 * Writes the Compose override and the Kubernetes patch into the workspace folder as one
 * WorkspaceEdit (undoable). A file the user has, whose text would change, is shown as a diff first
 * and written only after a confirmation beside it; nothing outside the folder is ever written.
 */
export async function applyHardening(
  location: ManifestLocation,
  manifest: HardeningManifest,
  generated: GeneratedDocuments,
  log: vscode.LogOutputChannel,
): Promise<ApplyOutcome> {
  const planned = await planGeneratedFiles(location, manifest);
  const changed = planned.filter((file) => file.view.status === 'changed');
  const created = planned.filter((file) => file.view.status === 'new');
  if (changed.length === 0 && created.length === 0) {
    void vscode.window.showInformationMessage(`The workspace already has the hardened files for ${manifest.image.reference}.`);
    return 'unchanged';
  }
  if (changed.length > 0 && !(await confirmChanges(location, changed, generated))) return 'declined';

  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: `Apply hardening for ${manifest.image.reference}`, needsConfirmation: false };
  for (const file of created) {
    edit.createFile(file.uri, { overwrite: false, contents: Buffer.from(file.target.content, 'utf8') }, metadata);
  }
  for (const file of changed) {
    const document = await vscode.workspace.openTextDocument(file.uri);
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    edit.replace(file.uri, whole, file.target.content, metadata);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new HardenError('usage', 'the editor refused the edit (a file changed meanwhile?); nothing was written');
  }
  for (const file of changed) await vscode.workspace.save(file.uri);
  const written = [...created, ...changed].map((file) => file.target.path);
  log.info(`applied hardening for ${manifest.image.reference}: ${written.join(', ')}`);
  // Not awaited: a notification stays until someone clicks it, and the command (with the preview's
  // busy state) must end when the files are written.
  const first = [...created, ...changed][0].uri;
  void vscode.window
    .showInformationMessage(`Applied hardening for ${manifest.image.reference}: wrote ${written.join(', ')}.`, `Open ${written[0]}`)
    .then((choice) => (choice ? vscode.window.showTextDocument(first) : undefined));
  return 'applied';
}

/**
 * Opens each diff beside and asks without a modal dialog, so the diff it asks about stays in view
 * and can be scrolled while the question waits.
 */
async function confirmChanges(location: ManifestLocation, changed: PlannedFile[], generated: GeneratedDocuments): Promise<boolean> {
  for (const file of changed) {
    await generated.showDiff(location.folder, file.target.path, file.uri, true, file.target.content, vscode.ViewColumn.Beside);
  }
  const names = changed.map((file) => file.target.path).join(', ');
  const answer = await vscode.window.showWarningMessage(
    `Apply Hardening would change ${changed.length === 1 ? 'a file' : `${changed.length} files`} you have in the workspace: ${names}. The diff beside shows yours on the left and Harden's on the right; Apply replaces yours (Undo brings it back).`,
    'Apply',
    'Cancel',
  );
  return answer === 'Apply';
}

/**
 * Apply writes settings into the workspace: when the last verify of them failed, is missing or is of
 * an earlier manifest, it says so first (not modal) and offers to verify instead. True to go on.
 */
export async function confirmUnverifiedApply(target: WorkspaceManifest): Promise<boolean> {
  const verify = target.entry.verify;
  const image = target.manifest?.image.reference ?? target.relativePath;
  if (verify && 'view' in verify && verify.view.passed) return true;
  const reason =
    verify && 'view' in verify
      ? `the last verify failed: ${mainProblem(verify.view)?.problem.title ?? verify.view.headline}`
      : verify && 'error' in verify
        ? 'its last verify result cannot be read'
        : 'these settings have not been verified yet';
  const answer = await vscode.window.showWarningMessage(`Apply hardening for ${image}? ${reason[0].toUpperCase()}${reason.slice(1)}.`, 'Verify First', 'Apply Anyway');
  if (answer === 'Verify First') await vscode.commands.executeCommand('harden.verify', target.manifestUri);
  return answer === 'Apply Anyway';
}
