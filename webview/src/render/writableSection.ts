import type { PreviewUiState, WritablePathRow } from '../../../src/protocol/previewProtocol';
import { h, replaceChildren } from '../dom';
import { countOf, formatCount, humanBytes } from '../format';
import { textField } from '../toolkit';
import { VirtualTable } from '../virtualTable';
import { visibleWritableRows } from '../writableRows';
import { code, kindBadge, KIND_TITLES, sectionHeading } from './badges';

type SortColumn = PreviewUiState['writableSort']['column'];

const COLUMNS: ReadonlyArray<{ id: SortColumn; label: string; numeric?: boolean }> = [
  { id: 'path', label: 'Path' },
  { id: 'kind', label: 'Kind' },
  { id: 'mount', label: 'Mounted as' },
  { id: 'writers', label: 'Written by' },
  { id: 'files', label: 'Files', numeric: true },
  { id: 'bytes', label: 'Bytes', numeric: true },
];
const GRID_COLUMNS = 'minmax(14rem, 3fr) 5.5rem minmax(12rem, 2.5fr) minmax(8rem, 1.5fr) 5rem 6rem';
const ROW_HEIGHT_PX = 28;

/** The paths the app writes, each with how it will be mounted: filterable, sortable, virtualised. */
export class WritableSection {
  readonly element: HTMLElement;
  private rows: readonly WritablePathRow[] = [];
  private readonly table: VirtualTable<WritablePathRow>;
  private readonly counter = h('span', { class: 'row-count muted', 'data-row-count': true, 'aria-live': 'polite' });
  private readonly sortButtons = new Map<SortColumn, HTMLButtonElement>();
  private readonly details = h('div', { class: 'row-details', 'aria-live': 'polite' });
  private scrollSaveTimer: number | undefined;
  private selectedPath: string | undefined;

  constructor(
    private readonly ui: () => PreviewUiState,
    private readonly updateUi: (change: Partial<PreviewUiState>) => void,
  ) {
    const filter = textField({ placeholder: 'Filter paths, kinds, mounts, writers', label: 'Filter writable paths', value: ui().writableFilter }, (value) => {
      this.updateUi({ writableFilter: value, scrollTop: 0 });
      this.refresh(true);
    });
    filter.setAttribute('data-filter', 'writable');
    filter.classList.add('filter-field');

    this.table = new VirtualTable<WritablePathRow>({
      label: 'Writable paths',
      rowHeight: ROW_HEIGHT_PX,
      columns: GRID_COLUMNS,
      header: this.header(),
      keyOf: (row) => row.path,
      createRow: createWritableRow,
      fillRow: fillWritableRow,
      onSelect: (row) => {
        this.selectedPath = row?.path;
        this.showDetails(row);
      },
      onScroll: (scrollTop) => this.saveScrollSoon(scrollTop),
    });

    this.element = h(
      'section',
      { class: 'section writable-section', 'data-section': 'writable', 'aria-label': 'Writable paths' },
      h('div', { class: 'toolbar' }, sectionHeading('Writable paths', 'everything else is read-only'), h('div', { class: 'toolbar-end' }, filter, this.counter)),
      this.table.element,
      this.details,
    );
    this.showDetails(undefined);
  }

  update(rows: readonly WritablePathRow[]): void {
    const firstData = this.rows.length === 0 && rows.length > 0;
    this.rows = rows;
    this.refresh(false);
    // New data for the same path (a re-profile) replaces the details; a path that is gone clears them.
    const selected = rows.find((row) => row.path === this.selectedPath);
    if (!selected) this.selectedPath = undefined;
    this.showDetails(selected);
    // Restore where the user was before a reload once; later updates keep the live position.
    if (firstData && this.ui().scrollTop) this.table.scrollTop = this.ui().scrollTop ?? 0;
  }

  private refresh(scrollToTop: boolean): void {
    const { writableFilter, writableSort } = this.ui();
    const visible = visibleWritableRows(this.rows, writableFilter, writableSort);
    this.table.setRows(visible);
    if (scrollToTop) this.table.scrollTop = 0;
    this.counter.textContent = `${formatCount(visible.length)} of ${formatCount(this.rows.length)}`;
    for (const [column, button] of this.sortButtons) {
      const sorted = column === writableSort.column;
      button.parentElement?.setAttribute('aria-sort', sorted ? (writableSort.direction === 'asc' ? 'ascending' : 'descending') : 'none');
      button.dataset.direction = sorted ? writableSort.direction : '';
    }
  }

