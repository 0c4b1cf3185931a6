import type { PreviewState, VerifyResultView, WebviewToHostMessage } from '../../../src/protocol/previewProtocol';
import { h, replaceChildren } from '../dom';
import { shortImageId } from '../format';
import { ActionBar } from './actionBar';
import { code, pill } from './badges';
import { verifyResultView, verifyRoundsView } from './verifyResultView';

/** The image, how it will run, the actions and their outcome: what stays in view on every tab. */
export class HeaderView {
  readonly element: HTMLElement;
  readonly actions: ActionBar;
  private readonly title = h('h1', { class: 'image-reference' });
  private readonly meta = h('div', { class: 'image-meta muted' });
  private readonly verifySlot = h('div', { class: 'verify-slot', 'aria-live': 'polite' });
  private readonly roundsSlot = h('div', { class: 'rounds-slot' });
  private readonly errorSlot = h('div', { class: 'error-slot' });
  private readonly warnings = h('ul', { class: 'warnings', 'aria-label': 'Warnings' });
  private shownVerify: VerifyResultView | undefined;
  /** The manifest the preview shows (its manifestStamp): only its verify results are shown. */
  private currentStamp: string | undefined;

  constructor(private readonly post: (message: WebviewToHostMessage) => void) {
    this.actions = new ActionBar(post);
    this.element = h(
      'header',
      { class: 'preview-header' },
      h('div', { class: 'header-top' }, h('div', { class: 'header-title' }, h('div', { class: 'eyebrow muted' }, 'Hardening preview'), this.title, this.meta), this.actions.element),
      this.errorSlot,
      this.verifySlot,
      this.roundsSlot,
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
    replaceChildren(this.roundsSlot, verifyRoundsView(state.verifyRounds));
    if (this.currentStamp !== state.manifestStamp) this.clearVerifyResult();
    this.currentStamp = state.manifestStamp;
    if (state.lastVerify) this.showVerifyResult(state.lastVerify);
  }

  /**
   * Shows a result of the manifest in view; one of another manifest (an older profile, or the one a
   * fix replaced) is dropped. Of the same manifest the newest wins, whichever way it came: the host
   * may post `verifyResult` and then a `state` read before verify-result.json was written.
   */
  showVerifyResult(result: VerifyResultView): void {
    if (result.manifestStamp !== undefined && this.currentStamp !== undefined && result.manifestStamp !== this.currentStamp) return;
    if (this.shownVerify && Date.parse(this.shownVerify.verifiedAt) > Date.parse(result.verifiedAt)) return;
    this.shownVerify = result;
    const stamp = result.manifestStamp ?? this.currentStamp ?? '';
    replaceChildren(this.verifySlot, verifyResultView(result, (index) => this.post({ type: 'fixProblem', index, manifestStamp: stamp })));
  }

  private clearVerifyResult(): void {
    this.shownVerify = undefined;
    replaceChildren(this.verifySlot);
  }

  showError(message: string): void {
    const dismiss = h('button', { class: 'icon-button', type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss' }, '×');
    const banner = h('div', { class: 'error-banner', role: 'alert' }, h('span', { class: 'error-text' }, message), dismiss);
    dismiss.addEventListener('click', () => banner.remove());
    replaceChildren(this.errorSlot, banner);
  }
}
