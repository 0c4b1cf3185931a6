import type { WritableKindView } from '../../../src/protocol/previewProtocol';
import { h } from '../dom';

/** A small rounded label; `tone` picks its colour in badges.css (always from theme variables). */
export function pill(text: string, tone: string, title?: string): HTMLElement {
  return h('span', { class: `pill pill-${tone}`, title }, text);
}

export const KIND_TITLES: Record<WritableKindView, string> = {
  data: 'Data the app keeps: it must survive a restart',
  run: 'Runtime state (pid files, sockets, locks): starts empty on every run',
  cache: 'A cache: safe to start empty',
  log: 'Log files written inside the container',
  scratch: 'Temporary files: safe to start empty',
};

export function kindBadge(kind: WritableKindView): HTMLElement {
  return pill(kind, `kind-${kind}`, KIND_TITLES[kind]);
}

/**
 * A count in a round badge, like the workbench's. Not the toolkit's vscode-badge: its template
 * carries a `style` attribute, which the webview's CSP (no 'unsafe-inline') reports as a violation.
 */
export function countBadge(count: number): HTMLElement {
  return h('span', { class: 'count-badge' }, count);
}

/** Monospace text for paths, commands and mount options. */
export function code(text: string, className = ''): HTMLElement {
  return h('code', { class: className || undefined }, text);
}

/** A heading with an optional muted note after it. */
export function sectionHeading(text: string, note?: string): HTMLElement {
  return h('h2', { class: 'section-heading' }, text, note ? h('span', { class: 'muted heading-note' }, note) : null);
}
