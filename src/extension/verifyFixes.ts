import { join } from 'node:path';
import * as vscode from 'vscode';
import { applyProblemFix } from '../core/editor/verifyAdvice';
import { MANIFEST_FILE } from '../core/profile/hardeningOutput';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import { manifestStamp } from '../core/verify/manifestStamp';
import type { VerifyResult } from '../core/verify/verifyHardened';
import { VERIFY_RESULT_FILE } from '../core/verify/verifyResultFile';
import { regeneratedFiles, writeHardenFolder, type HardenFolderDependencies } from './hardenFolder';
import { verifyCommand, type VerifyDependencies } from './verifyCommand';
import type { WorkspaceManifest } from './workspaceManifests';

export type FixDependencies = VerifyDependencies & HardenFolderDependencies;

/**
 * A verify problem's fix, as the refine loop would make it: changes the manifest (a capability, a
 * writable path, an owner, KILL for the init), writes it and the files harden generates from it
 * into `.harden/<service>/` with the command the profile named, then verifies again.
 */
export async function fixVerifyProblem(deps: FixDependencies, target: WorkspaceManifest, index: number, stamp: string | undefined): Promise<void> {
  const { manifest } = target;
  const verify = target.entry.verify;
  if (!manifest || !verify || !('view' in verify) || (stamp !== undefined && stamp !== manifestStamp(manifest))) {
    void vscode.window.showInformationMessage('That verify result is of an earlier manifest; run Verify again to see what is left.');
    return;
  }
  const fixed = applyProblemFix(verify.result, index, manifest);
  const action = verify.view.problems[index]?.action;
  if (!fixed || !action) {
    void vscode.window.showInformationMessage('Harden cannot fix this problem by itself; its advice says what to do.');
    return;
  }
  const relativeDir = target.relativePath.replace(/\/manifest\.yaml$/, '');
  const files = await regeneratedFiles(target, fixed);
  // The write removes the old verify result: it verified the settings this replaces.
  if (!(await writeHardenFolder(deps, target.folder, target.directory.fsPath, files, `the fix "${action.label}"`))) return;
  deps.log.info(`fix "${action.label}" for ${manifest.image.reference}: ${action.changes.join('; ')}; wrote ${relativeDir}/{${files.map((file) => file.path).join(', ')}}`);
  deps.manifests.refresh();
  const updated = await deps.manifests.read(target.manifestUri);
  if (!updated?.manifest) throw new Error(`${join(relativeDir, MANIFEST_FILE)} cannot be read after the fix: ${updated?.entry.error ?? 'it is gone'}`);
  const result = await verifyCommand(deps, updated);
  if (result?.passed) await recordPassingRound(deps, updated, result);
}

/**
 * The verify after a fix passed: the manifest and the report say so, as after a profile whose last
 * round passed, with the result kept beside them (the settings that ran are unchanged, so it stays theirs).
 */
async function recordPassingRound(deps: FixDependencies, target: WorkspaceManifest, result: VerifyResult): Promise<void> {
  const { manifest } = target;
  if (!manifest) return;
  const rounds = manifest.verification?.rounds ?? [];
  const verified: HardeningManifest = { ...manifest, verification: { verified: true, rounds: [...rounds, { round: rounds.length + 1, passed: true, mode: result.mode, problems: [], learned: [] }] } };
  const files = [...(await regeneratedFiles(target, verified)), { path: VERIFY_RESULT_FILE, content: `${JSON.stringify(result, null, 2)}\n` }];
  if (await writeHardenFolder(deps, target.folder, target.directory.fsPath, files, 'recording the passed verify')) deps.manifests.refresh();
}
