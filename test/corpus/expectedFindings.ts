/**
 * The corpus judged: each `dockerfiles/<name>.Dockerfile` has `expected/<name>.yaml` saying which
 * findings a careful reviewer expects (and which must not appear), and `contexts/<name>/` holds its
 * build context when the file needs one. Used by the unit test (every difference fails) and by
 * `bench/lintPrecision.bench.ts` (precision and recall per rule).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { directoryContext } from '../../src/core/dockerfile/buildContext';
import type { Finding } from '../../src/core/dockerfile/finding';
import { lintDockerfile } from '../../src/core/dockerfile/lintDockerfile';

export const corpusRoot = __dirname;
const dockerfiles = join(corpusRoot, 'dockerfiles');

export type FixKind = 'safe' | 'review' | 'none';

/** One expected finding: a rule at a 1-based line, and optionally the kind of its first fix. */
export interface Expectation {
  readonly rule: string;
  readonly line: number;
  readonly fix?: FixKind;
  /** Why a safe fix would break the build here (a trap the fix must not fall into). */
  readonly trap?: string;
}

export interface ExpectedFindings {
  /** What the Dockerfile is modelled on. */
  readonly about: string;
  readonly findings: readonly Expectation[];
  /** Findings that must not appear: a rule at a line, or a rule anywhere (no line). */
  readonly not: readonly { readonly rule: string; readonly line?: number }[];
  /** Reported but judged wrong: known false positives, counted against precision. */
  readonly wrong: readonly Expectation[];
  /** Expected but not reported: known misses, counted against recall. */
  readonly missed: readonly Expectation[];
}

export interface CorpusFile {
  readonly name: string;
  readonly text: string;
  readonly expected: ExpectedFindings | undefined;
  readonly contextDirectory: string | undefined;
}

/** Every corpus Dockerfile, with its expectations and build context when it has them. */
export function loadCorpus(): CorpusFile[] {
  return readdirSync(dockerfiles)
    .filter((name) => name.endsWith('.Dockerfile'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.Dockerfile$/, '');
      const expectedPath = join(corpusRoot, 'expected', `${name}.yaml`);
      const contextDirectory = join(corpusRoot, 'contexts', name);
      return {
        name,
        text: readFileSync(join(dockerfiles, file), 'utf8'),
        expected: existsSync(expectedPath) ? readExpected(readFileSync(expectedPath, 'utf8'), expectedPath) : undefined,
        contextDirectory: existsSync(contextDirectory) ? contextDirectory : undefined,
      };
    });
}

/** Lints a corpus file as `harden lint` would, with its build context. */
export function lintCorpusFile(file: CorpusFile): Finding[] {
  return lintDockerfile(file.text, { buildContext: file.contextDirectory ? directoryContext(file.contextDirectory) : undefined });
}

function readExpected(text: string, path: string): ExpectedFindings {
  const document = parse(text) as Record<string, unknown> | null;
  if (!document || typeof document !== 'object') throw new Error(`${path}: expected a mapping`);
  const known = new Set(['about', 'findings', 'not', 'wrong', 'missed']);
  for (const key of Object.keys(document)) if (!known.has(key)) throw new Error(`${path}: unknown key ${key}`);
  if (typeof document['about'] !== 'string') throw new Error(`${path}: \`about\` must say what the file is modelled on`);
  const list = (key: string): Expectation[] => {
    const value = document[key] ?? [];
    if (!Array.isArray(value)) throw new Error(`${path}: \`${key}\` must be a list`);
    return value.map((entry: unknown) => expectation(entry, `${path}: ${key}`, key !== 'not'));
  };
  return { about: document['about'], findings: list('findings'), not: list('not'), wrong: list('wrong'), missed: list('missed') };
}

function expectation(entry: unknown, where: string, lineRequired: boolean): Expectation {
  if (!entry || typeof entry !== 'object') throw new Error(`${where}: ${JSON.stringify(entry)} is not {rule, line}`);
  const { rule, line, fix, trap, ...rest } = entry as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new Error(`${where}: unknown keys ${Object.keys(rest).join(', ')}`);
  if (typeof rule !== 'string' || !/^HX\d{3}$/.test(rule)) throw new Error(`${where}: bad rule ${JSON.stringify(rule)}`);
  if (line !== undefined && (typeof line !== 'number' || line < 1)) throw new Error(`${where}: bad line ${JSON.stringify(line)}`);
  if (lineRequired && line === undefined) throw new Error(`${where}: ${rule} needs a line`);
  if (fix !== undefined && fix !== 'safe' && fix !== 'review' && fix !== 'none') throw new Error(`${where}: fix must be safe, review or none`);
  if (trap !== undefined && typeof trap !== 'string') throw new Error(`${where}: trap must say why`);
  return { rule, line: line as number, fix: fix as FixKind | undefined, trap: trap as string | undefined };
}

