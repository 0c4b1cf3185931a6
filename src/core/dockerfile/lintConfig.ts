import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { HardenError } from '../errors';
import { type Severity, severities } from './finding';

export const CONFIG_FILE_NAME = '.harden.yaml';

export type RuleSetting = Severity | 'off';

/** The `lint:` part of `.harden.yaml`: rules turned off or given another severity. */
export interface LintConfig {
  /** Where it was read from, for messages; undefined for the built-in defaults. */
  readonly source: string | undefined;
  readonly rules: ReadonlyMap<string, RuleSetting>;
}

export const defaultLintConfig: LintConfig = { source: undefined, rules: new Map() };

/** Reads `lint.rules` and rejects anything it does not understand, naming the file. */
export function parseLintConfig(text: string, source: string, knownRuleIds: ReadonlySet<string>): LintConfig {
  const fail = (problem: string): never => {
    throw new HardenError('usage', `${source}: ${problem}`);
  };
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fail(`not valid YAML: ${reason}`);
  }
  if (document === null || document === undefined) return { source, rules: new Map() };
  if (!isRecord(document)) return fail('expected a mapping at the top level');
  const lint = document['lint'];
  if (lint === undefined || lint === null) return { source, rules: new Map() };
  if (!isRecord(lint)) return fail('`lint` must be a mapping');
  for (const key of Object.keys(lint)) if (key !== 'rules') fail(`unknown key \`lint.${key}\` (expected \`rules\`)`);
  const rules = lint['rules'];
  if (rules === undefined || rules === null) return { source, rules: new Map() };
  if (!isRecord(rules)) return fail('`lint.rules` must map rule ids to off, error, warning or info');
  const settings = new Map<string, RuleSetting>();
  for (const [id, value] of Object.entries(rules)) {
    const ruleId = id.toUpperCase();
    if (!knownRuleIds.has(ruleId)) fail(`unknown rule \`${id}\` in \`lint.rules\``);
    const setting = value === false ? 'off' : value;
    if (setting !== 'off' && !severities.includes(setting as Severity)) {
      fail(`\`lint.rules.${id}\` is ${JSON.stringify(value)}; expected off, error, warning or info`);
    }
    settings.set(ruleId, setting as RuleSetting);
  }
  return { source, rules: settings };
}

/** `.harden.yaml` in the directory or the nearest parent, stopping at the git root. */
export function findLintConfigFile(startDirectory: string): string | undefined {
  for (let directory = startDirectory; ; directory = dirname(directory)) {
    const candidate = join(directory, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(directory, '.git')) || dirname(directory) === directory) return undefined;
  }
}

export function loadLintConfig(startDirectory: string, knownRuleIds: ReadonlySet<string>): LintConfig {
  const file = findLintConfigFile(startDirectory);
  if (!file) return defaultLintConfig;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HardenError('usage', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseLintConfig(text, file, knownRuleIds);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
