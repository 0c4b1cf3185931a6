// The host sends sizes as numbers (so the table can sort them); they are worded here the way the
// CLI and the report word them.
export { humanBytes } from '../../src/core/generate/sizeUnits';

// One formatter for all numbers: toLocaleString builds a new one per call, which shows when a table
// fills thousands of cells while scrolling.
const integers = new Intl.NumberFormat('en-US');

/** `10,000` */
export function formatCount(count: number): string {
  return integers.format(count);
}

export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** `sha256:1f63b6ae2b2e…` → `1f63b6ae2b2e`, as `docker images` shows ids. */
export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
