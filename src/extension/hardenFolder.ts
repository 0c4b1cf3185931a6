import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import type { GeneratedFile } from '../core/generate/generateOptions';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import { editedTargets } from '../core/output/writtenFiles';
import { renderHardeningFiles, writeHardeningFiles } from '../core/profile/hardeningOutput';
import type { GeneratedDocuments } from './generatedDocuments';
import type { WorkspaceManifest } from './workspaceManifests';

export interface HardenFolderDependencies {
  generated: GeneratedDocuments;
  log: vscode.LogOutputChannel;
}

/**
 * The files harden generates into `.harden/<service>/` from `manifest`, headed with the command the
 * manifest's own header names (so a rewrite keeps saying how the folder was made).
 */
export async function regeneratedFiles(target: WorkspaceManifest, manifest: HardeningManifest): Promise<GeneratedFile[]> {
  const manifestText = await readFile(target.manifestUri.fsPath, 'utf8');
  const relativeDir = target.relativePath.replace(/\/manifest\.yaml$/, '');
  return renderHardeningFiles(manifest, { command: producingCommand(manifestText) ?? `harden profile ${manifest.image.reference}`, outputDir: relativeDir });
}

/** The command the manifest's header says produced it (`Written by \`harden profile …\``). */
export function producingCommand(manifestText: string): string | undefined {
  return /^# Written by `([^`]+)`/m.exec(manifestText)?.[1];
}

/**
 * Writes harden's files into its folder. A file edited by hand since harden wrote it is never
 * replaced silently: its diff opens beside (yours left, harden's right) and a prompt that does not
 * cover it asks — Overwrite or Keep Mine. Keep Mine (or dismissing) writes nothing. True when written.
 */
export async function writeHardenFolder(
  deps: HardenFolderDependencies,
  folder: vscode.WorkspaceFolder,
  directory: string,
  files: GeneratedFile[],
  purpose: string,
): Promise<boolean> {
  const edited = await editedTargets(directory, files);
  if (edited.length > 0) {
    for (const file of edited) {
      const workspacePath = relative(folder.uri.fsPath, join(directory, file.path)).split(sep).join('/');
      await deps.generated.showDiff(folder, workspacePath, vscode.Uri.file(join(directory, file.path)), true, file.content, vscode.ViewColumn.Beside);
    }
    const names = edited.map((file) => file.path).join(', ');
    const answer = await vscode.window.showWarningMessage(
      `${names} ${edited.length === 1 ? 'was' : 'were'} edited by hand since harden wrote ${edited.length === 1 ? 'it' : 'them'}; ${purpose} would replace your changes (the diff beside shows yours on the left).`,
      'Overwrite',
      'Keep Mine',
    );
    if (answer !== 'Overwrite') {
      deps.log.info(`${purpose}: nothing written; kept the hand edits in ${names}`);
      void vscode.window.showInformationMessage(`Kept your edits: ${purpose} wrote nothing.`);
      return false;
    }
    deps.log.info(`${purpose}: overwriting the hand edits in ${names}`);
  }
  await writeHardeningFiles(directory, files, { overwriteEdited: true });
  return true;
}
