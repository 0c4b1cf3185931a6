import type { PreviewState } from '../../../../src/protocol/previewProtocol';
import { PreviewBrowser, type PreviewPage } from './previewBrowser';
import type { Theme } from './previewServer';

let shared: Promise<PreviewBrowser> | undefined;

/** One Chromium and one page server for the whole run; each test file opens its own pages. */
export function previewBrowser(): Promise<PreviewBrowser> {
  shared ??= PreviewBrowser.launch();
  return shared;
}

/** A page that has done the handshake and shows `makeState()`; close it in the file's `after`. */
export async function openShowing(makeState: () => Promise<PreviewState>, theme: Theme = 'dark'): Promise<{ preview: PreviewPage; state: PreviewState }> {
  const [browser, state] = await Promise.all([previewBrowser(), makeState()]);
  const preview = await browser.open(theme);
  await preview.showState(state);
  return { preview, state };
}

/** Mocha root hooks (required by test/e2e/.mocharc.webview.json). */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    if (shared) await (await shared).close();
  },
};
