import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostileNamesFailedVerify, hostileNamesState } from './harness/fixtureStates';
import { unexpectedViolations, type PreviewPage } from './harness/previewBrowser';
import { openShowing, previewBrowser } from './harness/sharedBrowser';

const HOSTILE_DIR = '/srv/<img src=x onerror=alert(1)>';
const HOSTILE_FILE = `${HOSTILE_DIR}/<svg onload=alert(2)>.txt`;
const INJECTION = '<img src=x onerror=alert(1)><svg onload=alert(2)></svg>';

interface MarkupFound {
  img: number;
  svgInLightDom: number;
  handlers: string[];
}

/**
 * File names from harden-fixture/hostile-names:test are HTML. They must reach the page as text:
 * no element made from them, no handler run. The last two tests show the same checks do catch an
 * element injected as markup, so a pass here means something.
 */
describe('Hardening Preview webview: names from the image are text, never markup', () => {
  let preview: PreviewPage;
  let scanSource: string;

  const scan = (page: PreviewPage): Promise<MarkupFound> => page.page.evaluate(scanSource) as Promise<MarkupFound>;

  before(async () => {
    scanSource = await readFile(join(__dirname, 'harness', 'markupScan.js'), 'utf8');
    ({ preview } = await openShowing(hostileNamesState));
    await preview.deliver({ type: 'verifyResult', result: await hostileNamesFailedVerify() });
    await preview.page.locator('[data-verify-result="failed"]').waitFor();
  });
  after(() => preview?.close());

  it('shows the HTML-named directory as a writable path, character for character', async () => {
    const row = preview.page.locator(`[data-row-path="${HOSTILE_DIR}"]`);
    assert.equal(await row.count(), 1);
    assert.equal(await row.locator('.path-cell').textContent(), HOSTILE_DIR);
    assert.equal(await row.locator('.path-cell').getAttribute('title'), HOSTILE_DIR);
  });

  it('shows the HTML-named file among the examples of the selected path', async () => {
    await preview.page.locator(`[data-row-path="${HOSTILE_DIR}"]`).click();
    assert.deepEqual(await preview.page.locator('.row-details .examples li').allTextContents(), [HOSTILE_FILE]);
  });

  it('shows the names in the verify problems and the generated files as text', async () => {
    const problems = await preview.page.locator('.verify-problems li').allTextContents();
    assert.ok(problems.some((text) => text.includes(`refused mkdir ${HOSTILE_DIR}: EROFS`)), problems.join(' | '));
    await preview.page.locator('[data-tab="configs"]').click();
    const compose = (await preview.page.locator('[data-preview-file="compose.hardened.yaml"] .code-text').allTextContents()).join('\n');
    assert.ok(compose.includes(`- ${HOSTILE_DIR}:rw,noexec`), compose);
    assert.ok(compose.includes(HOSTILE_FILE));
  });

  it('created no img, no svg and no handler attribute, opened no dialog, broke no CSP rule', async () => {
    await preview.page.waitForTimeout(300); // an onerror for src=x would have fired by now
    assert.deepEqual(await scan(preview), { img: 0, svgInLightDom: 0, handlers: [] });
    assert.deepEqual(preview.dialogs, []);
    assert.deepEqual(unexpectedViolations(await preview.violations()), []);
    assert.deepEqual(preview.pageErrors, []);
  });

  it('sibling check: the same scan and CSP record catch markup injected into this page', async () => {
    await preview.page.evaluate((markup) => {
      const page = globalThis as unknown as { document: { getElementById(id: string): { innerHTML: string } | null } };
      const probe = page.document.getElementById('app');
      if (probe) probe.innerHTML += markup;
    }, INJECTION);
    await preview.page.waitForTimeout(300);
    const found = await scan(preview);
    assert.equal(found.img, 1);
    assert.equal(found.svgInLightDom, 1);
    assert.deepEqual(found.handlers.sort(), ['img[onerror]', 'svg[onload]']);
    // The host's CSP still stops the handler here, and says so.
    const refused = unexpectedViolations(await preview.violations()).map((violation) => violation.directive);
    assert.ok(refused.includes('script-src-attr') || refused.includes('script-src'), `violations: ${refused.join(', ')}`);
    assert.deepEqual(preview.dialogs, []);
  });

  it('sibling check: without a CSP the injected handler runs, and the dialog listener sees it', async () => {
    const page = await (await previewBrowser()).open();
    try {
      await page.page.goto((await previewBrowser()).server.unprotectedUrl);
      await page.page.evaluate((markup) => {
        const window = globalThis as unknown as { document: { getElementById(id: string): { innerHTML: string } | null } };
        const probe = window.document.getElementById('app');
        if (probe) probe.innerHTML = markup;
      }, INJECTION);
      await page.page.waitForTimeout(300);
      assert.ok(page.dialogs.includes('1'), `dialogs: ${page.dialogs.join(', ')}`);
    } finally {
      await page.close();
    }
  });
});
