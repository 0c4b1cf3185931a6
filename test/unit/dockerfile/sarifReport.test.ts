import { strict as assert } from 'node:assert';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';
import { allRules } from '../../../src/core/dockerfile/rules/index';
import { sarifReport } from '../../../src/core/dockerfile/sarifReport';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: Array<{ physicalLocation: { region: Region } }>;
  fixes?: Array<{ artifactChanges: Array<{ replacements: Array<{ deletedRegion: Region; insertedContent: { text: string } }> }> }>;
}

function report(text: string) {
  const log = sarifReport([{ uri: 'app/Dockerfile', findings: lintDockerfile(text) }], allRules, '0.1.0') as {
    runs: Array<{ tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { enabled: boolean } }> } }; results: SarifResult[] }>;
  };
  const [run] = log.runs;
  assert.ok(run);
  return run;
}

describe('SARIF report', () => {
  it('lists every rule, with the off-by-default ones marked disabled', () => {
    const run = report('FROM alpine\n');
    assert.equal(run.tool.driver.rules.length, allRules.length);
    assert.equal(run.tool.driver.rules.find((rule) => rule.id === 'HX023')?.defaultConfiguration.enabled, false);
  });

  it('gives 1-based regions, levels, rule indexes and the fix as a replacement', () => {
    const run = report('FROM alpine\nRUN apk add curl\nUSER 1\n');
    const result = run.results.find((candidate) => candidate.ruleId === 'HX009');
    assert.ok(result);
    assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, 'HX009');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0]?.physicalLocation.region, { startLine: 2, startColumn: 5, endLine: 2, endColumn: 12 });
    const replacement = result.fixes?.[0]?.artifactChanges[0]?.replacements[0];
    assert.deepEqual(replacement, { deletedRegion: { startLine: 2, startColumn: 12, endLine: 2, endColumn: 12 }, insertedContent: { text: ' --no-cache' } });
  });

  it('maps info to the SARIF level note', () => {
    const run = report('FROM debian:12\nRUN apt update\nUSER 1\n');
    assert.equal(run.results.find((candidate) => candidate.ruleId === 'HX026')?.level, 'note');
  });
});
