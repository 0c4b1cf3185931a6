import type { Page } from 'playwright-core';

const STEP_TIMEOUT_MS = 30_000;

/**
 * The input box a command opened (window.showInputBox, drawn by the quick input widget): what it
 * offers, then `value` typed over it and Enter. Returns the offered text.
 */
export async function answerInputBox(page: Page, value: string, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await box.waitFor({ state: 'visible', timeout: timeoutMs });
  const offered = await box.inputValue();
  await box.fill(value);
  await box.press('Enter');
  await box.waitFor({ state: 'hidden', timeout: timeoutMs });
  return offered;
}
