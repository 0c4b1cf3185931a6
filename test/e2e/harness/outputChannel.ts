import { pollUntil } from './deadline';
import type { Workbench } from './workbench';

const OUTPUT_TIMEOUT_MS = 15_000;

/**
 * Shows an output channel in the Output panel and returns its lines that contain `text`. The
 * panel's own filter box narrows the channel to them first, so they are on screen however long
 * the log is. Waits until at least one line contains it, then clears the filter.
 */
export async function readOutputLines(workbench: Workbench, channel: string, text: string): Promise<string[]> {
  await showOutputChannel(workbench, channel);
  const panel = workbench.page.locator('.part.panel');
  const filter = panel.locator('.viewpane-filter input').filter({ visible: true });
  await filter.fill(text);
  const lines = await pollUntil(
    async () => {
      const rendered = await panel.locator('.view-lines .view-line').allTextContents();
      const lines = rendered.map((line) => line.replace(/\u00a0/g, ' ').trimEnd()).filter((line) => line.includes(text));
      return lines.length > 0 ? lines : undefined;
    },
    { timeoutMs: OUTPUT_TIMEOUT_MS, message: `the "${channel}" output channel showed no line with "${text}"` },
  );
  // The panel's views share the filter text: leave none behind for the Problems panel.
  await filter.fill('');
  return lines;
}

/**
 * Output: Show Output Channels..., then the channel. The pick closes when something else takes the
 * focus (a panel an extension reveals a moment later), so a vanished pick is asked for again.
 */
async function showOutputChannel(workbench: Workbench, channel: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await workbench.runCommand('Output: Show Output Channels...');
      await workbench.pickQuickPickItem(channel);
      return;
    } catch (error) {
      if (attempt === 3) {
        throw error;
      }
    }
  }
}
