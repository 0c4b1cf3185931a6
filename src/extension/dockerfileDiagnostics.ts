import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/dockerfile/finding';
import { lintDocument, toVscodeRange } from './dockerfileLint';
import type { DockerfileProfiles } from './dockerfileProfiles';
import { lintEnabled } from './settings';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 'harden';

/** A finding as a Diagnostic: source `harden`, code linking to the rule's documentation shipped in the extension. */
export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVscodeRange(finding.range), finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.file(finding.docs) };
  return diagnostic;
}

/** Keeps Harden's diagnostics on every open Dockerfile current while it is edited (when harden.lint.enabled). */
export class DockerfileDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly profiles: DockerfileProfiles,
  ) {
    const configWatcher = vscode.workspace.createFileSystemWatcher('**/.harden.yaml');
    this.subscriptions = [
      // A new or changed profile changes what HX004 proposes.
      profiles.onDidChange(() => this.lintOpenDocuments()),
      configWatcher,
      configWatcher.onDidChange(() => this.lintOpenDocuments()),
      configWatcher.onDidCreate(() => this.lintOpenDocuments()),
      configWatcher.onDidDelete(() => this.lintOpenDocuments()),
      vscode.workspace.onDidOpenTextDocument((document) => this.lintIfEnabled(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.lintSoon(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('harden.lint.enabled')) this.lintOpenDocuments();
      }),
    ];
    this.lintOpenDocuments();
  }

  /** Lints now, whatever the setting says (the Lint Dockerfile command); returns the number of findings. */
  async lint(document: vscode.TextDocument): Promise<number> {
    const version = document.version;
    const profile = await this.profiles.factsFor(document.uri);
    // Typing went on while the manifests were read: the lint scheduled for the newer text wins.
    if (document.version !== version || document.isClosed) return 0;
    const { findings, configError } = lintDocument(document, profile);
    const diagnostics = findings.map(toDiagnostic);
    if (configError) {
      this.log.warn(`${configError} (linting with the default rules)`);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `${configError} — linting with the default rules.`, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostics.unshift(diagnostic);
    }
    this.collection.set(document.uri, diagnostics);
    return findings.length;
  }

  private lintIfEnabled(document: vscode.TextDocument): void {
    if (document.languageId !== 'dockerfile') return;
    if (lintEnabled()) void this.lint(document).catch((error: unknown) => this.log.error(`linting ${document.uri.fsPath} failed: ${error instanceof Error ? error.message : String(error)}`));
    else this.collection.delete(document.uri);
  }

  private lintSoon(document: vscode.TextDocument): void {
    if (document.languageId !== 'dockerfile') return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.lintIfEnabled(document);
      }, 250),
    );
  }

  private lintOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.lintIfEnabled(document);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}
