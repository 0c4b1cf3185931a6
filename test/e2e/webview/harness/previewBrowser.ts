import type { Browser, Page } from 'playwright-core';
import { launchChromiumAt } from '../../harness/browser';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../../../src/protocol/previewProtocol';
import { startPreviewServer, type PreviewServer, type Theme } from './previewServer';

/** Debian's Chromium; playwright never downloads a browser here (scripts/ensure-e2e.sh installs it). */
const CHROMIUM = process.env.HARDEN_CHROMIUM ?? '/usr/bin/chromium';

/** One message the webview posted, with what the page showed at that moment. */
export interface PostedRecord {
  message: WebviewToHostMessage;
  sectionsRendered: number;
  loadingShown: boolean;
}

export interface CspViolation {
  directive: string;
  blocked: string;
  sample: string;
  /** script:line:column that caused it. */
  source: string;
}

/** The recorder vscodeApiStub.js installs on the page. */
interface PageRecorder {
  posted: PostedRecord[];
  violations: CspViolation[];
}
type RecordedWindow = { __hardenTest: PageRecorder; postMessage(message: unknown, targetOrigin: string): void };

/**
 * The violations the page reported, less the one the toolkit cannot avoid: at load, FAST checks for
 * `:focus-visible` support by appending an empty <style> element (fast-web-utilities
 * canUseFocusVisible), which a CSP without 'unsafe-inline' refuses. Nothing is lost: FAST falls back
 * to `:focus`. Every other violation — a style attribute, an inline script or handler — counts.
 */
export function unexpectedViolations(violations: readonly CspViolation[]): CspViolation[] {
  let focusVisibleProbe = false;
  return violations.filter((violation) => {
    const isProbe = violation.directive === 'style-src-elem' && violation.blocked === 'inline' && violation.sample === '';
    if (isProbe && !focusVisibleProbe) {
      focusVisibleProbe = true;
      return false;
    }
    return true;
  });
}

export class PreviewPage {
  /** Texts of every alert/confirm/prompt the page opened (dismissed at once). */
  readonly dialogs: string[] = [];
  readonly pageErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }

  /** As the host's webview.postMessage arrives in the page: a window message event. */
  async deliver(message: HostToWebviewMessage): Promise<void> {
    await this.page.evaluate((data) => (globalThis as unknown as RecordedWindow).postMessage(data, '*'), message);
  }

  async posted(): Promise<PostedRecord[]> {
    return this.page.evaluate(() => (globalThis as unknown as RecordedWindow).__hardenTest.posted);
  }

  async postedMessages(): Promise<WebviewToHostMessage[]> {
    return (await this.posted()).map((record) => record.message);
  }

  async violations(): Promise<CspViolation[]> {
    return this.page.evaluate(() => (globalThis as unknown as RecordedWindow).__hardenTest.violations);
  }

  /** Waits until the webview has posted `count` messages of `type` in this page load. */
  async waitForPosted(type: WebviewToHostMessage['type'], count = 1): Promise<void> {
    await this.page.waitForFunction(
      ([wanted, times]) => (globalThis as unknown as RecordedWindow).__hardenTest?.posted.filter((record) => record.message.type === wanted).length >= times,
      [type, count] as const,
    );
  }

  /** Loads the page and answers the ready handshake with `state`, as the host does. */
  async showState(state: Extract<HostToWebviewMessage, { type: 'state' }>['state']): Promise<void> {
    await this.waitForPosted('ready');
    await this.deliver({ type: 'state', state });
    await this.page.locator('[data-section="writable"]').waitFor({ state: 'attached' });
  }
}

export class PreviewBrowser {
  private constructor(
    private readonly browser: Browser,
    readonly server: PreviewServer,
  ) {}

  static async launch(): Promise<PreviewBrowser> {
    const server = await startPreviewServer();
    const browser = await launchChromiumAt(CHROMIUM);
    return new PreviewBrowser(browser, server);
  }

  async open(theme: Theme = 'dark', viewport = { width: 1280, height: 820 }): Promise<PreviewPage> {
    const context = await this.browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: theme });
    const preview = new PreviewPage(await context.newPage());
    await preview.page.goto(this.server.pageUrl(theme));
    return preview;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}