  /** setState goes to the host: once the scrolling settles, not on every frame of it. */
  private saveScrollSoon(scrollTop: number): void {
    window.clearTimeout(this.scrollSaveTimer);
    this.scrollSaveTimer = window.setTimeout(() => this.updateUi({ scrollTop }), 150);
  }

  private header(): HTMLElement {
    return h(
      'div',
      {},
      ...COLUMNS.map((column) => {
        const button = h('button', { type: 'button', class: 'sort-button', 'data-sort': column.id }, column.label, h('span', { class: 'sort-indicator', 'aria-hidden': 'true' }));
        button.addEventListener('click', () => this.sortBy(column.id, column.numeric === true));
        this.sortButtons.set(column.id, button);
        return h('div', { role: 'columnheader', class: column.numeric ? 'cell numeric' : 'cell' }, button);
      }),
    );
  }

  /** Clicking the sorted column flips it; a new column starts with what is most useful first. */
  private sortBy(column: SortColumn, numeric: boolean): void {
    const current = this.ui().writableSort;
    const direction = current.column === column ? (current.direction === 'asc' ? 'desc' : 'asc') : numeric ? 'desc' : 'asc';
    this.updateUi({ writableSort: { column, direction }, scrollTop: 0 });
    // A new order starts at its top: the rows in view before mean nothing in it.
    this.refresh(true);
  }

  private showDetails(row: WritablePathRow | undefined): void {
    if (!row) {
      replaceChildren(this.details, h('span', { class: 'muted' }, 'Select a path to see why it is writable and what was written there.'));
      return;
    }
    replaceChildren(
      this.details,
      h('div', { class: 'details-title' }, code(row.path), kindBadge(row.kind)),
      h('dl', { class: 'details-grid' },
        h('dt', {}, 'Why'), h('dd', {}, row.reason),
        h('dt', {}, 'Mount'), h('dd', {}, code(row.mount)),
        h('dt', {}, 'Written by'), h('dd', {}, row.writers.length > 0 ? row.writers.join(', ') : 'no program recorded'),
        h('dt', {}, 'Written'), h('dd', {}, `${countOf(row.files, 'file')}, ${humanBytes(row.bytes)}`),
        h('dt', {}, 'Examples'), h('dd', {}, row.examples.length > 0 ? h('ul', { class: 'examples' }, ...row.examples.map((example) => h('li', {}, code(example, 'muted')))) : h('span', { class: 'muted' }, 'none recorded')),
      ),
    );
  }
}

interface WritableRowCells {
  path: HTMLElement;
  kind: HTMLElement;
  mount: HTMLElement;
  writers: HTMLElement;
  files: HTMLElement;
  bytes: HTMLElement;
}

const rowCells = new WeakMap<HTMLElement, WritableRowCells>();

function createWritableRow(): HTMLElement {
  const cell = (className: string): HTMLElement => h('div', { role: 'gridcell', class: `cell ${className}`.trim() });
  const cells: WritableRowCells = {
    path: cell('path-cell'),
    kind: h('span'),
    mount: cell('mount-cell'),
    writers: cell('muted'),
    files: cell('numeric'),
    bytes: cell('numeric'),
  };
  const row = h('div', {}, cells.path, h('div', { role: 'gridcell', class: 'cell' }, cells.kind), cells.mount, cells.writers, cells.files, cells.bytes);
  rowCells.set(row, cells);
  return row;
}

function fillWritableRow(row: HTMLElement, path: WritablePathRow): void {
  const cells = rowCells.get(row);
  if (!cells) return;
  const writers = path.writers.join(', ');
  row.setAttribute('data-row-path', path.path);
  fill(cells.path, path.path, path.path);
  fill(cells.kind, path.kind, KIND_TITLES[path.kind]);
  cells.kind.className = `pill pill-kind-${path.kind}`;
  fill(cells.mount, path.mount, path.mount);
  fill(cells.writers, writers, writers);
  fill(cells.files, formatCount(path.files));
  fill(cells.bytes, humanBytes(path.bytes), `${formatCount(path.bytes)} bytes`);
}

/** Text only, as everywhere: paths are untrusted. */
function fill(element: HTMLElement, text: string, title?: string): void {
  element.textContent = text;
  if (title === undefined) element.removeAttribute('title');
  else element.setAttribute('title', title);
}
