// Harden in a real VS Code (code-server 4.139, VS Code 1.139) in a real browser (Debian's Chromium),
// driven through the page as a person would. Needs scripts/ensure-e2e.sh (tools),
// scripts/build-fixtures.sh (the fixture image) and `npm run build && npm run package` (the .vsix).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connectEngine } from '../../../src/core/docker/dockerEngine';
import { builtVsix } from '../harness/builtVsix';
import { pollUntil } from '../harness/deadline';
import { readOutputLines } from '../harness/outputChannel';
import { readProblems } from '../harness/problemsPanel';
import { applyQuickFix } from '../harness/quickFix';
import { renderedMarkupEvidence } from '../harness/renderedMarkup';
import { readTreeRows } from '../harness/treeView';
import { VscodeSession } from '../harness/vscodeSession';
import { visibleWebviewExtensions, webviewDocument } from '../harness/webviewFrame';

const EXTENSION_ID = 'harden.harden';
const IMAGE = 'harden-fixture/hostile-names:test';
const SERVICE_DIR = '.harden/hostile-names';
const HOSTILE_PATH = '/srv/<img src=x onerror=alert(1)>';
const CMD_LINE = 4;
const EXEC_FORM_CMD = 'CMD ["python3", "-u", "/usr/local/lib/hostile/hostile.py"]';
const PROFILE_TIMEOUT_MS = 240_000;

