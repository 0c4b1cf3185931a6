import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HardenError } from '../errors';

/**
 * The static harden-init for an engine architecture (`amd64`, `arm64`), as `npm run build` leaves it:
 * `dist/init/harden-init-<arch>` beside the bundle that runs (dist/cli.js, dist/engine.js), or the
 * checkout's dist/init when running from sources (tests). HARDEN_INIT_DIR names another folder
 * holding such builds, for an architecture this machine cannot compile.
 */
export function initBinaryPath(architecture: string, environment: NodeJS.ProcessEnv): string {
  const fileName = `harden-init-${architecture}`;
  const override = environment.HARDEN_INIT_DIR;
  const folders = override ? [override] : [join(__dirname, 'init'), join(__dirname, '..', '..', '..', 'dist', 'init')];
  const found = folders.map((folder) => join(folder, fileName)).find((path) => existsSync(path));
  if (found) return found;
  const remedy = override
    ? `put ${fileName} there (scripts/build-init.sh compiles it on Debian), or unset HARDEN_INIT_DIR`
    : `run \`npm run build\` on Debian (scripts/build-init.sh compiles amd64 and arm64 with musl), or set HARDEN_INIT_DIR to a folder holding ${fileName}`;
  throw new HardenError('init-unavailable', `No harden-init build for ${architecture} in ${folders[0]}; ${remedy}.`);
}
