import { randomBytes } from 'node:crypto';

export interface PreviewDocumentParts {
  /** The webview's `cspSource`: the only origin scripts, styles, images and fonts may come from. */
  cspSource: string;
  /** `asWebviewUri` of dist/webview/preview.js and preview.css. */
  scriptUri: string;
  styleUri: string;
  /** From `crypto`; the one script tag carries it. */
  nonce: string;
  title: string;
}

/**
 * The Hardening Preview's HTML shell: nothing inline but the nonce'd script tag, a CSP that denies
 * everything else, and no data at all (the webview asks for it with `ready`).
 */
export function previewDocumentHtml(parts: PreviewDocumentParts): string {
  const csp = [
    "default-src 'none'",
    `img-src ${parts.cspSource} data:`,
    `style-src ${parts.cspSource}`,
    `font-src ${parts.cspSource}`,
    `script-src 'nonce-${parts.nonce}'`,
  ].join('; ');
  return page(csp, parts.title, [
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${attribute(parts.styleUri)}">`,
  ], [
    '<div id="app"></div>',
    `<script nonce="${attribute(parts.nonce)}" src="${attribute(parts.scriptUri)}"></script>`,
  ]);
}

/** Shown instead when the webview bundle is missing (the build skipped it). */
export function missingBundleHtml(cspSource: string, title: string): string {
  return page(`default-src 'none'; style-src ${cspSource}`, title, [], [
    '<div id="app"><p>The Hardening Preview is not built: dist/webview/preview.js is missing. Run <code>npm run build</code>.</p></div>',
  ]);
}

function page(csp: string, title: string, head: string[], body: string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">`,
    ...head,
    `<title>${text(title)}</title>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
  ].join('\n');
}

/** 144 random bits from the operating system's generator, base64 as CSP nonces are written. */
export function webviewNonce(): string {
  return randomBytes(18).toString('base64');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
