import * as vscode from 'vscode';

export const GENERATED_SCHEME = 'harden-generated';

/**
 * Read-only documents with generated content, for the right side of a diff against the
 * workspace: `harden-generated:/<folder>/<path>`.
 */
export class GeneratedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  uriFor(folder: vscode.WorkspaceFolder, path: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: GENERATED_SCHEME, path: `/${folder.name}/${path}` });
    const key = uri.toString();
    if (this.contents.get(key) !== content) {
      this.contents.set(key, content);
      this.changed.fire(uri);
    }
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens the workspace file against the generated text (or the generated text alone when the file is new). */
  async showDiff(folder: vscode.WorkspaceFolder, path: string, workspaceUri: vscode.Uri, exists: boolean, content: string, viewColumn?: vscode.ViewColumn): Promise<void> {
    const generated = this.uriFor(folder, path, content);
    if (!exists) {
      await vscode.window.showTextDocument(generated, { preview: true, viewColumn });
      return;
    }
    await vscode.commands.executeCommand('vscode.diff', workspaceUri, generated, `${path} (workspace ↔ Harden)`, { preview: false, viewColumn });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
