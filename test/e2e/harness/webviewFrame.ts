import type { FrameLocator, Page } from 'playwright-core';

/**
 * The document of an extension's visible webview. VS Code 1.139 nests it twice: an outer
 * `iframe.webview` (VS Code's host page, its src names the extension) around `iframe#active-frame`,
 * which holds the extension's HTML.
 */
export function webviewDocument(page: Page, extensionId: string): FrameLocator {
  return page
    .locator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`)
    .filter({ visible: true })
    .first()
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
}

/** The `extensionId` VS Code gives the webviews on screen (to say which are there when one is missing). */
export async function visibleWebviewExtensions(page: Page): Promise<string[]> {
  const frames = await page.locator('iframe.webview').filter({ visible: true }).all();
  const sources = await Promise.all(frames.map(async (frame) => (await frame.getAttribute('src')) ?? ''));
  return sources.map((src) => new URL(src, 'http://localhost').searchParams.get('extensionId') ?? '(unknown)');
}
