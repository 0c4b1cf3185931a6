import type { Workbench } from './workbench';

const MENU_TIMEOUT_MS = 20_000;
const MENU_ATTEMPT_MS = 4_000;

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

/**
 * Go to Line, then Ctrl+. until the menu shows an action: a press made while the editor is still
 * settling (code lenses moving lines, diagnostics being replaced) can show nothing.
 */
async function openQuickFixMenu(workbench: Workbench, line: number, column: number) {
  // 1.139 keeps an empty submenu panel with the same class beside the menu.
  const menu = workbench.page.locator('.action-widget:not(.action-list-submenu-panel)');
  const firstAction = menu.locator('.monaco-list-row.action').first();
  await workbench.goToLine(line, column);
  const started = Date.now();
  for (;;) {
    await workbench.waitForEditorFocus();
    await workbench.page.keyboard.press('Control+.');
    try {
      await firstAction.waitFor({ state: 'visible', timeout: MENU_ATTEMPT_MS });
      return menu;
    } catch {
      if (Date.now() - started >= MENU_TIMEOUT_MS) {
        throw new Error(`Ctrl+. at ${line}:${column} showed no code action within ${MENU_TIMEOUT_MS / 1000} s`);
      }
      await workbench.page.keyboard.press('Escape');
      await workbench.goToLine(line, column);
    }
  }
}
