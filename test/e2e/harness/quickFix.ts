import type { Workbench } from './workbench';

const MENU_TIMEOUT_MS = 15_000;

/** The titles the Quick Fix menu (Ctrl+.) offers at a 1-based line and column; closes it again. */
export async function quickFixTitles(workbench: Workbench, line: number, column: number): Promise<string[]> {
  const menu = await openQuickFixMenu(workbench, line, column);
  const titles = (await menu.locator('.monaco-list-row.action .title').allTextContents()).map((title) => title.trim());
  await workbench.page.keyboard.press('Escape');
  return titles;
}

/** Ctrl+. at a 1-based line and column, then the action with exactly this title. */
export async function applyQuickFix(workbench: Workbench, line: number, column: number, title: string): Promise<void> {
  const menu = await openQuickFixMenu(workbench, line, column);
  const action = menu.locator('.monaco-list-row.action').filter({
    has: workbench.page.locator('.title').getByText(title, { exact: true }),
  });
  if ((await action.count()) === 0) {
    const offered = await menu.locator('.monaco-list-row.action .title').allTextContents();
    throw new Error(`the Quick Fix menu at ${line}:${column} has no "${title}"; it offers ${JSON.stringify(offered)}`);
  }
  await action.first().click();
  await menu.waitFor({ state: 'hidden', timeout: MENU_TIMEOUT_MS });
}

async function openQuickFixMenu(workbench: Workbench, line: number, column: number) {
  await workbench.goToLine(line, column);
  await workbench.page.keyboard.press('Control+.');
  // 1.139 keeps an empty submenu panel with the same class beside the menu.
  const menu = workbench.page.locator('.action-widget:not(.action-list-submenu-panel)');
  await menu
    .locator('.monaco-list-row.action')
    .first()
    .waitFor({ state: 'visible', timeout: MENU_TIMEOUT_MS })
    .catch(() => {
      throw new Error(`Ctrl+. at ${line}:${column} showed no code action within ${MENU_TIMEOUT_MS / 1000} s`);
    });
  return menu;
}
