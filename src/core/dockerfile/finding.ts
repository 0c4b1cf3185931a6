/**
 * Plain data a rule reports. The CLI prints it, the extension maps it to a Diagnostic and
 * CodeActions, so nothing here refers to the parser or to the editor.
 */

/** 0-based, as dockerfile-ast and the Language Server Protocol count. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  /** Safe fixes keep the image's behaviour and are the ones `harden lint --fix` applies. */
  readonly safe: boolean;
  readonly edits: readonly TextEdit[];
}

export type Severity = 'error' | 'warning' | 'info';

export const severities: readonly Severity[] = ['error', 'warning', 'info'];

/** The same check in the tools users already know. */
export interface RelatedRules {
  readonly hadolint?: readonly string[];
  readonly trivy?: readonly string[];
  readonly checkov?: readonly string[];
  readonly buildkit?: readonly string[];
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  /** The first line of the instruction the finding is about: where an ignore comment goes. */
  readonly instructionLine: number;
  /** The rule's documentation: the path of the markdown file shipped with Harden (it opens offline). */
  readonly docs: string;
  readonly related: RelatedRules;
  readonly fixes: readonly Fix[];
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function compareFindings(a: Finding, b: Finding): number {
  return comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId);
}
