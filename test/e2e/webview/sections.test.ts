import assert from 'node:assert/strict';
import type { PreviewState } from '../../../src/protocol/previewProtocol';
import { notesState } from './harness/fixtureStates';
import { unexpectedViolations, type PreviewPage } from './harness/previewBrowser';
import { openShowing } from './harness/sharedBrowser';

describe('Hardening Preview webview: the four sections (notes manifest)', () => {
  let state: PreviewState;
  let preview: PreviewPage;

  before(async () => ({ preview, state } = await openShowing(notesState)));
  after(() => preview?.close());

  it('shows the image, how it runs and the last verify result in the header', async () => {
    const header = preview.page.locator('.preview-header');
    assert.equal(await header.locator('h1').textContent(), 'harden-example/notes:latest');
    const meta = (await header.locator('.image-meta').textContent()) ?? '';
    assert.match(meta, /1f63b6ae2b2e/);
    assert.match(meta, /\.harden\/notes\/manifest\.yaml/);
    assert.match(meta, /runs as root/);
    assert.equal(await preview.page.locator('[data-verify-result="passed"]').count(), 1);
  });

  it('lists every writable path with its kind, mount, writers, files and bytes', async () => {
    const row = preview.page.locator('[data-row-path="/var/lib/notes"]');
    const cells = await row.locator('[role="gridcell"]').allTextContents();
    assert.deepEqual(cells, ['/var/lib/notes', 'data', 'volume notes-var-lib-notes', 'python3 (uid 0)', '1', '0 B']);
    assert.equal(await preview.page.locator('[data-row-count]').textContent(), '5 of 5');
    const paths = await preview.page.locator('[data-row-path]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row-path')));
    assert.deepEqual([...paths].sort(), state.writablePaths.map((path) => path.path).sort());
  });

  it('shows why a path is writable and example files when its row is selected', async () => {
    await preview.page.locator('[data-row-path="/var/log/notes"]').click();
    const details = (await preview.page.locator('.row-details').textContent()) ?? '';
    assert.match(details, /log files under \/var\/log/);
    assert.match(details, /\/var\/log\/notes\/access\.log/);
    assert.match(details, /68 B/);
  });

  it('groups components by category with executed or never executed, evidence and size', async () => {
    await preview.page.locator('[data-tab="components"]').click();
    const dash = preview.page.locator('[data-component="dash"]');
    await dash.waitFor();
    assert.equal(await dash.getAttribute('data-executed'), 'true');
    assert.match((await dash.textContent()) ?? '', /executed 1 time\(s\), first as `\/bin\/sh \/usr\/local\/bin\/docker-entrypoint\.sh`/);
    assert.equal(await preview.page.locator('[data-component="bash"]').getAttribute('data-executed'), 'false');
    assert.equal(await preview.page.locator('[data-component]').count(), state.components.length);
    const groups = await preview.page.locator('.group-heading').allTextContents();
    assert.deepEqual(groups, ['Shells 2', 'Package managers 4', 'Network tools 2', 'Debug tools 6', 'Interpreters 3']);
    assert.match((await preview.page.locator('.section-summary').textContent()) ?? '', /15 components never executed/);
  });

  it('filters components to executed or never executed', async () => {
    await preview.page.locator('[data-filter="components"] vscode-radio[value="executed"]').click();
    const names = await preview.page.locator('[data-component]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-component')));
    assert.deepEqual(names.sort(), ['dash', 'python3.11']);
    await preview.page.locator('[data-filter="components"] vscode-radio[value="never-executed"]').click();
    assert.equal(await preview.page.locator('[data-component][data-executed="true"]').count(), 0);
    assert.equal(await preview.page.locator('[data-component]').count(), 15);
    await preview.page.locator('[data-filter="components"] vscode-radio[value="all"]').click();
  });

  it('shows the exec chain from the entrypoint script to the resolved main command', async () => {
    await preview.page.locator('[data-tab="runtime"]').click();
    const steps = preview.page.locator('.exec-step');
    await steps.first().waitFor();
    assert.equal(await steps.count(), 2);
    assert.match((await steps.nth(0).textContent()) ?? '', /\/usr\/local\/bin\/docker-entrypoint\.sh.*script run by \/bin\/sh/);
    assert.deepEqual(await steps.nth(1).locator('.argv-word').allTextContents(), ['python3', '-u', '/usr/local/lib/notes/notes.py']);
    const main = (await preview.page.locator('.main-command').textContent()) ?? '';
    assert.match(main, /\/usr\/bin\/python3/);
    assert.match(main, /NOTES_PORT=8080/);
  });

  it('lists the generated files with their status and renders the workspace diff', async () => {
    await preview.page.locator('[data-tab="configs"]').click();
    const statuses = await preview.page.locator('[data-file]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-file')} ${item.getAttribute('data-status')}`));
    assert.deepEqual(statuses, ['compose.hardened.yaml changed', 'k8s/notes/deployment-patch.yaml new', 'k8s/notes/persistent-volume-claims.yaml same']);
    // The changed file is selected first; its diff shows the tmpfs the earlier profile missed.
    const added = await preview.page.locator('.diff-view .code-added .code-text').allTextContents();
    assert.ok(added.some((line) => line.includes('/var/cache/notes')), `added lines: ${added.join(' | ')}`);
    const changed = state.generatedFiles[0]?.diff?.filter((line) => line.kind !== 'same').length ?? 0;
    assert.equal(await preview.page.locator('.diff-view .code-added, .diff-view .code-removed').count(), changed);
  });

  it('expands folded unchanged lines of a diff', async () => {
    const before = await preview.page.locator('.diff-view .code-line').count();
    const fold = preview.page.locator('.diff-fold').first();
    const folded = Number(/Show (\d+)/.exec((await fold.textContent()) ?? '')?.[1]);
    await fold.click();
    assert.equal(await preview.page.locator('.diff-view .code-line').count(), before + folded);
  });

  it('posts openDiff for the changed file, and previews a new file as text', async () => {
    await preview.page.locator('[data-open-diff="compose.hardened.yaml"]').click();
    await preview.waitForPosted('openDiff');
    assert.deepEqual((await preview.postedMessages()).filter((message) => message.type === 'openDiff'), [{ type: 'openDiff', path: 'compose.hardened.yaml' }]);

    await preview.page.locator('[data-file="k8s/notes/deployment-patch.yaml"]').click();
    const view = preview.page.locator('[data-preview-file="k8s/notes/deployment-patch.yaml"]');
    await view.waitFor();
    assert.equal(await view.locator('[data-open-diff]').count(), 0);
    const text = (await view.locator('.code-text').allTextContents()).join('\n');
    assert.equal(text, state.generatedFiles[1]?.content.replace(/\n$/, ''));
  });

  it('renders without CSP violations or script errors', async () => {
    assert.deepEqual(unexpectedViolations(await preview.violations()), []);
    assert.deepEqual(preview.pageErrors, []);
  });
});
