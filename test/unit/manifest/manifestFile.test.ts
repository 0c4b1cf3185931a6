import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document } from 'yaml';
import { HardenError } from '../../../src/core/errors';
import { manifestToJson, manifestToYaml, parseManifest, readManifestFile } from '../../../src/core/manifest/manifestFile';
import { assertGolden, FIXTURES, loadFixtureManifest, validManifestFixtures } from '../generate/goldenFiles';
import { rawUnprintables } from '../untrustedText';

function manifestError(action: () => unknown): HardenError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof HardenError, `expected a HardenError, got ${String(error)}`);
    assert.equal(error.kind, 'manifest-invalid');
    return error;
  }
  return assert.fail('expected the manifest to be rejected');
}

describe('manifest file', () => {
  describe('round trip', () => {
    for (const fixture of validManifestFixtures()) {
      it(`keeps every value of ${fixture.name} through YAML and through JSON`, () => {
        assert.deepEqual(parseManifest(manifestToYaml(fixture.manifest), 'again.yaml'), fixture.manifest);
        assert.deepEqual(parseManifest(manifestToJson(fixture.manifest), 'again.json'), fixture.manifest);
      });
    }

    it('keeps strings that look like numbers, booleans or dates as strings', () => {
      const manifest = loadFixtureManifest('python-app-nonroot');
      manifest.image.env = ['DEBUG=yes', 'on', '0755', '1e3', 'null', '2025-01-01', '~', 'a: b', '#x'];
      manifest.writablePaths[1].reason = '  leading spaces and a "quote"\nand a second line';
      assert.deepEqual(parseManifest(manifestToYaml(manifest), 'again.yaml'), manifest);
    });

    it('writes strings with line breaks and control characters double-quoted, escaped, and reads them back', () => {
      const manifest = loadFixtureManifest('python-app-nonroot');
      const hostile = ['/srv/a\u0085b: c', 'x\u2028y', 'x\u2029y', 'c1\u009b', 'del\x7f', 'bidi\u202eexe', 'cr\rlf\n', '\ufeffbom'];
      manifest.image.env = hostile;
      const text = manifestToYaml(manifest, `harden profile --env 'A=\u0085b: c'`);
      assert.deepEqual(rawUnprintables(text), []);
      assert.ok(text.includes('- "/srv/a\\x85b: c"'), 'NEL is not written as \\x85 in double quotes');
      assert.deepEqual(parseManifest(text, 'again.yaml'), manifest);
      assert.ok(rawUnprintables(new Document(manifest).toString()).length > 0, "the yaml package's own output keeps them raw");
    });

    it('heads the YAML with the command that wrote it', () => {
      const text = manifestToYaml(loadFixtureManifest('debian-nginx-root'), 'harden profile nginx --probe http:80/');
      assert.match(text.split('\n')[0], /^# Written by `harden profile nginx --probe http:80\/` \(harden 0\.1\.0, 2025-01-15T10:00:14\.000Z\)\.$/);
    });

    it('refuses to write a manifest that would not read back', () => {
      const manifest = loadFixtureManifest('debian-nginx-root');
      (manifest.writablePaths[0] as { kind: string }).kind = 'temporary';
      const error = manifestError(() => manifestToYaml(manifest));
      assert.match(error.message, /writablePaths\[0\]\.kind is "temporary"/);
    });
  });

  describe('rejects, in one sentence', () => {
    for (const name of ['corrupt-yaml', 'unknown-version', 'missing-field']) {
      it(`the ${name} fixture`, () => {
        const text = readFileSync(join(FIXTURES, name, 'manifest.yaml'), 'utf8');
        const error = manifestError(() => parseManifest(text, 'manifest.yaml'));
        assertGolden(join(FIXTURES, name, 'expected-error.txt'), `${error.message}\n`);
      });
    }

    it('a file that cannot be read', async () => {
      await assert.rejects(readManifestFile('/nonexistent/manifest.yaml'), {
        name: 'HardenError',
        kind: 'manifest-invalid',
        message: 'Cannot read the manifest /nonexistent/manifest.yaml: no such file or directory.',
      });
    });

    const cases: Array<[string, string, string]> = [
      ['an empty file', '', 'manifest.yaml is empty; this version of harden reads schemaVersion 1.'],
      ['a list', '- 1\n', 'manifest.yaml is not a harden manifest (expected a YAML mapping); this version of harden reads schemaVersion 1.'],
      ['a missing schemaVersion', 'image: {}\n', 'manifest.yaml has no schemaVersion; this version of harden reads schemaVersion 1.'],
      ['a version given as text', 'schemaVersion: "1"\n', 'manifest.yaml has schemaVersion "1"; this version of harden reads schemaVersion 1.'],
      ['a duplicate key', 'schemaVersion: 1\nschemaVersion: 1\n', 'manifest.yaml is not valid YAML at line 2, column 1: Map keys must be unique.'],
    ];
    for (const [what, text, message] of cases) {
      it(what, () => assert.equal(manifestError(() => parseManifest(text, 'manifest.yaml')).message, message));
    }
  });
});
