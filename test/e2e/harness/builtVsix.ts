import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, where `npm run package` leaves the .vsix. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * The newest `<name>-*.vsix` at the repository root. The suite builds nothing itself: it tests
 * what `npm run build && npm run package` produced, and says so when there is none.
 */
export function builtVsix(name: string, dir = REPO_ROOT): string {
  const candidates = readdirSync(dir)
    .filter((file) => file.startsWith(`${name}-`) && file.endsWith('.vsix'))
    .map((file) => join(dir, file))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (candidates.length === 0) {
    throw new Error(`no ${name}-*.vsix in ${dir}: run \`npm run build && npm run package\` first`);
  }
  return candidates[0];
}
