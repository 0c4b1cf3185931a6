import type { Locator, Page } from 'playwright-core';
import { pollUntil } from './deadline';
import { optionalText } from './optionalText';

const STEP_TIMEOUT_MS = 15_000;

function widget(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

function inputBox(page: Page): Locator {
  return widget(page).locator('.quick-input-box input');
}

/** Types `text` into the input box a command showed (its prompt matching `prompt`) and presses Enter. */
export async function answerInputBox(page: Page, prompt: RegExp, text: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  await pollUntil(async () => (prompt.test(await optionalText(widget(page).locator('.quick-input-message'))) ? true : undefined), {
    timeoutMs,
    message: `no input box asking ${String(prompt)} appeared`,
  });
  await inputBox(page).fill(text);
  await inputBox(page).press('Enter');
}

/** The rows of the open quick pick: label, description, and whether a multi-select row is checked. */
export async function quickPickRows(page: Page): Promise<Array<{ label: string; description: string; checked: boolean }>> {
  const rows = await widget(page).locator('.monaco-list-row').all();
  return Promise.all(
    rows.map(async (row) => ({
      label: await optionalText(row.locator('.label-name')),
      description: await optionalText(row.locator('.label-description')),
      checked: (await row.getAttribute('aria-checked')) === 'true',
    })),
  );
}

/**
 * In the open multi-select quick pick, leaves exactly the rows labelled `labels` checked (a click on
 * a row's label toggles it, as for a person), then presses Enter.
 */
export async function checkOnly(page: Page, labels: readonly string[], timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  for (;;) {
    const rows = await quickPickRows(page);
    const wrong = rows.find((row) => row.checked !== labels.includes(row.label));
    if (!wrong) break;
    const row = widget(page).locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: wrong.label }) }).first();
    const before = wrong.checked;
    await row.locator('.quick-input-list-label').click();
    await pollUntil(async () => (((await row.getAttribute('aria-checked')) === 'true') !== before ? true : undefined), {
      timeoutMs,
      message: `the row ${wrong.label} did not toggle`,
    });
  }
  await inputBox(page).press('Enter');
}
