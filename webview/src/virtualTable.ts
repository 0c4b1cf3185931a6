import { h } from './dom';

export interface VirtualTableOptions<T> {
  label: string;
  /** Every row has this height in CSS pixels: what makes the window arithmetic exact. */
  rowHeight: number;
  /** CSS grid tracks shared by the header and every row, e.g. `minmax(12rem, 3fr) 6rem`. */
  columns: string;
  header: HTMLElement;
  keyOf(row: T): string;
  /** An empty row element with its cells; rows are recycled, so this runs a few dozen times at most. */
  createRow(): HTMLElement;
  /** Puts `row` into an element made by createRow (which may have shown another row before). */
  fillRow(element: HTMLElement, row: T): void;
  onSelect(row: T | undefined): void;
  onScroll(scrollTop: number): void;
}

/** Rows kept in the DOM above and below the visible ones, so a fast wheel never shows a gap. */
const OVERSCAN_ROWS = 8;
/** Used while the table is hidden (another tab is open) and has no height to measure. */
const ASSUMED_VIEWPORT_PX = 800;

/**
 * A table that only keeps the rows in view in the DOM (plus a few), so 10,000 writable paths cost
 * what 40 do. Rows are absolutely positioned inside a body as tall as all rows together, which keeps
 * the native scrollbar honest; the header sticks to the top of the same scrolling element so its
 * columns line up with the rows' whatever the scrollbar width. Row elements that scroll out of view
 * are refilled for the rows scrolling in rather than rebuilt: a fast wheel replaces every row each
 * frame, and filling text is far cheaper than creating elements.
 */
export class VirtualTable<T> {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private rows: readonly T[] = [];
  private readonly rendered = new Map<number, HTMLElement>();
  /** Row elements in the DOM that show no row at the moment, ready to be refilled. */
  private spare: HTMLElement[] = [];
  private selectedKey: string | undefined;
  /** A scroll position to restore once the table has a height (it may be restored while hidden). */
  private pendingScrollTop: number | undefined;

  constructor(private readonly options: VirtualTableOptions<T>) {
    this.body = h('div', { class: 'vt-body', role: 'rowgroup' });
    this.element = h('div', { class: 'vt-viewport', role: 'grid', tabindex: 0, 'aria-label': options.label }, options.header, this.body);
    this.element.style.setProperty('--vt-columns', options.columns);
    this.element.style.setProperty('--vt-row-height', `${options.rowHeight}px`);
    options.header.classList.add('vt-header');
    options.header.setAttribute('role', 'row');
    options.header.setAttribute('aria-rowindex', '1');

    this.element.addEventListener('scroll', () => {
      this.renderWindow();
      this.options.onScroll(this.element.scrollTop);
    });
    this.element.addEventListener('click', (event) => this.selectAt(this.rowIndexOf(event.target)));
    this.element.addEventListener('keydown', (event) => this.handleKey(event));
    // Showing the tab, resizing the panel: the number of rows in view changes.
    new ResizeObserver(() => {
      if (this.pendingScrollTop !== undefined && this.element.clientHeight > 0) {
        this.element.scrollTop = this.pendingScrollTop;
        this.pendingScrollTop = undefined;
      }
      this.renderWindow();
    }).observe(this.element);
  }

  setRows(rows: readonly T[]): void {
    this.rows = rows;
    this.body.style.height = `${rows.length * this.options.rowHeight}px`;
    this.element.setAttribute('aria-rowcount', String(rows.length + 1));
    this.spare.push(...this.rendered.values());
    this.rendered.clear();
    this.renderWindow();
  }

  get scrollTop(): number {
    return this.element.scrollTop;
  }

  set scrollTop(value: number) {
    if (this.element.clientHeight === 0) this.pendingScrollTop = value;
    this.element.scrollTop = value;
    this.renderWindow();
  }

  /** Keeps the selection by key across sorting and filtering; undefined clears it. */
  select(key: string | undefined): void {
    this.selectedKey = key;
    for (const [index, element] of this.rendered) element.setAttribute('aria-selected', String(this.keyAt(index) === key));
    this.options.onSelect(key === undefined ? undefined : this.rows.find((row) => this.options.keyOf(row) === key));
  }

  private keyAt(index: number): string | undefined {
    const row = this.rows[index];
    return row === undefined ? undefined : this.options.keyOf(row);
  }

  private renderWindow(): void {
    const { rowHeight } = this.options;
    const height = this.element.clientHeight || ASSUMED_VIEWPORT_PX;
    const top = Math.max(0, this.element.scrollTop - this.body.offsetTop);
    const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN_ROWS);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / rowHeight) + OVERSCAN_ROWS);

    for (const [index, element] of this.rendered) {
      if (index < first || index >= last) {
        this.spare.push(element);
        this.rendered.delete(index);
      }
    }
    const fragment = document.createDocumentFragment();
    for (let index = first; index < last; index++) {
      if (this.rendered.has(index)) continue;
      let element = this.spare.pop();
      if (!element) {
        element = this.options.createRow();
        element.classList.add('vt-row');
        element.setAttribute('role', 'row');
        fragment.appendChild(element);
      }
      this.placeRow(element, this.rows[index] as T, index);
      this.rendered.set(index, element);
    }
    this.body.appendChild(fragment);
    for (const element of this.spare) element.remove();
    this.spare = [];
  }

  private placeRow(element: HTMLElement, row: T, index: number): void {
    this.options.fillRow(element, row);
    element.classList.toggle('vt-row-odd', index % 2 === 1);
    element.setAttribute('aria-rowindex', String(index + 2));
    element.setAttribute('aria-selected', String(this.options.keyOf(row) === this.selectedKey));
    element.dataset.index = String(index);
    // Positioned from script (CSSOM), which the webview's CSP allows where a style attribute is not.
    element.style.transform = `translateY(${index * this.options.rowHeight}px)`;
  }

  private rowIndexOf(target: EventTarget | null): number | undefined {
    const row = target instanceof Element ? target.closest<HTMLElement>('.vt-row') : null;
    return row?.dataset.index === undefined ? undefined : Number(row.dataset.index);
  }

  private selectAt(index: number | undefined): void {
    if (index === undefined) return;
    this.select(this.keyAt(index));
  }

  private handleKey(event: KeyboardEvent): void {
    const current = this.rows.findIndex((row) => this.options.keyOf(row) === this.selectedKey);
    const pageRows = Math.max(1, Math.floor(this.element.clientHeight / this.options.rowHeight) - 2);
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, PageDown: current + pageRows, PageUp: current - pageRows, Home: 0, End: this.rows.length - 1 };
    const next = moves[event.key];
    if (next === undefined || this.rows.length === 0) return;
    event.preventDefault();
    const index = Math.min(this.rows.length - 1, Math.max(0, next));
    this.selectAt(index);
    this.scrollIntoView(index);
  }

  private scrollIntoView(index: number): void {
    const { rowHeight } = this.options;
    const rowTop = this.body.offsetTop + index * rowHeight;
    const headerHeight = this.body.offsetTop;
    if (rowTop - headerHeight < this.element.scrollTop) this.element.scrollTop = rowTop - headerHeight;
    else if (rowTop + rowHeight > this.element.scrollTop + this.element.clientHeight) this.element.scrollTop = rowTop + rowHeight - this.element.clientHeight;
  }
}
