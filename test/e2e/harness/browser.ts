import { chromium, type Browser, type Page } from 'playwright-core';
import type { E2eTools } from './e2eTools';

/** Flags for a headless Chromium on a CI machine: root (no sandbox), no GPU, no network of its own. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const LAUNCH_TIMEOUT_MS = 60_000;

/** Debian's Chromium, never a browser playwright would download. */
export function launchChromium(tools: E2eTools): Promise<Browser> {
  return launchChromiumAt(tools.chromium);
}

/** The same headless Chromium from a given binary (the webview suite runs without code-server's tools). */
export function launchChromiumAt(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: LAUNCH_TIMEOUT_MS });
}

/** A page large enough for the editor, the side bar and the panel to be readable in screenshots. */
export async function newWorkbenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  return context.newPage();
}
