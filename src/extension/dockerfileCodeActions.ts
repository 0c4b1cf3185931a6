import * as vscode from 'vscode';
import { DockerfileText } from '../core/dockerfile/dockerfileText';
import type { Finding } from '../core/dockerfile/finding';
import { ignoreFix } from '../core/dockerfile/ignoreDirectives';
import { fixAllEdits } from '../core/editor/fixAllEdits';
import { DIAGNOSTIC_SOURCE } from './dockerfileDiagnostics';
import { lintDocument, toVscodeRange, toWorkspaceEdit } from './dockerfileLint';
import type { DockerfileProfiles } from './dockerfileProfiles';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('harden');

/**
 * Quick fixes keyed to Harden's diagnostics: every fix the rule offers (the first safe one
 * preferred) and "Ignore HXnnn for this instruction"; plus `source.fixAll.harden` for the safe fixes.
 */
export class DockerfileCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly profiles: DockerfileProfiles) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    // The same profile the diagnostics were made with, so a fix matches the message it sits on.
    const lint = lintDocument(document, await this.profiles.factsFor(document.uri));
    const actions: vscode.CodeAction[] = [];
    const wantsQuickFixes = !context.only || context.only.intersects(vscode.CodeActionKind.QuickFix);
    if (wantsQuickFixes) {
      const text = new DockerfileText(document.getText());
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        const finding = lint.findings.find((candidate) => matches(candidate, diagnostic));
        if (finding) actions.push(...quickFixes(document, text, finding, diagnostic));
      }
    }
    if (!context.only || context.only.intersects(FIX_ALL_KIND)) {
      const edits = fixAllEdits(document.getText(), { config: lint.config, buildContext: lint.buildContext });
      if (edits.length > 0) {
        const fixAll = new vscode.CodeAction('Fix all safe Harden findings', FIX_ALL_KIND);
        fixAll.edit = toWorkspaceEdit(document.uri, edits);
        actions.push(fixAll);
      }
    }
    return actions;
  }
}

function quickFixes(document: vscode.TextDocument, text: DockerfileText, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  const preferred = finding.fixes.find((fix) => fix.safe);
  const actions = finding.fixes.map((fix) => {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.edit = toWorkspaceEdit(document.uri, fix.edits);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix === preferred;
    return action;
  });
  const ignore = ignoreFix(text, finding);
  const action = new vscode.CodeAction(ignore.title, vscode.CodeActionKind.QuickFix);
  action.edit = toWorkspaceEdit(document.uri, ignore.edits);
  action.diagnostics = [diagnostic];
  return [...actions, action];
}

function matches(finding: Finding, diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === finding.ruleId && diagnostic.range.isEqual(toVscodeRange(finding.range));
}
