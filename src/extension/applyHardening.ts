import * as vscode from 'vscode';
import { HardenError } from '../core/errors';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import type { GeneratedDocuments } from './generatedDocuments';
import { planGeneratedFiles, type PlannedFile } from './generatedFiles';
import type { ManifestLocation } from './workspaceManifests';

export type ApplyOutcome = 'applied' | 'unchanged' | 'declined';

/**
 * Writes the Compose override and the Kubernetes patch into the workspace folder as one
 * WorkspaceEdit (undoable). A file the user has, whose text would change, is shown as a diff first
 * and written only after a modal confirmation; nothing outside the folder is ever written.
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

async function confirmChanges(location: ManifestLocation, changed: PlannedFile[], generated: GeneratedDocuments): Promise<boolean> {
  for (const file of changed) {
    await generated.showDiff(location.folder, file.target.path, file.uri, true, file.target.content);
  }
  const names = changed.map((file) => file.target.path).join(', ');
  const answer = await vscode.window.showWarningMessage(
    `Apply Hardening would change ${changed.length === 1 ? 'a file' : `${changed.length} files`} you have in the workspace: ${names}.`,
    { modal: true, detail: 'The diff shows your file on the left and what Harden would write on the right. Apply replaces the left with the right; Undo brings it back.' },
    'Apply',
  );
  return answer === 'Apply';
}
