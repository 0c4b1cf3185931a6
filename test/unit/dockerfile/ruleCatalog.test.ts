import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleAnchor } from '../../../src/core/dockerfile/ruleDocs';
import { allRules } from '../../../src/core/dockerfile/rules/index';
import { fixProblems, lintWith } from './ruleCases';
import { ruleById } from '../../../src/core/dockerfile/rules/index';

const ruleTests = readdirSync(join(__dirname, 'rules'))
  .map((name) => readFileSync(join(__dirname, 'rules', name), 'utf8'))
  .join('\n');

describe('the rule catalog', () => {
  it('has at least 20 rules with unique, well-formed ids and names', () => {
    assert.ok(allRules.length >= 20);
    assert.equal(new Set(allRules.map((rule) => rule.id)).size, allRules.length);
    assert.equal(new Set(allRules.map((rule) => rule.name)).size, allRules.length);
    for (const rule of allRules) {
      assert.match(rule.id, /^HX\d{3}$/);
      assert.match(rule.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('gives every rule its own tests', () => {
    const untested = allRules.filter((rule) => !ruleTests.includes(`describeRule('${rule.id}'`));
    assert.deepEqual(untested.map((rule) => rule.id), []);
  });

  it('documents every rule in the README under its anchor', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const missing = allRules.filter((rule) => !readme.includes(`<a id="${ruleAnchor(rule)}"></a>`));
    assert.deepEqual(missing.map((rule) => rule.id), []);
  });
});

describe('the rule test helpers can fail', () => {
  const rule = ruleById('HX009');
  const before = 'FROM alpine\nRUN apk add curl\n';

  it('report a fixed text that differs by one byte', () => {
    assert.ok(rule);
    assert.ok(fixProblems(rule, { before, after: 'FROM alpine\nRUN apk add --no-cache  curl\n', safe: true }).some((problem) => problem.startsWith('fixed text differs')));
  });

  it('report a fix of the wrong kind, or a missing fix', () => {
    assert.ok(rule);
    assert.deepEqual(fixProblems(rule, { before, after: 'FROM alpine\nRUN apk add --no-cache curl\n', safe: false }), ['fix "Add --no-cache" is safe']);
    assert.deepEqual(fixProblems(rule, { before: 'FROM alpine\nRUN apk add --no-cache curl\n', after: '', safe: true }), ['no fix offered']);
  });

  it('see a rule that does not trigger', () => {
    assert.ok(rule);
    assert.equal(lintWith(rule, 'FROM alpine\nRUN apk add --no-cache curl\n').length, 0);
  });
});
