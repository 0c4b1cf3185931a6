import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { pollUntil } from './deadline';
import { optionalText } from './optionalText';

/** Where screenshots (and copied logs) go: test-results/ at the repository root, git-ignored. */
export const RESULTS_DIR = join(__dirname, '..', '..', '..', 'test-results');

const READY_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 60_000;

/** A text to match exactly, or a pattern. */
export type TextMatch = string | RegExp;

function matches(text: string, expected: TextMatch): boolean {
  const normalized = text.replace(/\u00a0/g, ' ').trim();
  return typeof expected === 'string' ? normalized === expected : expected.test(normalized);
}

function describe(expected: TextMatch): string {
  return typeof expected === 'string' ? `"${expected}"` : String(expected);
}

/**
 * The VS Code workbench in the page, driven the way a person drives it: the command palette,
 * Quick Open, Go to Line, the keyboard. Selectors are VS Code 1.139's (code-server 4.139).
 */
export class Workbench {
  constructor(readonly page: Page) {}

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private get quickInputBox(): Locator {
    return this.quickInput.locator('.quick-input-box input');
  }

  /** Waits for the workbench, the explorer showing the folder and a status bar. */
  async waitUntilReady(): Promise<void> {
    await this.page
      .locator('.monaco-workbench .part.statusbar')
      .waitFor({ state: 'visible', timeout: READY_TIMEOUT_MS })
      .catch(() => {
        throw new Error(`the VS Code workbench did not appear within ${READY_TIMEOUT_MS / 1000} s`);
      });
    await this.page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: READY_TIMEOUT_MS });
  }

  /** F1, the command's title, then the row with exactly that title. */
  async runCommand(title: string, timeoutMs = COMMAND_TIMEOUT_MS): Promise<void> {
    await this.chooseInFreshQuickInput('F1', `>${title}`, title, `the command palette offered no command ${describe(title)}`, timeoutMs);
  }

  /** Picks an item in the quick pick that is open (one a command showed). */
  async pickQuickPickItem(label: TextMatch, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    await this.quickInputBox.waitFor({ state: 'visible', timeout: timeoutMs });
    if (typeof label === 'string') {
      await this.quickInputBox.fill(label);
    }
    if (!(await this.chooseQuickInputRow(label, timeoutMs))) {
      throw await this.noRowError(`the quick pick offered no item ${describe(label)}`, timeoutMs);
    }
  }

  /** The labels the open quick pick shows (for messages). */
  async quickPickLabels(): Promise<string[]> {
    return (await this.quickInput.locator('.monaco-list-row .label-name').allTextContents()).map((text) => text.trim());
  }

  /** Quick Open (Ctrl+P) on a workspace-relative path; waits for its editor tab. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.chooseInFreshQuickInput('Control+P', relativePath, name, `Quick Open found no file ${relativePath}`, COMMAND_TIMEOUT_MS);
    await this.page
      .locator(`.tabs-container .tab.active[data-resource-name="${name}"]`)
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await this.waitForEditorFocus();
  }

  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Go to Line (Ctrl+G), 1-based line and column; the editor has the focus afterwards. */
  async goToLine(line: number, column = 1): Promise<void> {
    // Go to Line's box starts with ":"; without it the text would be a file search.
    await this.openQuickInput('Control+G', `:${line}:${column}`);
    await this.quickInputBox.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await this.waitForEditorFocus();
  }

  async waitForEditorFocus(): Promise<void> {
    await this.activeEditor.and(this.page.locator('.focused')).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  }

  /** Ctrl+S, then waits until the active tab is no longer dirty. */
  async saveActiveEditor(): Promise<void> {
    await this.waitForEditorFocus();
    await this.page.keyboard.press('Control+S');
    await this.page
      .locator('.tabs-container .tab.active:not(.dirty)')
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  }

  /** The messages of the notification toasts on screen. */
  async notificationMessages(): Promise<string[]> {
    const messages = await this.page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
    return messages.map((message) => message.trim());
  }

  /** The messages of the error notifications on screen (a failed command shows one). */
  async errorNotificationMessages(): Promise<string[]> {
    const errors = this.page.locator('.notifications-toasts .notification-list-item:has(.codicon-error) .notification-list-item-message');
    return (await errors.allTextContents()).map((message) => message.trim());
  }

  /** Waits for a notification toast whose message matches; returns that toast. */
  async waitForNotification(message: TextMatch, timeoutMs = STEP_TIMEOUT_MS): Promise<Locator> {
    const toasts = this.page.locator('.notifications-toasts .notification-list-item');
    return pollUntil(
      async () => {
        for (const toast of await toasts.all()) {
          // A toast can go between all() and here (VS Code hides or replaces them): do not wait on it.
          const text = await toast.locator('.notification-list-item-message').textContent({ timeout: 1_000 }).catch(() => null);
          if (text !== null && matches(text, message)) {
            return toast;
          }
        }
        return undefined;
      },
      { timeoutMs, message: `no notification ${describe(message)} appeared` },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; on screen: ${JSON.stringify(await this.notificationMessages())}`);
    });
  }

  /** Clicks a button of a notification toast. */
  async clickNotificationButton(toast: Locator, button: string): Promise<void> {
    await toast.locator('.monaco-button', { hasText: button }).first().click({ timeout: STEP_TIMEOUT_MS });
  }

  /** The modal dialog on screen (showWarningMessage with `modal: true`, confirmations), if any. */
  get modalDialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  async modalDialogMessage(): Promise<string> {
    return ((await this.modalDialog.locator('.dialog-message-container').textContent()) ?? '').trim();
  }

  async clickModalDialogButton(button: string): Promise<void> {
    await this.modalDialog.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
    await this.modalDialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /** A full-page screenshot into test-results/<name>.png; returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /**
   * Opens a quick input with `shortcut`, types `text` and chooses the row labelled `label`. Early
   * on, the palette lacks the extensions' commands and Quick Open the files (the extension host and
   * the file search are still starting) and neither refreshes while open: it is opened again
   * until the row is there.
   */
  private async chooseInFreshQuickInput(shortcut: string, text: string, label: string, failure: string, timeoutMs: number): Promise<void> {
    const started = Date.now();
    for (;;) {
      await this.openQuickInput(shortcut, text);
      const left = timeoutMs - (Date.now() - started);
      if (await this.chooseQuickInputRow(label, Math.min(left, 3_000))) {
        return;
      }
      if (left <= 3_000) {
        throw await this.noRowError(failure, timeoutMs);
      }
    }
  }

  private async openQuickInput(shortcut: string, text: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press(shortcut);
    await this.quickInputBox.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await this.quickInputBox.fill(text);
  }

  private async closeQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    }
  }

  /**
   * Moves the quick input's focus to the row whose label matches (arrow keys) and presses Enter,
   * as a person would: the keyboard cannot hit an overlay that is fading out, a click can. Keys go
   * to the quick input's own box, never to whatever has the focus (an editor would take them as
   * typing).
   * False when no such row showed up in time, or the quick input closed (another part of the
   * workbench took the focus) before it did.
   */
  private async chooseQuickInputRow(label: TextMatch, timeoutMs: number): Promise<boolean> {
    const rows = this.quickInput.locator('.monaco-list-row');
    const labelOf = (row: Locator) => optionalText(row.locator('.label-name'));
    const outcome = await pollUntil(
      async () => {
        if (!(await this.quickInput.isVisible())) {
          return 'closed';
        }
        const focused = rows.and(this.page.locator('.focused'));
        if ((await focused.count()) === 1 && matches(await labelOf(focused), label)) {
          await this.quickInputBox.press('Enter', { timeout: 1_000 });
          return 'chosen';
        }
        for (const row of await rows.all()) {
          if (matches(await labelOf(row), label)) {
            await this.quickInputBox.press('ArrowDown', { timeout: 1_000 });
            return undefined;
          }
        }
        return undefined;
      },
      { timeoutMs, intervalMs: 100, message: 'no row' },
    ).catch(() => 'missing');
    return outcome === 'chosen';
  }

  private async noRowError(failure: string, timeoutMs: number): Promise<Error> {
    if (!(await this.quickInput.isVisible())) {
      return new Error(`${failure}: it closed (something else took the focus)`);
    }
    return new Error(`${failure} within ${Math.round(timeoutMs / 1000)} s; it showed ${JSON.stringify(await this.quickPickLabels())}`);
  }
}
