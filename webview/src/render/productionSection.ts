import type { InitConfigurationView, ProductionImageView, WebviewToHostMessage } from '../../../src/protocol/previewProtocol';
import { h, replaceChildren, type Child } from '../dom';
import { countOf, humanBytes, shortImageId } from '../format';
import { button, progressRing, type ButtonElement } from '../toolkit';
import { code, pill, sectionHeading } from './badges';

type ProductionState = NonNullable<ProductionImageView['built']>;

const BUILD_LABEL = 'Build production image';
const BUSY_LABEL = 'Building…';

/**
 * The shell-less production image: what it kept and removed, what its init does instead of the
 * start-up, what could not be carried over and its own verify — "verified" only when that verify
 * of exactly this image passed. Stale files and an unbuilt image get one line and the build button.
 */
export class ProductionSection {
  readonly element = h('section', { class: 'section production-section', 'data-section': 'production', 'aria-label': 'Production image' });
  private readonly buildButton: ButtonElement;

  constructor(post: (message: WebviewToHostMessage) => void) {
    this.buildButton = button(BUILD_LABEL, 'primary', () => post({ type: 'buildProduction' }));
    this.buildButton.setAttribute('data-action', 'buildProduction');
    this.buildButton.setAttribute('title', 'Build a shell-less image with only what the profile saw the app use, then verify it');
  }

  update(view: ProductionImageView | undefined): void {
    if (!view) {
      replaceChildren(this.element, h('p', { class: 'muted' }, 'This version of the extension host does not report production images.'));
      return;
    }
    const state = view.stale ? 'stale' : view.built ? (view.built.verify?.passed ? 'verified' : 'not-verified') : 'not-built';
    this.element.setAttribute('data-production', state);
    if (view.stale) {
      replaceChildren(this.element, h('p', { class: 'production-stale', 'data-production-stale': '' }, pill('stale', 'warn'), ' ', view.stale), h('p', { class: 'muted' }, view.wouldDo), this.buildButton);
      return;
    }
    if (!view.built) {
      replaceChildren(this.element, h('p', { class: 'production-would' }, view.wouldDo), this.buildButton);
      return;
    }
    replaceChildren(this.element, ...builtView(view.built), h('div', { class: 'production-actions' }, this.buildButton));
    this.buildButton.setAttribute('title', 'Build the production image again (after a re-profile or an edit)');
  }

  setBusy(busy: boolean, anyBusy: boolean): void {
    this.buildButton.disabled = anyBusy;
    this.buildButton.setAttribute('aria-busy', String(busy));
    if (busy) replaceChildren(this.buildButton, progressRing(BUSY_LABEL), BUSY_LABEL);
    else if (this.buildButton.textContent !== BUILD_LABEL) replaceChildren(this.buildButton, BUILD_LABEL);
  }
}

