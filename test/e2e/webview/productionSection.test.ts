import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreviewPage } from './harness/previewBrowser';
import { unexpectedViolations } from './harness/previewBrowser';
import { INJECTION, productionState } from './harness/productionStates';
import { openShowing } from './harness/sharedBrowser';
import { testResultPath } from './harness/testResults';

type Variant = Parameters<typeof productionState>[0];

/**
 * The "Production image" tab, from real minify output of harden-fixture/redis-gosu:test: a
 * verified build, the same build with a failed verify of that image, nothing built, files left by
 * an earlier profile, and HTML in every string the init configuration and the manifest carry.
 */
describe('Hardening Preview webview: the production image section', () => {
  const pages: PreviewPage[] = [];
  const open = async (variant: Variant): Promise<PreviewPage> => {
    const { preview } = await openShowing(() => productionState(variant));
    pages.push(preview);
    await preview.page.locator('[data-tab="production"]').click();
    await preview.page.locator('[data-section="production"]').waitFor();
    return preview;
  };
  const section = (preview: PreviewPage) => preview.page.locator('[data-section="production"]');
  after(async () => {
    for (const page of pages) await page.close();
  });

  it('built and verified: sizes, files, packages, components, the init configuration, verified', async () => {
    const preview = await open('verified');
    assert.equal(await section(preview).getAttribute('data-production'), 'verified');
    assert.match((await preview.page.locator('[data-figure="size"]').textContent()) ?? '', /MiB → .*MiB \(\d+\.\d× smaller\)/);
    assert.match((await preview.page.locator('[data-figure="files"]').textContent()) ?? '', /^\d+ files kept \(.+\), \d+ removed$/);
    assert.match((await preview.page.locator('[data-figure="packages"]').textContent()) ?? '', /^\d+ kept, \d+ removed \(from the SBOMs\)$/);
    assert.ok((await preview.page.locator('.production-removed li').allTextContents()).includes('bash (shell)'));
    assert.equal(await preview.page.locator('[data-init="user"]').textContent(), 'drops to 100:101 before the app starts');
    assert.deepEqual(await preview.page.locator('[data-init="environment"] li').allTextContents(), ['HOME=/var/lib/redis']);
    assert.deepEqual(await preview.page.locator('[data-init="steps"] li').allTextContents(), ['chown /data to 100:101']);
    assert.deepEqual(await preview.page.locator('[data-init="exec"] .argv-word').allTextContents(), ['redis-server', '--port', '${REDIS_PORT:-6379}', '--dir', '/data', '--protected-mode', 'no']);
    assert.equal(await preview.page.locator('[data-production-verify="passed"]').count(), 1);
    assert.match((await preview.page.locator('[data-production-verify]').textContent()) ?? '', /verified works under compose\.prod\.yaml \(1 round/);
    assert.match((await preview.page.locator('.production-not-carried').textContent()) ?? '', /chown -R redis:redis \/data/);
    await preview.page.screenshot({ path: testResultPath('production-section-verified.png'), fullPage: true });
  });

  it('built but its verify failed: the problems, and "verified" nowhere', async () => {
    const preview = await open('failed');
    assert.equal(await section(preview).getAttribute('data-production'), 'not-verified');
    assert.equal(await preview.page.locator('[data-production-verify="failed"]').count(), 1);
    const problems = await preview.page.locator('[data-production-verify="failed"] li').allTextContents();
    assert.ok(problems.some((line) => line.includes('harden-init: cannot drop to user 100:101: setuid: Operation not permitted')), problems.join(' | '));
    assert.equal(await preview.page.locator('[data-production-verify="passed"]').count(), 0);
    assert.doesNotMatch((await section(preview).textContent()) ?? '', /verified works/);
    await preview.page.screenshot({ path: testResultPath('production-section-failed.png'), fullPage: true });
  });

  it('not built: one line saying what it would do, and the build button posts buildProduction', async () => {
    const preview = await open('not-built');
    assert.equal(await section(preview).getAttribute('data-production'), 'not-built');
    assert.match((await preview.page.locator('.production-would').textContent()) ?? '', /^Builds harden-fixture\/redis-gosu-prod:test \(you can name it\): only the files/);
    assert.equal(await preview.page.locator('[data-figure]').count(), 0);
    await preview.page.locator('[data-action="buildProduction"]').click();
    assert.deepEqual((await preview.postedMessages()).filter((message) => message.type === 'buildProduction'), [{ type: 'buildProduction' }]);
    await preview.deliver({ type: 'busy', action: 'production', busy: true });
    assert.equal(await preview.page.locator('[data-action="buildProduction"]').getAttribute('aria-busy'), 'true');
    // The toolkit reflects `disabled` to the attribute on its next update, not at once.
    await preview.page.locator('[data-action="apply"][disabled]').waitFor({ timeout: 5_000 });
    await preview.deliver({ type: 'busy', action: 'production', busy: false });
    assert.equal(await preview.page.locator('[data-action="buildProduction"]').textContent(), 'Build production image');
    await preview.page.screenshot({ path: testResultPath('production-section-not-built.png'), fullPage: true });
  });

  it('stale: files from an earlier profile are shown as stale, none of their figures as current', async () => {
    const preview = await open('stale');
    assert.equal(await section(preview).getAttribute('data-production'), 'stale');
    assert.match((await preview.page.locator('[data-production-stale]').textContent()) ?? '', /^stale Dockerfile\.prod, compose\.prod\.yaml, manifest\.prod\.yaml beside this manifest were built from an earlier profile \(of 2026-12-01T01:5\d:\d\d\.\d+Z\), not from this one \(of 2026-12-02T08:00:00\.000Z\)/);
    assert.equal(await preview.page.locator('[data-figure]').count(), 0);
    assert.equal(await preview.page.locator('[data-production-verify]').count(), 0);
    await preview.page.screenshot({ path: testResultPath('production-section-stale.png'), fullPage: true });
  });

  it('hostile strings from the image and its scripts stay text: no element, no handler, no CSP violation', async () => {
    const preview = await open('hostile');
    await preview.page.waitForTimeout(300); // an onerror for src=x would have fired by now
    const scan = (await preview.page.evaluate(await readFile(join(__dirname, 'harness', 'markupScan.js'), 'utf8'))) as { img: number; svgInLightDom: number; handlers: string[] };
    assert.deepEqual(scan, { img: 0, svgInLightDom: 0, handlers: [] });
    assert.deepEqual(await preview.page.locator('[data-init="environment"] li').allTextContents(), [`GREETING=${INJECTION} (default)`]);
    assert.deepEqual(await preview.page.locator('[data-init="seeds"] li').allTextContents(), [`/srv/${INJECTION} ← /.harden/seed/x (when empty)`]);
    assert.ok((await preview.page.locator('.production-not-carried li').allTextContents()).some((line) => line.includes(INJECTION)));
    assert.deepEqual(preview.dialogs, []);
    assert.deepEqual(unexpectedViolations(await preview.violations()), []);
  });

  it('the same scan finds markup when a string does become HTML (the check can fail)', async () => {
    const preview = pages[pages.length - 1] as PreviewPage;
    await preview.page.locator('[data-init="environment"]').evaluate((element, html) => element.insertAdjacentHTML('beforeend', html), '<img src=x onerror="void 0">');
    const scan = (await preview.page.evaluate(await readFile(join(__dirname, 'harness', 'markupScan.js'), 'utf8'))) as { img: number; handlers: string[] };
    assert.equal(scan.img, 1);
    assert.deepEqual(scan.handlers, ['img[onerror]']);
  });
});
