import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreviewState } from '../../../src/protocol/previewProtocol';
import { manyWritablePaths, notesState } from './harness/fixtureStates';
import type { PreviewPage } from './harness/previewBrowser';
import { previewBrowser } from './harness/sharedBrowser';
import { testResultPath } from './harness/testResults';

const ROWS = 10_000;
/** Far below 10,000: what the viewport shows plus the overscan, whatever the row count. */
const MAX_ROWS_IN_DOM = 100;

interface Frames {
  ms: number;
  frames: number;
  p50: number;
  worst: number;
}

/** Figures are printed for people, never asserted: timings depend on the machine. */
function report(label: string, value: string): void {
  console.log(`      ${label.padEnd(42)} ${value}`);
}

describe(`Hardening Preview webview: ${ROWS.toLocaleString('en-US')} writable paths`, () => {
  let state: PreviewState;
  let preview: PreviewPage;
  let timingsSource: string;

  const evaluate = <T>(expression: string): Promise<T> => preview.page.evaluate(expression) as Promise<T>;
  const lastPath = (): string => [...state.writablePaths].sort((a, b) => a.path.localeCompare(b.path)).at(-1)!.path;

  before(async () => {
    const notes = await notesState();
    state = { ...notes, writablePaths: manyWritablePaths(notes.writablePaths, ROWS) };
    timingsSource = await readFile(join(__dirname, 'harness', 'tableTimings.js'), 'utf8');
    preview = await (await previewBrowser()).open();
    await preview.waitForPosted('ready');
    await preview.page.evaluate(timingsSource);
    // Handed to the page first, so the measurement starts at postMessage, not at the test's transfer.
    await preview.page.evaluate((big) => {
      (globalThis as unknown as { __bigState: unknown }).__bigState = big;
    }, state);
  });
  after(() => preview?.close());

  it('paints the table soon after state arrives, with a bounded number of rows in the DOM', async () => {
    const ms = await evaluate<number>('window.__tableTimings.renderState()');
    report('state → table painted', `${ms.toFixed(1)} ms`);
    assert.equal(await preview.page.locator('[data-row-count]').textContent(), '10,000 of 10,000');
    const rows = await evaluate<number>('window.__tableTimings.rowsInDom()');
    report('row elements in the DOM (top)', String(rows));
    assert.ok(rows > 10 && rows <= MAX_ROWS_IN_DOM, `${rows} row elements`);
  });

  it('reaches the last row on a jump to the end and by scrolling through', async () => {
    const jump = await evaluate<{ ms: number }>('window.__tableTimings.jumpToEnd()');
    report('jump to the end → painted', `${jump.ms.toFixed(1)} ms`);
    assert.equal(await preview.page.locator(`[data-row-path="${lastPath()}"]`).count(), 1);

    const through = await evaluate<Frames>('window.__tableTimings.scrollThrough()');
    report('scroll top → end, a viewport per frame', `${through.ms.toFixed(0)} ms, ${through.frames} frames, p50 ${through.p50.toFixed(1)} ms, worst ${through.worst.toFixed(1)} ms`);
    assert.equal(await preview.page.locator(`[data-row-path="${lastPath()}"]`).count(), 1);
    const rows = await evaluate<number>('window.__tableTimings.rowsInDom()');
    report('row elements in the DOM (end)', String(rows));
    assert.ok(rows <= MAX_ROWS_IN_DOM, `${rows} row elements`);
    await preview.page.locator(`[data-row-path="${lastPath()}"]`).click();
    await preview.page.screenshot({ path: testResultPath('webview-dark-10000-rows.png') });
  });

  it('sorts and filters 10,000 rows', async () => {
    let start = Date.now();
    await preview.page.locator('[data-sort="bytes"]').click();
    await preview.page.locator('[role="columnheader"]:has([data-sort="bytes"])[aria-sort="descending"]').waitFor();
    report('sort by bytes (click → done, incl. round trip)', `${Date.now() - start} ms`);
    const top = await preview.page.locator('[data-row-path][aria-rowindex="2"] .cell.numeric').last().getAttribute('title');
    const largest = Math.max(...state.writablePaths.map((row) => row.bytes));
    assert.equal(top, `${largest.toLocaleString('en-US')} bytes`);

    start = Date.now();
    await preview.page.locator('[data-filter="writable"] input').fill('/var/log');
    await preview.page.locator('[data-row-count]', { hasText: '2,000 of 10,000' }).waitFor();
    report('filter "/var/log" (fill → counted, incl. round trip)', `${Date.now() - start} ms`);
    assert.ok((await evaluate<number>('window.__tableTimings.rowsInDom()')) <= MAX_ROWS_IN_DOM);
    await preview.page.locator('[data-filter="writable"] input').fill('');
  });

  it('restores the scroll position after a reload', async () => {
    await preview.page.locator('[data-sort="path"]').click();
    await preview.page.locator('[role="columnheader"]:has([data-sort="path"])[aria-sort="ascending"]').waitFor();
    await preview.page.evaluate(() => {
      const grid = (globalThis as unknown as { document: { querySelector(selector: string): { scrollTop: number } } }).document.querySelector('[data-section="writable"] [role="grid"]');
      grid.scrollTop = 28 * 5000;
    });
    await preview.page.waitForTimeout(400); // the scroll position is saved once scrolling settles
    await preview.page.reload();
    await preview.waitForPosted('ready');
    await preview.deliver({ type: 'state', state });
    const row = preview.page.locator('[data-row-path][aria-rowindex="5002"]');
    await row.waitFor({ state: 'attached' });
    const scrollTop = await preview.page.locator('[data-section="writable"] [role="grid"]').evaluate((grid) => grid.scrollTop);
    assert.equal(scrollTop, 28 * 5000);
  });
});
