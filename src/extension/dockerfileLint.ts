import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Range, TextEdit } from '../core/dockerfile/finding';
import { type BuildContext, directoryContext } from '../core/dockerfile/buildContext';
import { defaultLintConfig, loadLintConfig, type LintConfig } from '../core/dockerfile/lintConfig';
import { lintDockerfile } from '../core/dockerfile/lintDockerfile';
import type { ProfileFacts } from '../core/dockerfile/profileFacts';
import { ruleIds } from '../core/dockerfile/rules/index';

export interface DocumentLint {
  findings: Finding[];
  config: LintConfig;
  /** The Dockerfile's folder, taken as its build context (read for scripts' shebangs and archives). */
  buildContext: BuildContext | undefined;
  /** Why `.harden.yaml` could not be used (the defaults were). */
  configError?: string;
}

/**
 * Lints a Dockerfile document with the `.harden.yaml` nearest to it, as `harden lint` does, and
 * with what the profile of the image it builds decided, when there is one.
 */
export function lintDocument(document: vscode.TextDocument, profile?: ProfileFacts): DocumentLint {
  let config: LintConfig = defaultLintConfig;
  let configError: string | undefined;
  let buildContext: BuildContext | undefined;
  if (document.uri.scheme === 'file') {
    buildContext = directoryContext(dirname(document.uri.fsPath));
    try {
      config = loadLintConfig(dirname(document.uri.fsPath), ruleIds);
    } catch (error) {
      configError = error instanceof Error ? error.message : String(error);
    }
  }
  return { findings: lintDockerfile(document.getText(), { config, buildContext, profile }), config, buildContext, configError };
}

export function toVscodeRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of edits) edit.replace(uri, toVscodeRange(change.range), change.newText);
  return edit;
}
