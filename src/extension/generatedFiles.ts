import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { applyTargets, type ApplyTarget } from '../core/editor/applyTargets';
import { compareWithWorkspace } from '../core/editor/fileComparison';
import { confineToFolder } from '../core/editor/workspacePaths';
import { COMPOSE_FILE_NAME } from '../core/generate/composeGenerator';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import type { GeneratedFileView } from '../protocol/previewProtocol';
import { PRODUCTION_COMPOSE_FILE } from '../core/minify/productionFiles';
import { productionTargetsFor } from './productionOutput';
import type { ManifestLocation } from './workspaceManifests';

/** A file Apply would write, where, and how it compares with what the workspace has there now. */
export interface PlannedFile {
  target: ApplyTarget;
  uri: vscode.Uri;
  /** What the workspace holds there now (unsaved edits included); undefined when nothing. */
  current: string | undefined;
  view: GeneratedFileView;
}

/**
 * The files Apply writes for a manifest (with Dockerfile.prod and compose.prod.yaml once a current
 * production image passed its verify), each checked to stay inside the workspace folder and
 * compared with the workspace's current text, unsaved edits in open editors included.
 */
export async function planGeneratedFiles(location: ManifestLocation, manifest: HardeningManifest): Promise<PlannedFile[]> {
  const folder = location.folder.uri.fsPath;
  const composePath = await confineToFolder(folder, COMPOSE_FILE_NAME);
  const existingCompose = composePath.exists ? await workspaceText(vscode.Uri.file(composePath.absolute)) : undefined;
  const productionCompose = await confineToFolder(folder, PRODUCTION_COMPOSE_FILE);
  const existingProductionCompose = productionCompose.exists ? await workspaceText(vscode.Uri.file(productionCompose.absolute)) : undefined;
  const targets = [...applyTargets(manifest, location.relativePath, existingCompose), ...(await productionTargetsFor(location, manifest, existingProductionCompose))];
  const planned: PlannedFile[] = [];
  for (const target of targets) {
    const confined = await confineToFolder(folder, target.path);
    const uri = vscode.Uri.file(confined.absolute);
    const current = confined.exists ? await workspaceText(uri) : undefined;
    planned.push({ target, uri, current, view: compareWithWorkspace(target.path, target.content, current) });
  }
  return planned;
}

/** The text of an open document (with unsaved edits), else the file on disk. */
export async function workspaceText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  return readFile(uri.fsPath, 'utf8').catch(() => undefined);
}
