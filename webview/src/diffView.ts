import type { DiffLine } from '../../src/protocol/previewProtocol';
import { h } from './dom';

/** Unchanged lines kept around each change; longer unchanged runs fold behind a button. */
const CONTEXT_LINES = 3;

const MARKERS: Record<DiffLine['kind'], string> = { same: ' ', added: '+', removed: '-' };

/**
 * A unified line diff (workspace → generated) with old and new line numbers. The text of every line
 * is untrusted (paths from the image end up in comments), so it only ever becomes a text node.
 */
export function renderDiff(lines: readonly DiffLine[]): HTMLElement {
  const view = h('div', { class: 'code-view diff-view', role: 'table', 'aria-label': 'Changes against the workspace file' });
  let oldNumber = 0;
  let newNumber = 0;
  const numbered = lines.map((line) => {
    if (line.kind !== 'added') oldNumber += 1;
    if (line.kind !== 'removed') newNumber += 1;
    return { line, old: line.kind === 'added' ? undefined : oldNumber, new: line.kind === 'removed' ? undefined : newNumber };
  });
  for (const part of foldUnchanged(numbered)) {
    if ('folded' in part) view.appendChild(foldButton(part.folded));
    else view.appendChild(diffRow(part));
  }
  return view;
}

/** A whole file with line numbers (a new file, or one identical to the workspace's). */
export function renderFile(content: string): HTMLElement {
  const lines = content.replace(/\n$/, '').split('\n');
  return h(
    'div',
    { class: 'code-view', role: 'table', 'aria-label': 'Generated file' },
    ...lines.map((text, index) => codeRow([index + 1], ' ', text, 'same')),
  );
}

interface NumberedLine {
  line: DiffLine;
  old: number | undefined;
  new: number | undefined;
}

function foldUnchanged(lines: readonly NumberedLine[]): Array<NumberedLine | { folded: NumberedLine[] }> {
  const parts: Array<NumberedLine | { folded: NumberedLine[] }> = [];
  let start = 0;
  while (start < lines.length) {
    if (lines[start]?.line.kind !== 'same') {
      parts.push(lines[start] as NumberedLine);
      start += 1;
      continue;
    }
    let end = start;
    while (end < lines.length && lines[end]?.line.kind === 'same') end += 1;
    const keepBefore = start === 0 ? 0 : CONTEXT_LINES;
    const keepAfter = end === lines.length ? 0 : CONTEXT_LINES;
    const run = lines.slice(start, end);
    if (run.length > keepBefore + keepAfter + 1) {
      parts.push(...run.slice(0, keepBefore), { folded: run.slice(keepBefore, run.length - keepAfter) }, ...run.slice(run.length - keepAfter));
    } else {
      parts.push(...run);
    }
    start = end;
  }
  return parts;
}

function foldButton(folded: readonly NumberedLine[]): HTMLElement {
  const button = h('button', { class: 'diff-fold', type: 'button' }, `Show ${folded.length} unchanged ${folded.length === 1 ? 'line' : 'lines'}`);
  button.addEventListener('click', () => button.replaceWith(...folded.map(diffRow)));
  return button;
}

function diffRow(numbered: NumberedLine): HTMLElement {
  return codeRow([numbered.old, numbered.new], MARKERS[numbered.line.kind], numbered.line.text, numbered.line.kind);
}

function codeRow(numbers: ReadonlyArray<number | undefined>, marker: string, text: string, kind: DiffLine['kind']): HTMLElement {
  return h(
    'div',
    { class: `code-line code-${kind}`, role: 'row' },
    ...numbers.map((number) => h('span', { class: 'code-number', role: 'cell', 'aria-hidden': 'true' }, number ?? '')),
    h('span', { class: 'code-marker', role: 'cell', 'aria-hidden': 'true' }, marker),
    h('span', { class: 'code-text', role: 'cell' }, text),
  );
}
