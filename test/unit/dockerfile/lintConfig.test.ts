import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLintConfigFile, loadLintConfig, parseLintConfig } from '../../../src/core/dockerfile/lintConfig';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';
import { ruleIds } from '../../../src/core/dockerfile/rules/index';
import { isHardenError } from '../../../src/core/errors';

const parse = (text: string) => parseLintConfig(text, '.harden.yaml', ruleIds);

describe('lint config', () => {
  it('reads lint.rules and ignores other top-level keys', () => {
    const config = parse('profile:\n  seconds: 30\nlint:\n  rules:\n    HX009: off\n    hx023: error\n    HX004: info\n');
    assert.deepEqual([...config.rules], [['HX009', 'off'], ['HX023', 'error'], ['HX004', 'info']]);
  });

  it('turns rules off, on, and changes severity when linting', () => {
    const text = 'FROM node\nRUN apk add curl\n';
    const config = parse('lint:\n  rules:\n    HX009: off\n    HX023: error\n    HX004: info\n');
    const findings = lintDockerfile(text, { config });
    assert.ok(!findings.some((finding) => finding.ruleId === 'HX009'));
    assert.equal(findings.find((finding) => finding.ruleId === 'HX023')?.severity, 'error');
    assert.equal(findings.find((finding) => finding.ruleId === 'HX004')?.severity, 'info');
    assert.ok(!lintDockerfile(text).some((finding) => finding.ruleId === 'HX023'), 'HX023 is off by default');
  });

  it('accepts an empty file or one without lint', () => {
    assert.equal(parse('').rules.size, 0);
    assert.equal(parse('verify:\n  x: 1\n').rules.size, 0);
  });

  for (const [what, text] of [
    ['invalid YAML', 'lint: [\n'],
    ['an unknown rule', 'lint:\n  rules:\n    HX999: off\n'],
    ['an unknown severity', 'lint:\n  rules:\n    HX001: loud\n'],
    ['rules as a list', 'lint:\n  rules:\n    - HX001\n'],
    ['an unknown key under lint', 'lint:\n  rule:\n    HX001: off\n'],
  ] as const) {
    it(`rejects ${what} with one line naming the file (usage error)`, () => {
      assert.throws(() => parse(text), (error: unknown) => isHardenError(error) && error.kind === 'usage' && error.message.startsWith('.harden.yaml: ') && !error.message.includes('\n'));
    });
  }

  describe('lookup', () => {
    let root: string;
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'harden-lint-config-'));
      mkdirSync(join(root, 'repo', '.git'), { recursive: true });
      mkdirSync(join(root, 'repo', 'services', 'api'), { recursive: true });
      writeFileSync(join(root, '.harden.yaml'), 'lint:\n  rules:\n    HX001: off\n');
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('stops at the git root, so a file above the repository is not used', () => {
      assert.equal(findLintConfigFile(join(root, 'repo', 'services', 'api')), undefined);
    });

    it('finds the nearest file walking up from the Dockerfile folder', () => {
      writeFileSync(join(root, 'repo', '.harden.yaml'), 'lint:\n  rules:\n    HX009: warning\n');
      assert.equal(findLintConfigFile(join(root, 'repo', 'services', 'api')), join(root, 'repo', '.harden.yaml'));
      assert.equal(loadLintConfig(join(root, 'repo', 'services', 'api'), ruleIds).rules.get('HX009'), 'warning');
    });
  });
});
