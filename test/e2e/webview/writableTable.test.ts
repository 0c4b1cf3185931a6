import assert from 'node:assert/strict';
import type { PreviewState } from '../../../src/protocol/previewProtocol';
import { notesState } from './harness/fixtureStates';
import type { PreviewPage } from './harness/previewBrowser';
import { openShowing } from './harness/sharedBrowser';

describe('Hardening Preview webview: sorting and filtering writable paths', () => {
  let preview: PreviewPage;
  let state: PreviewState;

  /** Row paths top to bottom as drawn (rows are positioned, so DOM order is not display order). */
  async function shownPaths(): Promise<string[]> {
    const rows = await preview.page.locator('[data-row-path]').evaluateAll((elements) =>
      elements.map((element) => ({ path: element.getAttribute('data-row-path') ?? '', index: Number(element.getAttribute('aria-rowindex')) })),
    );
    return rows.sort((a, b) => a.index - b.index).map((row) => row.path);
  }

  async function filter(text: string): Promise<void> {
    const field = preview.page.locator('[data-filter="writable"] input');
    await field.fill(text);
  }

  before(async () => ({ preview, state } = await openShowing(notesState)));
  after(() => preview?.close());

  it('sorts by path ascending at first', async () => {
    assert.deepEqual(await shownPaths(), ['/run/notes', '/tmp', '/var/cache/notes', '/var/lib/notes', '/var/log/notes']);
    assert.equal(await preview.page.locator('[role="columnheader"]:has([data-sort="path"])').getAttribute('aria-sort'), 'ascending');
  });

  it('flips the direction when the sorted column is clicked again', async () => {
    await preview.page.locator('[data-sort="path"]').click();
    assert.deepEqual(await shownPaths(), ['/var/log/notes', '/var/lib/notes', '/var/cache/notes', '/tmp', '/run/notes']);
    assert.equal(await preview.page.locator('[role="columnheader"]:has([data-sort="path"])').getAttribute('aria-sort'), 'descending');
  });

  it('sorts numbers largest first, ties by path', async () => {
    await preview.page.locator('[data-sort="bytes"]').click();
    assert.deepEqual(await shownPaths(), ['/var/log/notes', '/run/notes', '/tmp', '/var/cache/notes', '/var/lib/notes']);
    assert.equal(await preview.page.locator('[role="columnheader"]:has([data-sort="path"])').getAttribute('aria-sort'), 'none');
  });

  it('sorts by kind and by mount', async () => {
    await preview.page.locator('[data-sort="kind"]').click();
    assert.deepEqual(await shownPaths(), ['/var/cache/notes', '/var/lib/notes', '/var/log/notes', '/run/notes', '/tmp']);
    await preview.page.locator('[data-sort="mount"]').click();
    assert.equal((await shownPaths())[4], '/var/lib/notes', 'the volume sorts after the tmpfs mounts');
  });

  it('filters on any word of path, kind, mount or writer, and counts what is shown', async () => {
    await preview.page.locator('[data-sort="path"]').click();
    await filter('var');
    assert.deepEqual(await shownPaths(), ['/var/cache/notes', '/var/lib/notes', '/var/log/notes']);
    assert.equal(await preview.page.locator('[data-row-count]').textContent(), '3 of 5');

    await filter('TMPFS python3 64m');
    assert.deepEqual(await shownPaths(), ['/tmp', '/var/cache/notes', '/var/log/notes']);
    await filter('volume');
    assert.deepEqual(await shownPaths(), ['/var/lib/notes']);
    await filter('docker-entrypoint');
    assert.deepEqual(await shownPaths(), ['/run/notes']);
    await filter('no such path');
    assert.deepEqual(await shownPaths(), []);
    assert.equal(await preview.page.locator('[data-row-count]').textContent(), '0 of 5');
    await filter('');
    assert.equal(await preview.page.locator('[data-row-count]').textContent(), '5 of 5');
  });

  it('moves the selection with the keyboard', async () => {
    await preview.page.locator('[data-row-path="/tmp"]').click();
    await preview.page.keyboard.press('ArrowDown');
    assert.equal(await preview.page.locator('[data-row-path][aria-selected="true"]').getAttribute('data-row-path'), '/var/cache/notes');
    await preview.page.keyboard.press('End');
    assert.equal(await preview.page.locator('[data-row-path][aria-selected="true"]').getAttribute('data-row-path'), '/var/log/notes');
    assert.match((await preview.page.locator('.row-details').textContent()) ?? '', /log files under \/var\/log/);
  });

  it('keeps the selection and the filter when the host sends new data, and shows the new details', async () => {
    await preview.page.locator('[data-filter="writable"] input').fill('log');
    const changed = state.writablePaths.map((row) => (row.path === '/var/log/notes' ? { ...row, reason: 'log files under /var/log (re-profiled)' } : row));
    await preview.deliver({ type: 'state', state: { ...state, writablePaths: changed } });
    await preview.page.locator('.row-details', { hasText: 're-profiled' }).waitFor();
    assert.equal(await preview.page.locator('[data-row-path][aria-selected="true"]').getAttribute('data-row-path'), '/var/log/notes');
    assert.equal(await preview.page.locator('[data-filter="writable"] input').inputValue(), 'log');
    assert.equal(await preview.page.locator('[data-row-count]').textContent(), '1 of 5');

    await preview.deliver({ type: 'state', state: { ...state, writablePaths: changed.filter((row) => row.path !== '/var/log/notes') } });
    await preview.page.locator('.row-details', { hasText: 'Select a path' }).waitFor();
    assert.equal(await preview.page.locator('[data-row-count]').textContent(), '0 of 4');
  });
});
