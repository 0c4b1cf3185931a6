import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseManifest } from '../../../src/core/manifest/manifestFile';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';

/** Fixture directories: `<name>/manifest.yaml` plus the files generated from it, or `expected-error.txt`. */
export const FIXTURES = join(__dirname, '..', 'fixtures', 'manifests');

/** `UPDATE_GOLDEN=1 npm run test:unit` rewrites the expected files; review the diff before committing. */
const updating = process.env.UPDATE_GOLDEN === '1';

export function assertGolden(path: string, actual: string): void {
  if (updating) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `missing golden file ${path}; create it with UPDATE_GOLDEN=1 npm run test:unit`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${path} differs; if intended, run UPDATE_GOLDEN=1 npm run test:unit and review the diff`);
}

export interface ManifestFixture {
  name: string;
  directory: string;
  manifest: HardeningManifest;
}

/** The fixtures whose manifest is valid: every generator runs on each of them. */
export function validManifestFixtures(): ManifestFixture[] {
  return readdirSync(FIXTURES)
    .map((name) => ({ name, directory: join(FIXTURES, name) }))
    .filter(({ directory }) => existsSync(join(directory, 'manifest.yaml')) && !existsSync(join(directory, 'expected-error.txt')))
    .map(({ name, directory }) => ({ name, directory, manifest: loadFixtureManifest(name) }));
}

export function loadFixtureManifest(name: string): HardeningManifest {
  return parseManifest(readFileSync(join(FIXTURES, name, 'manifest.yaml'), 'utf8'), 'manifest.yaml');
}

/** A deep copy to edit in one test without touching the others. */
export function fixtureVariant(name: string, edit: (manifest: HardeningManifest) => void): HardeningManifest {
  const manifest = structuredClone(loadFixtureManifest(name));
  edit(manifest);
  return manifest;
}
