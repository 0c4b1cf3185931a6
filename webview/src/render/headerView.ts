import type { PreviewState, VerifyResultView, WebviewToHostMessage } from '../../../src/protocol/previewProtocol';
import { h, replaceChildren } from '../dom';
import { shortImageId } from '../format';
import { ActionBar } from './actionBar';
import { code, pill } from './badges';
import { verifyResultView } from './verifyResultView';

/** The image, how it will run, the actions and their outcome: what stays in view on every tab. */
export class HeaderView {
  readonly element: HTMLElement;
  readonly actions: ActionBar;
  private readonly title = h('h1', { class: 'image-reference' });
  private readonly meta = h('div', { class: 'image-meta muted' });
  private readonly verifySlot = h('div', { class: 'verify-slot', 'aria-live': 'polite' });
  private readonly errorSlot = h('div', { class: 'error-slot' });
  private readonly warnings = h('ul', { class: 'warnings', 'aria-label': 'Warnings' });
  private shownVerify: VerifyResultView | undefined;

  constructor(post: (message: WebviewToHostMessage) => void) {
    this.actions = new ActionBar(post);
    this.element = h(
      'header',
      { class: 'preview-header' },
      h('div', { class: 'header-top' }, h('div', { class: 'header-title' }, h('div', { class: 'eyebrow muted' }, 'Hardening preview'), this.title, this.meta), this.actions.element),
      this.errorSlot,
      this.verifySlot,
      this.warnings,
    );
  }

  update(state: PreviewState): void {
    replaceChildren(this.title, state.image.reference);
    replaceChildren(
      this.meta,
      h('span', { title: state.image.id }, 'image ', code(shortImageId(state.image.id))),
      h('span', {}, 'manifest ', code(state.manifestPath)),
      h('span', { title: state.runAs.reason }, 'runs as ', code(state.runAs.user), ' ', state.runAs.nonRoot ? pill('non-root', 'good') : pill('root', 'warn')),
    );
    replaceChildren(this.warnings, ...state.warnings.map((warning) => h('li', { class: 'warning' }, h('span', { class: 'warning-icon', 'aria-hidden': 'true' }, '⚠'), warning)));
    this.warnings.hidden = state.warnings.length === 0;
    if (state.lastVerify) this.showVerifyResult(state.lastVerify);
  }

  /**
   * The newest result wins, whichever way it came: the host may post `verifyResult` and then a
   * `state` read before verify-result.json was written, which must not hide the fresh result.
   */
  showVerifyResult(result: VerifyResultView): void {
    if (this.shownVerify && Date.parse(this.shownVerify.verifiedAt) > Date.parse(result.verifiedAt)) return;
    this.shownVerify = result;
    replaceChildren(this.verifySlot, verifyResultView(result));
  }

  showError(message: string): void {
    const dismiss = h('button', { class: 'icon-button', type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss' }, '×');
    const banner = h('div', { class: 'error-banner', role: 'alert' }, h('span', { class: 'error-text' }, message), dismiss);
    dismiss.addEventListener('click', () => banner.remove());
    replaceChildren(this.errorSlot, banner);
  }
}
