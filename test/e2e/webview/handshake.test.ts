import assert from 'node:assert/strict';
import type { PreviewState } from '../../../src/protocol/previewProtocol';
import { notesState } from './harness/fixtureStates';
import type { PreviewBrowser } from './harness/previewBrowser';
import { previewBrowser } from './harness/sharedBrowser';

describe('Hardening Preview webview: the ready handshake', () => {
  let browser: PreviewBrowser;
  let state: PreviewState;

  before(async () => {
    [browser, state] = await Promise.all([previewBrowser(), notesState()]);
  });

  it('posts ready once on load, showing only a loading state until the host sends state', async () => {
    const preview = await browser.open();
    try {
      await preview.waitForPosted('ready');
      const [ready] = await preview.posted();
      assert.deepEqual(ready, { message: { type: 'ready' }, sectionsRendered: 0, loadingShown: true });

      // However long the host takes, nothing but the loading state appears without data.
      await preview.page.waitForTimeout(300);
      assert.equal(await preview.page.locator('[data-section]').count(), 0);
      assert.equal(await preview.page.locator('[data-action]').count(), 0);
      assert.equal(await preview.page.locator('#app [data-loading]').count(), 1);

      await preview.deliver({ type: 'state', state });
      await preview.page.locator('[data-section="writable"]').waitFor();
      assert.equal(await preview.page.locator('[data-loading]').count(), 0);
      assert.deepEqual(await preview.postedMessages(), [{ type: 'ready' }]);
    } finally {
      await preview.close();
    }
  });

  it('ignores messages that are not the protocol’s, and holds busy flags that come before state', async () => {
    const preview = await browser.open();
    try {
      await preview.waitForPosted('ready');
      await preview.page.evaluate(() => {
        const page = globalThis as unknown as { postMessage(message: unknown, origin: string): void };
        page.postMessage('not an object', '*');
        page.postMessage({ type: 'somethingElse', state: {} }, '*');
        page.postMessage({ command: 'state' }, '*');
      });
      await preview.deliver({ type: 'busy', action: 'verify', busy: true });
      await preview.page.waitForTimeout(100);
      assert.equal(await preview.page.locator('[data-section]').count(), 0);

      await preview.deliver({ type: 'state', state });
      const verify = preview.page.locator('[data-action="verify"]');
      await verify.waitFor();
      assert.equal(await verify.getAttribute('aria-busy'), 'true');
      assert.deepEqual(preview.pageErrors, []);
    } finally {
      await preview.close();
    }
  });
});
