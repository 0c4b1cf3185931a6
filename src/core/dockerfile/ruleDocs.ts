import type { Rule } from './rule';

/** The README that documents every rule; each rule has an anchor there. */
export const RULES_README_URL = 'https://github.com/harden/harden/blob/main/README.md';

/** `hx001-shell-form-cmd`: the heading anchor GitHub makes of `#### HX001 shell-form-cmd`. */
export function ruleAnchor(rule: Pick<Rule, 'id' | 'name'>): string {
  return `${rule.id.toLowerCase()}-${rule.name}`;
}

export function ruleDocsUrl(rule: Pick<Rule, 'id' | 'name'>): string {
  return `${RULES_README_URL}#${ruleAnchor(rule)}`;
}
