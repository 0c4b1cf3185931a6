import type { PreviewSection, PreviewUiState, SortDirection, WritablePathRow } from '../../src/protocol/previewProtocol';

export const SECTIONS: readonly PreviewSection[] = ['writable', 'components', 'runtime', 'configs', 'production'];
export const SORTABLE_COLUMNS: ReadonlyArray<keyof WritablePathRow> = ['path', 'kind', 'mount', 'writers', 'files', 'bytes'];
const COMPONENT_FILTERS: ReadonlyArray<PreviewUiState['componentFilter']> = ['all', 'executed', 'never-executed'];

export const DEFAULT_UI_STATE: PreviewUiState = {
  section: 'writable',
  writableSort: { column: 'path', direction: 'asc' },
  writableFilter: '',
  componentFilter: 'all',
};

/**
 * The UI state saved by an earlier load, field by field: what a different version of the webview
 * saved may be missing fields or hold values this one does not know, and those fall back to defaults.
 */
export function restoreUiState(saved: unknown): PreviewUiState {
  const value = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<Record<keyof PreviewUiState, unknown>>;
  const sort = (typeof value.writableSort === 'object' && value.writableSort !== null ? value.writableSort : {}) as Record<string, unknown>;
  return {
    section: oneOf(value.section, SECTIONS, DEFAULT_UI_STATE.section),
    writableSort: {
      column: oneOf(sort.column, SORTABLE_COLUMNS, DEFAULT_UI_STATE.writableSort.column),
      direction: oneOf<SortDirection>(sort.direction, ['asc', 'desc'], DEFAULT_UI_STATE.writableSort.direction),
    },
    writableFilter: typeof value.writableFilter === 'string' ? value.writableFilter : '',
    componentFilter: oneOf(value.componentFilter, COMPONENT_FILTERS, DEFAULT_UI_STATE.componentFilter),
    ...(typeof value.selectedFile === 'string' ? { selectedFile: value.selectedFile } : {}),
    ...(typeof value.scrollTop === 'number' && value.scrollTop >= 0 ? { scrollTop: value.scrollTop } : {}),
  };
}

function oneOf<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Holds the UI state and saves every change through `save` (the host keeps it across reloads). */
export class UiStateStore {
  private current: PreviewUiState;

  constructor(initial: PreviewUiState, private readonly save: (state: PreviewUiState) => void) {
    this.current = initial;
  }

  get state(): PreviewUiState {
    return this.current;
  }

  update(change: Partial<PreviewUiState>): void {
    this.current = { ...this.current, ...change };
    this.save(this.current);
  }
}