describe('Harden in VS Code (code-server + Chromium)', function () {
  let session: VscodeSession;

  before(async function () {
    const vsix = builtVsix('harden');
    const minutesOld = Math.round((Date.now() - statSync(vsix).mtimeMs) / 60_000);
    console.log(`    testing ${vsix} (packaged ${minutesOld} min ago)`);
    const engine = await connectEngine();
    assert.ok(await engine.inspectImage(IMAGE), `fixture image ${IMAGE} is missing: run scripts/build-fixtures.sh`);
    session = await VscodeSession.start({ vsix });
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (session && test?.state === 'failed') {
      const path = await session.workbench.screenshot(`e2e-failed-${test.title.replace(/\W+/g, '-').slice(0, 60)}`);
      console.log(`    screenshot of the failure: ${path}`);
    }
  });

  after(async function () {
    await session?.close();
  });

  const preview = () => webviewDocument(session.page, EXTENSION_ID);

  // The later tests work on what the profile and Apply produced: say so rather than fail obscurely.
  const done = new Set<'profiled' | 'applied'>();
  const needs = (step: 'profiled' | 'applied') => {
    assert.ok(done.has(step), `this test needs the ${step === 'profiled' ? 'Profile Image…' : 'Apply'} test above to pass first`);
  };

  it('shows HX001 for the fixture Dockerfile in the Problems panel, with its docs link, and squiggles it', async function () {
    await session.workbench.openFile('Dockerfile');
    const problem = await pollUntil(
      async () => (await readProblems(session.workbench)).find((row) => row.code === 'HX001'),
      { timeoutMs: 60_000, message: 'the Problems panel showed no HX001 for Dockerfile' },
    );
    assert.equal(problem.source, 'harden');
    assert.equal(problem.severity, 'error');
    assert.equal(problem.position, `[Ln ${CMD_LINE}, Col 5]`);
    assert.match(problem.message, /shell form/);
    // The code opens the rule's documentation shipped in the extension (works offline).
    assert.match(problem.codeHref ?? '', /\/media\/rules\/HX001\.md$/);
    await session.workbench.page.locator('.markers-panel .monaco-list-row a.monaco-link', { hasText: 'HX001' }).first().click();
    await session.workbench.page.locator('.tabs-container .tab.active[data-resource-name="HX001.md"]').waitFor({ state: 'visible', timeout: 15_000 });
    await session.workbench.openFile('Dockerfile');
    await session.workbench.activeEditor.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('the HX001 quick fix rewrites the CMD in exec form, and nothing else, on disk', async function () {
    const file = join(session.workspaceDir, 'Dockerfile');
    const before = readFileSync(file, 'utf8').split('\n');
    await session.workbench.openFile('Dockerfile');
    await applyQuickFix(session.workbench, CMD_LINE, 5, `Use exec form: ${EXEC_FORM_CMD}`);
    await session.workbench.saveActiveEditor();
    const expected = before.map((line, index) => (index === CMD_LINE - 1 ? EXEC_FORM_CMD : line));
    assert.deepEqual(readFileSync(file, 'utf8').split('\n'), expected);
    await pollUntil(
      async () => ((await readProblems(session.workbench)).some((row) => row.code === 'HX001') ? undefined : true),
      { timeoutMs: 20_000, message: 'HX001 stayed in the Problems panel after the fix' },
    );
  });

  it('logs "Harden activated in N ms" in the Harden output channel', async function () {
    const lines = await readOutputLines(session.workbench, 'Harden', 'Harden activated in');
    const match = /Harden activated in (\d+) ms.*/.exec(lines[0]);
    assert.ok(match, `unexpected log line: ${lines[0]}`);
    console.log(`    activation: ${match[0]}`);
  });

  it(`Profile Image… on ${IMAGE} fills the preview with its writable paths`, async function () {
    await session.workbench.runCommand('Harden: Profile Image…');
    await session.workbench.pickQuickPickItem(IMAGE, 60_000);
    // The profile settings flow follows the image pick; its top row starts the profile as they are.
    await session.workbench.pickQuickPickItem(/^Profile$/, 60_000);
    const paths = await pollUntil(
      async () => {
        const errors = await session.workbench.errorNotificationMessages();
        if (errors.length > 0) {
          return { errors };
        }
        const rows = await preview().locator('[data-row-path]').all();
        const shown = await Promise.all(rows.map((row) => row.getAttribute('data-row-path')));
        return shown.length > 0 ? { shown: shown.filter((path): path is string => path !== null) } : undefined;
      },
      { timeoutMs: PROFILE_TIMEOUT_MS, intervalMs: 1_000, message: `the Hardening Preview showed no writable path for ${IMAGE}` },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; webviews on screen: ${JSON.stringify(await visibleWebviewExtensions(session.page))}`);
    });
    assert.ok(!('errors' in paths), `profiling failed: ${JSON.stringify('errors' in paths ? paths.errors : [])}`);
    assert.ok(paths.shown.includes(HOSTILE_PATH), `writable paths shown: ${JSON.stringify(paths.shown)}`);
    const counter = (await preview().locator('[data-row-count]').textContent())?.trim();
    assert.equal(counter, `${paths.shown.length} of ${paths.shown.length}`);
    assert.ok(existsSync(join(session.workspaceDir, SERVICE_DIR, 'manifest.yaml')), `no ${SERVICE_DIR}/manifest.yaml on disk`);
    await session.workbench.waitForNotification(new RegExp(`^Profiled ${IMAGE}`));
    done.add('profiled');
    console.log(`    writable paths: ${paths.shown.join(', ')}`);
    console.log(`    screenshot: ${await session.workbench.screenshot('e2e-preview')}`);
  });

  it('renders the hostile file name as text: visible, no <img>, no event handler, no dialog', async function () {
    needs('profiled');
    const row = preview().locator('[data-row-path]').filter({ hasText: HOSTILE_PATH });
    await row.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await row.first().getAttribute('data-row-path'), HOSTILE_PATH);
    assert.deepEqual(await renderedMarkupEvidence(preview(), HOSTILE_PATH, '[data-row-path]'), []);
    assert.deepEqual(session.dialogs, []);
  });

  it('the markup check reports an element injected from the same name (so the check above can fail)', async function () {
    needs('profiled');
    const injected = 'e2e-injected-markup';
    await preview().locator('#app').evaluate(
      (app: InjectionTarget, { id, html }) => {
        const holder = app.ownerDocument.createElement('div');
        holder.id = id;
        holder.innerHTML = html;
        app.appendChild(holder);
      },
      { id: injected, html: HOSTILE_PATH },
    );
    try {
      const evidence = await renderedMarkupEvidence(preview(), HOSTILE_PATH, '[data-row-path]');
      assert.ok(evidence.includes('an <img> element'), `evidence: ${JSON.stringify(evidence)}`);
      assert.ok(evidence.includes('a <img> element with onerror'), `evidence: ${JSON.stringify(evidence)}`);
    } finally {
      await preview().locator(`#${injected}`).evaluate((holder: { remove(): void }) => holder.remove());
    }
    assert.deepEqual(await renderedMarkupEvidence(preview(), HOSTILE_PATH, '[data-row-path]'), []);
  });

  it('Apply in the preview writes compose.hardened.yaml (and the Kubernetes patch) into the workspace', async function () {
    needs('profiled');
    const compose = join(session.workspaceDir, 'compose.hardened.yaml');
    const patch = join(session.workspaceDir, 'k8s', 'hostile-names', 'deployment-patch.yaml');
    assert.ok(!existsSync(compose), 'compose.hardened.yaml exists before Apply');
    await preview().locator('[data-action="apply"]').click();
    const outcome = await pollUntil(
      async () => {
        if (await session.workbench.modalDialog.isVisible()) {
          console.log(`    confirming: ${await session.workbench.modalDialogMessage()}`);
          await session.workbench.clickModalDialogButton('Apply');
        }
        const errors = await session.workbench.errorNotificationMessages();
        if (errors.length > 0) {
          return { errors };
        }
        // One WorkspaceEdit, but its files land one after the other.
        const complete = existsSync(compose) && existsSync(patch) && readFileSync(compose, 'utf8').length > 0;
        return complete ? { written: readFileSync(compose, 'utf8') } : undefined;
      },
      { timeoutMs: 60_000, message: 'Apply wrote no compose.hardened.yaml and k8s/hostile-names/deployment-patch.yaml into the workspace' },
    ).catch((error: Error) => {
      throw new Error(`${error.message} (compose.hardened.yaml ${existsSync(compose) ? 'exists' : 'missing'}, the patch ${existsSync(patch) ? 'exists' : 'missing'})`);
    });
    assert.ok(!('errors' in outcome), `Apply failed: ${JSON.stringify('errors' in outcome ? outcome.errors : [])}`);
    const { written } = outcome;
    assert.match(written, /read_only: true/);
    assert.ok(written.includes(HOSTILE_PATH), `compose.hardened.yaml has no tmpfs at ${HOSTILE_PATH}:\n${written}`);
    await session.workbench.waitForNotification(new RegExp(`^Applied hardening for ${IMAGE}`));
    done.add('applied');
  });

  it('the preview\'s buttons are usable again once Apply has written the files', async function () {
    needs('applied');
    const apply = preview().locator('[data-action="apply"]');
    await pollUntil(async () => ((await apply.getAttribute('aria-busy')) === 'false' ? true : undefined), {
      timeoutMs: 15_000,
      message: 'the preview\'s Apply button stayed busy after Apply wrote the files',
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}; it shows "${(await apply.textContent())?.trim()}"`);
    });
    assert.equal((await apply.textContent())?.trim(), 'Apply');
  });

  it('the Manifest Explorer shows the new manifest and its writable paths', async function () {
    needs('profiled');
    await session.workbench.runCommand('Harden: Focus on Manifest Explorer View');
    const rows = await pollUntil(
      async () => {
        const rows = await readTreeRows(session.page, 'Manifest Explorer');
        return rows.some((row) => row.label === HOSTILE_PATH) ? rows : undefined;
      },
      { timeoutMs: 30_000, message: `the Manifest Explorer showed no ${IMAGE} manifest with ${HOSTILE_PATH}` },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; it shows ${JSON.stringify(await readTreeRows(session.page, 'Manifest Explorer'))}`);
    });
    const manifest = rows.find((row) => row.depth === 1 && row.label === IMAGE);
    assert.ok(manifest, `no top-level ${IMAGE} row: ${JSON.stringify(rows)}`);
    assert.equal(manifest.description, SERVICE_DIR);
    console.log(`    screenshot: ${await session.workbench.screenshot('e2e-explorer')}`);
  });

  it('Verify Hardened Run passes, and the preview and the Manifest Explorer say so', async function () {
    needs('profiled');
    await session.workbench.runCommand('Harden: Verify Hardened Run');
    const outcome = await pollUntil(
      async () => {
        const errors = await session.workbench.errorNotificationMessages();
        if (errors.length > 0) {
          return { errors };
        }
        const result = preview().locator('[data-verify-result]');
        return (await result.count()) > 0 ? { result: await result.first().getAttribute('data-verify-result') } : undefined;
      },
      { timeoutMs: PROFILE_TIMEOUT_MS, intervalMs: 1_000, message: 'the preview showed no verify result' },
    );
    assert.ok(!('errors' in outcome), `Verify failed: ${JSON.stringify('errors' in outcome ? outcome.errors : [])}`);
    assert.equal(outcome.result, 'passed');
    const onDisk = JSON.parse(readFileSync(join(session.workspaceDir, SERVICE_DIR, 'verify-result.json'), 'utf8')) as { passed?: unknown };
    assert.equal(onDisk.passed, true);
    await session.workbench.waitForNotification(new RegExp(`^Verified: ${IMAGE} works read-only`));
    await session.workbench.runCommand('Harden: Focus on Manifest Explorer View');
    await pollUntil(
      async () => ((await readTreeRows(session.page, 'Manifest Explorer')).some((row) => row.label === 'Last verify: passed') ? true : undefined),
      { timeoutMs: 20_000, message: 'the Manifest Explorer showed no "Last verify: passed"' },
    );
  });
});

/** The webview's #app element, as far as the injection uses it (the suite has no DOM typings). */
interface InjectionTarget {
  readonly ownerDocument: { createElement(tag: 'div'): { id: string; innerHTML: string } };
  appendChild(child: object): void;
}