function builtView(built: ProductionState): Child[] {
  const { development, production } = built.sizeBytes;
  const ratio = production > 0 ? `${(development / production).toFixed(1)}× smaller` : '';
  return [
    h(
      'div',
      { class: 'production-summary' },
      h('h2', { class: 'production-tag' }, built.tag, ' ', h('span', { class: 'muted', title: built.id }, shortImageId(built.id))),
      verifyLine(built),
    ),
    h(
      'dl',
      { class: 'details-grid production-figures' },
      h('dt', {}, 'Size'), h('dd', { 'data-figure': 'size' }, `${humanBytes(development)} → ${humanBytes(production)}`, ratio ? h('span', { class: 'muted' }, ` (${ratio})`) : null),
      h('dt', {}, 'Files'), h('dd', { 'data-figure': 'files' }, `${countOf(built.files.kept, 'file')} kept (${humanBytes(built.files.keptBytes)}), ${built.files.dropped} removed`),
      h('dt', {}, 'Packages'), h('dd', { 'data-figure': 'packages' }, `${built.packages.kept} kept, ${built.packages.removed} removed`, h('span', { class: 'muted' }, ' (from the SBOMs)')),
    ),
    sectionHeading('Components removed', built.componentsRemoved.length > 0 ? countOf(built.componentsRemoved.length, 'component') : undefined),
    built.componentsRemoved.length === 0 ? h('p', { class: 'muted' }, 'None.') : h('ul', { class: 'production-removed' }, ...built.componentsRemoved.map((line) => h('li', {}, code(line)))),
    built.componentsKept.length > 0 ? sectionHeading('Kept because the app executed them') : null,
    built.componentsKept.length > 0 ? h('ul', { class: 'production-kept' }, ...built.componentsKept.map((line) => h('li', {}, line))) : null,
    built.keptForVerify.length > 0 ? sectionHeading('Kept because a verify round needed them') : null,
    built.keptForVerify.length > 0 ? h('ul', {}, ...built.keptForVerify.map((entry) => h('li', {}, code(entry.path), h('span', { class: 'muted' }, ` round ${entry.round}`)))) : null,
    sectionHeading("The init's configuration", 'prod/init.conf: what harden-init does instead of the start-up'),
    built.init ? initView(built.init) : h('p', { class: 'production-init-error' }, pill('unreadable', 'problem'), ' ', built.initError ?? ''),
    sectionHeading('Not carried over', built.notCarriedOver.length > 0 ? 'built without these (forced)' : undefined),
    built.notCarriedOver.length === 0
      ? h('p', { class: 'muted', 'data-not-carried-over': '0' }, 'Nothing: the init does everything the start-up did.')
      : h('ul', { class: 'production-not-carried', 'data-not-carried-over': String(built.notCarriedOver.length) }, ...built.notCarriedOver.map((line) => h('li', {}, pill('not carried over', 'warn'), ' ', line))),
  ];
}

function verifyLine(built: ProductionState): HTMLElement {
  const { verify } = built;
  if (!verify) return h('p', { class: 'production-verify', 'data-production-verify': 'none' }, pill('not verified', 'warn'), ' No verify result of this image; build it again to verify it.');
  const when = new Date(verify.verifiedAt);
  const time = Number.isNaN(when.getTime()) ? verify.verifiedAt : when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  if (verify.passed) {
    return h('p', { class: 'production-verify', 'data-production-verify': 'passed' }, pill('verified', 'good'), ` works under compose.prod.yaml (${countOf(verify.rounds, 'round')}, ${time})`);
  }
  return h(
    'div',
    { class: 'production-verify', 'data-production-verify': 'failed' },
    h('p', {}, pill('verify failed', 'problem'), ` does not work under compose.prod.yaml yet (${time})`),
    h('ul', { class: 'verify-problems' }, ...verify.problems.map((problem) => h('li', {}, pill(problem.kind, 'problem'), ' ', problem.message))),
  );
}

function initView(init: InitConfigurationView): HTMLElement {
  const list = (items: readonly string[], empty: string): HTMLElement =>
    items.length === 0 ? h('span', { class: 'muted' }, empty) : h('ul', { class: 'env-list' }, ...items.map((item) => h('li', {}, code(item))));
  return h(
    'dl',
    { class: 'details-grid production-init' },
    h('dt', {}, 'Required variables'), h('dd', { 'data-init': 'required' }, list(init.required, 'none')),
    h('dt', {}, 'Defaults'), h('dd', { 'data-init': 'environment' }, list(init.environment, 'none')),
    h('dt', {}, 'Start-up steps'), h('dd', { 'data-init': 'steps' }, list(init.steps, 'none')),
    h('dt', {}, 'Seed'), h('dd', { 'data-init': 'seeds' }, list(init.seeds, 'none')),
    h('dt', {}, 'User'), h('dd', { 'data-init': 'user' }, init.userDrop ? h('span', {}, 'drops to ', code(init.userDrop), ' before the app starts') : h('span', { class: 'muted' }, 'no drop: the app runs as the container starts it')),
    h('dt', {}, 'PID 1'), h('dd', { 'data-init': 'pid1' }, init.appIsPid1 ? 'the app, once the start-up is done' : 'harden-init (forwards signals, reaps zombies)'),
    h('dt', {}, 'Starts'), h('dd', { 'data-init': 'exec' }, h('div', { class: 'argv' }, ...init.exec.map((word) => h('code', { class: 'argv-word' }, word)))),
  );
}
