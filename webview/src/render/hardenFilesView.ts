import type { HardenFileView, WebviewToHostMessage } from '../../../src/protocol/previewProtocol';
import { h, replaceChildren } from '../dom';
import { button } from '../toolkit';
import { code, countBadge, pill } from './badges';

const STATUS: Record<HardenFileView['status'], { label: string; tone: string; title: string } | undefined> = {
  generated: undefined,
  edited: { label: 'edited', tone: 'warn', title: 'Edited by hand since harden wrote it: harden asks, showing the changes, before it writes this file again' },
  missing: { label: 'missing', tone: 'problem', title: 'Harden wrote it; it is gone now' },
  unknown: undefined,
};

/** The files harden generated into `.harden/<service>/`, as the Manifest Explorer lists them, hand edits marked. */
export class HardenFilesView {
  readonly element: HTMLElement;
  private readonly heading = h('div', { class: 'harden-files-heading' });
  private readonly list = h('ul', { class: 'harden-files', 'aria-label': 'Generated files' });

  constructor(private readonly post: (message: WebviewToHostMessage) => void) {
    this.element = h('div', { class: 'harden-files-view', 'data-harden-files': '' }, this.heading, this.list);
  }

  update(directory: string, files: readonly HardenFileView[]): void {
    replaceChildren(this.heading, h('strong', {}, 'Generated files'), ' ', countBadge(files.length), ' ', h('span', { class: 'muted' }, 'in ', code(directory), ', as harden wrote them'));
    replaceChildren(this.list, ...files.map((file) => this.item(file)));
    this.element.hidden = files.length === 0;
  }

  private item(file: HardenFileView): HTMLElement {
    const status = STATUS[file.status];
    const show = file.status === 'edited' ? button('Show changes', 'secondary', () => this.post({ type: 'showEdits', path: file.path })) : null;
    show?.setAttribute('data-show-edits', file.path);
    show?.setAttribute('title', 'Open your file beside what harden would write there');
    return h('li', { 'data-harden-file': file.path, 'data-status': file.status }, code(file.path), status ? ' ' : null, status ? pill(status.label, status.tone, status.title) : null, show ? ' ' : null, show);
  }
}