/** How one file's findings compare with what is expected. */
export interface Judgement {
  /** Reported and expected. */
  readonly truePositives: readonly Expectation[];
  /** Reported, judged wrong and known as such. */
  readonly knownWrong: readonly Expectation[];
  /** Expected, not reported, known as such. */
  readonly knownMissed: readonly Expectation[];
  /** Everything that disagrees with the expectations: a test failure. */
  readonly problems: readonly string[];
}

export function fixKind(finding: Finding): FixKind {
  const fix = finding.fixes[0];
  return fix === undefined ? 'none' : fix.safe ? 'safe' : 'review';
}

export function judge(findings: readonly Finding[], expected: ExpectedFindings): Judgement {
  const reported = findings.map((finding) => ({ rule: finding.ruleId, line: finding.range.start.line + 1, fix: fixKind(finding) }));
  const unmatched = [...reported];
  const take = (entry: Expectation): (typeof reported)[number] | undefined => {
    const index = unmatched.findIndex((candidate) => candidate.rule === entry.rule && candidate.line === entry.line);
    return index === -1 ? undefined : unmatched.splice(index, 1)[0];
  };
  const problems: string[] = [];
  const truePositives: Expectation[] = [];
  for (const entry of expected.findings) {
    const found = take(entry);
    if (!found) problems.push(`missing ${entry.rule} at line ${entry.line}`);
    else {
      truePositives.push(entry);
      if (entry.fix && entry.fix !== found.fix) problems.push(`${entry.rule} at line ${entry.line}: fix is ${found.fix}, expected ${entry.fix}`);
    }
  }
  const knownWrong: Expectation[] = [];
  for (const entry of expected.wrong) {
    if (take(entry)) knownWrong.push(entry);
    else problems.push(`${entry.rule} at line ${entry.line} is listed as wrong but no longer reported: move it out of \`wrong\``);
  }
  const knownMissed: Expectation[] = [];
  for (const entry of expected.missed) {
    if (reported.some((candidate) => candidate.rule === entry.rule && candidate.line === entry.line)) {
      problems.push(`${entry.rule} at line ${entry.line} is listed as missed but reported: move it to \`findings\``);
    } else knownMissed.push(entry);
  }
  for (const entry of expected.not) {
    if (reported.some((candidate) => candidate.rule === entry.rule && (entry.line === undefined || candidate.line === entry.line))) {
      problems.push(`${entry.rule}${entry.line ? ` at line ${entry.line}` : ''} must not be reported`);
    }
  }
  for (const extra of unmatched) problems.push(`unexpected ${extra.rule} at line ${extra.line} (fix: ${extra.fix})`);
  return { truePositives, knownWrong, knownMissed, problems: [...new Set(problems)] };
}

export interface RuleScore {
  readonly rule: string;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
}

/** Precision and recall per rule over the whole corpus (expected vs reported). */
export function scoreCorpus(files: readonly CorpusFile[]): RuleScore[] {
  const scores = new Map<string, { truePositives: number; falsePositives: number; falseNegatives: number }>();
  const score = (rule: string) => {
    let entry = scores.get(rule);
    if (!entry) scores.set(rule, (entry = { truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    return entry;
  };
  for (const file of files) {
    if (!file.expected) continue;
    const judgement = judge(lintCorpusFile(file), file.expected);
    for (const entry of judgement.truePositives) score(entry.rule).truePositives += 1;
    for (const entry of judgement.knownWrong) score(entry.rule).falsePositives += 1;
    for (const entry of judgement.knownMissed) score(entry.rule).falseNegatives += 1;
    // Differences nobody listed count too, so the figures never look better than the test.
    for (const problem of judgement.problems) {
      const unexpected = /^unexpected (HX\d{3})/.exec(problem);
      const missing = /^missing (HX\d{3})/.exec(problem);
      if (unexpected?.[1]) score(unexpected[1]).falsePositives += 1;
      if (missing?.[1]) score(missing[1]).falseNegatives += 1;
    }
  }
  return [...scores].map(([rule, counts]) => ({ rule, ...counts })).sort((a, b) => a.rule.localeCompare(b.rule));
}

export function precision(score: Pick<RuleScore, 'truePositives' | 'falsePositives'>): number {
  const reported = score.truePositives + score.falsePositives;
  return reported === 0 ? 1 : score.truePositives / reported;
}

export function recall(score: Pick<RuleScore, 'truePositives' | 'falseNegatives'>): number {
  const expected = score.truePositives + score.falseNegatives;
  return expected === 0 ? 1 : score.truePositives / expected;
}
