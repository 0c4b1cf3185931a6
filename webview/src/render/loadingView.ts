import { h } from '../dom';
import { progressRing } from '../toolkit';

/** All the webview shows between `ready` and the host's first `state`. */
export function loadingView(): HTMLElement {
  return h('div', { class: 'loading', 'data-loading': true, 'aria-busy': 'true' }, progressRing('Loading'), h('span', { class: 'muted' }, 'Loading the hardening preview…'));
}
