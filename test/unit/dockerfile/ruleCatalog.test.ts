import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../../../src/core/dockerfile/rule';
import { ruleDocsFile, ruleDocsPath } from '../../../src/core/dockerfile/ruleDocs';
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

  it('documents every rule in media/rules, shipped with the extension and the CLI, in step with the rule', () => {
    const problems = allRules.flatMap((rule) => docsProblems(rule));
    assert.deepEqual(problems, []);
    const extra = readdirSync(join(root, 'media', 'rules')).filter((name) => !allRules.some((rule) => `${rule.id}.md` === name));
    assert.deepEqual(extra, [], 'documentation of rules that do not exist');
    assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!media\/\*\*$/m, 'the .vsix takes media/');
  });

  it('lists every rule in the README table, linked to its documentation, with its summary and default', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const missing = allRules.filter((rule) => {
      const row = readme.split('\n').find((line) => line.startsWith(`| [${rule.id}](${ruleDocsPath(rule)}) |`));
      const severity = rule.enabledByDefault ? rule.defaultSeverity : `off (${rule.defaultSeverity})`;
      return !row?.includes(` | ${severity} | ${rule.summary.replace(/\|/g, '\\|')} | `);
    });
    assert.deepEqual(missing.map((rule) => rule.id), []);
  });
});

const root = join(__dirname, '..', '..', '..');

/** The documentation's heading, summary, default and related ids must say what the rule says. */
function docsProblems(rule: Rule): string[] {
  const file = ruleDocsFile(rule);
  if (!existsSync(file)) return [`${rule.id}: ${file} is missing`];
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  if (!text.startsWith(`# ${rule.id} ${rule.name}\n`)) problems.push(`${rule.id}: heading is not "# ${rule.id} ${rule.name}"`);
  if (!text.includes(`*${rule.summary}.*`)) problems.push(`${rule.id}: the summary differs from the rule's`);
  const severity = rule.enabledByDefault ? `Default: **${rule.defaultSeverity}**` : `Default: **off** (${rule.defaultSeverity} when enabled)`;
  if (!text.includes(severity)) problems.push(`${rule.id}: "${severity}" is missing`);
  for (const id of Object.values(rule.related).flat()) if (!text.includes(id)) problems.push(`${rule.id}: related ${id} is not named`);
  for (const section of ['## Why it matters', '## What is judged', '## Fix', '## Ignore']) if (!text.includes(section)) problems.push(`${rule.id}: no "${section}"`);
  return problems;
}

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
