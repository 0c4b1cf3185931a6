import type { VerifyProblemView, VerifyResultView, VerifyRoundView } from '../../../src/protocol/previewProtocol';
import { h } from '../dom';
import { button } from '../toolkit';
import { pill } from './badges';

const PHASE_TEXT: Record<VerifyProblemView['phase'], string> = {
  start: 'at start',
  probe: 'probing',
  stop: 'at stop',
  restart: 'at restart',
};

/** Asks the host to make one problem's fix (edit the manifest, regenerate, verify again). */
export type FixRequest = (index: number) => void;

/**
 * The outcome of `harden verify`, shown where the Verify button is: a headline, then each problem
 * with its phase, what happened, why, and the fix — a button when harden can make it.
 */
export function verifyResultView(result: VerifyResultView, fix: FixRequest): HTMLElement {
  const outcome = result.passed ? 'passed' : result.problems.every((problem) => problem.phase === 'stop') ? 'stop-only' : 'failed';
  return h(
    'div',
    { class: `verify-result verify-${result.passed ? 'passed' : 'failed'}`, 'data-verify-result': result.passed ? 'passed' : 'failed', 'data-verify-outcome': outcome },
    h(
      'div',
      { class: 'verify-summary' },
      h('span', { class: 'verify-icon', 'aria-hidden': 'true' }, result.passed ? '✓' : '✗'),
      h('strong', { class: 'verify-headline' }, result.headline),
      h('span', { class: 'muted' }, formatTime(result.verifiedAt)),
    ),
    result.problems.length > 0 ? h('ol', { class: 'verify-problems' }, ...result.problems.map((problem, index) => problemItem(problem, index, fix))) : null,
    result.notes.length > 0 ? h('ul', { class: 'verify-notes muted' }, ...result.notes.map((note) => h('li', {}, note))) : null,
  );
}

function problemItem(problem: VerifyProblemView, index: number, fix: FixRequest): HTMLElement {
  const fixButton = problem.action ? button(problem.action.label, 'primary', () => fix(index)) : null;
  fixButton?.setAttribute('data-fix-problem', String(index));
  fixButton?.setAttribute('title', `Change the manifest (${problem.action?.changes.join('; ')}), regenerate the files and verify again`);
  return h(
    'li',
    { class: 'verify-problem', 'data-problem': String(index), 'data-phase': problem.phase },
    h('div', { class: 'problem-title' }, pill(PHASE_TEXT[problem.phase], 'problem'), ' ', h('strong', {}, problem.title)),
    h('div', { class: 'problem-cause' }, h('span', { class: 'muted' }, 'Cause: '), problem.cause),
    h('div', { class: 'problem-fix' }, h('span', { class: 'muted' }, 'Fix: '), problem.fix, fixButton ? ' ' : null, fixButton),
    h('details', { class: 'problem-raw muted' }, h('summary', {}, 'As seen'), `${problem.kind}: ${problem.message}`),
  );
}

/** The verify rounds the profile needed, each with what it learned. */
export function verifyRoundsView(rounds: readonly VerifyRoundView[]): HTMLElement | null {
  if (rounds.length === 0) return null;
  const summary = `${rounds.length} verify round${rounds.length === 1 ? '' : 's'}`;
  return h(
    'details',
    { class: 'verify-rounds', 'data-verify-rounds': String(rounds.length) },
    h('summary', {}, summary, h('span', { class: 'muted' }, ' — what each run of the hardened configuration taught')),
    h(
      'ol',
      {},
      ...rounds.map((round) =>
        h(
          'li',
          { 'data-round': String(round.round) },
          pill(round.passed ? 'passed' : 'failed', round.passed ? 'good' : 'problem'),
          ' ',
          round.passed ? 'ran as configured' : round.learned.length > 0 ? round.learned.join('; ') : `learned nothing (${round.problems[0] ?? 'failed'})`,
        ),
      ),
    ),
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
