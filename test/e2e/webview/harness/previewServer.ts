import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { previewDocumentHtml, webviewNonce } from '../../../../src/core/editor/previewDocument';
import { webviewBundle } from './webviewBundle';

export type Theme = 'dark' | 'light';

export interface PreviewServer {
  origin: string;
  /** The preview page under the host's own HTML and CSP. */
  pageUrl(theme: Theme): string;
  /** A page with no CSP at all, to show the dialog detector works. */
  unprotectedUrl: string;
  close(): Promise<void>;
}

const FIXTURES = join(__dirname, '..', 'fixtures');

/**
 * Serves the preview as the extension host would: the HTML from previewDocumentHtml (same CSP, a
 * fresh nonce per load), the bundle at the CSP source, plus what VS Code adds to every webview —
 * acquireVsCodeApi (a recording stub with the nonce) and the theme's --vscode-* variables.
 */
export async function startPreviewServer(): Promise<PreviewServer> {
  const bundle = await webviewBundle();
  const stub = await readFile(join(__dirname, 'vscodeApiStub.js'), 'utf8');
  const themes: Record<Theme, string> = {
    dark: await readFile(join(FIXTURES, 'theme-dark.css'), 'utf8'),
    light: await readFile(join(FIXTURES, 'theme-light.css'), 'utf8'),
  };
  let origin = '';
  const files: Record<string, { type: string; body: () => string }> = {
    '/preview.js': { type: 'text/javascript', body: () => bundle.script },
    '/preview.css': { type: 'text/css', body: () => bundle.stylesheet },
    '/vscode-api-stub.js': { type: 'text/javascript', body: () => stub },
    '/theme-dark.css': { type: 'text/css', body: () => themes.dark },
    '/theme-light.css': { type: 'text/css', body: () => themes.light },
    '/unprotected.html': { type: 'text/html', body: () => '<!DOCTYPE html><html><body><div id="app"></div></body></html>' },
  };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const theme = url.searchParams.get('theme') === 'light' ? 'light' : 'dark';
    const file = url.pathname === '/preview.html' ? { type: 'text/html', body: () => previewPage(origin, theme) } : files[url.pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': `${file.type}; charset=utf-8`, 'cache-control': 'no-store' }).end(file.body());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (theme) => `${origin}/preview.html?theme=${theme}`,
    unprotectedUrl: `${origin}/unprotected.html`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function previewPage(origin: string, theme: Theme): string {
  const nonce = webviewNonce();
  const html = previewDocumentHtml({ cspSource: origin, scriptUri: `${origin}/preview.js`, styleUri: `${origin}/preview.css`, nonce, title: 'Hardening Preview: test' });
  const scriptTag = `<script nonce="${nonce}" src=`;
  if (!html.includes(scriptTag) || !html.includes('<body>')) throw new Error('previewDocumentHtml changed shape; update the test page');
  return html
    .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme-${theme}.css">\n<link rel="stylesheet"`)
    .replace('<body>', `<body class="vscode-${theme}" data-vscode-theme-kind="vscode-${theme}">`)
    .replace(scriptTag, `<script nonce="${nonce}" src="${origin}/vscode-api-stub.js"></script>\n${scriptTag}`);
}
