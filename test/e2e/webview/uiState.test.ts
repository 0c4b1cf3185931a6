import assert from 'node:assert/strict';
import type { PreviewState, PreviewUiState } from '../../../src/protocol/previewProtocol';
import { notesState } from './harness/fixtureStates';
import type { PreviewPage } from './harness/previewBrowser';
import { openShowing } from './harness/sharedBrowser';

describe('Hardening Preview webview: UI state across a reload', () => {
  let state: PreviewState;
  let preview: PreviewPage;

  const savedState = (): Promise<unknown> =>
    preview.page.evaluate(() => {
      const saved = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('vscode-webview-state');
      return saved === null ? undefined : JSON.parse(saved);
    });

  before(async () => {
    ({ preview, state } = await openShowing(notesState));

    await preview.page.locator('[data-filter="writable"] input').fill('var');
    await preview.page.locator('[data-sort="bytes"]').click();
    await preview.page.locator('[data-tab="components"]').click();
    await preview.page.locator('[data-filter="components"] vscode-radio[value="never-executed"]').click();
    await preview.page.locator('[data-tab="configs"]').click();
    await preview.page.locator('[data-file="k8s/notes/deployment-patch.yaml"]').click();
  });
  after(() => preview?.close());

  it('saves the UI state only, never the data', async () => {
    const saved = await savedState();
    assert.deepEqual(saved, {
      section: 'configs',
      writableSort: { column: 'bytes', direction: 'desc' },
      writableFilter: 'var',
      componentFilter: 'never-executed',
      selectedFile: 'k8s/notes/deployment-patch.yaml',
      scrollTop: 0,
    } satisfies PreviewUiState);
  });

  it('after a reload asks the host for data again and shows nothing before it comes', async () => {
    await preview.page.reload();
    await preview.waitForPosted('ready');
    const [ready] = await preview.posted();
    assert.deepEqual(ready, { message: { type: 'ready' }, sectionsRendered: 0, loadingShown: true });
    await preview.page.waitForTimeout(200);
    assert.equal(await preview.page.locator('[data-section]').count(), 0);
  });

  it('comes back with the same tab, filter, sort, component filter and file once state arrives', async () => {
    await preview.deliver({ type: 'state', state });
    await preview.page.locator('[data-section="configs"]').waitFor();
    assert.equal(await preview.page.locator('[data-tab="configs"]').getAttribute('aria-selected'), 'true');
    assert.equal(await preview.page.locator('[data-file="k8s/notes/deployment-patch.yaml"]').getAttribute('aria-selected'), 'true');
    assert.equal(await preview.page.locator('[data-preview-file]').getAttribute('data-preview-file'), 'k8s/notes/deployment-patch.yaml');

    assert.equal(await preview.page.locator('[data-filter="writable"] input').inputValue(), 'var');
    assert.equal(await preview.page.locator('[data-row-count]').textContent(), '3 of 5');
    assert.equal(await preview.page.locator('[role="columnheader"]:has([data-sort="bytes"])').getAttribute('aria-sort'), 'descending');

    assert.equal(await preview.page.locator('[data-component][data-executed="true"]').count(), 0);
    assert.equal(await preview.page.locator('[data-filter="components"] vscode-radio[value="never-executed"]').getAttribute('aria-checked'), 'true');
  });

  it('falls back to defaults for a saved state it does not understand', async () => {
    await preview.page.evaluate(() => {
      const storage = (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage;
      storage.setItem('vscode-webview-state', JSON.stringify({ section: 'nonsense', writableSort: { column: 'innerHTML', direction: 'up' }, writableFilter: 42 }));
    });
    await preview.page.reload();
    await preview.showState(state);
    assert.equal(await preview.page.locator('[data-tab="writable"]').getAttribute('aria-selected'), 'true');
    assert.equal(await preview.page.locator('[role="columnheader"]:has([data-sort="path"])').getAttribute('aria-sort'), 'ascending');
    assert.equal(await preview.page.locator('[data-row-count]').textContent(), '5 of 5');
    assert.deepEqual(preview.pageErrors, []);
  });
});
