import { optionalText } from './optionalText';
import type { Workbench } from './workbench';

/** One row of the Problems panel, as shown. */
export interface ProblemRow {
  severity: 'error' | 'warning' | 'info' | 'unknown';
  message: string;
  source: string;
  code: string;
  /** The code's link (a diagnostic's `code.target`), when it has one. */
  codeHref: string | null;
  /** As shown: "[Ln 4, Col 5]". */
  position: string;
}

/** Opens the Problems panel, clears its filter and reads its marker rows (not the file rows). */
export async function readProblems(workbench: Workbench): Promise<ProblemRow[]> {
  await workbench.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const panel = workbench.page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout: 15_000 });
  // The panel's views share their filter text; another view's must not hide problems.
  await workbench.page.locator('.part.panel .viewpane-filter input').filter({ visible: true }).fill('');
  const rows = panel.locator('.monaco-list-row:has(.marker-message)');
  const problems: ProblemRow[] = [];
  for (const row of await rows.all()) {
    const text = (selector: string) => optionalText(row.locator(selector));
    const iconClass = (await row.locator('.marker-icon').first().getAttribute('class')) ?? '';
    const severity = (['error', 'warning', 'info'] as const).find((level) => iconClass.split(/\s+/).includes(level));
    problems.push({
      severity: severity ?? 'unknown',
      message: await text('.marker-message'),
      source: await text('.marker-source'),
      code: await text('.marker-code'),
      codeHref: (await row.locator('a.monaco-link').count()) > 0 ? await row.locator('a.monaco-link').first().getAttribute('href') : null,
      position: await text('.marker-line'),
    });
  }
  return problems;
}
