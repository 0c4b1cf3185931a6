import type { PreviewUiState, WritablePathRow } from '../../src/protocol/previewProtocol';

type WritableSort = PreviewUiState['writableSort'];

// One collator for every comparison: creating one per call would dominate sorting 10,000 rows.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The rows shown for a filter and a sort. The filter matches, case-insensitively, any of the words
 * typed against path, kind, mount, reason and writers, so `log tmpfs` finds tmpfs-mounted log paths.
 */
export function visibleWritableRows(rows: readonly WritablePathRow[], filter: string, sort: WritableSort): WritablePathRow[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const kept = words.length === 0 ? [...rows] : rows.filter((row) => matchesAll(searchText(row), words));
  const direction = sort.direction === 'asc' ? 1 : -1;
  const compare = comparator(sort.column);
  return kept.sort((a, b) => direction * compare(a, b) || collator.compare(a.path, b.path));
}

const searchTexts = new WeakMap<WritablePathRow, string>();

/** Lower-cased once per row object: typing in the filter re-runs this for every row on every key. */
function searchText(row: WritablePathRow): string {
  let text = searchTexts.get(row);
  if (text === undefined) {
    text = [row.path, row.kind, row.mount, row.reason, ...row.writers].join('\n').toLowerCase();
    searchTexts.set(row, text);
  }
  return text;
}

function matchesAll(text: string, words: readonly string[]): boolean {
  return words.every((word) => text.includes(word));
}

function comparator(column: keyof WritablePathRow): (a: WritablePathRow, b: WritablePathRow) => number {
  switch (column) {
    case 'files':
    case 'bytes':
      return (a, b) => a[column] - b[column];
    case 'writers':
    case 'examples':
      return (a, b) => collator.compare(a[column].join(', '), b[column].join(', '));
    default:
      return (a, b) => collator.compare(a[column], b[column]);
  }
}
