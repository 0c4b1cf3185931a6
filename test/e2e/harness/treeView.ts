import type { Locator, Page } from 'playwright-core';
import { optionalText } from './optionalText';

export interface TreeRow {
  label: string;
  description: string;
  /** 1 = top level. */
  depth: number;
}

/** A contributed tree view: VS Code labels its list with the view's name. */
export function treeView(page: Page, viewName: string): Locator {
  return page.locator(`.monaco-list[role="tree"][aria-label="${viewName}"]`);
}

/** The rows a tree view renders (those in view), top to bottom. */
export async function readTreeRows(page: Page, viewName: string): Promise<TreeRow[]> {
  const rows = treeView(page, viewName).locator('.monaco-list-row');
  const read: (TreeRow & { index: number })[] = [];
  for (const row of await rows.all()) {
    const text = (selector: string) => optionalText(row.locator(selector));
    read.push({
      label: await text('.label-name'),
      description: await text('.label-description'),
      depth: Number(await row.getAttribute('aria-level')),
      index: Number(await row.getAttribute('data-index')),
    });
  }
  // The list reuses row elements, so DOM order is not screen order.
  return read.sort((a, b) => a.index - b.index).map(({ label, description, depth }) => ({ label, description, depth }));
}
