import type { GeneratedFileView, PreviewUiState, WebviewToHostMessage } from '../../../src/protocol/previewProtocol';
import { renderDiff, renderFile } from '../diffView';
import { h, replaceChildren } from '../dom';
import { button } from '../toolkit';
import { code, pill, sectionHeading } from './badges';
import { HardenFilesView } from './hardenFilesView';

const STATUS_TEXT: Record<GeneratedFileView['status'], { label: string; tone: string; note: string }> = {
  new: { label: 'new', tone: 'good', note: 'Not in the workspace yet: Apply creates it.' },
  same: { label: 'unchanged', tone: 'neutral', note: 'The workspace already has exactly this file.' },
  changed: { label: 'changed', tone: 'warn', note: 'Differs from the workspace file: Apply replaces it (you review the diff first).' },
};

/** The files Apply would write: a list, and the selected one's diff against the workspace or its text. */
export class ConfigsSection {
  readonly element: HTMLElement;
  private files: readonly GeneratedFileView[] = [];
  private readonly list = h('ul', { class: 'file-list', role: 'listbox', 'aria-label': 'Generated files' });
  private readonly preview = h('div', { class: 'file-preview' });
  /** What harden wrote into `.harden/<service>/`, the same list as the Manifest Explorer's. */
  readonly hardenFiles: HardenFilesView;

  constructor(
    private readonly ui: () => PreviewUiState,
    private readonly updateUi: (change: Partial<PreviewUiState>) => void,
    private readonly post: (message: WebviewToHostMessage) => void,
  ) {
    this.hardenFiles = new HardenFilesView(post);
    this.element = h(
      'section',
      { class: 'section configs-section', 'data-section': 'configs', 'aria-label': 'Generated configs' },
      this.hardenFiles.element,
      sectionHeading('Generated configs', 'what Apply writes into the workspace'),
      h('div', { class: 'configs-layout' }, this.list, this.preview),
    );
  }

  update(files: readonly GeneratedFileView[]): void {
    this.files = files;
    this.render();
  }

  /** The saved selection when it still exists, else the first file that would change something. */
  private selected(): GeneratedFileView | undefined {
    const saved = this.files.find((file) => file.path === this.ui().selectedFile);
    return saved ?? this.files.find((file) => file.status !== 'same') ?? this.files[0];
  }

  private render(): void {
    const selected = this.selected();
    replaceChildren(this.list, ...this.files.map((file) => this.fileItem(file, file === selected)));
    if (this.files.length === 0) replaceChildren(this.list, h('li', { class: 'muted empty' }, 'No files generated.'));
    replaceChildren(this.preview, selected ? this.filePreview(selected) : null);
  }

  private fileItem(file: GeneratedFileView, selected: boolean): HTMLElement {
    const status = STATUS_TEXT[file.status];
    const item = h(
      'li',
      { class: 'file-item', role: 'option', tabindex: selected ? 0 : -1, 'aria-selected': String(selected), 'data-file': file.path, 'data-status': file.status },
      h('span', { class: 'file-path', title: file.path }, file.path),
      pill(status.label, status.tone),
    );
    const choose = (): void => {
      this.updateUi({ selectedFile: file.path });
      this.render();
      this.list.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
    };
    item.addEventListener('click', choose);
    item.addEventListener('keydown', (event) => {
      const sibling = event.key === 'ArrowDown' ? item.nextElementSibling : event.key === 'ArrowUp' ? item.previousElementSibling : null;
      if (event.key === 'Enter' || event.key === ' ') choose();
      else if (sibling instanceof HTMLElement) sibling.click();
      else return;
      event.preventDefault();
    });
    return item;
  }

  private filePreview(file: GeneratedFileView): HTMLElement {
    const status = STATUS_TEXT[file.status];
    const openDiff = file.status === 'changed' ? button('Open Diff', 'secondary', () => this.post({ type: 'openDiff', path: file.path })) : null;
    openDiff?.setAttribute('data-open-diff', file.path);
    openDiff?.setAttribute('title', 'Open the diff against the workspace file in an editor');
    return h(
      'div',
      { class: 'file-view', 'data-preview-file': file.path },
      h('div', { class: 'file-view-header' }, h('div', {}, code(file.path, 'file-view-path'), h('div', { class: 'muted' }, status.note)), openDiff),
      file.status === 'changed' && file.diff ? renderDiff(file.diff) : renderFile(file.content),
    );
  }
}
