import type { WebviewToHostMessage } from '../../../src/protocol/previewProtocol';
import { h, replaceChildren } from '../dom';
import { button, progressRing, type ButtonElement } from '../toolkit';

export type PreviewAction = 'apply' | 'verify' | 'reprofile';

const LABELS: Record<PreviewAction, { idle: string; busy: string; title: string }> = {
  apply: { idle: 'Apply', busy: 'Applying…', title: 'Write the hardened Compose and Kubernetes files into the workspace (shows a diff first)' },
  verify: { idle: 'Verify', busy: 'Verifying…', title: 'Run the image with the hardened configuration and check it still works' },
  reprofile: { idle: 'Re-profile', busy: 'Profiling…', title: 'Profile the image again and regenerate this preview' },
};

/**
 * Apply, Verify, Re-profile, and Profile settings… (how the image is run for its profile). While the host reports one of them busy, every button is disabled:
 * applying files while a re-profile rewrites them, or verifying a half-written config, helps no one.
 */
export class ActionBar {
  readonly element: HTMLElement;
  private readonly buttons = new Map<PreviewAction, ButtonElement>();
  /** Every action the host reports busy, the production build (a button of its own section) included. */
  private readonly busy = new Set<PreviewAction | 'production'>();
  private readonly settingsButton: ButtonElement;

  constructor(post: (message: WebviewToHostMessage) => void) {
    this.element = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Hardening actions' });
    for (const action of ['apply', 'verify', 'reprofile'] as const) {
      const element = button(LABELS[action].idle, action === 'apply' ? 'primary' : 'secondary', () => post({ type: action }));
      element.setAttribute('data-action', action);
      element.setAttribute('title', LABELS[action].title);
      element.setAttribute('aria-busy', 'false');
      this.buttons.set(action, element);
      this.element.appendChild(element);
    }
    this.settingsButton = button('Profile settings…', 'secondary', () => post({ type: 'editProfileSettings' }));
    this.settingsButton.setAttribute('data-action', 'profile-settings');
    this.settingsButton.setAttribute('title', 'Probes, duration, command, environment and user the image is profiled with (remembered in profile-settings.yaml)');
    this.element.appendChild(this.settingsButton);
  }

  get anyBusy(): boolean {
    return this.busy.size > 0;
  }

  setBusy(action: PreviewAction | 'production', busy: boolean): void {
    if (busy) this.busy.add(action);
    else this.busy.delete(action);
    for (const [name, element] of this.buttons) {
      const isBusy = this.busy.has(name);
      element.disabled = this.busy.size > 0;
      element.setAttribute('aria-busy', String(isBusy));
      if (isBusy) replaceChildren(element, progressRing(LABELS[name].busy), LABELS[name].busy);
      else if (element.textContent !== LABELS[name].idle) replaceChildren(element, LABELS[name].idle);
    }
    this.settingsButton.disabled = this.busy.size > 0;
  }
}
