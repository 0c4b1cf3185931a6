import { diffLines } from 'diff';
import type { DiffLine, GeneratedFileView } from '../../protocol/previewProtocol';

/**
 * A generated file against what the workspace holds at its path: new (nothing there), same, or
 * changed with a line diff from the workspace text (removed) to the generated text (added).
 */
export function compareWithWorkspace(path: string, generated: string, workspaceText: string | undefined): GeneratedFileView {
  if (workspaceText === undefined) return { path, content: generated, status: 'new' };
  if (workspaceText === generated) return { path, content: generated, status: 'same' };
  return { path, content: generated, status: 'changed', diff: lineDiff(workspaceText, generated) };
}

/** One entry per line; a line ending change alone (CRLF against LF) is not shown as a difference. */
export function lineDiff(before: string, after: string): DiffLine[] {
  return diffLines(before, after, { stripTrailingCr: true }).flatMap((change) => {
    const kind: DiffLine['kind'] = change.added ? 'added' : change.removed ? 'removed' : 'same';
    return splitLines(change.value).map((text) => ({ kind, text }));
  });
}

function splitLines(value: string): string[] {
  const lines = value.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
