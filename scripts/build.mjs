// Bundles the `harden` command line into dist/cli.js.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  // ssh2 loads optional native accelerators inside try/catch; they are not needed.
  external: ['cpu-features', '*.node'],
  logLevel: 'warning',
});
