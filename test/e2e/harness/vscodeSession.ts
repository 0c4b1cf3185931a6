import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newWorkbenchPage } from './browser';
import { installExtension, startCodeServer, type CodeServerDirs, type RunningCodeServer } from './codeServer';
import { withinDeadline } from './deadline';
import { loadE2eTools } from './e2eTools';
import { copyFixtureWorkspace, FIXTURE_WORKSPACE } from './fixtureWorkspace';
import { writeUserSettings } from './userSettings';
import { RESULTS_DIR, Workbench } from './workbench';

export interface VscodeSessionOptions {
  /** The .vsix to install with code-server's --install-extension. */
  vsix: string;
  /** The folder to copy and open (default: test/e2e/workspace). */
  workspace?: string;
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
}

const CLOSE_TIMEOUT_MS = 30_000;

/**
 * One code-server with the extension installed, a Chromium page on it and a copy of the fixture
 * workspace, all in one temp folder. close() ends the browser and the server and removes the
 * folder, also after a failed start; whatever it did not get to is ended when the process exits.
 */
export class VscodeSession {
  /** Dialogs (alert, confirm, prompt) any frame of the page opened; each is dismissed. */
  readonly dialogs: string[] = [];

  private constructor(
    readonly root: string,
    private readonly removeRoot: () => void,
    readonly workspaceDir: string,
    readonly page: Page,
    readonly workbench: Workbench,
    private readonly browser: Browser,
    private readonly server: RunningCodeServer,
  ) {
    page.on('dialog', (dialog) => {
      this.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
  }

  static async start(options: VscodeSessionOptions): Promise<VscodeSession> {
    const tools = loadE2eTools();
    const root = mkdtempSync(join(tmpdir(), 'harden-e2e-'));
    const removeRoot = () => rmSync(root, { recursive: true, force: true });
    process.once('exit', removeRoot);
    const forgetRoot = () => {
      removeRoot();
      process.off('exit', removeRoot);
    };
    const dirs: CodeServerDirs = {
      userDataDir: join(root, 'user-data'),
      extensionsDir: join(root, 'extensions'),
      stateDir: join(root, 'state'),
    };
    let server: RunningCodeServer | undefined;
    let browser: Browser | undefined;
    try {
      for (const dir of Object.values(dirs)) {
        mkdirSync(dir, { recursive: true });
      }
      writeUserSettings(dirs.userDataDir, options.settings);
      installExtension(tools, dirs, options.vsix);
      const workspaceDir = copyFixtureWorkspace(root, options.workspace ?? FIXTURE_WORKSPACE);
      server = await startCodeServer(tools, dirs);
      browser = await launchChromium(tools);
      const page = await newWorkbenchPage(browser);
      const session = new VscodeSession(root, forgetRoot, workspaceDir, page, new Workbench(page), browser, server);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspaceDir)}`);
      await session.workbench.waitUntilReady();
      return session;
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await server?.stop().catch(() => undefined);
      if (server) {
        keepLog(server.log);
      }
      forgetRoot();
      throw error;
    }
  }

  /** Ends the browser and code-server (keeping its log in test-results/), removes the temp folder. */
  async close(): Promise<void> {
    const problems: string[] = [];
    const step = async (what: string, action: () => Promise<void>) => {
      try {
        await withinDeadline(action(), CLOSE_TIMEOUT_MS, `${what} did not finish within ${CLOSE_TIMEOUT_MS / 1000} s`);
      } catch (error) {
        problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    await step('closing Chromium', () => this.browser.close());
    await step('stopping code-server', () => this.server.stop());
    keepLog(this.server.log);
    this.removeRoot();
    if (problems.length > 0) {
      throw new Error(`cleaning up the e2e session: ${problems.join('; ')}`);
    }
  }
}

function keepLog(log: string): void {
  try {
    mkdirSync(RESULTS_DIR, { recursive: true });
    copyFileSync(log, join(RESULTS_DIR, 'e2e-code-server.log'));
  } catch {
    // No log was written.
  }
}
