import * as vscode from 'vscode';

/** `harden.profile.timeoutSeconds`: the bound on one profile or verify run. */
export function profileTimeoutSeconds(): number {
  const value = vscode.workspace.getConfiguration('harden').get<number>('profile.timeoutSeconds', 120);
  return Number.isFinite(value) && value >= 10 ? value : 120;
}

/** `harden.lint.enabled`: whether Dockerfiles get Harden's diagnostics as they are edited. */
export function lintEnabled(): boolean {
  return vscode.workspace.getConfiguration('harden').get<boolean>('lint.enabled', true);
}
