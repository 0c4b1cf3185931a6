import * as vscode from 'vscode';
import { describeFailure, isHardenErrorLike } from '../core/editor/failureNotice';
import { printableStack } from '../core/text/printable';

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
  // One log line per frame: the channel escapes line breaks inside a message.
  if (!isHardenErrorLike(error) && error instanceof Error) for (const line of printableStack(error).split('\n')) log.debug(line);
  const show = notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const choice = await show(notice.message, ...notice.actions);
  if (choice === 'Open Output') log.show(true);
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'harden.dockerHost');
}
