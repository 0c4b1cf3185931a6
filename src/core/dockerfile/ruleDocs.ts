import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Rule } from './rule';

/**
 * Every rule's documentation is a markdown file shipped with the extension (the .vsix takes
 * `media/**`) and the command line, so a link to it works offline: `media/rules/HX001.md`.
 */
export const RULE_DOCS_DIRECTORY = join('media', 'rules');

/** `media/rules/HX001.md`, relative to the package root. */
export function ruleDocsPath(rule: Pick<Rule, 'id'>): string {
  return join(RULE_DOCS_DIRECTORY, `${rule.id}.md`);
}

let root: string | null | undefined;

/**
 * The folder that holds `media/rules`: the package root, found upwards from where this code runs
 * (`dist/` in the bundles, `src/core/dockerfile/` from sources).
 */
export function packageRoot(): string | undefined {
  if (root === undefined) {
    root = null;
    for (let directory = __dirname, depth = 0; depth < 6; directory = dirname(directory), depth += 1) {
      if (existsSync(join(directory, RULE_DOCS_DIRECTORY))) {
        root = directory;
        break;
      }
      if (dirname(directory) === directory) break;
    }
  }
  return root ?? undefined;
}

const files = new Map<string, string>();

/** The absolute path of the rule's documentation (relative to the package root if that cannot be found). */
export function ruleDocsFile(rule: Pick<Rule, 'id'>): string {
  let file = files.get(rule.id);
  if (file === undefined) {
    const base = packageRoot();
    file = base ? join(base, ruleDocsPath(rule)) : ruleDocsPath(rule);
    files.set(rule.id, file);
  }
  return file;
}

/** The rule's documentation as markdown, or undefined when the file is not there. */
export function ruleDocsMarkdown(rule: Pick<Rule, 'id'>): string | undefined {
  try {
    return readFileSync(ruleDocsFile(rule), 'utf8');
  } catch {
    return undefined;
  }
}
