import type { Locator } from 'playwright-core';

/**
 * The trimmed text of the first element a locator finds, '' when there is none, without waiting:
 * for parts of a rendered row that VS Code leaves out when empty (a tree item's description).
 */
export async function optionalText(locator: Locator): Promise<string> {
  const first = locator.first();
  if ((await first.count()) === 0) {
    return '';
  }
  return ((await first.textContent({ timeout: 1_000 })) ?? '').replace(/\u00a0/g, ' ').trim();
}
