import { build } from 'esbuild';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..', '..');

export interface WebviewBundle {
  script: string;
  stylesheet: string;
}

let built: Promise<WebviewBundle> | undefined;

/**
 * The webview bundle built from source with the options scripts/build.mjs uses, once per test run,
 * so the tests never run a stale dist/webview.
 */
export function webviewBundle(): Promise<WebviewBundle> {
  built ??= buildBundle();
  return built;
}

async function buildBundle(): Promise<WebviewBundle> {
  const outdir = await mkdtemp(join(tmpdir(), 'harden-webview-'));
  await build({
    absWorkingDir: REPO,
    entryPoints: { preview: 'webview/src/main.ts' },
    outdir,
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    tsconfig: 'webview/tsconfig.json',
    minify: true,
    logLevel: 'warning',
  });
  return {
    script: await readFile(join(outdir, 'preview.js'), 'utf8'),
    stylesheet: await readFile(join(outdir, 'preview.css'), 'utf8'),
  };
}
