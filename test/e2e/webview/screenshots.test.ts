import assert from 'node:assert/strict';
import type { PreviewState } from '../../../src/protocol/previewProtocol';
import { hostileNamesFailedVerify, notesState } from './harness/fixtureStates';
import type { PreviewBrowser } from './harness/previewBrowser';
import { previewBrowser } from './harness/sharedBrowser';
import { testResultPath } from './harness/testResults';
import type { Theme } from './harness/previewServer';

/** Screenshots for people to look at (test-results/webview-*.png); nothing is compared. */
describe('Hardening Preview webview: screenshots in light and dark themes', () => {
  let browser: PreviewBrowser;
  let state: PreviewState;

  before(async () => {
    [browser, state] = await Promise.all([previewBrowser(), notesState()]);
  });

  for (const theme of ['dark', 'light'] as const satisfies readonly Theme[]) {
    it(`saves every section in the ${theme} theme`, async () => {
      const preview = await browser.open(theme);
      try {
        await preview.showState(state);
        await preview.page.locator('[data-row-path="/var/lib/notes"]').click();
        await shoot(preview.page, `webview-${theme}-writable.png`);
        for (const section of ['components', 'runtime', 'configs'] as const) {
          await preview.page.locator(`[data-tab="${section}"]`).click();
          await preview.page.locator(`[data-section="${section}"]`).waitFor();
          await shoot(preview.page, `webview-${theme}-${section}.png`);
        }
        await preview.deliver({ type: 'verifyResult', result: await hostileNamesFailedVerify() });
        await preview.deliver({ type: 'busy', action: 'reprofile', busy: true });
        await preview.page.locator('[data-verify-result="failed"]').waitFor();
        await shoot(preview.page, `webview-${theme}-verify-failed.png`);
        assert.deepEqual(preview.pageErrors, []);
      } finally {
        await preview.close();
      }
    });
  }
});

async function shoot(page: import('playwright-core').Page, name: string): Promise<void> {
  // Let the tab indicator's transition and fonts settle.
  await page.waitForTimeout(150);
  await page.screenshot({ path: testResultPath(name) });
}
