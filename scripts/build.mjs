// Bundles the `harden` command line (dist/cli.js), the VS Code extension (dist/extension.js) and the
// Hardening Preview webview (dist/webview/preview.js + preview.css), and compiles the init the
// hardened images run (dist/init/harden-init-<arch>, next to the bundles that copy it into images).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

// C, not TypeScript: scripts/build-init.sh compiles it with musl only when a source changed.
execFileSync('bash', ['scripts/build-init.sh'], { stdio: 'inherit' });

// Optional modules loaded inside try/catch that Harden does without: ssh2's native accelerators,
// and the XML writer of @cyclonedx/cyclonedx-library (Harden writes its SBOMs as JSON).
const optionalModules = ['cpu-features', '*/sshcrypto.node', 'xmlbuilder2'];

const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
};

await build({
  ...nodeBundle,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
  external: optionalModules,
});

// The extension: the editor provides `vscode`; everything else is bundled, so the .vsix ships no
// node_modules. The Docker-facing code is a second bundle, dist/engine.js, that the extension
// requires on first use (src/extension/engineModules.ts), so activation does not load dockerode.
await build({
  ...nodeBundle,
  entryPoints: ['src/extension/extension.ts'],
  outfile: 'dist/extension.js',
  // The activation time the extension logs starts here, so it includes loading the bundle.
  banner: { js: 'var __hardenLoadStart = performance.now();' },
  external: ['vscode', './engine.js', ...optionalModules],
  minify: true,
});
await build({
  ...nodeBundle,
  entryPoints: ['src/extension/engineExports.ts'],
  outfile: 'dist/engine.js',
  external: optionalModules,
  minify: true,
});

await buildWebview();

async function buildWebview() {
  const entry = 'webview/src/main.ts';
  if (!existsSync(entry)) {
    console.warn(`build: ${entry} does not exist yet; skipping the webview bundle (dist/webview/).`);
    return;
  }
  rmSync('dist/webview', { recursive: true, force: true });
  await build({
    entryPoints: { preview: entry },
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    tsconfig: 'webview/tsconfig.json',
    sourcemap: 'linked',
    minify: true,
    logLevel: 'warning',
  });
  // A stylesheet imported by main.ts comes out as dist/webview/preview.css already; a standalone one
  // in media/ is bundled on its own.
  const stylesheet = 'media/preview.css';
  if (!existsSync('dist/webview/preview.css') && existsSync(stylesheet)) {
    await build({ entryPoints: { preview: stylesheet }, outdir: 'dist/webview', bundle: true, minify: true, logLevel: 'warning' });
  }
}
