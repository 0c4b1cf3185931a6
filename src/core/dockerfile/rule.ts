import type { Fix, Range, RelatedRules, Severity } from './finding';
import type { RuleContext } from './ruleContext';

/** What a rule says about one place; the engine adds id, severity and documentation. */
export interface RuleReport {
  readonly range: Range;
  /** The line of the instruction the report belongs to (where an ignore comment goes). */
  readonly instructionLine: number;
  readonly message: string;
  readonly fixes?: readonly Fix[];
}

export interface Rule {
  /** Stable id, `HX` and three digits. Never reused for another check. */
  readonly id: string;
  /** Short kebab-case name, also the README anchor suffix. */
  readonly name: string;
  /** One line: what the rule catches. */
  readonly summary: string;
  readonly defaultSeverity: Severity;
  /** Opinionated rules ship off; a config file turns them on. */
  readonly enabledByDefault: boolean;
  readonly related: RelatedRules;
  check(context: RuleContext): RuleReport[];
}
