import { strict as assert } from 'node:assert';
import { missingBundleHtml, previewDocumentHtml, webviewNonce } from '../../../src/core/editor/previewDocument';

const parts = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/preview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/preview.css',
  nonce: 'abc123+/=',
  title: 'Hardening Preview: <img src=x onerror=alert(1)>',
};

function csp(html: string): string {
  const match = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  assert.ok(match, 'no CSP meta tag');
  return match[1].replace(/&#39;|&apos;/g, "'");
}

describe('the preview HTML shell', () => {
  const html = previewDocumentHtml(parts);

  it("denies everything by default and allows scripts only with the nonce", () => {
    const policy = csp(html);
    assert.match(policy, /^default-src 'none';/);
    assert.match(policy, /script-src 'nonce-abc123\+\/='(;|$)/);
    assert.match(policy, new RegExp(`style-src ${parts.cspSource.replace(/[.+]/g, '\\$&')}(;|$)`));
    assert.ok(!policy.includes('unsafe-inline'));
    assert.ok(!policy.includes('unsafe-eval'));
  });

  it('has one script, external and nonced, and no inline script or style', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="abc123+/=" src="${parts.scriptUri}">`]);
    assert.ok(!/<script[^>]*>[^<]+<\/script>/.test(html), 'inline script content');
    assert.ok(!/<style\b/.test(html) && !/\sstyle=/.test(html), 'inline style');
    assert.ok(html.includes(`<link rel="stylesheet" href="${parts.styleUri}">`));
    assert.ok(html.includes('<div id="app"></div>'));
  });

  it('escapes the title, which names an image', () => {
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('<title>Hardening Preview: &lt;img src=x onerror=alert(1)&gt;</title>'));
    assert.ok(!missingBundleHtml(parts.cspSource, parts.title).includes('<img'));
  });

  it('runs no script at all when the bundle is missing', () => {
    const missing = missingBundleHtml(parts.cspSource, 'x');
    assert.ok(!missing.includes('<script'));
    assert.match(csp(missing), /^default-src 'none'/);
  });

  it('makes a fresh, long nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => webviewNonce()));
    assert.equal(nonces.size, 100);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9+/]{24}$/);
  });
});
