import type { ExecStepView, PreviewState } from '../../../src/protocol/previewProtocol';
import { h, replaceChildren } from '../dom';
import { code, pill, sectionHeading } from './badges';

/** How the container gets from its first process to the app, and what the app runs with. */
export class RuntimeSection {
  readonly element = h('section', { class: 'section runtime-section', 'data-section': 'runtime', 'aria-label': 'Runtime command' });

  update(state: PreviewState): void {
    const { chain, main } = state.execution;
    replaceChildren(
      this.element,
      sectionHeading('Exec chain', chain.length > 1 ? 'from the first process to the main command' : undefined),
      h('ol', { class: 'exec-chain' }, ...chain.map((step, index) => execStep(step, index === chain.length - 1))),
      sectionHeading('Main command'),
      h(
        'dl',
        { class: 'details-grid main-command' },
        h('dt', {}, 'Program'), h('dd', {}, code(main.program), main.interpreter ? h('span', { class: 'muted' }, ` run by ${main.interpreter}`) : null),
        h('dt', {}, 'Arguments'), h('dd', {}, argvView(main.argv)),
        h('dt', {}, 'User'), h('dd', {}, code(main.user)),
        h('dt', {}, 'Working dir'), h('dd', {}, code(main.workingDir || '/')),
        h('dt', {}, 'Environment'), h('dd', {}, main.env.length > 0 ? h('ul', { class: 'env-list' }, ...main.env.map((entry) => h('li', {}, code(entry, 'muted')))) : h('span', { class: 'muted' }, 'empty')),
      ),
      sectionHeading('Runs as'),
      h('p', { class: 'run-as' }, code(state.runAs.user), ' ', state.runAs.nonRoot ? pill('non-root', 'good') : pill('root', 'warn'), h('span', { class: 'muted' }, ` ${state.runAs.reason}`)),
      sectionHeading('Capabilities', 'all others are dropped'),
      state.capabilities.length === 0
        ? h('p', { class: 'muted' }, 'The trace shows no capability in use: the hardened run drops them all.')
        : h('ul', { class: 'capabilities' }, ...state.capabilities.map((use) => h('li', {}, pill(use.capability, 'capability'), h('span', { class: 'muted' }, use.evidence)))),
    );
  }
}

function execStep(step: ExecStepView, isMain: boolean): HTMLElement {
  return h(
    'li',
    { class: isMain ? 'exec-step exec-main' : 'exec-step' },
    h('div', { class: 'exec-program' }, code(step.program), step.interpreter ? h('span', { class: 'muted' }, `script run by ${step.interpreter}`) : null, isMain ? pill('main', 'main') : null, h('span', { class: 'muted exec-user' }, `as ${step.user}`)),
    argvView(step.argv),
  );
}

/** Each argv word on its own, so word boundaries (`daemon off;` is one word) stay visible. */
function argvView(argv: readonly string[]): HTMLElement {
  return h('div', { class: 'argv', 'aria-label': 'Arguments' }, ...argv.map((word) => h('code', { class: 'argv-word' }, word)));
}
