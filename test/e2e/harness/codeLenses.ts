import type { Workbench } from './workbench';

/** The titles of the code lenses the active editor shows, top to bottom, as rendered. */
export async function codeLensTitles(workbench: Workbench): Promise<string[]> {
  const titles = await workbench.activeEditor.locator('.codelens-decoration a, .codelens-decoration span').allTextContents();
  return titles.map((title) => title.trim()).filter((title) => title !== '' && title !== '|');
}
