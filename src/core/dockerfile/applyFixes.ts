import { DockerfileText } from './dockerfileText';
import type { Finding, TextEdit } from './finding';
import { lintDockerfile, type LintOptions } from './lintDockerfile';

export interface FixResult {
  readonly text: string;
  /** How many fixes were applied. */
  readonly applied: number;
}

interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * Applies the first safe fix of each finding in one pass. A fix whose edits overlap one already
 * taken is left for the next pass, so no two edits ever fight over the same text.
 */
export function applySafeFixes(source: string, findings: readonly Finding[]): FixResult {
  const text = new DockerfileText(source);
  const taken: OffsetEdit[] = [];
  let applied = 0;
  const candidates = findings
    .map((finding) => finding.fixes.find((fix) => fix.safe))
    .filter((fix) => fix !== undefined)
    .map((fix) => fix.edits.map((edit) => toOffsets(text, edit)));
  for (const edits of candidates) {
    if (edits.some((edit) => taken.some((other) => overlaps(edit, other)))) continue;
    if (edits.some((edit, index) => edits.some((other, otherIndex) => index !== otherIndex && overlaps(edit, other)))) continue;
    taken.push(...edits);
    applied += 1;
  }
  return { text: text.withBom(applyEdits(text.content, taken)), applied };
}

/** Lints and applies safe fixes until none is left (a few passes at most), as `--fix` does. */
export function fixDockerfile(source: string, options: LintOptions = {}, maxPasses = 10): FixResult {
  let text = source;
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass += 1) {
    const result = applySafeFixes(text, lintDockerfile(text, options));
    if (result.applied === 0 || result.text === text) break;
    text = result.text;
    applied += result.applied;
  }
  return { text, applied };
}

/** Applies non-overlapping edits to text (ranges without the BOM). */
export function applyTextEdits(source: string, edits: readonly TextEdit[]): string {
  const text = new DockerfileText(source);
  return text.withBom(applyEdits(text.content, edits.map((edit) => toOffsets(text, edit))));
}

function applyEdits(content: string, edits: readonly OffsetEdit[]): string {
  const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let output = '';
  let cursor = 0;
  for (const edit of ordered) {
    output += content.slice(cursor, edit.start) + edit.newText;
    cursor = Math.max(cursor, edit.end);
  }
  return output + content.slice(cursor);
}

function toOffsets(text: DockerfileText, edit: TextEdit): OffsetEdit {
  return { start: text.offsetAt(edit.range.start), end: text.offsetAt(edit.range.end), newText: edit.newText };
}

/** Two edits overlap when they share text, or both insert at the same place (order unclear). */
export function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
