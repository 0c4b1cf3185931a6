import { join } from 'node:path';
import * as vscode from 'vscode';
import { mainProblem, toVerifyResultView } from '../core/editor/verifyResultView';
import { COMPOSE_FILE_NAME } from '../core/generate/composeGenerator';
import { readComposeRunSpec, type HardenedRunSpec } from '../core/compose/composeRunSpec';
import { describeHostAccess, hostAccess } from '../core/compose/hostAccess';
import { writeVerifyResult } from '../core/verify/verifyResultFile';
import type { VerifyResult } from '../core/verify/verifyHardened';
import type { HostToWebviewMessage, VerifyResultView } from '../protocol/previewProtocol';
import type { DockerSession } from './dockerSession';
import { engineModules } from './engineModules';
import { coreLogger } from './logging';
import { withCancellableProgress } from './progress';
import { profileTimeoutSeconds } from './settings';
import type { WorkspaceManifest, WorkspaceManifests } from './workspaceManifests';

export interface VerifyDependencies {
  log: vscode.LogOutputChannel;
  session: DockerSession;
  manifests: WorkspaceManifests;
  post(manifestUri: vscode.Uri, message: HostToWebviewMessage): void;
  openPreview(manifestUri: vscode.Uri): Promise<void>;
}

/**
 * "Verify Hardened Run", as `harden verify <dir>`: runs the image as `.harden/<service>/compose.hardened.yaml`
 * says, writes verify-result.json beside the manifest and shows the result in the preview.
 * Resolves with the result, or undefined when the user declined to run it.
 */
export async function verifyCommand(deps: VerifyDependencies, target: WorkspaceManifest): Promise<VerifyResult | undefined> {
  const { manifest } = target;
  if (!manifest) throw new Error(target.entry.error ?? 'the manifest cannot be read');
  const runSpec = await readComposeRunSpec(join(target.directory.fsPath, COMPOSE_FILE_NAME));
  const allowHostAccess = await confirmHostAccess(deps, runSpec);
  if (allowHostAccess === undefined) return undefined;
  deps.post(target.manifestUri, { type: 'busy', action: 'verify', busy: true });
  try {
    const result = await withCancellableProgress(`Harden: verifying ${runSpec.image} read-only`, async ({ signal, report }) => {
      const engine = await deps.session.connect();
      const { verifyConfiguration } = await engineModules();
      return verifyConfiguration(engine, manifest, runSpec, {
        traced: true,
        restart: true,
        timeoutSeconds: profileTimeoutSeconds(),
        signal,
        log: coreLogger(deps.log, report),
        environment: deps.session.environment(),
        allowHostAccess,
      });
    });
    await writeVerifyResult(target.directory.fsPath, result);
    const view = toVerifyResultView(result, manifest);
    deps.post(target.manifestUri, { type: 'verifyResult', result: view });
    deps.manifests.refresh();
    if (result.passed) {
      deps.log.info(`verified: ${runSpec.image} works read-only with the settings in ${target.relativePath.replace(/\/manifest\.yaml$/, '')}`);
      void vscode.window.showInformationMessage(`Verified: ${runSpec.image} works read-only with the hardened settings.`);
      return result;
    }
    logVerifyDetails(deps.log, result, view);
    notifyFailure(deps, target, runSpec.image, view);
    return result;
  } finally {
    deps.post(target.manifestUri, { type: 'busy', action: 'verify', busy: false });
  }
}

/**
 * A Compose file that reaches into the host (bind mounts, privileged, host namespaces…) runs only
 * once the user has read what it gets and agreed, as the CLI wants --allow-host-access. Resolves
 * with whether host access is allowed, or undefined when the user declined.
 */
async function confirmHostAccess(deps: VerifyDependencies, runSpec: HardenedRunSpec): Promise<boolean | undefined> {
  const items = describeHostAccess(hostAccess(runSpec));
  if (items.length === 0) return false;
  const run = 'Run with host access';
  const choice = await vscode.window.showWarningMessage(
    `Verifying ${runSpec.service} gives its container access to this machine. Run it anyway?`,
    { modal: true, detail: items.map((item) => `• ${item}`).join('\n') },
    run,
  );
  if (choice === run) {
    deps.log.warn(`verify of ${runSpec.service} runs with host access: ${items.join('; ')}`);
    return true;
  }
  deps.log.info(`verify of ${runSpec.service} not started: host access declined (${items.join('; ')})`);
  return undefined;
}

/** Everything the run found, for "Open Output": each problem with its phase, cause and fix, then what only explains it. */
function logVerifyDetails(log: vscode.LogOutputChannel, result: VerifyResult, view: VerifyResultView): void {
  log.warn(`verify of ${result.image}: ${view.headline}`);
  view.problems.forEach((problem, index) => {
    log.warn(`problem ${index + 1} (at ${problem.phase}): ${problem.title}`);
    log.warn(`  cause: ${problem.cause}`);
    log.warn(`  fix: ${problem.fix}${problem.action ? ` (the button "${problem.action.label}" changes the manifest: ${problem.action.changes.join("; ")})` : ''}`);
    log.warn(`  seen as ${problem.kind}: ${problem.message}`);
  });
  for (const clue of result.clues) log.info(`noted (may explain it): ${clue.message}`);
  for (const line of result.preexisting) log.info(`also without hardening: ${line}`);
  for (const note of result.notes) log.info(`note: ${note}`);
  log.info(`the full result is in verify-result.json; phases: ${result.phases.map((phase) => `${phase.name}${phase.readySeconds === undefined ? ' (never up)' : ` (up after ${phase.readySeconds} s)`}`).join(', ')}`);
}

/** The failure in plain words, with the fix as a button when harden can make it. Not awaited: it waits for a click. */
function notifyFailure(deps: VerifyDependencies, target: WorkspaceManifest, image: string, view: VerifyResultView): void {
  const found = mainProblem(view);
  const main = found?.problem;
  const fixLabel = main?.action?.label;
  const message = main ? `${image}: ${view.headline}. ${main.title}: ${main.cause} Fix: ${main.fix}` : `${image}: ${view.headline}.`;
  const buttons = [...(fixLabel ? [fixLabel] : []), 'Open Preview', 'Open Output'];
  void vscode.window.showWarningMessage(message, ...buttons).then(async (choice) => {
    if (choice === 'Open Preview') await deps.openPreview(target.manifestUri);
    else if (choice === 'Open Output') deps.log.show(true);
    else if (choice !== undefined && choice === fixLabel) await vscode.commands.executeCommand('harden.fixVerifyProblem', target.manifestUri, found?.index, view.manifestStamp);
  });
}
