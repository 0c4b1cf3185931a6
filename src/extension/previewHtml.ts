import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { missingBundleHtml, previewDocumentHtml, webviewNonce } from '../core/editor/previewDocument';

/** The only folder the webview may load from: the built webview bundle. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function previewWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

/** The panel's HTML: a fresh nonce each time, assets through asWebviewUri, the CSP in core. */
export function previewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const root = webviewRoot(extensionUri);
  const script = vscode.Uri.joinPath(root, 'preview.js');
  if (!existsSync(script.fsPath)) return missingBundleHtml(webview.cspSource, title);
  return previewDocumentHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(script).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'preview.css')).toString(),
    nonce: webviewNonce(),
    title,
  });
}
