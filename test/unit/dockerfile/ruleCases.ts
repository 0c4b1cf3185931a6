import { strict as assert } from 'node:assert';
import { DockerfileParser } from 'dockerfile-ast';
import { applyTextEdits } from '../../../src/core/dockerfile/applyFixes';
import type { Finding, Fix } from '../../../src/core/dockerfile/finding';
import type { LintConfig } from '../../../src/core/dockerfile/lintConfig';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';
import type { Rule } from '../../../src/core/dockerfile/rule';
import { ruleById } from '../../../src/core/dockerfile/rules/index';

/** A fix case: the Dockerfile before, and exactly what it must be after the named fix. */
export interface FixCase {
  readonly before: string;
  readonly after: string;
  /** A fix title starts with this (defaults to the first fix offered). */
  readonly title?: string;
  /** The fix is expected to be offered as safe (applied by --fix) or as review-only. */
  readonly safe: boolean;
}

export interface RuleCases {
  /** Each Dockerfile triggers the rule. */
  readonly flags: readonly string[];
  /** Each Dockerfile does not. */
  readonly passes: readonly string[];
  readonly fixes?: readonly FixCase[];
  /** Where the rule has no fix for a flagged case, say so. */
  readonly noFix?: readonly string[];
}

/** Lints with one rule, switched on at its default severity even if it ships off. */
export function lintWith(rule: Rule, text: string): Finding[] {
  const config: LintConfig = { source: undefined, rules: new Map([[rule.id, rule.defaultSeverity]]) };
  return lintDockerfile(text, { rules: [rule], config });
}

/**
 * Everything wrong with one fix case: the fix missing or of the wrong kind, a result other than
 * `after`, a result that does not parse, still triggers the rule, or changed bytes outside its edits.
 */
export function fixProblems(rule: Rule, fixCase: FixCase): string[] {
  const problems: string[] = [];
  const findings = lintWith(rule, fixCase.before);
  const fix = findings.flatMap((finding) => finding.fixes).find((candidate) => fixCase.title === undefined || candidate.title.startsWith(fixCase.title));
  if (!fix) return [`no fix${fixCase.title ? ` titled "${fixCase.title}…"` : ''} offered`];
  if (fix.safe !== fixCase.safe) problems.push(`fix "${fix.title}" is ${fix.safe ? 'safe' : 'review-only'}`);
  const after = applyTextEdits(fixCase.before, fix.edits);
  if (after !== fixCase.after) problems.push(`fixed text differs:\n${JSON.stringify(after)}\nexpected\n${JSON.stringify(fixCase.after)}`);
  try {
    DockerfileParser.parse(after);
  } catch (error) {
    problems.push(`fixed text does not parse: ${String(error)}`);
  }
  const remaining = lintWith(rule, after);
  if (remaining.length >= findings.length) problems.push(`the rule still triggers after the fix: ${remaining[0]?.message ?? ''}`);
  problems.push(...outsideEditChanges(fixCase.before, after, fix));
  return problems;
}

/** Bytes before the first edit and after the last one must be untouched. */
export function outsideEditChanges(before: string, after: string, fix: Fix): string[] {
  const lines = before.split('\n');
  const offset = (line: number, character: number): number =>
    lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0) + character + (before.startsWith('\uFEFF') ? 1 : 0);
  const starts = fix.edits.map((edit) => offset(edit.range.start.line, edit.range.start.character));
  const ends = fix.edits.map((edit) => offset(edit.range.end.line, edit.range.end.character));
  const first = Math.min(...starts);
  const last = Math.max(...ends);
  const problems: string[] = [];
  if (after.slice(0, first) !== before.slice(0, first)) problems.push('text before the edits changed');
  if (after.slice(after.length - (before.length - last)) !== before.slice(last)) problems.push('text after the edits changed');
  return problems;
}

/** The standard tests of a rule: it flags, it passes, and each fix is exact. */
export function describeRule(id: string, cases: RuleCases): void {
  const rule = ruleById(id);
  describe(`${id} ${rule?.name ?? '(missing)'}`, () => {
    it('exists in the registry', () => assert.ok(rule, `${id} is not registered`));
    if (!rule) return;
    cases.flags.forEach((text, index) => {
      it(`flags case ${index + 1}`, () => {
        assert.ok(lintWith(rule, text).length > 0, `expected ${id} on:\n${text}`);
      });
    });
    cases.passes.forEach((text, index) => {
      it(`passes case ${index + 1}`, () => {
        assert.deepEqual(lintWith(rule, text).map((finding) => finding.message), [], `expected no ${id} on:\n${text}`);
      });
    });
    (cases.fixes ?? []).forEach((fixCase, index) => {
      it(`fix ${index + 1} gives the exact text, parses, no longer triggers, keeps the rest`, () => {
        assert.deepEqual(fixProblems(rule, fixCase), []);
      });
    });
    (cases.noFix ?? []).forEach((text, index) => {
      it(`offers no fix where none is sound (case ${index + 1})`, () => {
        const findings = lintWith(rule, text);
        assert.ok(findings.length > 0, `expected ${id} on:\n${text}`);
        assert.deepEqual(findings.flatMap((finding) => finding.fixes), []);
      });
    });
  });
}
