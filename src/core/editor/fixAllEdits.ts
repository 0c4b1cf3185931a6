import { diffWordsWithSpace } from 'diff';
import { fixDockerfile } from '../dockerfile/applyFixes';
import { DockerfileText } from '../dockerfile/dockerfileText';
import type { TextEdit } from '../dockerfile/finding';
import type { LintOptions } from '../dockerfile/lintDockerfile';

/**
 * The edits of "fix all": every safe fix, applied pass after pass as `harden lint --fix` does,
 * returned as small word-level edits of the original text, so the editor keeps cursors, folding
 * and undo steps where nothing changed.
 */
export function fixAllEdits(source: string, options: LintOptions = {}): TextEdit[] {
  const { text: fixed, applied } = fixDockerfile(source, options);
  if (applied === 0) return [];
  const before = new DockerfileText(source);
  const after = new DockerfileText(fixed).content;
  const edits: TextEdit[] = [];
  let offset = 0;
  let pending: { start: number; end: number; newText: string } | undefined;
  const flush = (): void => {
    if (pending) edits.push({ range: { start: before.positionAt(pending.start), end: before.positionAt(pending.end) }, newText: pending.newText });
    pending = undefined;
  };
  for (const change of diffWordsWithSpace(before.content, after)) {
    if (change.added) {
      pending = pending ?? { start: offset, end: offset, newText: '' };
      pending.newText += change.value;
    } else if (change.removed) {
      pending = pending ?? { start: offset, end: offset, newText: '' };
      offset += change.value.length;
      pending.end = offset;
    } else {
      flush();
      offset += change.value.length;
    }
  }
  flush();
  return edits;
}
