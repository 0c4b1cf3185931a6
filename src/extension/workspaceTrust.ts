import * as vscode from 'vscode';

/**
 * Profiling and verifying run containers from whatever image and settings the workspace names, so
 * they wait for trust: in an untrusted workspace this explains why and offers to manage trust.
 */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(`${action} runs containers, so Harden does it only in a trusted workspace.`, 'Manage Workspace Trust')
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

/** `harden.dockerHost`, honoured only in a trusted workspace (the workspace could point it anywhere). */
export function trustedDockerHost(): string | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const host = vscode.workspace.getConfiguration('harden').get<string>('dockerHost', '').trim();
  return host === '' ? undefined : host;
}
