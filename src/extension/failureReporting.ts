import * as vscode from 'vscode';
import { describeFailure, isHardenErrorLike } from '../core/editor/failureNotice';

/**
 * Tells the user what failed in one sentence with "Open Output" (and "Open Settings" when the
 * engine is unreachable); the log gets the details and, for unexpected errors, the stack.
 */
export async function reportFailure(log: vscode.LogOutputChannel, action: string, error: unknown): Promise<void> {
  const notice = describeFailure(action, error);
  if (notice.severity === 'info') {
    log.info(notice.message);
    void vscode.window.showInformationMessage(notice.message);
    return;
  }
  log.error(notice.message);
  for (const line of notice.details) log.error(`  ${line}`);
  if (!isHardenErrorLike(error) && error instanceof Error && error.stack) log.debug(error.stack);
  const show = notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const choice = await show(notice.message, ...notice.actions);
  if (choice === 'Open Output') log.show(true);
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'harden.dockerHost');
}
