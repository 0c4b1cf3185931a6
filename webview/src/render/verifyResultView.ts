import type { VerifyResultView } from '../../../src/protocol/previewProtocol';
import { h } from '../dom';
import { pill } from './badges';

/** The outcome of `harden verify`, shown where the Verify button is. */
export function verifyResultView(result: VerifyResultView): HTMLElement {
  const outcome = result.passed ? 'passed' : 'failed';
  return h(
    'div',
    { class: `verify-result verify-${outcome}`, 'data-verify-result': outcome },
    h(
      'div',
      { class: 'verify-summary' },
      h('span', { class: 'verify-icon', 'aria-hidden': 'true' }, result.passed ? '✓' : '✗'),
      h('strong', {}, result.passed ? 'Verified: the app works with the hardened configuration' : 'Verify failed: the app does not work hardened'),
      h('span', { class: 'muted' }, formatTime(result.verifiedAt)),
    ),
    result.problems.length > 0
      ? h('ul', { class: 'verify-problems' }, ...result.problems.map((problem) => h('li', {}, pill(problem.kind, 'problem'), ' ', problem.message)))
      : null,
    result.notes.length > 0 ? h('ul', { class: 'verify-notes muted' }, ...result.notes.map((note) => h('li', {}, note))) : null,
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
