import { cpSync } from 'node:fs';
import { join } from 'node:path';

/** The committed fixture workspace (test/e2e/workspace). */
export const FIXTURE_WORKSPACE = join(__dirname, '..', 'workspace');

/** Copies the fixture workspace into `parentDir`, so the tests may change it; returns the copy. */
export function copyFixtureWorkspace(parentDir: string, source = FIXTURE_WORKSPACE): string {
  const copy = join(parentDir, 'workspace');
  cpSync(source, copy, { recursive: true });
  return copy;
}
