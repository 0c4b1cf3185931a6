import { join } from 'node:path';
import * as vscode from 'vscode';
import { toVerifyResultView } from '../core/editor/verifyResultView';
import { COMPOSE_FILE_NAME } from '../core/generate/composeGenerator';
import { readComposeRunSpec, type HardenedRunSpec } from '../core/compose/composeRunSpec';
import { describeHostAccess, hostAccess } from '../core/compose/hostAccess';
import { writeVerifyResult } from '../core/verify/verifyResultFile';
import type { HostToWebviewMessage } from '../protocol/previewProtocol';
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
 */
export async function verifyCommand(deps: VerifyDependencies, target: WorkspaceManifest): Promise<void> {
  const { manifest } = target;
  if (!manifest) throw new Error(target.entry.error ?? 'the manifest cannot be read');
  const runSpec = await readComposeRunSpec(join(target.directory.fsPath, COMPOSE_FILE_NAME));
  const allowHostAccess = await confirmHostAccess(deps, runSpec);
  if (allowHostAccess === undefined) return;
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
    deps.post(target.manifestUri, { type: 'verifyResult', result: toVerifyResultView(result) });
    deps.manifests.refresh();
    if (result.passed) {
      deps.log.info(`verified: ${runSpec.image} works read-only with the settings in ${target.relativePath.replace(/\/manifest\.yaml$/, '')}`);
      void vscode.window.showInformationMessage(`Verified: ${runSpec.image} works read-only with the hardened settings.`);
      return;
    }
    for (const problem of result.problems) deps.log.warn(`${problem.kind}: ${problem.message}`);
    const first = result.problems[0];
    // Not awaited: the notification waits for a click, the command (and the preview's busy state) must not.
    void vscode.window
      .showWarningMessage(
        `${runSpec.image} does not work under the hardened settings: ${result.problems.length} problem(s)${first ? `, first: ${first.message}` : ''}.`,
        'Open Preview',
        'Open Output',
      )
      .then(async (choice) => {
        if (choice === 'Open Preview') await deps.openPreview(target.manifestUri);
        if (choice === 'Open Output') deps.log.show(true);
      });
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
