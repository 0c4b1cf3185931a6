import * as vscode from 'vscode';
import { CONTAINER_COMMANDS, type CommandId } from '../core/editor/commandIds';
import { reportFailure } from './failureReporting';
import { requireTrust } from './workspaceTrust';

export interface CommandSpec {
  /** What the user asked for, as failure messages name it: "Profile Image failed: …". */
  title: string;
  run(...args: unknown[]): unknown;
}

/**
 * Every command in one map, registered in one place and owned by the extension context. Each runs
 * behind the same guard: container commands need a trusted workspace, and a failure becomes one
 * message with "Open Output" instead of an unhandled rejection.
 */
export function registerCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, commands: Record<CommandId, CommandSpec>): void {
  for (const [id, spec] of Object.entries(commands) as Array<[CommandId, CommandSpec]>) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        if (CONTAINER_COMMANDS.has(id) && !requireTrust(spec.title)) return;
        try {
          await spec.run(...args);
        } catch (error) {
          await reportFailure(log, spec.title, error);
        }
      }),
    );
  }
}
